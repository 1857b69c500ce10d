import Foundation
import Support

/// The capacity job of `nrplan-bench city` (issue 18): the population-weighted job with busy-hour
/// traffic from the density layer, sites for coverage alone against coverage and capacity.
extension CityBench {
    /// Busy-hour downlink Mbps per resident: the rate of the demo's `scenario-capacity.json`
    /// (16.85 GB per user per month, 8 % of a day's traffic in the busy hour, an operator with half
    /// of the residents; derived in docs/capacity.md).
    static let mbpsPerResident = 0.05

    /// Writes `scenario-capacity.json` beside `scenario-layers.json`: the same job with a capacity
    /// section (`mbpsPerResident` × `pop_per_km2` of density.geojson, best server, the defaults).
    static func writeCapacityScenario(_ city: URL) throws {
        let layersURL = city.appendingPathComponent("scenario-layers.json")
        var layered = (try JSONSerialization.jsonObject(with: Data(contentsOf: layersURL)) as? [String: Any]) ?? [:]
        layered["capacity"] = [
            "traffic": ["file": "density.geojson", "property": "pop_per_km2", "mbps_per_unit": mbpsPerResident],
            "assignment": "best_server",
        ]
        layered["name"] = "\(layered["name"] ?? "city"), busy-hour capacity at \(mbpsPerResident) Mbps per resident"
        try JSONSerialization.data(withJSONObject: layered, options: [.sortedKeys])
            .write(to: city.appendingPathComponent("scenario-capacity.json"))
    }

    /// The capacity run's figures from its summary.json.
    struct CapacityFigures {
        let run: Run
        var capacity: [String: Any] { run.summary["capacity"] as? [String: Any] ?? [:] }
        var coverageOnly: [String: Any] { capacity["coverage_only"] as? [String: Any] ?? [:] }
        var solver: [String: Any] { capacity["solver"] as? [String: Any] ?? [:] }
        var districts: [[String: Any]] { capacity["districts"] as? [[String: Any]] ?? [] }
        var utilisation: [String: Any] { capacity["utilisation"] as? [String: Any] ?? [:] }

        func number(_ object: [String: Any], _ key: String) -> Double {
            (object[key] as? NSNumber)?.doubleValue ?? .nan
        }
        var overloaded: Int { Int(number(capacity, "sites_over_capacity")) }
        var coverageSites: Int { Int(number(coverageOnly, "sites_new")) }
        var addedSites: Int { Int(number(capacity, "sites_added_for_capacity")) }
        var existingSites: Int { Int(run.number("sites_existing")) }
    }

