import Geo
import Optimizer
import Planning
import Support

/// Builds `summary.json`: every figure of a run, in a fixed key order.
///
/// Top-level keys shared with `audit` (docs/outputs.md): `version`, `coverage_ratio`,
/// `area_km2`, `cells`, `holes_count`, `largest_hole_m2`, `stage_seconds`, `threads`.
public enum Summary {
    /// A figure rounded to `decimals` places (`Precision.rounded`; default `Precision.figure`).
    static func number(_ value: Double, _ decimals: Int = Precision.figure.decimals) -> JSONValue {
        .number(value, Precision(decimals: decimals))
    }

    static func optional(_ value: Double?, _ decimals: Int = Precision.figure.decimals) -> JSONValue {
        value.map { number($0, decimals) } ?? .null
    }

    /// A JSON object's members, in order.
    typealias Members = [(key: String, value: JSONValue)]

    /// The summary of a solve.
    public static func solve(plan: Plan, writeSeconds: Double? = nil) -> JSONValue {
        var members = scenarioMembers(plan)
        if let assumptions = plan.radioAssumptions {
            members.append(
                (
                    "radio",
                    radio(assumptions, candidateDefaults: RadioAssumptions.defaultUses(plan.scenario.candidates))
                ))
        }
        members += demandMembers(plan) + siteMembers(plan) + boundMembers(plan)
        members += phaseMembers(plan)
        if let service = plan.service { members.append(("service", serviceObject(service, plan: plan))) }
        members += limitsMembers(plan)
        if let capacity = plan.capacity { members.append(("capacity", capacityObject(capacity, plan: plan))) }
        members += continuityMembers(plan.continuity)
        members.append(("continuity", continuity(plan.continuity, field: plan.radio?.field, verdicts: nil)))
        members += runMembers(plan, writeSeconds: writeSeconds)
        return .object(members)
    }

    /// `version`, `command`, `scenario`, `crs`, `objective`.
    static func scenarioMembers(_ plan: Plan) -> Members {
        let scenario = plan.scenario
        var objective: Members = [("type", .string(scenario.objective.typeName))]
        switch scenario.objective {
        case .minCost(let target): objective.append(("coverage_target", number(target)))
        case .maxCoverage(let sites, let budget):
            objective.append(("sites", sites.map { .number(Double($0)) } ?? .null))
            objective.append(("budget", optional(budget)))
        }
        if !scenario.phases.isEmpty { objective.append(("phases", phaseObjectives(scenario.phases))) }
        return [
            ("version", .string(NRPlanVersion.string)),
            ("command", .string("solve")),
            ("scenario", .object([("name", .string(scenario.name)), ("file", .string(scenario.file))])),
            ("crs", .string(scenario.frame.isPlanar ? "planar" : "wgs84")),
            ("objective", .object(objective)),
        ]
    }

    /// Coverage, area, the demand grid and the candidates screened out.
    static func demandMembers(_ plan: Plan) -> Members {
        [
            ("coverage_ratio", number(plan.continuity.coverageRatio)),
            ("coverage_ratio_existing", number(plan.network.existingCoverageRatio)),
            ("area_km2", number(plan.study.areaSquareMeters / 1e6, 3)),
            ("demand_area_km2", number(Double(plan.grid.cellCount) * plan.grid.cellAreaSquareMeters / 1e6, 3)),
            ("cell_m", number(plan.grid.spec.cellMeters, 3)),
            ("cells", .number(Double(plan.grid.cellCount))),
            ("candidates", .number(Double(plan.scenario.candidates.count))),
            (
                "candidates_screened_out",
                .object([
                    ("not_open", .number(Double(plan.screening.notOpen))),
                    ("in_exclusion", .number(Double(plan.screening.inExclusion))),
                    ("covers_nothing", .number(Double(plan.screening.coversNothing))),
                ])
            ),
        ]
    }

    /// New sites (by kind for radio plans, by type for service plans), existing sites, cost.
    static func siteMembers(_ plan: Plan) -> Members {
        let network = plan.network
        let byType: Members = network.newSitesByType.map { ($0.type, .number(Double($0.count))) }
        return [
            ("sites_new", .number(Double(network.newCount))),
            (plan.service != nil ? "sites_new_by_type" : "sites_new_by_kind", .object(byType)),
            ("sites_existing", .number(Double(network.existingCount))),
            ("cost_total", number(network.newCost, 4)),
        ]
    }

