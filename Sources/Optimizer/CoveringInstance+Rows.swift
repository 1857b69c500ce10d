extension CoveringInstance {
    /// Whether the instance holds its row lists (the transpose, `rowStarts` and `rowColumns`):
    /// false for an instance built without them (`init(…, rowLists: false)`). Reading the columns of
    /// a row needs them; `solveCovering`, `coverCounts` and `rankByMarginalGain` read only columns.
    public var hasRowLists: Bool { rowStarts.count == rowCount + 1 }

    /// Builds the row lists of an instance built without them (the transpose `init` builds, by
    /// counting sort); nothing when they are there. `appendRows` starts with it.
    ///
    /// - Complexity: O(nnz + rows + columns).
    public mutating func buildRowLists() {
        guard !hasRowLists else { return }
        (rowStarts, rowColumns) = transpose(rowCount: rowCount, columnStarts: columnStarts, columnRows: columnRows)
    }

    /// Appends rows after the instance's own: row `rowCount + r` (of the instance before the call)
    /// is covered by the columns `rows[r]` and weighs `rowWeights[r]`, and is must-cover when
    /// `mustCover` — the rows constraint generation adds round after round (the continuity limits,
    /// docs/solver.md). The result is the instance the initialiser would build from the same
    /// columns with the new row ids after each column's own.
    ///
    /// Memory, which is what this is for: the new rows go at the end of the transpose, in place
    /// when this instance holds it alone, and the column lists are let go first and then rebuilt
    /// from the transpose (counting sort), so the instance never holds two column lists or two
    /// transposes beside each other — building a new instance from the old one's columns and
    /// the rows would (on the Guangzhou-sized city, about 600 MB each).
    ///
    /// - Throws: `OptimizerError.malformedInstance` for a column out of range, a weight that is
    ///   not a finite number ≥ 0, or more rows than 32-bit ids hold; the instance is unchanged then.
    /// - Complexity: O(nnz + rows + columns + entries of the new rows).
    public mutating func appendRows(_ rows: [[UInt32]], weights rowWeights: [Double], mustCover: Bool)
        throws(OptimizerError)
    {
        guard rowWeights.count == rows.count else {
            throw .malformedInstance("\(rowWeights.count) weights for \(rows.count) new rows")
        }
        guard rowCount + rows.count <= Int(UInt32.max) else {
            throw .malformedInstance("rowCount \(rowCount + rows.count) must be in 0...\(UInt32.max)")
        }
        let limit = UInt32(truncatingIfNeeded: columnCount)
        for (r, row) in rows.enumerated() {
            guard rowWeights[r].isFinite, rowWeights[r] >= 0 else {
                throw .malformedInstance("weight of new row \(r) is \(rowWeights[r]), expected a finite number ≥ 0")
            }
            if let j = row.first(where: { $0 >= limit }) {
                throw .malformedInstance("new row \(r) lists column \(j), but columnCount is \(columnCount)")
            }
        }
        guard !rows.isEmpty else { return }
        buildRowLists()
        let first = rowCount
        columnRows = [] // the old column lists go before the transpose grows
        rowColumns.reserveCapacity(rowColumns.count + rows.reduce(0) { $0 + $1.count })
        rowStarts.reserveCapacity(rowStarts.count + rows.count)
        for row in rows {
            rowColumns += Array(Set(row)).sorted()
            rowStarts.append(rowColumns.count)
        }
        weights += rowWeights
        for w in rowWeights { totalWeight += w }
        if mustCover { mustCoverRows += first..<(first + rows.count) }
        rowCount += rows.count
        (columnStarts, columnRows) = transpose(rowCount: columnCount, columnStarts: rowStarts, columnRows: rowColumns)
    }
}
