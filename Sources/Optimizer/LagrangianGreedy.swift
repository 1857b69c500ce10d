/// The Lagrangian-cost greedy of Caprara, Fischetti & Toth (1999), used inside the subgradient
/// loop to turn multipliers into covers (Beasley 1990 uses the same idea with plain reduced costs).
///
/// With `R` the rows still uncovered, each free column scores
/// `γ_j = c_j − Σ_{i ∈ j ∩ R} u_i`, `μ_j = Σ_{i ∈ j ∩ R} v_i` (v = 1 for set cover, the row weight
/// — plus the mean weight for must rows — for partial cover), and
/// `σ_j = γ_j / μ_j` when `γ_j > 0`, `σ_j = γ_j · μ_j` otherwise; the column of least `σ` is taken
/// until every must row is covered and the weight target is met. Once the target is met, only the
/// must rows still open count in `γ` and `μ`: the other rows are worth nothing more, and scoring
/// them kept the greedy buying coverage nobody needs while one must row waited (on a
/// population-weighted grid, 814 picks instead of 362 at `u = 0`; on the Guangzhou-sized city the
/// covers at the bound's multipliers cost twice the incumbent). Covering a row, and that switch,
/// only raise `σ` (γ grows by u_i ≥ 0, μ shrinks), so stale scores are lower bounds and the CELF
/// lazy evaluation applies. Redundant columns are then removed in decreasing cost. With packing
/// constraints a column whose location is blocked by an earlier pick is skipped for good (blocks
/// only grow during a run); columns conflicting with the fixed ones are already not free.
///
/// - Complexity: O(nnz + n log n) per run; scratch reused between runs.
struct LagrangianGreedy {
    private var uncovered: [UInt8] = []
    private var count: [Int32] = []
    private var keys: [Double] = []
    private var ids: [Int32] = []
    /// Matrix entries visited by the last run (the work measure of the deterministic budget).
    private(set) var lastVisits = 0
    /// Packing scratch: per location, picks of this run at a conflicting location; and the locations touched.
    private var blocked: [Int32] = []
    private var blockedTouched: [Int32] = []
    /// Redundancy scratch: 1 for the columns of the current run's cover that were dropped.
    private var dropped: [UInt8] = []

    /// A cover of the active rows: local columns in selection order (after redundancy removal) and their cost.
    struct Cover {
        var columns: [Int32]
        var cost: Double
    }

    /// Runs the greedy for the multipliers `lag.u` on the active part of `lag`'s core.
    ///
    /// - Parameter perturbation: optional per-column cost factors (≈ 1) for diversified restarts.
    /// - Returns: `nil` when the free columns cannot meet the requirements.
    mutating func run(_ lag: MinCostLagrangian, perturbation: [Double]? = nil, columns candidateList: [Int32]? = nil)
        -> Cover?
    {
        let core = lag.core
        var (mustLeft, weightLeft) = prepare(lag)
        var order: [Int32] = []
        let found: Bool = lag.u.withUnsafeBufferPointer { u in
            uncovered.withUnsafeMutableBufferPointer { open in
                lag.rowValue.withUnsafeBufferPointer { value in
                    core.columnRows.withUnsafeBufferPointer { rows in
                        core.columnStarts.withUnsafeBufferPointer { starts in
                            core.costs.withUnsafeBufferPointer { costs in
                                core.isMust.withUnsafeBufferPointer { must in
                                    var pass = Pass(
                                        u: u, open: open, value: value, rows: rows, starts: starts, costs: costs,
                                        perturbation: perturbation, must: must)
                                    Self.score(&pass, lag: lag, candidates: candidateList, keys: &keys, ids: &ids)
                                    var heap = PriorityHeap(keys: keys, ids: ids)
                                    let met = Self.select(
                                        &pass, heap: &heap, core: core, blocked: &blocked,
                                        blockedTouched: &blockedTouched, order: &order, mustLeft: &mustLeft,
                                        weightLeft: &weightLeft)
                                    lastVisits = pass.visits
                                    return met
                                }
                            }
                        }
                    }
                }
            }
        }
        guard found else { return nil }
        return removeRedundant(order, lag)
    }

