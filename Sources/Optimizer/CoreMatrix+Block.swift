/// A block of a `CoreMatrix`'s rows as a covering problem of its own, for the warm start of the
/// global bound (`MinCostHeuristic.blockMultipliers`).
///
/// Every column that touches the block is kept, restricted to the block's rows, and pays the share
/// of its cost that its rows inside the block make of all its rows (counted with `rowScale`, i.e.
/// in instance rows). This is a **Lagrangian decomposition**: with `c_j = Σ_b c_jb`,
///
///     min(0, c_j − Σ_{i ∈ j} u_i) ≥ Σ_b min(0, c_jb − Σ_{i ∈ j ∩ B_b} u_i),
///
/// so the column part of the whole problem's `L(u)` at the union of the blocks' multipliers is at
/// least the sum of the blocks' column parts: blocks that converge separately hand on multipliers
/// whose value does not collapse at their borders (charging each block the whole cost would make
/// every border column look profitable twice). The block's target is the parent's target fraction
/// of the block's weight. Packing constraints are dropped (the bound ignores them anyway).
///
/// Local ids: rows `0 ..< block.count` are the parent's rows `block`; `columnOriginal` holds the
/// parent's local column ids. Rows are not merged again.
extension CoreMatrix {
    init(block: Range<Int>, of parent: CoreMatrix) {
        var mark = [UInt8](repeating: 0, count: parent.columnCount)
        for i in block {
            for k in parent.rowStarts[i]..<parent.rowStarts[i + 1] { mark[Int(parent.rowColumns[k])] = 1 }
        }
        var kept: [Int32] = []
        var starts: [Int] = [0]
        var rows: [UInt32] = []
        var costs: [Double] = []
        parent.columnRows.withUnsafeBufferPointer { parentRows in
            for j in 0..<parent.columnCount where mark[j] == 1 {
                var inside = 0.0
                var total = 0.0
                for k in parent.columnStarts[j]..<parent.columnStarts[j + 1] {
                    let i = Int(parentRows[k])
                    let scale = parent.rowScale[i]
                    total += scale
                    if block.contains(i) {
                        inside += scale
                        rows.append(UInt32(i - block.lowerBound))
                    }
                }
                kept.append(Int32(j))
                costs.append(total > 0 ? parent.costs[j] * inside / total : parent.costs[j])
                starts.append(rows.count)
            }
        }
        let (rowStarts, rowColumns) = transpose(rowCount: block.count, columnStarts: starts, columnRows: rows)
        let weights = Array(parent.weights[block])
        var blockWeight = 0.0
        for w in weights { blockWeight += w }
        var parentWeight = 0.0
        for w in parent.weights { parentWeight += w }
        let fraction = parentWeight > 0 ? min(1, max(0, parent.targetWeight / parentWeight)) : 1
        rowCount = block.count
        columnCount = kept.count
        memberStarts = Array(0...block.count)
        memberRows = block.map { Int32($0) }
        columnOriginal = kept
        columnStarts = starts
        columnRows = rows
        self.rowStarts = rowStarts
        self.rowColumns = rowColumns
        self.costs = costs
        self.weights = weights
        isMust = Array(parent.isMust[block])
        targetWeight = fraction * blockWeight
        nonzeroCount = rows.count
        packing = nil
        columnLocation = []
        unmergedRowCount = block.count
        rowScale = Array(parent.rowScale[block])
    }
}

/// The target constraint priced instead of solved (the blocks of the warm start).
extension MinCostLagrangian {
    /// `μ T + Σ_{i ∉ M} min(0, u_i − μ w_i)`: the target constraint `Σ w_i z_i ≥ T` relaxed with
    /// multiplier `μ ≥ 0`, at most the knapsack term `K(u)` for every `μ` (weak duality), so `L(u)`
    /// with it stays a bound. With the same `μ` in every block the blocks' terms add up exactly to
    /// the whole problem's (their targets sum to its target), so the union of the blocks'
    /// multipliers is worth at least the sum of their values. 0 when the target is already met.
    func pricedTarget(_ price: Double, target: Double) -> Double {
        guard target > 0 else { return 0 }
        var value = price * target
        for i32 in knapsackRows {
            let i = Int(i32)
            value += min(0, u[i] - price * core.weights[i])
        }
        return value
    }

    /// The knapsack's price at the current multipliers: the ratio `u_i / w_i` at which `K(u)`
    /// stops taking rows (its LP dual), or nil for set cover or a target already met.
    mutating func knapsackThreshold() -> Double? {
        guard !allMust else { return nil }
        let target = remainingTarget - mustWeightActive()
        guard target > 0 else { return nil }
        compactKnapsackRows()
        let result = u.withUnsafeBufferPointer { uu in
            core.weights.withUnsafeBufferPointer { w in knapsack.solve(rows: knapsackRows, u: uu, w: w, target: target)
            }
        }
        return result.feasible && result.threshold.isFinite ? result.threshold : nil
    }
}
