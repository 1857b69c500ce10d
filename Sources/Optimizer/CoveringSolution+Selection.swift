extension CoveringSolution {
    /// The figures of a selection made elsewhere (a tiled run's merged plan): cost, covered weight
    /// and rows of `chosen` plus the fixed columns, with `lowerBound` (min-cost objectives: ≤ every
    /// feasible selection's cost) and the gap it gives.
    ///
    /// - Parameters:
    ///   - chosen: free columns of `instance`, ascending.
    ///   - seconds: wall-clock seconds to report; `statistics` as they apply (default: none).
    public static func selection(
        _ chosen: [Int], of instance: CoveringInstance, objective: CoveringObjective, lowerBound: Double?,
        seconds: Double, threads: Int, seed: UInt64, statistics: SolverStatistics = SolverStatistics()
    ) -> CoveringSolution {
        let counts = instance.coverCounts(of: chosen)
        var covered = 0.0
        var coveredRows = 0
        for i in 0..<instance.rowCount where counts[i] > 0 {
            covered += instance.weights[i]
            coveredRows += 1
        }
        var cost = 0.0
        for j in chosen { cost += instance.costs[j] }
        let lower = lowerBound.map { min($0, cost) }
        let gap = lower.map { cost > 0 ? max(0, (cost - $0) / cost) : 0 }
        return CoveringSolution(
            chosenColumns: chosen, fixedColumns: instance.fixedColumns, cost: cost, coveredWeight: covered,
            totalWeight: instance.totalWeight, coveredRowCount: coveredRows, objective: objective, lowerBound: lower,
            upperBound: cost, gap: gap, provenOptimal: gap == 0, seconds: seconds, stoppedByTimeLimit: false,
            threads: threads, seed: seed, statistics: statistics)
    }
}
