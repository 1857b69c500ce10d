extension SolveRun {
    /// The min-cost target as a fraction (1 for set cover).
    var targetFraction: Double {
        if case .partialCover(let t) = problem.objective { return t }
        return 1
    }

    /// Lazy greedy, redundancy removal, local search.
    ///
    /// - Throws: `.packingBlocksTarget` when the greedy, held back by packing constraints, cannot
    ///   meet the requirements (not thrown for small instances, where exhaustive search decides).
    mutating func constructMinCost(small: Bool) throws(OptimizerError) {
        var state = CoverState(problem: problem)
        LazyGreedy.completeMinCost(&state)
        guard state.isFeasibleMinCost else {
            throw .packingBlocksTarget(
                targetFraction: targetFraction,
                reachedFraction: state.coveredWeight / max(problem.instance.totalWeight, 1e-300),
                proven: false)
        }
        checkpoint(state, after: "greedy")
        Redundancy.removeMinCost(&state)
        checkpoint(state, after: "redundancy")
        statistics.greedyObjective = state.cost
        if let warm = warmStartState(), warm.cost <= state.cost + problem.costTolerance { state = warm }
        if options.useLocalSearch {
            let result = MinCostLocalSearch.improve(
                &state, parallel: parallel, maxPasses: constructionPasses, clock: clock)
            statistics.localSearchMoves += result.moves
            work += Double(result.passes) * passCost
            checkpoint(state, after: "local search")
            let exchange = SlackExchange.improve(
                &state, parallel: parallel, maxRounds: 200, passesPerRound: 10,
                maxPasses: constructionPasses, clock: clock)
            statistics.localSearchMoves += exchange.rounds
            work += Double(exchange.passes) * passCost
            checkpoint(state, after: "slack exchange")
        }
        best = state.sortedChosen
    }

    /// The warm start completed to a feasible solution (lazy greedy) without redundant columns, or
    /// nil when there is none or it cannot be completed.
    func warmStartState() -> CoverState? {
        guard !warmStart.isEmpty else { return nil }
        var state = CoverState(problem: problem, columns: warmStart.filter { problem.isEligible($0) })
        LazyGreedy.completeMinCost(&state)
        guard state.isFeasibleMinCost else { return nil }
        Redundancy.removeMinCost(&state)
        return state
    }

    /// The Lagrangian heuristic (improves `best`) and the Lagrangian lower bound.
    mutating func improveMinCost() {
        guard options.useLagrangian else { return }
        var heuristic = MinCostHeuristic(
            problem: problem, options: options, clock: clock, incumbent: best,
            workBudget: max(0, workBudget - work))
        heuristic.checks = checks.map { _ in PhaseChecks() }
        heuristic.run()
        if let inner = heuristic.checks { checks?.merge(inner) }
        best = heuristic.incumbent
        checkpoint(columns: best, after: "lagrangian heuristic")
        statistics.lagrangianObjective = heuristic.incumbentCost
        statistics.subgradientIterations += heuristic.iterations
        statistics.localSearchMoves += heuristic.localSearchMoves
        if heuristic.stoppedByTimeLimit { stoppedByTimeLimit = true }
        if heuristic.lowerBound > -Double.infinity {
            bound = heuristic.rounded(heuristic.lowerBound)
            if let u = heuristic.boundMultipliers, let core = heuristic.boundCore {
                let multipliers = core.instanceMultipliers(
                    u, instanceRowCount: problem.instance.rowCount,
                    isMust: problem.isMust, weights: problem.instance.weights)
                certificate = LagrangianCertificate(
                    value: heuristic.lowerBound, multipliers: multipliers, costUnit: problem.costUnit)
            }
            if let bound, bound >= heuristic.incumbentCost - problem.costTolerance { proven = true }
        }
    }
}