    /// Resets the scratch for a run on `lag`: the row values (once per core), the open rows, the
    /// packing blocks. Returns the must rows and the weight still to cover.
    private mutating func prepare(_ lag: MinCostLagrangian) -> (mustLeft: Int, weightLeft: Double) {
        let core = lag.core
        let m = core.rowCount
        uncovered = lag.rowActive
        var mustLeft = 0
        for i in 0..<m where uncovered[i] == 1 && core.isMust[i] == 1 { mustLeft += 1 }
        if let packing = core.packing, blocked.count != packing.locationCount {
            blocked = [Int32](repeating: 0, count: packing.locationCount)
        }
        for l in blockedTouched { blocked[Int(l)] = 0 }
        blockedTouched.removeAll(keepingCapacity: true)
        keys.removeAll(keepingCapacity: true)
        ids.removeAll(keepingCapacity: true)
        return (mustLeft, lag.remainingTarget)
    }

    /// The buffers of one run and the entries it visited.
    private struct Pass {
        let u: UnsafeBufferPointer<Double>
        let open: UnsafeMutableBufferPointer<UInt8>
        let value: UnsafeBufferPointer<Double>
        let rows: UnsafeBufferPointer<UInt32>
        let starts: UnsafeBufferPointer<Int>
        let costs: UnsafeBufferPointer<Double>
        let perturbation: [Double]?
        let must: UnsafeBufferPointer<UInt8>
        /// Set once the weight target is met: only the must rows still open count from then on.
        var onlyMust = false
        var visits = 0

        /// σ_j of column `j` on the open rows, or nil when it covers none of them.
        @inline(__always) mutating func score(_ j: Int) -> Double? {
            visits += starts[j + 1] - starts[j]
            var gamma = costs[j]
            if let perturbation { gamma *= perturbation[j] }
            var mu = 0.0
            for k in starts[j]..<starts[j + 1] {
                let i = Int(rows[k])
                if open[i] == 1 && (!onlyMust || must[i] == 1) {
                    gamma -= u[i]
                    mu += value[i]
                }
            }
            guard mu > 0 else { return nil }
            return gamma > 0 ? gamma / mu : gamma * mu
        }
    }

    /// The first scores of the free columns (of `candidates`, else all), into `keys` and `ids`.
    ///
    /// Every row still to cover is open then, so `γ_j` is `c̃_j` — summed in the same order over
    /// the same rows when the inactive rows' multipliers are +0, as `fix` leaves them — and `μ_j`
    /// is `columnValue[j]`: with both current (`MinCostLagrangian.evaluated`) the scores are read,
    /// bit for bit what summing gives, instead of summed (a column whose reduced cost was not
    /// priced, +∞, is summed). The visits are counted as summed: the work budget is unchanged.
    private static func score(
        _ pass: inout Pass, lag: MinCostLagrangian, candidates: [Int32]?, keys: inout [Double], ids: inout [Int32]
    ) {
        let known =
            pass.perturbation == nil && lag.reducedIsCurrent && lag.columnValueIsCurrent
            && Self.inactiveMultipliersAreZero(lag)
        func add(_ j: Int) {
            let s: Double?
            if known && lag.reduced[j].isFinite {
                pass.visits += pass.starts[j + 1] - pass.starts[j]
                let (gamma, mu) = (lag.reduced[j], lag.columnValue[j])
                s = mu > 0 ? (gamma > 0 ? gamma / mu : gamma * mu) : nil
            } else {
                s = pass.score(j)
            }
            if let s {
                keys.append(s)
                ids.append(Int32(j))
            }
        }
        if let candidates {
            for j32 in candidates where lag.columnFree[Int(j32)] == 1 { add(Int(j32)) }
        } else {
            for j in 0..<lag.core.columnCount where lag.columnFree[j] == 1 { add(j) }
        }
    }

