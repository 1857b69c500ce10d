import Geo
import Support

extension ScenarioLoader {
    /// The limit keys of a phase, in the order they are checked for monotonicity.
    static let phaseLimitKeys = ["budget", "sites", "coverage_target"]

    /// `objective.phases`: a phased rollout — a non-empty list of `{name, coverage_target}` (least
    /// cost) or `{name, budget and/or sites}` (most coverage) whose limits are cumulative, so each
    /// must be at least the same limit of every earlier phase. `objective.type`, when given, must
    /// fit every phase; `coverage_target`, `sites` and `budget` beside `phases` are refused (each
    /// phase gives its own). Every problem is recorded; nil when there was one.
    static func loadPhases(_ objective: JSONFields, _ diagnostics: inout Diagnostics) -> [RolloutPhase]? {
        objective.warnUnknownKeys(["type", "phases", "coverage_target", "sites", "budget"], &diagnostics)
        var ok = true
        for key in phaseLimitKeys where objective.has(key) {
            diagnostics.error(
                objective.file, nil, field: objective.path(key),
                expected: "no \(key) beside objective.phases (each phase gives its own; the last is the plan's)",
                found: objective.value[key].map(describe) ?? "a value")
            ok = false
        }
        let type = objective.string("type", &diagnostics)
        if let type, type != "min_cost" && type != "max_coverage" {
            diagnostics.error(
                objective.file, nil, field: objective.path("type"), expected: "'min_cost' or 'max_coverage'",
                found: "'\(type)'")
            ok = false
        }
        guard case .array(let elements)? = objective.value["phases"], !elements.isEmpty else {
            diagnostics.error(
                objective.file, nil, field: objective.path("phases"),
                expected: "a non-empty list of phases {\"name\": …, \"budget\" | \"sites\" | \"coverage_target\": …}",
                found: objective.value["phases"].map(describe) ?? "nothing")
            return nil
        }
        var phases: [RolloutPhase] = []
        for (k, element) in elements.enumerated() {
            let fields = JSONFields(element, file: objective.file, prefix: objective.path("phases[\(k)]"))
            guard case .object = element else {
                diagnostics.error(
                    objective.file, nil, field: fields.prefix,
                    expected: "an object {\"name\": …, \"budget\" | \"sites\" | \"coverage_target\": …}",
                    found: describe(element))
                ok = false
                continue
            }
            guard let phase = loadPhase(fields, type: type, &diagnostics) else {
                ok = false
                continue
            }
            if phases.contains(where: { $0.name == phase.name }) {
                diagnostics.error(
                    objective.file, nil, field: fields.path("name"), expected: "a name used by one phase only",
                    found: "'\(phase.name)' a second time")
                ok = false
            }
            phases.append(phase)
        }
        guard ok else { return nil }
        guard checkPhasesMonotone(phases, objective, &diagnostics) else { return nil }
        return phases
    }

    /// One phase: its name and exactly one kind of limit (a coverage target, or a budget and/or a
    /// number of sites), of the kind `type` names when given.
    static func loadPhase(_ fields: JSONFields, type: String?, _ diagnostics: inout Diagnostics) -> RolloutPhase? {
        fields.warnUnknownKeys(["name", "coverage_target", "sites", "budget"], &diagnostics)
        var name = fields.string("name", required: true, &diagnostics)
        if let given = name, given.trimmingCharacters(in: .whitespaces).isEmpty {
            diagnostics.error(
                fields.file, nil, field: fields.path("name"), expected: "a non-empty name (e.g. a year)",
                found: "'\(given)'")
            name = nil
        }
        let target = fields.number(
            "coverage_target", in: 0.000001...1, rangeText: "a fraction of demand in (0, 1]", &diagnostics)
        let sites = fields.integer("sites", minimum: 0, &diagnostics)
        let budget = fields.number(
            "budget", in: 0...Double.greatestFiniteMagnitude, rangeText: "a cost ≥ 0", &diagnostics)
        let minCost = fields.has("coverage_target")
        let maxCoverage = fields.has("sites") || fields.has("budget")
        let kinds = "a coverage_target (least cost), or a budget and/or sites (most coverage)"
        if minCost && maxCoverage {
            diagnostics.error(
                fields.file, nil, field: fields.path("coverage_target"), expected: "\(kinds), not both",
                found: "coverage_target beside \(fields.has("budget") ? "budget" : "sites")")
            return nil
        }
        if !minCost && !maxCoverage {
            diagnostics.error(fields.file, nil, field: fields.prefix, expected: kinds, found: "none of them")
            return nil
        }
        if let type, (type == "min_cost") != minCost {
            diagnostics.error(
                fields.file, nil,
                field: fields.path(minCost ? "coverage_target" : (fields.has("budget") ? "budget" : "sites")),
                expected:
                    type == "min_cost"
                    ? "a coverage_target (objective.type is min_cost)"
                    : "a budget and/or sites (objective.type is max_coverage)",
                found: minCost ? "a coverage_target" : "a budget or sites")
            return nil
        }
        guard let name else { return nil }
        if minCost {
            guard let target else { return nil }
            return RolloutPhase(name: name, objective: .minCost(coverageTarget: target))
        }
        guard sites != nil || !fields.has("sites"), budget != nil || !fields.has("budget") else { return nil }
        return RolloutPhase(name: name, objective: .maxCoverage(sites: sites, budget: budget))
    }

    /// Phases are cumulative: each budget, site count and coverage target is at least the same limit
    /// of every earlier phase that gives one. Records one error per decrease.
    static func checkPhasesMonotone(_ phases: [RolloutPhase], _ objective: JSONFields, _ diagnostics: inout Diagnostics)
        -> Bool
    {
        var ok = true
        for key in phaseLimitKeys {
            var previous: (value: Double, phase: String)?
            for (k, phase) in phases.enumerated() {
                guard let value = limit(key, of: phase.objective) else { continue }
                if let previous, value < previous.value {
                    diagnostics.error(
                        objective.file, nil, field: objective.path("phases[\(k)].\(key)"),
                        expected:
                            "at least \(NumberText.message(previous.value)), the \(key) of phase '\(previous.phase)' (limits are cumulative: a later phase keeps every site of the earlier ones)",
                        found: NumberText.message(value))
                    ok = false
                }
                if previous == nil || value >= previous!.value { previous = (value, phase.name) }
            }
        }
        return ok
    }

    /// The phase's value of `key` (`budget`, `sites` or `coverage_target`), nil when it has none.
    static func limit(_ key: String, of objective: ObjectiveSettings) -> Double? {
        switch (key, objective) {
        case ("coverage_target", .minCost(let target)): return target
        case ("sites", .maxCoverage(let sites?, _)): return Double(sites)
        case ("budget", .maxCoverage(_, let budget?)): return budget
        default: return nil
        }
    }
}
