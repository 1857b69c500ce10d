import Support

/// Local search for the min-cost problems: "add one column, drop one or two" moves evaluated with
/// the incremental cover counts of `CoverState`.
///
/// For a candidate column `k` not in the solution, the rows it covers that are now covered exactly
/// once name (through the XOR trick) the chosen columns they depend on. A chosen column `j` can be
/// dropped after adding `k` when `k` covers all of its critical must rows and the weight target
/// still holds; two columns `j1, j2` can be dropped together when, in addition, no row covered by
/// exactly those two (and not by `k`) is must-cover or needed for the target. The move's saving is
/// `c_j (+ c_j2) − c_k`. This covers the 1-for-1 and 2-for-1 swaps (and, with the redundancy
/// removal after every pass, "1-for-0"). For partial cover a chosen column untouched by `k` may also
/// be dropped when the weight slack `k` adds allows it.
///
/// With packing constraints (location groups, minimum spacing) the dropped columns must include
/// every chosen column that blocks `k` (at most two: the sole blocker comes from the XOR bookkeeping
/// of `CoverState`, two are found through the conflicting locations), so the moves include "move a
/// site a little" (1-for-1 with its blocker) and "merge two sites into one" (2-for-1).
///
/// One pass evaluates every candidate in parallel over fixed chunks and keeps each candidate's best
/// move; the moves are sorted by saving (ties: lower ids) and applied one by one, each re-checked
/// on the current state (a stale one is re-evaluated, a bounded number of times per pass). So a pass
/// applies many independent moves, and the result does not depend on the thread count.
///
/// - Complexity: O(nnz + Σ_k d_k² · |j|) per pass, d_k = droppable columns touched by k (small).
enum MinCostLocalSearch {
    struct Move {
        var saving: Double
        var add: Int
        var drop1: Int
        var drop2: Int // −1 when a single drop
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
        Redundancy.removeMinCost(&state)
        let chunks = Parallel.chunks(count: inst.columnCount, minimumChunk: 256)
        var applied = 0
        var passes = 0
        var touched = TouchedColumns()
        for _ in 0..<maxPasses {
            if clock?.expired == true { break }
            passes += 1
            let loose = looseColumns(state)
            let snapshot = state
            cache?.refresh(snapshot, parallel: parallel)
            var moves: [Move] = parallel.map(chunks, work: TouchedColumns.entryWork * inst.nonzeroCount) { range in
                var found: [Move] = []
                var scratch = TouchedColumns()
                for k in range {
                    if let move = bestMove(adding: k, snapshot, loose: loose, touched: &scratch, cache: cache) {
                        found.append(move)
                    }
                }
                return found
            }.flatMap { $0 }
            moves.sort {
                $0.saving > $1.saving
                    || ($0.saving == $1.saving && ($0.add < $1.add || ($0.add == $1.add && $0.drop1 < $1.drop1)))
            }
            var improved = false
            var reevaluations = max(64, state.chosenCount)
            var currentLoose = loose
            // The drop candidates are sorted again only after a move changed the state (a move
            // that does not apply leaves it as it was): on the area-weighted city's plan merge
            // the sort ran for every re-evaluation and took a third of the sub-problem's time.
            var looseStale = false
            for move in moves {
                if apply(move, &state) {
                    applied += 1
                    improved = true
                    looseStale = true
                    continue
                }
                guard reevaluations > 0 else { continue }
                reevaluations -= 1
                if !loose.isEmpty && looseStale {
                    currentLoose = looseColumns(state)
                    looseStale = false
                }
                if let fresh = bestMove(adding: move.add, state, loose: currentLoose, touched: &touched),
                    apply(fresh, &state)
                {
                    applied += 1
                    improved = true
                    looseStale = true
                }
            }
            Redundancy.removeMinCost(&state)
            if !improved { break }
        }
        state.assertInvariants("local search")
        return (applied, passes)
    }

    /// Partial cover: chosen columns free of critical must rows, by cost descending (drop candidates).
    static func looseColumns(_ state: CoverState) -> [Int] {
        let problem = state.problem
        guard problem.mustCount < problem.instance.rowCount else { return [] }
        let costs = problem.instance.costs
        return state.chosen.filter { state.criticalMust[$0] == 0 }
            .sorted { costs[$0] > costs[$1] || (costs[$0] == costs[$1] && $0 < $1) }
    }

