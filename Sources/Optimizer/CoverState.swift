/// A set of chosen columns with incremental per-row cover counts, the basis of greedy, local search
/// and branch and bound.
///
/// Per row it keeps the number of chosen (or fixed) columns covering it and the XOR of their ids:
/// when the count is 1 the XOR *is* the sole covering column, so "which column is critical for this
/// row" costs no extra memory. Per column it keeps `criticalWeight` (weight of rows it alone covers)
/// and `criticalMust` (must rows it alone covers): the loss if it were removed.
///
/// With packing constraints (`ColumnPacking`) it also keeps, per location, how many chosen or fixed
/// columns block it (sit at a conflicting location) and the XOR of their ids — the sole blocker when
/// the count is 1 — and the chosen column at each location. A column may be added only when its
/// location is unblocked (`canAdd`).
///
/// Invariants (`checkInvariants()`, CoverState+Invariants.swift: asserted in debug builds, checked after
/// every solver phase by the tests): counts, XORs, covered weight, cost and
/// critical figures equal a recomputation from `chosen` + fixed columns; block counts likewise, and no
/// two chosen (or chosen and fixed) columns conflict.
///
/// - Complexity: `add`/`remove` are O(rows of the column + conflicts of its location); memory
///   O(rows + columns + locations).
struct CoverState {
    let problem: CoverProblem
    /// Per row: chosen or fixed columns covering it.
    private(set) var count: [Int32]
    /// Per row: XOR of the ids of those columns.
    private(set) var soleXor: [UInt32]
    /// Per column: 1 when chosen (fixed columns are not "chosen").
    private(set) var isChosen: [UInt8]
    /// The chosen new columns (unordered); `position[j]` is j's index here.
    private(set) var chosen: [Int] = []
    private(set) var position: [Int32]
    /// Weight of covered rows (fixed coverage included).
    private(set) var coveredWeight: Double = 0
    /// Covered must rows.
    private(set) var coveredMust: Int = 0
    /// Covered rows.
    private(set) var coveredRows: Int = 0
    /// Cost of the chosen new columns.
    private(set) var cost: Double = 0
    /// Per column: weight of rows covered by this column only.
    private(set) var criticalWeight: [Double]
    /// Per column: must rows covered by this column only.
    private(set) var criticalMust: [Int32]
    /// Per location (packing only): chosen or fixed columns at a conflicting location.
    private(set) var blocked: [Int32] = []
    /// Per location (packing only): XOR of those columns' ids.
    private(set) var blockXor: [UInt32] = []
    /// Per location (packing only): the chosen column there, −1 when none.
    private(set) var chosenAt: [Int32] = []

    /// The state with only the fixed columns on.
    init(problem: CoverProblem) {
        self.problem = problem
        let inst = problem.instance
        count = [Int32](repeating: 0, count: inst.rowCount)
        soleXor = [UInt32](repeating: 0, count: inst.rowCount)
        isChosen = [UInt8](repeating: 0, count: inst.columnCount)
        position = [Int32](repeating: -1, count: inst.columnCount)
        criticalWeight = [Double](repeating: 0, count: inst.columnCount)
        criticalMust = [Int32](repeating: 0, count: inst.columnCount)
        if let packing = problem.packing {
            blocked = [Int32](repeating: 0, count: packing.locationCount)
            blockXor = [UInt32](repeating: 0, count: packing.locationCount)
            chosenAt = [Int32](repeating: -1, count: packing.locationCount)
        }
        for j in inst.fixedColumns {
            toggleRows(of: j, adding: true)
            toggleBlocks(of: j, adding: true)
        }
    }

    /// The state with the fixed columns and `columns` on; a column that conflicts with one already
    /// on (packing) is skipped, so the caller checks feasibility.
    init(problem: CoverProblem, columns: [Int]) {
        self.init(problem: problem)
        for j in columns where isChosen[j] == 0 && problem.isFixed[j] == 0 && canAdd(j) { add(j) }
    }

    /// Whether column `j` can be turned on without breaking a packing constraint (its location is
    /// not blocked by a chosen or fixed column). Always true without packing.
    @inline(__always) func canAdd(_ j: Int) -> Bool {
        guard let packing = problem.packing else { return true }
        let l = Int(packing.locationOfColumn[j])
        return l < 0 || blocked[l] == 0
    }

    /// How many chosen or fixed columns block column `j`'s location (0 without packing).
    @inline(__always) func blockerCount(of j: Int) -> Int {
        guard let packing = problem.packing else { return 0 }
        let l = Int(packing.locationOfColumn[j])
        return l < 0 ? 0 : Int(blocked[l])
    }

    /// The sole blocker of column `j` (meaningful only when `blockerCount(of: j) == 1`).
    @inline(__always) func soleBlocker(of j: Int) -> Int {
        guard let packing = problem.packing else { return -1 }
        return Int(blockXor[Int(packing.locationOfColumn[j])])
    }

    /// The chosen columns blocking column `j` (ascending), found through the conflicting locations.
    ///
    /// - Complexity: O(conflicts of j's location).
    func chosenBlockers(of j: Int) -> [Int] {
        guard let packing = problem.packing, packing.locationOfColumn[j] >= 0 else { return [] }
        var result: [Int] = []
        packing.forEachConflict(ofLocation: Int(packing.locationOfColumn[j])) { l in
            let k = Int(chosenAt[l])
            if k >= 0 && k != j { result.append(k) }
        }
        return result.sorted()
    }

    var chosenCount: Int { chosen.count }
    var allMustCovered: Bool { coveredMust == problem.mustCount }

    /// Min-cost feasibility: every must row covered and the weight target met.
    var isFeasibleMinCost: Bool {
        coveredMust == problem.mustCount && coveredWeight >= problem.targetWeight
    }

