import Support

/// Upper bounds on the optimum of max coverage (MCLP), so every solution reports its gap.
///
/// 1. **Submodular bound** (Nemhauser, Wolsey & Fisher 1978; Leskovec et al. 2007 "data-dependent
///    bound"): coverage `f` is monotone submodular, so for *any* set `S` and an optimal `O`,
///    `f(O) ≤ f(S) + Σ_{j ∈ O∖S} Δ_j(S)`, with `Δ_j(S)` the marginal gain of `j`. Since `O` has at
///    most K new columns of total cost ≤ B, the sum is at most the best K gains, and at most the
///    fractional knapsack of gains under the budget. Taking the minimum over several `S` (the greedy's
///    intermediate sets and the final solution) tightens it.
/// 2. **Lagrangian / LP bound** (Church & ReVelle 1974 formulation; Galvão & ReVelle 1996): relax
///    `z_i ≤ Σ_{j ∋ i} x_j` with multipliers `0 ≤ u_i ≤ w_i`:
///    `L(u) = Σ_i (w_i − u_i) + max{Σ_j p_j x_j : Σ x_j ≤ K, Σ c_j x_j ≤ B}`, `p_j = Σ_{i ∈ j} u_i`,
///    where the inner maximum is bounded above by `min(sum of the K largest p_j, fractional knapsack of p
///    under B)`. Every `u` gives `L(u) ≥ OPT`; subgradient steps minimise it (its minimum is the LP
///    relaxation's value). Must-cover constraints are dropped, which only loosens (keeps valid) both bounds.
///
/// - Complexity: O(nnz + n) per bound evaluation / subgradient iteration.
enum MaxCoverageBounds {
    /// `f(S) + min(top-K gains, budget knapsack of gains)` for the set of `state`.
    static func submodular(_ state: CoverState, parallel: Parallel) -> Double {
        let problem = state.problem
        let inst = problem.instance
        let chunks = Parallel.chunks(count: inst.columnCount, minimumChunk: 1024)
        var gains = [Double](repeating: 0, count: inst.columnCount)
        gains.withUnsafeMutableBufferPointer { g in
            let out = SharedBuffer(pointer: g)
            parallel.forEach(chunks, work: inst.nonzeroCount) { range in
                for j in range where state.isChosen[j] == 0 && problem.isEligible(j) {
                    out[j] = state.gain(of: j)
                }
            }
        }
        return state.coveredWeight + bestSelection(values: gains, problem: problem)
    }

    /// An upper bound on `max Σ v_j x_j` over new columns with `Σ x ≤ K` and `Σ c x ≤ B` (x ∈ [0, 1]):
    /// the smaller of the top-K sum and the fractional budget knapsack.
    static func bestSelection(values: [Double], problem: CoverProblem) -> Double {
        let inst = problem.instance
        var items: [Int32] = []
        var total = 0.0
        for j in 0..<values.count where values[j] > 0 {
            items.append(Int32(j))
            total += values[j]
        }
        var bound = total
        var knapsack = CoveringKnapsack()
        if problem.maxColumns < items.count {
            // Top-K sum = total − (least-value subset of size n − K) (complement trick).
            let ones = [Double](repeating: 1, count: values.count)
            let dropped = values.withUnsafeBufferPointer { v in
                ones.withUnsafeBufferPointer { w in
                    knapsack.solve(rows: items, u: v, w: w, target: Double(items.count - problem.maxColumns))
                }
            }
            bound = min(bound, total - dropped.value)
        }
        if problem.budget.isFinite {
            var paid: [Int32] = []
            var costTotal = 0.0
            for j32 in items where inst.costs[Int(j32)] > 0 {
                paid.append(j32)
                costTotal += inst.costs[Int(j32)]
            }
            if costTotal > problem.budget {
                let dropped = values.withUnsafeBufferPointer { v in
                    inst.costs.withUnsafeBufferPointer { w in
                        knapsack.solve(rows: paid, u: v, w: w, target: costTotal - problem.budget)
                    }
                }
                bound = min(bound, total - dropped.value)
            }
        }
        return bound
    }

