/// The best-server assignment of a fixed set of open facilities: every customer is served whole
/// by its most preferred open allowed facility (highest `preference`, ties to the lower id) — the
/// closest-assignment rule (Gerrard & Church 1996), as a radio cell is served by its strongest
/// chosen site. The assignment is forced by the open set, so it is exact; the set is feasible when
/// every customer has an open allowed facility and no facility is loaded above its capacity.
///
/// `violation` measures how far an infeasible set is from feasible (unserved demand plus overload),
/// so a repair can open the facilities that reduce it most.
///
/// - Complexity: O(nnz) per evaluation (customers' lists are kept in preference order).
struct BestServerAssignment {
    /// Per customer, its entries in preference order (a permutation of its CSR slice).
    private let preferenceOrder: [Int32]
    private(set) var server: [Int32]
    private(set) var serverEntry: [Int32]
    private(set) var load: [Double]
    private var isOpen: [Bool]
    /// Unserved demand plus Σ overload of the last evaluation (0 when feasible).
    private(set) var violation = 0.0
    private(set) var work = 0

    init(_ instance: FacilityLocationInstance) {
        var order: [Int32] = []
        order.reserveCapacity(instance.entryCount)
        for i in 0..<instance.customerCount {
            let entries = instance.entries(ofCustomer: i).sorted { a, b in
                let (pa, pb) = (instance.preference(ofEntry: a), instance.preference(ofEntry: b))
                return pa != pb ? pa > pb : instance.customerFacilities[a] < instance.customerFacilities[b]
            }
            order.append(contentsOf: entries.map { Int32($0) })
        }
        preferenceOrder = order
        server = [Int32](repeating: -1, count: instance.customerCount)
        serverEntry = [Int32](repeating: -1, count: instance.customerCount)
        load = [Double](repeating: 0, count: instance.facilityCount)
        isOpen = [Bool](repeating: false, count: instance.facilityCount)
    }

    /// Assigns every customer to its best open server; returns the assignment cost, or `nil` when
    /// the set is infeasible (then `violation` > 0).
    mutating func solve(_ instance: FacilityLocationInstance, open: [Int]) -> Double? {
        for j in 0..<instance.facilityCount {
            isOpen[j] = false
            load[j] = 0
        }
        for j in open { isOpen[j] = true }
        var cost = 0.0
        var unserved = 0.0
        for i in 0..<instance.customerCount {
            server[i] = -1
            serverEntry[i] = -1
            for p in instance.entries(ofCustomer: i) {
                let k = Int(preferenceOrder[p])
                let j = Int(instance.customerFacilities[k])
                if isOpen[j] {
                    server[i] = Int32(j)
                    serverEntry[i] = Int32(k)
                    load[j] += instance.demands[i]
                    cost += instance.assignmentCosts[k]
                    break
                }
            }
            if server[i] < 0 { unserved += max(instance.demands[i], 1e-9) }
        }
        var overload = 0.0
        let eps = 1e-9 * max(1, instance.totalDemand)
        for j in open where load[j] > instance.capacities[j] + eps { overload += load[j] - instance.capacities[j] }
        work += instance.entryCount
        violation = unserved + overload
        return violation > 0 ? nil : cost
    }
}
