/// A first feasible open set for large best-server (and split) instances, built up from the
/// always-open facilities: while some facility is loaded above its capacity or some customer has
/// no open facility, open the closed facility that removes the most violation (overload plus
/// unserved demand, under best-server assignment) per unit of fixed cost — the classic
/// add heuristic for facility location (Kuehn & Hamburger 1963), with violation instead of cost.
///
/// The scores are kept in a heap and re-evaluated lazily (CELF, Leskovec et al. 2007): the top
/// facility's score is recomputed, and it is opened when it still beats the next one's (possibly
/// stale) score. Opening a site changes the scores of its neighbours only, so a city-sized
/// instance with thousands of openings costs a few re-evaluations per opening instead of a pass
/// over every entry. When the heap runs dry, every score is recomputed once before giving up.
///
/// A set feasible under best server is feasible under split and single source too, so the result
/// starts any rule. Returns nil when no single opening reduces the violation any more.
///
/// - Complexity: O(entries) for the first scores and each rebuild, O(entries of the facility) per
///   re-evaluation.
enum GreedyOpening {
    static func construct(_ instance: FacilityLocationInstance, work: inout Int) -> [Int]? {
        var state = GreedyOpeningState(instance)
        var heap = PriorityHeap()
        var rebuilt = false
        /// Scores every closed facility afresh (the heap's keys are minus the score).
        func rebuild() {
            var keys: [Double] = []
            var ids: [Int32] = []
            for j in 0..<instance.facilityCount where state.isCandidate(j) {
                if let score = state.score(j) {
                    keys.append(-score)
                    ids.append(Int32(j))
                }
            }
            heap = PriorityHeap(keys: keys, ids: ids)
        }
        rebuild()
        while state.violated {
            guard let top = heap.pop() else {
                if rebuilt { return nil }
                rebuilt = true
                rebuild()
                continue
            }
            guard state.isCandidate(top.id), let score = state.score(top.id) else { continue }
            if let next = heap.top, -next.key > score {
                heap.push(-score, top.id)
                continue
            }
            state.open(top.id)
            rebuilt = false
        }
        work += state.work
        return (0..<instance.facilityCount).filter { state.isOpen[$0] }
    }
}

/// The best-server state of `GreedyOpening`: open facilities, each customer's server, loads and
/// the total violation (overload plus unserved demand), kept up to date as facilities open.
struct GreedyOpeningState {
    let instance: FacilityLocationInstance
    var isOpen: [Bool]
    /// Per customer: the entry of its server, or −1.
    var serverEntry: [Int]
    var load: [Double]
    var violation = 0.0
    var work = 0
    let eps: Double
    let minimumCost: Double
    private var moved: [Double]
    private var touched: [Int] = []

    init(_ instance: FacilityLocationInstance) {
        self.instance = instance
        let n = instance.facilityCount
        isOpen = instance.alwaysOpenFlags
        serverEntry = [Int](repeating: -1, count: instance.customerCount)
        load = [Double](repeating: 0, count: n)
        moved = [Double](repeating: 0, count: n)
        eps = 1e-9 * max(1, instance.totalDemand)
        minimumCost = max(1e-9, instance.fixedCosts.filter { $0 > 0 }.min() ?? 1)
        for i in 0..<instance.customerCount {
            for k in instance.entries(ofCustomer: i) where isOpen[Int(instance.customerFacilities[k])] {
                if beats(k, serverEntry[i]) { serverEntry[i] = k }
            }
            if serverEntry[i] >= 0 { load[Int(instance.customerFacilities[serverEntry[i]])] += instance.demands[i] }
        }
        work += instance.entryCount
        violation = totalViolation()
    }

    var violated: Bool { violation > eps }

    func isCandidate(_ j: Int) -> Bool { !isOpen[j] && instance.capacities[j] > 0 }

    /// Whether entry `k` beats entry `current` (higher preference, ties to the lower facility).
    func beats(_ k: Int, _ current: Int) -> Bool {
        guard current >= 0 else { return true }
        let (a, b) = (instance.preference(ofEntry: k), instance.preference(ofEntry: current))
        return a != b ? a > b : instance.customerFacilities[k] < instance.customerFacilities[current]
    }

    func over(_ j: Int, _ value: Double) -> Double { max(0, value - instance.capacities[j]) }

    func totalViolation() -> Double {
        var total = 0.0
        for j in 0..<instance.facilityCount { total += over(j, load[j]) }
        for i in 0..<instance.customerCount where serverEntry[i] < 0 { total += instance.demands[i] }
        return total
    }

    /// Violation removed per unit of fixed cost if `j` opened, or nil when it removes none.
    mutating func score(_ j: Int) -> Double? {
        var taken = 0.0
        var unservedTaken = 0.0
        for p in instance.facilityStarts[j]..<instance.facilityStarts[j + 1] {
            let i = Int(instance.facilityCustomers[p])
            let k = instance.facilityEntries[p]
            guard beats(k, serverEntry[i]) else { continue }
            let d = instance.demands[i]
            taken += d
            if serverEntry[i] < 0 {
                unservedTaken += d
            } else {
                let s = Int(instance.customerFacilities[serverEntry[i]])
                if moved[s] == 0 { touched.append(s) }
                moved[s] += d
            }
        }
        work += instance.facilityStarts[j + 1] - instance.facilityStarts[j]
        var delta = over(j, taken) - unservedTaken
        for s in touched {
            delta += over(s, load[s] - moved[s]) - over(s, load[s])
            moved[s] = 0
        }
        touched.removeAll(keepingCapacity: true)
        guard delta < -eps else { return nil }
        return -delta / max(instance.fixedCosts[j], minimumCost)
    }

    /// Opens `j`: it takes every customer it beats the current server on.
    mutating func open(_ j: Int) {
        isOpen[j] = true
        var changed = [j]
        var before = over(j, load[j])
        for p in instance.facilityStarts[j]..<instance.facilityStarts[j + 1] {
            let i = Int(instance.facilityCustomers[p])
            let k = instance.facilityEntries[p]
            guard beats(k, serverEntry[i]) else { continue }
            if serverEntry[i] >= 0 {
                let s = Int(instance.customerFacilities[serverEntry[i]])
                if moved[s] == 0 {
                    moved[s] = 1
                    changed.append(s)
                    before += over(s, load[s])
                }
                load[s] -= instance.demands[i]
            } else {
                violation -= instance.demands[i]
            }
            serverEntry[i] = k
            load[j] += instance.demands[i]
        }
        work += instance.facilityStarts[j + 1] - instance.facilityStarts[j]
        var after = 0.0
        for s in changed {
            after += over(s, load[s])
            moved[s] = 0
        }
        violation += after - before
        // Guard against drift: confirm "no violation left" on the exact sum.
        if !violated { violation = totalViolation() }
    }
}
