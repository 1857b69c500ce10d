import Support

/// The warm start of the global bound at city scale: multipliers from spatial blocks.
///
/// One step size for 400 k rows converges slowly, because districts converge at different paces
/// (measured on a city strip of 18 k rows: its own subgradient reaches 0.2 % under its LP optimum,
/// while the same rows inside the whole city are still far from it when the budget ends). So the
/// core's rows — ordered by their first instance row, i.e. in the spatial order of the cells — are
/// cut into contiguous blocks of about `warmStartBlockRows` rows; each block's sub-problem
/// (`CoreMatrix(block:of:)`: columns restricted to it, costs split by the share of their rows, the
/// parent's target fraction) runs the same bound subgradient with core pricing (`boundSubgradient`)
/// with its own step size, blocks in parallel on one thread each, so the result does not depend on
/// the thread count. The union of the blocks' best multipliers starts the whole problem's phase 1,
/// whose first iteration prices every column: any `u ≥ 0` gives a valid bound, and only that priced
/// value (or a later one) is reported.
///
/// Used only where phase 1 prices a core (the budget cannot pay `minimumBoundIterations` full
/// passes) and the core has at least two blocks' rows, so smaller instances (OR-Library, SJC,
/// MathorCup, the demo) are solved exactly as before. Not charged to the work budget, like phase
/// 1's minimum iterations: the plan side keeps its budget.
extension MinCostHeuristic {
    /// Rows per block (core rows, after merging).
    static let warmStartBlockRows = 20_000
    /// The step factor λ phase 1 starts with after a warm start (the blocks' multipliers are
    /// near their optima; a first step of λ = 1 would throw much of that away).
    static let warmStartLambda = 0.1

    /// The blocks of `core`'s rows for the warm start, or none when it is not used.
    func warmStartBlocks(_ core: CoreMatrix) -> [Range<Int>] {
        if let count = options.warmStartBlockCount {
            return count >= 2 ? Parallel.chunks(count: core.rowCount, parts: count) : []
        }
        let fullPasses = Double(Self.minimumBoundIterations) * iterationCost(core)
        let count = core.rowCount / Self.warmStartBlockRows
        guard fullPasses > workBudget, count >= 2 else { return [] }
        return Parallel.chunks(count: core.rowCount, parts: count)
    }

    /// Block iterations: first with each block's own target, then with the target priced alike in
    /// every block (`MinCostLagrangian.targetPrice`). Set cover has no target: one round of both.
    static let warmStartRounds = (first: 100, second: 200)

    /// The warm start: the union of the blocks' best multipliers (local rows of `lag.core`), left
    /// in `lag.u`. Partial cover runs two rounds: blocks with their own targets (the parent's
    /// fraction of their weight) disagree on the knapsack's price `u_i / w_i` at which rows stop
    /// being worth covering, and the whole problem's single knapsack then undoes part of what they
    /// gained; so the second round gives every block the price of the whole problem's knapsack at
    /// the first round's union, and with one price the blocks' values add up (see `pricedTarget`).
    ///
    /// - Returns: the sum of the blocks' last values (diagnostics: a bound only when priced alike).
    mutating func blockMultipliers(_ lag: inout MinCostLagrangian, blocks: [Range<Int>]) -> Double {
        let core = lag.core
        var isIncumbent = [UInt8](repeating: 0, count: core.columnCount)
        for j in incumbent where localColumn[j] >= 0 { isIncumbent[Int(localColumn[j])] = 1 }
        let rounds = Self.warmStartRounds
        var sum = blockRound(
            core, blocks: blocks, isIncumbent: isIncumbent, u: &lag.u, price: nil,
            iterations: lag.allMust ? rounds.first + rounds.second : rounds.first)
        if let price = lag.knapsackThreshold() {
            sum = blockRound(
                core, blocks: blocks, isIncumbent: isIncumbent, u: &lag.u, price: price,
                iterations: rounds.second)
        }
        return sum
    }

    /// One round: every block's bound subgradient from its part of `u`, which then holds their
    /// best multipliers. Returns the sum of the blocks' best values.
    private func blockRound(
        _ core: CoreMatrix, blocks: [Range<Int>], isIncumbent: [UInt8], u: inout [Double], price: Double?,
        iterations: Int
    ) -> Double {
        var blockOptions = options
        blockOptions.threads = 1
        blockOptions.alwaysPriceCore = true
        let (problem, clock, start) = (self.problem, self.clock, u)
        let results: [(u: [Double], bound: Double)] = parallel.map(blocks) { block in
            let sub = CoreMatrix(block: block, of: core)
            var lag = MinCostLagrangian(core: sub, parallel: Parallel(threads: 1))
            lag.u = Array(start[block])
            lag.targetPrice = price
            // The step's target: the incumbent's columns that touch the block at their split
            // costs (with a priced target, plus the price of the weight it leaves short).
            var target = 0.0
            var covered = [UInt8](repeating: 0, count: sub.rowCount)
            for (k, j) in sub.columnOriginal.enumerated() where isIncumbent[Int(j)] == 1 {
                target += sub.costs[k]
                for q in sub.columnStarts[k]..<sub.columnStarts[k + 1] { covered[Int(sub.columnRows[q])] = 1 }
            }
            if let price, !lag.allMust {
                var short = lag.remainingTarget - lag.mustWeightActive()
                for i32 in lag.knapsackRows where covered[Int(i32)] == 1 { short -= sub.weights[Int(i32)] }
                target += price * short
            }
            var heuristic = MinCostHeuristic(
                problem: problem, options: blockOptions, clock: clock, incumbent: [], workBudget: 0)
            heuristic.incumbentCost = target
            let result = heuristic.boundSubgradient(&lag, maxIterations: iterations)
            return (result.bestU, result.bestValue)
        }
        var sum = 0.0
        for (block, result) in zip(blocks, results) {
            u.replaceSubrange(block, with: result.u)
            sum += result.bound
        }
        return sum
    }
}
