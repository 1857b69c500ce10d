/// A covering problem on an abstract sparse 0/1 matrix: columns are candidate sites with costs,
/// rows are demand cells with weights; column `j` covers the rows listed in its CSR slice.
///
/// Layout (flat arrays, no per-row objects, so a 3 M × 250 k city matrix with 50 M nonzeros
/// takes about 2 × 200 MB of `UInt32` ids plus a few `[Double]`/`[Int]` per row and column):
/// - `columnStarts[j] ..< columnStarts[j + 1]` indexes `columnRows`, the ascending row ids of column `j`;
/// - `rowStarts[i] ..< rowStarts[i + 1]` indexes `rowColumns`, the ascending column ids covering row `i`
///   (the transpose, built once in `init` unless the caller only needs columns: `rowLists`);
/// - `fixedColumns`: existing sites, always on at zero cost, their coverage counts;
/// - `mustCoverRows`: rows every solution covers (priority demand).
///
/// Invariants (checked in `init`): `columnStarts` has `columnCount + 1` non-decreasing entries from 0
/// to `columnRows.count`; row ids are `< rowCount` and strictly ascending within a column; costs and
/// weights are finite and ≥ 0; fixed and must-cover ids are in range (stored ascending, unique).
///
/// - Complexity: `init` is O(nnz + rows + columns) (plus O(nnz log) only for columns given unsorted).
public struct CoveringInstance: Sendable {
    /// Number of rows (demand cells).
    public internal(set) var rowCount: Int
    /// CSR offsets by column; `columnCount + 1` entries.
    public internal(set) var columnStarts: [Int]
    /// Row ids of every column, column after column, ascending within a column.
    public internal(set) var columnRows: [UInt32]
    /// Cost of each column (≥ 0). Fixed columns' costs are ignored (they are free).
    public let costs: [Double]
    /// Weight of each row (≥ 0).
    public internal(set) var weights: [Double]
    /// Columns that are always chosen at zero cost (existing sites), ascending.
    public let fixedColumns: [Int]
    /// Rows that every solution must cover, ascending.
    public internal(set) var mustCoverRows: [Int]
    /// Transpose offsets: `rowStarts[i] ..< rowStarts[i + 1]` indexes `rowColumns`; `rowCount + 1` entries
    /// — or none, with `rowColumns` empty too, for an instance built without them (`hasRowLists`).
    public internal(set) var rowStarts: [Int]
    /// Column ids covering each row, row after row, ascending within a row.
    public internal(set) var rowColumns: [UInt32]
    /// Sum of all row weights.
    public internal(set) var totalWeight: Double
    /// Packing side constraints (location groups, minimum spacing), or `nil` for none.
    public let packing: ColumnPacking?

    /// Number of columns (candidates).
    public var columnCount: Int { costs.count }
    /// Number of nonzeros (column, row) pairs.
    public var nonzeroCount: Int { columnRows.count }

