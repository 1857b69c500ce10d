/// Fix-and-resolve large-neighbourhood search for the min-cost problems (set and partial cover):
/// a "destroy and repair" step whose repair is exact (after Shaw 1998 and the fix-and-optimise
/// heuristics of the covering literature).
///
/// For each chosen column `s` of the plan (ascending ids, one sweep after another): `D` = `s` and
/// the `dropCount − 1` chosen columns sharing the most rows with it (neighbouring sites); they are
/// taken out, and the rows and weight they leave missing must come back from `D` and the
/// `candidateCount` unchosen columns covering the most weight among those rows. That sub-problem
/// (a partial cover of the uncovered rows those columns reach, with the missing weight as target
/// and the uncovered must rows as must rows) is solved **exactly** by `solveCovering` with its
/// branch and bound (at most 20 columns); a cheaper repair replaces `D`. The local search swaps at
/// most two columns for one; this replaces up to `dropCount` columns by any subset of 20 at once.
///
/// Sequential and in a fixed order, so deterministic; every accepted move is re-checked on the full
/// instance (feasible, strictly cheaper). Skipped with packing constraints (the sub-problem would
/// need the conflicts with the rest of the plan).
enum NeighbourhoodSearch {
    /// Chosen columns taken out per neighbourhood.
    static let dropCount = 4
    /// Columns of the sub-problem (the dropped ones included); exact search handles up to 20.
    static let subproblemColumns = 18

    /// Improves `state` until a sweep finds nothing, `maxSweeps` sweeps ran, or `maxWork` (matrix
    /// entries visited, plus 20 per branch-and-bound node) is spent.
    ///
    /// - Returns: accepted repairs and the work spent.
    static func improve(_ state: inout CoverState, maxWork: Double, maxSweeps: Int = 3, clock: SolveClock)
        -> (moves: Int, work: Double)
    {
        let problem = state.problem
        guard problem.kind == .minCost, problem.packing == nil, maxWork > 0 else { return (0, 0) }
        var scratch = Scratch(columnCount: problem.instance.columnCount)
        var work = 0.0
        var moves = 0
        for _ in 0..<maxSweeps {
            var improved = false
            for seed in state.sortedChosen where state.isChosen[seed] == 1 {
                if work >= maxWork || clock.expired { return (moves, work) }
                if repair(&state, seed: seed, scratch: &scratch, work: &work) {
                    moves += 1
                    improved = true
                }
            }
            if !improved { break }
        }
        return (moves, work)
    }

    /// Per-column counters reused between neighbourhoods (cleared through the touched list).
    struct Scratch {
        var score: [Double]
        var touched: [Int] = []
        init(columnCount: Int) { score = [Double](repeating: 0, count: columnCount) }

        mutating func clear() {
            for j in touched { score[j] = 0 }
            touched.removeAll(keepingCapacity: true)
        }

        mutating func add(_ j: Int, _ value: Double) {
            if score[j] == 0 { touched.append(j) }
            score[j] += value
        }

        /// The touched columns passing `include`, highest score first (ties: lower id), at most `limit`.
        func top(_ limit: Int, where include: (Int) -> Bool) -> [Int] {
            let ranked = touched.filter { include($0) && score[$0] > 0 }
                .sorted { score[$0] > score[$1] || (score[$0] == score[$1] && $0 < $1) }
            return Array(ranked.prefix(limit))
        }
    }

    /// One destroy-and-repair around `seed`; returns whether a cheaper plan was kept.
    static func repair(_ state: inout CoverState, seed: Int, scratch: inout Scratch, work: inout Double) -> Bool {
        let problem = state.problem
        let inst = problem.instance
        // D: the seed and the chosen columns sharing the most rows with it.
        scratch.clear()
        for i in inst.rows(ofColumn: seed) {
            for k in inst.columns(ofRow: Int(i)) where Int(k) != seed && state.isChosen[Int(k)] == 1 {
                scratch.add(Int(k), 1)
            }
            work += Double(inst.rowStarts[Int(i) + 1] - inst.rowStarts[Int(i)])
        }
        let dropped = [seed] + scratch.top(dropCount - 1) { _ in true }
        var droppedCost = 0.0
        for j in dropped {
            droppedCost += inst.costs[j]
            state.remove(j)
        }
        // The rows now uncovered that matter, and the unchosen columns covering most of their weight.
        scratch.clear()
        var rows: [Int] = []
        var seen = Set<Int>()
        for j in dropped {
            for i32 in inst.rows(ofColumn: j) {
                let i = Int(i32)
                guard state.count[i] == 0, inst.weights[i] > 0 || problem.isMust[i] == 1, seen.insert(i).inserted
                else { continue }
                rows.append(i)
                let value = inst.weights[i] + Double(problem.isMust[i]) * (1 + inst.totalWeight)
                for k in inst.columns(ofRow: i) where state.isChosen[Int(k)] == 0 && problem.isEligible(Int(k)) {
                    scratch.add(Int(k), value)
                }
                work += Double(inst.rowStarts[i + 1] - inst.rowStarts[i])
            }
        }
        let droppedSet = Set(dropped)
        let columns = dropped + scratch.top(subproblemColumns - dropped.count) { !droppedSet.contains($0) }
        let repaired = solveSubproblem(state, rows: rows, columns: columns, work: &work)
        var repairCost = 0.0
        for j in repaired ?? [] { repairCost += inst.costs[j] }
        if let repaired, repairCost < droppedCost - problem.costTolerance {
            for j in repaired { state.add(j) }
            if state.isFeasibleMinCost { return true }
            for j in repaired { state.remove(j) }
        }
        for j in dropped { state.add(j) }
        return false
    }

    /// The cheapest subset of `columns` covering the must rows among `rows` and the weight the plan
    /// misses, by exact search (its incumbent when the node limit cut it short; nil when none).
    static func solveSubproblem(_ state: CoverState, rows: [Int], columns: [Int], work: inout Double) -> [Int]? {
        let problem = state.problem
        let inst = problem.instance
        var local = [Int: Int]()
        for (r, i) in rows.enumerated() { local[i] = r }
        var subColumns: [[Int]] = []
        for j in columns {
            subColumns.append(inst.rows(ofColumn: j).compactMap { local[Int($0)] })
        }
        let weights = rows.map { inst.weights[$0] }
        let must = (0..<rows.count).filter { problem.isMust[rows[$0]] == 1 }
        let missing = problem.targetWeight - state.coveredWeight
        var total = 0.0
        for w in weights { total += w }
        let fraction: Double
        if missing <= 0 {
            fraction = 0
        } else {
            guard total > 0 else { return nil }
            // Asks for a hair more than missing: the sub-problem's own target tolerance is subtracted.
            fraction = min(1, (missing + 2e-9 * max(1, total)) / total)
        }
        guard
            let sub = try? CoveringInstance(
                rowCount: rows.count, columns: subColumns, costs: columns.map { inst.costs[$0] }, weights: weights,
                mustCoverRows: must)
        else { return nil }
        work += Double(sub.nonzeroCount + sub.rowCount + sub.columnCount) * 20
        var options = SolverOptions(threads: 1, timeLimitSeconds: 10, seed: 1, effort: 0.05)
        options.exactSearchMaxColumns = 20
        options.exactSearchNodeLimit = 200_000
        options.useLagrangian = false
        guard
            let solution = try? solveCovering(sub, objective: .partialCover(targetFraction: fraction), options: options)
        else { return nil }
        work += 20 * Double(solution.statistics.exactSearchNodes)
        return solution.chosenColumns.map { columns[$0] }
    }
}