    /// Bounds, gap and the solver's figures. Min-cost bounds are costs (rounded up to `cost_unit`
    /// when every candidate's cost is a multiple of one); max-coverage bounds are shares of the
    /// demand, like `coverage_ratio` (`bound_unit` says which).
    static func boundMembers(_ plan: Plan) -> Members {
        let solution = plan.solution
        let share = solution.objective.isMaximisation
        let total = max(solution.totalWeight, 1e-300)
        func bound(_ value: Double?) -> JSONValue { share ? optional(value.map { $0 / total }, 6) : optional(value, 4) }
        var members: Members = [
            ("lower_bound", bound(solution.lowerBound)),
            ("upper_bound", bound(solution.upperBound)),
            ("bound_unit", .string(share ? "share of demand" : "cost")),
            ("gap", optional(solution.gap, 6)),
            ("proven_optimal", .bool(solution.provenOptimal)),
        ]
        if !share { members.append(("cost_unit", optional(solution.costUnit?.value, 6))) }
        if let shortfall = solution.columnLimitShortfall {
            members.append(
                (
                    "sites_shortfall",
                    .object([
                        ("asked", .number(Double(shortfall.limit))), ("chosen", .number(Double(shortfall.chosen))),
                        ("reason", .string(shortfall.reason.rawValue)),
                        ("note", .string(PlanText.shortfallReason(shortfall))),
                    ])
                ))
        }
        if let service = plan.service {
            members.append(("bound_includes_spacing", .bool(service.boundIncludesSpacing)))
        }
        members.append(
            (
                "solver",
                .object([
                    ("problem", .string(solution.objective.name)),
                    ("seconds", number(solution.seconds, 3)),
                    ("stopped_by_time_limit", .bool(solution.stoppedByTimeLimit)),
                    ("seed", .number(Double(solution.seed))),
                    ("greedy_objective", optional(solution.statistics.greedyObjective, 4)),
                    ("lagrangian_objective", optional(solution.statistics.lagrangianObjective, 4)),
                    ("subgradient_iterations", .number(Double(solution.statistics.subgradientIterations))),
                    ("local_search_moves", .number(Double(solution.statistics.localSearchMoves))),
                    ("active_rows", .number(Double(solution.statistics.activeRows))),
                    ("active_columns", .number(Double(solution.statistics.activeColumns))),
                    ("presolved_rows", .number(Double(solution.statistics.presolvedRows))),
                ])
            ))
        return members
    }

    /// The hole and component counts `solve` and `audit` both write at the top level.
    static func continuityMembers(_ continuity: Continuity) -> Members {
        [
            ("holes_count", .number(Double(continuity.holes.count))),
            ("holes_enclosed", .number(Double(continuity.holes.filter { !$0.touchesEdge }.count))),
            ("largest_hole_m2", number(continuity.largestHoleSquareMeters, 1)),
            ("covered_components", .number(Double(continuity.coveredComponents))),
        ]
    }

    /// Stage times, link evaluations, threads, input provenance, calibrations and warnings.
    static func runMembers(_ plan: Plan, writeSeconds: Double?) -> Members {
        var stages: Members = plan.stageSeconds.map { (key: $0.name, value: number($0.seconds, 3)) }
        if let writeSeconds { stages.append((PipelineStage.write.rawValue, number(writeSeconds, 3))) }
        return [
            ("stage_seconds", .object(stages)),
            ("link_evaluations", .number(Double(plan.radio?.columns.linkEvaluations ?? 0))),
            ("threads", .number(Double(plan.threads))),
            ("inputs", inputs(plan.scenario.inputs)),
            ("calibrations", CalibrationProvenance.json(plan.scenario.radio.calibrations)),
            ("warnings", warnings(plan.warnings)),
        ]
    }

    /// The summary of an audit: the solve keys that apply, with the same names.
    public static func audit(_ result: AuditResult, writeSeconds: Double? = nil) -> JSONValue {
        let continuity = result.continuity
        var stages = result.stageSeconds.map { (key: $0.name, value: number($0.seconds, 3)) }
        if let writeSeconds { stages.append((PipelineStage.write.rawValue, number(writeSeconds, 3))) }
        let members: Members = [
            ("version", .string(NRPlanVersion.string)),
            ("command", .string("audit")),
            ("inputs", inputs(result.inputs)),
            ("radio", radio(result.assumptions, profileOption: result.request.profileName)),
            ("passed", .bool(result.passed)),
            ("coverage_ratio", number(continuity.coverageRatio)),
            ("area_km2", number(result.study.areaSquareMeters / 1e6, 3)),
            ("demand_area_km2", number(Double(result.grid.cellCount) * result.grid.cellAreaSquareMeters / 1e6, 3)),
            ("cell_m", number(result.grid.spec.cellMeters, 3)),
            ("cells", .number(Double(result.grid.cellCount))),
            ("sites", .number(Double(result.sites.count))),
        ]
        var after: Members = []
        if let loads = result.capacity { after.append(("capacity", auditCapacityObject(loads, sites: result.sites))) }
        after.append(
            ("continuity", Summary.continuity(result.continuity, field: result.field, verdicts: result.verdicts)))
        if let roads = result.roads {
            after.append(("roads", roadsValue(roads, limit: result.roadGapLimitMeters)))
        }
        after += [
            ("stage_seconds", .object(stages)),
            ("link_evaluations", .number(Double(result.linkEvaluations))),
            ("threads", .number(Double(result.request.threads))),
            ("calibrations", CalibrationProvenance.json(result.calibrations)),
            ("warnings", warnings(result.warnings)),
        ]
        return .object(members + continuityMembers(continuity) + after)
    }
}
