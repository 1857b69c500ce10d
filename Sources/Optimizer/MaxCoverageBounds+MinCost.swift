import Support

extension MaxCoverageBounds {
    /// An upper bound on max coverage under a budget `B` (or at most `K` new columns: unit costs,
    /// `B = K`), from the *min-cost* side: the partial-cover Lagrangian of `MinCostLagrangian`.
    ///
    /// For multipliers `u ≥ 0` and a covered-weight target `T`, `L_T(u) = A(u) + K_T(u)` with
    /// `A(u) = Σ_j min(0, c̃_j) + Σ_{i ∈ M} u_i` and `K_T(u)` the continuous knapsack
    /// `min{Σ u_i z_i : Σ w_i z_i ≥ T − (fixed + must weight), 0 ≤ z ≤ 1}` over the other rows, is
    /// a lower bound on the least cost of covering weight `T` (see `MinCostLagrangian`). So any plan
    /// within budget `B` covers at most `T*(u) = max{T : L_T(u) ≤ B}`, for *every* `u`; and `T*(u)`
    /// is the fixed and must weight plus the most weight a continuous knapsack can buy for
    /// `B − A(u)` at prices `u_i` (items by increasing `u_i / w_i`; rows with `u_i = 0` are free).
    /// Packing constraints are ignored (a relaxation), so the bound stays valid with them.
    ///
    /// The multipliers are improved by subgradient steps on `L_T` at `T` = the best `T*` so far
    /// (raising `L_T` above `B` there is what lowers `T*`), Polyak steps towards `1.02 B`, `λ`
    /// halved when 20 iterations bring no relative gain of 10⁻⁶, stopping after 60 such. Every
    /// iteration's `T*` is a valid bound; the least is returned. This converges like the min-cost bound (Beasley's initial multipliers,
    /// the knapsack term), which is much faster than the max-coverage Lagrangian on instances whose
    /// row weights span orders of magnitude (MathorCup's traffic).
    ///
    /// - Returns: an upper bound on the covered weight (including rows covered by fixed columns),
    ///   or `nil` when the problem has neither a finite budget nor a column limit.
    /// - Complexity: O(nnz + m) per iteration (the threshold by quickselect, `CoveringKnapsack`).
    /// - Parameter stopAt: stop once the bound is at or below this (the incumbent's value: proven optimal).
    static func viaMinCost(
        problem: CoverProblem, parallel: Parallel, iterations: Int, clock: SolveClock,
        stopAt: Double = -.infinity
    ) -> (bound: Double, iterations: Int)? {
        let unitCosts: Bool
        let limit: Double
        if problem.budget.isFinite {
            unitCosts = false
            limit = problem.budget
        } else if problem.maxColumns < Int.max {
            unitCosts = true
            limit = Double(problem.maxColumns)
        } else {
            return nil
        }
        let base = CoverState(problem: problem)
        let relevant = RelevantRows(state: base)
        let columns = (0..<problem.instance.columnCount).filter { problem.isEligible($0) }.map { Int32($0) }
        let core = CoreMatrix(problem: problem, columns: columns, relevant: relevant, unitCosts: unitCosts)
        var lag = MinCostLagrangian(core: core, parallel: parallel)
        let fixedWeight = base.coveredWeight
        var mustWeight = 0.0
        var freeWeight = 0.0 // non-must weight
        for r in 0..<core.rowCount {
            if core.isMust[r] == 1 { mustWeight += core.weights[r] } else { freeWeight += core.weights[r] }
        }
        let everything = fixedWeight + mustWeight + freeWeight
        var best = everything
        var current = everything
        var knapsack = CoveringKnapsack()
        var priced: [Int32] = []
        var lambda = 1.0
        var sinceImproved = 0
        var done = 0
        for iteration in 0..<max(1, iterations) {
            if iteration % 8 == 0 && clock.expired { break }
            lag.remainingTarget = current - fixedWeight
            let (value, norm2) = lag.evaluate()
            done += 1
            let threshold = largestTarget(
                lag: lag, limit: limit, weights: (fixedWeight, mustWeight, freeWeight), best: best,
                knapsack: &knapsack, priced: &priced)
            if threshold < best - 1e-6 * max(1, best) {
                best = threshold
                sinceImproved = 0
            } else {
                if threshold < best { best = threshold }
                sinceImproved += 1
                if sinceImproved % 20 == 0 { lambda /= 2 }
            }
            current = best
            // Stalled: 60 iterations (three halvings of λ) without a relative gain of 10⁻⁶.
            if best <= stopAt || norm2 == 0 || sinceImproved >= 60 { break }
            lag.step(lambda: lambda, value: value, norm2: norm2, target: max(1.02 * limit, limit + 1e-9))
        }
        return (best, done)
    }

    /// The largest coverage target whose least cost, by the partial-cover Lagrangian at `lag`'s
    /// multipliers, fits `limit`: A(u) = the reduced costs' negative part plus the must rows'
    /// multipliers is paid in any case; the money left buys priced rows, and what it cannot buy
    /// (a covering knapsack) is what must stay uncovered. `best` when not even A(u) fits.
    static func largestTarget(
        lag: MinCostLagrangian, limit: Double, weights: (fixed: Double, must: Double, free: Double), best: Double,
        knapsack: inout CoveringKnapsack, priced: inout [Int32]
    ) -> Double {
        let core = lag.core
        let (fixedWeight, mustWeight, freeWeight) = weights
        let everything = fixedWeight + mustWeight + freeWeight
        // A(u): the reduced costs' negative part and the must rows' multipliers.
        var a = 0.0
        for r in lag.reduced where r < 0 { a += r }
        var paidTotal = 0.0
        var pricedWeight = 0.0
        priced.removeAll(keepingCapacity: true)
        for r in 0..<core.rowCount {
            if core.isMust[r] == 1 {
                a += lag.u[r]
            } else if lag.u[r] > 0 {
                priced.append(Int32(r))
                paidTotal += lag.u[r]
                pricedWeight += core.weights[r]
            }
        }
        let money = limit - a
        if money < 0 {
            // Not even the must rows fit at these prices: no plan within the limit — cannot happen with a
            // feasible incumbent.
            return best
        } else if paidTotal <= money {
            return everything
        } else {
            // Most weight for `money`: everything minus the least weight whose prices add up to `paidTotal − money`.
            let left = lag.u.withUnsafeBufferPointer { uu in
                core.weights.withUnsafeBufferPointer { w in
                    knapsack.solve(rows: priced, u: w, w: uu, target: paidTotal - money)
                }
            }
            // Infeasible only by rounding (the target is at most the prices' sum): leave every priced row out.
            return
                fixedWeight + mustWeight + freeWeight
                - (left.feasible ? min(left.value, pricedWeight) : pricedWeight)
        }
    }
}
