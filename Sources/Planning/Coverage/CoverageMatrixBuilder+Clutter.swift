import Geo
import Radio

extension CoverageMatrixBuilder {
    /// Like `appendCoverage(of:at:grid:cells:rsrp:row:counters:)` with one budget per clutter class
    /// (`budgets[0]`: the profile's own; `budgets[k]`: class k − 1): each cell is evaluated with the
    /// budget of its class at its prediction point (`ClutterRaster.predictionPoint`: its centre, or
    /// its block's for a class with a coarser prediction cell, evaluated once per block and site),
    /// within the largest search radius of them all widened by how far a prediction point can lie
    /// from a cell centre. Beyond the second-largest radius only the class(es) of the largest can
    /// be covered, so there the scan visits only the chunks of a row where `presence` has them.
    static func appendCoverage(
        of budgets: [SiteBudget], clutter: ClutterRaster, presence: ClassPresence, at position: Coordinate,
        grid: DemandGrid, cells: inout [UInt32], rsrp: inout [Int16], blocks: inout PredictionBlockCache,
        row scratch: RowScratch, counters: inout LinkCounters
    ) -> Int {
        let spec = grid.spec
        let largest = budgets.reduce(0.0) { max($0, $1.evaluator.maxRangeMeters) }
        guard largest > 0 else { return 0 }
        let range = largest + clutter.predictionOffsetMeters
        let cell = spec.cellMeters
        var evaluations = 0
        let classRangeSquared = budgets.map { $0.evaluator.maxRangeMeters * $0.evaluator.maxRangeMeters }
        let (farthest, innerRange) = classReach(of: budgets, largest: largest, offset: clutter.predictionOffsetMeters)
        let txPowerPerREDBm = budgets[0].evaluator.txPowerPerResourceElementDBm
        blocks.reset(for: clutter, within: range, of: position)
        let ids = scratch.ids
        let east = scratch.east
        let classes = scratch.classes
        let entries = scratch.entries
        // A cell whose entry comes from the kernel run of its class, after the scan of the row.
        let pending = Int32.max - 1
        // Budgets are read in place through the buffer (a SiteBudget is ~700 bytes).
        budgets.withUnsafeBufferPointer { budget in
            classRangeSquared.withUnsafeBufferPointer { classRangeSquared in
                clutter.blockSquares.withUnsafeBufferPointer { blockSquares in
                    clutter.classOfSquare.withUnsafeBufferPointer { classOfSquare in
                        grid.cellIndex.withUnsafeBufferPointer { cellIndex in
                            forEachRowSpan(within: range, of: position, spec: spec) { row, north, columns in
                                let base = row * spec.columns
                                // 1. The row's cells in column order: coarse ones decided now (once per
                                //    block), the others pending.
                                var count = 0
                                let innerColumns = columnSpan(
                                    within: innerRange, northMeters: north, of: position, spec: spec)
                                presence.forEachRange(row: row, columns: columns, inner: innerColumns, wanted: farthest)
                                {
                                    span in
                                    for column in span {
                                        let id = cellIndex[base + column]
                                        let k = Int(classOfSquare[base + column])
                                        if blockSquares[k] > 1 {
                                            if id < 0 { continue }
                                            ids[count] = id
                                            entries[count] = blocks.value(
                                                column: column, row: row, classIndex: k, of: budget[k],
                                                clutter: clutter,
                                                site: position, rangeSquared: classRangeSquared[k],
                                                txPowerDBm: txPowerPerREDBm, evaluations: &evaluations,
                                                counters: &counters)
                                            count += 1
                                            continue
                                        }
                                        // Without a branch (cells beyond a class's radius come and go
                                        // along a row): written, and kept only for a demand cell within
                                        // its class's search radius.
                                        let offset = spec.originX + (Double(column) + 0.5) * cell - position.x
                                        let within = offset * offset + north * north <= classRangeSquared[k] ? 1 : 0
                                        let kept = within & Int(truncatingIfNeeded: ~(id >> 31) & 1)
                                        ids[count] = id
                                        east[count] = offset
                                        classes[count] = k
                                        entries[count] = pending
                                        count &+= kept
                                        evaluations &+= kept
                                    }
                                }
                                // 2. Runs of pending cells of one class through its kernel, then the entry rule.
                                scratch.decidePending(
                                    pending, count: count, budgets: budget, northMeters: north,
                                    txPowerDBm: txPowerPerREDBm, counters: &counters)
                                // 3. The covered cells, in column order.
                                scratch.appendCovered(count: count, cells: &cells, rsrp: &rsrp)
                            }
                        }
                    }
                }
            }
        }
        return evaluations
    }

    /// The classes reaching furthest (their `ClassPresence` bits), and the radius (widened by
    /// `offset`, how far a prediction point can lie from a cell centre, and by a hair for rounding)
    /// within which the others can be covered (0: none).
    static func classReach(of budgets: [SiteBudget], largest: Double, offset: Double) -> (
        farthest: UInt64, innerRange: Double
    ) {
        var farthest: UInt64 = 0
        var inner = 0.0
        for (k, budget) in budgets.enumerated() {
            if budget.evaluator.maxRangeMeters >= largest {
                farthest |= ClassPresence.bit(k)
            } else {
                inner = max(inner, budget.evaluator.maxRangeMeters)
            }
        }
        return (farthest, inner > 0 ? (inner + offset) * (1 + 1e-9) + 1e-6 : 0)
    }

