import Support

/// The Lagrangian relaxation of the demand constraints of `FacilityLocationInstance` (Beasley
/// 1988, EJOR 33, 314–325; compared with the other relaxations by Cornuéjols, Sridharan & Thizy
/// 1991, EJOR 50, 280–297): for free multipliers `λ_i`,
///
///     L(λ) = Σ_i λ_i + min { Σ_j v_j(λ) y_j : Σ_j s̄_j y_j ≥ D, y_O = 1, y ∈ {0,1} },
///     v_j(λ) = f_j − g_j(λ),   g_j(λ) = max { Σ_i (λ_i − c_ij) x_ij : Σ_i d_i x_ij ≤ s̄_j, x_ij ∈ [0,1] }
///
/// (`x_ij ∈ {0,1}` for the single-source rules, which makes the bound stronger), `f_j = 0` for
/// always-open facilities, `s̄_j = min(s_j, D)`.
///
/// Validity: for an optimal `(x*, y*)`, `Σ_j x*_ij = 1`, so
/// `OPT = Σ f_j y*_j + Σ c_ij x*_ij = Σ_i λ_i + Σ_j (f_j y*_j + Σ_i (c_ij − λ_i) x*_ij)`; each
/// facility's bracket is ≥ `v_j y*_j` because `x*_·j` is feasible for its knapsack when open and 0
/// when closed, and `y*` satisfies the aggregate capacity, so `OPT ≥ L(λ)`. When a knapsack is cut
/// short by its node limit its continuous bound stands in for `g_j`, and when the facility
/// knapsack is, its continuous bound stands in for the minimum: both only lower `L`, so it stays
/// valid. The bound never exceeds the optimum of the rule solved, since each rule restricts `x`
/// further (`split` ⊇ `singleSource` ⊇ `bestServer`).
///
/// `evaluate()` computes `L(λ)`, the minimising `y` and the subgradient `s_i = 1 − Σ_{j open} x_ij`,
/// facilities in parallel over chunks fixed by the facility count (so the result does not depend
/// on the thread count).
struct CapacitatedLagrangian {
    let instance: FacilityLocationInstance
    /// 0-1 facility knapsacks (single-source rules) instead of continuous ones.
    let binary: Bool
    let parallel: Parallel
    /// Node limit of each 0-1 knapsack.
    var knapsackNodeLimit = 2_000
    /// The multipliers.
    var lambda: [Double]

    // Results of the last `evaluate()`.
    private(set) var value = -Double.infinity
    /// `y` of the relaxation: the facilities it opens.
    private(set) var isOpen: [Bool]
    /// `v_j(λ)` per facility.
    private(set) var facilityValues: [Double]
    /// `1 − Σ_{j open} x_ij` per customer.
    private(set) var subgradient: [Double]
    /// Deterministic work of every evaluation (entries scanned, knapsack work).
    private(set) var work = 0

    private let chunks: [Range<Int>]
    private var knapsacks: [PackingKnapsack]
    private var facilityKnapsack = PackingKnapsack()
    /// Per customer, its entries by ascending cost (a permutation of its CSR slice).
    private let costOrder: [Int32]
    /// The knapsack items of the last evaluation, grouped by facility (`itemStarts`): profit
    /// `λ_i − c_ij`, weight `d_i`, customer, and the fraction its knapsack took.
    private var itemStarts: [Int]
    private var itemProfit: [Double] = []
    private var itemWeight: [Double] = []
    private var itemCustomer: [Int32] = []
    private var itemFraction: [Double] = []

    init(instance: FacilityLocationInstance, binary: Bool, parallel: Parallel, lambda: [Double]) {
        self.instance = instance
        self.binary = binary
        self.parallel = parallel
        self.lambda = lambda
        let n = instance.facilityCount
        isOpen = [Bool](repeating: false, count: n)
        facilityValues = [Double](repeating: 0, count: n)
        subgradient = [Double](repeating: 0, count: instance.customerCount)
        chunks = Parallel.chunks(count: n, minimumChunk: 4)
        knapsacks = Array(repeating: PackingKnapsack(), count: chunks.count)
        itemStarts = [Int](repeating: 0, count: n + 1)
        var order: [Int32] = []
        order.reserveCapacity(instance.entryCount)
        for i in 0..<instance.customerCount {
            order.append(
                contentsOf: instance.entries(ofCustomer: i).sorted {
                    (instance.assignmentCosts[$0], $0) < (instance.assignmentCosts[$1], $1)
                }.map { Int32($0) })
        }
        costOrder = order
    }

