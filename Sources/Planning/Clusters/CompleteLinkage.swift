import Geo

/// Clusters whose points are all within `maxDiameter` of each other: agglomerative complete-linkage
/// clustering (the distance between two clusters is the largest distance between their points;
/// the closest two are merged, again and again) cut at `maxDiameter`. Unlike single linkage, a
/// chain of points each 50 m from the next cannot grow a 1 km "site": every cluster's diameter is
/// at most `maxDiameter`. Used by `nrplan cluster --max-diameter` to turn cell positions into sites.
///
/// Exact and sparse: only pairs of points within `maxDiameter` can ever end up together, so the
/// candidate pairs are found through a bucket grid, and after each merge the distances from the
/// merged cluster follow the Lance–Williams update of complete linkage, d(A ∪ B, C) =
/// max(d(A, C), d(B, C)) — a cluster C missing from either side is farther than `maxDiameter` from
/// it and stays out. Merges are taken in order of (distance, smaller cluster id, larger id), a
/// cluster's id being its smallest point, so the result depends on the inputs only.
///
/// - Complexity: O(P log P) time and O(n + P) memory for P pairs of points within `maxDiameter`
///   (each merge touches the neighbour lists of the two clusters it joins).
public enum CompleteLinkage {
    /// Clusters of the points `(x[i], y[i])` (planar metres).
    /// - Parameters:
    ///   - maxDiameter: no two points of a cluster are farther apart than this (≥ 0, inclusive).
    ///   - groups: when given, points of different groups are never joined (e.g. the components of
    ///     single linkage at a smaller distance).
    /// - Returns: each cluster's members, ascending; clusters ordered by their first member.
    public static func find(x: [Double], y: [Double], maxDiameter: Double, groups: [Int32]? = nil) -> [[Int32]] {
        let n = min(x.count, y.count)
        guard n > 0 else { return [] }
        var neighbours = [[Int32: Double]](repeating: [:], count: n)
        var heap = PairHeap()
        PointClusters.forEachPair(x: x, y: y, within: maxDiameter) { i, j, distance in
            if let groups, groups[i] != groups[j] { return }
            neighbours[i][Int32(j)] = distance
            neighbours[j][Int32(i)] = distance
            heap.push(distance, Int32(i), Int32(j))
        }
        var members: [[Int32]] = (0..<n).map { [Int32($0)] }
        var alive = [Bool](repeating: true, count: n)
        while let (distance, a, b) = heap.pop() {
            let (ia, ib) = (Int(a), Int(b))
            guard alive[ia], alive[ib], neighbours[ia][b] == distance else { continue }
            // Merge b into a (a < b keeps the smaller id).
            alive[ib] = false
            var merged: [Int32: Double] = [:]
            for (c, da) in neighbours[ia] where c != b {
                guard let db = neighbours[ib][c] else { continue }
                merged[c] = max(da, db)
            }
            for c in neighbours[ia].keys where c != b { neighbours[Int(c)][a] = nil }
            for c in neighbours[ib].keys where c != a { neighbours[Int(c)][b] = nil }
            for (c, d) in merged {
                neighbours[Int(c)][a] = d
                heap.push(d, min(a, c), max(a, c))
            }
            neighbours[ia] = merged
            neighbours[ib] = [:]
            members[ia] += members[ib]
            members[ib] = []
        }
        return (0..<n).filter { alive[$0] }.map { members[$0].sorted() }
    }

    /// Diameter of a point set: the largest distance between two of its points, from the convex
    /// hull (Andrew's monotone chain) — the farthest pair lies on it — compared pairwise.
    /// - Complexity: O(k log k + h²) for k points with h on the hull.
    public static func diameter(x: [Double], y: [Double], members: [Int32]) -> Double {
        guard members.count > 1 else { return 0 }
        var points: [Coordinate] = members.map { Coordinate(x: x[Int($0)], y: y[Int($0)]) }
        points.sort { a, b in a.x < b.x || (a.x == b.x && a.y < b.y) }
        func cross(_ o: Coordinate, _ a: Coordinate, _ b: Coordinate) -> Double {
            let u = (a.x - o.x) * (b.y - o.y)
            let v = (a.y - o.y) * (b.x - o.x)
            return u - v
        }
        func squared(_ a: Coordinate, _ b: Coordinate) -> Double {
            let dx = a.x - b.x
            let dy = a.y - b.y
            return dx * dx + dy * dy
        }
        var hull: [Coordinate] = []
        for pass in 0..<2 {
            let start = hull.count
            let ordered: [Coordinate] = pass == 0 ? points : points.reversed()
            for p in ordered {
                while hull.count >= start + 2 && cross(hull[hull.count - 2], hull[hull.count - 1], p) <= 0 {
                    hull.removeLast()
                }
                hull.append(p)
            }
            hull.removeLast()
        }
        // Collinear or coincident points leave a degenerate hull: the extreme points still bound it.
        var best = squared(points[0], points[points.count - 1])
        for i in hull.indices {
            for j in hull.indices where j > i { best = max(best, squared(hull[i], hull[j])) }
        }
        return best.squareRoot()
    }
}

/// A binary min-heap of point pairs by (distance, first id, second id).
struct PairHeap {
    private var items: [(distance: Double, a: Int32, b: Int32)] = []

    mutating func push(_ distance: Double, _ a: Int32, _ b: Int32) {
        items.append((distance, a, b))
        var child = items.count - 1
        while child > 0 {
            let parent = (child - 1) / 2
            guard Self.less(items[child], items[parent]) else { break }
            items.swapAt(child, parent)
            child = parent
        }
    }

    mutating func pop() -> (Double, Int32, Int32)? {
        guard let top = items.first else { return nil }
        let last = items.removeLast()
        if !items.isEmpty {
            items[0] = last
            var parent = 0
            while true {
                let left = 2 * parent + 1
                let right = left + 1
                var smallest = parent
                if left < items.count && Self.less(items[left], items[smallest]) { smallest = left }
                if right < items.count && Self.less(items[right], items[smallest]) { smallest = right }
                if smallest == parent { break }
                items.swapAt(parent, smallest)
                parent = smallest
            }
        }
        return (top.distance, top.a, top.b)
    }

    static func less(_ p: (distance: Double, a: Int32, b: Int32), _ q: (distance: Double, a: Int32, b: Int32)) -> Bool {
        if p.distance != q.distance { return p.distance < q.distance }
        if p.a != q.a { return p.a < q.a }
        return p.b < q.b
    }
}
