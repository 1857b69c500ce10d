import Support

/// Lagrangian relaxation of the min-cost covering problems (set cover, partial cover) on a
/// `CoreMatrix`, with the subgradient method (Held, Wolfe & Crowder 1974; Beasley 1990;
/// Caprara, Fischetti & Toth 1999).
///
/// Formulation (local rows `i`, columns `j`, must rows `M`, target `T` on covered weight):
///
///     min Σ_j c_j x_j   s.t.  z_i ≤ Σ_{j ∋ i} x_j  (all i),  z_i = 1 (i ∈ M),  Σ_i w_i z_i ≥ T,
///                             x, z ∈ {0, 1}.
///
/// Relaxing `z_i ≤ Σ x_j` with multipliers `u_i ≥ 0` gives, for every `u ≥ 0`,
///
///     L(u) = Σ_j min(0, c̃_j)  +  Σ_{i ∈ M} u_i  +  K(u),   c̃_j = c_j − Σ_{i ∈ j} u_i,
///     K(u) = min { Σ_{i ∉ M} u_i z_i : Σ_{i ∉ M} w_i z_i ≥ T − w(M), 0 ≤ z_i ≤ 1 },
///
/// and `L(u) ≤ OPT`: for an optimal `(x*, z*)` the relaxed terms `u_i (z*_i − Σ x*_j)` are ≤ 0, the
/// x-part is minimised separately, and the z-part's integer minimum is ≥ its continuous
/// relaxation `K(u)`. For set cover (`M` = all rows, no knapsack) this is Beasley's bound. Columns
/// fixed to 1 by the heuristic add their cost and take their rows out (`rowActive = 0`); the bound
/// is then only valid for solutions containing them, so only the unfixed run feeds the reported bound.
///
/// Per iteration: reduced costs in parallel over fixed column chunks, subgradient
/// `s_i = z_i − Σ_{j ∋ i, c̃_j < 0} 1` in parallel over row chunks, sums combined in chunk order —
/// identical results for any thread count.
///
/// - Complexity: O(nnz) per evaluation (plus O(rows) for the knapsack), memory O(rows + columns).
struct MinCostLagrangian {
    let core: CoreMatrix
    let parallel: Parallel
    let columnChunks: [Range<Int>]
    let rowChunks: [Range<Int>]
    /// Multipliers per local row (0 on inactive rows).
    var u: [Double] { didSet { reducedIsCurrent = false } }
    /// Reduced costs of the last evaluation (free columns; fixed ones hold +∞).
    var reduced: [Double]
    /// Whether `reduced` holds the reduced costs of `u` (the priced columns' when pricing is
    /// restricted): set by `evaluate`, cleared when `u`, a row or a column changes.
    private(set) var reducedIsCurrent = false
    /// What covering each row is worth to the Lagrangian greedy (`LagrangianGreedy`'s `μ`): 1 for
    /// set cover; else the row's weight, plus the mean row weight on must rows.
    let rowValue: [Double]
    /// Per column, `rowValue` summed over its active rows in column order (the greedy's first `μ`),
    /// valid while `columnValueIsCurrent`: `evaluate` sums it again after `fix` changed the rows.
    private(set) var columnValue: [Double] = []
    private(set) var columnValueIsCurrent = false
    /// Subgradient of the last evaluation.
    var subgradient: [Double]
    /// Scratch: per row, columns with negative reduced cost covering it.
    var coverCount: [Int32] = []
    /// 1 = row still to be covered (not covered by heuristically fixed columns).
    var rowActive: [UInt8]
    /// 1 = column may still be chosen (not fixed to 1).
    var columnFree: [UInt8]
    /// Cost of the columns fixed to 1.
    var fixedCost = 0.0
    /// The columns fixed to 1, in fixing order.
    private(set) var fixedOrder: [Int32] = []
    /// Weight still needed from active rows.
    var remainingTarget: Double
    /// `mustWeightActive()` as of the last evaluation, or nil after `fix` changed `rowActive`:
    /// summed again only then, not on every evaluation.
    private var activeMustWeight: Double?
    /// Active non-must rows with weight > 0 (the knapsack's items), in row order; after `fix`
    /// it may still hold rows `fix` took out until `compactKnapsackRows` runs (`evaluate` and
    /// `knapsackThreshold` call it), so that fixing many columns costs one pass, not one per column.
    private(set) var knapsackRows: [Int32]
    /// Whether `fix` took rows out since `knapsackRows` was last compacted.
    private var knapsackRowsStale = false
    var knapsack = CoveringKnapsack()
    /// A fixed price `μ` of the target constraint, relaxed too (`priceTarget`; blocks of the warm
    /// start), or nil for the exact knapsack term `K(u)`.
    var targetPrice: Double?
    /// True when every row is must-cover (set cover): no knapsack.
    let allMust: Bool
    /// The columns `evaluate` prices (a CFT core, local ids ascending), or nil for every column.
    /// With a core, `L(u)` is the core sub-problem's: at least the full `L(u)`, **not** a bound.
    private(set) var priced: [Int32]?
    private(set) var pricedChunks: [Range<Int>] = []

