import Support

/// Refinement of the plan at city scale (Caprara, Fischetti & Toth 1999, §3.3, "A heuristic method
/// for the set covering problem", Oper. Res. 47(5)), after `greedyFromBound`.
///
/// Each round fixes the incumbent's columns of least Lagrangian waste at the bound's multipliers
/// (`fixForRefinement`) until they cover a fraction π of the rows the incumbent covers, runs the
/// Lagrangian greedy (`cheapestGreedy`) on the rows left — the knapsack priced again on them, so
/// the multipliers follow the smaller target — and hands the fixed columns plus the residual cover
/// to `consider` (redundancy removal, local search, slack exchange on the whole instance). π grows
/// over the rounds: a larger π leaves a smaller region to rebuild, closer to the incumbent.
extension MinCostHeuristic {
    /// The fractions π of the incumbent's covered rows the fixed columns cover, one round each.
    /// Seven rounds: on the area-weighted city every one of them improved the plan (53,520.2 →
    /// 53,130.1, 53,088.7, 53,055.7, 52,824.8, 52,661.9, 52,589.8, 52,533.0, against 52,822.8
    /// after the three rounds 0.5, 0.7, 0.85), and the merge of their plans ends at 52,207.4
    /// instead of 52,361.5 (docs/solver.md).
    static let boundRefinementFractions = [0.4, 0.5, 0.6, 0.7, 0.8, 0.85, 0.9]
    /// How far above the incumbent a refined cover may start and still get the local search.
    static let boundRefinementWindow = 0.02

    /// The refinement rounds on `core` at the bound's multipliers `u`; `candidates`: the core
    /// columns of `u` (`coreColumns`). With `perturbation` > 0 (the merge cycles after the first,
    /// `greedyFromBound`) each round runs at its own perturbation of `u` (`RandomSource.perturbed`),
    /// which moves both the columns it fixes and the cover it rebuilds. Not charged, like
    /// `greedyFromBound`.
    mutating func refineFromBound(core: CoreMatrix, u: [Double], candidates: [Int32], perturbation: Double = 0) {
        for pi in Self.boundRefinementFractions {
            let v = perturbation > 0 ? random.perturbed(u, amplitude: perturbation) : u
            refinementRound(core: core, u: v, candidates: candidates, pi: pi)
        }
    }

    /// One round: the incumbent's columns of least waste fixed until they cover `pi` of its
    /// covered rows, the rest rebuilt by the greedy, the whole through `consider`.
    private mutating func refinementRound(core: CoreMatrix, u: [Double], candidates: [Int32], pi: Double) {
        if timeUp() || closes(lowerBound) { return }
        var covered = [UInt8](repeating: 0, count: core.rowCount)
        for j in incumbent where localColumn[j] >= 0 {
            let k = Int(localColumn[j])
            for q in core.columnStarts[k]..<core.columnStarts[k + 1] { covered[Int(core.columnRows[q])] = 1 }
        }
        let coveredRows = covered.reduce(0) { $0 + Int($1) }
        var residual = MinCostLagrangian(core: core, parallel: parallel)
        residual.u = u
        fixForRefinement(&residual, u: u, pi: pi * Double(coveredRows) / Double(max(1, core.rowCount)))
        guard residual.needsMore else { return }
        let start = residual.u
        guard let cover = cheapestGreedy(residual, u: start, candidates: candidates) else { return }
        consider(
            core: core, localColumns: cover.columns, fixedLocal: fixedColumns(of: residual),
            maxPasses: Self.boundGreedyPasses, window: Self.boundRefinementWindow)
    }
}
