import Optimizer

/// A tile's pieces of the global lower bound (docs/scale.md, "A lower bound valid for the whole
/// problem"), from the tile's Lagrangian multipliers `u` (one per core cell, ≥ 0; 0 on cells its
/// existing sites cover; all 0 when the solver had no Lagrangian phase — valid, merely weak).
///
/// With `I'` the cells no existing site covers, `M'` the must-cover ones among them:
/// - `must = Σ_{i∈M'} u_i`;
/// - per free column j, `s_j = Σ_{i∈I_j∩I'} u_i`: columns no other tile takes add
///   `min(0, c_j − s_j)` to `interior`; seam columns go to `border` as (id, s_j), for the merge to
///   form `min(0, c_j − Σ_T s_jT)`;
/// - `ladder[k] = Σ_{i∈I'∖M'} max(0, λ_k w_i − u_i)`, so that the merge can bound the knapsack of
///   the global target by its LP dual `λ·D − Σ_T ladder_T[k]` at a λ common to every tile.
public struct TileBound: Sendable {
    public var must: Double
    public var interior: Double
    public var border: [(id: String, sum: Double)]
    public var ladder: [Double]
    /// Weight of the core cells existing sites cover, and of the must-cover cells they do not.
    public var fixedCoveredWeight: Double
    public var mustWeightFree: Double

    static func make(
        instance: CoveringInstance, candidateCount: Int, ids: [String], seam: Set<String>, setCover: Bool,
        multipliers: [Double]?, ladder: [Double]
    ) -> TileBound {
        let rows = instance.rowCount
        let fixed = instance.coverCounts(of: instance.fixedColumns).map { $0 > 0 }
        var isMust = [Bool](repeating: setCover, count: rows)
        for i in instance.mustCoverRows { isMust[i] = true }
        var u = [Double](repeating: 0, count: rows)
        if let multipliers, multipliers.count == rows {
            for i in 0..<rows where !fixed[i] { u[i] = max(0, multipliers[i]) }
        }
        var must = 0.0
        var fixedWeight = 0.0
        var mustWeight = 0.0
        var items: [(ratio: Double, w: Double, u: Double)] = []
        for i in 0..<rows {
            let w = instance.weights[i]
            if fixed[i] {
                fixedWeight += w
            } else if isMust[i] {
                must += u[i]
                mustWeight += w
            } else if w > 0 {
                items.append((u[i] / w, w, u[i]))
            }
        }
        var interior = 0.0
        var border: [(id: String, sum: Double)] = []
        for j in 0..<candidateCount {
            var s = 0.0
            for row in instance.rows(ofColumn: j) { s += u[Int(row)] }
            if seam.contains(ids[j]) {
                border.append((ids[j], s))
            } else {
                interior += min(0, instance.costs[j] - s)
            }
        }
        // Σ max(0, λw − u) over items with u/w < λ: prefix sums over items sorted by u/w.
        items.sort { $0.ratio < $1.ratio || ($0.ratio == $1.ratio && $0.w < $1.w) }
        var values: [Double] = []
        values.reserveCapacity(ladder.count)
        var k = 0
        var sumW = 0.0
        var sumU = 0.0
        for lambda in ladder {
            while k < items.count, items[k].ratio < lambda {
                sumW += items[k].w
                sumU += items[k].u
                k += 1
            }
            values.append(max(0, lambda * sumW - sumU))
        }
        return TileBound(
            must: must, interior: interior, border: border, ladder: values, fixedCoveredWeight: fixedWeight,
            mustWeightFree: mustWeight)
    }

    /// The merge's bound from every tile's pieces: `LB = Σ must + Σ interior + Σ_j min(0, c_j − Σ_T s_jT)
    /// + max(0, max_k [λ_k·D − Σ_T ladder_T[k]])` with `D = max(0, t·W − Σ fixed − Σ must weight)`
    /// (docs/scale.md). `cost` gives a seam site's cost by id.
    public static func combine(
        _ parts: [TileBound], coverageTarget: Double, totalWeight: Double, ladder: [Double], cost: (String) -> Double
    ) -> (bound: Double, must: Double, interior: Double, border: Double, knapsack: Double, lambda: Double) {
        let must = parts.reduce(0) { $0 + $1.must }
        let interior = parts.reduce(0) { $0 + $1.interior }
        var sums: [String: Double] = [:]
        var order: [String] = []
        for part in parts {
            for entry in part.border {
                if sums[entry.id] == nil { order.append(entry.id) }
                sums[entry.id, default: 0] += entry.sum
            }
        }
        var border = 0.0
        for id in order { border += min(0, cost(id) - sums[id]!) }
        let fixed = parts.reduce(0) { $0 + $1.fixedCoveredWeight }
        let mustWeight = parts.reduce(0) { $0 + $1.mustWeightFree }
        let demand = coverageTarget >= 1 ? 0 : max(0, coverageTarget * totalWeight - fixed - mustWeight)
        var knapsack = 0.0
        var lambda = 0.0
        if demand > 0 {
            for (k, value) in ladder.enumerated() {
                var sum = 0.0
                for part in parts where k < part.ladder.count { sum += part.ladder[k] }
                let candidate = value * demand - sum
                if candidate > knapsack {
                    knapsack = candidate
                    lambda = value
                }
            }
        }
        return (must + interior + border + knapsack, must, interior, border, knapsack, lambda)
    }
}
