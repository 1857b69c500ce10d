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
///   the global target by its LP dual `λ·D − Σ_T ladder_T[k]` at a λ common to every tile;
/// - `interiorClipped[k]`: the interior term at λ_k with `u_i` clipped to `λ_k w_i` on optional
///   cells (the merge clips the seam columns' sums from the tiles' `multipliers` itself).
public struct TileBound: Sendable {
    public var must: Double
    public var interior: Double
    public var border: [(id: String, sum: Double)]
    public var ladder: [Double]
    /// Per ladder λ: `Σ min(0, c_j − s_j(λ))` over the interior columns with the multipliers of
    /// optional cells clipped to `λ·w_i` — never below the unclipped term, since lowering `u_i ≤ λ w_i`
    /// on an optional cell leaves its knapsack term as it is and only raises the column terms.
    public var interiorClipped: [Double]
    /// Weight of the core cells existing sites cover, and of the must-cover cells they do not.
    public var fixedCoveredWeight: Double
    public var mustWeightFree: Double

    /// The tile's multipliers as used: ≥ 0, and 0 on cells its existing sites cover. From the
    /// solver's certificate when it ran a Lagrangian phase; else (an exact search on a small tile,
    /// which leaves none) the cheapest price per weight, `u_i = min_{j∋i} c_j·w_i / w(I_j ∖ I_F)`
    /// over the free columns: every column then has `s_j ≤ c_j`, so its term vanishes and the bound is
    /// the fractional knapsack of the target at these prices — dual feasible, hence valid, and far
    /// better than `u = 0` (which bounds nothing).
    static func multipliers(_ instance: CoveringInstance, certificate: [Double]?) -> [Double] {
        let rows = instance.rowCount
        let fixed = instance.coverCounts(of: instance.fixedColumns).map { $0 > 0 }
        var u = [Double](repeating: 0, count: rows)
        if let certificate, certificate.count == rows {
            for i in 0..<rows where !fixed[i] { u[i] = max(0, certificate[i]) }
            return u
        }
        var price = [Double](repeating: .infinity, count: rows)
        let isFixed = Set(instance.fixedColumns)
        for j in 0..<instance.columnCount where !isFixed.contains(j) {
            let cells = instance.rows(ofColumn: j).map { Int($0) }.filter { !fixed[$0] }
            let weight = cells.reduce(0) { $0 + instance.weights[$1] }
            guard weight > 0 else { continue }
            let perWeight = max(0, instance.costs[j]) / weight
            for i in cells { price[i] = min(price[i], perWeight) }
        }
        for i in 0..<rows where price[i].isFinite { u[i] = price[i] * instance.weights[i] }
        return u
    }

    static func make(
        instance: CoveringInstance, candidateCount: Int, ids: [String], seam: Set<String>, setCover: Bool,
        u: [Double], ladder: [Double]
    ) -> TileBound {
        let rows = instance.rowCount
        let fixed = instance.coverCounts(of: instance.fixedColumns).map { $0 > 0 }
        var isMust = [Bool](repeating: setCover, count: rows)
        for i in instance.mustCoverRows { isMust[i] = true }
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
        var interiorClipped = [Double](repeating: 0, count: ladder.count)
        var border: [(id: String, sum: Double)] = []
        for j in 0..<candidateCount {
            let rowsOfJ = instance.rows(ofColumn: j).map { Int($0) }
            var s = 0.0
            for i in rowsOfJ { s += u[i] }
            if seam.contains(ids[j]) {
                border.append((ids[j], s))
            } else {
                interior += min(0, instance.costs[j] - s)
                // Clipping only lowers s: columns priced out unclipped stay out at every λ.
                if s > instance.costs[j] {
                    let sums = ClippedSum(cells: rowsOfJ, u: u, weights: instance.weights, isMust: isMust)
                    for (k, lambda) in ladder.enumerated() {
                        interiorClipped[k] += min(0, instance.costs[j] - sums.value(at: lambda))
                    }
                }
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
            must: must, interior: interior, border: border, ladder: values, interiorClipped: interiorClipped,
            fixedCoveredWeight: fixedWeight, mustWeightFree: mustWeight)
    }
}

/// `s_j(λ) = Σ_{i∈M} u_i + Σ_{i∉M} min(u_i, λ·w_i)` over a column's cells, for any λ: the optional
/// cells sorted by `u_i / w_i` with prefix sums, so each λ costs a binary search.
struct ClippedSum {
    let mustSum: Double
    /// Optional cells by ascending `u/w`: the ratios, and prefix sums of `u` and suffix sums of `w`.
    let ratios: [Double]
    let prefixU: [Double]
    let suffixW: [Double]

    init(cells: [Int], u: [Double], weights: [Double], isMust: [Bool]) {
        var must = 0.0
        var items: [(ratio: Double, u: Double, w: Double)] = []
        for i in cells {
            if isMust[i] {
                must += u[i]
            } else if weights[i] > 0, u[i] > 0 {
                items.append((u[i] / weights[i], u[i], weights[i]))
            }
        }
        items.sort { $0.ratio < $1.ratio || ($0.ratio == $1.ratio && $0.w < $1.w) }
        mustSum = must
        ratios = items.map(\.ratio)
        var prefix = [0.0]
        for item in items { prefix.append(prefix.last! + item.u) }
        var suffix = [Double](repeating: 0, count: items.count + 1)
        for k in stride(from: items.count - 1, through: 0, by: -1) { suffix[k] = suffix[k + 1] + items[k].w }
        prefixU = prefix
        suffixW = suffix
    }

    /// `s(λ)`: cells with `u/w < λ` keep `u`, the others give `λ·w`.
    func value(at lambda: Double) -> Double {
        var lo = 0
        var hi = ratios.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if ratios[mid] < lambda { lo = mid + 1 } else { hi = mid }
        }
        return mustSum + prefixU[lo] + lambda * suffixW[lo]
    }
}
