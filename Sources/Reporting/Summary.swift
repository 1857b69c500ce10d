import Geo
import Optimizer
import Planning

/// Builds `summary.json`: every figure of a run, in a fixed key order.
///
/// Top-level keys shared with `audit` (docs/outputs.md): `version`, `coverage_ratio`,
/// `area_km2`, `cells`, `holes_count`, `largest_hole_m2`, `stage_seconds`, `threads`.
public enum Summary {
    /// A number rounded to `decimals` places (for figures people read).
    static func number(_ value: Double, _ decimals: Int = 6) -> JSONValue {
        var scale = 1.0
        for _ in 0..<decimals { scale *= 10 }
        return .number((value * scale).rounded() / scale)
    }

    static func optional(_ value: Double?, _ decimals: Int = 6) -> JSONValue {
        value.map { number($0, decimals) } ?? .null
    }

    /// The summary of a solve.
    public static func solve(plan: Plan, writeSeconds: Double? = nil) -> JSONValue {
        let scenario = plan.scenario
        let solution = plan.solution
        let continuity = plan.continuity
        var objective: [(key: String, value: JSONValue)] = [("type", .string(scenario.objective.typeName))]
        switch scenario.objective {
        case .minCost(let target): objective.append(("coverage_target", number(target)))
        case .maxCoverage(let sites, let budget):
            objective.append(("sites", sites.map { .number(Double($0)) } ?? .null))
            objective.append(("budget", optional(budget)))
        }
        var stages = plan.stageSeconds.map { (key: $0.name, value: number($0.seconds, 3)) }
        if let writeSeconds { stages.append(("write", number(writeSeconds, 3))) }
        let newSites = plan.rankedNewColumns
        let kinds = Dictionary(grouping: newSites, by: { plan.sites[$0].kind.rawValue })
        let sitesByKind: [(key: String, value: JSONValue)] = SiteKind.allCases.compactMap { kind in
            kinds[kind.rawValue].map { (kind.rawValue, .number(Double($0.count))) }
        }
        let members: [(key: String, value: JSONValue)] = [
            ("version", .string(NRPlanVersion.string)),
            ("command", .string("solve")),
            ("scenario", .object([("name", .string(scenario.name)), ("file", .string(scenario.file))])),
            ("objective", .object(objective)),
            ("coverage_ratio", number(continuity.coverageRatio)),
            ("area_km2", number(plan.areaSquareMeters / 1e6, 3)),
            ("demand_area_km2", number(Double(plan.grid.cellCount) * plan.grid.cellAreaSquareMeters / 1e6, 3)),
            ("cell_m", number(plan.grid.spec.cellMeters, 3)),
            ("cells", .number(Double(plan.grid.cellCount))),
            ("candidates", .number(Double(scenario.candidates.count))),
            ("candidates_screened_out", .object([
                ("not_open", .number(Double(plan.screening.notOpen))),
                ("in_exclusion", .number(Double(plan.screening.inExclusion))),
                ("covers_nothing", .number(Double(plan.screening.coversNothing))),
            ])),
            ("sites_new", .number(Double(newSites.count))),
            ("sites_new_by_kind", .object(sitesByKind)),
            ("sites_existing", .number(Double(plan.existingColumns.count))),
            ("cost_total", number(plan.newCost, 4)),
            ("lower_bound", optional(solution.lowerBound, 4)),
            ("upper_bound", optional(solution.upperBound, 4)),
            ("gap", optional(solution.gap, 6)),
            ("proven_optimal", .bool(solution.provenOptimal)),
            ("solver", .object([
                ("problem", .string(solution.objective.name)),
                ("seconds", number(solution.seconds, 3)),
                ("stopped_by_time_limit", .bool(solution.stoppedByTimeLimit)),
                ("seed", .number(Double(solution.seed))),
            ])),
            ("holes_count", .number(Double(continuity.holes.count))),
            ("holes_enclosed", .number(Double(continuity.holes.filter { !$0.touchesEdge }.count))),
            ("largest_hole_m2", number(continuity.largestHoleSquareMeters, 1)),
            ("covered_components", .number(Double(continuity.coveredComponents))),
            ("districts", .array(continuity.districts.map(district))),
            ("stage_seconds", .object(stages)),
            ("link_evaluations", .number(Double(plan.linkEvaluations))),
            ("threads", .number(Double(plan.threads))),
            ("inputs", .array(scenario.inputs.map { input in
                .object([("file", .string(input.name)), ("bytes", .number(Double(input.bytes))), ("fnv1a64", .string(input.fnv1a64))])
            })),
            ("warnings", .array(plan.warnings.map { .string($0.description) })),
        ]
        return .object(members)
    }

    static func district(_ d: DistrictCoverage) -> JSONValue {
        .object([
            ("name", .string(d.name)),
            ("cells", .number(Double(d.cells))),
            ("coverage_ratio", number(d.coverageRatio)),
            ("area_coverage_ratio", number(d.areaCoverageRatio)),
            ("holes", .number(Double(d.holes))),
            ("largest_hole_m2", number(d.largestHoleSquareMeters, 1)),
        ])
    }
}
