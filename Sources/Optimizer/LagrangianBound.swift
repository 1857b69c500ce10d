/// The min-cost Lagrangian bound `L(u)` of a `CoveringInstance` at given multipliers — the same
/// relaxation the solver maximises (`MinCostLagrangian`, docs/solver.md "Bounds and gap"), evaluated
/// directly on the instance so that a caller can re-evaluate a solver's multipliers on a different
/// row set, e.g. with the multipliers of heuristic rows set to 0.
///
/// With `x_j = 1` for the fixed columns (their rows are satisfied and their weight counts towards the
/// target), `M` the must rows, `T` the target weight (all rows for set cover):
///
///     L(u) = Σ_{free j} min(0, c_j − Σ_{i∈I_j, i open} u_i) + Σ_{i∈M open} u_i + K(u),
///     K(u) = min { Σ_{i∉M open} u_i z_i : Σ_{i∉M open} w_i z_i ≥ T − w(fixed-covered ∪ M), 0 ≤ z_i ≤ 1 }
///
/// ("open" = not covered by a fixed column). For every `u ≥ 0`, `L(u)` is at most the optimum of the
/// instance: the argument of docs/solver.md with the fixed columns' rows taken out. A row whose
/// multiplier is 0 contributes nothing, so `L(u)` with `u_h = 0` on a set of weightless must rows `H`
/// is also a bound for the instance without those rows (the property `nrplan` uses to keep its
/// bound valid when heuristic rows steer the search, docs/solver.md "Continuity constraints").
///
/// - Parameters:
///   - multipliers: one value per instance row; negative values are treated as 0.
/// - Returns: `L(u)` unrounded (round with `LagrangianCertificate.rounded`), or nil for `maxCoverage`.
/// - Complexity: O(nnz + rows log rows).
public func minCostLagrangianBound(
    _ instance: CoveringInstance, objective: CoveringObjective, multipliers: [Double]
) -> Double? {
    let m = instance.rowCount
    guard multipliers.count == m else { return nil }
    let allMust: Bool
    let targetFraction: Double
    switch objective {
    case .setCover:
        allMust = true
        targetFraction = 1
    case .partialCover(let t):
        allMust = false
        targetFraction = t
    case .maxCoverage:
        return nil
    }
    var fixed = [Bool](repeating: false, count: instance.columnCount)
    var open = [Bool](repeating: true, count: m)
    for j in instance.fixedColumns {
        fixed[j] = true
        for i in instance.rows(ofColumn: j) { open[Int(i)] = false }
    }
    var must = [Bool](repeating: allMust, count: m)
    for i in instance.mustCoverRows { must[i] = true }
    func u(_ i: Int) -> Double { open[i] ? max(0, multipliers[i]) : 0 }
    var value = 0.0
    for j in 0..<instance.columnCount where !fixed[j] {
        var reduced = instance.costs[j]
        for i in instance.rows(ofColumn: j) { reduced -= u(Int(i)) }
        value += min(0, reduced)
    }
    var needed = targetFraction * instance.totalWeight - 1e-9 * max(1, instance.totalWeight)
    var items: [(ratio: Double, weight: Double, price: Double)] = []
    for i in 0..<m {
        if !open[i] {
            needed -= instance.weights[i]
        } else if must[i] {
            value += u(i)
            needed -= instance.weights[i]
        } else if instance.weights[i] > 0 {
            items.append((u(i) / instance.weights[i], instance.weights[i], u(i)))
        }
    }
    guard !allMust, needed > 0 else { return value }
    // The continuous covering knapsack: the cheapest weight per unit first, the last one in part.
    items.sort { $0.ratio < $1.ratio || ($0.ratio == $1.ratio && $0.weight > $1.weight) }
    for item in items {
        if needed <= 0 { break }
        let take = min(1, needed / item.weight)
        value += take * item.price
        needed -= take * item.weight
    }
    return value
}
