extension SolveRun {
    /// Lazy greedy, redundancy removal, local search.
    mutating func constructMinCost() {
        var state = CoverState(problem: problem)
        LazyGreedy.completeMinCost(&state)
        Redundancy.removeMinCost(&state)
        statistics.greedyObjective = state.cost
        if options.useLocalSearch {
            let result = MinCostLocalSearch.improve(&state, parallel: parallel, maxPasses: constructionPasses, clock: clock)
            statistics.localSearchMoves += result.moves
            work += Double(result.passes) * passCost
        }
        best = state.sortedChosen
    }

    /// The Lagrangian heuristic (improves `best`) and the Lagrangian lower bound.
    mutating func improveMinCost() {
        guard options.useLagrangian else { return }
        var heuristic = MinCostHeuristic(problem: problem, options: options, clock: clock, incumbent: best,
                                         workBudget: max(0, workBudget - work))
        heuristic.run()
        best = heuristic.incumbent
        statistics.lagrangianObjective = heuristic.incumbentCost
        statistics.subgradientIterations += heuristic.iterations
        statistics.localSearchMoves += heuristic.localSearchMoves
        if heuristic.stoppedByTimeLimit { stoppedByTimeLimit = true }
        if heuristic.lowerBound > -Double.infinity {
            bound = heuristic.rounded(heuristic.lowerBound)
            if let bound, bound >= heuristic.incumbentCost - problem.costTolerance { proven = true }
        }
    }
}