    /// The columns of the grid row `northMeters` from `position` whose centres lie within `range`
    /// (not clipped to the grid), or nil.
    @inline(__always)
    static func columnSpan(within range: Double, northMeters north: Double, of position: Coordinate, spec: GridSpec)
        -> ClosedRange<Int>?
    {
        guard range > abs(north) else { return nil }
        let cell = spec.cellMeters
        let halfWidth = (range * range - north * north).squareRoot()
        let first = Int(((position.x - halfWidth - spec.originX) / cell - 0.5).rounded(.up))
        let last = Int(((position.x + halfWidth - spec.originX) / cell - 0.5).rounded(.down))
        return first <= last ? first...last : nil
    }
}

extension RowScratch {
    /// Decides the row's cells `0 ..< count` whose entry is `pending`: each run of them of one class
    /// through its budget's kernel in one call, then through `SiteBudget.entry`.
    @inline(__always)
    func decidePending(
        _ pending: Int32, count: Int, budgets: UnsafeBufferPointer<SiteBudget>, northMeters north: Double,
        txPowerDBm: Double, counters: inout LinkCounters
    ) {
        var first = 0
        while first < count {
            if entries[first] != pending {
                first += 1
                continue
            }
            let k = classes[first]
            var end = first + 1
            while end < count && entries[end] == pending && classes[end] == k { end += 1 }
            couplingLosses(of: budgets[k], northMeters: north, from: first, to: end)
            for j in first..<end {
                entries[j] = budgets[k].entry(
                    fastCouplingLossDB: loss[j], eastMeters: east[j], northMeters: north, txPowerDBm: txPowerDBm,
                    counters: &counters)
            }
            first = end
        }
    }
}

/// The predictions one site has made on coarse blocks (classes with `ClutterClass.predictionCellMeters`),
/// so that each block is evaluated once: for every coarse class, a flat array over the blocks that
/// meet the site's search square (a few hundred entries), reused from site to site.
struct PredictionBlockCache {
    /// A block not evaluated yet.
    static let unknown = Int32.max
    /// Per block: `unknown`, `CoverageMatrixBuilder.notCovered`, or the quantised RSRP.
    var values: [Int32] = []
    /// Per class index: the block side in squares (1 = not coarse).
    private var side: [Int] = []
    /// Per class index: the first block row and column of the window, its width in blocks and its
    /// first slot in `values`.
    private var windows: [(row: Int, column: Int, columns: Int, offset: Int)] = []

    /// Empties the cache for a site at `position` whose cells lie within `range` (the search
    /// square is the grid rows and columns `forEachRowSpan` can visit).
    mutating func reset(for clutter: ClutterRaster, within range: Double, of position: Coordinate) {
        side = clutter.blockSquares
        windows.removeAll(keepingCapacity: true)
        values.removeAll(keepingCapacity: true)
        let spec = clutter.spec
        let cell = spec.cellMeters
        let firstRow = max(0, Int(((position.y - range - spec.originY) / cell - 0.5).rounded(.up)))
        let lastRow = min(spec.rows - 1, Int(((position.y + range - spec.originY) / cell - 0.5).rounded(.down)))
        let firstColumn = max(0, Int(((position.x - range - spec.originX) / cell - 0.5).rounded(.up)))
        let lastColumn = min(spec.columns - 1, Int(((position.x + range - spec.originX) / cell - 0.5).rounded(.down)))
        for f in side {
            guard f > 1, firstRow <= lastRow, firstColumn <= lastColumn else {
                windows.append((0, 0, 0, 0))
                continue
            }
            let rows = lastRow / f - firstRow / f + 1
            let columns = lastColumn / f - firstColumn / f + 1
            windows.append((firstRow / f, firstColumn / f, columns, values.count))
            values.append(contentsOf: repeatElement(Self.unknown, count: rows * columns))
        }
    }

    /// The entry of the block holding grid square (`column`, `row`) for coarse class `k`: from the
    /// cache, or evaluated now at the block's prediction point (`ClutterRaster.predictionPoint`) with
    /// the class's budget and cached; `notCovered` beyond the class's search radius.
    @inline(__always)
    mutating func value(
        column: Int, row: Int, classIndex k: Int, of budget: SiteBudget, clutter: ClutterRaster, site: Coordinate,
        rangeSquared: Double, txPowerDBm: Double, evaluations: inout Int, counters: inout LinkCounters
    ) -> Int32 {
        let index = slot(column: column, row: row, classIndex: k)
        if values[index] != Self.unknown { return values[index] }
        let point = clutter.predictionPoint(column: column, row: row, classIndex: k)
        let east = point.x - site.x
        let north = point.y - site.y
        var value = CoverageMatrixBuilder.notCovered
        if east * east + north * north <= rangeSquared {
            evaluations += 1
            value = budget.entry(eastMeters: east, northMeters: north, txPowerDBm: txPowerDBm, counters: &counters)
        }
        values[index] = value
        return value
    }

    /// The slot in `values` of the block holding grid square (`column`, `row`) for coarse class `k`.
    @inline(__always) func slot(column: Int, row: Int, classIndex k: Int) -> Int {
        let f = side[k]
        let window = windows[k]
        return window.offset + (row / f - window.row) * window.columns + (column / f - window.column)
    }
}
