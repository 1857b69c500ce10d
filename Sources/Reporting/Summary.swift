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
        var members: [(key: String, value: JSONValue)] = [
            ("version", .string(NRPlanVersion.string)),
            ("command", .string("solve")),
            ("scenario", .object([("name", .string(scenario.name)), ("file", .string(scenario.file))])),
            ("crs", .string(scenario.frame.isPlanar ? "planar" : "wgs84")),
            ("objective", .object(objective)),
            ("coverage_ratio", number(continuity.coverageRatio)),
            ("coverage_ratio_existing", number(existingCoverageRatio(plan))),
            ("area_km2", number(plan.areaSquareMeters / 1e6, 3)),
            ("demand_area_km2", number(Double(plan.grid.cellCount) * plan.grid.cellAreaSquareMeters / 1e6, 3)),
            ("cell_m", number(plan.grid.spec.cellMeters, 3)),
            ("cells", .number(Double(plan.grid.cellCount))),
            ("candidates", .number(Double(scenario.candidates.count))),
            (
                "candidates_screened_out",
                .object([
                    ("not_open", .number(Double(plan.screening.notOpen))),
                    ("in_exclusion", .number(Double(plan.screening.inExclusion))),
                    ("covers_nothing", .number(Double(plan.screening.coversNothing))),
                ])
            ),
            ("sites_new", .number(Double(newSites.count))),
            ("sites_new_by_kind", .object(sitesByKind)),
            ("sites_existing", .number(Double(plan.existingColumns.count))),
            ("cost_total", number(plan.newCost, 4)),
            ("lower_bound", optional(solution.lowerBound, 4)),
            ("upper_bound", optional(solution.upperBound, 4)),
            ("gap", optional(solution.gap, 6)),
            ("proven_optimal", .bool(solution.provenOptimal)),
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
                ])
            ),
            ("holes_count", .number(Double(continuity.holes.count))),
            ("holes_enclosed", .number(Double(continuity.holes.filter { !$0.touchesEdge }.count))),
            ("largest_hole_m2", number(continuity.largestHoleSquareMeters, 1)),
            ("covered_components", .number(Double(continuity.coveredComponents))),
            ("continuity", Summary.continuity(plan.assessment, verdicts: nil)),
            ("stage_seconds", .object(stages)),
            ("link_evaluations", .number(Double(plan.linkEvaluations))),
            ("threads", .number(Double(plan.threads))),
            (
                "inputs",
                .array(
                    scenario.inputs.map { input in
                        .object([
                            ("file", .string(input.name)), ("bytes", .number(Double(input.bytes))),
                            ("fnv1a64", .string(input.fnv1a64)),
                        ])
                    })
            ),
            ("calibrations", CalibrationProvenance.json(scenario.radio.calibrations)),
            ("warnings", .array(plan.warnings.map { .string($0.description) })),
        ]
        if let service = plan.service {
            let byType = Dictionary(grouping: newSites, by: { plan.sites[$0].serviceType ?? "" })
            let at = members.firstIndex { $0.key == "proven_optimal" }.map { $0 + 1 } ?? members.count
            members.insert(("bound_includes_spacing", .bool(service.boundIncludesSpacing)), at: at)
            let kindsAt = members.firstIndex { $0.key == "sites_new_by_kind" } ?? members.count
            members[kindsAt] = (
                "sites_new_by_type",
                .object(service.settings.types.map { ($0.name, .number(Double(byType[$0.name]?.count ?? 0))) })
            )
            members.insert(
                ("service", serviceObject(service, plan: plan)),
                at: members.firstIndex { $0.key == "holes_count" } ?? members.count)
        }
        return .object(members)
    }

    /// Covered weight / total weight with the existing sites alone ("before" the plan).
    public static func existingCoverageRatio(_ plan: Plan) -> Double {
        let covered = plan.matrix.coveredCells(by: plan.existingColumns)
        var weight = 0.0
        for cell in 0..<plan.grid.cellCount where covered[cell] { weight += plan.grid.weights[cell] }
        let total = plan.grid.totalWeight
        return total > 0 ? weight / total : 1
    }

    /// The `service` object of a service-radius solve.
    static func serviceObject(_ service: ServiceRun, plan: Plan) -> JSONValue {
        let settings = service.settings
        let byType = Dictionary(grouping: plan.rankedNewColumns, by: { plan.sites[$0].serviceType ?? "" })
        let types: [JSONValue] = settings.types.map { type in
            var members: [(key: String, value: JSONValue)] = [
                ("name", .string(type.name)), ("radius_m", number(type.radiusMeters, 6)),
                ("cost", optional(type.cost, 6)), ("sites_new", .number(Double(byType[type.name]?.count ?? 0))),
            ]
            if let search = type.searchStepMeters { members.append(("search_step_m", number(search, 6))) }
            if let sectors = type.sectors {
                members.append(
                    (
                        "sectors",
                        .object([
                            ("count", .number(Double(sectors.count))),
                            ("half_width_deg", number(sectors.halfWidthDegrees, 6)),
                            ("edge_reach", number(sectors.edgeReach, 6)),
                            ("min_separation_deg", number(sectors.minimumSeparationDegrees, 6)),
                            ("azimuth_step_deg", number(sectors.azimuthStepDegrees, 6)),
                            ("arrangement", .string(sectors.arrangement.rawValue)),
                            ("orientations", .number(Double(sectors.orientations().count))),
                            ("azimuth_convention", .string("degrees clockwise from +y (north)")),
                        ])
                    ))
            }
            return .object(members)
        }
        var lattice: JSONValue = .null
        if let l = settings.lattice {
            lattice = .object([
                ("step_m", number(l.stepMeters, 6)), ("positions", .number(Double(service.latticePositions))),
                ("dominated", .number(Double(service.latticeDominated))),
                ("forbidden", .number(Double(service.latticeForbidden))),
                ("columns", .number(Double(service.latticeColumns))),
            ])
        }
        return .object([
            ("types", .array(types)),
            ("min_spacing_m", optional(settings.minimumSpacingMeters, 6)),
            ("lattice", lattice),
            ("columns", .number(Double(service.columns))),
            ("catalogue_columns", .number(Double(service.catalogueColumns))),
            ("locations", .number(Double(service.locations))),
            ("candidates_near_existing", .number(Double(plan.screening.nearExisting))),
            (
                "bound",
                .object([
                    ("scope", .string(service.boundScope)),
                    ("includes_spacing", .bool(service.boundIncludesSpacing)),
                    ("candidates_bound", optional(service.candidatesBound, 4)),
                    ("skipped_reduced_cost", optional(service.skippedReducedCost, 4)),
                ])
            ),
        ])
    }

    static func district(_ d: DistrictCoverage) -> JSONValue {
        .object([
            ("name", .string(d.name)),
            ("cells", .number(Double(d.cells))),
            ("coverage_ratio", number(d.coverageRatio)),
            ("area_coverage_ratio", number(d.areaCoverageRatio)),
            ("holes", .number(Double(d.holes))),
            ("largest_hole_m2", number(d.largestHoleSquareMeters, 1)),
            ("covered_components", .number(Double(d.coveredComponents))),
        ])
    }

    /// The `continuity` object shared by `solve` and `audit`: per-district coverage and holes,
    /// covered components, the radio field's distributions, and target verdicts when checked.
    public static func continuity(_ assessment: NetworkAssessment, verdicts: [TargetVerdict]?) -> JSONValue {
        let c = assessment.continuity
        var members: [(key: String, value: JSONValue)] = [
            ("coverage_ratio", number(c.coverageRatio)),
            ("covered_components", .number(Double(c.coveredComponents))),
            (
                "holes",
                .object([
                    ("count", .number(Double(c.holes.count))),
                    ("enclosed", .number(Double(c.holes.filter { !$0.touchesEdge }.count))),
                    ("largest_m2", number(c.largestHoleSquareMeters, 1)),
                    ("total_m2", number(c.holes.reduce(0) { $0 + $1.areaSquareMeters }, 1)),
                ])
            ),
            ("districts", .array(c.districts.map(district))),
        ]
        if let stats = assessment.statistics, let settings = assessment.interference {
            func p(_ values: [Double], _ q: Double) -> JSONValue { number(Statistics.percentile(values, q), 2) }
            members.append(
                (
                    "rsrp_dbm",
                    .object([
                        ("p5", p(stats.sortedRSRP, 5)), ("p50", p(stats.sortedRSRP, 50)),
                        ("p95", p(stats.sortedRSRP, 95)),
                    ])
                ))
            members.append(
                (
                    "sinr_db",
                    .object([
                        ("load", number(settings.loadFraction, 3)),
                        ("p5", p(stats.sortedSINR, 5)), ("p50", p(stats.sortedSINR, 50)),
                        ("p95", p(stats.sortedSINR, 95)),
                        ("threshold_db", number(settings.sinrThresholdDB, 2)),
                        ("share_at_or_above_threshold", number(stats.shareSINRAboveThreshold)),
                    ])
                ))
            members.append(
                (
                    "overlap",
                    .object([
                        ("window_db", number(settings.overlapWindowDB, 2)),
                        ("mean_servers", number(stats.meanOverlapServers, 3)),
                        ("share_4_or_more_servers", number(stats.sharePilotPolluted)),
                    ])
                ))
        }
        if let verdicts {
            members.append(
                (
                    "targets",
                    .object([
                        ("passed", .bool(verdicts.allSatisfy(\.passed))),
                        ("failed", .number(Double(verdicts.filter { !$0.passed }.count))),
                        ("verdicts", .array(verdicts.map(verdict))),
                    ])
                ))
        }
        return .object(members)
    }

    static func verdict(_ v: TargetVerdict) -> JSONValue {
        .object([
            ("target", .string(v.target)),
            ("scope", .string(v.scope)),
            ("limit", .string(v.isMinimum ? "min" : "max")),
            ("required", number(v.required, 6)),
            ("measured", number(v.measured, 6)),
            ("shortfall", number(v.shortfall, 6)),
            ("passed", .bool(v.passed)),
        ])
    }

    /// The summary of an audit: the solve keys that apply, with the same names.
    public static func audit(_ result: AuditResult, writeSeconds: Double? = nil) -> JSONValue {
        let continuity = result.assessment.continuity
        var stages = result.stageSeconds.map { (key: $0.name, value: number($0.seconds, 3)) }
        if let writeSeconds { stages.append(("write", number(writeSeconds, 3))) }
        var inputs: [(key: String, value: JSONValue)] = [
            ("area", .string(result.request.area.displayName)), ("sites", .string(result.request.sites.displayName)),
        ]
        if let scenario = result.request.scenario { inputs.append(("scenario", .string(scenario.displayName))) }
        if let targets = result.request.targets { inputs.append(("targets", .string(targets.displayName))) }
        if let profile = result.request.profileName { inputs.append(("profile", .string(profile))) }
        if let calibration = result.request.calibration {
            inputs.append(("calibration", .string(calibration.displayName)))
        }
        return .object([
            ("version", .string(NRPlanVersion.string)),
            ("command", .string("audit")),
            ("inputs", .object(inputs)),
            ("passed", .bool(result.passed)),
            ("coverage_ratio", number(continuity.coverageRatio)),
            ("area_km2", number(result.study.areaSquareMeters / 1e6, 3)),
            ("demand_area_km2", number(Double(result.grid.cellCount) * result.grid.cellAreaSquareMeters / 1e6, 3)),
            ("cell_m", number(result.grid.spec.cellMeters, 3)),
            ("cells", .number(Double(result.grid.cellCount))),
            ("sites", .number(Double(result.sites.count))),
            ("holes_count", .number(Double(continuity.holes.count))),
            ("holes_enclosed", .number(Double(continuity.holes.filter { !$0.touchesEdge }.count))),
            ("largest_hole_m2", number(continuity.largestHoleSquareMeters, 1)),
            ("covered_components", .number(Double(continuity.coveredComponents))),
            ("continuity", Summary.continuity(result.assessment, verdicts: result.verdicts)),
            ("stage_seconds", .object(stages)),
            ("link_evaluations", .number(Double(result.linkEvaluations))),
            ("threads", .number(Double(result.request.threads))),
            ("calibrations", CalibrationProvenance.json(result.calibrations)),
            ("warnings", .array(result.warnings.map { .string($0.description) })),
        ])
    }
}
