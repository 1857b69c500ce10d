/// Exhaustive depth-first branch and bound for instances with few free columns, run after the
/// heuristics (whose incumbent makes the pruning sharp). When it finishes within its node limit
/// the solution is proven optimal and the gap is 0; otherwise its incumbent is kept unproven.
///
/// Columns that cannot matter (no relevant row) are left out; the others are branched on in a
/// promising order (min-cost: cost per row ascending; max coverage: weight descending), "take"
/// before "skip". Pruning:
/// - min-cost: cost ≥ incumbent; an uncovered must row no later column covers; covered weight plus
///   what later columns could still add below the target;
/// - max coverage: K or budget exhausted; covered weight plus the best `K − |S|` current gains of
///   later columns (and at most the weight they can still reach) not above the incumbent.
///
/// Packing constraints are exact here: a column is taken only when no chosen or fixed column blocks
/// it, so a completed search proves optimality under them too.
///
/// - Complexity: O(2^n · (rows of a column)) in the worst case, bounded by `nodeLimit`.
struct ExactSearch {
    let problem: CoverProblem
    let nodeLimit: Int
    private(set) var nodes = 0
    private(set) var complete = true
    /// Best solution found (instance column ids) and its objective (cost or covered weight).
    private(set) var best: [Int]?
    private(set) var bestCost = Double.infinity
    private(set) var bestCovered = -Double.infinity
    private var order: [Int] = []
    /// For each row, the last position in `order` of a column covering it (−1: none).
    private var lastPosition: [Int] = []
    private var stack: [Int] = []

    init(problem: CoverProblem, nodeLimit: Int) {
        self.problem = problem
        self.nodeLimit = nodeLimit
    }

    /// The free columns that can matter, i.e. cover a row not covered by fixed columns.
    static func relevantColumns(_ problem: CoverProblem) -> [Int] {
        let inst = problem.instance
        let base = CoverState(problem: problem)
        return (0..<inst.columnCount).filter { j in
            guard problem.isEligible(j) else { return false }
            return base.newRows(of: j).must > 0 || base.gain(of: j) > 0
        }
    }

    /// Searches; `incumbent` (feasible) seeds the bound.
    mutating func run(incumbent: [Int]) {
        let inst = problem.instance
        var state = CoverState(problem: problem, columns: incumbent)
        let feasible =
            problem.kind == .minCost
            ? state.isFeasibleMinCost
            : (state.allMustCovered && problem.fitsLimits(count: state.chosenCount, cost: state.cost))
        if feasible {
            best = state.sortedChosen
            bestCost = state.cost
            bestCovered = state.coveredWeight
        }
        var columns = Self.relevantColumns(problem)
        state = CoverState(problem: problem)
        switch problem.kind {
        case .minCost:
            columns.sort { a, b in
                let ra = inst.costs[a] / Double(max(1, inst.columnStarts[a + 1] - inst.columnStarts[a]))
                let rb = inst.costs[b] / Double(max(1, inst.columnStarts[b + 1] - inst.columnStarts[b]))
                return ra < rb || (ra == rb && a < b)
            }
        case .maxCoverage:
            let gains = columns.map { state.gain(of: $0) }
            let indexed = zip(columns, gains).sorted { $0.1 > $1.1 || ($0.1 == $1.1 && $0.0 < $1.0) }
            columns = indexed.map(\.0)
        }
        order = columns
        lastPosition = [Int](repeating: -1, count: inst.rowCount)
        for (position, j) in order.enumerated() {
            for k in inst.columnStarts[j]..<inst.columnStarts[j + 1] {
                lastPosition[Int(inst.columnRows[k])] = position
            }
        }
        switch problem.kind {
        case .minCost: searchMinCost(0, &state)
        case .maxCoverage: searchMaxCoverage(0, &state)
        }
    }

    private mutating func visit() -> Bool {
        nodes += 1
        if nodes > nodeLimit { complete = false }
        return complete
    }

    private mutating func searchMinCost(_ position: Int, _ state: inout CoverState) {
        guard visit() else { return }
        if state.cost >= bestCost - problem.costTolerance { return }
        if state.isFeasibleMinCost {
            bestCost = state.cost
            bestCovered = state.coveredWeight
            best = state.sortedChosen
            return
        }
        guard position < order.count else { return }
        // Can the remaining columns still satisfy the requirements?
        let inst = problem.instance
        var reachable = state.coveredWeight
        for i in 0..<inst.rowCount where state.count[i] == 0 {
            if lastPosition[i] >= position {
                reachable += inst.weights[i]
            } else if problem.isMust[i] == 1 {
                return
            }
        }
        if reachable < problem.targetWeight { return }
        let j = order[position]
        if state.canAdd(j) && (state.gain(of: j) > 0 || state.newRows(of: j).must > 0) {
            state.add(j)
            searchMinCost(position + 1, &state)
            state.remove(j)
        }
        searchMinCost(position + 1, &state)
    }

    private mutating func searchMaxCoverage(_ position: Int, _ state: inout CoverState) {
        guard visit() else { return }
        let inst = problem.instance
        if state.allMustCovered
            && (state.coveredWeight > bestCovered + problem.weightTolerance
                || (state.coveredWeight > bestCovered - problem.weightTolerance
                    && state.cost < bestCost - problem.costTolerance))
        {
            bestCovered = state.coveredWeight
            bestCost = state.cost
            best = state.sortedChosen
        }
        guard position < order.count, state.chosenCount < problem.maxColumns else { return }
        // Must rows no later column covers make this branch infeasible.
        if !state.allMustCovered {
            for i in 0..<inst.rowCount where state.count[i] == 0 && problem.isMust[i] == 1 && lastPosition[i] < position
            { return }
        }
        // Bound: the best (K − |S|) current gains among later columns.
        var gains: [Double] = []
        for p in position..<order.count {
            let g = state.gain(of: order[p])
            if g > 0 { gains.append(g) }
        }
        gains.sort(by: >)
        let room = min(gains.count, problem.maxColumns - state.chosenCount)
        var optimistic = state.coveredWeight
        for t in 0..<room { optimistic += gains[t] }
        if state.allMustCovered && optimistic <= bestCovered + problem.weightTolerance { return }
        if !state.allMustCovered && best != nil && optimistic < bestCovered - problem.weightTolerance { return }
        let j = order[position]
        if state.canAdd(j) && problem.fitsLimits(count: state.chosenCount + 1, cost: state.cost + inst.costs[j]) {
            state.add(j)
            searchMaxCoverage(position + 1, &state)
            state.remove(j)
        }
        searchMaxCoverage(position + 1, &state)
    }
}