    /// Minimises the Lagrangian bound of the LP relaxation by subgradient steps.
    ///
    /// - Parameters:
    ///   - state: the solution so far (fixed columns on; its value is the step's lower target).
    ///   - iterations: iteration budget (deterministic).
    /// - Returns: the least `L(u)` found (≥ OPT).
    ///   - heuristicEvery: every this many iterations (from the 10th on), `onSelection` receives the
    ///     columns of largest `p_j` (see `integralSelection`) and returns the best value found so far.
    static func lagrangian(
        _ state: CoverState, parallel: Parallel, iterations: Int, clock: SolveClock,
        heuristicEvery: Int = 0, onSelection: (([Int]) -> Double)? = nil
    ) -> Double {
        let problem = state.problem
        let inst = problem.instance
        // Rows covered by fixed columns are out; the others carry multipliers.
        let (fixedCovered, base) = fixedCoverage(inst)
        var u = (0..<inst.rowCount).map { fixedCovered[$0] == 1 ? 0 : inst.weights[$0] * 0.5 }
        let columnChunks = Parallel.chunks(count: inst.columnCount, minimumChunk: 1024)
        var values = [Double](repeating: 0, count: inst.columnCount)
        var best = Double.infinity
        var lambda = 1.0
        var sinceImproved = 0
        var lower = state.coveredWeight
        var selected = [Double](repeating: 0, count: inst.columnCount)
        var g = [Double](repeating: 0, count: inst.rowCount)
        for iteration in 0..<iterations {
            if iteration % 8 == 0 && clock.expired { break }
            prices(u, problem: problem, parallel: parallel, chunks: columnChunks, into: &values)
            var value = base
            for i in 0..<inst.rowCount where fixedCovered[i] == 0 { value += inst.weights[i] - u[i] }
            let inner = innerSelection(values: values, problem: problem, into: &selected)
            value += inner
            if value < best - 1e-12 * max(1, abs(value)) {
                best = value
                sinceImproved = 0
            } else {
                sinceImproved += 1
                if sinceImproved >= 20 {
                    lambda /= 2
                    sinceImproved = 0
                }
            }
            if heuristicEvery > 0, iteration >= 10, iteration % heuristicEvery == 0, let onSelection {
                lower = max(lower, onSelection(integralSelection(values: values, problem: problem)))
                if lower == .infinity { break }
            }
            if best <= lower + problem.weightTolerance || lambda < 1e-6 { break }
            let norm = subgradient(u: u, selected: selected, fixedCovered: fixedCovered, inst: inst, into: &g)
            guard norm > 0 else { break }
            let t = lambda * max(value - lower, 1e-9 * max(1, value)) / norm
            for i in 0..<inst.rowCount where g[i] != 0 {
                u[i] = min(inst.weights[i], max(0, u[i] - t * g[i]))
            }
        }
        return best
    }

    /// Which rows the fixed columns cover, and their weight.
    static func fixedCoverage(_ inst: CoveringInstance) -> (covered: [UInt8], weight: Double) {
        var fixedCovered = [UInt8](repeating: 0, count: inst.rowCount)
        var base = 0.0
        for j in inst.fixedColumns {
            for k in inst.columnStarts[j]..<inst.columnStarts[j + 1] { fixedCovered[Int(inst.columnRows[k])] = 1 }
        }
        for i in 0..<inst.rowCount where fixedCovered[i] == 1 { base += inst.weights[i] }
        return (fixedCovered, base)
    }

    /// p_j = Σ u_i over each column's rows (fixed and chosen columns alike are candidates; fixed
    /// excluded: 0), in parallel over column chunks.
    static func prices(
        _ u: [Double], problem: CoverProblem, parallel: Parallel, chunks: [Range<Int>], into values: inout [Double]
    ) {
        let inst = problem.instance
        values.withUnsafeMutableBufferPointer { v in
            let out = SharedBuffer(pointer: v)
            parallel.forEach(chunks, work: inst.nonzeroCount) { range in
                for j in range {
                    guard problem.isEligible(j) else {
                        out[j] = 0
                        continue
                    }
                    var p = 0.0
                    for k in inst.columnStarts[j]..<inst.columnStarts[j + 1] { p += u[Int(inst.columnRows[k])] }
                    out[j] = p
                }
            }
        }
    }

