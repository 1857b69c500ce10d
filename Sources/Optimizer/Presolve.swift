/// The exact presolve `solveCovering` runs before every phase: an instance with fewer rows whose
/// every selection of columns has the same cost, covered weight and feasibility as on the
/// original, so that solving it solves the original (bound and plan alike).
///
/// Reductions (after Beasley 1987 and Caprara, Fischetti & Toth 1999, §2):
/// - **identical rows merge**: rows covered by exactly the same columns are covered or uncovered
///   together by every selection; they become one row whose weight is their sum and which is
///   must-cover when any of them is. On a radio matrix neighbouring 50 m cells inside the same
///   site footprints, and every cell of a coarse (200 m) block, see the same servers;
/// - **rows covered by a fixed column** (existing sites, always on) are covered by every selection;
///   they all become one row covered only by the first fixed column, carrying their summed weight;
/// - **rows of weight 0 that are not must-cover** change neither cost, covered weight nor
///   feasibility, and leave.
///
/// Columns keep their ids, costs and packing (a column may end with fewer or no rows), so chosen
/// columns, warm starts and fixed columns need no mapping. Set cover, partial cover and max
/// coverage keep their objective: the total weight is the same sum (in another order, within the
/// solver's 10⁻⁹ weight tolerance).
///
/// Everything is read by column (`CoreMatrix.identicalRows` refines the rows' partition column by
/// column), so the instance needs no row lists, and the reduced one is built without them: the
/// phases read columns.
///
/// - Complexity: O(nnz + rows + columns).
struct Presolve: Sendable {
    /// The reduced instance.
    let reduced: CoveringInstance
    /// Reduced row `r` stands for the original rows `memberRows[memberStarts[r] ..< memberStarts[r + 1]]`
    /// (ascending). Original rows that left (weight 0, optional) are in no list.
    let memberStarts: [Int]
    let memberRows: [Int32]
    /// Per reduced row, the number of its original rows that carry weight or must be covered (the
    /// rows the unpresolved Lagrangian phase would have worked on; `CoverProblem.rowMultiplicity`).
    let multiplicity: [Double]

    /// The reduced instance of `instance` for `objective`, or nil when no row would go (the solve
    /// then runs on the instance itself).
    static func reduce(_ instance: CoveringInstance, objective: CoveringObjective) -> Presolve? {
        let m = instance.rowCount
        guard m > 1 else { return nil }
        let allMust = objective == .setCover
        var isMust = [UInt8](repeating: allMust ? 1 : 0, count: m)
        if !allMust { for i in instance.mustCoverRows { isMust[i] = 1 } }
        var isFixed = [UInt8](repeating: 0, count: instance.columnCount)
        for j in instance.fixedColumns { isFixed[j] = 1 }
        let classes = CoreMatrix.identicalRows(
            rowCount: m, columnStarts: instance.columnStarts, columnRows: instance.columnRows)
        let classCount = classes.representatives.count
        // Per class: covered by a fixed column (its rows share their columns, so any row tells), summed weight, must.
        var classFixed = [UInt8](repeating: 0, count: classCount)
        var classWeight = [Double](repeating: 0, count: classCount)
        var classMust = [UInt8](repeating: 0, count: classCount)
        for j in instance.fixedColumns {
            for row in instance.rows(ofColumn: j) { classFixed[Int(classes.classOf[Int(row)])] = 1 }
        }
        for i in 0..<m {
            let c = Int(classes.classOf[i])
            classWeight[c] += instance.weights[i]
            classMust[c] = max(classMust[c], isMust[i])
        }
        // Reduced ids: kept non-fixed classes in class order, then one row for all fixed-covered ones.
        var reducedOf = [Int32](repeating: -1, count: classCount)
        var kept = 0
        var fixedWeight = 0.0
        var fixedMust: UInt8 = 0
        var anyFixed = false
        for c in 0..<classCount {
            if classFixed[c] == 1 {
                anyFixed = true
                fixedWeight += classWeight[c]
                fixedMust = max(fixedMust, classMust[c])
            } else if classWeight[c] > 0 || classMust[c] == 1 {
                reducedOf[c] = Int32(kept)
                kept += 1
            }
        }
        let fixedRow = anyFixed && (fixedWeight > 0 || fixedMust == 1) ? kept : -1
        let rowCount = kept + (fixedRow >= 0 ? 1 : 0)
        guard rowCount < m else { return nil }
        if fixedRow >= 0 {
            for c in 0..<classCount where classFixed[c] == 1 { reducedOf[c] = Int32(fixedRow) }
        }
        let members = Self.members(classOf: classes.classOf, reducedOf: reducedOf, rowCount: rowCount)
        var weights = [Double](repeating: 0, count: rowCount)
        var must = [UInt8](repeating: 0, count: rowCount)
        var multiplicity = [Double](repeating: 0, count: rowCount)
        for r in 0..<rowCount {
            for k in members.starts[r]..<members.starts[r + 1] {
                let i = Int(members.rows[k])
                weights[r] += instance.weights[i]
                must[r] = max(must[r], isMust[i])
                if instance.weights[i] > 0 || isMust[i] == 1 { multiplicity[r] += 1 }
            }
        }
        let (starts, rows) = Self.reducedColumns(
            instance, classes: classes, reducedOf: reducedOf, fixedRow: fixedRow)
        let mustRows = allMust ? [] : (0..<rowCount).filter { must[$0] == 1 }
        guard
            let reduced = try? CoveringInstance(
                rowCount: rowCount, columnStarts: starts, columnRows: rows, costs: instance.costs, weights: weights,
                fixedColumns: instance.fixedColumns, mustCoverRows: mustRows, packing: instance.packing,
                rowLists: false)
        else { return nil }
        return Presolve(
            reduced: reduced, memberStarts: members.starts, memberRows: members.rows, multiplicity: multiplicity)
    }

