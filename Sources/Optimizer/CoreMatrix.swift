/// A renumbered sub-matrix the Lagrangian phase works on: the rows that still matter (not covered
/// by fixed columns; weight > 0 or must-cover) and a subset of the free columns (all of them, or a
/// *core* of the most promising ones for very large instances — Caprara, Fischetti & Toth 1999).
///
/// Local ids are dense (`0 ..< rowCount`, `0 ..< columnCount`); `rowOriginal`/`columnOriginal` map
/// back to the instance. Both CSR directions are kept (built once).
///
/// - Complexity: construction O(nnz of the selected columns + instance rows).
struct CoreMatrix: Sendable {
    let rowCount: Int
    let columnCount: Int
    /// Local row → instance row.
    let rowOriginal: [Int32]
    /// Local column → instance column.
    let columnOriginal: [Int32]
    let columnStarts: [Int]
    let columnRows: [UInt32]
    let rowStarts: [Int]
    let rowColumns: [UInt32]
    let costs: [Double]
    let weights: [Double]
    /// 1 when the row must be covered.
    let isMust: [UInt8]
    /// Weight the local rows must still contribute (min-cost; ≤ 0 when the fixed columns already meet the target).
    let targetWeight: Double
    let nonzeroCount: Int
    /// The instance's packing constraints (`nil`: none) and the location of each local column.
    let packing: ColumnPacking?
    let columnLocation: [Int32]

    /// Builds the matrix of `columns` (instance ids, ascending) restricted to the relevant rows:
    /// rows not covered by fixed columns that carry weight or must be covered.
    ///
    /// - Parameter localRowOf: instance row → local row (−1 when irrelevant), from `relevantRows`.
    init(problem: CoverProblem, columns: [Int32], relevant: RelevantRows) {
        let inst = problem.instance
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
                        costs.append(inst.costs[j])
                        starts[kept.count] = rows.count
                    }
                }
            }
        }
        starts.removeLast(columns.count - kept.count)
        rowCount = relevant.rows.count
        columnCount = kept.count
        rowOriginal = relevant.rows
        columnOriginal = kept
        columnStarts = starts
        columnRows = rows
        nonzeroCount = rows.count
        self.costs = costs
        weights = relevant.rows.map { inst.weights[Int($0)] }
        isMust = relevant.rows.map { problem.isMust[Int($0)] }
        targetWeight = relevant.remainingTarget
        packing = problem.packing
        columnLocation = problem.packing.map { packing in kept.map { packing.locationOfColumn[Int($0)] } } ?? []
        (rowStarts, rowColumns) = transpose(rowCount: relevant.rows.count, columnStarts: starts, columnRows: rows)
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
