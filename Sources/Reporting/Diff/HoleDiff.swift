import Geo
import Planning
import Support

/// The holes of two runs compared by overlap (GEOS intersection areas in a transverse Mercator
/// plane centred on both runs' holes).
///
/// A hole of B and a hole of A **overlap** when their intersection is at least
/// `minimumOverlapSquareMeters` (half a demand cell: holes.geojson rounds coordinates to 1 cm, so
/// two holes that only share an edge can meet in a sliver). Each hole of B is then
/// - **appeared** when it overlaps no hole of A;
/// - **unchanged** when it and the holes of A it overlaps differ by less than the minimum overlap
///   both ways (nothing became covered, nothing became uncovered);
/// - **shrank** / **grew** when its area is smaller / larger than the summed area of the holes of A
///   it overlaps (a hole split in two gives two holes that shrank; two that merged, one that grew);
/// - **reshaped** when the areas are equal but the cells are not;
/// and each hole of A that overlaps no hole of B **disappeared** (it is covered in B).
/// Areas are the holes' `area_m2` (cells × cell area), overlaps GEOS's.
public struct HoleDiff: Sendable {
    public enum Change: String, Sendable, CaseIterable {
        case appeared
        case disappeared
        case shrank
        case grew
        case reshaped
        case unchanged
    }

    public struct Entry: Sendable {
        public var change: Change
        /// Indices into A's holes: the one that disappeared, or those a hole of B overlaps.
        public var a: [Int]
        /// Index into B's holes (nil for a hole that disappeared).
        public var b: Int?
        /// Summed area of the holes of A (m²).
        public var areaA: Double
        /// Area of the hole of B (m²).
        public var areaB: Double
        /// Area the holes of A and B share: uncovered in both runs (m²).
        public var overlap: Double
        public var deltaSquareMeters: Double { areaB - areaA }
    }

    /// Largest change first (|area B − area A|), then by change and hole.
    public var entries: [Entry]
    public var minimumOverlapSquareMeters: Double

    public func count(_ change: Change) -> Int { entries.filter { $0.change == change }.count }

    /// Compares the holes of two runs.
    /// - Complexity: O(a + b) bounding-box lookups through a hash grid, plus one GEOS
    ///   intersection per pair of holes whose boxes meet.
    public static func compare(
        _ a: [RunFolder.Hole], _ b: [RunFolder.Hole], minimumOverlapSquareMeters: Double, threads: Int
    ) throws(GeoError) -> HoleDiff {
        var all: BoundingBox?
        for hole in a + b {
            if let box = hole.geometry.boundingBox {
                if all == nil { all = box } else { all!.include(box) }
            }
        }
        let projection = LocalProjection.centered(on: all ?? BoundingBox(minX: 0, minY: 0, maxX: 0, maxY: 0))
        let ga = a.map { projection.project($0.geometry) }
        let gb = b.map { projection.project($0.geometry) }
        let boxesA = ga.map { $0.boundingBox }
        var index: [Int64: [Int]] = [:]
        for (i, box) in boxesA.enumerated() {
            guard let box else { continue }
            for key in keys(box) { index[key, default: []].append(i) }
        }
        let buckets = index
        let chunks = Parallel.chunks(count: gb.count, parts: max(1, threads) * 4)
        // Per chunk: (b, [(a, overlap)]) for every hole of B, in order.
        let found: [[[(a: Int, overlap: Double)]]] = try Parallel.map(count: chunks.count, threads: threads) {
            (k: Int) throws(GeoError) -> [[(a: Int, overlap: Double)]] in
            let context = GEOSContext()
            var out: [[(a: Int, overlap: Double)]] = []
            for j in chunks[k] {
                var matches: [(a: Int, overlap: Double)] = []
                if let box = gb[j].boundingBox {
                    let candidates = Set(keys(box).flatMap { buckets[$0] ?? [] }).sorted()
                    for i in candidates where boxesA[i].map({ $0.intersects(box) }) == true {
                        let area = try overlapArea(ga[i], gb[j], context: context)
                        if area >= minimumOverlapSquareMeters { matches.append((i, area)) }
                    }
                }
                out.append(matches)
            }
            return out
        }
        let matchesOfB = found.flatMap { $0 }
        var overlapped = [Bool](repeating: false, count: a.count)
        var entries: [Entry] = []
        for (j, matches) in matchesOfB.enumerated() {
            let areaB = b[j].areaSquareMeters
            guard !matches.isEmpty else {
                entries.append(Entry(change: .appeared, a: [], b: j, areaA: 0, areaB: areaB, overlap: 0))
                continue
            }
            for m in matches { overlapped[m.a] = true }
            let areaA = matches.reduce(0) { $0 + a[$1.a].areaSquareMeters }
            let overlap = matches.reduce(0) { $0 + $1.overlap }
            let change: Change
            if areaA - overlap < minimumOverlapSquareMeters && areaB - overlap < minimumOverlapSquareMeters {
                change = .unchanged
            } else if areaB < areaA {
                change = .shrank
            } else if areaB > areaA {
                change = .grew
            } else {
                change = .reshaped
            }
            entries.append(
                Entry(change: change, a: matches.map(\.a), b: j, areaA: areaA, areaB: areaB, overlap: overlap))
        }
        for i in 0..<a.count where !overlapped[i] {
            entries.append(
                Entry(change: .disappeared, a: [i], b: nil, areaA: a[i].areaSquareMeters, areaB: 0, overlap: 0))
        }
        let rank = Dictionary(uniqueKeysWithValues: Change.allCases.enumerated().map { ($1, $0) })
        entries.sort {
            let d0 = abs($0.deltaSquareMeters)
            let d1 = abs($1.deltaSquareMeters)
            if d0 != d1 { return d0 > d1 }
            if $0.change != $1.change { return rank[$0.change]! < rank[$1.change]! }
            return ($0.b ?? -1, $0.a.first ?? -1) < ($1.b ?? -1, $1.a.first ?? -1)
        }
        return HoleDiff(entries: entries, minimumOverlapSquareMeters: minimumOverlapSquareMeters)
    }

    /// The keys of the 2 km squares a box meets (the hash grid of the bounding-box lookup).
    static func keys(_ box: BoundingBox) -> [Int64] {
        let bucket = 2000.0
        let x0 = Int64((box.minX / bucket).rounded(.down))
        let x1 = Int64((box.maxX / bucket).rounded(.down))
        let y0 = Int64((box.minY / bucket).rounded(.down))
        let y1 = Int64((box.maxY / bucket).rounded(.down))
        return (x0...x1).flatMap { x in (y0...y1).map { y in x &* 1_000_003 &+ y } }
    }

    /// The area two projected holes share; an invalid outline (a vertex rounded onto another) is
    /// repaired by GEOS's make-valid and the intersection retried.
    static func overlapArea(_ p: Geometry, _ q: Geometry, context: GEOSContext) throws(GeoError) -> Double {
        do {
            return try p.intersection(q, in: context).area(in: context)
        } catch {
            let fixedP = try p.makeValid(in: context)
            let fixedQ = try q.makeValid(in: context)
            return try fixedP.intersection(fixedQ, in: context).area(in: context)
        }
    }
}
