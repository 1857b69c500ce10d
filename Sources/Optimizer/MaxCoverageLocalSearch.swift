import Support

/// Local search for max coverage (MCLP): "add" and "swap one for one" moves evaluated with the
/// incremental cover counts of `CoverState` (the vertex-substitution idea of Teitz & Bart 1968,
/// made cheap by the critical-row bookkeeping).
///
/// For a candidate column `k`, its gain is the weight of the uncovered rows it covers; its overlap
/// with a chosen column `j` is the weight of rows now covered by `j` alone that `k` also covers
/// (found through the XOR of covering ids). Swapping `j` out for `k` changes coverage by
/// `gain(k) − (critical(j) − overlap(k, j))`; among chosen columns `k` does not touch, only the one
/// with the least critical weight needs checking. A swap must keep every must row covered and the
/// K/budget limits; an add must fit the limits.
///
/// With packing constraints, an add needs an unblocked location, and a swap that brings in a column
/// blocked by exactly one chosen column must drop that one.
///
/// One pass evaluates every candidate in parallel over fixed chunks, keeps each candidate's best
/// improving move, sorts them by value (ties: lower column ids) and applies them one by one, each
/// re-checked on the current state — so a pass applies many independent moves, and the result does
/// not depend on the thread count.
///
/// - Complexity: O(nnz + Σ_k touched_k) per pass plus O(moves · rows of a column) to apply.
enum MaxCoverageLocalSearch {
    struct Move {
        var value: Double
        var add: Int
        var drop: Int // −1 for a pure add
    }

    /// Improves `state` (feasible) until no improving move is left or `maxPasses` passes are done.
    /// Returns the number of moves applied and of passes made. With `cache` (of this instance) each
    /// pass reads the gathers of the candidates whose rows did not change (the same moves).
    @discardableResult
    static func improve(
        _ state: inout CoverState, parallel: Parallel, maxPasses: Int, clock: SolveClock? = nil,
        cache: GatherCache? = nil
    ) -> (moves: Int, passes: Int) {
        let problem = state.problem
        let inst = problem.instance
        let chunks = Parallel.chunks(count: inst.columnCount, minimumChunk: 256)
        var applied = 0
        var passes = 0
        var touched = TouchedColumns()
        for _ in 0..<maxPasses {
            if clock?.expired == true { break }
            passes += 1
            let byLoss = lossOrder(state)
            let snapshot = state
            cache?.refresh(snapshot, parallel: parallel)
            var moves: [Move] = parallel.map(chunks, work: TouchedColumns.entryWork * inst.nonzeroCount) { range in
                improvingMoves(in: range, snapshot, byLoss: byLoss, cache: cache)
            }.flatMap { $0 }
            moves.sort {
                $0.value > $1.value
                    || ($0.value == $1.value && ($0.add < $1.add || ($0.add == $1.add && $0.drop < $1.drop)))
            }
            // Apply in order of value; a move whose state changed is re-evaluated on the current state.
            // Re-evaluations are capped per pass (the next pass sees every candidate again).
            var improved = false
            var lastAdd = -1
            var reevaluations = max(64, state.chosenCount)
            for move in moves where move.add != lastAdd {
                lastAdd = move.add
                if apply(move, &state) {
                    applied += 1
                    improved = true
                    continue
                }
                guard reevaluations > 0 else { continue }
                reevaluations -= 1
                let fresh = bestMoves(for: move.add, state, byLoss: byLoss, touched: &touched)
                for candidate in [fresh.add, fresh.swap].compactMap({ $0 }) where apply(candidate, &state) {
                    applied += 1
                    improved = true
                    break
                }
            }
            if !improved { break }
        }
        Redundancy.removeMaxCoverage(&state)
        state.assertInvariants("local search")
        return (applied, passes)
    }

    /// Chosen columns without critical must rows, least critical weight first (ties: lower id).
    static func lossOrder(_ state: CoverState) -> [Int] {
        state.chosen.filter { state.criticalMust[$0] == 0 }
            .sorted {
                state.criticalWeight[$0] < state.criticalWeight[$1]
                    || (state.criticalWeight[$0] == state.criticalWeight[$1] && $0 < $1)
            }
    }