    init(core: CoreMatrix, parallel: Parallel) {
        self.core = core
        self.parallel = parallel
        columnChunks = Parallel.chunks(count: core.columnCount, minimumChunk: 512)
        rowChunks = Parallel.chunks(count: core.rowCount, minimumChunk: 512)
        u = [Double](repeating: 0, count: core.rowCount)
        reduced = [Double](repeating: 0, count: core.columnCount)
        subgradient = [Double](repeating: 0, count: core.rowCount)
        rowActive = [UInt8](repeating: 1, count: core.rowCount)
        columnFree = [UInt8](repeating: 1, count: core.columnCount)
        remainingTarget = core.targetWeight
        knapsackRows = (0..<core.rowCount).filter { core.isMust[$0] == 0 && core.weights[$0] > 0 }.map { Int32($0) }
        let allMust = core.isMust.allSatisfy { $0 == 1 }
        self.allMust = allMust
        var mean = 0.0
        for w in core.weights { mean += w }
        mean = core.rowCount > 0 ? mean / Double(core.rowCount) : 1
        rowValue = (0..<core.rowCount).map {
            allMust ? 1 : core.weights[$0] + (core.isMust[$0] == 1 ? max(mean, 1e-9) : 0)
        }
        u = initialMultipliers()
    }

    /// Sums `columnValue` again (after `fix`): per column, `rowValue` over its active rows.
    ///
    /// - Complexity: O(nnz).
    mutating func sumColumnValues() {
        var values = [Double](repeating: 0, count: core.columnCount)
        for j in 0..<core.columnCount {
            var mu = 0.0
            for k in core.columnStarts[j]..<core.columnStarts[j + 1] {
                let i = Int(core.columnRows[k])
                if rowActive[i] == 1 { mu += rowValue[i] }
            }
            values[j] = mu
        }
        columnValue = values
        columnValueIsCurrent = true
    }

    /// The multipliers of the last evaluation with their reduced costs (`restore` puts them back):
    /// the subgradient loop hands them to the greedy runs of a batch, which then need not sum the
    /// reduced costs again.
    struct Evaluated {
        let u: [Double]
        let reduced: [Double]
    }

    /// `u` with its reduced costs when they are current, else `u` alone.
    var evaluated: Evaluated { Evaluated(u: u, reduced: reducedIsCurrent ? reduced : []) }

    /// Sets `u` (and, when `evaluated` had them, the reduced costs of `u`).
    mutating func restore(_ evaluated: Evaluated) {
        u = evaluated.u
        guard evaluated.reduced.count == core.columnCount else { return }
        reduced = evaluated.reduced
        reducedIsCurrent = true
    }

    /// `u_i = min_{j ∋ i} c_j / |j|` (Beasley 1990) on must rows; on the others the weighted
    /// analogue `w_i · min_{j ∋ i} c_j / w(j)`.
    ///
    /// - Complexity: O(nnz).
    func initialMultipliers() -> [Double] {
        var columnWeight = [Double](repeating: 0, count: core.columnCount)
        if !allMust {
            for j in 0..<core.columnCount {
                var total = 0.0
                for q in core.columnStarts[j]..<core.columnStarts[j + 1] {
                    total += core.weights[Int(core.columnRows[q])]
                }
                columnWeight[j] = total
            }
        }
        var result = [Double](repeating: 0, count: core.rowCount)
        for i in 0..<core.rowCount where rowActive[i] == 1 {
            var best = Double.infinity
            for k in core.rowStarts[i]..<core.rowStarts[i + 1] {
                let j = Int(core.rowColumns[k])
                guard columnFree[j] == 1 else { continue }
                let price: Double
                if core.isMust[i] == 1 {
                    price = core.costs[j] / Double(core.columnStarts[j + 1] - core.columnStarts[j])
                } else {
                    price = columnWeight[j] > 0 ? core.costs[j] * core.weights[i] / columnWeight[j] : .infinity
                }
                best = min(best, price)
            }
            result[i] = best.isFinite ? best : 0
        }
        return result
    }

    /// Evaluates `L(u)` for the current `u`, filling `reduced` and `subgradient`.
    ///
    /// - Returns: `L(u)` (including `fixedCost`) and `‖s‖²`.
    mutating func evaluate() -> (value: Double, norm2: Double) {
        if !columnValueIsCurrent { sumColumnValues() }
        // 1. Reduced costs, per column chunk: Σ min(0, c̃_j).
        var value = fixedCost
        for s in reducedCosts() { value += s }
        reducedIsCurrent = true
        // 2. Knapsack on the non-must rows.
        var threshold = -Double.infinity
        var fraction = 0.0
        if !allMust {
            compactKnapsackRows()
            let mustWeight = activeMustWeight ?? mustWeightActive()
            activeMustWeight = mustWeight
            let target = remainingTarget - mustWeight
            if let price = targetPrice {
                (value, threshold) = (value + pricedTarget(price, target: target), target > 0 ? price : -.infinity)
            } else {
                let result = u.withUnsafeBufferPointer { uu in
                    core.weights.withUnsafeBufferPointer { w in
                        knapsack.solve(rows: knapsackRows, u: uu, w: w, target: target)
                    }
                }
                value += result.value
                threshold = result.threshold
                fraction = result.fraction
            }
        }
        // 3. How many chosen (negative reduced cost) columns cover each row.
        countCovers()
        // 4. Must rows' multipliers and the subgradient, per row chunk.
        var norm2 = 0.0
        for (mustSum, norm) in subgradientRows(threshold: threshold, fraction: fraction) {
            value += mustSum
            norm2 += norm
        }
        return (value, norm2)
    }

