/// A renumbered sub-matrix the Lagrangian phase works on: the rows that still matter (not covered
/// by fixed columns; weight > 0 or must-cover) and a subset of the free columns.
///
/// **Identical rows are merged** (an exact presolve, as in the reductions of Beasley 1987 and
/// Caprara, Fischetti & Toth 1999): rows covered by exactly the same columns of the sub-matrix are
/// covered or uncovered together by every choice of its columns, so they become one local row
/// whose weight is their sum and which is must-cover when any of them is. Its column lists lose
/// the duplicates. For set cover this removes redundant constraints; for partial cover the
/// covered weight of every column set is unchanged, so the problem, its optimum and the
/// Lagrangian dual's optimum are the same, while each subgradient pass gets cheaper. On a
/// city-scale radio matrix (50 m cells, a few sites serving each cell) about 40 % of the rows
/// merge, because neighbouring cells inside the same site footprints see the same servers.
///
/// Local ids are dense (`0 ..< rowCount`, `0 ..< columnCount`); `columnOriginal` maps columns back
/// to the instance and `memberStarts`/`memberRows` list each local row's instance rows. Both CSR
/// directions are kept (built once).
///
/// - Complexity: construction O(nnz of the selected columns + instance rows).
struct CoreMatrix: Sendable {
    let rowCount: Int
    let columnCount: Int
    /// Local row `r`'s instance rows are `memberRows[memberStarts[r] ..< memberStarts[r + 1]]`,
    /// ascending; the first is the row's representative. Local rows are ordered by representative.
    let memberStarts: [Int]
    let memberRows: [Int32]
    /// Local column → instance column.
    let columnOriginal: [Int32]
    let columnStarts: [Int]
    let columnRows: [UInt32]
    let rowStarts: [Int]
    let rowColumns: [UInt32]
    let costs: [Double]
    /// Per local row: the sum of its members' weights.
    let weights: [Double]
    /// 1 when the row must be covered (any member must).
    let isMust: [UInt8]
    /// Weight the local rows must still contribute (min-cost; ≤ 0 when the fixed columns already meet the target).
    let targetWeight: Double
    let nonzeroCount: Int
    /// The instance's packing constraints (`nil`: none) and the location of each local column.
    let packing: ColumnPacking?
    let columnLocation: [Int32]
    /// Relevant instance rows before merging (`rowCount` after).
    let unmergedRowCount: Int
    /// Per local row, the number of instance rows it stands for: the subgradient method weights
    /// the merged row's step and its share of `‖s‖²` by it (`MinCostLagrangian.step`), so that
    /// while its members would agree, the merged run takes the steps the unmerged one would
    /// (each of `k` members moves by `t s`, their sum by `k t s`; the norm counts `s²` `k` times).
    /// 1 for a row that merged nothing.
    let rowScale: [Double]

    /// Builds the matrix of `columns` (instance ids, ascending) restricted to the relevant rows:
    /// rows not covered by fixed columns that carry weight or must be covered.
    ///
    /// - Parameters:
    ///   - relevant: the rows that matter and their local numbering before merging.
    ///   - unitCosts: every column costs 1 (a column-count limit read as a budget).
    init(problem: CoverProblem, columns: [Int32], relevant: RelevantRows, unitCosts: Bool = false) {
        let restricted = Self.restrict(problem.instance, columns: columns, relevant: relevant, unitCosts: unitCosts)
        var (starts, rows) = (restricted.starts, restricted.rows)
        let (kept, costs) = (restricted.kept, restricted.costs)
        let relevantCount = relevant.rows.count
        let (rowStarts0, rowColumns0) = transpose(rowCount: relevantCount, columnStarts: starts, columnRows: rows)
        let classes = Self.identicalRows(rowCount: relevantCount, columnStarts: starts, columnRows: rows)
        let classCount = classes.representatives.count
        let members = Self.members(of: classes, relevant: relevant, problem: problem)
        if classCount < relevantCount {
            (starts, rows) = Self.mergedColumns(starts: starts, rows: rows, classes: classes)
            (rowStarts, rowColumns) = Self.mergedRows(rowStarts: rowStarts0, rowColumns: rowColumns0, classes: classes)
        } else {
            (rowStarts, rowColumns) = (rowStarts0, rowColumns0)
        }
        var scale = [Double](repeating: 1, count: classCount)
        if problem.rowMultiplicity.isEmpty {
            for c in 0..<classCount { scale[c] = Double(members.starts[c + 1] - members.starts[c]) }
        } else {
            for c in 0..<classCount {
                var total = 0.0
                for k in members.starts[c]..<members.starts[c + 1] {
                    total += problem.rowMultiplicity[Int(members.rows[k])]
                }
                scale[c] = total
            }
        }
        rowScale = scale
        rowCount = classCount
        unmergedRowCount = relevantCount
        memberStarts = members.starts
        memberRows = members.rows
        columnCount = kept.count
        columnOriginal = kept
        columnStarts = starts
        columnRows = rows
        nonzeroCount = rows.count
        self.costs = costs
        weights = members.weights
        isMust = members.isMust
        targetWeight = relevant.remainingTarget
        packing = problem.packing
        columnLocation = problem.packing.map { packing in kept.map { packing.locationOfColumn[Int($0)] } } ?? []
    }