    /// Applies `move` if it still fits the limits, keeps must rows covered and improves coverage.
    static func apply(_ move: Move, _ state: inout CoverState) -> Bool {
        let problem = state.problem
        let costs = problem.instance.costs
        guard state.isChosen[move.add] == 0, move.drop < 0 || state.isChosen[move.drop] == 1 else { return false }
        let count = state.chosenCount + (move.drop < 0 ? 1 : 0)
        let cost = state.cost + costs[move.add] - (move.drop >= 0 ? costs[move.drop] : 0)
        guard problem.fitsLimits(count: count, cost: cost) else { return false }
        if move.drop < 0 {
            guard state.canAdd(move.add), state.gain(of: move.add) > problem.weightTolerance else { return false }
            state.add(move.add)
            return true
        }
        let before = state.coveredWeight
        if problem.packing != nil {
            // Drop first (it may be the column blocking the added one), then add and check.
            let mustBefore = state.coveredMust
            state.remove(move.drop)
            guard state.canAdd(move.add) else {
                state.add(move.drop)
                return false
            }
            state.add(move.add)
            guard state.coveredMust >= mustBefore, state.coveredWeight > before + problem.weightTolerance else {
                state.remove(move.add)
                state.add(move.drop)
                return false
            }
            return true
        }
        state.add(move.add)
        guard state.criticalMust[move.drop] == 0,
            state.coveredWeight - state.criticalWeight[move.drop] > before + problem.weightTolerance
        else {
            state.remove(move.add)
            return false
        }
        state.remove(move.drop)
        return true
    }

    /// For each candidate column of `range`, its best improving add and swap (if any).
    static func improvingMoves(in range: Range<Int>, _ state: CoverState, byLoss: [Int], cache: GatherCache? = nil)
        -> [Move]
    {
        let problem = state.problem
        var moves: [Move] = []
        var touched = TouchedColumns()
        for k in range where state.isChosen[k] == 0 && problem.isEligible(k) {
            let found = bestMoves(for: k, state, byLoss: byLoss, touched: &touched, cache: cache)
            if let add = found.add { moves.append(add) }
            if let swap = found.swap { moves.append(swap) }
        }
        return moves
    }

    /// The best improving add and the best improving swap that bring in column `k`.
    ///
    /// - Parameters:
    ///   - byLoss: chosen columns by increasing critical weight (may hold columns no longer chosen;
    ///     they are skipped).
    ///   - cache: one refreshed on `state` (`GatherCache`), or nil to gather.
    static func bestMoves(
        for k: Int, _ state: CoverState, byLoss: [Int], touched: inout TouchedColumns, cache: GatherCache? = nil
    ) -> (add: Move?, swap: Move?) {
        let problem = state.problem
        let inst = problem.instance
        let tol = problem.weightTolerance
        guard state.isChosen[k] == 0 && problem.isEligible(k) else { return (nil, nil) }
        // Packing: a column blocked by one chosen column may only come in by swapping that one out.
        let blockers = state.blockerCount(of: k)
        guard blockers <= 1 else { return (nil, nil) }
        let blocker = blockers == 1 ? state.soleBlocker(of: k) : -1
        if blocker >= 0 && problem.isFixed[blocker] == 1 { return (nil, nil) }
        let ck = inst.costs[k]
        let gain = cache?.gather(adding: k, to: state, into: &touched) ?? touched.gather(adding: k, to: state)
        guard gain > tol else { return (nil, nil) }
        var add: Move?
        if blocker < 0 && state.chosenCount + 1 <= problem.maxColumns
            && state.cost + ck <= problem.budget + problem.costTolerance
        {
            add = Move(value: gain, add: k, drop: -1)
        }
        var best: Move?
        if blocker >= 0 {
            var shared = 0.0
            var sharedMust: Int32 = 0
            for t in 0..<touched.count where touched.columns[t] == blocker {
                shared = touched.weight[t]
                sharedMust = touched.must[t]
            }
            guard sharedMust == state.criticalMust[blocker],
                state.cost - inst.costs[blocker] + ck <= problem.budget + problem.costTolerance
            else { return (nil, nil) }
            let value = gain - (state.criticalWeight[blocker] - shared)
            return (nil, value > tol ? Move(value: value, add: k, drop: blocker) : nil)
        }
        for t in 0..<touched.count {
            let j = touched.columns[t]
            guard touched.must[t] == state.criticalMust[j],
                state.cost - inst.costs[j] + ck <= problem.budget + problem.costTolerance
            else { continue }
            let value = gain - (state.criticalWeight[j] - touched.weight[t])
            if value > tol && value > (best?.value ?? 0) { best = Move(value: value, add: k, drop: j) }
        }
        var scanned = 0
        for j in byLoss where state.isChosen[j] == 1 {
            let value = gain - state.criticalWeight[j]
            if scanned >= 32 || value <= tol || value <= (best?.value ?? 0) { break }
            scanned += 1
            if touched.contains(j) || state.criticalMust[j] != 0 { continue }
            guard state.cost - inst.costs[j] + ck <= problem.budget + problem.costTolerance else { continue }
            best = Move(value: value, add: k, drop: j)
            break
        }
        return (add, best)
    }
}
