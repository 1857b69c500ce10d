import Foundation

/// Solves a covering problem: set cover (LSCP), partial cover or max coverage (MCLP).
///
/// Pipeline: feasibility checks → lazy greedy (CELF) → redundancy removal → (further phases:
/// Lagrangian heuristic and bound, local search, exact search on small instances) → solution with
/// its bound and gap. See `CoveringObjective` for the formulations and `CoveringSolution` for the
/// meaning of bounds and gap.
///
/// - Parameters:
///   - instance: the matrix, costs, weights, fixed columns and must-cover rows.
///   - objective: which problem to solve.
///   - options: threads, time limit, seed and work budgets. The result does not depend on `threads`.
///   - warmStart: min-cost only: columns of an earlier solution (e.g. of the same problem before rows
///     were added). The construction also completes them greedily to a feasible solution, drops the
///     redundant ones and keeps that start when it costs no more than the plain greedy's; the
///     Lagrangian heuristic then starts from the better one. Ignored for max coverage.
/// - Throws: `OptimizerError.uncoverableRows` (must rows — all rows for set cover — that no column
///   covers), `.infeasibleTarget` (partial-cover target above the reachable fraction),
///   `.mustCoverExceedsLimits` (max coverage whose must rows do not fit K/budget), `.invalidObjective`,
///   `.invalidOptions`.
public func solveCovering(
    _ instance: CoveringInstance, objective: CoveringObjective,
    options: SolverOptions = SolverOptions(), warmStart: [Int] = []
) throws(OptimizerError) -> CoveringSolution {
    var checks: PhaseChecks?
    return try solveCovering(instance, objective: objective, options: options, warmStart: warmStart, checks: &checks)
}

/// `solveCovering`, with the consistency checks after every phase when `checks` is not nil
/// (`PhaseChecks`; the tests); the same result either way.
func solveCovering(
    _ instance: CoveringInstance, objective: CoveringObjective, options: SolverOptions, warmStart: [Int] = [],
    checks: inout PhaseChecks?
) throws(OptimizerError) -> CoveringSolution {
    try options.validate()
    let clock = SolveClock(limitSeconds: options.timeLimitSeconds)
    let original = try CoverProblem(instance, objective: objective)
    try original.checkFeasibility() // errors name the instance's own rows
    // The exact presolve (`Presolve`): identical rows merged, rows covered by fixed columns made
    // one, weightless optional rows dropped; the phases run on the smaller instance.
    let presolve = options.presolve ? Presolve.reduce(instance, objective: objective) : nil
    var problem = original
    if let presolve {
        problem = try CoverProblem(presolve.reduced, objective: objective)
        problem.rowMultiplicity = presolve.multiplicity
    }
    var run = SolveRun(problem: problem, options: options, clock: clock)
    run.warmStart = warmStart.filter { $0 >= 0 && $0 < instance.columnCount }
    run.checks = checks
    defer { checks = run.checks }
    do {
        try run.solve()
    } catch .mustCoverExceedsLimits(_, let columns, let cost, let proven) {
        throw .mustCoverExceedsLimits(
            mustCoverRows: original.mustCount, neededColumns: columns, neededCost: cost, proven: proven)
    }
    let solution = run.makeSolution()
    guard let presolve else { return solution }
    var restored = presolve.restore(solution, original: instance, objective: objective)
    // The rows that matter counted on the instance as given (`presolvedRows` says what the phases solved).
    restored.statistics.activeRows = RelevantRows(state: CoverState(problem: original)).rows.count
    return restored
}

/// Wall-clock time since the solve started, and whether the safety net has fired.
struct SolveClock: Sendable {
    let start: UInt64
    let limitSeconds: Double

    init(limitSeconds: Double) {
        start = DispatchTime.now().uptimeNanoseconds
        self.limitSeconds = limitSeconds
    }

    var elapsed: Double { Double(DispatchTime.now().uptimeNanoseconds &- start) / 1e9 }
    var expired: Bool { elapsed >= limitSeconds }
}