    /// The `columns` restricted to the relevant rows (local numbering), without those left empty:
    /// column starts and rows, the kept instance columns and their costs.
    static func restrict(_ inst: CoveringInstance, columns: [Int32], relevant: RelevantRows, unitCosts: Bool) -> (
        starts: [Int], rows: [UInt32], kept: [Int32], costs: [Double]
    ) {
        var starts = [Int](repeating: 0, count: columns.count + 1)
        var rows: [UInt32] = []
        var kept: [Int32] = []
        var costs: [Double] = []
        kept.reserveCapacity(columns.count)
        inst.columnRows.withUnsafeBufferPointer { instRows in
            relevant.localRow.withUnsafeBufferPointer { local in
                for j32 in columns {
                    let j = Int(j32)
                    let before = rows.count
                    for k in inst.columnStarts[j]..<inst.columnStarts[j + 1] {
                        let r = local[Int(instRows[k])]
                        if r >= 0 { rows.append(UInt32(r)) }
                    }
                    if rows.count > before {
                        kept.append(j32)
                        costs.append(unitCosts ? 1 : inst.costs[j])
                        starts[kept.count] = rows.count
                    }
                }
            }
        }
        starts.removeLast(columns.count - kept.count)
        return (starts, rows, kept, costs)
    }

    /// The instance rows of each class (ascending within a class), and each class's summed weight
    /// and must flag (must when any member must be covered).
    static func members(
        of classes: (classOf: [Int32], representatives: [Int32]), relevant: RelevantRows, problem: CoverProblem
    ) -> (starts: [Int], rows: [Int32], weights: [Double], isMust: [UInt8]) {
        let inst = problem.instance
        let classCount = classes.representatives.count
        let relevantCount = relevant.rows.count
        var memberStarts = [Int](repeating: 0, count: classCount + 1)
        for c in classes.classOf { memberStarts[Int(c) + 1] += 1 }
        for c in 0..<classCount { memberStarts[c + 1] += memberStarts[c] }
        var memberRows = [Int32](repeating: 0, count: relevantCount)
        var weights = [Double](repeating: 0, count: classCount)
        var isMust = [UInt8](repeating: 0, count: classCount)
        var next = Array(memberStarts.dropLast())
        for r in 0..<relevantCount { // ascending, so members are ascending within a class
            let c = Int(classes.classOf[r])
            let instanceRow = relevant.rows[r]
            memberRows[next[c]] = instanceRow
            next[c] += 1
            weights[c] += inst.weights[Int(instanceRow)]
            isMust[c] = max(isMust[c], problem.isMust[Int(instanceRow)])
        }
        return (memberStarts, memberRows, weights, isMust)
    }

    /// The column lists keeping only each class's representative, renumbered to class ids. Classes
    /// are numbered in order of their representative's local row, so each list stays ascending.
    static func mergedColumns(
        starts: [Int], rows: [UInt32], classes: (classOf: [Int32], representatives: [Int32])
    ) -> (starts: [Int], rows: [UInt32]) {
        let classCount = classes.representatives.count
        var merged: [UInt32] = []
        merged.reserveCapacity(rows.count * classCount / max(1, classes.classOf.count) + 16)
        var mergedStarts = [Int](repeating: 0, count: starts.count)
        for j in 0..<(starts.count - 1) {
            for k in starts[j]..<starts[j + 1] {
                let r = Int(rows[k])
                let c = classes.classOf[r]
                if classes.representatives[Int(c)] == Int32(r) { merged.append(UInt32(c)) }
            }
            mergedStarts[j + 1] = merged.count
        }
        return (mergedStarts, merged)
    }

    /// The row lists of the classes: the representatives' lists, already ascending and in class
    /// order (no second transpose).
    static func mergedRows(
        rowStarts: [Int], rowColumns: [UInt32], classes: (classOf: [Int32], representatives: [Int32])
    ) -> (starts: [Int], columns: [UInt32]) {
        let classCount = classes.representatives.count
        var mergedRowStarts = [Int](repeating: 0, count: classCount + 1)
        var mergedRowColumns: [UInt32] = []
        mergedRowColumns.reserveCapacity(rowColumns.count)
        for c in 0..<classCount {
            let r = Int(classes.representatives[c])
            mergedRowColumns.append(contentsOf: rowColumns[rowStarts[r]..<rowStarts[r + 1]])
            mergedRowStarts[c + 1] = mergedRowColumns.count
        }
        return (mergedRowStarts, mergedRowColumns)
    }

