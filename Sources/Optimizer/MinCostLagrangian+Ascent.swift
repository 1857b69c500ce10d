import Support

/// Coordinate ascent on the Lagrangian dual: a dual heuristic in the manner of Fisher & Kedia
/// (1990, "Optimal solution of set covering/partitioning problems using dual heuristics",
/// Management Science 36(6)), run between subgradient steps at city scale.
///
/// With the target priced at the knapsack's own price `μ` (its LP dual at the current `u`),
///
///     F(u) = Σ_j min(0, c_j − Σ_{i ∈ j} u_i) + Σ_{i ∈ M} u_i + μ T' + Σ_{i ∉ M} min(0, u_i − μ w_i)
///
/// is at most `L(u)` for every `u` (the priced target is at most the knapsack term, weak duality)
/// and equal to it where `μ` was taken. Along one row's multiplier, `F` is concave and piecewise
/// linear: with `a_j = c̃_j + u_i` (the columns' reduced costs without row `i`) and
/// `p = μ w_i` (`+∞` on must rows), its slope is `[u_i < p] − #{j ∋ i : a_j < u_i}`, so every
/// point of `[min(a₁, p), min(max(a₁, p), a₂)]` (a₁ ≤ a₂ the two least `a_j`, clipped at 0)
/// maximises it. A sweep moves each active row's `u_i` to the nearest such point, in row order,
/// updating the reduced costs as it goes: `F` never falls, so `L` at the result is at least `L`
/// where the sweep started. Rows with no column of negative reduced cost rise until one
/// appears; rows covered by several fall until one is left — exactly the rows the subgradient
/// steps overshoot at city scale, where one step size serves 400 k rows.
///
/// Sequential in row order: the same result for any thread count. The reported bound is still
/// only ever a fully priced `evaluate`; the sweep only proposes the multipliers.
extension MinCostLagrangian {
    /// `sweeps` passes of coordinate ascent from `u`, which must just have been evaluated with
    /// every column priced (`reduced` then holds every free column's reduced cost). Leaves the
    /// new multipliers in `u` and `reduced` consistent with them (up to rounding).
    ///
    /// - Returns: the summed gain of `F` (diagnostic; 0 when there was nothing to do).
    /// - Complexity: O(nnz of the active rows) per sweep.
    mutating func ascend(sweeps: Int) -> Double {
        precondition(priced == nil, "ascend needs every column priced")
        guard let price = ascentPrice() else { return 0 }
        let core = self.core
        let active = rowActive
        var gain = 0.0
        var (multipliers, reducedCosts) = (u, reduced)
        multipliers.withUnsafeMutableBufferPointer { uu in
            reducedCosts.withUnsafeMutableBufferPointer { red in
                core.rowColumns.withUnsafeBufferPointer { cols in
                    for _ in 0..<sweeps {
                        for i in 0..<core.rowCount where active[i] == 1 {
                            let (start, end) = (core.rowStarts[i], core.rowStarts[i + 1])
                            let old = uu[i]
                            var (a1, a2) = (Double.infinity, Double.infinity)
                            for k in start..<end {
                                let r = red[Int(cols[k])]
                                guard r.isFinite else { continue }
                                let a = r + old
                                if a < a1 {
                                    (a2, a1) = (a1, a)
                                } else if a < a2 {
                                    a2 = a
                                }
                            }
                            let must = core.isMust[i] == 1
                            if must && !a1.isFinite { continue } // no free column: nothing to weigh against
                            let p = must ? Double.infinity : price * core.weights[i]
                            let lo = max(0, min(a1, p))
                            let hi = max(0, min(max(a1, p), a2))
                            let new = min(max(old, lo), hi)
                            guard new != old, new.isFinite else { continue }
                            gain += Self.coordinateGain(from: old, to: new, p: p, a1: a1, a2: a2)
                            let delta = new - old
                            for k in start..<end {
                                let j = Int(cols[k])
                                if red[j].isFinite { red[j] -= delta }
                            }
                            uu[i] = new
                        }
                    }
                }
            }
        }
        (u, reduced) = (multipliers, reducedCosts)
        return gain
    }

    /// The price `μ` of the target in `F`: the priced target of the blocks, else the knapsack's
    /// threshold (0 once the target is met; +∞ unused for set cover). Nil when the knapsack has
    /// no solution (the target cannot be reached): no ascent then.
    mutating func ascentPrice() -> Double? {
        if allMust { return 0 }
        let target = remainingTarget - mustWeightActive()
        if target <= 0 { return 0 }
        if let targetPrice { return targetPrice }
        return knapsackThreshold()
    }

    /// `F`'s change along one coordinate from `old` to `new` (both ≥ 0), with only the two least
    /// `a_j` mattering inside the maximising interval's neighbourhood: slope `[u < p] − #{a_j < u}`
    /// integrated piecewise over the breakpoints `p`, `a₁`, `a₂`.
    private static func coordinateGain(from old: Double, to new: Double, p: Double, a1: Double, a2: Double) -> Double {
        func value(_ x: Double) -> Double {
            var f = p.isFinite ? min(0, x - p) : x
            if a1.isFinite { f += min(0, a1 - x) }
            if a2.isFinite { f += min(0, a2 - x) }
            return f
        }
        // Columns beyond a₂ contribute only where x > a₂, which neither point reaches unless
        // `old` is above it — then those terms only add to the gain; counted from a₁ and a₂ alone.
        return value(new) - value(old)
    }
}
