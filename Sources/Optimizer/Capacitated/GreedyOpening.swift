/// A first feasible open set for large best-server (and split) instances, built up from the
/// always-open facilities: while some facility is loaded above its capacity or some customer has
/// no open facility, open the closed facility that removes the most violation (overload plus
/// unserved demand, under best-server assignment) per unit of fixed cost — the classic
/// add heuristic for facility location (Kuehn & Hamburger 1963), with violation instead of cost.
///
/// A set feasible under best server is feasible under split and single source too, so the result
/// starts any rule. Returns nil when no single opening reduces the violation any more.
///
/// - Complexity: O(entries) per opening (every closed facility's customers are scanned once).
enum GreedyOpening {
    static func construct(_ instance: FacilityLocationInstance, work: inout Int) -> [Int]? {
        let n = instance.facilityCount
        let m = instance.customerCount
        var isOpen = instance.alwaysOpenFlags
        var serverEntry = [Int](repeating: -1, count: m)
        var load = [Double](repeating: 0, count: n)
        func preference(_ k: Int) -> Double { instance.preference(ofEntry: k) }
        /// Whether entry `k` beats entry `current` (higher preference, ties to the lower facility).
        func beats(_ k: Int, _ current: Int) -> Bool {
            guard current >= 0 else { return true }
            let (a, b) = (preference(k), preference(current))
            return a != b ? a > b : instance.customerFacilities[k] < instance.customerFacilities[current]
        }
        for i in 0..<m {
            for k in instance.entries(ofCustomer: i) where isOpen[Int(instance.customerFacilities[k])] {
                if beats(k, serverEntry[i]) { serverEntry[i] = k }
            }
            if serverEntry[i] >= 0 { load[Int(instance.customerFacilities[serverEntry[i]])] += instance.demands[i] }
        }
        work += instance.entryCount
        let eps = 1e-9 * max(1, instance.totalDemand)
        func over(_ j: Int, _ value: Double) -> Double { max(0, value - instance.capacities[j]) }
        var violation = 0.0
        for j in 0..<n { violation += over(j, load[j]) }
        for i in 0..<m where serverEntry[i] < 0 { violation += instance.demands[i] }
        var moved = [Double](repeating: 0, count: n)
        var touched: [Int] = []
        let minimumCost = max(1e-9, instance.fixedCosts.filter { $0 > 0 }.min() ?? 1)
        while violation > eps {
            var best = -1
            var bestScore = 0.0
            for j in 0..<n where !isOpen[j] && instance.capacities[j] > 0 {
                // Customers j would take: those it beats their current server on.
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
                var delta = over(j, taken) - unservedTaken
                for s in touched {
                    delta += over(s, load[s] - moved[s]) - over(s, load[s])
                    moved[s] = 0
                }
                touched.removeAll(keepingCapacity: true)
                let score = -delta / max(instance.fixedCosts[j], minimumCost)
                if delta < -eps && score > bestScore {
                    bestScore = score
                    best = j
                }
            }
            work += instance.entryCount
            guard best >= 0 else { return nil }
            isOpen[best] = true
            for p in instance.facilityStarts[best]..<instance.facilityStarts[best + 1] {
                let i = Int(instance.facilityCustomers[p])
                let k = instance.facilityEntries[p]
                guard beats(k, serverEntry[i]) else { continue }
                if serverEntry[i] >= 0 { load[Int(instance.customerFacilities[serverEntry[i]])] -= instance.demands[i] }
                serverEntry[i] = k
                load[best] += instance.demands[i]
            }
            violation = 0
            for j in 0..<n { violation += over(j, load[j]) }
            for i in 0..<m where serverEntry[i] < 0 { violation += instance.demands[i] }
        }
        return (0..<n).filter { isOpen[$0] }
    }
}
