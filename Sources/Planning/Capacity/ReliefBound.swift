/// A lower bound on the cost of the sites the capacity stage adds under best-server assignment,
/// valid for **every** plan that keeps the coverage sites (any candidates, chains included) —
/// unlike the Lagrangian bound of the restricted instance (`CapacityInstance`), which bounds only
/// plans built from the relief candidates.
///
/// With the coverage sites all open, a cell leaves its coverage-plan server only for a new site
/// that beats that server there (higher RSRP, ties to the lower column). So every overloaded
/// coverage site `s` must shed at least its excess `e_s = load_s − capacity_s`, and a new site `j`
/// can take at most `a_sj = min(capacity_j, Σ traffic of the cells of s where j beats s)` from
/// it, and at most `a_j = min(capacity_j, Σ_s a_sj)` from all of them together. Hence, for each
/// overloaded `s` and for their sum,
///
///     Σ_j a_sj y_j ≥ e_s        and        Σ_j a_j y_j ≥ Σ_s e_s,
///
/// covering knapsacks whose LP relaxations (Dantzig's greedy by `f_j / a_j`) bound the added cost
/// from below; the bound is the largest of them.
enum ReliefBound {
    /// - Parameters:
    ///   - facilities: the entries, with RSRP, of `columns` (column f of it is `columns[f]`): the
    ///     candidate columns reaching a hot cell (the relief candidates) and the coverage sites,
    ///     ascending.
    ///   - isCoverage: per column, whether it is a site of the coverage plan (not a relief candidate).
    ///   - served: best-server loads of the coverage plan.
    ///   - overloaded: per column, whether it is a coverage site over capacity.
    ///   - hot: per cell, whether its coverage-plan server is overloaded (and it has traffic).
    /// - Returns: the bound, or nil when the candidates cannot shed the excess (infeasible).
    static func lowerBound(
        facilities matrix: CoverageMatrix, columns: [Int], isCoverage: [Bool], served: BestServerLoads,
        overloaded: [Bool], hot: [Bool], capacities: [Double], costs: [Double], trafficMbps: [Double]
    ) -> Double? {
        var excess: [Int: Double] = [:]
        for (s, isOver) in overloaded.enumerated() where isOver {
            excess[s] = served.loadMbps[s] - capacities[s]
        }
        guard !excess.isEmpty else { return 0 }
        var perSite: [Int: [(cost: Double, amount: Double)]] = [:]
        var aggregate: [(cost: Double, amount: Double)] = []
        var taken: [Int: Double] = [:]
        for (f, j) in columns.enumerated() where !isCoverage[j] {
            taken.removeAll(keepingCapacity: true)
            for k in matrix.entries(of: f) {
                let cell = Int(matrix.cells[k])
                guard hot[cell] else { continue }
                let s = Int(served.server[cell])
                let rsrp = matrix.rsrpCentiDBm[k]
                let own = served.serverRSRPCentiDBm[cell]
                guard rsrp > own || (rsrp == own && j < s) else { continue }
                taken[s, default: 0] += trafficMbps[cell]
            }
            var total = 0.0
            for (s, amount) in taken.sorted(by: { $0.key < $1.key }) {
                let a = min(capacities[j], amount)
                perSite[s, default: []].append((costs[j], a))
                total += a
            }
            if total > 0 { aggregate.append((costs[j], min(capacities[j], total))) }
        }
        let sites = excess.keys.sorted()
        guard var bound = coveringLP(aggregate, demand: sites.reduce(0) { $0 + excess[$1]! }) else { return nil }
        for s in sites {
            let e = excess[s]!
            guard let value = coveringLP(perSite[s] ?? [], demand: e) else { return nil }
            bound = max(bound, value)
        }
        return bound
    }

    /// `min Σ c_j y_j` s.t. `Σ a_j y_j ≥ demand`, `0 ≤ y ≤ 1`: items by cost per unit, the last
    /// one fractional (Dantzig 1957). Nil when all of them fall short.
    static func coveringLP(_ items: [(cost: Double, amount: Double)], demand: Double) -> Double? {
        let sorted = items.filter { $0.amount > 0 }.sorted {
            ($0.cost / $0.amount, $0.amount) < ($1.cost / $1.amount, $1.amount)
        }
        var left = demand
        var value = 0.0
        for item in sorted {
            guard left > 0 else { break }
            let y = min(1, left / item.amount)
            value += y * item.cost
            left -= y * item.amount
        }
        return left > 1e-9 * max(1, demand) ? nil : value
    }
}
