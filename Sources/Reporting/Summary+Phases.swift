import Optimizer
import Planning
import Support

extension Summary {
    /// A phase's limits as the scenario gives them: `coverage_target`, or `sites` and/or `budget`.
    static func phaseLimits(_ objective: ObjectiveSettings) -> Members {
        switch objective {
        case .minCost(let target): return [("coverage_target", number(target))]
        case .maxCoverage(let sites, let budget):
            return (sites.map { [("sites", .number(Double($0)))] } ?? [])
                + (budget.map { [("budget", number($0))] } ?? [])
        }
    }

    /// `objective.phases` of the summary: each phase's name, type and limits.
    static func phaseObjectives(_ phases: [RolloutPhase]) -> JSONValue {
        .array(
            phases.map { phase in
                .object(
                    [("name", .string(phase.name)), ("type", .string(phase.objective.typeName))]
                        + phaseLimits(phase.objective))
            })
    }

    /// `phases`: what each phase of a phased plan builds and what the network reaches by its end
    /// (docs/outputs.md), with the phase's bound given the earlier phases and its from-scratch bound.
    static func phaseMembers(_ plan: Plan) -> Members {
        guard !plan.phases.isEmpty else { return [] }
        return [("phases", .array(plan.phases.enumerated().map { phaseObject($1, first: $0 == 0) }))]
    }

    /// One phase; `first`: the first phase, whose solve is its own from-scratch solve.
    static func phaseObject(_ phase: PlanPhase, first: Bool) -> JSONValue {
        let solve = phase.solve
        let solution = solve.solution
        let c = phase.continuity
        var members: Members = [
            ("name", .string(phase.name)),
            ("objective", .object([("type", .string(phase.objective.typeName))] + phaseLimits(phase.objective))),
            ("sites_new", .number(Double(phase.sites.count))),
            ("sites_new_total", .number(Double(phase.cumulativeNewCount))),
            ("cost", number(phase.cost, 4)),
            ("cost_total", number(phase.cumulativeCost, 4)),
            ("coverage_ratio", number(c.coverageRatio)),
        ]
        members += continuityMembers(c)
        members.append(("hole_area_m2", number(c.holes.reduce(0) { $0 + $1.areaSquareMeters }, 1)))
        members += [
            ("lower_bound", optional(solution.lowerBound, 4)),
            ("upper_bound", optional(solution.upperBound, 4)),
            ("gap", optional(solution.gap, 6)),
            ("proven_optimal", .bool(solution.provenOptimal)),
        ]
        var scratch: Members = [
            (solve.objective.isMaximisation ? "upper_bound" : "lower_bound", optional(solve.fromScratchBound, 4)),
            ("gap", optional(solve.fromScratchGap, 6)),
        ]
        if solve.objective.isMaximisation, let bound = solve.fromScratchBound, solution.totalWeight > 0 {
            scratch.append(("coverage_ratio_upper_bound", number(min(1, bound / solution.totalWeight))))
        }
        // The best plan the from-scratch solve found for these limits alone (not nested).
        let found = solve.fromScratch ?? (first ? solution : nil)
        scratch.append(
            solve.objective.isMaximisation
                ? ("coverage_ratio", optional(found?.coveredFraction))
                : ("cost", optional(found?.cost, 4)))
        members.append(("from_scratch", .object(scratch)))
        members.append(("districts", .array(c.districts.map(district))))
        return .object(members)
    }
}
