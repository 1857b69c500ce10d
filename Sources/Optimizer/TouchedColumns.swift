/// A small open-addressing map from column id to a slot with three accumulators, reset in time
/// proportional to its use. Local search uses it to gather, for one candidate column, the chosen
/// columns it "touches" (sole coverers of the rows it covers) with the weight and must rows shared.
///
/// - Complexity: O(1) expected per `slot(for:)`; `reset()` is O(entries used).
struct TouchedColumns {
    /// Plain matrix-entry visits (`Parallel.minimumParallelWork`'s unit) one gathered entry costs
    /// with the move checks that follow (a hash probe, unpredictable branches): a local-search pass
    /// over a demo-sized matrix (6·10⁴ entries, ~0.2 ms) is worth splitting over threads.
    static let entryWork = 4

    private static let capacity = 512 // power of two
    private var keys = [Int32](repeating: -1, count: TouchedColumns.capacity)
    private var index = [Int32](repeating: 0, count: TouchedColumns.capacity)
    /// Columns in first-touch order, with their accumulators.
    private(set) var columns: [Int] = []
    var weight: [Double] = []
    var must: [Int32] = []

    var count: Int { columns.count }

    /// The slot of column `j`, created with zero accumulators on first use.
    mutating func slot(for j: Int) -> Int {
        if columns.count >= Self.capacity / 2 {
            // Rare (a candidate touching hundreds of chosen columns): fall back to a linear scan.
            if let t = columns.firstIndex(of: j) { return t }
            return append(j)
        }
        var h = (j &* 0x9E37_79B1) & (Self.capacity - 1)
        while true {
            let key = keys[h]
            if key == Int32(truncatingIfNeeded: j) { return Int(index[h]) }
            if key < 0 {
                keys[h] = Int32(truncatingIfNeeded: j)
                index[h] = Int32(columns.count)
                return append(j)
            }
            h = (h + 1) & (Self.capacity - 1)
        }
    }

    /// Whether column `j` was touched.
    func contains(_ j: Int) -> Bool {
        if columns.count >= Self.capacity / 2 { return columns.contains(j) }
        var h = (j &* 0x9E37_79B1) & (Self.capacity - 1)
        while true {
            let key = keys[h]
            if key == Int32(truncatingIfNeeded: j) { return true }
            if key < 0 { return false }
            h = (h + 1) & (Self.capacity - 1)
        }
    }

    private mutating func append(_ j: Int) -> Int {
        columns.append(j)
        weight.append(0)
        must.append(0)
        return columns.count - 1
    }

    /// Resets the map to `columns` (in this first-touch order) with their accumulators: what a
    /// `gather` that touched them gave (`GatherCache`).
    mutating func load(
        columns: UnsafeBufferPointer<Int32>, weights: UnsafeBufferPointer<Double>, musts: UnsafeBufferPointer<Int32>
    ) {
        reset()
        for t in 0..<columns.count {
            let slot = slot(for: Int(columns[t]))
            weight[slot] = weights[t]
            must[slot] = musts[t]
        }
    }

    /// Empties the map.
    mutating func reset() {
        if columns.count >= Self.capacity / 2 {
            for h in 0..<Self.capacity { keys[h] = -1 }
        } else {
            // In reverse insertion order, every probe chain is still intact when its key is cleared
            // (a key's chain only crosses slots of keys inserted before it).
            for j in columns.reversed() {
                var h = (j &* 0x9E37_79B1) & (Self.capacity - 1)
                while keys[h] != Int32(truncatingIfNeeded: j) { h = (h + 1) & (Self.capacity - 1) }
                keys[h] = -1
            }
        }
        columns.removeAll(keepingCapacity: true)
        weight.removeAll(keepingCapacity: true)
        must.removeAll(keepingCapacity: true)
    }
}

extension TouchedColumns {
    /// Resets the map, then gathers what adding column `k` to `state` does: returns the weight of
    /// the rows of `k` that nothing covers yet, and records per chosen, non-fixed column that is
    /// the sole coverer of some rows of `k` the weight and must rows it shares with `k` (what that
    /// column would stop being critical for).
    ///
    /// - Complexity: O(rows of `k`).
    mutating func gather(adding k: Int, to state: CoverState) -> Double {
        let problem = state.problem
        let inst = problem.instance
        reset()
        // Consecutive rows of `k` mostly share their sole coverer, so the sums of the current
        // column stay in registers and go back to its slot only when the coverer changes (the
        // additions happen in the same order, so the sums are bit-identical to per-row updates).
        var gain = 0.0
        var current = -1
        var slot = 0
        var sharedWeight = 0.0
        var sharedMust: Int32 = 0
        inst.columnRows.withUnsafeBufferPointer { rows in
            inst.weights.withUnsafeBufferPointer { weights in
                state.count.withUnsafeBufferPointer { count in
                    state.soleXor.withUnsafeBufferPointer { sole in
                        problem.isFixed.withUnsafeBufferPointer { fixed in
                            problem.isMust.withUnsafeBufferPointer { must in
                                for p in inst.columnStarts[k]..<inst.columnStarts[k + 1] {
                                    let i = Int(rows[p])
                                    let c = count[i]
                                    if c == 0 {
                                        gain += weights[i]
                                    } else if c == 1 {
                                        let j = Int(sole[i])
                                        if fixed[j] == 1 { continue }
                                        if j != current {
                                            if current >= 0 { store(slot, sharedWeight, sharedMust) }
                                            current = j
                                            slot = self.slot(for: j)
                                            sharedWeight = weight[slot]
                                            sharedMust = self.must[slot]
                                        }
                                        sharedWeight += weights[i]
                                        sharedMust += Int32(must[i])
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        if current >= 0 { store(slot, sharedWeight, sharedMust) }
        return gain
    }

    @inline(__always) private mutating func store(_ slot: Int, _ sharedWeight: Double, _ sharedMust: Int32) {
        weight[slot] = sharedWeight
        must[slot] = sharedMust
    }
}