    /// Applies `move` if it is still feasible and improving in the current state.
    static func apply(_ move: Move, _ state: inout CoverState) -> Bool {
        let problem = state.problem
        guard state.isChosen[move.add] == 0, state.isChosen[move.drop1] == 1,
            move.drop2 < 0 || state.isChosen[move.drop2] == 1
        else { return false }
        let costs = problem.instance.costs
        let saving = costs[move.drop1] + (move.drop2 >= 0 ? costs[move.drop2] : 0) - costs[move.add]
        guard saving > problem.costTolerance else { return false }
        if problem.packing != nil {
            // Drop first (the dropped columns may block the added one), then add and check.
            state.remove(move.drop1)
            if move.drop2 >= 0 { state.remove(move.drop2) }
            func undo(_ state: inout CoverState) {
                state.add(move.drop1)
                if move.drop2 >= 0 { state.add(move.drop2) }
            }
            guard state.canAdd(move.add) else {
                undo(&state)
                return false
            }
            state.add(move.add)
            guard state.isFeasibleMinCost else {
                state.remove(move.add)
                undo(&state)
                return false
            }
            return true
        }
        state.add(move.add)
        guard state.canDropMinCost(move.drop1) else {
            state.remove(move.add)
            return false
        }
        state.remove(move.drop1)
        if move.drop2 >= 0 {
            guard state.canDropMinCost(move.drop2) else {
                state.add(move.drop1)
                state.remove(move.add)
                return false
            }
            state.remove(move.drop2)
        }
        return true
    }

    /// The best improving move that adds column `k` (ties: lower drop ids), or `nil`. `cache`: one
    /// refreshed on `state` (`GatherCache`), or nil to gather.
    static func bestMove(
        adding k: Int, _ state: CoverState, loose: [Int], touched: inout TouchedColumns, cache: GatherCache? = nil
    ) -> Move? {
        let problem = state.problem
        let inst = problem.instance
        guard state.isChosen[k] == 0 && problem.isEligible(k) else { return nil }
        // Packing: the chosen columns blocking k must all be dropped (at most two).
        var blockers: [Int] = []
        switch state.blockerCount(of: k) {
        case 0: break
        case 1: blockers = [state.soleBlocker(of: k)]
        case 2: blockers = state.chosenBlockers(of: k)
        default: return nil
        }
        if blockers.contains(where: { problem.isFixed[$0] == 1 })
            || (state.blockerCount(of: k) == 2 && blockers.count != 2)
        {
            return nil
        }
        let tol = problem.costTolerance
        let ck = inst.costs[k]
        let gain = cache?.gather(adding: k, to: state, into: &touched) ?? touched.gather(adding: k, to: state)
        let base = state.coveredWeight + gain
        var droppable: [Int] = []
        var dropLoss: [Double] = []
        for t in 0..<touched.count {
            let j = touched.columns[t]
            guard inst.costs[j] > 0, touched.must[t] == state.criticalMust[j] else { continue }
            let loss = state.criticalWeight[j] - touched.weight[t]
            guard base - loss >= problem.targetWeight else { continue }
            droppable.append(j)
            dropLoss.append(loss)
        }
        // Partial cover: the costliest untouched loose column whose loss the slack absorbs.
        var scanned = 0
        for j in loose {
            if inst.costs[j] <= ck + tol || scanned >= 16 { break }
            scanned += 1
            if touched.contains(j) { continue }
            let loss = state.criticalWeight[j]
            if base - loss >= problem.targetWeight {
                droppable.append(j)
                dropLoss.append(loss)
                break
            }
        }
        if !blockers.isEmpty {
            return bestBlockedMove(
                adding: k, blockers: blockers, state, base: base, droppable: droppable, dropLoss: dropLoss,
                touched: touched)
        }
        var best: Move?
        for a in 0..<droppable.count {
            let j1 = droppable[a]
            let saving1 = inst.costs[j1] - ck
            if saving1 > tol && saving1 > (best?.saving ?? 0) + 1e-12 {
                best = Move(saving: saving1, add: k, drop1: j1, drop2: -1)
            }
            for b in (a + 1)..<droppable.count {
                let j2 = droppable[b]
                let saving2 = inst.costs[j1] + inst.costs[j2] - ck
                guard saving2 > tol, saving2 > (best?.saving ?? 0) + 1e-12 else { continue }
                // Rows covered by exactly j1 and j2 and not by k would be lost.
                guard let shared = pairLoss(j1, j2, k, state) else { continue }
                guard base - dropLoss[a] - dropLoss[b] - shared >= problem.targetWeight else { continue }
                best = Move(saving: saving2, add: k, drop1: min(j1, j2), drop2: max(j1, j2))
            }
        }
        return best
    }

