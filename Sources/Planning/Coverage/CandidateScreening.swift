import Geo
import Support

/// Why candidates did not become columns of the covering problem (the coverage stage's count).
public struct CandidateScreening: Sendable {
    /// Candidates whose status is not `open`.
    public var notOpen = 0
    /// Candidates inside an exclusion zone.
    public var inExclusion = 0
    /// Open candidates whose footprint covers no demand cell.
    public var coversNothing = 0

    /// For each point (WGS-84), whether it lies inside (or on the boundary of) any exclusion —
    /// GEOS prepared geometries, one context and preparation per block of points.
    static func insideExclusions(_ exclusions: [Geometry], points: [Coordinate], threads: Int) throws(PlanningError)
        -> [Bool]
    {
        guard !exclusions.isEmpty, !points.isEmpty else { return [Bool](repeating: false, count: points.count) }
        let blocks = Parallel.chunks(count: points.count, parts: max(1, points.count / 4096))
        let union = Geometry.multiPolygon(exclusions.flatMap(\.polygons))
        let results: [Result<[Bool], GeoError>] = Parallel.map(count: blocks.count, threads: threads) { b in
            do throws(GeoError) {
                let context = GEOSContext()
                let prepared = try PreparedGeometry(union, in: context)
                var flags: [Bool] = []
                flags.reserveCapacity(blocks[b].count)
                for k in blocks[b] { flags.append(try prepared.intersects(points[k])) }
                return .success(flags)
            } catch {
                return .failure(error)
            }
        }
        var flags: [Bool] = []
        for result in results {
            switch result {
            case .success(let part): flags += part
            case .failure(let error): throw .geometry(error)
            }
        }
        return flags
    }
}
