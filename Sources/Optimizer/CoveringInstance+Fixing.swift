extension CoveringInstance {
    /// The same instance with `columns` fixed as well (on, free, covering — as existing sites are),
    /// e.g. the sites an earlier phase of a rollout built. The matrix, its transpose, weights,
    /// must-cover rows and packing are shared, not rebuilt (copy-on-write arrays).
    ///
    /// - Parameter columns: column ids in `0..<columnCount` (duplicates and fixed ones allowed).
    /// - Complexity: O(fixed columns · log) — no pass over the matrix.
    public func fixing(_ columns: [Int]) -> CoveringInstance {
        precondition(columns.allSatisfy { $0 >= 0 && $0 < columnCount }, "fixed column out of range")
        return CoveringInstance(sharing: self, fixedColumns: Array(Set(fixedColumns + columns)).sorted())
    }

    /// A copy of `other` with other fixed columns (already validated, ascending, unique).
    private init(sharing other: CoveringInstance, fixedColumns: [Int]) {
        rowCount = other.rowCount
        columnStarts = other.columnStarts
        columnRows = other.columnRows
        costs = other.costs
        weights = other.weights
        self.fixedColumns = fixedColumns
        mustCoverRows = other.mustCoverRows
        rowStarts = other.rowStarts
        rowColumns = other.rowColumns
        totalWeight = other.totalWeight
        packing = other.packing
    }
}