    /// Fills the knapsack items, grouped by facility, customers ascending within a facility.
    private mutating func gatherItems() {
        let inst = instance
        let n = inst.facilityCount
        for j in 0...n { itemStarts[j] = 0 }
        var scanned = 0
        inst.assignmentCosts.withUnsafeBufferPointer { cost in
            inst.customerFacilities.withUnsafeBufferPointer { facility in
                costOrder.withUnsafeBufferPointer { order in
                    lambda.withUnsafeBufferPointer { lambda in
                        itemStarts.withUnsafeMutableBufferPointer { count in
                            for i in 0..<inst.customerCount {
                                let l = lambda[i]
                                for p in inst.customerStarts[i]..<inst.customerStarts[i + 1] {
                                    let k = Int(order[p])
                                    guard cost[k] < l else { break }
                                    count[Int(facility[k]) + 1] += 1
                                    scanned += 1
                                }
                            }
                        }
                    }
                }
            }
        }
        for j in 0..<n { itemStarts[j + 1] += itemStarts[j] }
        let total = itemStarts[n]
        func resize<T>(_ a: inout [T], _ value: T) {
            if a.count > total {
                a.removeLast(a.count - total)
            } else {
                a.append(contentsOf: repeatElement(value, count: total - a.count))
            }
        }
        resize(&itemProfit, 0)
        resize(&itemWeight, 0)
        resize(&itemCustomer, 0)
        var next = Array(itemStarts.dropLast())
        inst.assignmentCosts.withUnsafeBufferPointer { cost in
            inst.customerFacilities.withUnsafeBufferPointer { facility in
                costOrder.withUnsafeBufferPointer { order in
                    lambda.withUnsafeBufferPointer { lambda in
                        itemProfit.withUnsafeMutableBufferPointer { profit in
                            itemWeight.withUnsafeMutableBufferPointer { weight in
                                itemCustomer.withUnsafeMutableBufferPointer { customer in
                                    next.withUnsafeMutableBufferPointer { next in
                                        for i in 0..<inst.customerCount {
                                            let l = lambda[i]
                                            let d = inst.demands[i]
                                            for p in inst.customerStarts[i]..<inst.customerStarts[i + 1] {
                                                let k = Int(order[p])
                                                guard cost[k] < l else { break }
                                                let j = Int(facility[k])
                                                let at = next[j]
                                                profit[at] = l - cost[k]
                                                weight[at] = d
                                                customer[at] = Int32(truncatingIfNeeded: i)
                                                next[j] = at + 1
                                            }
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        work += 2 * (scanned + inst.customerCount) + n
    }

    /// Computes `L(λ)` at the current multipliers, `y`, and the subgradient.
    ///
    /// Only pairs with `λ_i > c_ij` can enter a knapsack; with each customer's pairs sorted by
    /// cost they are a prefix of its list, so the gather costs the profitable pairs, not nnz.
    mutating func evaluate() {
        let inst = instance
        gatherItems()
        let binary = self.binary
        let nodeLimit = knapsackNodeLimit
        let starts = itemStarts
        itemFraction.removeAll(keepingCapacity: true)
        itemFraction.append(contentsOf: repeatElement(0, count: itemProfit.count))
        // One knapsack per facility, in parallel by chunk: g_j per facility, fractions per item.
        let parts: [(gains: [Double], work: Int)] = itemProfit.withUnsafeBufferPointer { profit in
            itemWeight.withUnsafeBufferPointer { weight in
                itemFraction.withUnsafeMutableBufferPointer { fractionBuffer in
                    knapsacks.withUnsafeMutableBufferPointer { scratch in
                        let box = UncheckedBox((scratch, SharedBuffer(pointer: fractionBuffer)))
                        return parallel.map(chunks, work: profit.count * 8) { range in
                            let (knapsacks, fractions) = box.value
                            let c = chunks.firstIndex(of: range)!
                            let before = knapsacks[c].work
                            var gains: [Double] = []
                            for j in range {
                                let slice = starts[j]..<starts[j + 1]
                                knapsacks[c].load(profits: profit, weights: weight, range: slice)
                                let capacity = inst.usableCapacity(j)
                                let result =
                                    binary
                                    ? knapsacks[c].solveBinary(
                                        capacity: capacity, nodeLimit: nodeLimit, tableLimit: 100_000)
                                    : knapsacks[c].solveContinuous(capacity: capacity)
                                gains.append(result.upperBound)
                                for (k, position) in slice.enumerated() {
                                    fractions[position] = knapsacks[c].fractions[k]
                                }
                            }
                            return (gains, knapsacks[c].work - before)
                        }
                    }
                }
            }
        }
        var j = 0
        for part in parts {
            for gain in part.gains {
                let fixed = inst.alwaysOpenFlags[j] ? 0 : inst.fixedCosts[j]
                facilityValues[j] = fixed - gain
                j += 1
            }
            work += part.work
        }
        // 2. The facility knapsack: always-open and negative-value facilities are taken; the
        //    remaining capacity need is covered at least value.
        var total = 0.0
        var need = inst.totalDemand
        for j in 0..<inst.facilityCount {
            isOpen[j] = inst.alwaysOpenFlags[j] || facilityValues[j] < 0
            if isOpen[j] {
                total += facilityValues[j]
                need -= inst.usableCapacity(j)
            }
        }
        if need > 1e-9 * max(1, inst.totalDemand) {
            total += coverCapacity(need: need)
        }
        // 3. L(λ) and the subgradient.
        var sum = 0.0
        for i in 0..<inst.customerCount {
            sum += lambda[i]
            subgradient[i] = 1
        }
        for j in 0..<inst.facilityCount where isOpen[j] {
            for p in itemStarts[j]..<itemStarts[j + 1] {
                subgradient[Int(itemCustomer[p])] -= itemFraction[p]
            }
        }
        work += inst.customerCount + inst.facilityCount
        value = sum + total
    }

    /// `min Σ v_j y_j  s.t.  Σ s̄_j y_j ≥ need` over the facilities not yet open (all with
    /// `v_j ≥ 0`), as the packing knapsack of the ones left closed; opens the chosen ones and
    /// returns a lower bound on the minimum (`+∞` when even all of them fall short).
    private mutating func coverCapacity(need: Double) -> Double {
        facilityKnapsack.removeAll()
        var valueSum = 0.0
        var capacitySum = 0.0
        var zeroValue: [Int] = []
        for j in 0..<instance.facilityCount where !isOpen[j] {
            let s = instance.usableCapacity(j)
            guard s > 0 else { continue }
            if facilityValues[j] <= 0 {
                zeroValue.append(j)
            } else {
                facilityKnapsack.add(profit: facilityValues[j], weight: s, id: j)
                valueSum += facilityValues[j]
            }
            capacitySum += s
        }
        guard capacitySum >= need * (1 - 1e-12) else { return .infinity }
        // Zero-value facilities are free capacity.
        var remaining = need
        for j in zeroValue {
            isOpen[j] = true
            remaining -= instance.usableCapacity(j)
        }
        guard remaining > 1e-9 * max(1, instance.totalDemand) else { return 0 }
        let open = capacitySum - need // capacity that may stay closed
        let result = facilityKnapsack.solveBinary(capacity: open, nodeLimit: 20_000)
        work += facilityKnapsack.nodes * 8 + facilityKnapsack.ids.count
        for k in 0..<facilityKnapsack.ids.count where facilityKnapsack.fractions[k] < 1 {
            isOpen[Int(facilityKnapsack.ids[k])] = true
        }
        return valueSum - result.upperBound
    }
}