    /// Classes of rows with identical column lists: `classOf[r]` for each row, classes numbered in
    /// order of their first row (`representatives[c]`). Read by column, so that a matrix needs no
    /// transpose for it (the presolve runs on instances built without one).
    ///
    /// Partition refinement (Paige & Tarjan 1987): all rows start in one class, and each column
    /// splits every class it meets into the rows it lists and the rest; after the last column two
    /// rows share a class exactly when every column lists both or neither. Classes are then
    /// renumbered by their first row. Exact — no hashing.
    ///
    /// - Parameter columnRows: each column's rows unique (`CoveringInstance` keeps them so).
    /// - Complexity: O(nnz + rows + columns) time, four `Int32` per row of scratch.
    static func identicalRows(rowCount: Int, columnStarts: [Int], columnRows: [UInt32]) -> (
        classOf: [Int32], representatives: [Int32]
    ) {
        guard rowCount > 0 else { return ([], []) }
        var part = [Int32](repeating: 0, count: rowCount)
        // Per class (at most one per row): its size, the rows of the current column in it, and
        // the class those rows move to.
        var size = [Int32](repeating: 0, count: rowCount)
        var hits = [Int32](repeating: 0, count: rowCount)
        var moveTo = [Int32](repeating: 0, count: rowCount)
        size[0] = Int32(rowCount)
        var classCount: Int32 = 1
        var touched: [Int32] = []
        part.withUnsafeMutableBufferPointer { part in
            columnRows.withUnsafeBufferPointer { rows in
                for j in 0..<(columnStarts.count - 1) {
                    let column = rows[columnStarts[j]..<columnStarts[j + 1]]
                    for row in column {
                        let c = Int(part[Int(row)])
                        if hits[c] == 0 { touched.append(Int32(c)) }
                        hits[c] += 1
                    }
                    // A class the column lists entirely keeps its id; any other gives its listed rows a new one.
                    for c32 in touched {
                        let c = Int(c32)
                        if hits[c] < size[c] {
                            moveTo[c] = classCount
                            size[Int(classCount)] = hits[c]
                            size[c] -= hits[c]
                            classCount += 1
                        } else {
                            moveTo[c] = c32
                        }
                        hits[c] = 0
                    }
                    for row in column { part[Int(row)] = moveTo[Int(part[Int(row)])] }
                    touched.removeAll(keepingCapacity: true)
                }
            }
        }
        // Renumber by first row (reusing `moveTo` as old class → new class, −1 until seen).
        var representatives: [Int32] = []
        for c in 0..<Int(classCount) { moveTo[c] = -1 }
        for r in 0..<rowCount {
            let c = Int(part[r])
            if moveTo[c] < 0 {
                moveTo[c] = Int32(representatives.count)
                representatives.append(Int32(r))
            }
            part[r] = moveTo[c]
        }
        return (part, representatives)
    }

    /// Multipliers on the instance's rows that give every column the same reduced cost and the
    /// same Lagrangian value as `u` on the local rows: a merged non-must row's multiplier is split
    /// in proportion to its members' weights (all members then share its ratio `u/w`, so the
    /// knapsack term is unchanged); a must row's goes to its first must member (the others are
    /// covered with it at no cost, as the merged weight already counted them).
    func instanceMultipliers(
        _ u: [Double], instanceRowCount: Int, isMust instanceMust: [UInt8], weights instanceWeights: [Double]
    ) -> [Double] {
        var result = [Double](repeating: 0, count: instanceRowCount)
        for r in 0..<rowCount {
            let members = memberRows[memberStarts[r]..<memberStarts[r + 1]]
            if isMust[r] == 1 {
                if let first = members.first(where: { instanceMust[Int($0)] == 1 }) { result[Int(first)] = u[r] }
            } else if weights[r] > 0 {
                for i in members { result[Int(i)] = u[r] * instanceWeights[Int(i)] / weights[r] }
            }
        }
        return result
    }
}

/// The rows a covering phase still has to care about, given a set of columns already on.
struct RelevantRows: Sendable {
    /// Instance ids of relevant rows, ascending.
    let rows: [Int32]
    /// Instance row → local id, −1 for irrelevant rows.
    let localRow: [Int32]
    /// Weight still needed from relevant rows (min-cost problems).
    let remainingTarget: Double

    /// Rows not covered by `state` (fixed + chosen columns) with weight > 0 or must-cover.
    init(state: CoverState) {
        let problem = state.problem
        let inst = problem.instance
        var rows: [Int32] = []
        var local = [Int32](repeating: -1, count: inst.rowCount)
        for i in 0..<inst.rowCount where state.count[i] == 0 && (inst.weights[i] > 0 || problem.isMust[i] == 1) {
            local[i] = Int32(rows.count)
            rows.append(Int32(i))
        }
        self.rows = rows
        localRow = local
        remainingTarget = problem.kind == .minCost ? problem.targetWeight - state.coveredWeight : 0
    }
}