    /// Weight of active must rows (they are covered in every solution, so they count toward the target).
    func mustWeightActive() -> Double {
        var total = 0.0
        for i in 0..<core.rowCount where rowActive[i] == 1 && core.isMust[i] == 1 { total += core.weights[i] }
        return total
    }

    /// One subgradient step `u ← max(0, u + t ρ s)`, `t = λ (target − L) / ‖s‖²_ρ`, where `ρ` is
    /// `CoreMatrix.rowScale` (1 on unmerged rows) and `‖s‖²_ρ = Σ ρ_i s_i²` (from `evaluate`).
    mutating func step(lambda: Double, value: Double, norm2: Double, target: Double) {
        guard norm2 > 0 else { return }
        let t = lambda * max(target - value, 1e-9 * max(1, abs(target))) / norm2
        let (chunks, parallel, rowCount) = (rowChunks, parallel, core.rowCount)
        // Locals: `u` has an observer, so changing it accesses all of `self`.
        let (subgradient, rowScale) = (subgradient, core.rowScale)
        u.withUnsafeMutableBufferPointer { uu in
            subgradient.withUnsafeBufferPointer { sub in
                rowScale.withUnsafeBufferPointer { scale in
                    let out = SharedBuffer(pointer: uu)
                    let box = UncheckedBox((sub, scale))
                    parallel.forEach(chunks, work: rowCount) { range in
                        let (sub, scale) = box.value
                        for i in range {
                            let next = out[i] + t * scale[i] * sub[i]
                            out[i] = next > 0 ? next : 0
                        }
                    }
                }
            }
        }
    }

    /// Restricts `evaluate` to `columns` (ascending local ids; nil: every column again). Columns
    /// outside get reduced cost +∞ until the next full evaluation.
    mutating func restrictPricing(to columns: [Int32]?) {
        priced = columns
        guard let columns else { return }
        pricedChunks = Parallel.chunks(count: columns.count, minimumChunk: 512)
        var next = 0
        for j in 0..<core.columnCount {
            if next < columns.count && Int(columns[next]) == j {
                next += 1
            } else {
                reduced[j] = .infinity
            }
        }
    }

    /// Nonzeros one evaluation visits (the core's when pricing is restricted).
    var pricedNonzeroCount: Int {
        guard let priced else { return core.nonzeroCount }
        var total = 0
        for j in priced { total += core.columnStarts[Int(j) + 1] - core.columnStarts[Int(j)] }
        return total
    }

    /// Fixes local column `j` to 1: adds its cost, deactivates its rows (multipliers to 0).
    mutating func fix(column j: Int) {
        guard columnFree[j] == 1 else { return }
        columnFree[j] = 0
        reducedIsCurrent = false
        columnValueIsCurrent = false
        fixedOrder.append(Int32(j))
        fixedCost += core.costs[j]
        for k in core.columnStarts[j]..<core.columnStarts[j + 1] {
            let i = Int(core.columnRows[k])
            if rowActive[i] == 1 {
                rowActive[i] = 0
                u[i] = 0
                remainingTarget -= core.weights[i]
            }
        }
        knapsackRowsStale = true
        activeMustWeight = nil
    }

    /// Drops the rows `fix` took out from `knapsackRows` (same order): one pass after any number
    /// of fixes. Measured on the area-weighted city job, where the refinement rounds fix about
    /// 2,000 columns at a time, the removal per column took a fifth of the solve stage.
    mutating func compactKnapsackRows() {
        guard knapsackRowsStale else { return }
        knapsackRows.removeAll { rowActive[Int($0)] == 0 }
        knapsackRowsStale = false
    }

    /// Takes local column `j` out of the problem without choosing it (it conflicts with a fixed
    /// column under the packing constraints): it is no longer free and never enters `L(u)`.
    mutating func forbid(column j: Int) {
        columnFree[j] = 0
        reducedIsCurrent = false
    }

    /// Number of active rows.
    var activeRowCount: Int { rowActive.reduce(0) { $0 + Int($1) } }

    /// Whether the active rows still need anything (uncovered must rows or missing weight).
    var needsMore: Bool {
        if remainingTarget > 0 { return true }
        for i in 0..<core.rowCount where rowActive[i] == 1 && core.isMust[i] == 1 { return true }
        return false
    }
}
