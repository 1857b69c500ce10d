import Geo
import Support

extension ContinuityGeneration {
    /// At most this many places are listed in the message of an infeasible job.
    static let unreachablePlacesListed = 20

    /// The message of a job whose limits cannot be met: every place no candidate reaches that breaks
    /// a limit, grouped by district (largest first), at most `unreachablePlacesListed` of them.
    static func unreachableMessage(_ generator: ContinuityRows, job: Job) -> String {
        let roads = generator.roads
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
                    "  - road \(road) in \(district): \(Precision.figure.text(place.size)) m from \(Precision.figure.text(place.fromMeters)) m to \(Precision.figure.text(place.toMeters)) m along the road, middle at \(at(place.centroid)) (max_road_gap_m \(Precision.figure.text(generator.maxRoadGapMeters ?? 0)))"
                )
            }
        }
        if places.count > unreachablePlacesListed {
            lines.append("  … and \(places.count - unreachablePlacesListed) more")
            lines.append("  by district: " + totals(places, names: names))
        }
        let reach = job.hasGreenfield ? "candidate, greenfield position or existing site" : "candidate or existing site"
        return
            "\(job.file): the continuity limits cannot be met: no \(reach) reaches these \(places.count) place(s), so they stay uncovered and break their limit:\n"
            + lines.joined(separator: "\n")
            + "\nAdd candidates near them, \(job.hasGreenfield ? "a denser greenfield lattice (step_m, min_distance_m)" : "a greenfield section"), or relax the limits (objective.districts overrides them per district). nrplan closes a hole by covering it, never by opening it to the edge."
    }

    /// Per district (in district order): how many places, their area and the road stretches.
    static func totals(_ places: [ContinuityRows.UnreachablePlace], names: [String]) -> String {
        var parts: [String] = []
        for d in names.indices {
            let own = places.filter { $0.district == d }
            guard !own.isEmpty else { continue }
            let area = own.filter { $0.kind != .road }.reduce(0) { $0 + $1.size }
            let roads = own.filter { $0.kind == .road }
            var text = "\(names[d]) \(own.count) place(s)"
            if area > 0 { text += ", \(Precision.figure.text(area)) m²" }
            if !roads.isEmpty {
                text +=
                    ", \(roads.count) road stretch(es) of \(Precision.figure.text(roads.reduce(0) { $0 + $1.size })) m"
            }
            parts.append(text)
        }
        return parts.joined(separator: "; ")
    }
}