    /// Creates an instance from a column-wise CSR matrix.
    ///
    /// - Parameters:
    ///   - rowCount: number of rows; row ids run `0 ..< rowCount`.
    ///   - columnStarts: `costs.count + 1` offsets into `columnRows`.
    ///   - columnRows: row ids of each column; unsorted columns are sorted, duplicates dropped.
    ///   - costs: cost per column, finite and ≥ 0.
    ///   - weights: weight per row (`rowCount` entries), finite and ≥ 0.
    ///   - fixedColumns: columns always on (duplicates allowed, dropped).
    ///   - mustCoverRows: rows that must be covered (duplicates allowed, dropped).
    ///   - packing: location groups and conflicts between columns (one location entry per column).
    ///   - rowLists: build the transpose (`rowStarts`, `rowColumns`). `solveCovering` and
    ///     `rankByMarginalGain` read columns only: without it an instance takes one `UInt32` per
    ///     nonzero less (at city scale 870 MB, a third of the solve stage's peak); `columns(ofRow:)`
    ///     then has nothing to read until `buildRowLists()` (`hasRowLists`).
    /// - Throws: `OptimizerError.malformedInstance` naming the first inconsistency.
    public init(
        rowCount: Int, columnStarts: [Int], columnRows: [UInt32], costs: [Double], weights: [Double],
        fixedColumns: [Int] = [], mustCoverRows: [Int] = [], packing: ColumnPacking? = nil, rowLists: Bool = true
    ) throws(OptimizerError) {
        guard rowCount >= 0, rowCount <= Int(UInt32.max) else {
            throw .malformedInstance("rowCount \(rowCount) must be in 0...\(UInt32.max)")
        }
        let columnCount = costs.count
        guard columnCount <= Int(UInt32.max) else { throw .malformedInstance("more than \(UInt32.max) columns") }
        guard columnStarts.count == columnCount + 1 else {
            throw .malformedInstance(
                "columnStarts has \(columnStarts.count) entries, expected costs.count + 1 = \(columnCount + 1)")
        }
        guard columnStarts[0] == 0, columnStarts[columnCount] == columnRows.count else {
            throw .malformedInstance(
                "columnStarts must run from 0 to columnRows.count (\(columnRows.count)), found \(columnStarts[0])...\(columnStarts[columnCount])"
            )
        }
        guard weights.count == rowCount else {
            throw .malformedInstance("weights has \(weights.count) entries, expected rowCount = \(rowCount)")
        }
        for j in 0..<columnCount {
            guard columnStarts[j] <= columnStarts[j + 1] else {
                throw .malformedInstance(
                    "columnStarts decreases at column \(j) (\(columnStarts[j]) > \(columnStarts[j + 1]))")
            }
            guard costs[j].isFinite, costs[j] >= 0 else {
                throw .malformedInstance("cost of column \(j) is \(costs[j]), expected a finite number ≥ 0")
            }
        }
        var total = 0.0
        for i in 0..<rowCount {
            guard weights[i].isFinite, weights[i] >= 0 else {
                throw .malformedInstance("weight of row \(i) is \(weights[i]), expected a finite number ≥ 0")
            }
            total += weights[i]
        }
        var needsNormalising = false
        let limit = UInt32(truncatingIfNeeded: rowCount)
        for j in 0..<columnCount {
            var previous: Int64 = -1
            for k in columnStarts[j]..<columnStarts[j + 1] {
                let row = columnRows[k]
                guard row < limit else {
                    throw .malformedInstance("column \(j) lists row \(row), but rowCount is \(rowCount)")
                }
                if Int64(row) <= previous { needsNormalising = true }
                previous = Int64(row)
            }
        }
        var starts = columnStarts
        var rows = columnRows
        if needsNormalising {
            (starts, rows) = Self.sortedUniqueColumns(starts: columnStarts, rows: columnRows)
        }
        for j in fixedColumns where j < 0 || j >= columnCount {
            throw .malformedInstance("fixed column \(j) is out of range 0..<\(columnCount)")
        }
        for i in mustCoverRows where i < 0 || i >= rowCount {
            throw .malformedInstance("must-cover row \(i) is out of range 0..<\(rowCount)")
        }
        if let packing, packing.columnCount != columnCount {
            throw .malformedInstance(
                "packing names a location for \(packing.columnCount) columns, expected one per column (\(columnCount))")
        }
        self.packing = packing
        self.rowCount = rowCount
        self.columnStarts = starts
        self.columnRows = rows
        self.costs = costs
        self.weights = weights
        self.fixedColumns = Array(Set(fixedColumns)).sorted()
        self.mustCoverRows = Array(Set(mustCoverRows)).sorted()
        self.totalWeight = total
        (rowStarts, rowColumns) = ([], [])
        if rowLists {
            (rowStarts, rowColumns) = transpose(rowCount: rowCount, columnStarts: starts, columnRows: rows)
        }
    }

