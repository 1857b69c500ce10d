import Foundation
import Testing

@testable import Geo
@testable import Planning

/// Cells into sites: complete linkage cut at a diameter against an O(n³) textbook implementation,
/// the diameter against all pairs, and the chain that single linkage grows into a 1 km "site".
@Suite("Clusters: complete linkage, diameters, cells to sites")
struct ClusterSitesTests {
    /// Textbook agglomerative complete linkage: merge the two clusters whose farthest pair is
    /// closest (ties: the pair of smallest first members), while that distance is ≤ `cut`.
    static func naiveCompleteLinkage(_ x: [Double], _ y: [Double], cut: Double, groups: [Int32]? = nil) -> [[Int32]] {
        var clusters = (0..<x.count).map { [Int32($0)] }
        func distance(_ a: [Int32], _ b: [Int32]) -> Double {
            var worst = 0.0
            for i in a {
                for j in b {
                    let dx = x[Int(i)] - x[Int(j)]
                    let dy = y[Int(i)] - y[Int(j)]
                    worst = max(worst, (dx * dx + dy * dy).squareRoot())
                }
            }
            return worst
        }
        while true {
            var best: (d: Double, a: Int32, b: Int32, i: Int, j: Int)?
            for i in clusters.indices {
                for j in clusters.indices where j > i {
                    if let groups, groups[Int(clusters[i][0])] != groups[Int(clusters[j][0])] { continue }
                    let d = distance(clusters[i], clusters[j])
                    guard d <= cut else { continue }
                    let a = min(clusters[i].min()!, clusters[j].min()!)
                    let b = max(clusters[i].min()!, clusters[j].min()!)
                    if best == nil || d < best!.d || (d == best!.d && (a, b) < (best!.a, best!.b)) {
                        best = (d, a, b, i, j)
                    }
                }
            }
            guard let merge = best else { break }
            clusters[merge.i] = (clusters[merge.i] + clusters[merge.j]).sorted()
            clusters.remove(at: merge.j)
        }
        return clusters.sorted { $0[0] < $1[0] }
    }

    static func randomPoints(_ n: Int, seed: UInt64, side: Double) -> ([Double], [Double]) {
        var state = seed
        func next() -> Double {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Double(state >> 11) / Double(1 << 53)
        }
        return ((0..<n).map { _ in next() * side }, (0..<n).map { _ in next() * side })
    }

