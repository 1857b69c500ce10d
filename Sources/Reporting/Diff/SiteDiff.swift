import Geo

/// The sites of two runs compared: kept, moved, added (in B only) and removed (in A only).
///
/// A site whose id is in both runs is **kept** when its two positions are at most the tolerance
/// apart and **moved** otherwise. Of the sites left (ids in one run only), a site of A and a site
/// of B at most the tolerance apart are taken for the same site under a new id and also count as
/// **moved** — pairs are made greedily from the closest up (ties by A's then B's file order), so
/// each site is in one pair at most. The rest are **added** (B) and **removed** (A). Hence
/// kept + moved + added = B's sites and kept + moved + removed = A's sites.
///
/// Distances are measured in a transverse Mercator plane centred on both runs' sites (within
/// 0.003 % of the geodesic distance 50 km from its centre).
public struct SiteDiff: Sendable {
    public enum Change: String, Sendable, CaseIterable {
        case added
        case removed
        case kept
        case moved
    }

    /// One site of A, of B, or of both.
    public struct Entry: Sendable {
        public var change: Change
        /// Index into A's sites (nil for added sites).
        public var a: Int?
        /// Index into B's sites (nil for removed sites).
        public var b: Int?
        /// Distance between the two positions (kept and moved sites).
        public var distanceMeters: Double?
        /// Whether the two sites of a kept or moved entry share their id.
        public var sameID: Bool
    }

    /// Kept, moved and added sites in B's order, then removed sites in A's order.
    public var entries: [Entry]
    public var toleranceMeters: Double

    public func count(_ change: Change) -> Int { entries.filter { $0.change == change }.count }

    /// Compares the sites of two runs.
    /// - Complexity: O((a + b) log(a + b)) expected: unmatched sites are paired through a hash
    ///   grid of tolerance-sized squares.
    public static func compare(_ a: [RunFolder.Site], _ b: [RunFolder.Site], toleranceMeters: Double) -> SiteDiff {
        let all = a.map(\.location) + b.map(\.location)
        var box = BoundingBox(minX: 0, minY: 0, maxX: 0, maxY: 0)
        if let first = all.first {
            box = BoundingBox(minX: first.x, minY: first.y, maxX: first.x, maxY: first.y)
            for c in all { box.include(c) }
        }
        let projection = LocalProjection.centered(on: box)
        let pa = a.map { projection.project($0.location) }
        let pb = b.map { projection.project($0.location) }
        func distance(_ p: Coordinate, _ q: Coordinate) -> Double {
            ((p.x - q.x) * (p.x - q.x) + (p.y - q.y) * (p.y - q.y)).squareRoot()
        }

        var entryOfB = [Entry?](repeating: nil, count: b.count)
        var matchedA = [Bool](repeating: false, count: a.count)
        let indexOfA = Dictionary(a.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { first, _ in first })
        for (j, site) in b.enumerated() {
            guard let i = indexOfA[site.id] else { continue }
            let d = distance(pa[i], pb[j])
            entryOfB[j] = Entry(
                change: d <= toleranceMeters ? .kept : .moved, a: i, b: j, distanceMeters: d, sameID: true)
            matchedA[i] = true
        }
        // Sites of one run only: pair those within the tolerance, closest first.
        let cell = max(toleranceMeters, 1)
        var buckets: [Int64: [Int]] = [:]
        func key(_ p: Coordinate, _ dx: Int64 = 0, _ dy: Int64 = 0) -> Int64 {
            (Int64((p.x / cell).rounded(.down)) + dx) &* 1_000_003 &+ (Int64((p.y / cell).rounded(.down)) + dy)
        }
        for i in 0..<a.count where !matchedA[i] { buckets[key(pa[i]), default: []].append(i) }
        var pairs: [(d: Double, i: Int, j: Int)] = []
        for j in 0..<b.count where entryOfB[j] == nil {
            for dx: Int64 in -1...1 {
                for dy: Int64 in -1...1 {
                    for i in buckets[key(pb[j], dx, dy)] ?? [] {
                        let d = distance(pa[i], pb[j])
                        if d <= toleranceMeters { pairs.append((d, i, j)) }
                    }
                }
            }
        }
        pairs.sort { ($0.d, $0.i, $0.j) < ($1.d, $1.i, $1.j) }
        for pair in pairs where !matchedA[pair.i] && entryOfB[pair.j] == nil {
            matchedA[pair.i] = true
            entryOfB[pair.j] = Entry(change: .moved, a: pair.i, b: pair.j, distanceMeters: pair.d, sameID: false)
        }
        var entries = (0..<b.count).map {
            entryOfB[$0] ?? Entry(change: .added, a: nil, b: $0, distanceMeters: nil, sameID: false)
        }
        for i in 0..<a.count where !matchedA[i] {
            entries.append(Entry(change: .removed, a: i, b: nil, distanceMeters: nil, sameID: false))
        }
        return SiteDiff(entries: entries, toleranceMeters: toleranceMeters)
    }
}