    /// Creates an instance from one list of covered rows per column (convenient for tests and JSON).
    ///
    /// - Parameters:
    ///   - columns: `columns[j]` = the rows column `j` covers (any order, duplicates dropped).
    ///   - costs: cost per column; `nil` = unit costs.
    ///   - weights: weight per row; `nil` = unit weights.
    /// - Throws: `OptimizerError.malformedInstance` for negative or out-of-range row ids and the
    ///   cases of the CSR initialiser.
    public init(
        rowCount: Int, columns: [[Int]], costs: [Double]? = nil, weights: [Double]? = nil,
        fixedColumns: [Int] = [], mustCoverRows: [Int] = [], packing: ColumnPacking? = nil
    ) throws(OptimizerError) {
        var starts = [0]
        starts.reserveCapacity(columns.count + 1)
        var rows: [UInt32] = []
        rows.reserveCapacity(columns.reduce(0) { $0 + $1.count })
        for (j, column) in columns.enumerated() {
            for row in column {
                guard row >= 0, row < rowCount else {
                    throw .malformedInstance("column \(j) lists row \(row), but rowCount is \(rowCount)")
                }
                rows.append(UInt32(truncatingIfNeeded: row))
            }
            starts.append(rows.count)
        }
        let columnCosts = costs ?? Array(repeating: 1, count: columns.count)
        guard columnCosts.count == columns.count else {
            throw .malformedInstance(
                "costs has \(columnCosts.count) entries, expected one per column (\(columns.count))")
        }
        try self.init(
            rowCount: rowCount, columnStarts: starts, columnRows: rows, costs: columnCosts,
            weights: weights ?? Array(repeating: 1, count: rowCount),
            fixedColumns: fixedColumns, mustCoverRows: mustCoverRows, packing: packing)
    }

    /// The rows column `j` covers.
    @inlinable public func rows(ofColumn j: Int) -> ArraySlice<UInt32> {
        columnRows[columnStarts[j]..<columnStarts[j + 1]]
    }

    /// The columns covering row `i`.
    @inlinable public func columns(ofRow i: Int) -> ArraySlice<UInt32> {
        rowColumns[rowStarts[i]..<rowStarts[i + 1]]
    }

    /// How many of `columns` plus the fixed columns cover each row.
    ///
    /// - Complexity: O(rows + nonzeros of the given columns).
    public func coverCounts(of columns: [Int]) -> [Int32] {
        var counts = [Int32](repeating: 0, count: rowCount)
        for j in fixedColumns + columns where j >= 0 && j < columnCount {
            for k in columnStarts[j]..<columnStarts[j + 1] { counts[Int(columnRows[k])] += 1 }
        }
        return counts
    }

    /// Rows covered by neither `columns` nor the fixed columns, ascending.
    public func uncoveredRows(given columns: [Int]) -> [Int] {
        let counts = coverCounts(of: columns)
        return counts.indices.filter { counts[$0] == 0 }
    }

    /// Column slices sorted ascending with duplicates removed.
    private static func sortedUniqueColumns(starts: [Int], rows: [UInt32]) -> ([Int], [UInt32]) {
        var newStarts = [0]
        newStarts.reserveCapacity(starts.count)
        var newRows: [UInt32] = []
        newRows.reserveCapacity(rows.count)
        for j in 0..<(starts.count - 1) {
            let slice = rows[starts[j]..<starts[j + 1]].sorted()
            var last: UInt32? = nil
            for row in slice where row != last {
                newRows.append(row)
                last = row
            }
            newStarts.append(newRows.count)
        }
        return (newStarts, newRows)
    }
}

/// Builds the row → columns transpose of a column CSR matrix (counting sort, so every row's
/// column list comes out ascending).
///
/// - Complexity: O(rows + columns + nnz) time, O(rows + nnz) extra memory.
func transpose(rowCount: Int, columnStarts: [Int], columnRows: [UInt32]) -> (starts: [Int], columns: [UInt32]) {
    var starts = [Int](repeating: 0, count: rowCount + 1)
    columnRows.withUnsafeBufferPointer { rows in
        for row in rows { starts[Int(row) + 1] += 1 }
    }
    for i in 0..<rowCount { starts[i + 1] += starts[i] }
    var next = Array(starts.dropLast())
    var columns = [UInt32](repeating: 0, count: columnRows.count)
    let columnCount = columnStarts.count - 1
    columnRows.withUnsafeBufferPointer { rows in
        columns.withUnsafeMutableBufferPointer { out in
            for j in 0..<columnCount {
                let id = UInt32(truncatingIfNeeded: j)
                for k in columnStarts[j]..<columnStarts[j + 1] {
                    let row = Int(rows[k])
                    out[next[row]] = id
                    next[row] += 1
                }
            }
        }
    }
    return (starts, columns)
}