    @Test("equal to the textbook algorithm on random points and on integer lattices (ties), with and without groups")
    func matchesNaive() {
        for seed in 1...12 {
            let (x, y) = Self.randomPoints(40 + seed * 3, seed: UInt64(seed), side: 300)
            for cut in [0.0, 25, 60, 140] {
                #expect(CompleteLinkage.find(x: x, y: y, maxDiameter: cut) == Self.naiveCompleteLinkage(x, y, cut: cut))
            }
            let groups = PointClusters.find(x: x, y: y, distance: 30).clusterOfPoint
            #expect(
                CompleteLinkage.find(x: x, y: y, maxDiameter: 80, groups: groups)
                    == Self.naiveCompleteLinkage(x, y, cut: 80, groups: groups))
            // Integer coordinates: many equal distances, decided by the documented tie-break.
            let (u, v) = (x.map { ($0 / 30).rounded(.down) }, y.map { ($0 / 30).rounded(.down) })
            for cut in [1.0, 1.5, 2, 3] {
                #expect(CompleteLinkage.find(x: u, y: v, maxDiameter: cut) == Self.naiveCompleteLinkage(u, v, cut: cut))
            }
        }
    }

    @Test("diameter: the farthest pair, by the hull, equal to all pairs (collinear and coincident points too)")
    func diameters() {
        for seed in 1...30 {
            let (x, y) = Self.randomPoints(2 + seed * 7, seed: UInt64(seed) &* 31, side: 1000)
            let members = (0..<x.count).map { Int32($0) }
            var brute = 0.0
            for i in x.indices {
                for j in x.indices {
                    let dx = x[i] - x[j]
                    let dy = y[i] - y[j]
                    brute = max(brute, (dx * dx + dy * dy).squareRoot())
                }
            }
            #expect(abs(CompleteLinkage.diameter(x: x, y: y, members: members) - brute) < 1e-9)
        }
        #expect(
            CompleteLinkage.diameter(x: [0, 1, 2, 3], y: [0, 1, 2, 3], members: [0, 1, 2, 3]) == 18.0.squareRoot())
        #expect(CompleteLinkage.diameter(x: [5, 5, 5], y: [1, 1, 1], members: [0, 1, 2]) == 0)
        #expect(CompleteLinkage.diameter(x: [5], y: [1], members: [0]) == 0)
    }

    @Test("a chain of cells every 50 m: single linkage at 60 m makes one 1 km 'site'; --max-diameter 120 splits it")
    func chain() {
        let x = (0..<21).map { Double($0) * 50 }
        let y = [Double](repeating: 0, count: 21)
        let positions = zip(x, y).map { Coordinate(x: $0, y: $1) }
        let weights = [Double](repeating: 1, count: 21)
        let single = PointClustering.run(
            positions: positions, weights: weights, planar: true, distance: 60, maxDiameter: nil)
        #expect(single.clusters.count == 1 && single.clusters[0].diameterMeters == 1000)
        let split = PointClustering.run(
            positions: positions, weights: weights, planar: true, distance: 60, maxDiameter: 120)
        #expect(split.singleLinkageClusters == 1 && split.largestSingleLinkage == 21)
        #expect(split.clusters.allSatisfy { $0.diameterMeters <= 120 })
        // At most three points (100 m) per cluster, so at least 7 clusters; complete linkage pairs
        // the 50 m neighbours first (ties by first member) and then can only join the last three.
        #expect(split.clusters.count == Self.naiveCompleteLinkage(x, y, cut: 120).count)
        #expect(split.clusters.count == 10)
        #expect(split.clusters.map(\.members.count).reduce(0, +) == 21)
        for cluster in split.clusters {
            let xs = cluster.members.map { x[Int($0)] }
            #expect(cluster.centroid.x == xs.reduce(0, +) / Double(xs.count))
            #expect(cluster.radiusMeters == xs.map { abs($0 - cluster.centroid.x) }.max())
        }
    }

    @Test("geographic points: measured in metres, centroids back in WGS-84; three cells per site recovered")
    func geographicSites() {
        // 30 sites 300 m apart, each with 3 cells within 20 m, in degrees near Guangzhou.
        let projection = LocalProjection(centralMeridianDegrees: 113.3, originLatitudeDegrees: 23.1)
        var positions: [Coordinate] = []
        var truth: [Int] = []
        for site in 0..<30 {
            let centre = Coordinate(x: Double(site % 6) * 300, y: Double(site / 6) * 300)
            for (k, offset) in [(12.0, 5.0), (-9.0, 11.0), (2.0, -14.0)].enumerated() {
                positions.append(projection.unproject(Coordinate(x: centre.x + offset.0, y: centre.y + offset.1)))
                truth.append(site * 10 + k)
            }
        }
        let result = PointClustering.run(
            positions: positions, weights: [Double](repeating: 1, count: positions.count), planar: false,
            distance: 60, maxDiameter: 100)
        #expect(result.clusters.count == 30)
        for (c, cluster) in result.clusters.enumerated() {
            #expect(cluster.members == [Int32(3 * c), Int32(3 * c + 1), Int32(3 * c + 2)])
            let centre = projection.project(cluster.centroid)
            let expected = Coordinate(x: Double(c % 6) * 300 + 5.0 / 3, y: Double(c / 6) * 300 + 2.0 / 3)
            #expect(abs(centre.x - expected.x) < 0.05 && abs(centre.y - expected.y) < 0.05)
            #expect(cluster.diameterMeters > 20 && cluster.diameterMeters < 30)
        }
    }

    @Test("planar values that look like degrees are recognised; metres are not")
    func degreesLookalike() {
        let degrees = [Coordinate(x: 113.30, y: 23.10), Coordinate(x: 113.31, y: 23.12)]
        #expect(PointClustering.looksLikeDegrees(degrees) != nil)
        #expect(PointClustering.looksLikeDegrees([Coordinate(x: 66, y: 1486), Coordinate(x: 67, y: 1490)]) == nil)
        #expect(PointClustering.looksLikeDegrees([Coordinate(x: 0, y: 0), Coordinate(x: 50, y: 40)]) == nil)
    }
}
