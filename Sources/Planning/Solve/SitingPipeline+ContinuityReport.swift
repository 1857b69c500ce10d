import Geo
import Optimizer
import Support

extension SitingPipeline {
    /// At most this many places are listed in the message of an infeasible job.
    static let unreachablePlacesListed = 20

    /// The message of a job whose limits cannot be met: every place no candidate reaches that breaks
    /// a limit, grouped by district (largest first), at most `unreachablePlacesListed` of them.
    static func unreachableMessage(_ generator: ContinuityRows, roads: RoadNetwork?, scenario: Scenario) -> String {
        let grid = generator.grid
        let names = grid.districtNames
        let places = generator.unreachable.sorted {
            ($0.district, -$0.size, $0.centroid.x, $0.centroid.y) < (
                $1.district, -$1.size, $1.centroid.x, $1.centroid.y
            )
        }
        func at(_ c: Coordinate) -> String {
            "lon/lat (\(Precision.degrees.text(c.x)), \(Precision.degrees.text(c.y)))"
        }
        var lines: [String] = []
        for place in places.prefix(unreachablePlacesListed) {
            let district = names.indices.contains(place.district) ? names[place.district] : "?"
            let limits = generator.limits[place.district]
            switch place.kind {
            case .hole:
                let how =
                    limits.edgeHoles
                    ? "a hole whatever surrounds it (edge_holes)"
                    : place.enclosedByExistingSites
                        ? "enclosed by the existing sites' coverage"
                        : "a hole enclosed by coverage once the area around it is covered"
                lines.append(
                    "  - \(district): an area of \(Precision.figure.text(place.size)) m² (\(place.cells) cells) at \(at(place.centroid)) — \(how) (max_hole_m2 \(Precision.figure.text(limits.maxHoleSquareMeters ?? 0)))"
                )
            case .components:
                lines.append(
                    "  - \(district): the coverage lies in \(place.pieces) pieces of the district that no candidate can join (the cells between them are reached by no site, or are not demand), around \(at(place.centroid)) (max_components \(limits.maxComponents ?? 0))"
                )
            case .road:
                let road = place.road.flatMap { roads?.roads[$0].name } ?? "?"
                lines.append(
                    "  - road \(road) in \(district): \(Precision.figure.text(place.size)) m from \(Precision.figure.text(place.fromMeters)) m to \(Precision.figure.text(place.toMeters)) m along the road, middle at \(at(place.centroid)) (max_road_gap_m \(Precision.figure.text(scenario.continuity.maxRoadGapMeters ?? 0)))"
                )
            }
        }
        if places.count > unreachablePlacesListed {
            lines.append("  … and \(places.count - unreachablePlacesListed) more")
        }
        let reach =
            scenario.greenfield == nil
            ? "candidate or existing site" : "candidate, greenfield position or existing site"
        return
            "\(scenario.file): the continuity limits cannot be met: no \(reach) reaches these \(places.count) place(s), so they stay uncovered and break their limit:\n"
            + lines.joined(separator: "\n")
            + "\nAdd candidates near them, \(scenario.greenfield == nil ? "a greenfield section" : "a denser greenfield lattice (step_m, min_distance_m)"), or relax the limits (objective.districts overrides them per district). nrplan closes a hole by covering it, never by opening it to the edge."
    }

    /// The greenfield columns of a plan that serve a requirement — a must-cover cell or a row of the
    /// constraint generation — that no catalogue candidate, lamp pole or existing site can meet.
    /// - Parameter rows: how many of the generated rows the plan was solved with (later ones are ignored).
    static func unavoidableGreenfield(
        _ chosen: [Int], instance: CoveringInstance, base: CoveringInstance, generator: ContinuityRows, rows: Int,
        columns: RadioColumns, grid: DemandGrid, roads: RoadNetwork?
    ) -> [ContinuityPlanning.UnavoidableSite] {
        let greenfield = columns.sites.map { $0.source == .greenfield }
        let baseMust = Set(base.mustCoverRows)
        var result: [ContinuityPlanning.UnavoidableSite] = []
        for j in chosen where greenfield[j] {
            var serves: (String, String)?
            for row in instance.rows(ofColumn: j) {
                let i = Int(row)
                let extra = i - base.rowCount
                guard extra < rows, extra >= 0 || baseMust.contains(i) else { continue }
                guard instance.columns(ofRow: i).allSatisfy({ greenfield[Int($0)] }) else { continue }
                if extra < 0 {
                    serves = ("priority", grid.districtNames[Int(grid.cellDistrict[i])])
                } else {
                    switch generator.rows[extra].origin {
                    case .hole(let d): serves = ("hole", grid.districtNames[d])
                    case .components(let d): serves = ("components", grid.districtNames[d])
                    case .road(let r): serves = ("road", roads?.roads[r].name ?? "?")
                    }
                }
                break
            }
            guard let serves else { continue }
            let site = columns.sites[j]
            let p = grid.projection.project(site.location)
            let column = Int(((p.x - grid.spec.originX) / grid.spec.cellMeters).rounded(.down))
            let row = Int(((p.y - grid.spec.originY) / grid.spec.cellMeters).rounded(.down))
            let district = grid.cell(column: column, row: row).map { grid.districtNames[Int(grid.cellDistrict[$0])] }
            result.append(
                ContinuityPlanning.UnavoidableSite(
                    id: site.id, location: site.location, district: district ?? "", serves: serves.0, place: serves.1))
        }
        return result
    }
}
