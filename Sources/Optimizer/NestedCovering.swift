/// One phase of a phased (nested) plan: what `solveNested` found for it.
public struct NestedPhaseSolution: Sendable {
    /// The phase's objective as given: limits by the end of the phase (cumulative).
    public var objective: CoveringObjective
    /// What the phase was solved for: `objective` with the limits left after the earlier phases
    /// (max coverage: `K − built`, `B − spent`; min cost: the same target, earlier coverage counting).
    public var phaseObjective: CoveringObjective
    /// The phase's solve, with the columns of every earlier phase fixed (on, free, counted as covered,
    /// as existing sites are): `chosenColumns` are the columns new in this phase, `cost` their cost,
    /// `coveredWeight` the weight covered by everything built, and its bounds and gap hold *given the
    /// earlier phases*.
    public var solution: CoveringSolution
    /// This phase's new columns by marginal gain given everything built before (`rankByMarginalGain`).
    public var ranked: [Int]
    /// Cost of every column chosen in this phase and the earlier ones.
    public var cumulativeCost: Double
    /// `objective` solved from scratch (only the instance's own fixed columns): nil for the first
    /// phase, whose solve is exactly that, and when the from-scratch solve found no plan.
    public var fromScratch: CoveringSolution?
    /// A bound on the optimum of `objective` over every plan, nested or not: a lower bound on the
    /// cost (min cost) or an upper bound on the covered weight (max coverage); nil without one.
    public var fromScratchBound: Double?
    /// The nested plan's gap against `fromScratchBound`: `(cumulativeCost − bound) / cumulativeCost`
    /// (min cost; 0 when the cost is 0) or `(bound − coveredWeight) / bound` (max coverage). It
    /// bounds what nesting and the heuristics together cost this phase.
    public var fromScratchGap: Double?

    /// The value the objective measures: cumulative cost (min cost) or covered weight (max coverage).
    public var cumulativeValue: Double { objective.isMaximisation ? solution.coveredWeight : cumulativeCost }
}

/// Why a phased plan could not be made: the phase (0-based) and the reason.
public struct NestedCoveringError: Error, CustomStringConvertible, Equatable, Sendable {
    public enum Reason: Equatable, Sendable {
        /// The solver failed on the phase's problem (earlier phases fixed).
        case solver(OptimizerError)
        /// A max-coverage phase allows fewer new columns than the earlier phases already chose.
        case sitesBelowBuilt(limit: Int, built: Int)
        /// A max-coverage phase's budget is below what the earlier phases already spent.
        case budgetBelowSpent(limit: Double, spent: Double)
    }

    /// The phase that failed, 0-based.
    public var phase: Int
    public var reason: Reason

    public var description: String {
        switch reason {
        case .solver(let error): return "phase \(phase + 1): \(error)"
        case .sitesBelowBuilt(let limit, let built):
            return "phase \(phase + 1): at most \(limit) new column(s), but the earlier phases already chose \(built)"
        case .budgetBelowSpent(let limit, let spent):
            return
                "phase \(phase + 1): budget \(formatNumber(limit)) is below the \(formatNumber(spent)) the earlier phases already spent"
        }
    }
}

/// Solves a phased rollout: objectives `O₁ … O_m` whose limits are cumulative (the budget, the
/// number of new columns or the coverage target by the end of each phase), with nested plans — a
/// column chosen in one phase stays chosen in every later one.
///
/// Phase `k` is solved with the columns `S_<k` of the earlier phases fixed (on, free and covering,
/// as existing sites are) and the limits that are left: max coverage `K_k − |S_<k|` new columns and
/// budget `B_k − c(S_<k)`; min cost the target `t_k` itself (the earlier coverage counts towards
/// it). So `S_1 ⊆ S_1 ∪ S_2 ⊆ …` by construction, and each phase's solution carries the solver's
/// own bound and gap *given what was built before it* — the decision a planner can still make in
/// that phase. This is the rolling-horizon view of a multi-period MCLP/LSCP (cf. Schilling 1980,
/// "Dynamic location modeling for public-sector facilities: a multicriteria approach"): each period
/// is optimised in turn, and nothing built is taken down.
///
/// Nesting can cost something: the best plan for `O_k` alone need not contain the best plan for
/// `O_{k−1}`. With `fromScratchBounds`, every phase after the first is also solved from scratch
/// (`fromScratch`), whose bound holds for *every* plan meeting `O_k`; the nested plan's gap against
/// it (`fromScratchGap`) bounds the loss of nesting and of the heuristics together.
///
/// - Parameters:
///   - instance: the covering instance; its fixed columns (existing sites) are on in every phase.
///   - phases: one objective per phase, limits cumulative; a max-coverage phase's limits must not
///     be below what the earlier phases already chose or spent.
///   - options: solver options for every solve.
///   - fromScratchBounds: whether to solve each later phase from scratch as well (one more solve
///     per phase after the first).
/// - Returns: one `NestedPhaseSolution` per phase.
/// - Throws: `NestedCoveringError` naming the phase that failed.
/// - Complexity: `phases.count` solves, plus `phases.count − 1` more with `fromScratchBounds`.
public func solveNested(
    _ instance: CoveringInstance, phases: [CoveringObjective], options: SolverOptions = SolverOptions(),
    fromScratchBounds: Bool = true
) throws(NestedCoveringError) -> [NestedPhaseSolution] {
    var built: [Int] = []
    var spent = 0.0
    var results: [NestedPhaseSolution] = []
    for (k, objective) in phases.enumerated() {
        let remaining = try remainingObjective(objective, phase: k, built: built.count, spent: spent)
        let phaseInstance = built.isEmpty ? instance : instance.fixing(built)
        let solution: CoveringSolution
        do {
            solution = try solveCovering(phaseInstance, objective: remaining, options: options)
        } catch {
            throw NestedCoveringError(phase: k, reason: .solver(error))
        }
        let ranked = rankByMarginalGain(phaseInstance, columns: solution.chosenColumns)
        built += ranked
        spent += solution.cost
        var result = NestedPhaseSolution(
            objective: objective, phaseObjective: remaining, solution: solution, ranked: ranked,
            cumulativeCost: spent, fromScratch: nil, fromScratchBound: nil, fromScratchGap: nil)
        if k == 0 {
            result.fromScratchBound = objective.isMaximisation ? solution.upperBound : solution.lowerBound
            result.fromScratchGap = solution.gap
        } else if fromScratchBounds, let scratch = try? solveCovering(instance, objective: objective, options: options)
        {
            result.fromScratch = scratch
            result.fromScratchBound = objective.isMaximisation ? scratch.upperBound : scratch.lowerBound
            result.fromScratchGap = result.fromScratchBound.map { nestedGap(of: result, against: $0) }
        }
        results.append(result)
    }
    return results
}

