import Geo

extension ScenarioLoader {
    /// `objective`: `min_cost` with a `coverage_target`, or `max_coverage` with `sites` and/or
    /// `budget`; or `phases`, a phased rollout (`loadPhases`), whose last phase is the plan's objective.
    /// When it is not `required` (an audit's scenario) and absent: `min_cost` with target 1 and no
    /// phases, which nothing reads.
    static func loadObjective(_ fields: JSONFields, required: Bool = true, _ diagnostics: inout Diagnostics) -> (
        settings: ObjectiveSettings, phases: [RolloutPhase]
    )? {
        if !required && !fields.has("objective") { return (.minCost(coverageTarget: 1), []) }
        guard let objective = fields.object("objective", required: true, &diagnostics) else { return nil }
        if objective.has("phases") {
            guard let phases = loadPhases(objective, &diagnostics), let last = phases.last else { return nil }
            return (last.objective, phases)
        }
        return loadSingleObjective(objective, &diagnostics).map { ($0, []) }
    }

    /// An objective of one step (`type` and its limits), the objective of a plan without phases.
    static func loadSingleObjective(_ objective: JSONFields, _ diagnostics: inout Diagnostics) -> ObjectiveSettings? {
        guard let type = objective.string("type", required: true, &diagnostics) else { return nil }
        switch type {
        case "min_cost":
            objective.warnUnknownKeys(Set(["type", "coverage_target"]).union(continuityKeys), &diagnostics)
            // With continuity limits the coverage target is optional (the limits alone are a job).
            let limited = continuityKeys.contains { objective.has($0) }
            let target = objective.number(
                "coverage_target", required: !limited, in: 0.000001...1,
                rangeText: "a fraction of demand in (0, 1]", &diagnostics)
            if target == nil && (!limited || objective.has("coverage_target")) { return nil }
            return .minCost(coverageTarget: target ?? 0)
        case "max_coverage":
            objective.warnUnknownKeys(Set(["type", "sites", "budget"]).union(continuityKeys), &diagnostics)
            let sites = objective.integer("sites", minimum: 0, &diagnostics)
            let budget = objective.number(
                "budget", in: 0...Double.greatestFiniteMagnitude, rangeText: "a cost ≥ 0", &diagnostics)
            if sites == nil && budget == nil && !objective.has("sites") && !objective.has("budget") {
                diagnostics.error(
                    objective.file, nil, field: "objective.sites",
                    expected: "a number of new sites (or a budget) for max_coverage", found: "nothing")
                return nil
            }
            return .maxCoverage(sites: sites, budget: budget)
        default:
            diagnostics.error(
                objective.file, nil, field: "objective.type", expected: "'min_cost' or 'max_coverage'",
                found: "'\(type)'")
            return nil
        }
    }

    /// `solver` (optional): `effort` and `time_limit_s`.
    static func loadSolver(_ fields: JSONFields, _ diagnostics: inout Diagnostics) -> SolverSettings {
        var settings = SolverSettings()
        guard let solver = fields.object("solver", &diagnostics) else { return settings }
        solver.warnUnknownKeys(["effort", "time_limit_s"], &diagnostics)
        if let effort = solver.number(
            "effort", in: 0.001...1000, rangeText: "an effort factor in 0.001…1000 (1 = default)", &diagnostics)
        {
            settings.effort = effort
        }
        settings.timeLimitSeconds = solver.number(
            "time_limit_s", in: 0.001...1e6, rangeText: "a time limit in seconds > 0", &diagnostics)
        return settings
    }
}