    /// The reduced matrix by column: each class once (at its representative row, so lists stay
    /// ascending), the fixed-covered row only in the first fixed column (last, the highest id).
    private static func reducedColumns(
        _ instance: CoveringInstance, classes: (classOf: [Int32], representatives: [Int32]), reducedOf: [Int32],
        fixedRow: Int
    ) -> (starts: [Int], rows: [UInt32]) {
        let anchor = instance.fixedColumns.first ?? -1
        var starts = [Int](repeating: 0, count: instance.columnCount + 1)
        var rows: [UInt32] = []
        rows.reserveCapacity(instance.nonzeroCount / 2)
        for j in 0..<instance.columnCount {
            for k in instance.columnStarts[j]..<instance.columnStarts[j + 1] {
                let i = Int(instance.columnRows[k])
                let c = Int(classes.classOf[i])
                guard classes.representatives[c] == Int32(i), reducedOf[c] >= 0, reducedOf[c] != Int32(fixedRow)
                else { continue }
                rows.append(UInt32(reducedOf[c]))
            }
            if j == anchor && fixedRow >= 0 { rows.append(UInt32(fixedRow)) }
            starts[j + 1] = rows.count
        }
        return (starts, rows)
    }

    /// The original rows of each reduced row, ascending within a row.
    private static func members(classOf: [Int32], reducedOf: [Int32], rowCount: Int) -> (starts: [Int], rows: [Int32]) {
        var starts = [Int](repeating: 0, count: rowCount + 1)
        for c in classOf where reducedOf[Int(c)] >= 0 { starts[Int(reducedOf[Int(c)]) + 1] += 1 }
        for r in 0..<rowCount { starts[r + 1] += starts[r] }
        var rows = [Int32](repeating: 0, count: starts[rowCount])
        var next = Array(starts.dropLast())
        for i in 0..<classOf.count {
            let r = Int(reducedOf[Int(classOf[i])])
            guard r >= 0 else { continue }
            rows[next[r]] = Int32(i)
            next[r] += 1
        }
        return (starts, rows)
    }

    /// `solution` of the reduced instance as a solution of `original`: covered weight and row count
    /// recounted on the original rows, the Lagrangian certificate's multipliers moved to the
    /// original rows (a merged optional row's multiplier split in proportion to its members'
    /// weights, so every member has the same `u/w` and the knapsack term is unchanged; a must
    /// row's on its first must member), which gives every column the same reduced cost and `L(u)`
    /// the same value.
    func restore(_ solution: CoveringSolution, original: CoveringInstance, objective: CoveringObjective)
        -> CoveringSolution
    {
        var result = solution
        let counts = original.coverCounts(of: solution.chosenColumns)
        var covered = 0.0
        var coveredRows = 0
        for i in 0..<original.rowCount where counts[i] > 0 {
            covered += original.weights[i]
            coveredRows += 1
        }
        result.coveredRowCount = coveredRows
        result.coveredWeight = covered
        result.totalWeight = original.totalWeight
        if objective.isMaximisation {
            result.lowerBound = covered
            if let upper = result.upperBound { result.upperBound = max(upper, covered) }
        }
        result.statistics.presolvedRows = reduced.rowCount
        if var certificate = solution.lagrangianCertificate {
            let allMust = objective == .setCover
            var isMust = [UInt8](repeating: allMust ? 1 : 0, count: original.rowCount)
            if !allMust { for i in original.mustCoverRows { isMust[i] = 1 } }
            var u = [Double](repeating: 0, count: original.rowCount)
            for r in 0..<reduced.rowCount where certificate.multipliers[r] > 0 {
                let members = memberRows[memberStarts[r]..<memberStarts[r + 1]]
                if let first = members.first(where: { isMust[Int($0)] == 1 }) {
                    u[Int(first)] = certificate.multipliers[r]
                } else if reduced.weights[r] > 0 {
                    for i in members {
                        u[Int(i)] = certificate.multipliers[r] * original.weights[Int(i)] / reduced.weights[r]
                    }
                }
            }
            certificate.multipliers = u
            result.lagrangianCertificate = certificate
        }
        return result
    }
}