    /// Whether every inactive row's multiplier is +0 (bit pattern 0), so that the reduced costs,
    /// summed over all rows of a column, equal sums over its active rows bit for bit.
    static func inactiveMultipliersAreZero(_ lag: MinCostLagrangian) -> Bool {
        for i in 0..<lag.core.rowCount where lag.rowActive[i] == 0 && lag.u[i].bitPattern != 0 { return false }
        return true
    }

    /// The lazy selection: takes the column of least (re-scored) σ until the must rows and the
    /// weight target are covered, skipping blocked ones. Returns whether the requirements were met.
    private static func select(
        _ pass: inout Pass, heap: inout PriorityHeap, core: CoreMatrix, blocked: inout [Int32],
        blockedTouched: inout [Int32], order: inout [Int32], mustLeft: inout Int, weightLeft: inout Double
    ) -> Bool {
        let packing = core.packing
        while mustLeft > 0 || weightLeft > 0, let top = heap.top {
            let j = top.id
            let location = packing == nil ? -1 : Int(core.columnLocation[j])
            if location >= 0 && blocked[location] > 0 {
                heap.pop()
                continue
            }
            guard let s = pass.score(j) else {
                heap.pop()
                continue
            }
            if s > top.key {
                heap.replaceTop(s)
                if heap.top?.id != j { continue }
            }
            heap.pop()
            order.append(Int32(j))
            if let packing, location >= 0 {
                packing.forEachConflict(ofLocation: location) { l in
                    if blocked[l] == 0 { blockedTouched.append(Int32(l)) }
                    blocked[l] += 1
                }
            }
            for k in pass.starts[j]..<pass.starts[j + 1] {
                let i = Int(pass.rows[k])
                if pass.open[i] == 1 {
                    pass.open[i] = 0
                    weightLeft -= core.weights[i]
                    if core.isMust[i] == 1 { mustLeft -= 1 }
                }
            }
            if weightLeft <= 0 { pass.onlyMust = true }
        }
        return mustLeft == 0 && weightLeft <= 0
    }

    /// Drops columns (highest cost first) whose rows stay covered / whose loss keeps the target.
    private mutating func removeRedundant(_ order: [Int32], _ lag: MinCostLagrangian) -> Cover {
        let core = lag.core
        if count.count != core.rowCount { count = [Int32](repeating: 0, count: core.rowCount) }
        var covered = 0.0
        for j32 in order {
            let j = Int(j32)
            for k in core.columnStarts[j]..<core.columnStarts[j + 1] {
                let i = Int(core.columnRows[k])
                if lag.rowActive[i] == 1 {
                    if count[i] == 0 { covered += core.weights[i] }
                    count[i] += 1
                }
            }
        }
        var slack = covered - lag.remainingTarget
        let byCost = order.sorted {
            core.costs[Int($0)] > core.costs[Int($1)] || (core.costs[Int($0)] == core.costs[Int($1)] && $0 > $1)
        }
        if dropped.count != core.columnCount { dropped = [UInt8](repeating: 0, count: core.columnCount) }
        for j32 in byCost {
            let j = Int(j32)
            var loss = 0.0
            var mustLost = false
            for k in core.columnStarts[j]..<core.columnStarts[j + 1] {
                let i = Int(core.columnRows[k])
                if lag.rowActive[i] == 1 && count[i] == 1 {
                    loss += core.weights[i]
                    if core.isMust[i] == 1 {
                        mustLost = true
                        break
                    }
                }
            }
            if !mustLost && loss <= slack {
                slack -= loss
                dropped[j] = 1
                for k in core.columnStarts[j]..<core.columnStarts[j + 1] {
                    let i = Int(core.columnRows[k])
                    if lag.rowActive[i] == 1 { count[i] -= 1 }
                }
            }
        }
        var kept: [Int32] = []
        var cost = 0.0
        for j32 in order where dropped[Int(j32)] == 0 {
            kept.append(j32)
            cost += core.costs[Int(j32)]
        }
        for j32 in order {
            let j = Int(j32)
            dropped[j] = 0
            for k in core.columnStarts[j]..<core.columnStarts[j + 1] { count[Int(core.columnRows[k])] = 0 }
        }
        return Cover(columns: kept, cost: cost)
    }
}
