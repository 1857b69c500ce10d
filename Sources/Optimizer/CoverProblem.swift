/// The instance and objective turned into what the algorithms work on: which rows are required,
/// the weight target, the limits, and which columns are free to choose.
///
/// Set cover is treated as a min-cost problem where every row is must-cover; partial cover as a
/// min-cost problem with a weight target; max coverage as a maximisation with limits. Rows covered
/// by fixed columns are satisfied from the start (`CoverState` begins with the fixed columns on).
struct CoverProblem: Sendable {
    enum Kind: Sendable, Equatable {
        /// Least cost with covered weight ≥ `targetWeight` and every must row covered.
        case minCost
        /// Most covered weight with ≤ `maxColumns` new columns and new cost ≤ `budget`.
        case maxCoverage
    }

    let instance: CoveringInstance
    let objective: CoveringObjective
    let kind: Kind
    /// Per row: 1 when the row must be covered.
    let isMust: [UInt8]
    /// Number of must rows.
    let mustCount: Int
    /// Min-cost: covered weight required (including fixed coverage), with the tolerance already subtracted.
    let targetWeight: Double
    /// Max-coverage limits (`Int.max` / `.infinity` when absent).
    let maxColumns: Int
    let budget: Double
    /// Per column: 1 when fixed (always on).
    let isFixed: [UInt8]
    /// Absolute tolerance on weight comparisons (1e-9 of the total weight).
    let weightTolerance: Double
    /// Absolute tolerance on cost comparisons.
    let costTolerance: Double
    /// The unit every free column's cost is a multiple of (bounds are rounded up to it), or nil.
    let costUnit: CostUnit?
    /// Packing side constraints (`nil`: none).
    let packing: ColumnPacking?
    /// Per column: 1 when a free column conflicts with a fixed column, so it can never be chosen.
    let isForbidden: [UInt8]
    /// Number of forbidden columns.
    let forbiddenCount: Int
    /// Per row, how many rows of the caller's instance it stands for after the exact presolve
    /// (`Presolve`); empty when every row stands for itself. The subgradient scales its steps by it
    /// (`CoreMatrix.rowScale`), so the presolved solve takes the steps the original one would.
    var rowMultiplicity: [Double] = []

    init(_ instance: CoveringInstance, objective: CoveringObjective) throws(OptimizerError) {
        try objective.validate()
        self.instance = instance
        self.objective = objective
        let m = instance.rowCount
        let n = instance.columnCount
        var fixed = [UInt8](repeating: 0, count: n)
        for j in instance.fixedColumns { fixed[j] = 1 }
        isFixed = fixed
        weightTolerance = 1e-9 * max(1, instance.totalWeight)
        var maxCost = 0.0
        for j in 0..<n where fixed[j] == 0 { maxCost = max(maxCost, instance.costs[j]) }
        costTolerance = 1e-9 * max(1, maxCost)
        costUnit = CostUnit.of((0..<n).lazy.filter { fixed[$0] == 0 }.map { instance.costs[$0] })
        var must = [UInt8](repeating: 0, count: m)
        switch objective {
        case .setCover:
            kind = .minCost
            must = [UInt8](repeating: 1, count: m)
            targetWeight = 0
            maxColumns = Int.max
            budget = .infinity
        case .partialCover(let t):
            kind = .minCost
            for i in instance.mustCoverRows { must[i] = 1 }
            targetWeight = t * instance.totalWeight - weightTolerance
            maxColumns = Int.max
            budget = .infinity
        case .maxCoverage(let k, let b):
            kind = .maxCoverage
            for i in instance.mustCoverRows { must[i] = 1 }
            targetWeight = 0
            maxColumns = k ?? Int.max
            budget = b ?? .infinity
        }
        isMust = must
        mustCount = must.reduce(0) { $0 + Int($1) }
        packing = instance.packing
        var forbidden = [UInt8](repeating: 0, count: n)
        var forbiddenCount = 0
        if let packing = instance.packing {
            for j in instance.fixedColumns where packing.locationOfColumn[j] >= 0 {
                packing.forEachConflict(ofLocation: Int(packing.locationOfColumn[j])) { l in
                    for k in packing.locationColumnStarts[l]..<packing.locationColumnStarts[l + 1] {
                        let column = Int(packing.locationColumns[k])
                        if fixed[column] == 0 && forbidden[column] == 0 {
                            forbidden[column] = 1
                            forbiddenCount += 1
                        }
                    }
                }
            }
        }
        isForbidden = forbidden
        self.forbiddenCount = forbiddenCount
    }

    /// Whether column `j` may ever be chosen: free (not fixed) and not in conflict with a fixed column.
    @inline(__always) func isEligible(_ j: Int) -> Bool { isFixed[j] == 0 && isForbidden[j] == 0 }

    /// Throws when must rows have no covering column, or the weight target is above what all
    /// columns together reach.
    ///
    /// Read by column (the instance needs no row lists): a row is coverable when a fixed or
    /// non-forbidden column lists it.
    ///
    /// - Complexity: O(nnz + rows).
    func checkFeasibility() throws(OptimizerError) {
        let inst = instance
        var coverable = [UInt8](repeating: 0, count: inst.rowCount)
        for j in 0..<inst.columnCount where isFixed[j] == 1 || isForbidden[j] == 0 {
            for row in inst.rows(ofColumn: j) { coverable[Int(row)] = 1 }
        }
        var uncoverable: [Int] = []
        var uncoverableCount = 0
        var reachable = 0.0
        for i in 0..<inst.rowCount {
            if coverable[i] == 1 { reachable += inst.weights[i] }
            if coverable[i] == 0 && isMust[i] == 1 {
                uncoverableCount += 1
                if uncoverable.count < 50 { uncoverable.append(i) }
            }
        }
        if uncoverableCount > 0 { throw .uncoverableRows(rows: uncoverable, count: uncoverableCount) }
        if kind == .minCost, reachable < targetWeight {
            let t: Double
            if case .partialCover(let fraction) = objective { t = fraction } else { t = 1 }
            throw .infeasibleTarget(
                targetFraction: t, bestReachableFraction: inst.totalWeight > 0 ? reachable / inst.totalWeight : 1)
        }
    }

    /// Whether a new set of columns with `count` columns and `cost` respects the max-coverage limits.
    @inline(__always) func fitsLimits(count: Int, cost: Double) -> Bool {
        count <= maxColumns && cost <= budget + costTolerance
    }
}
