import Support

/// The subgradient loop of `MinCostHeuristic`, with the batched Lagrangian greedy and the core
/// column selection it uses.
extension MinCostHeuristic {
    /// Subgradient iterations the global bound (phase 1) always gets, budget or not (time limit
    /// aside): on city-scale matrices the budget allows only ~100 passes, far from convergence, and
    /// the bound is what makes the plan's gap mean something. Those extra iterations are not
    /// charged (the budget sizes the search for plans), so the plan is the same as without them.
    static let minimumBoundIterations = 300

    struct SubgradientResult {
        var bestValue: Double
        var bestU: [Double]
    }

    /// Subgradient optimisation (Held, Wolfe & Crowder 1974) with the step rule of Beasley (1990):
    /// `t = λ (UB − L) / ‖s‖²`, λ halved when the best value has not improved for 20 iterations and
    /// grown ×1.5 when it improves steadily with < 0.1 % spread. Stops when the best value improved
    /// by < 0.1 % over the last 150 iterations (after 300), the bound closes the gap, or budgets run out.
    ///
    /// With `heuristic`, the multipliers of every iteration are turned into covers by the Lagrangian
    /// greedy on the columns with the smallest reduced costs (5 per row plus every negative one, the
    /// "core" of CFT), `batchSize` vectors at a time in parallel; covers are considered in iteration order.
    mutating func subgradient(_ lag: inout MinCostLagrangian, maxIterations: Int, heuristic: Bool)
        -> SubgradientResult
    {
        var steps = StepSizeControl()
        var best = -Double.infinity
        var bestU = lag.u
        var bestSoFar: [Double] = []
        var pending: [MinCostLagrangian.Evaluated] = []
        var candidates: [Int32] = []
        for iteration in 0..<max(1, maxIterations) {
            if iteration % 8 == 0 && outOfBudget() { break }
            let (value, norm2) = lag.evaluate()
            iterations += 1
            work += iterationCost(lag.core)
            if value > best {
                best = value
                bestU = lag.u
            }
            if heuristic {
                if iteration % 10 == 0 { candidates = coreColumns(lag) }
                pending.append(lag.evaluated)
                if pending.count == Self.batchSize {
                    runBatch(lag, pending, candidates)
                    pending.removeAll(keepingCapacity: true)
                }
            }
            if closes(best) { break }
            if norm2 == 0 { break } // x covers every active row exactly once: L(u) is optimal here
            steps.record(value: value, best: best)
            bestSoFar.append(best)
            if iteration >= 300 && best - bestSoFar[iteration - 150] < 0.001 * max(abs(best), 1e-9) { break }
            lag.step(lambda: steps.lambda, value: value, norm2: norm2, target: incumbentCost)
        }
        if heuristic && !pending.isEmpty { runBatch(lag, pending, candidates) }
        return SubgradientResult(bestValue: best, bestU: bestU)
    }

    /// Greedy covers for several multiplier vectors, computed in parallel, considered in order.
    mutating func runBatch(
        _ lag: MinCostLagrangian, _ multipliers: [MinCostLagrangian.Evaluated], _ candidates: [Int32]
    ) {
        let count = multipliers.count
        var covers = [LagrangianGreedy.Cover?](repeating: nil, count: count)
        var visits = 0
        batchGreedies.withUnsafeMutableBufferPointer { scratch in
            let box = UncheckedBox(scratch)
            let results: [(LagrangianGreedy.Cover?, Int)] = parallel.map(
                (0..<count).map { $0..<($0 + 1) }, work: count * lag.core.nonzeroCount
            ) { range in
                let index = range.lowerBound
                var copy = lag
                copy.restore(multipliers[index])
                let cover = box.value[index].run(copy, columns: candidates)
                return (cover, box.value[index].lastVisits)
            }
            for (index, result) in results.enumerated() {
                covers[index] = result.0
                visits += result.1
            }
        }
        work += Double(visits) + Double(count * (lag.core.rowCount + lag.core.columnCount + 1000))
        for cover in covers {
            if let cover { consider(core: lag.core, localColumns: cover.columns, fixedLocal: fixedColumns(of: lag)) }
        }
    }

    /// The columns the greedy looks at: for every active row its 5 free columns of least reduced
    /// cost, plus every free column with negative reduced cost (uses `lag.reduced` of the last evaluation).
    mutating func coreColumns(_ lag: MinCostLagrangian) -> [Int32] {
        let core = lag.core
        var mark = [UInt8](repeating: 0, count: core.columnCount)
        lag.reduced.withUnsafeBufferPointer { red in
            core.rowColumns.withUnsafeBufferPointer { cols in
                // The 5 least (reduced cost, id) pairs per row, kept sorted by insertion.
                var keys = (Double.infinity, Double.infinity, Double.infinity, Double.infinity, Double.infinity)
                var ids: (Int32, Int32, Int32, Int32, Int32) = (-1, -1, -1, -1, -1)
                for i in 0..<core.rowCount where lag.rowActive[i] == 1 {
                    withUnsafeMutableBytes(of: &keys) { kb in
                        withUnsafeMutableBytes(of: &ids) { ib in
                            let key = kb.bindMemory(to: Double.self)
                            let id = ib.bindMemory(to: Int32.self)
                            for t in 0..<5 {
                                key[t] = .infinity
                                id[t] = -1
                            }
                            var filled = 0
                            for k in core.rowStarts[i]..<core.rowStarts[i + 1] {
                                let j = Int32(bitPattern: cols[k])
                                let r = red[Int(j)]
                                guard r.isFinite, filled < 5 || r < key[4] else { continue }
                                var p = min(filled, 4)
                                while p > 0 && key[p - 1] > r {
                                    if p < 5 {
                                        key[p] = key[p - 1]
                                        id[p] = id[p - 1]
                                    }
                                    p -= 1
                                }
                                key[p] = r
                                id[p] = j
                                if filled < 5 { filled += 1 }
                            }
                            for t in 0..<filled { mark[Int(id[t])] = 1 }
                        }
                    }
                }
            }
        }
        work += Double(core.nonzeroCount)
        var result: [Int32] = []
        for j in 0..<core.columnCount where lag.columnFree[j] == 1 && (mark[j] == 1 || lag.reduced[j] < 0) {
            result.append(Int32(j))
        }
        return result
    }
}