    /// Turns column `j` on. Precondition: not chosen, not fixed.
    mutating func add(_ j: Int) {
        assert(isChosen[j] == 0 && problem.isFixed[j] == 0)
        assert(canAdd(j), "column \(j) conflicts with a chosen or fixed column")
        isChosen[j] = 1
        position[j] = Int32(chosen.count)
        chosen.append(j)
        cost += problem.instance.costs[j]
        toggleRows(of: j, adding: true)
        toggleBlocks(of: j, adding: true)
    }

    /// Turns column `j` off. Precondition: chosen.
    mutating func remove(_ j: Int) {
        assert(isChosen[j] == 1)
        isChosen[j] = 0
        let p = Int(position[j])
        let last = chosen.removeLast()
        if last != j {
            chosen[p] = last
            position[last] = Int32(p)
        }
        position[j] = -1
        cost -= problem.instance.costs[j]
        toggleRows(of: j, adding: false)
        toggleBlocks(of: j, adding: false)
    }

    /// Updates the block counts of the locations conflicting with column `j`'s (packing only).
    private mutating func toggleBlocks(of j: Int, adding: Bool) {
        guard let packing = problem.packing else { return }
        let location = Int(packing.locationOfColumn[j])
        guard location >= 0 else { return }
        let id = UInt32(truncatingIfNeeded: j)
        if problem.isFixed[j] == 0 { chosenAt[location] = adding ? Int32(j) : -1 }
        let delta: Int32 = adding ? 1 : -1
        blocked.withUnsafeMutableBufferPointer { counts in
            blockXor.withUnsafeMutableBufferPointer { xor in
                packing.forEachConflict(ofLocation: location) { l in
                    counts[l] += delta
                    xor[l] ^= id
                }
            }
        }
    }

    /// Weight of the currently uncovered rows column `j` would cover (its marginal gain).
    ///
    /// - Complexity: O(rows of `j`).
    func gain(of j: Int) -> Double {
        let inst = problem.instance
        var total = 0.0
        inst.columnRows.withUnsafeBufferPointer { rows in
            count.withUnsafeBufferPointer { counts in
                inst.weights.withUnsafeBufferPointer { w in
                    for k in inst.columnStarts[j]..<inst.columnStarts[j + 1] {
                        let i = Int(rows[k])
                        if counts[i] == 0 { total += w[i] }
                    }
                }
            }
        }
        return total
    }

    /// Uncovered rows and uncovered must rows column `j` would cover.
    func newRows(of j: Int) -> (rows: Int, must: Int) {
        let inst = problem.instance
        var rowsNew = 0
        var mustNew = 0
        for k in inst.columnStarts[j]..<inst.columnStarts[j + 1] {
            let i = Int(inst.columnRows[k])
            if count[i] == 0 {
                rowsNew += 1
                mustNew += Int(problem.isMust[i])
            }
        }
        return (rowsNew, mustNew)
    }

    /// Whether removing `j` keeps a min-cost solution feasible.
    func canDropMinCost(_ j: Int) -> Bool {
        criticalMust[j] == 0 && coveredWeight - criticalWeight[j] >= problem.targetWeight
    }

    /// The sole covering column of row `i` (meaningful only when `count[i] == 1`).
    @inline(__always) func soleCoverer(ofRow i: Int) -> Int { Int(soleXor[i]) }

    /// Chosen columns, ascending.
    var sortedChosen: [Int] { chosen.sorted() }

    private mutating func toggleRows(of j: Int, adding: Bool) {
        let inst = problem.instance
        let id = UInt32(truncatingIfNeeded: j)
        var weightDelta = 0.0
        var mustDelta = 0
        var rowsDelta = 0
        inst.columnRows.withUnsafeBufferPointer { rows in
            inst.weights.withUnsafeBufferPointer { w in
                problem.isMust.withUnsafeBufferPointer { must in
                    count.withUnsafeMutableBufferPointer { counts in
                        soleXor.withUnsafeMutableBufferPointer { xor in
                            criticalWeight.withUnsafeMutableBufferPointer { critW in
                                criticalMust.withUnsafeMutableBufferPointer { critM in
                                    for k in inst.columnStarts[j]..<inst.columnStarts[j + 1] {
                                        let i = Int(rows[k])
                                        let c = counts[i]
                                        let wi = w[i]
                                        let mi = Int32(must[i])
                                        if adding {
                                            if c == 0 {
                                                weightDelta += wi
                                                mustDelta += Int(mi)
                                                rowsDelta += 1
                                                critW[j] += wi
                                                critM[j] += mi
                                            } else if c == 1 {
                                                let s = Int(xor[i])
                                                critW[s] -= wi
                                                critM[s] -= mi
                                            }
                                            counts[i] = c + 1
                                            xor[i] ^= id
                                        } else {
                                            xor[i] ^= id
                                            if c == 1 {
                                                weightDelta -= wi
                                                mustDelta -= Int(mi)
                                                rowsDelta -= 1
                                                critW[j] -= wi
                                                critM[j] -= mi
                                            } else if c == 2 {
                                                let s = Int(xor[i])
                                                critW[s] += wi
                                                critM[s] += mi
                                            }
                                            counts[i] = c - 1
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        coveredWeight += weightDelta
        coveredMust += mustDelta
        coveredRows += rowsDelta
        if !adding && chosen.isEmpty { cost = 0 }
    }

    /// Recomputes covered weight exactly (removes floating drift after many moves).
    mutating func recomputeCoveredWeight() {
        let inst = problem.instance
        var total = 0.0
        for i in 0..<inst.rowCount where count[i] > 0 { total += inst.weights[i] }
        coveredWeight = total
        var c = 0.0
        for j in chosen.sorted() { c += inst.costs[j] }
        cost = c
    }
}
