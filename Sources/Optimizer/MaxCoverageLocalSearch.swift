/// Local search for max coverage (MCLP): "add" and "swap one for one" moves evaluated with the
/// incremental cover counts of `CoverState` (Teitz & Bart 1968 style interchange, made cheap by
/// the critical-row bookkeeping).
///
/// For a candidate column `k`, its gain is the weight of the uncovered rows it covers; its overlap
/// with a chosen column `j` is the weight of rows now covered by `j` alone that `k` also covers
/// (found through the XOR of covering ids). Swapping `j` out for `k` changes coverage by
/// `gain(k) − (critical(j) − overlap(k, j))`; chosen columns `k` does not touch lose their full
/// critical weight, so only the one with the least critical weight needs checking. A swap must keep
/// every must row covered and the K/budget limits; an add must fit the limits.
///
/// Evaluation runs in parallel over fixed chunks of candidates; each chunk proposes its best move;
/// proposals are re-checked and applied in chunk order (deterministic for any thread count).
///
/// - Complexity: O(nnz + Σ_k touched_k) per pass.
enum MaxCoverageLocalSearch {
    struct Move {
        var value: Double
        var add: Int
        var drop: Int  // −1 for a pure add
    }

    /// Improves `state` (feasible) until no improving move is left or `maxPasses` passes are done.
    /// Returns the number of moves applied.
    static func improve(_ state: inout CoverState, parallel: Parallel, maxPasses: Int, clock: SolveClock? = nil) -> Int {
        let problem = state.problem
        let inst = problem.instance
        let chunks = Parallel.chunks(count: inst.columnCount, minimumChunk: 256)
        var applied = 0
        for _ in 0..<maxPasses {
            if clock?.expired == true { break }
            // Chosen columns without critical must rows, least critical weight first.
            let byLoss = state.chosen.filter { state.criticalMust[$0] == 0 }
                .sorted { state.criticalWeight[$0] < state.criticalWeight[$1] || (state.criticalWeight[$0] == state.criticalWeight[$1] && $0 < $1) }
            let snapshot = state
            let proposals: [Move?] = parallel.map(chunks, work: inst.nonzeroCount) { range in
                bestMove(in: range, snapshot, byLoss: byLoss)
            }
            var improved = false
            for case let move? in proposals where apply(move, &state) {
                applied += 1
                improved = true
            }
            if !improved { break }
        }
        Redundancy.removeMaxCoverage(&state)
        return applied
    }

    /// Applies `move` if it still fits the limits, keeps must rows covered and improves coverage.
    static func apply(_ move: Move, _ state: inout CoverState) -> Bool {
        let problem = state.problem
        let costs = problem.instance.costs
        guard state.isChosen[move.add] == 0, move.drop < 0 || state.isChosen[move.drop] == 1 else { return false }
        let count = state.chosenCount + (move.drop < 0 ? 1 : 0)
        let cost = state.cost + costs[move.add] - (move.drop >= 0 ? costs[move.drop] : 0)
        guard problem.fitsLimits(count: count, cost: cost) else { return false }
        let before = state.coveredWeight
        state.add(move.add)
        if move.drop >= 0 {
            guard state.criticalMust[move.drop] == 0 else { state.remove(move.add); return false }
            state.remove(move.drop)
        }
        if state.coveredWeight > before + problem.weightTolerance { return true }
        if move.drop >= 0 { state.add(move.drop) }
        state.remove(move.add)
        return false
    }

    /// The best improving move adding a column of `range`.
    static func bestMove(in range: Range<Int>, _ state: CoverState, byLoss: [Int]) -> Move? {
        let problem = state.problem
        let inst = problem.instance
        let tol = problem.weightTolerance
        var best: Move?
        var touched: [Int] = []
        var overlapWeight: [Double] = []
        var overlapMust: [Int32] = []
        let canAddCount = state.chosenCount + 1 <= problem.maxColumns
        for k in range where state.isChosen[k] == 0 && problem.isFixed[k] == 0 {
            let ck = inst.costs[k]
            touched.removeAll(keepingCapacity: true)
            overlapWeight.removeAll(keepingCapacity: true)
            overlapMust.removeAll(keepingCapacity: true)
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
                        touched.append(j); overlapWeight.append(0); overlapMust.append(0)
                        slot = touched.count - 1
                    }
                    overlapWeight[slot] += inst.weights[i]
                    overlapMust[slot] += Int32(problem.isMust[i])
                }
            }
            if gain <= tol { continue }
            if canAddCount && state.cost + ck <= problem.budget + problem.costTolerance {
                consider(Move(value: gain, add: k, drop: -1), &best)
                continue  // a pure add beats any swap for this k
            }
            for (t, j) in touched.enumerated() {
                guard overlapMust[t] == state.criticalMust[j],
                      state.cost - inst.costs[j] + ck <= problem.budget + problem.costTolerance else { continue }
                let value = gain - (state.criticalWeight[j] - overlapWeight[t])
                if value > tol { consider(Move(value: value, add: k, drop: j), &best) }
            }
            var scanned = 0
            for j in byLoss {
                if scanned >= 32 || gain - state.criticalWeight[j] <= tol { break }
                scanned += 1
                if touched.contains(j) { continue }
                guard state.cost - inst.costs[j] + ck <= problem.budget + problem.costTolerance else { continue }
                consider(Move(value: gain - state.criticalWeight[j], add: k, drop: j), &best)
                break
            }
        }
        return best
    }

    @inline(__always) private static func consider(_ move: Move, _ best: inout Move?) {
        guard let current = best else { best = move; return }
        if move.value > current.value + 1e-12 * max(1, abs(current.value)) { best = move }
    }
}
