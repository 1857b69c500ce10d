import Support

/// One solve in progress: the phases in order, the best solution so far, the best bound.
///
/// Order: construction (greedy + local search) → exact branch and bound when the instance has few
/// relevant columns (if it completes, the result is proven optimal and nothing else runs) →
/// improvement and bounds (Lagrangian heuristic for min-cost; Lagrangian heuristic, submodular
/// and Lagrangian bounds for max coverage).
struct SolveRun {
    let problem: CoverProblem
    let options: SolverOptions
    let clock: SolveClock
    let parallel: Parallel
    /// Best solution's chosen columns (ascending).
    var best: [Int] = []
    /// Best bound on the optimum: lower for min-cost, upper for max coverage.
    var bound: Double?
    var proven = false
    var stoppedByTimeLimit = false
    var statistics = SolverStatistics()
    /// Max coverage: the state covering the must rows that every construction starts from.
    var mustBase: CoverState?
    /// Max coverage: the plain greedy's selection order (for the submodular bound's intermediate sets).
    var greedySequence: [Int] = []
    /// Cost of one pass over the matrix in work units (matrix entries + rows + columns).
    let passCost: Double
    /// Deterministic work budget of the whole solve, in matrix-entry visits (see `workBudget`).
    let workBudget: Double
    /// Work spent so far (passes of local search, subgradient iterations, …).
    var work = 0.0
    /// The min-cost Lagrangian bound's multipliers, when it came from the subgradient.
    var certificate: LagrangianCertificate?
    /// Whether the last exact search explored everything (within its node limit).
    var exactSearchComplete = false
    /// Min-cost: columns of an earlier solution to start the construction from (`solveCovering`'s `warmStart`).
    var warmStart: [Int] = []
    /// Consistency checks after every phase (tests), or nil (`PhaseChecks`).
    var checks: PhaseChecks?

    init(problem: CoverProblem, options: SolverOptions, clock: SolveClock) {
        self.problem = problem
        self.options = options
        self.clock = clock
        parallel = Parallel(threads: options.threads)
        let inst = problem.instance
        passCost = Double(inst.nonzeroCount + inst.rowCount + inst.columnCount)
        workBudget = Self.workBudget(passCost: passCost, kind: problem.kind, effort: options.effort)
    }

    /// The work budget of a solve, in matrix-entry visits, at `effort` 1:
    /// - min-cost: 20 000 passes over the matrix, at least 3·10⁸ visits (a fraction of a second)
    ///   unless the matrix is tiny (then 30 000 passes), at most 4·10⁹ (~10–20 s at city scale);
    /// - max coverage: 150 passes, at least 1.5·10⁸ and at most 1.5·10⁹ visits.
    /// Every stopping rule of the solve derives from it, so results do not depend on machine speed.
    static func workBudget(passCost: Double, kind: CoverProblem.Kind, effort: Double) -> Double {
        switch kind {
        case .minCost: return effort * min(4e9, max(8_000 * passCost, min(3e8, 30_000 * passCost)))
        case .maxCoverage: return effort * min(1.5e9, max(1.5e8, 150 * passCost))
        }
    }

    /// Local-search passes the construction may use: a tenth of the budget, 3 to `limit`.
    var constructionPasses: Int { max(3, min(200, Int(0.1 * workBudget / max(1, passCost)))) }

    mutating func solve() throws(OptimizerError) {
        let relevant = ExactSearch.relevantColumns(problem)
        statistics.activeColumns = relevant.count
        statistics.activeRows = RelevantRows(state: CoverState(problem: problem)).rows.count
        let small = options.exactSearchMaxColumns > 0 && relevant.count <= options.exactSearchMaxColumns
        do {
            switch problem.kind {
            case .minCost: try constructMinCost(small: small)
            case .maxCoverage: try constructMaxCoverage()
            }
        } catch .packingBlocksTarget(let target, let reached, _) where small {
            // Only exhaustive search can tell whether some selection respecting the packing fits.
            guard exactSearch(incumbent: []) else {
                throw .packingBlocksTarget(
                    targetFraction: target, reachedFraction: reached, proven: exactSearchComplete)
            }
            if proven { return }
        } catch .mustCoverExceedsLimits(let rows, let columns, let cost, _) where small {
            // Only exhaustive search can tell whether some cover of the must rows fits the limits.
            guard exactSearch(incumbent: []) else {
                throw .mustCoverExceedsLimits(
                    mustCoverRows: rows, neededColumns: columns, neededCost: cost, proven: !stoppedByTimeLimit)
            }
            return
        }
        if small && !clock.expired && exactSearch(incumbent: best) && proven { return }
        if clock.expired {
            stoppedByTimeLimit = true
            return
        }
        switch problem.kind {
        case .minCost: improveMinCost()
        case .maxCoverage: improveMaxCoverage()
        }
    }

    /// Runs the branch and bound from `incumbent`; returns whether it found a feasible solution.
    /// Sets `proven` and `bound` when it completed.
    mutating func exactSearch(incumbent: [Int]) -> Bool {
        var search = ExactSearch(problem: problem, nodeLimit: options.exactSearchNodeLimit)
        search.run(incumbent: incumbent)
        statistics.exactSearchNodes += search.nodes
        exactSearchComplete = search.complete
        guard let found = search.best else { return false }
        best = found
        checkpoint(columns: best, after: "exact search")
        if search.complete {
            proven = true
            bound = problem.kind == .minCost ? search.bestCost : search.bestCovered
        }
        return true
    }

    /// More covered weight; on a tie, less cost.
    static func isBetterMax(_ a: CoverState, than b: CoverState) -> Bool {
        let problem = a.problem
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
        var solution = CoveringSolution(
            chosenColumns: best, fixedColumns: inst.fixedColumns, cost: cost, coveredWeight: covered,
            totalWeight: inst.totalWeight, coveredRowCount: coveredRows, objective: problem.objective,
            lowerBound: lower, upperBound: upper, gap: gap, provenOptimal: proven || gap == 0,
            seconds: clock.elapsed, stoppedByTimeLimit: stoppedByTimeLimit || clock.expired, threads: options.threads,
            seed: options.seed, statistics: statistics)
        solution.boundAccountsForPacking = problem.packing == nil || proven
        solution.lagrangianCertificate = certificate
        if problem.kind == .minCost { solution.costUnit = problem.costUnit }
        solution.columnLimitShortfall = ColumnLimitShortfall.of(best, problem: problem)
        return solution
    }
}
