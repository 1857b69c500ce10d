import Geo

/// Points grouped into clusters — cells into sites, weak points into hot spots — with what each
/// cluster is: its centroid, members, summed weight, largest distance from the centroid and
/// diameter. The rule is single linkage at `distance` (`PointClusters`: MathorCup 2022 D Problem 3)
/// and, with `maxDiameter`, complete linkage cut at that diameter within each single-linkage
/// component (`CompleteLinkage`), so that no cluster is wider than `maxDiameter`.
///
/// Geographic points are measured in a local transverse Mercator plane centred on their bounding
/// box (metres, true to a few parts per million over a city); centroids are computed there and
/// returned in WGS-84. Planar points are metres already.
public struct PointClustering: Sendable {
    /// One cluster.
    public struct Cluster: Sendable {
        /// Point indices, ascending.
        public var members: [Int32]
        /// Mean of the members' positions (WGS-84 degrees, or planar metres).
        public var centroid: Coordinate
        public var weight: Double
        /// Largest distance from the centroid to a member, metres.
        public var radiusMeters: Double
        /// Largest distance between two members, metres.
        public var diameterMeters: Double
    }

    /// Clusters ordered by their first member.
    public let clusters: [Cluster]
    /// Cluster index (0-based) of every point.
    public let clusterOfPoint: [Int32]
    /// Unordered pairs of distinct points within `distance`.
    public let pairsWithinDistance: Int
    /// Single-linkage clusters at `distance` before any split by `maxDiameter`.
    public let singleLinkageClusters: Int
    /// Points of the largest single-linkage cluster.
    public let largestSingleLinkage: Int

    public var singletons: Int { clusters.filter { $0.members.count == 1 }.count }
    public var largest: Int { clusters.map(\.members.count).max() ?? 0 }

    /// Clusters `positions` (WGS-84 degrees unless `planar`).
    /// - Parameters:
    ///   - distance: single-linkage distance, metres (≥ 0).
    ///   - maxDiameter: when given, no cluster is wider than this (metres).
    public static func run(
        positions: [Coordinate], weights: [Double], planar: Bool, distance: Double, maxDiameter: Double?
    ) -> PointClustering {
        var projection: LocalProjection?
        var plane = positions
        if !planar, let first = positions.first {
            var box = BoundingBox(minX: first.x, minY: first.y, maxX: first.x, maxY: first.y)
            for p in positions { box.include(p) }
            let centred = LocalProjection.centered(on: box)
            plane = positions.map(centred.project)
            projection = centred
        }
        let x = plane.map(\.x)
        let y = plane.map(\.y)
        let single = PointClusters.find(x: x, y: y, distance: distance)
        var groups = single.clusters
        if let maxDiameter {
            groups = CompleteLinkage.find(x: x, y: y, maxDiameter: maxDiameter, groups: single.clusterOfPoint)
        }
        var clusterOf = [Int32](repeating: -1, count: positions.count)
        let clusters = groups.enumerated().map { c, members -> Cluster in
            var sx = 0.0
            var sy = 0.0
            var weight = 0.0
            for i in members {
                clusterOf[Int(i)] = Int32(c)
                sx += x[Int(i)]
                sy += y[Int(i)]
                weight += weights[Int(i)]
            }
            let centre = Coordinate(x: sx / Double(members.count), y: sy / Double(members.count))
            var radius = 0.0
            for i in members {
                let dx = x[Int(i)] - centre.x
                let dy = y[Int(i)] - centre.y
                radius = max(radius, dx * dx + dy * dy)
            }
            return Cluster(
                members: members, centroid: projection?.unproject(centre) ?? centre, weight: weight,
                radiusMeters: radius.squareRoot(),
                diameterMeters: CompleteLinkage.diameter(x: x, y: y, members: members))
        }
        return PointClustering(
            clusters: clusters, clusterOfPoint: clusterOf, pairsWithinDistance: single.pairsWithinDistance,
            singleLinkageClusters: single.clusters.count, largestSingleLinkage: single.largest)
    }

    /// Whether planar coordinates look like longitude/latitude degrees read as metres: every x in
    /// −180…180 and y in −90…90, and the whole set spanning less than 5 units each way (a few
    /// metres for thousands of points, or a city in degrees).
    public static func looksLikeDegrees(_ positions: [Coordinate]) -> (spanX: Double, spanY: Double)? {
        guard positions.count >= 2, let first = positions.first else { return nil }
        var box = BoundingBox(minX: first.x, minY: first.y, maxX: first.x, maxY: first.y)
        for p in positions {
            guard abs(p.x) <= 180, abs(p.y) <= 90 else { return nil }
            box.include(p)
        }
        guard box.width < 5, box.height < 5, box.width > 0 || box.height > 0 else { return nil }
        return (box.width, box.height)
    }
}
