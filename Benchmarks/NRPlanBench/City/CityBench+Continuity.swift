import Foundation
import Geo
import Support

/// The continuity job of `make bench-city` (issue 13): the area-weighted 95 % job planned with no
/// enclosed hole over `maxHoleSquareMeters` in the urban districts, set beside the plain 95 % job.
extension CityBench {
    /// The limit of the continuity job: 1 ha, as in the demo's `scenario-continuous.json`.
    static let maxHoleSquareMeters = 10_000.0

    /// Writes `scenario-continuous.json` beside `scenario.json`: the same area-weighted job with
    /// `objective.districts` limiting enclosed holes to `maxHoleSquareMeters` in every district
    /// whose area feature has `"urban": true` (the outskirts keep the plain coverage target).
    /// - Returns: the urban districts' names.
    @discardableResult
    static func writeContinuityScenario(_ city: URL) throws -> [String] {
        let area = try GeoJSONReader.read(contentsOf: city.appendingPathComponent("area.geojson"))
        let urban = area.features.compactMap { feature -> String? in
            guard case .bool(true) = feature[property: "urban"], case .string(let name) = feature[property: "name"]
            else { return nil }
            return name
        }
        let url = city.appendingPathComponent("scenario.json")
        var scenario = (try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any]) ?? [:]
        var objective = scenario["objective"] as? [String: Any] ?? [:]
        objective["districts"] = Dictionary(
            uniqueKeysWithValues: urban.map { ($0, ["max_hole_m2": maxHoleSquareMeters]) })
        scenario["objective"] = objective
        scenario["name"] =
            "\(scenario["name"] ?? "city"), no enclosed hole over \(Int(maxHoleSquareMeters)) m² in the urban districts"
        try JSONSerialization.data(withJSONObject: scenario, options: [.sortedKeys])
            .write(to: city.appendingPathComponent("scenario-continuous.json"))
        return urban
    }

    /// The enclosed holes of a plan's `holes.geojson` in `districts`: how many, and the largest (m²).
    static func enclosedHoles(_ run: Run, in districts: Set<String>) throws -> (count: Int, largestSquareMeters: Double)
    {
        let holes = try GeoJSONReader.read(contentsOf: run.out.appendingPathComponent("holes.geojson"))
        var count = 0
        var largest = 0.0
        for hole in holes.features {
            guard case .bool(false) = hole[property: "touches_edge"],
                case .string(let district) = hole[property: "district"], districts.contains(district),
                case .number(let area) = hole[property: "area_m2"]
            else { continue }
            count += 1
            largest = max(largest, area.value)
        }
        return (count, largest)
    }

    /// Prints the continuity job beside the plain area-weighted job and returns its JSON member.
    static func continuityComparison(area: Run, continuous: Run, urban: [String]) throws -> JSONValue {
        let districts = Set(urban)
        let before = try enclosedHoles(area, in: districts)
        let after = try enclosedHoles(continuous, in: districts)
        let limits = continuous.summary["continuity_limits"] as? [String: Any] ?? [:]
        let rounds = (limits["rounds"] as? [Any])?.count ?? 0
        let met = limits["met"] as? Bool ?? false
        let rows = limits["rows"] as? [String: Any] ?? [:]
        let bound = (limits["bound"] as? [String: Any])?["value"] as? NSNumber
        let costBefore = area.number("cost_total")
        let costAfter = continuous.number("cost_total")
        print("")
        print(
            "continuity (area-weighted 95 %, no enclosed hole over \(Int(maxHoleSquareMeters)) m² in the \(urban.count) urban districts):"
        )
        print(
            "| job | new sites | cost | enclosed holes in urban districts | largest (m²) | wall (s) | peak RSS (MB) |")
        print("| --- | ---: | ---: | ---: | ---: | ---: | ---: |")
        for (label, run, holes) in [("95 % only", area, before), ("95 % + hole limit", continuous, after)] {
            print(
                "| \(label) | \(Int(run.number("sites_new"))) | \(format(run.number("cost_total"), 1)) | \(holes.count) | \(format(holes.largestSquareMeters, 0)) | \(format(run.outcome.wallSeconds, 1)) | \(format(run.outcome.peakRSSMegabytes, 0)) |"
            )
        }
        print(
            "limits \(met ? "met" : "NOT met") after \(rounds) round(s) (\(rows["valid"] ?? 0) valid + \(rows["heuristic"] ?? 0) heuristic rows); cost +\(format((costAfter / max(costBefore, 1e-9) - 1) * 100, 1)) %, wall \(format(continuous.outcome.wallSeconds / max(area.outcome.wallSeconds, 1e-9), 2))× the 95 % job; bound \(bound.map { format($0.doubleValue, 1) } ?? "—")"
        )
        return .object([
            ("urban_districts", .number(Double(urban.count))),
            ("max_hole_m2", .number(maxHoleSquareMeters)),
            ("met", .bool(met)),
            ("rounds", .number(Double(rounds))),
            ("sites_chosen", .number(continuous.number("sites_new"))),
            ("cost_total", .number(costAfter, .tenths)),
            ("cost_total_95_only", .number(costBefore, .tenths)),
            ("lower_bound", bound.map { .number($0.doubleValue, .tenths) } ?? .null),
            ("enclosed_holes_urban", .number(Double(after.count))),
            ("enclosed_holes_urban_95_only", .number(Double(before.count))),
            ("largest_enclosed_hole_urban_m2", .number(after.largestSquareMeters.rounded())),
            ("largest_enclosed_hole_urban_m2_95_only", .number(before.largestSquareMeters.rounded())),
            ("wall_seconds", .number(continuous.outcome.wallSeconds, .hundredths)),
            ("peak_rss_mb", .number(continuous.outcome.peakRSSMegabytes.rounded())),
        ])
    }
}
