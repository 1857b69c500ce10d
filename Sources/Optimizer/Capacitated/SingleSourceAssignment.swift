/// A single-source assignment for a fixed set of open facilities — the generalised assignment
/// problem (GAP: each customer to one open facility, loads within capacity, least cost), solved
/// heuristically:
///
/// 1. the split assignment of the same set (`SplitAssignment`, exact), whose cost is a lower
///    bound for the GAP; a basic optimal solution splits at most |open| customers, so rounding
///    each customer to its largest share changes little;
/// 2. repair of overloaded facilities: move the customer whose move to a facility with room costs
///    least per unit of overload removed, else swap it with a smaller customer of another
///    facility (Martello & Toth 1981's "MTHG" regret repair in spirit);
/// 3. local search: shift moves (one customer to another facility with room) and swap moves (two
///    customers of different facilities exchange), best improvement, until none improves
///    (Yagiura & Ibaraki's shift/swap neighbourhoods for the GAP, 2004).
///
/// The result is feasible or `nil`; `nil` does not prove that no single-source assignment exists.
///
/// - Complexity: one transport solve, then O(nnz) per shift pass and O(Σ_j |customers of j|²) per
///   swap pass, at most `passLimit` passes.
struct SingleSourceAssignment {
    private(set) var split: SplitAssignment
    /// Facility serving each customer (−1 before a solve).
    private(set) var server: [Int32]
    /// Entry (customer CSR index) used by each customer.
    private(set) var serverEntry: [Int32]
    private(set) var load: [Double]
    private var isOpen: [Bool]
    private(set) var work = 0
    /// Shift/swap passes allowed per solve.
    var passLimit = 50

    init(_ instance: FacilityLocationInstance) {
        split = SplitAssignment(instance)
        server = [Int32](repeating: -1, count: instance.customerCount)
        serverEntry = [Int32](repeating: -1, count: instance.customerCount)
        load = [Double](repeating: 0, count: instance.facilityCount)
        isOpen = [Bool](repeating: false, count: instance.facilityCount)
    }

    /// Total deterministic work (transport plus the assignment passes).
    var totalWork: Int { work + split.work }

    /// Assigns every customer to one facility of `open`; returns the assignment cost, or `nil`
    /// when no feasible assignment was found.
    mutating func solve(_ instance: FacilityLocationInstance, open: [Int]) -> Double? {
        guard split.solve(instance, open: open) != nil else { return nil }
        for j in 0..<instance.facilityCount {
            isOpen[j] = false
            load[j] = 0
        }
        for j in open { isOpen[j] = true }
        // 1. Round: each customer to its largest share (ties: cheaper, then lower id).
        let fractions = split.entryFractions(instance)
        for i in 0..<instance.customerCount {
            var best = -1
            for k in instance.entries(ofCustomer: i) where fractions[k] > 0 {
                if best < 0 || fractions[k] > fractions[best]
                    || (fractions[k] == fractions[best] && instance.assignmentCosts[k] < instance.assignmentCosts[best])
                {
                    best = k
                }
            }
            assign(instance, i, entry: best)
        }
        work += instance.entryCount
        // 2. Repair, 3. improve.
        guard repair(instance) else { return nil }
        improve(instance)
        var cost = 0.0
        for i in 0..<instance.customerCount { cost += instance.assignmentCosts[Int(serverEntry[i])] }
        return cost
    }

    private mutating func assign(_ instance: FacilityLocationInstance, _ i: Int, entry k: Int) {
        if serverEntry[i] >= 0 { load[Int(server[i])] -= instance.demands[i] }
        serverEntry[i] = Int32(k)
        server[i] = Int32(instance.customerFacilities[k])
        load[Int(server[i])] += instance.demands[i]
    }

    @inline(__always) private func room(_ instance: FacilityLocationInstance, _ j: Int) -> Double {
        instance.capacities[j] - load[j]
    }

    @inline(__always) private func tolerance(_ instance: FacilityLocationInstance) -> Double {
        1e-9 * max(1, instance.totalDemand)
    }

    /// Moves (or swaps) customers off overloaded facilities until none is; false when stuck.
    private mutating func repair(_ instance: FacilityLocationInstance) -> Bool {
        let eps = tolerance(instance)
        for _ in 0..<(4 * instance.customerCount + 10) {
            var over = -1
            for j in 0..<instance.facilityCount where isOpen[j] && room(instance, j) < -eps {
                if over < 0 || room(instance, j) < room(instance, over) { over = j }
            }
            guard over >= 0 else { return true }
            let excess = -room(instance, over)
            // Cheapest move per unit of overload removed.
            var bestScore = Double.infinity
            var bestMove: (customer: Int, entry: Int)?
            for p in instance.facilityStarts[over]..<instance.facilityStarts[over + 1] {
                let i = Int(instance.facilityCustomers[p])
                guard server[i] == Int32(over), instance.demands[i] > 0 else { continue }
                let current = instance.assignmentCosts[Int(serverEntry[i])]
                for k in instance.entries(ofCustomer: i) {
                    let j = Int(instance.customerFacilities[k])
                    guard j != over, isOpen[j], room(instance, j) >= instance.demands[i] - eps else { continue }
                    let score = (instance.assignmentCosts[k] - current) / min(instance.demands[i], excess)
                    if score < bestScore {
                        bestScore = score
                        bestMove = (i, k)
                    }
                }
            }
            work += instance.facilityStarts[over + 1] - instance.facilityStarts[over]
            if let move = bestMove {
                assign(instance, move.customer, entry: move.entry)
                continue
            }
            guard swapOff(instance, over) else { return false }
        }
        return false
    }