/// The limits left for phase `k` after `built` columns costing `spent`.
func remainingObjective(_ objective: CoveringObjective, phase k: Int, built: Int, spent: Double)
    throws(NestedCoveringError) -> CoveringObjective
{
    guard case .maxCoverage(let maxColumns, let budget) = objective else { return objective }
    if let maxColumns, maxColumns < built {
        throw NestedCoveringError(phase: k, reason: .sitesBelowBuilt(limit: maxColumns, built: built))
    }
    // Equal budgets in two phases leave a rounding residue of the summed costs, not an overrun.
    if let budget, spent > budget + 1e-9 * max(1, abs(budget)) {
        throw NestedCoveringError(phase: k, reason: .budgetBelowSpent(limit: budget, spent: spent))
    }
    return .maxCoverage(maxNewColumns: maxColumns.map { $0 - built }, budget: budget.map { max(0, $0 - spent) })
}

/// The gap of a nested phase's plan against a bound on its cumulative objective (never negative).
func nestedGap(of phase: NestedPhaseSolution, against bound: Double) -> Double {
    if phase.objective.isMaximisation {
        return bound > 0 ? max(0, (bound - phase.solution.coveredWeight) / bound) : 0
    }
    return phase.cumulativeCost > 0 ? max(0, (phase.cumulativeCost - bound) / phase.cumulativeCost) : 0
}

extension NestedPhaseSolution {
    /// The whole phased plan as one solution of the last phase's objective: every phase's columns,
    /// the cumulative cost and final coverage, with the last phase's from-scratch bound and gap — so
    /// the gap says how far the whole plan can be from the best plan for the final objective.
    /// Solver figures are summed over every solve (the greedy and Lagrangian objectives, which
    /// belong to one solve, are left out); the Lagrangian certificate is the from-scratch solve's.
    ///
    /// - Precondition: `phases` is the non-empty result of one `solveNested` call.
    public static func wholePlan(_ phases: [NestedPhaseSolution]) -> CoveringSolution {
        guard let last = phases.last, let first = phases.first else {
            preconditionFailure("a phased plan has at least one phase")
        }
        let solves = phases.flatMap { [$0.solution] + ($0.fromScratch.map { [$0] } ?? []) }
        var whole = last.solution
        whole.chosenColumns = phases.flatMap(\.solution.chosenColumns).sorted()
        whole.fixedColumns = first.solution.fixedColumns
        whole.cost = last.cumulativeCost
        whole.objective = last.objective
        if last.objective.isMaximisation {
            whole.lowerBound = last.solution.coveredWeight
            whole.upperBound = last.fromScratchBound
        } else {
            whole.lowerBound = last.fromScratchBound
            whole.upperBound = last.cumulativeCost
        }
        whole.gap = last.fromScratchGap
        whole.provenOptimal = last.fromScratchGap == 0
        whole.seconds = solves.reduce(0) { $0 + $1.seconds }
        whole.stoppedByTimeLimit = solves.contains { $0.stoppedByTimeLimit }
        var statistics = SolverStatistics()
        statistics.subgradientIterations = solves.reduce(0) { $0 + $1.statistics.subgradientIterations }
        statistics.localSearchMoves = solves.reduce(0) { $0 + $1.statistics.localSearchMoves }
        statistics.exactSearchNodes = solves.reduce(0) { $0 + $1.statistics.exactSearchNodes }
        statistics.activeColumns = first.solution.statistics.activeColumns
        statistics.activeRows = first.solution.statistics.activeRows
        whole.statistics = statistics
        let boundSolve = last.fromScratch ?? (phases.count == 1 ? last.solution : nil)
        whole.boundAccountsForPacking = boundSolve?.boundAccountsForPacking ?? false
        whole.lagrangianCertificate = boundSolve?.lagrangianCertificate
        return whole
    }
}
