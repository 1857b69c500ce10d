/// The best split (multi-source) assignment for a fixed set of open facilities: the
/// transportation problem `min Σ c_ij x_ij` s.t. every customer fully served by open allowed
/// facilities, loads within capacity — solved exactly by `TransportationSimplex` (sources = open
/// facilities with capacity `min(s_j, D)`, sinks = customers with demand > 0, unit cost
/// `c_ij / d_i`). Customers with demand 0 take their cheapest open allowed facility.
///
/// After `solve`, the customers' demand duals `α_i` and the open facilities' capacity prices
/// `β_j ≥ 0` are available: they price moves in `OpenSetSearch` (closing `j` frees no capacity
/// worth `β_j`; opening `k` attracts the customers with `α_i > u_ik`).
///
/// - Complexity: one network simplex solve on `Σ_{j open} |customers of j|` arcs.
struct SplitAssignment {
    private(set) var simplex = TransportationSimplex()
    /// Sink index of each customer (−1 for demand 0), and the customer of each sink.
    private let sinkOfCustomer: [Int32]
    private let customerOfSink: [Int32]
    /// Instance entry of each arc added to the simplex.
    private var arcEntry: [Int32] = []
    /// The open facilities of the last solve, in the order given.
    private(set) var open: [Int] = []
    /// Σ c_ij x_ij of the last solve (valid when feasible).
    private(set) var assignmentCost = 0.0
    private(set) var feasible = false

    init(_ instance: FacilityLocationInstance) {
        var sinks = [Int32](repeating: -1, count: instance.customerCount)
        var customers: [Int32] = []
        for i in 0..<instance.customerCount where instance.demands[i] > 0 {
            sinks[i] = Int32(customers.count)
            customers.append(Int32(i))
        }
        sinkOfCustomer = sinks
        customerOfSink = customers
    }

    /// Deterministic work of every solve so far (arcs priced, tree nodes visited, arcs built).
    var work: Int { simplex.work }

    /// Solves the transportation problem for `open` (facility ids, no duplicates).
    ///
    /// - Returns: the assignment cost, or `nil` when the open facilities cannot serve every customer.
    @discardableResult
    mutating func solve(_ instance: FacilityLocationInstance, open: [Int]) -> Double? {
        self.open = open
        simplex.reset(
            sourceSupplies: open.map { instance.usableCapacity($0) },
            sinkDemands: customerOfSink.map { instance.demands[Int($0)] })
        arcEntry.removeAll(keepingCapacity: true)
        for (s, j) in open.enumerated() {
            for p in instance.facilityStarts[j]..<instance.facilityStarts[j + 1] {
                let i = Int(instance.facilityCustomers[p])
                let t = Int(sinkOfCustomer[i])
                guard t >= 0 else { continue }
                let entry = instance.facilityEntries[p]
                simplex.addArc(source: s, sink: t, unitCost: instance.assignmentCosts[entry] / instance.demands[i])
                arcEntry.append(Int32(entry))
            }
        }
        simplex.work += arcEntry.count
        feasible = false
        guard simplex.solve() == .optimal else { return nil }
        var cost = 0.0
        for a in 0..<arcEntry.count where simplex.flow[a] > 0 {
            let entry = Int(arcEntry[a])
            let i = Int(customerOfSink[Int(simplex.arcHead[a])])
            cost += instance.assignmentCosts[entry] * (simplex.flow[a] / instance.demands[i])
        }
        guard let free = Self.zeroDemandCost(instance, open: open, sinkOfCustomer: sinkOfCustomer) else { return nil }
        feasible = true
        assignmentCost = cost + free
        return assignmentCost
    }

    /// Cost of serving the zero-demand customers from their cheapest open facility; `nil` when
    /// one has no open allowed facility.
    private static func zeroDemandCost(_ instance: FacilityLocationInstance, open: [Int], sinkOfCustomer: [Int32])
        -> Double?
    {
        var total = 0.0
        var isOpen: [Bool]?
        for i in 0..<instance.customerCount where sinkOfCustomer[i] < 0 {
            if isOpen == nil {
                var flags = [Bool](repeating: false, count: instance.facilityCount)
                for j in open { flags[j] = true }
                isOpen = flags
            }
            var best = Double.infinity
            for k in instance.entries(ofCustomer: i) where isOpen![Int(instance.customerFacilities[k])] {
                best = min(best, instance.assignmentCosts[k])
            }
            guard best.isFinite else { return nil }
            total += best
        }
        return total
    }

    /// `α_i` of customer `i` after a feasible solve (0 for customers with demand 0).
    func demandDual(ofCustomer i: Int) -> Double {
        let t = Int(sinkOfCustomer[i])
        return t >= 0 ? simplex.sinkDual(t) : 0
    }

    /// `β` of the `s`-th open facility after a feasible solve.
    func capacityPrice(ofOpen s: Int) -> Double { simplex.sourceDual(s) }

    /// Load (demand served) of each open facility, in the order of `open`.
    func loads() -> [Double] {
        var load = [Double](repeating: 0, count: open.count)
        for a in 0..<arcEntry.count where simplex.flow[a] > 0 {
            load[Int(simplex.arcTail[a]) - simplex.sinkCount] += simplex.flow[a]
        }
        return load
    }

    /// The fraction of each instance entry used (0 for unused entries), after a feasible solve;
    /// zero-demand customers get their cheapest open facility whole.
    func entryFractions(_ instance: FacilityLocationInstance) -> [Double] {
        var fraction = [Double](repeating: 0, count: instance.entryCount)
        for a in 0..<arcEntry.count where simplex.flow[a] > 0 {
            let i = Int(customerOfSink[Int(simplex.arcHead[a])])
            fraction[Int(arcEntry[a])] = simplex.flow[a] / instance.demands[i]
        }
        var isOpen = [Bool](repeating: false, count: instance.facilityCount)
        for j in open { isOpen[j] = true }
        for i in 0..<instance.customerCount where sinkOfCustomer[i] < 0 {
            var best = -1
            for k in instance.entries(ofCustomer: i) where isOpen[Int(instance.customerFacilities[k])] {
                if best < 0 || instance.assignmentCosts[k] < instance.assignmentCosts[best] { best = k }
            }
            if best >= 0 { fraction[best] = 1 }
        }
        return fraction
    }
}
