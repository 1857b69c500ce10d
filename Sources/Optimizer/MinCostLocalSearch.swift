/// Local search for the min-cost problems: "add one column, drop one or two" moves evaluated with
/// the incremental cover counts of `CoverState`.
///
/// For a candidate column `k` not in the solution, the rows it covers that are now covered exactly
/// once name (through the XOR trick) the chosen columns they depend on. A chosen column `j` can be
/// dropped after adding `k` when `k` covers all of its critical must rows and the weight target
/// still holds; two columns `j1, j2` can be dropped together when, in addition, no row covered by
/// exactly those two (and not by `k`) is must-cover or needed for the target. The move's saving is
/// `c_j (+ c_j2) − c_k`. This covers the 1-for-1 and 2-for-1 swaps (and, with the redundancy
/// removal after every move, "1-for-0"). For partial cover a chosen column untouched by `k` may also
/// be dropped when the weight slack `k` adds allows it.
///
/// Evaluation runs in parallel over fixed chunks of candidate columns; each chunk proposes its best
/// move; proposals are re-checked and applied in chunk order (so one pass can apply many
/// independent moves, and the result does not depend on the thread count).
///
/// - Complexity: O(nnz + Σ_k d_k² · |j|) per pass, d_k = droppable columns touched by k (small).
enum MinCostLocalSearch {
    struct Move {
        var saving: Double
        var add: Int
        var drop1: Int
        var drop2: Int  // −1 when a single drop
    }

    /// Improves `state` (feasible) until no improving move is left or `maxPasses` passes are done.
    /// Returns the number of moves applied.
    static func improve(_ state: inout CoverState, parallel: Parallel, maxPasses: Int, clock: SolveClock? = nil) -> Int {
        let problem = state.problem
        let inst = problem.instance
        Redundancy.removeMinCost(&state)
        let chunks = Parallel.chunks(count: inst.columnCount, minimumChunk: 256)
        var applied = 0
        for _ in 0..<maxPasses {
            if clock?.expired == true { break }
            // Chosen columns free of critical must rows, by cost descending: drop candidates for partial cover.
            let loose = problem.mustCount == inst.rowCount ? [] :
                state.chosen.filter { state.criticalMust[$0] == 0 }
                    .sorted { inst.costs[$0] > inst.costs[$1] || (inst.costs[$0] == inst.costs[$1] && $0 < $1) }
            let snapshot = state
            let proposals: [Move?] = parallel.map(chunks, work: inst.nonzeroCount) { range in
                bestMove(in: range, snapshot, loose: loose)
            }
            var improved = false
            for case let move? in proposals {
                if apply(move, &state) {
                    applied += 1
                    improved = true
                }
            }
            if !improved { break }
            Redundancy.removeMinCost(&state)
        }
        return applied
    }

    /// Applies `move` if it is still feasible and improving in the current state.
    static func apply(_ move: Move, _ state: inout CoverState) -> Bool {
        let problem = state.problem
        guard state.isChosen[move.add] == 0, state.isChosen[move.drop1] == 1,
              move.drop2 < 0 || state.isChosen[move.drop2] == 1 else { return false }
        let costs = problem.instance.costs
        let saving = costs[move.drop1] + (move.drop2 >= 0 ? costs[move.drop2] : 0) - costs[move.add]
        guard saving > problem.costTolerance else { return false }
        state.add(move.add)
        guard state.canDropMinCost(move.drop1) else { state.remove(move.add); return false }
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

    /// The best improving move adding a column of `range` (ties: lowest add, then drop ids).
    static func bestMove(in range: Range<Int>, _ state: CoverState, loose: [Int]) -> Move? {
        let problem = state.problem
        let inst = problem.instance
        let tol = problem.costTolerance
        var best: Move?
        var touched: [Int] = []
        var hitMust: [Int32] = []
        var hitWeight: [Double] = []
        var droppable: [Int] = []
        var dropLoss: [Double] = []
        for k in range where state.isChosen[k] == 0 && problem.isFixed[k] == 0 {
            let ck = inst.costs[k]
            // Quick reject: even the costliest drop pair cannot pay for k.
            touched.removeAll(keepingCapacity: true)
            hitMust.removeAll(keepingCapacity: true)
            hitWeight.removeAll(keepingCapacity: true)
            var gain = 0.0
            for p in inst.columnStarts[k]..<inst.columnStarts[k + 1] {
                let i = Int(inst.columnRows[p])
                let c = state.count[i]
                if c == 0 {
                    gain += inst.weights[i]
                } else if c == 1 {
                    let j = state.soleCoverer(ofRow: i)
                    if problem.isFixed[j] == 1 { continue }
                    var slot = -1
                    for (t, q) in touched.enumerated() where q == j { slot = t; break }
                    if slot < 0 {
                        touched.append(j); hitMust.append(0); hitWeight.append(0)
                        slot = touched.count - 1
                    }
                    hitMust[slot] += Int32(problem.isMust[i])
                    hitWeight[slot] += inst.weights[i]
                }
            }
            let base = state.coveredWeight + gain
            droppable.removeAll(keepingCapacity: true)
            dropLoss.removeAll(keepingCapacity: true)
            for (t, j) in touched.enumerated() where inst.costs[j] > 0 {
                guard hitMust[t] == state.criticalMust[j] else { continue }
                let loss = state.criticalWeight[j] - hitWeight[t]
                guard base - loss >= problem.targetWeight else { continue }
                droppable.append(j)
                dropLoss.append(loss)
            }
            // Partial cover: the costliest untouched loose column whose loss the slack absorbs.
            if !loose.isEmpty {
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
            }
            if droppable.isEmpty { continue }
            for a in 0..<droppable.count {
                let j1 = droppable[a]
                let saving1 = inst.costs[j1] - ck
                if saving1 > tol { consider(Move(saving: saving1, add: k, drop1: j1, drop2: -1), &best) }
                for b in (a + 1)..<droppable.count {
                    let j2 = droppable[b]
                    let saving2 = inst.costs[j1] + inst.costs[j2] - ck
                    guard saving2 > tol, saving2 > (best?.saving ?? 0) + 1e-12 else { continue }
                    // Rows covered by exactly j1 and j2 and not by k would be lost.
                    guard let shared = pairLoss(j1, j2, k, state) else { continue }
                    guard base - dropLoss[a] - dropLoss[b] - shared >= problem.targetWeight else { continue }
                    let (lo, hi) = j1 < j2 ? (j1, j2) : (j2, j1)
                    consider(Move(saving: saving2, add: k, drop1: lo, drop2: hi), &best)
                }
            }
        }
        return best
    }

    @inline(__always) private static func consider(_ move: Move, _ best: inout Move?) {
        guard let current = best else { best = move; return }
        if move.saving > current.saving + 1e-12 { best = move }
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