    /// Prints the capacity job: per district traffic, sites for coverage and for capacity, the
    /// binding constraint; the totals, utilisation, the solver's instance, wall time and memory.
    static func printCapacity(_ figures: CapacityFigures, coverageRun: Run) {
        let c = figures
        print("")
        print(
            "Capacity (busy-hour downlink \(mbpsPerResident) Mbps per resident from density.geojson, best server, n78-macro \(format(capacityMbps(c, "n78-macro"), 1)) Mbps per site at load target 0.7):"
        )
        print("")
        print(
            "| district | traffic (Mbps) | new sites, coverage alone | + added for capacity | coverage + capacity | set by |"
        )
        print("| --- | ---: | ---: | ---: | ---: | --- |")
        for d in c.districts {
            let coverage = Int(c.number(d, "sites_for_coverage"))
            let capacity = Int(c.number(d, "sites_for_capacity"))
            print(
                "| \(d["name"] ?? "?") | \(format(c.number(d, "traffic_mbps"), 0)) | \(coverage) | \(capacity) | \(coverage + capacity) | \(d["limited_by"] ?? "?") |"
            )
        }
        print(
            "| **city** | \(format(c.number(c.capacity, "traffic_mbps"), 0)) | \(c.coverageSites) | \(c.addedSites) | \(c.coverageSites + c.addedSites) | |"
        )
        print("")
        let total = c.existingSites + c.coverageSites + c.addedSites
        print(
            "sites on air: \(c.existingSites) existing + \(c.coverageSites) for coverage = \(c.existingSites + c.coverageSites) (coverage alone; \(Int(c.number(c.coverageOnly, "sites_over_capacity"))) of them over capacity) → + \(c.addedSites) for capacity = \(total); cost added \(format(c.number(c.capacity, "cost_added_for_capacity"), 1)) (bound \(format(c.number(c.capacity, "added_cost_lower_bound"), 1)))"
        )
        print(
            "sites over capacity after the stage: \(c.overloaded) (must be 0); utilisation p50 / p90 / p95 / max \(["p50", "p90", "p95", "max"].map { format(c.number(c.utilisation, $0), 3) }.joined(separator: " / ")); unserved (uncovered cells) \(format(c.number(c.capacity, "unserved_traffic_mbps"), 0)) Mbps"
        )
        print(
            "capacity stage \(format(c.run.stageSeconds("capacity") ?? .nan, 2)) s (instance \(Int(c.number(c.solver, "customers"))) cells × \(Int(c.number(c.solver, "facilities"))) sites, \(Int(c.number(c.solver, "entries"))) pairs); whole process \(format(c.run.outcome.wallSeconds, 1)) s, peak RSS \(format(c.run.outcome.peakRSSMegabytes, 0)) MB (population-weighted job without capacity: \(format(coverageRun.outcome.wallSeconds, 1)) s, \(format(coverageRun.outcome.peakRSSMegabytes, 0)) MB)"
        )
        if c.coverageSites != Int(coverageRun.number("sites_new")) {
            print(
                "note: the capacity run's coverage plan has \(c.coverageSites) new sites, the job without capacity \(Int(coverageRun.number("sites_new")))"
            )
        }
    }

    static func capacityMbps(_ figures: CapacityFigures, _ profile: String) -> Double {
        let profiles = figures.capacity["profiles"] as? [String: Any] ?? [:]
        return figures.number(profiles[profile] as? [String: Any] ?? [:], "site_capacity_mbps")
    }

    /// The capacity job's object in the bench's JSON line.
    static func capacityJSON(_ c: CapacityFigures) -> JSONValue {
        let districts: [JSONValue] = c.districts.map { d in
            .object([
                ("name", .string(d["name"] as? String ?? "")),
                ("traffic_mbps", .number(c.number(d, "traffic_mbps").rounded())),
                ("sites_for_coverage", .number(c.number(d, "sites_for_coverage"))),
                ("sites_for_capacity", .number(c.number(d, "sites_for_capacity"))),
                ("limited_by", .string(d["limited_by"] as? String ?? "")),
            ])
        }
        return .object([
            ("mbps_per_resident", .number(mbpsPerResident)),
            ("traffic_mbps", .number(c.number(c.capacity, "traffic_mbps").rounded())),
            ("sites_existing", .number(Double(c.existingSites))),
            ("sites_for_coverage", .number(Double(c.coverageSites))),
            ("sites_added_for_capacity", .number(Double(c.addedSites))),
            ("coverage_only_sites_over_capacity", .number(c.number(c.coverageOnly, "sites_over_capacity"))),
            ("sites_over_capacity", .number(Double(c.overloaded))),
            ("cost_added_for_capacity", .number(c.number(c.capacity, "cost_added_for_capacity"), .tenths)),
            ("added_cost_lower_bound", .number(c.number(c.capacity, "added_cost_lower_bound"), .tenths)),
            (
                "utilisation",
                .object(["p50", "p90", "p95", "max"].map { ($0, .number(c.number(c.utilisation, $0), .meters)) })
            ),
            ("capacity_stage_seconds", .number(c.run.stageSeconds("capacity") ?? 0, .hundredths)),
            ("instance_customers", .number(c.number(c.solver, "customers"))),
            ("instance_facilities", .number(c.number(c.solver, "facilities"))),
            ("instance_entries", .number(c.number(c.solver, "entries"))),
            ("wall_seconds", .number(c.run.outcome.wallSeconds, .hundredths)),
            ("peak_rss_mb", .number(c.run.outcome.peakRSSMegabytes.rounded())),
            ("districts", .array(districts)),
        ])
    }
}