    /// The best improving move adding `k` that drops its chosen blockers (one or two), possibly with
    /// one more droppable column when there is a single blocker.
    private static func bestBlockedMove(
        adding k: Int, blockers: [Int], _ state: CoverState, base: Double, droppable: [Int],
        dropLoss: [Double], touched: TouchedColumns
    ) -> Move? {
        let problem = state.problem
        let inst = problem.instance
        let tol = problem.costTolerance
        let ck = inst.costs[k]
        // The loss of dropping a blocker once k is on; nil when k does not cover its critical must rows.
        func loss(of r: Int) -> Double? {
            var sharedWeight = 0.0
            var sharedMust: Int32 = 0
            for t in 0..<touched.count where touched.columns[t] == r {
                sharedWeight = touched.weight[t]
                sharedMust = touched.must[t]
            }
            guard sharedMust == state.criticalMust[r] else { return nil }
            return state.criticalWeight[r] - sharedWeight
        }
        var best: Move?
        if blockers.count == 2 {
            let r1 = blockers[0]
            let r2 = blockers[1]
            guard let l1 = loss(of: r1), let l2 = loss(of: r2) else { return nil }
            let saving = inst.costs[r1] + inst.costs[r2] - ck
            guard saving > tol, let shared = pairLoss(r1, r2, k, state), base - l1 - l2 - shared >= problem.targetWeight
            else { return nil }
            return Move(saving: saving, add: k, drop1: r1, drop2: r2)
        }
        let r = blockers[0]
        guard let lr = loss(of: r) else { return nil }
        let saving1 = inst.costs[r] - ck
        if saving1 > tol && base - lr >= problem.targetWeight {
            best = Move(saving: saving1, add: k, drop1: r, drop2: -1)
        }
        for b in 0..<droppable.count where droppable[b] != r {
            let j2 = droppable[b]
            let saving2 = inst.costs[r] + inst.costs[j2] - ck
            guard saving2 > tol, saving2 > (best?.saving ?? 0) + 1e-12 else { continue }
            guard let shared = pairLoss(r, j2, k, state), base - lr - dropLoss[b] - shared >= problem.targetWeight
            else { continue }
            best = Move(saving: saving2, add: k, drop1: min(r, j2), drop2: max(r, j2))
        }
        return best
    }

    /// Weight of rows covered by exactly `{j1, j2}` and not by `k`; `nil` when one of them is must-cover.
    /// Merge walk over the sorted rows of `j1` and `k`.
    private static func pairLoss(_ j1: Int, _ j2: Int, _ k: Int, _ state: CoverState) -> Double? {
        let inst = state.problem.instance
        let other = UInt32(truncatingIfNeeded: j2)
        var p = inst.columnStarts[k]
        let pEnd = inst.columnStarts[k + 1]
        var loss = 0.0
        for q in inst.columnStarts[j1]..<inst.columnStarts[j1 + 1] {
            let i = inst.columnRows[q]
            let r = Int(i)
            guard state.count[r] == 2, state.soleXor[r] ^ UInt32(truncatingIfNeeded: j1) == other else { continue }
            while p < pEnd && inst.columnRows[p] < i { p += 1 }
            if p < pEnd && inst.columnRows[p] == i { continue }
            if state.problem.isMust[r] == 1 { return nil }
            loss += inst.weights[r]
        }
        return loss
    }
}
