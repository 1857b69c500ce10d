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
    /// Node limit of the exact search that looks for a cheaper assignment after the heuristics.
    var exactNodeLimit = 20_000
    /// Swap passes per solve (each costs O(customers × options × customers per facility)).
    static let swapPassLimit = 4
    /// Options per customer in the repair and swap moves.
    static let nearLimit = 10
    private var nearStarts: [Int] = []
    private var nearEntries: [Int32] = []
    /// Unserved demand (split infeasible) or Σ overload left when the repair got stuck; 0 when feasible.
    private(set) var violation = 0.0

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
        violation = 0
        guard split.solve(instance, open: open) != nil else {
            violation = max(split.simplex.shortfall, 1e-9)
            return nil
        }
        for j in 0..<instance.facilityCount {
            isOpen[j] = false
            load[j] = 0
        }
        for j in open { isOpen[j] = true }
        for i in 0..<instance.customerCount {
            server[i] = -1
            serverEntry[i] = -1
        }
        buildNearLists(instance)
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
        // 2. Repair; when stuck, the regret construction (by cost, then by capacity used); 3. improve.
        if !repair(instance) && !minimiseOverload(instance) {
            var overload = 0.0
            for j in open where load[j] > instance.capacities[j] { overload += load[j] - instance.capacities[j] }
            guard
                regretConstruction(instance, byCost: true) || regretConstruction(instance, byCost: false)
                    || searchExactly(instance, nodeLimit: exactNodeLimit, below: .infinity)
            else {
                violation = max(overload, 1e-9)
                return nil
            }
        }
        improve(instance)
        var cost = 0.0
        for i in 0..<instance.customerCount { cost += instance.assignmentCosts[Int(serverEntry[i])] }
        // A bounded exact search for a cheaper assignment (finishes on small sets, proving the GAP).
        if searchExactly(instance, nodeLimit: exactNodeLimit, below: cost) {
            cost = 0
            for i in 0..<instance.customerCount { cost += instance.assignmentCosts[Int(serverEntry[i])] }
        }
        return cost
    }

    /// Each customer's open allowed entries by cost, at most `nearLimit`: the options the repair
    /// and swap moves try (all of them would make those moves quadratic in the customers).
    private mutating func buildNearLists(_ instance: FacilityLocationInstance) {
        nearStarts.removeAll(keepingCapacity: true)
        nearEntries.removeAll(keepingCapacity: true)
        nearStarts.append(0)
        for i in 0..<instance.customerCount {
            let options = instance.entries(ofCustomer: i).filter { isOpen[Int(instance.customerFacilities[$0])] }
            let sorted = options.sorted { (instance.assignmentCosts[$0], $0) < (instance.assignmentCosts[$1], $1) }
            nearEntries.append(contentsOf: sorted.prefix(Self.nearLimit).map { Int32($0) })
            nearStarts.append(nearEntries.count)
        }
        work += instance.entryCount
    }

    @inline(__always) private func near(_ i: Int) -> LazyMapSequence<ArraySlice<Int32>, Int> {
        nearEntries[nearStarts[i]..<nearStarts[i + 1]].lazy.map { Int($0) }
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

    /// Shift and swap moves that lower the total overload `Σ_j max(0, load_j − s_j)`, the move
    /// that lowers it most first (ties to the cheaper), from customers on overloaded facilities,
    /// until it is 0 (true) or no move lowers it (false).
    ///
    /// - Complexity: per move O(Σ over customers of overloaded facilities of options × partners).
    private mutating func minimiseOverload(_ instance: FacilityLocationInstance) -> Bool {
        let eps = tolerance(instance)
        func over(_ j: Int, _ extra: Double) -> Double { max(0, load[j] + extra - instance.capacities[j]) }
        for _ in 0..<(4 * instance.customerCount + 10) {
            var bestDelta = -eps
            var bestCost = Double.infinity
            var move: (Int, Int, Int, Int)? // customer, entry, partner (−1 for a shift), partner's entry
            for a in 0..<instance.facilityCount where isOpen[a] && over(a, 0) > eps {
                for p in instance.facilityStarts[a]..<instance.facilityStarts[a + 1] {
                    let i = Int(instance.facilityCustomers[p])
                    guard server[i] == Int32(a) else { continue }
                    let d = instance.demands[i]
                    let here = instance.assignmentCosts[Int(serverEntry[i])]
                    for k in near(i) {
                        let b = Int(instance.customerFacilities[k])
                        guard b != a, isOpen[b] else { continue }
                        let shift = over(a, -d) - over(a, 0) + over(b, d) - over(b, 0)
                        let shiftCost = instance.assignmentCosts[k] - here
                        if shift < bestDelta - eps || (shift <= bestDelta + eps && shift < -eps && shiftCost < bestCost)
                        {
                            (bestDelta, bestCost, move) = (shift, shiftCost, (i, k, -1, -1))
                        }
                        for q in instance.facilityStarts[a]..<instance.facilityStarts[a + 1] {
                            let i2 = Int(instance.facilityCustomers[q])
                            guard server[i2] == Int32(b), instance.demands[i2] < d else { continue }
                            let d2 = instance.demands[i2]
                            let swap = over(a, d2 - d) - over(a, 0) + over(b, d - d2) - over(b, 0)
                            let swapCost =
                                shiftCost + instance.assignmentCosts[instance.facilityEntries[q]]
                                - instance.assignmentCosts[Int(serverEntry[i2])]
                            if swap < bestDelta - eps || (swap <= bestDelta + eps && swap < -eps && swapCost < bestCost)
                            {
                                (bestDelta, bestCost, move) = (swap, swapCost, (i, k, i2, instance.facilityEntries[q]))
                            }
                        }
                        work += instance.facilityStarts[a + 1] - instance.facilityStarts[a]
                    }
                }
            }
            guard let (i, k, i2, back) = move else { return false }
            assign(instance, i, entry: k)
            if i2 >= 0 { assign(instance, i2, entry: back) }
            var total = 0.0
            for j in 0..<instance.facilityCount where isOpen[j] { total += over(j, 0) }
            if total <= eps { return true }
        }
        return false
    }

    /// Depth-first branch and bound over the assignment: customers by decreasing demand, each
    /// tried on its open allowed facilities with room by increasing cost, pruned by the cost so
    /// far plus every remaining customer's cheapest cost. The last resort for tightly packed sets;
    /// exact when it finishes within `nodeLimit` nodes. Returns true when it found an assignment.
    private mutating func searchExactly(_ instance: FacilityLocationInstance, nodeLimit: Int, below: Double) -> Bool {
        let m = instance.customerCount
        let eps = tolerance(instance)
        let order = (0..<m).sorted { (-instance.demands[$0], $0) < (-instance.demands[$1], $1) }
        var options: [[Int]] = []
        var cheapestRest = [Double](repeating: 0, count: m + 1)
        for i in order {
            let allowed = instance.entries(ofCustomer: i).filter { isOpen[Int(instance.customerFacilities[$0])] }
            options.append(allowed.sorted { (instance.assignmentCosts[$0], $0) < (instance.assignmentCosts[$1], $1) })
        }
        for position in stride(from: m - 1, through: 0, by: -1) {
            cheapestRest[position] =
                cheapestRest[position + 1] + (options[position].first.map { instance.assignmentCosts[$0] } ?? .infinity)
        }
        guard cheapestRest[0].isFinite else { return false }
        var room = (0..<instance.facilityCount).map { isOpen[$0] ? instance.capacities[$0] : 0 }
        var chosen = [Int](repeating: -1, count: m)
        var bestChoice: [Int]?
        var bestCost = below
        var nodes = 0
        func descend(_ position: Int, _ cost: Double) {
            nodes += 1
            guard nodes <= nodeLimit, cost + cheapestRest[position] < bestCost - eps else { return }
            if position == m {
                bestCost = cost
                bestChoice = chosen
                return
            }
            let d = instance.demands[order[position]]
            for k in options[position] {
                let j = Int(instance.customerFacilities[k])
                guard room[j] >= d - eps else { continue }
                room[j] -= d
                chosen[position] = k
                descend(position + 1, cost + instance.assignmentCosts[k])
                room[j] += d
            }
        }
        descend(0, 0)
        work += nodes * 4
        guard let bestChoice else { return false }
        for j in 0..<instance.facilityCount { load[j] = 0 }
        for i in 0..<m {
            server[i] = -1
            serverEntry[i] = -1
        }
        for (position, k) in bestChoice.enumerated() { assign(instance, order[position], entry: k) }
        return true
    }

    /// The regret greedy of Martello & Toth (1981, "MTHG") for the GAP: repeatedly assign the
    /// unassigned customer whose best feasible facility beats its second best by the most (a
    /// customer with one feasible facility first) to that best; desirability `−c_ij` (`byCost`) or
    /// `−d_i / room_j`. Each customer's best and second best are cached and re-checked lazily.
    /// Returns false (leaving a partial assignment) when a customer has no facility with room.
    ///
    /// - Complexity: O(m² + nnz · re-computations).
    private mutating func regretConstruction(_ instance: FacilityLocationInstance, byCost: Bool) -> Bool {
        let m = instance.customerCount
        for j in 0..<instance.facilityCount { load[j] = 0 }
        for i in 0..<m {
            server[i] = -1
            serverEntry[i] = -1
        }
        let eps = tolerance(instance)
        var unassigned = Array(0..<m)
        var first = [Int](repeating: -1, count: m)
        var second = [Int](repeating: -1, count: m)
        func desirability(_ i: Int, _ k: Int) -> Double {
            let j = Int(instance.customerFacilities[k])
            return byCost ? -instance.assignmentCosts[k] : -instance.demands[i] / max(room(instance, j), 1e-300)
        }
        func fits(_ i: Int, _ k: Int) -> Bool {
            k >= 0 && room(instance, Int(instance.customerFacilities[k])) >= instance.demands[i] - eps
        }
        func recompute(_ i: Int) {
            first[i] = -1
            second[i] = -1
            for k in instance.entries(ofCustomer: i) where isOpen[Int(instance.customerFacilities[k])] && fits(i, k) {
                if first[i] < 0 || desirability(i, k) > desirability(i, first[i]) {
                    second[i] = first[i]
                    first[i] = k
                } else if second[i] < 0 || desirability(i, k) > desirability(i, second[i]) {
                    second[i] = k
                }
            }
            work += instance.customerStarts[i + 1] - instance.customerStarts[i]
        }
        for i in 0..<m { recompute(i) }
        while !unassigned.isEmpty {
            var pick = -1
            var pickRegret = -Double.infinity
            for (position, i) in unassigned.enumerated() {
                // Room only shrinks, so an option that still fits keeps its desirability by cost;
                // by capacity used it only gets worse, so re-check lazily.
                if !fits(i, first[i]) || (second[i] >= 0 && !fits(i, second[i])) || !byCost { recompute(i) }
                guard first[i] >= 0 else { return false }
                let regret = second[i] < 0 ? Double.infinity : desirability(i, first[i]) - desirability(i, second[i])
                if regret > pickRegret {
                    pickRegret = regret
                    pick = position
                }
            }
            work += unassigned.count
            let i = unassigned.remove(at: pick)
            assign(instance, i, entry: first[i])
        }
        return true
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
                for k in near(i) {
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
            for k in near(i) {
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
        var swapPasses = 0
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
            if swapPasses < Self.swapPassLimit && swapPass(instance, costEps: costEps) {
                swapPasses += 1
                continue
            }
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
            for k in near(i) {
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
