import Foundation
import Support

extension CityBench {
    /// The enclosed-hole limit of the continuity job on the city's urban districts (m²).
    static let continuityHoleLimitSquareMeters = 10_000.0

    /// Writes `city/scenario-continuous.json`: the area-weighted 95 % job (`scenario.json`) with
    /// `max_hole_m2` 1 ha on the districts whose `urban` property is true and no hole limit on the
    /// others (issue 13: continuity planned for the urban districts). Returns the file name and the
    /// number of limited districts.
    static func writeContinuityScenario(folder: URL) throws -> (file: String, urbanDistricts: Int) {
        let city = folder.appendingPathComponent("city")
        let scenarioURL = city.appendingPathComponent("scenario.json")
        var scenario = (try JSONSerialization.jsonObject(with: Data(contentsOf: scenarioURL)) as? [String: Any]) ?? [:]
        let areaFile = scenario["area"] as? String ?? "area.geojson"
        let area =
            (try JSONSerialization.jsonObject(with: Data(contentsOf: city.appendingPathComponent(areaFile)))
                as? [String: Any]) ?? [:]
        var overrides: [String: Any] = [:]
        var urban = 0
        for feature in area["features"] as? [[String: Any]] ?? [] {
            let properties = feature["properties"] as? [String: Any] ?? [:]
            guard let name = properties["name"] as? String else { continue }
            if properties["urban"] as? Bool == true {
                urban += 1
            } else {
                overrides[name] = ["max_hole_m2": NSNull()]
            }
        }
        var objective = scenario["objective"] as? [String: Any] ?? [:]
        objective["max_hole_m2"] = continuityHoleLimitSquareMeters
        if !overrides.isEmpty { objective["districts"] = overrides }
        scenario["objective"] = objective
        scenario["name"] = "\(scenario["name"] ?? "city"), no enclosed hole over 1 ha in the urban districts"
        let name = "scenario-continuous.json"
        try JSONSerialization.data(withJSONObject: scenario, options: [.sortedKeys])
            .write(to: city.appendingPathComponent(name))
        return (name, urban)
    }

    /// The continuity job's line of the report and its JSON member, against the 95 % area-weighted job.
    static func continuityFigures(
        _ summary: [String: Any], wallSeconds: Double, peakRSSMegabytes: Double, urbanDistricts: Int,
        reference: [String: Any], referenceWallSeconds: Double
    ) -> (line: String, json: JSONValue) {
        func number(_ dictionary: [String: Any], _ key: String) -> Double {
            (dictionary[key] as? NSNumber)?.doubleValue ?? 0
        }
        let limits = summary["continuity_limits"] as? [String: Any] ?? [:]
        let rounds = (limits["rounds"] as? [Any])?.count ?? 0
        let line =
            "continuity (no enclosed hole over 1 ha in \(urbanDistricts) urban districts): \(summary["sites_new"] ?? "?") new sites, cost \(format(number(summary, "cost_total"), 1)) vs \(format(number(reference, "cost_total"), 1)) at 95 % (\(reference["sites_new"] ?? "?") sites), \(rounds) rounds, limits met \(limits["met"] ?? "?"), gap \(summary["gap"] ?? "?"), wall \(format(wallSeconds, 1)) s vs \(format(referenceWallSeconds, 1)) s"
        let json = JSONValue.object([
            ("urban_districts", .number(Double(urbanDistricts))),
            ("sites_chosen", .number(number(summary, "sites_new"))),
            ("cost", .number(number(summary, "cost_total"))),
            ("cost_95", .number(number(reference, "cost_total"))),
            ("rounds", .number(Double(rounds))),
            ("met", .bool(limits["met"] as? Bool ?? false)),
            ("gap", .number(number(summary, "gap"))),
            ("holes_enclosed", .number(number(summary, "holes_enclosed"))),
            ("wall_seconds", .number(wallSeconds, .hundredths)),
            ("wall_seconds_95", .number(referenceWallSeconds, .hundredths)),
            ("peak_rss_mb", .number(peakRSSMegabytes.rounded())),
        ])
        return (line, json)
    }
}
