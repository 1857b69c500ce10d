import Support

/// Plan combination at city scale: the union of the columns of several good plans solved as a
/// covering problem of its own ("solution merging", Blum et al.; for set covering the restricted
/// problem of Caprara, Fischetti & Toth 1999 §3 with the core taken from the plans).
///
/// `greedyFromBound` and the refinement rounds (`refineFromBound`) end in different local optima
/// of the add-1/drop-1-or-2 search and the slack exchange (on the population-weighted city
/// 7,945–7,980); each is as good as its own neighbourhood can make it, but the sites of one may
/// serve another's districts better. The union of their columns (a few hundred more than one
/// plan) over the same rows, with the same fixed columns, must rows and target, is a covering
/// problem whose rows collapse under the exact presolve (rows covered by the same few union
/// columns merge), so the whole solver (`solveCovering`: greedy, local search, Lagrangian
/// heuristic with its own work budget, exact search when small) runs on it within seconds,
/// warm-started from the incumbent. Its plan goes to `consider` for local search on the whole
/// instance, since columns outside the union may improve it further.
///
/// **Cycles** (`SolverOptions.planMergeCycles`, run by `greedyFromBound`): the merged plan is a
/// new local optimum, so the refinement rounds run again from it — each round at its own
/// perturbation of the bound's multipliers (`cyclePerturbation`), since at the same multipliers
/// they rebuild the same regions — and their plans are merged again. On the area-weighted city the
/// union of one cycle cannot reach 5 %: its own bound is 50,911.5 (docs/solver.md); the second
/// cycle's rounds start from 52,207.4 and its merge ends at 51,948.0.
extension MinCostHeuristic {
    /// How far (±, a fraction) the cycles after the first perturb each multiplier for each of their
    /// refinement rounds; CFT's 10 %, as the greedy's perturbed runs (`cheapestGreedy`).
    static let cyclePerturbation = 0.1
    /// Local-search passes the merged plan gets on the whole instance (as `greedyFromBound`'s cover).
    static let planMergePasses = 20
    /// The sub-problem's effort, as a fraction of the job's. On the population-weighted city the
    /// sub-problem at the job's effort found 7,874.2 in 15.7 s (plan 7,872.1 after the local search,
    /// solve stage 1.32× longer); at 0.3 it finds 7,888.1 in 3.6 s (plan 7,887.9, gap 2.70 %) and the
    /// solve stage does not grow measurably.
    static let planMergeEffort = 0.3

    /// Solves the union of `localOptima` (and the incumbent) as a sub-problem and considers its
    /// plan. Not charged to the work budget, like the rest of the plan side at city scale; the
    /// sub-problem's own work budget bounds it (`SolveRun.workBudget` of its smaller matrix).
    mutating func mergePlans() {
        let plans = localOptima ?? []
        localOptima = nil
        guard options.planMerge, !options.repairsWarmStart, problem.packing == nil, plans.count >= 2, !timeUp(),
            !closes(lowerBound)
        else { return }
        var union = Set(incumbent)
        for plan in plans { union.formUnion(plan) }
        let columns = union.sorted()
        guard let merged = solveUnion(columns) else { return }
        let local = merged.compactMap { localColumn[$0] >= 0 ? localColumn[$0] : nil }
        consider(core: boundCore, localColumns: local, fixedLocal: [], maxPasses: Self.planMergePasses)
    }

    /// The best plan `solveCovering` finds using only `columns` (instance ids, ascending, none
    /// fixed) besides the fixed ones, warm-started from the incumbent; nil when it is not cheaper
    /// than the incumbent.
    private mutating func solveUnion(_ columns: [Int]) -> [Int]? {
        let inst = problem.instance
        let fixed = inst.fixedColumns
        let subColumns = fixed + columns
        var starts = [0]
        var rows: [UInt32] = []
        var costs: [Double] = []
        starts.reserveCapacity(subColumns.count + 1)
        costs.reserveCapacity(subColumns.count)
        for j in subColumns {
            rows.append(contentsOf: inst.rows(ofColumn: j))
            starts.append(rows.count)
            costs.append(inst.costs[j])
        }
        var subId = [Int: Int]()
        for (k, j) in columns.enumerated() { subId[j] = fixed.count + k }
        var subOptions = options
        subOptions.greedyFromBound = false
        subOptions.planMerge = false
        subOptions.warmStartBlockCount = 0
        subOptions.effort = options.effort * Self.planMergeEffort
        subOptions.timeLimitSeconds = max(1e-3, clock.limitSeconds - clock.elapsed)
        let solution: CoveringSolution
        do {
            let sub = try CoveringInstance(
                rowCount: inst.rowCount, columnStarts: starts, columnRows: rows, costs: costs,
                weights: inst.weights, fixedColumns: Array(0..<fixed.count), mustCoverRows: inst.mustCoverRows)
            solution = try solveCovering(
                sub, objective: problem.objective, options: subOptions,
                warmStart: incumbent.compactMap { subId[$0] })
        } catch {
            return nil
        }
        if solution.stoppedByTimeLimit { stoppedByTimeLimit = true }
        guard solution.cost < incumbentCost - problem.costTolerance else { return nil }
        return solution.chosenColumns.map { columns[$0 - fixed.count] }
    }
}
