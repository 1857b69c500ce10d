@testable import Optimizer

/// Independent references for the capacitated solver's tests, sharing no code with it.
enum CapacitatedReference {
    /// Minimum-cost transportation by successive shortest paths (Bellman–Ford on the residual
    /// network, Busacker & Gowen 1961): super source → sources (capacity a_s) → sinks (unbounded
    /// arcs, unit cost u) → super sink (capacity b_t). Returns the least cost, or `nil` when the
    /// demand cannot all be sent.
    static func transportationCost(
        supplies: [Double], demands: [Double], arcs: [(source: Int, sink: Int, unitCost: Double)]
    ) -> Double? {
        let k = supplies.count
        let m = demands.count
        let superSource = k + m
        let superSink = k + m + 1
        let nodeCount = k + m + 2
        var to: [Int] = []
        var capacity: [Double] = []
        var cost: [Double] = []
        var adjacency = [[Int]](repeating: [], count: nodeCount)
        func add(_ u: Int, _ v: Int, _ cap: Double, _ c: Double) {
            adjacency[u].append(to.count)
            to.append(v)
            capacity.append(cap)
            cost.append(c)
            adjacency[v].append(to.count)
            to.append(u)
            capacity.append(0)
            cost.append(-c)
        }
        for s in 0..<k { add(superSource, s, supplies[s], 0) }
        let total = demands.reduce(0, +)
        for arc in arcs { add(arc.source, k + arc.sink, total + 1, arc.unitCost) }
        for t in 0..<m { add(k + t, superSink, demands[t], 0) }
        var sent = 0.0
        var totalCost = 0.0
        let eps = 1e-9 * max(1, total)
        while sent < total - eps {
            var distance = [Double](repeating: .infinity, count: nodeCount)
            var via = [Int](repeating: -1, count: nodeCount)
            distance[superSource] = 0
            for _ in 0..<nodeCount {
                var changed = false
                for u in 0..<nodeCount where distance[u].isFinite {
                    for e in adjacency[u] where capacity[e] > eps && distance[u] + cost[e] < distance[to[e]] - 1e-12 {
                        distance[to[e]] = distance[u] + cost[e]
                        via[to[e]] = e
                        changed = true
                    }
                }
                if !changed { break }
            }
            guard distance[superSink].isFinite else { return nil }
            var push = Double.infinity
            var v = superSink
            while v != superSource {
                push = min(push, capacity[via[v]])
                v = to[via[v] ^ 1]
            }
            v = superSink
            while v != superSource {
                capacity[via[v]] -= push
                capacity[via[v] ^ 1] += push
                v = to[via[v] ^ 1]
            }
            sent += push
            totalCost += push * distance[superSink]
        }
        return totalCost
    }

    /// Least split-assignment cost of an open set (its transportation problem), `nil` if infeasible.
    static func splitCost(_ instance: FacilityLocationInstance, open: [Int]) -> Double? {
        var arcs: [(source: Int, sink: Int, unitCost: Double)] = []
        var sinks: [Int] = []
        var zeroCost = 0.0
        for i in 0..<instance.customerCount {
            let allowed = instance.entries(ofCustomer: i).filter { open.contains(Int(instance.customerFacilities[$0])) }
            if instance.demands[i] == 0 {
                guard let best = allowed.map({ instance.assignmentCosts[$0] }).min() else { return nil }
                zeroCost += best
                continue
            }
            for k in allowed {
                let s = open.firstIndex(of: Int(instance.customerFacilities[k]))!
                arcs.append((s, sinks.count, instance.assignmentCosts[k] / instance.demands[i]))
            }
            sinks.append(i)
        }
        let supplies = open.map { min(instance.capacities[$0], instance.totalDemand) }
        guard let cost = transportationCost(supplies: supplies, demands: sinks.map { instance.demands[$0] }, arcs: arcs)
        else { return nil }
        return cost + zeroCost
    }

    /// The optimum of the split (multi-source) problem by enumerating every open set.
    static func splitOptimum(_ instance: FacilityLocationInstance) -> Double? {
        enumerateOpenSets(instance) { open in splitCost(instance, open: open) }
    }

    /// The optimum of the single-source problem by enumerating every assignment of customers to
    /// allowed facilities (the open set is the facilities used, plus the always-open ones).
    static func singleSourceOptimum(_ instance: FacilityLocationInstance) -> Double? {
        let m = instance.customerCount
        var choice = [Int](repeating: 0, count: m)
        var best: Double?
        let counts = (0..<m).map { instance.entries(ofCustomer: $0).count }
        if counts.contains(0) { return nil }
        while true {
            var load = [Double](repeating: 0, count: instance.facilityCount)
            var used = Set(instance.alwaysOpen)
            var cost = 0.0
            for i in 0..<m {
                let k = instance.customerStarts[i] + choice[i]
                let j = Int(instance.customerFacilities[k])
                load[j] += instance.demands[i]
                used.insert(j)
                cost += instance.assignmentCosts[k]
            }
            let fits = used.allSatisfy { load[$0] <= instance.capacities[$0] * (1 + 1e-12) }
            if fits {
                for j in used where !instance.alwaysOpen.contains(j) { cost += instance.fixedCosts[j] }
                if best == nil || cost < best! { best = cost }
            }
            var i = 0
            while i < m {
                choice[i] += 1
                if choice[i] < counts[i] { break }
                choice[i] = 0
                i += 1
            }
            if i == m { break }
        }
        return best
    }

    /// Best-server cost of an open set: each customer served whole by its most preferred open
    /// facility (higher preference; ties to the lower id); `nil` when a customer has none or a
    /// facility is loaded above capacity.
    static func bestServerCost(_ instance: FacilityLocationInstance, open: [Int]) -> Double? {
        var load = [Double](repeating: 0, count: instance.facilityCount)
        var cost = 0.0
        for i in 0..<instance.customerCount {
            var chosen = -1
            for k in instance.entries(ofCustomer: i) where open.contains(Int(instance.customerFacilities[k])) {
                func rank(_ e: Int) -> Double { instance.preferences?[e] ?? -instance.assignmentCosts[e] }
                if chosen < 0 || rank(k) > rank(chosen) { chosen = k }
            }
            guard chosen >= 0 else { return nil }
            load[Int(instance.customerFacilities[chosen])] += instance.demands[i]
            cost += instance.assignmentCosts[chosen]
        }
        for j in open where load[j] > instance.capacities[j] * (1 + 1e-12) { return nil }
        return cost
    }

    /// The optimum of the best-server problem by enumerating every open set.
    static func bestServerOptimum(_ instance: FacilityLocationInstance) -> Double? {
        enumerateOpenSets(instance) { open in bestServerCost(instance, open: open) }
    }

    /// min over open sets (always-open facilities included) of fixed cost + `assignment(open)`.
    private static func enumerateOpenSets(_ instance: FacilityLocationInstance, _ assignment: ([Int]) -> Double?)
        -> Double?
    {
        let free = (0..<instance.facilityCount).filter { !instance.alwaysOpen.contains($0) }
        precondition(free.count <= 14, "enumeration is for tiny instances")
        var best: Double?
        for mask in 0..<(1 << free.count) {
            var open = instance.alwaysOpen
            var fixed = 0.0
            for (bit, j) in free.enumerated() where mask & (1 << bit) != 0 {
                open.append(j)
                fixed += instance.fixedCosts[j]
            }
            open.sort()
            guard let cost = assignment(open) else { continue }
            if best == nil || fixed + cost < best! { best = fixed + cost }
        }
        return best
    }
}