    /// The projected subgradient of L at `u` into `g` — −1 for rows with u_i < w_i (their z-term),
    /// plus Σ selected x_j covering i; 0 where a step would push u below 0 or above w — and ‖g‖².
    static func subgradient(
        u: [Double], selected: [Double], fixedCovered: [UInt8], inst: CoveringInstance, into g: inout [Double]
    ) -> Double {
        var norm = 0.0
        for i in 0..<inst.rowCount {
            g[i] = fixedCovered[i] == 1 ? 0 : (u[i] < inst.weights[i] ? -1 : 0)
        }
        for j in 0..<inst.columnCount where selected[j] > 0 {
            for k in inst.columnStarts[j]..<inst.columnStarts[j + 1] {
                let i = Int(inst.columnRows[k])
                if fixedCovered[i] == 0 { g[i] += selected[j] }
            }
        }
        for i in 0..<inst.rowCount {
            if (g[i] > 0 && u[i] <= 0) || (g[i] < 0 && u[i] >= inst.weights[i]) { g[i] = 0 }
            norm += g[i] * g[i]
        }
        return norm
    }

    /// The columns of largest `values` (ties: lower id), twice as many as K allows (all positive
    /// ones when there is no K): the candidate pool of the Lagrangian heuristic.
    static func integralSelection(values: [Double], problem: CoverProblem) -> [Int] {
        var items = (0..<values.count).filter { values[$0] > 0 && problem.isEligible($0) }
        items.sort { values[$0] > values[$1] || (values[$0] == values[$1] && $0 < $1) }
        if problem.maxColumns < Int.max / 2 { items = Array(items.prefix(2 * problem.maxColumns)) }
        return items.sorted()
    }

    /// The inner maximum's upper bound and the fractional selection that attains it.
    private static func innerSelection(values: [Double], problem: CoverProblem, into selected: inout [Double]) -> Double
    {
        let inst = problem.instance
        for j in 0..<selected.count { selected[j] = 0 }
        var items: [Int32] = []
        var total = 0.0
        for j in 0..<values.count where values[j] > 0 {
            items.append(Int32(j))
            total += values[j]
        }
        var knapsack = CoveringKnapsack()
        var bestValue = total
        var bestThreshold = -Double.infinity // ratio threshold: items with ratio above it are selected whole
        var bestFraction = 1.0
        var useCost = false
        if problem.maxColumns < items.count {
            let ones = [Double](repeating: 1, count: values.count)
            let r = values.withUnsafeBufferPointer { v in
                ones.withUnsafeBufferPointer { w in
                    knapsack.solve(rows: items, u: v, w: w, target: Double(items.count - problem.maxColumns))
                }
            }
            if total - r.value < bestValue {
                bestValue = total - r.value
                bestThreshold = r.threshold
                bestFraction = r.fraction
            }
        }
        if problem.budget.isFinite {
            var costTotal = 0.0
            for j32 in items { costTotal += inst.costs[Int(j32)] }
            if costTotal > problem.budget {
                let paid = items.filter { inst.costs[Int($0)] > 0 }
                let r = values.withUnsafeBufferPointer { v in
                    inst.costs.withUnsafeBufferPointer { w in
                        knapsack.solve(rows: paid, u: v, w: w, target: costTotal - problem.budget)
                    }
                }
                if total - r.value < bestValue {
                    bestValue = total - r.value
                    bestThreshold = r.threshold
                    bestFraction = r.fraction
                    useCost = true
                }
            }
        }
        // The complement knapsack dropped items with ratio below the threshold (whole) and at it
        // (fractionally); selected = 1 − dropped.
        for j32 in items {
            let j = Int(j32)
            let weight = useCost ? inst.costs[j] : 1
            if weight <= 0 {
                selected[j] = 1
                continue
            }
            let ratio = values[j] / weight
            if ratio < bestThreshold {
                selected[j] = 0
            } else if ratio == bestThreshold {
                selected[j] = 1 - bestFraction
            } else {
                selected[j] = 1
            }
        }
        return bestValue
    }
}
