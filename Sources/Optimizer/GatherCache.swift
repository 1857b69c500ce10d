import Support

/// What `TouchedColumns.gather` found per candidate column, kept from one local-search pass to the
/// next (and from one local search to the next on the same instance) while nothing it read changed.
///
/// `gather(adding: k, to: state)` reads, per row `i` of `k`, only the row's **class**: uncovered,
/// covered once by a free column `j` (the XOR bookkeeping of `CoverState` names it), or anything
/// else (covered twice or more, or once by a fixed column) — plus the instance's weights, must
/// rows and fixed columns, which do not change. So while no row of `k` changed class, its gain and
/// touched columns (with their shared weight and must rows, in first-touch order, summed in the
/// same order) are what a new gather would give, bit for bit. A pass applies a few moves, which
/// change the class of the rows of the few columns they add or drop; most candidates keep theirs.
///
/// `refresh(state)` (at the start of a pass) compares every row's class with the one recorded at
/// the previous refresh and drops the entries of the columns covering a changed row; the pass then
/// reads the kept entries and stores the new ones (`gather`, safe from parallel chunks: each column
/// writes only its own entry). A column touching more than `capacity` columns is not kept.
///
/// The cache belongs to one instance (the rows' classes and the fixed columns are the instance's);
/// a `CoverProblem` with another objective on the same instance (`SlackExchange`'s max-coverage
/// rounds) reads the same classes, so it may share the cache.
///
/// - Complexity: `refresh` O(rows), plus O(nonzeros) (a byte per entry, in parallel) when a row
///   changed; memory O(rows + capacity × columns).
final class GatherCache: @unchecked Sendable {
    /// Touched columns kept per candidate (most candidates touch a few).
    static let capacity = 8
    /// Row class before the first refresh (matches no real class: everything starts stale).
    private static let unknownClass: Int32 = -3

    let rowCount: Int
    let columnCount: Int
    /// Per row, its class at the last refresh: −1 uncovered, −2 covered otherwise than once by a
    /// free column, else the id of that sole free coverer.
    private let rowClass: UnsafeMutableBufferPointer<Int32>
    /// Per row, 1 when its class changed at the last refresh.
    private let changed: UnsafeMutableBufferPointer<UInt8>
    /// Per column: 1 when its entry holds what a gather on the current classes gives.
    private let valid: UnsafeMutableBufferPointer<UInt8>
    private let gain: UnsafeMutableBufferPointer<Double>
    private let touchedCount: UnsafeMutableBufferPointer<UInt8>
    /// Per column `capacity` slots: the touched columns, their shared weight and must rows.
    private let touchedColumn: UnsafeMutableBufferPointer<Int32>
    private let touchedWeight: UnsafeMutableBufferPointer<Double>
    private let touchedMust: UnsafeMutableBufferPointer<Int32>

    init(instance: CoveringInstance) {
        rowCount = instance.rowCount
        columnCount = instance.columnCount
        rowClass = .allocate(capacity: rowCount)
        rowClass.initialize(repeating: Self.unknownClass)
        changed = .allocate(capacity: rowCount)
        changed.initialize(repeating: 0)
        valid = .allocate(capacity: columnCount)
        valid.initialize(repeating: 0)
        gain = .allocate(capacity: columnCount)
        gain.initialize(repeating: 0)
        touchedCount = .allocate(capacity: columnCount)
        touchedCount.initialize(repeating: 0)
        touchedColumn = .allocate(capacity: columnCount * Self.capacity)
        touchedColumn.initialize(repeating: -1)
        touchedWeight = .allocate(capacity: columnCount * Self.capacity)
        touchedWeight.initialize(repeating: 0)
        touchedMust = .allocate(capacity: columnCount * Self.capacity)
        touchedMust.initialize(repeating: 0)
    }

    deinit {
        for buffer in [rowClass, touchedColumn, touchedMust] as [UnsafeMutableBufferPointer<Int32>] {
            buffer.deallocate()
        }
        for buffer in [changed, valid, touchedCount] as [UnsafeMutableBufferPointer<UInt8>] { buffer.deallocate() }
        for buffer in [gain, touchedWeight] as [UnsafeMutableBufferPointer<Double>] { buffer.deallocate() }
    }

    /// Brings the cache to `state`: records every row's class and drops the entries of the columns
    /// covering a row whose class changed. Call it before a pass reads `gather` on `state`.
    func refresh(_ state: CoverState, parallel: Parallel) {
        let problem = state.problem
        let inst = problem.instance
        precondition(inst.rowCount == rowCount && inst.columnCount == columnCount, "cache of another instance")
        var anyChanged = false
        state.count.withUnsafeBufferPointer { count in
            state.soleXor.withUnsafeBufferPointer { sole in
                problem.isFixed.withUnsafeBufferPointer { fixed in
                    for i in 0..<rowCount {
                        let c = count[i]
                        let s = Int(sole[i])
                        let now: Int32 = c == 0 ? -1 : (c == 1 && fixed[s] == 0 ? Int32(s) : -2)
                        let differs = now != rowClass[i]
                        changed[i] = differs ? 1 : 0
                        rowClass[i] = now
                        anyChanged = anyChanged || differs
                    }
                }
            }
        }
        guard anyChanged else { return }
        let chunks = Parallel.chunks(count: columnCount, minimumChunk: 256)
        inst.columnRows.withUnsafeBufferPointer { rows in
            inst.columnStarts.withUnsafeBufferPointer { starts in
                let box = UncheckedBox((rows, starts, changed, valid))
                parallel.forEach(chunks, work: inst.nonzeroCount) { range in
                    let (rows, starts, changed, valid) = box.value
                    for k in range where valid[k] == 1 {
                        var hit: UInt8 = 0
                        for p in starts[k]..<starts[k + 1] { hit |= changed[Int(rows[p])] }
                        if hit != 0 { valid[k] = 0 }
                    }
                }
            }
        }
    }

    /// `touched.gather(adding: k, to: state)` — read from the cache when `k`'s entry is current,
    /// else gathered and kept. `state` must be the state of the last `refresh`.
    func gather(adding k: Int, to state: CoverState, into touched: inout TouchedColumns) -> Double {
        let base = k * Self.capacity
        if valid[k] == 1 {
            let slots = base..<(base + Int(touchedCount[k]))
            touched.load(
                columns: UnsafeBufferPointer(rebasing: touchedColumn[slots]),
                weights: UnsafeBufferPointer(rebasing: touchedWeight[slots]),
                musts: UnsafeBufferPointer(rebasing: touchedMust[slots]))
            return gain[k]
        }
        let result = touched.gather(adding: k, to: state)
        guard touched.count <= Self.capacity else { return result }
        for t in 0..<touched.count {
            touchedColumn[base + t] = Int32(touched.columns[t])
            touchedWeight[base + t] = touched.weight[t]
            touchedMust[base + t] = touched.must[t]
        }
        touchedCount[k] = UInt8(touched.count)
        gain[k] = result
        valid[k] = 1
        return result
    }
}
