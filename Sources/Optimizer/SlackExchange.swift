import Support

/// Slack exchange for partial cover: raise the covered weight without raising the cost, then spend
/// the slack above the target on dropping columns.
///
/// The min-cost local search only applies moves that lower the cost; with many columns of equal
/// cost (unit-cost micro sites, lattice candidates) almost every useful exchange is cost-neutral —
/// move a site so it covers more — and only pays off once the weight it gains lets another column
/// go. So each round:
///
/// 1. treats the current solution as a max-coverage problem with at most as many columns and at
///    most its cost (Church & ReVelle 1974 MCLP with a budget) and improves it by the MCLP local
///    search (1-for-1 swaps of Teitz & Bart 1968; adds cannot fit), which keeps every must row
///    covered and every packing constraint;
/// 2. drops chosen columns while the weight target still holds, costliest first and, among equal
///    costs, the one whose loss (critical weight) is smallest;
/// 3. runs the min-cost local search again.
///
/// A round is kept only when it lowers the cost; the first round that does not ends the search.
///
/// - Complexity: per round, the passes of both local searches (O(nnz) each) plus O(k log k) for the
///   drops of k chosen columns.
enum SlackExchange {
    /// Improves a feasible partial-cover `state`; returns the rounds that lowered the cost and the
    /// local-search passes made (the work measure).
    ///
    /// - Parameters:
    ///   - passesPerRound: passes each of the two local searches may make in a round.
    ///   - maxPasses: passes allowed in all (the caller's share of the deterministic work budget);
    ///     no round starts once they are spent.
    ///   - cache: the instance's `GatherCache`, shared by both local searches (same moves, fewer gathers).
    @discardableResult
    static func improve(
        _ state: inout CoverState, parallel: Parallel, maxRounds: Int, passesPerRound: Int, maxPasses: Int = .max,
        clock: SolveClock? = nil, cache: GatherCache? = nil
    ) -> (rounds: Int, passes: Int) {
        let problem = state.problem
        guard problem.kind == .minCost, problem.mustCount < problem.instance.rowCount, state.isFeasibleMinCost else {
            return (0, 0)
        }
        var improved = 0
        var passes = 0
        for _ in 0..<maxRounds {
            if clock?.expired == true || passes >= maxPasses { break }
            guard
                let swapProblem = try? CoverProblem(
                    problem.instance,
                    objective: .maxCoverage(
                        maxNewColumns: state.chosenCount, budget: state.cost + problem.costTolerance))
            else { break }
            var widened = CoverState(problem: swapProblem, columns: state.sortedChosen)
            let before = widened.coveredWeight
            passes +=
                MaxCoverageLocalSearch.improve(
                    &widened, parallel: parallel, maxPasses: passesPerRound, clock: clock, cache: cache
                ).passes
            guard widened.coveredWeight > before + problem.weightTolerance else { break }
            var next = CoverState(problem: problem, columns: widened.sortedChosen)
            guard next.isFeasibleMinCost else { break }
            dropBySlack(&next)
            passes +=
                MinCostLocalSearch.improve(
                    &next, parallel: parallel, maxPasses: passesPerRound, clock: clock, cache: cache
                ).passes
            next.recomputeCoveredWeight()
            guard next.isFeasibleMinCost, next.cost < state.cost - problem.costTolerance else { break }
            state = next
            improved += 1
        }
        return (improved, passes)
    }

    /// Drops chosen columns while the solution stays feasible: highest cost first, then least
    /// critical weight (ties: higher id), re-checking each against the current state.
    static func dropBySlack(_ state: inout CoverState) {
        let costs = state.problem.instance.costs
        let critical = state.criticalWeight
        let order = state.chosen.filter { state.criticalMust[$0] == 0 }.sorted { a, b in
            if costs[a] != costs[b] { return costs[a] > costs[b] }
            if critical[a] != critical[b] { return critical[a] < critical[b] }
            return a > b
        }
        for j in order where state.canDropMinCost(j) { state.remove(j) }
    }
}
