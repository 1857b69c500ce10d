extension SolveRun {
    /// Must rows first, lazy greedy (plain, and per cost when there is a budget), local search.
    ///
    /// - Throws: `.mustCoverExceedsLimits` when the greedy cover of the must rows does not fit.
    mutating func constructMaxCoverage() throws(OptimizerError) {
        var base = CoverState(problem: problem)
        guard LazyGreedy.coverMustWithinLimits(&base),
            problem.fitsLimits(count: base.chosenCount, cost: base.cost)
        else {
            throw .mustCoverExceedsLimits(
                mustCoverRows: problem.mustCount, neededColumns: base.chosenCount,
                neededCost: base.cost, proven: false)
        }
        checkpoint(base, after: "must rows")
        mustBase = base
        var candidates: [CoverState] = []
        var uniform = base
        LazyGreedy.completeMaxCoverage(&uniform, perCost: false, order: &greedySequence)
        checkpoint(uniform, after: "greedy")
        candidates.append(uniform)
        if problem.budget.isFinite {
            var ratio = base
            LazyGreedy.completeMaxCoverage(&ratio, perCost: true)
            checkpoint(ratio, after: "greedy per cost")
            candidates.append(ratio)
        }
        statistics.greedyObjective = candidates.map(\.coveredWeight).max()
        var winner = candidates[0]
        for (index, var candidate) in candidates.enumerated() {
            Redundancy.removeMaxCoverage(&candidate)
            checkpoint(candidate, after: "redundancy")
            if options.useLocalSearch {
                let result = MaxCoverageLocalSearch.improve(
                    &candidate, parallel: parallel, maxPasses: constructionPasses, clock: clock)
                statistics.localSearchMoves += result.moves
                work += Double(result.passes) * passCost
                LazyGreedy.completeMaxCoverage(&candidate, perCost: problem.budget.isFinite)
                checkpoint(candidate, after: "local search")
            }
            if index == 0 || Self.isBetterMax(candidate, than: winner) { winner = candidate }
        }
        best = winner.sortedChosen
    }

    /// Bounds (submodular at the greedy's intermediate sets and at the solution; Lagrangian/LP) and
    /// the Lagrangian heuristic, which may improve `best`.
    mutating func improveMaxCoverage() {
        guard let base = mustBase else { return }
        let inst = problem.instance
        let state = CoverState(problem: problem, columns: best)
        // Rows some column lists (read by column: the solve's instance has no row lists), summed in row order.
        var listed = [UInt8](repeating: 0, count: inst.rowCount)
        for row in inst.columnRows { listed[Int(row)] = 1 }
        var coverable = 0.0
        for i in 0..<inst.rowCount where listed[i] == 1 { coverable += inst.weights[i] }
        if state.coveredWeight >= coverable - problem.weightTolerance {
            bound = state.coveredWeight // everything coverable is covered
            proven = true
            return
        }
        let upper = submodularBound(state, base: base, coverable: coverable)
        bound = upper
        guard options.useLagrangian && !clock.expired else { return }
        let pass = max(1, passCost)
        boundViaMinCost(state, upper: upper)
        // The rest of the work budget: half for the max-coverage Lagrangian's subgradient iterations
        // (one pass each, at most 400) and half for heuristic trials (a greedy and up to 5
        // local-search passes, ~8 passes each, at most 40).
        let budget = max(0, workBudget - work)
        let iterations = Int(max(10, min(400 * options.effort, budget / 2 / pass)))
        let trials = Int(max(1, min(40 * options.effort, budget / 2 / (8 * pass))))
        let every = max(5, iterations / trials)
        var incumbent = state
        var moves = 0
        var ignoredOrder: [Int] = []
        var trialChecks = checks.map { _ in PhaseChecks() }
        let options = self.options
        let clock = self.clock
        let parallel = self.parallel
        let lagrangian = MaxCoverageBounds.lagrangian(
            state, parallel: parallel, iterations: iterations, clock: clock,
            heuristicEvery: every
        ) { selection in
            // Lagrangian heuristic (after Galvão & ReVelle 1996): must rows, then a lazy greedy on
            // true marginal gains restricted to the 2K columns of largest Lagrangian profit, then
            // local search.
            var trial = base
            LazyGreedy.completeMaxCoverage(
                &trial, perCost: trial.problem.budget.isFinite, order: &ignoredOrder, among: selection)
            LazyGreedy.completeMaxCoverage(&trial, perCost: trial.problem.budget.isFinite)
            Redundancy.removeMaxCoverage(&trial)
            if options.useLocalSearch {
                moves += MaxCoverageLocalSearch.improve(&trial, parallel: parallel, maxPasses: 5, clock: clock).moves
            }
            trialChecks?.check(trial, after: "lagrangian: local search")
            if trial.allMustCovered && SolveRun.isBetterMax(trial, than: incumbent) { incumbent = trial }
            // Everything coverable covered: no bound can do better, stop the loop.
            return incumbent.coveredWeight >= coverable - trial.problem.weightTolerance
                ? .infinity : incumbent.coveredWeight
        }
        bound = min(bound ?? upper, lagrangian)
        statistics.localSearchMoves += moves
        if let trialChecks { checks?.merge(trialChecks) }
        if Self.isBetterMax(incumbent, than: state) { best = incumbent.sortedChosen }
        checkpoint(columns: best, after: "lagrangian heuristic")
        if incumbent.coveredWeight >= coverable - problem.weightTolerance {
            bound = incumbent.coveredWeight
            proven = true
        }
        if clock.expired { stoppedByTimeLimit = true }
    }

    /// The submodular bound (Nemhauser, Wolsey & Fisher 1978) at the solution, at the must-row base
    /// and at the plain greedy's sets after K/8, K/4, K/2 and all steps (a pass over the matrix
    /// each), capped by the coverable weight.
    mutating func submodularBound(_ state: CoverState, base: CoverState, coverable: Double) -> Double {
        var upper = min(coverable, MaxCoverageBounds.submodular(state, parallel: parallel))
        var replay = base
        upper = min(upper, MaxCoverageBounds.submodular(replay, parallel: parallel))
        let steps = greedySequence.count
        let checkpoints = Set([steps / 8, steps / 4, steps / 2, steps].filter { $0 > 0 })
        for (step, j) in greedySequence.enumerated() where replay.isChosen[j] == 0 {
            replay.add(j)
            if checkpoints.contains(step + 1) {
                upper = min(upper, MaxCoverageBounds.submodular(replay, parallel: parallel))
                work += passCost
            }
            if clock.expired { break }
        }
        return upper
    }

    /// The bound from the min-cost side (`MaxCoverageBounds.viaMinCost`): 100 subgradient iterations
    /// per unit of effort (about a pass over the matrix each), ending early when it stalls. Not
    /// charged to the work budget, which sizes the heuristic's search: the bound is what makes the
    /// reported gap honest. Lowers `bound` below `upper` when it is tighter.
    mutating func boundViaMinCost(_ state: CoverState, upper: Double) {
        let minCostIterations = Int(max(10, 100 * options.effort))
        guard
            let viaMinCost = MaxCoverageBounds.viaMinCost(
                problem: problem, parallel: parallel, iterations: minCostIterations,
                clock: clock, stopAt: state.coveredWeight + problem.weightTolerance)
        else { return }
        // Rounding may put a bound that meets the incumbent a hair below it; a real shortfall stays visible.
        let snapped =
            viaMinCost.bound >= state.coveredWeight - problem.weightTolerance
            ? max(viaMinCost.bound, state.coveredWeight) : viaMinCost.bound
        bound = min(upper, snapped)
        statistics.subgradientIterations += viaMinCost.iterations
    }
}
