import Geo

/// Points in buckets of the query radius: "is any point within r (inclusive) of here?".
struct PointIndex {
    let radius: Double
    let buckets: [Int64: [Coordinate]]

    init(points: [Coordinate], radius: Double) {
        self.radius = radius
        let side = max(radius, 1e-9)
        var buckets: [Int64: [Coordinate]] = [:]
        for p in points { buckets[Self.key(p, side), default: []].append(p) }
        self.buckets = buckets
    }

    static func key(_ p: Coordinate, _ side: Double) -> Int64 {
        let bx = Int64((p.x / side).rounded(.down))
        let by = Int64((p.y / side).rounded(.down))
        return bx &* 4_000_003 &+ by
    }

    func hasPoint(within p: Coordinate) -> Bool {
        let side = max(radius, 1e-9)
        let bx = Int64((p.x / side).rounded(.down))
        let by = Int64((p.y / side).rounded(.down))
        for dx in -1...1 {
            for dy in -1...1 {
                for q in buckets[(bx + Int64(dx)) &* 4_000_003 &+ (by + Int64(dy))] ?? [] {
                    let ex = q.x - p.x
                    let ey = q.y - p.y
                    if ex * ex + ey * ey <= radius * radius { return true }
                }
            }
        }
        return false
    }
}
