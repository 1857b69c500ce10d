import Geo
import Support

/// The new-build positions of a scenario's `greenfield` section as candidate sites
/// (`SiteSource.greenfield`): the centres of the demand cells whose grid column and row are
/// multiples of `step_m / cell_m` (counted from the grid's south-west corner) — inside the area and
/// outside every exclusion by construction — that lie more than `min_distance_m` from every open
/// catalogue candidate and existing site.
public enum GreenfieldSites {
    /// What the lattice held.
    public struct Statistics: Sendable, Equatable {
        /// Lattice points that are demand cells.
        public var positions = 0
        /// Of which: left out within `min_distance_m` of a catalogue candidate or existing site.
        public var nearCatalogue = 0
        /// Candidate sites made (the rest).
        public var candidates = 0
    }

    /// The greenfield candidates, south-west first (row by row), named `G<column>_<row>` after their
    /// grid square.
    /// - Parameters:
    ///   - neighbours: the open catalogue candidates and existing sites (WGS-84), for `min_distance_m`.
    ///   - usedIds: ids already taken; a clash gets a `_greenfield` suffix.
    /// - Complexity: O(cells / step² + neighbours) with a bucket grid for the distance test.
    public static func generate(
        _ settings: GreenfieldSettings, grid: DemandGrid, neighbours: [Coordinate], usedIds: Set<String>
    ) -> (sites: [Site], statistics: Statistics) {
        let step = max(1, Int((settings.stepMeters / grid.spec.cellMeters).rounded()))
        let minimum = settings.minDistanceMeters
        let bucket = max(minimum, grid.spec.cellMeters)
        var buckets: [Int64: [Coordinate]] = [:]
        func key(_ p: Coordinate) -> (Int64, Int64) {
            (Int64((p.x / bucket).rounded(.down)), Int64((p.y / bucket).rounded(.down)))
        }
        if minimum > 0 {
            for lonLat in neighbours {
                let p = grid.projection.project(lonLat)
                let (bx, by) = key(p)
                buckets[bx &* 1_000_003 &+ by, default: []].append(p)
            }
        }
        func isNear(_ p: Coordinate) -> Bool {
            guard minimum > 0 else { return false }
            let (bx, by) = key(p)
            for dx in -1...1 {
                for dy in -1...1 {
                    for q in buckets[(bx + Int64(dx)) &* 1_000_003 &+ (by + Int64(dy))] ?? [] {
                        let ex = q.x - p.x
                        let ey = q.y - p.y
                        if ex * ex + ey * ey <= minimum * minimum { return true }
                    }
                }
            }
            return false
        }
        var statistics = Statistics()
        var sites: [Site] = []
        for cell in 0..<grid.cellCount {
            let column = Int(grid.cellColumn[cell])
            let row = Int(grid.cellRow[cell])
            guard column % step == 0, row % step == 0 else { continue }
            statistics.positions += 1
            let centre = grid.center(of: cell)
            if isNear(centre) {
                statistics.nearCatalogue += 1
                continue
            }
            var id = "G\(column)_\(row)"
            if usedIds.contains(id) { id += "_greenfield" }
            var site = Site(
                id: id, name: nil, kind: settings.kind, heightMeters: settings.heightMeters, cost: settings.cost,
                status: .open, profileName: settings.profileName, location: grid.projection.unproject(centre),
                properties: [("id", .string(id))], sourceFile: "greenfield",
                sourceLocation: "lattice square \(column),\(row)")
            site.source = .greenfield
            sites.append(site)
        }
        statistics.candidates = sites.count
        return (sites, statistics)
    }
}
