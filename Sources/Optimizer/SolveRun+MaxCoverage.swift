extension SolveRun {
    /// Must rows first, lazy greedy (plain, and per cost when there is a budget), local search.
    ///
    /// - Throws: `.mustCoverExceedsLimits` when the greedy cover of the must rows does not fit.
    mutating func constructMaxCoverage() throws(OptimizerError) {
        var base = CoverState(problem: problem)
        guard LazyGreedy.coverMustWithinLimits(&base),
              problem.fitsLimits(count: base.chosenCount, cost: base.cost) else {
            throw .mustCoverExceedsLimits(mustCoverRows: problem.mustCount, neededColumns: base.chosenCount,
                                          neededCost: base.cost, proven: false)
        }
        mustBase = base
        var candidates: [CoverState] = []
        var uniform = base
        LazyGreedy.completeMaxCoverage(&uniform, perCost: false, order: &greedySequence)
        candidates.append(uniform)
        if problem.budget.isFinite {
            var ratio = base
            LazyGreedy.completeMaxCoverage(&ratio, perCost: true)
            candidates.append(ratio)
        }
        statistics.greedyObjective = candidates.map(\.coveredWeight).max()
        var winner = candidates[0]
        for (index, var candidate) in candidates.enumerated() {
            Redundancy.removeMaxCoverage(&candidate)
            if options.useLocalSearch {
                statistics.localSearchMoves += MaxCoverageLocalSearch.improve(&candidate, parallel: parallel, maxPasses: 200, clock: clock)
                LazyGreedy.completeMaxCoverage(&candidate, perCost: problem.budget.isFinite)
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
        var coverable = 0.0
        for i in 0..<inst.rowCount where inst.rowStarts[i + 1] > inst.rowStarts[i] { coverable += inst.weights[i] }
        if state.coveredWeight >= coverable - problem.weightTolerance {
            bound = state.coveredWeight  // everything coverable is covered
            proven = true
            return
        }
        var upper = min(coverable, MaxCoverageBounds.submodular(state, parallel: parallel))
        var replay = base
        upper = min(upper, MaxCoverageBounds.submodular(replay, parallel: parallel))
        var checkpoint = 1
        for (step, j) in greedySequence.enumerated() where replay.isChosen[j] == 0 {
            replay.add(j)
            if step + 1 == checkpoint {
                upper = min(upper, MaxCoverageBounds.submodular(replay, parallel: parallel))
                checkpoint *= 2
            }
            if clock.expired { break }
        }
        bound = upper
        guard options.useLagrangian && !clock.expired else { return }
        let work = 3e9 * options.effort / Double(max(1, inst.nonzeroCount))
        let iterations = Int(min(400 * options.effort, max(10, work)))
        var incumbent = state
        var moves = 0
        let options = self.options
        let clock = self.clock
        let parallel = self.parallel
        let lagrangian = MaxCoverageBounds.lagrangian(state, parallel: parallel, iterations: iterations, clock: clock,
                                                      heuristicEvery: 5) { selection in
            // Lagrangian heuristic (after Galvão & ReVelle 1996): must rows, then the columns of
            // largest Lagrangian profit that fit, then greedy completion and local search.
            var trial = base
            for j in selection where trial.isChosen[j] == 0
                && trial.problem.fitsLimits(count: trial.chosenCount + 1, cost: trial.cost + inst.costs[j]) {
                trial.add(j)
            }
            LazyGreedy.completeMaxCoverage(&trial, perCost: trial.problem.budget.isFinite)
            Redundancy.removeMaxCoverage(&trial)
            if options.useLocalSearch {
                moves += MaxCoverageLocalSearch.improve(&trial, parallel: parallel, maxPasses: 50, clock: clock)
            }
            if trial.allMustCovered && SolveRun.isBetterMax(trial, than: incumbent) { incumbent = trial }
            // Everything coverable covered: no bound can do better, stop the loop.
            return incumbent.coveredWeight >= coverable - trial.problem.weightTolerance ? .infinity : incumbent.coveredWeight
        }
        bound = min(upper, lagrangian)
        statistics.localSearchMoves += moves
        if Self.isBetterMax(incumbent, than: state) { best = incumbent.sortedChosen }
        if incumbent.coveredWeight >= coverable - problem.weightTolerance { bound = incumbent.coveredWeight; proven = true }
        if clock.expired { stoppedByTimeLimit = true }
    }
}
