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
    /// The multipliers of every iteration are turned into covers by the Lagrangian greedy on the
    /// columns with the smallest reduced costs (5 per row plus every negative one, the "core" of
    /// CFT), `batchSize` vectors at a time in parallel; covers are considered in iteration order.
    /// With more than one thread the iterations up to the next batch run beside the batch, at the
    /// incumbent's cost before it, and are kept when the batch did not change that cost
    /// (`SubgradientTrack`): the same iterations as one after the other, bit for bit.
    mutating func subgradient(_ lag: inout MinCostLagrangian, maxIterations: Int) -> SubgradientResult {
        var track = SubgradientTrack(lag: lag)
        defer { lag = track.lag }
        while true {
            track.advance(
                maxIterations: maxIterations, batchSize: Self.batchSize, target: incumbentCost, closes: closes)
            collect(&track)
            if track.finished { break }
            if track.atCheckpoint {
                if outOfBudget() { track.finished = true } else { track.cleared = track.next }
                continue
            }
            let batch = track.pending
            track.pending.removeAll(keepingCapacity: true)
            guard speculates else {
                runBatch(track.lag, batch, track.candidates)
                continue
            }
            // The iterations up to the next batch, beside this one, at the incumbent's cost before it.
            var ahead = track
            let checksFirst = SubgradientTrack.isCheckpoint(ahead.next)
            ahead.cleared = ahead.next
            let (before, problem) = (incumbentCost, problem)
            runBatch(track.lag, batch, track.candidates) {
                ahead.advance(maxIterations: maxIterations, batchSize: Self.batchSize, target: before) {
                    Self.closes($0, incumbentCost: before, problem: problem)
                }
            }
            // Kept when they are the iterations the loop would run now: same target, and the budget
            // check before their first evaluation (if it had one) passes.
            guard incumbentCost == before, !(checksFirst && ahead.evaluations > 0 && outOfBudget()) else {
                overlaps.dropped += 1
                continue
            }
            overlaps.kept += 1
            track = ahead
            collect(&track)
        }
        if !track.pending.isEmpty { runBatch(track.lag, track.pending, track.candidates) }
        return SubgradientResult(bestValue: track.best, bestU: track.bestU)
    }

    /// Whether the iterations up to the next batch run beside the batch (`subgradient`): with more
    /// than one thread, unless the options say not to (tests compare both ways).
    var speculates: Bool { parallel.threads > 1 && options.overlapSubgradient }

    /// Adds the work `track` charged since the last call to the counters, in the order it was charged.
    mutating func collect(_ track: inout SubgradientTrack) {
        for charge in track.charges { work += charge }
        iterations += track.evaluations
        track.charges.removeAll(keepingCapacity: true)
        track.evaluations = 0
    }

    /// Greedy covers for several multiplier vectors, computed in parallel, considered in order;
    /// `beside`, a task independent of the greedies, runs as one more item before them (one
    /// worker takes it while the others take the greedies; one thread: first).
    mutating func runBatch(
        _ lag: MinCostLagrangian, _ multipliers: [MinCostLagrangian.Evaluated], _ candidates: [Int32],
        beside job: (() -> Void)? = nil
    ) {
        let count = multipliers.count
        var covers = [LagrangianGreedy.Cover?](repeating: nil, count: count)
        var visits = 0
        batchGreedies.withUnsafeMutableBufferPointer { scratch in
            let box = UncheckedBox(scratch)
            let greedy = { (range: Range<Int>) -> (LagrangianGreedy.Cover?, Int) in
                let index = range.lowerBound
                var copy = lag
                copy.restore(multipliers[index])
                let cover = box.value[index].run(copy, columns: candidates)
                return (cover, box.value[index].lastVisits)
            }
            let items = (0..<count).map { $0..<($0 + 1) }
            let results =
                if let job { parallel.map(items, alongside: job, greedy) } else {
                    parallel.map(items, work: count * lag.core.nonzeroCount, greedy)
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

    /// `lag.coreColumns()`, charged to the work counter (a pass over the active rows' entries).
    mutating func coreColumns(_ lag: MinCostLagrangian) -> [Int32] {
        work += Double(lag.core.nonzeroCount)
        return lag.coreColumns()
    }
}

extension MinCostLagrangian {
    /// The columns the greedy looks at: for every active row its 5 free columns of least reduced
    /// cost, plus every free column with negative reduced cost (uses `reduced` of the last evaluation).
    func coreColumns() -> [Int32] {
        let core = self.core
        var mark = [UInt8](repeating: 0, count: core.columnCount)
        reduced.withUnsafeBufferPointer { red in
            core.rowColumns.withUnsafeBufferPointer { cols in
                // The 5 least (reduced cost, id) pairs per row, kept sorted by insertion.
                var keys = (Double.infinity, Double.infinity, Double.infinity, Double.infinity, Double.infinity)
                var ids: (Int32, Int32, Int32, Int32, Int32) = (-1, -1, -1, -1, -1)
                for i in 0..<core.rowCount where rowActive[i] == 1 {
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
        var result: [Int32] = []
        for j in 0..<core.columnCount where columnFree[j] == 1 && (mark[j] == 1 || reduced[j] < 0) {
            result.append(Int32(j))
        }
        return result
    }
}
