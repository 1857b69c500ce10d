/// Lazy greedy construction (CELF: Minoux 1978 "accelerated greedy"; Leskovec et al. 2007).
///
/// Greedy for covering picks, again and again, the column with the best ratio of new coverage to
/// cost. Coverage is submodular: a column's marginal gain never grows as others are chosen, so a
/// gain computed earlier is an upper bound on its gain now. CELF keeps every column in a heap keyed
/// by its last computed score, re-evaluates only the top, and accepts it when the fresh score still
/// beats the next stale one. Ties break on the column id, so the result is deterministic.
///
/// - Min-cost (set cover, partial cover; Chvátal 1979 ratio greedy): first `cost / new must rows`
///   until every must row is covered, then `cost / new weight` until the weight target is met.
/// - Max coverage (Church & ReVelle 1974 MCLP; Nemhauser–Wolsey–Fisher 1978 (1 − 1/e) greedy): most
///   new weight per column while K allows; with a budget, also most new weight per cost
///   (Khuller–Moss–Naor 1999), keeping the better of the two.
///
/// - Complexity: O(nnz + n log n) for the initial scores, then O(rows of the column + log n) per
///   re-evaluation; typically a small multiple of nnz overall.
enum LazyGreedy {
    /// Adds columns to a min-cost `state` until every must row is covered and the weight target met.
    ///
    /// - Parameter allowed: optional per-column mask (1 = may be chosen); `nil` = every free column.
    static func completeMinCost(_ state: inout CoverState, allowed: [UInt8]? = nil) {
        let problem = state.problem
        let inst = problem.instance
        if state.coveredMust < problem.mustCount {
            // Phase 1: cost per newly covered must row.
            var keys: [Double] = []
            var ids: [Int32] = []
            for j in 0..<inst.columnCount where isCandidate(j, state, allowed) {
                let fresh = state.newRows(of: j).must
                if fresh > 0 {
                    keys.append(inst.costs[j] / Double(fresh))
                    ids.append(Int32(j))
                }
            }
            var heap = PriorityHeap(keys: keys, ids: ids)
            while state.coveredMust < problem.mustCount, let top = heap.top {
                let j = top.id
                let fresh = state.newRows(of: j).must
                if fresh == 0 || !state.canAdd(j) {
                    heap.pop()
                    continue
                }
                let key = inst.costs[j] / Double(fresh)
                heap.replaceTop(key)
                if heap.top?.id == j {
                    heap.pop()
                    state.add(j)
                }
            }
        }
        if state.coveredWeight < problem.targetWeight {
            // Phase 2: cost per newly covered weight.
            var keys: [Double] = []
            var ids: [Int32] = []
            for j in 0..<inst.columnCount where isCandidate(j, state, allowed) {
                let g = state.gain(of: j)
                if g > 0 {
                    keys.append(inst.costs[j] / g)
                    ids.append(Int32(j))
                }
            }
            var heap = PriorityHeap(keys: keys, ids: ids)
            while state.coveredWeight < problem.targetWeight, let top = heap.top {
                let j = top.id
                guard state.canAdd(j) else {
                    heap.pop()
                    continue
                }
                let g = state.gain(of: j)
                if g <= 0 {
                    heap.pop()
                    continue
                }
                heap.replaceTop(inst.costs[j] / g)
                if heap.top?.id == j {
                    heap.pop()
                    state.add(j)
                }
            }
        }
    }

    /// Covers the must rows of a max-coverage problem as cheaply as the limits measure it.
    /// Returns false when the limits ran out first.
    static func coverMustWithinLimits(_ state: inout CoverState) -> Bool {
        let problem = state.problem
        let inst = problem.instance
        guard state.coveredMust < problem.mustCount else { return true }
        var keys: [Double] = []
        var ids: [Int32] = []
        for j in 0..<inst.columnCount where isCandidate(j, state, nil) {
            let fresh = state.newRows(of: j).must
            if fresh > 0 {
                keys.append(limitUse(j, problem) / Double(fresh))
                ids.append(Int32(j))
            }
        }
        var heap = PriorityHeap(keys: keys, ids: ids)
        while state.coveredMust < problem.mustCount, let top = heap.top {
            let j = top.id
            let fresh = state.newRows(of: j).must
            if fresh == 0 || !state.canAdd(j) {
                heap.pop()
                continue
            }
            heap.replaceTop(limitUse(j, problem) / Double(fresh))
            if heap.top?.id == j {
                heap.pop()
                state.add(j)
            }
        }
        return state.coveredMust == problem.mustCount
    }

    /// How much of the max-coverage limits column `j` uses (fraction of K plus fraction of budget).
    static func limitUse(_ j: Int, _ problem: CoverProblem) -> Double {
        var use = 0.0
        if problem.maxColumns < Int.max { use += 1 / Double(max(1, problem.maxColumns)) }
        if problem.budget.isFinite { use += problem.instance.costs[j] / max(problem.budget, 1e-300) }
        if use == 0 { use = 1 }
        return use
    }

    /// Adds columns to a max-coverage `state` while the limits allow and coverage grows.
    ///
    /// - Parameter perCost: true = most new weight per unit cost; false = most new weight.
    static func completeMaxCoverage(_ state: inout CoverState, perCost: Bool) {
        var ignored: [Int] = []
        completeMaxCoverage(&state, perCost: perCost, order: &ignored)
    }

    /// As `completeMaxCoverage(_:perCost:)`, appending the chosen columns to `order` in selection order.
    static func completeMaxCoverage(
        _ state: inout CoverState, perCost: Bool, order: inout [Int], among candidates: [Int]? = nil
    ) {
        let problem = state.problem
        let inst = problem.instance
        var keys: [Double] = []
        var ids: [Int32] = []
        for j in candidates ?? Array(0..<inst.columnCount) where isCandidate(j, state, nil) {
            let g = state.gain(of: j)
            if g > 0 {
                keys.append(-score(g, j, perCost, inst))
                ids.append(Int32(j))
            }
        }
        var heap = PriorityHeap(keys: keys, ids: ids)
        while state.chosenCount < problem.maxColumns, let top = heap.top {
            let j = top.id
            if !problem.fitsLimits(count: state.chosenCount + 1, cost: state.cost + inst.costs[j]) {
                heap.pop() // the remaining budget only shrinks: it never fits later
                continue
            }
            guard state.canAdd(j) else {
                heap.pop()
                continue
            }
            let g = state.gain(of: j)
            if g <= 0 {
                heap.pop()
                continue
            }
            heap.replaceTop(-score(g, j, perCost, inst))
            if heap.top?.id == j {
                heap.pop()
                state.add(j)
                order.append(j)
            }
        }
    }

    @inline(__always) private static func score(_ gain: Double, _ j: Int, _ perCost: Bool, _ inst: CoveringInstance)
        -> Double
    {
        perCost ? gain / max(inst.costs[j], 1e-12) : gain
    }

    @inline(__always) private static func isCandidate(_ j: Int, _ state: CoverState, _ allowed: [UInt8]?) -> Bool {
        state.problem.isFixed[j] == 0 && state.isChosen[j] == 0 && state.canAdd(j)
            && (allowed.map { $0[j] != 0 } ?? true)
    }
}
