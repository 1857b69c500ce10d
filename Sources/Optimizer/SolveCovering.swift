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
/// - Throws: `OptimizerError.uncoverableRows` (must rows — all rows for set cover — that no column
///   covers), `.infeasibleTarget` (partial-cover target above the reachable fraction),
///   `.mustCoverExceedsLimits` (max coverage whose must rows do not fit K/budget), `.invalidObjective`,
///   `.invalidOptions`.
public func solveCovering(_ instance: CoveringInstance, objective: CoveringObjective,
                          options: SolverOptions = SolverOptions()) throws(OptimizerError) -> CoveringSolution {
    try options.validate()
    let clock = SolveClock(limitSeconds: options.timeLimitSeconds)
    let problem = try CoverProblem(instance, objective: objective)
    try problem.checkFeasibility()
    var run = SolveRun(problem: problem, options: options, clock: clock)
    try run.solve()
    return run.makeSolution()
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

/// One solve in progress: the best solution so far, the best bound, statistics.
struct SolveRun {
    let problem: CoverProblem
    let options: SolverOptions
    let clock: SolveClock
    /// Best solution's chosen columns (ascending).
    var best: [Int] = []
    /// Best bound on the optimum: lower for min-cost, upper for max coverage.
    var bound: Double?
    var proven = false
    var stoppedByTimeLimit = false
    var statistics = SolverStatistics()

    init(problem: CoverProblem, options: SolverOptions, clock: SolveClock) {
        self.problem = problem
        self.options = options
        self.clock = clock
    }

    mutating func solve() throws(OptimizerError) {
        switch problem.kind {
        case .minCost:
            try solveMinCost()
        case .maxCoverage:
            var base = CoverState(problem: problem)
            guard LazyGreedy.coverMustWithinLimits(&base),
                  problem.fitsLimits(count: base.chosenCount, cost: base.cost) else {
                throw .mustCoverExceedsLimits(mustCoverRows: problem.mustCount, neededColumns: base.chosenCount,
                                              neededCost: base.cost, proven: false)
            }
            var candidates: [CoverState] = []
            var uniform = base
            LazyGreedy.completeMaxCoverage(&uniform, perCost: false)
            candidates.append(uniform)
            if problem.budget.isFinite {
                var ratio = base
                LazyGreedy.completeMaxCoverage(&ratio, perCost: true)
                candidates.append(ratio)
            }
            var winner = candidates[0]
            for candidate in candidates.dropFirst() where isBetterMax(candidate, than: winner) { winner = candidate }
            Redundancy.removeMaxCoverage(&winner)
            best = winner.sortedChosen
            statistics.greedyObjective = winner.coveredWeight
        }
    }

    /// Greedy, local search, then the Lagrangian heuristic and bound.
    mutating func solveMinCost() throws(OptimizerError) {
        let parallel = Parallel(threads: options.threads)
        var state = CoverState(problem: problem)
        LazyGreedy.completeMinCost(&state)
        Redundancy.removeMinCost(&state)
        statistics.greedyObjective = state.cost
        if options.useLocalSearch {
            statistics.localSearchMoves += MinCostLocalSearch.improve(&state, parallel: parallel, maxPasses: 100, clock: clock)
        }
        state.recomputeCoveredWeight()
        best = state.sortedChosen
        if options.useLagrangian && !clock.expired {
            var heuristic = MinCostHeuristic(problem: problem, options: options, clock: clock, incumbent: best)
            heuristic.run()
            best = heuristic.incumbent
            statistics.lagrangianObjective = heuristic.incumbentCost
            statistics.subgradientIterations += heuristic.iterations
            statistics.localSearchMoves += heuristic.localSearchMoves
            if heuristic.stoppedByTimeLimit { stoppedByTimeLimit = true }
            if heuristic.lowerBound > -Double.infinity { bound = heuristic.rounded(heuristic.lowerBound) }
        }
    }

    func isBetterMax(_ a: CoverState, than b: CoverState) -> Bool {
        let tol = problem.weightTolerance
        if a.coveredWeight > b.coveredWeight + tol { return true }
        if a.coveredWeight < b.coveredWeight - tol { return false }
        return a.cost < b.cost - problem.costTolerance
    }

    /// The solution record for `best`, with bounds and gap.
    func makeSolution() -> CoveringSolution {
        let inst = problem.instance
        let counts = inst.coverCounts(of: best)
        var covered = 0.0
        var coveredRows = 0
        for i in 0..<inst.rowCount where counts[i] > 0 {
            covered += inst.weights[i]
            coveredRows += 1
        }
        var cost = 0.0
        for j in best { cost += inst.costs[j] }
        var lower: Double?
        var upper: Double?
        var gap: Double?
        switch problem.kind {
        case .minCost:
            upper = cost
            if let bound {
                let b = proven ? cost : min(bound, cost)
                lower = b
                gap = cost > 0 ? max(0, (cost - b) / cost) : 0
            }
        case .maxCoverage:
            lower = covered
            if let bound {
                let b = proven ? covered : max(bound, covered)
                upper = b
                gap = b > 0 ? max(0, (b - covered) / b) : 0
            }
        }
        return CoveringSolution(
            chosenColumns: best, fixedColumns: inst.fixedColumns, cost: cost, coveredWeight: covered,
            totalWeight: inst.totalWeight, coveredRowCount: coveredRows, objective: problem.objective,
            lowerBound: lower, upperBound: upper, gap: gap, provenOptimal: proven || gap == 0,
            seconds: clock.elapsed, stoppedByTimeLimit: stoppedByTimeLimit, threads: options.threads,
            seed: options.seed, statistics: statistics)
    }
}
