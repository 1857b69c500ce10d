import Geo
import Support

/// Which polygon each point lies in, with GEOS prepared geometries (one context and preparation per
/// block of points, blocks in parallel, results in point order).
enum PolygonLookup {
    /// For each point (same coordinates as the polygons), the index of the first polygon that holds
    /// it (boundary included), or −1.
    /// - Complexity: O(points × polygons) prepared tests, in parallel blocks of 4096 points.
    static func firstContaining(_ polygons: [Geometry], points: [Coordinate], threads: Int) throws(PlanningError)
        -> [Int32]
    {
        guard !polygons.isEmpty, !points.isEmpty else { return [Int32](repeating: -1, count: points.count) }
        let blocks = Parallel.chunks(count: points.count, parts: max(1, points.count / 4096))
        let results: [Result<[Int32], GeoError>] = Parallel.map(count: blocks.count, threads: threads) { b in
            do throws(GeoError) {
                let context = GEOSContext()
                let prepared = try polygons.map { (geometry) throws(GeoError) in
                    try PreparedGeometry(geometry, in: context)
                }
                var found: [Int32] = []
                found.reserveCapacity(blocks[b].count)
                for k in blocks[b] {
                    var index: Int32 = -1
                    for (p, polygon) in prepared.enumerated() where try polygon.intersects(points[k]) {
                        index = Int32(p)
                        break
                    }
                    found.append(index)
                }
                return .success(found)
            } catch {
                return .failure(error)
            }
        }
        var indices: [Int32] = []
        indices.reserveCapacity(points.count)
        for result in results {
            switch result {
            case .success(let part): indices += part
            case .failure(let error): throw .geometry(error)
            }
        }
        return indices
    }
}
