import Optimizer

/// The merge's lower bound for the whole problem (docs/scale.md, "A lower bound valid for the whole
/// problem"): the Lagrangian bound `L(u)` of the global covering problem at the tiles' multipliers,
/// its knapsack (the global coverage target) replaced by the LP dual at a λ common to every tile,
/// and the multipliers of optional cells clipped to `λ·w_i` (which never lowers it):
///
///     L(λ) = Σ_T must_T + Σ_T interiorClipped_T(λ) + Σ_{seam j} min(0, c_j − s_j(λ)) + λ·D − Σ_T ladder_T(λ)
///
/// with `s_j(λ)` summed over the seam column's cells in every tile (the merge has their coverage on
/// the global grid and the tiles' `u`) and `D = max(0, t·W − w(covered by existing sites) − w(free
/// must cells))`. Every term is valid for any `u ≥ 0` and λ ≥ 0, so the best λ of the ladder gives a
/// valid bound whatever the tiles' multipliers are; how tight it is depends on how well they fit.
enum MergeBound {
    static func compute(
        results: [TileResult], owner: [Int32], merge: MergeColumns, instance: CoveringInstance, mustCells: [Int],
        coverageTarget: Double, ladder: [Double], costUnit: CostUnit?
    ) -> MergeReport.Bound {
        let rows = instance.rowCount
        // The global u: each tile's values in its cells' global order.
        var u = [Double](repeating: 0, count: rows)
        var next = [Int](repeating: 0, count: results.count)
        for cell in 0..<rows where owner[cell] >= 0 {
            let t = Int(owner[cell])
            if next[t] < results[t].multipliers.count { u[cell] = results[t].multipliers[next[t]] }
            next[t] += 1
        }
        var isMust = [Bool](repeating: coverageTarget >= 1, count: rows)
        for i in mustCells { isMust[i] = true }
        let must = results.reduce(0) { $0 + $1.bound.must }
        let fixed = results.reduce(0) { $0 + $1.bound.fixedCoveredWeight }
        let mustWeight = results.reduce(0) { $0 + $1.bound.mustWeightFree }
        let demand = coverageTarget >= 1 ? 0 : max(0, coverageTarget * instance.totalWeight - fixed - mustWeight)
        // Seam columns: their clipped sums over the global grid (or, for a column the merge has no
        // coverage of, the tiles' unclipped sums — larger, so the term stays valid).
        var unclipped: [String: Double] = [:]
        var order: [String] = []
        for result in results {
            for entry in result.bound.border {
                if unclipped[entry.id] == nil { order.append(entry.id) }
                unclipped[entry.id, default: 0] += entry.sum
            }
        }
        var seam: [(cost: Double, sums: ClippedSum?, unclipped: Double)] = []
        for id in order {
            let cost = merge.costOfId[id] ?? 0
            if let j = merge.columnOfId[id] {
                let cells = instance.rows(ofColumn: j).map { Int($0) }
                seam.append((cost, ClippedSum(cells: cells, u: u, weights: instance.weights, isMust: isMust), 0))
            } else {
                seam.append((cost, nil, unclipped[id]!))
            }
        }
        func value(_ k: Int) -> (total: Double, interior: Double, border: Double, knapsack: Double) {
            let lambda = ladder[k]
            var interior = 0.0
            var sum = 0.0
            for result in results {
                interior += result.bound.interiorClipped[k]
                sum += result.bound.ladder[k]
            }
            var border = 0.0
            for column in seam {
                border += min(0, column.cost - (column.sums?.value(at: lambda) ?? column.unclipped))
            }
            let knapsack = lambda * demand - sum
            return (must + interior + border + knapsack, interior, border, knapsack)
        }
        // Every 16th λ, then every λ around the best of those.
        var best = (k: -1, value: -Double.infinity)
        func consider(_ k: Int) {
            let total = value(k).total
            if total > best.value { best = (k, total) }
        }
        for k in stride(from: 0, to: ladder.count, by: 16) { consider(k) }
        if best.k >= 0 { for k in max(0, best.k - 16)..<min(ladder.count, best.k + 17) { consider(k) } }
        guard best.k >= 0, best.value > 0 else {
            return MergeReport.Bound(
                value: 0, must: must, interior: 0, border: 0, knapsack: 0, lambda: 0, rounded: costUnit != nil)
        }
        let parts = value(best.k)
        return MergeReport.Bound(
            value: LagrangianCertificate.rounded(parts.total, costUnit: costUnit), must: must,
            interior: parts.interior, border: parts.border, knapsack: parts.knapsack, lambda: ladder[best.k],
            rounded: costUnit != nil)
    }
}