    /// Swaps a customer of the overloaded `over` with a smaller one of another facility so that
    /// `over`'s load falls and the other stays within capacity; false when no such swap exists.
    private mutating func swapOff(_ instance: FacilityLocationInstance, _ over: Int) -> Bool {
        let eps = tolerance(instance)
        var bestScore = Double.infinity
        var best: (Int, Int, Int, Int)?
        for p in instance.facilityStarts[over]..<instance.facilityStarts[over + 1] {
            let i = Int(instance.facilityCustomers[p])
            guard server[i] == Int32(over) else { continue }
            for k in instance.entries(ofCustomer: i) {
                let j = Int(instance.customerFacilities[k])
                guard j != over, isOpen[j] else { continue }
                for q in instance.facilityStarts[j]..<instance.facilityStarts[j + 1] {
                    let i2 = Int(instance.facilityCustomers[q])
                    guard server[i2] == Int32(j), instance.demands[i2] < instance.demands[i],
                        room(instance, j) + instance.demands[i2] >= instance.demands[i] - eps,
                        let back = entry(instance, customer: i2, facility: over)
                    else { continue }
                    let delta =
                        instance.assignmentCosts[k] + instance.assignmentCosts[back]
                        - instance.assignmentCosts[Int(serverEntry[i])] - instance.assignmentCosts[Int(serverEntry[i2])]
                    let score = delta / (instance.demands[i] - instance.demands[i2])
                    if score < bestScore {
                        bestScore = score
                        best = (i, k, i2, back)
                    }
                }
                work += instance.facilityStarts[j + 1] - instance.facilityStarts[j]
            }
        }
        guard let (i, k, i2, back) = best else { return false }
        assign(instance, i, entry: k)
        assign(instance, i2, entry: back)
        return true
    }

    /// The entry of (customer, facility), or `nil` when the pair is not allowed (binary search).
    private func entry(_ instance: FacilityLocationInstance, customer i: Int, facility j: Int) -> Int? {
        var lo = instance.customerStarts[i]
        var hi = instance.customerStarts[i + 1]
        let target = UInt32(j)
        while lo < hi {
            let mid = (lo + hi) / 2
            if instance.customerFacilities[mid] < target { lo = mid + 1 } else { hi = mid }
        }
        return lo < instance.customerStarts[i + 1] && instance.customerFacilities[lo] == target ? lo : nil
    }

    /// Shift and swap moves, best improvement first, until none improves or the pass limit.
    private mutating func improve(_ instance: FacilityLocationInstance) {
        let eps = tolerance(instance)
        let costEps = 1e-12 * max(1, instance.assignmentCosts.max() ?? 1)
        for _ in 0..<passLimit {
            var improved = false
            // Shifts: every customer to its cheapest facility with room.
            for i in 0..<instance.customerCount {
                let current = instance.assignmentCosts[Int(serverEntry[i])]
                var best = -1
                var bestCost = current - costEps
                for k in instance.entries(ofCustomer: i) {
                    let j = Int(instance.customerFacilities[k])
                    guard isOpen[j], j != Int(server[i]), instance.assignmentCosts[k] < bestCost,
                        room(instance, j) >= instance.demands[i] - eps
                    else { continue }
                    best = k
                    bestCost = instance.assignmentCosts[k]
                }
                if best >= 0 {
                    assign(instance, i, entry: best)
                    improved = true
                }
            }
            work += instance.entryCount
            if improved { continue }
            if swapPass(instance, costEps: costEps) { continue }
            break
        }
    }

    /// One pass of swap moves (each customer with its best partner); true when any was applied.
    private mutating func swapPass(_ instance: FacilityLocationInstance, costEps: Double) -> Bool {
        let eps = tolerance(instance)
        var applied = false
        for i in 0..<instance.customerCount {
            let a = Int(server[i])
            let costI = instance.assignmentCosts[Int(serverEntry[i])]
            var best: (Int, Int, Int)?
            var bestDelta = -costEps
            for k in instance.entries(ofCustomer: i) {
                let b = Int(instance.customerFacilities[k])
                guard b != a, isOpen[b] else { continue }
                let gainI = instance.assignmentCosts[k] - costI
                for q in instance.facilityStarts[a]..<instance.facilityStarts[a + 1] {
                    let i2 = Int(instance.facilityCustomers[q])
                    guard server[i2] == Int32(b) else { continue }
                    let d = instance.demands[i] - instance.demands[i2]
                    guard room(instance, b) >= d - eps, room(instance, a) >= -d - eps else { continue }
                    let delta =
                        gainI + instance.assignmentCosts[instance.facilityEntries[q]]
                        - instance.assignmentCosts[Int(serverEntry[i2])]
                    if delta < bestDelta {
                        bestDelta = delta
                        best = (k, i2, instance.facilityEntries[q])
                    }
                }
                work += instance.facilityStarts[a + 1] - instance.facilityStarts[a]
            }
            if let (k, i2, back) = best {
                assign(instance, i, entry: k)
                assign(instance, i2, entry: back)
                applied = true
            }
        }
        return applied
    }
}
