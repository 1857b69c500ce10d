/// A capacitated facility-location problem on a sparse assignment matrix: **facilities** (columns:
/// candidate sites) with a fixed opening cost and a capacity, **customers** (rows: demand cells)
/// with a demand, and the allowed (customer, facility) pairs with the cost of serving the customer
/// from that facility.
///
/// Formulation (the strong form, Cornuéjols, Sridharan & Thizy 1991): `y_j ∈ {0,1}` facility `j`
/// open, `x_ij ≥ 0` the fraction of customer `i`'s demand served by `j`, `A` the allowed pairs,
/// `c_ij` the cost of serving **all** of `i`'s demand from `j` (OR-Library's convention; a cost per
/// unit `u_ij` is `c_ij = u_ij d_i`), `D = Σ_i d_i`, `O` the facilities that are always open:
///
///     min  Σ_j f_j y_j + Σ_{(i,j)∈A} c_ij x_ij
///     s.t. Σ_{j:(i,j)∈A} x_ij = 1        for every customer i       (demand)
///          Σ_i d_i x_ij ≤ s_j y_j         for every facility j       (capacity)
///          x_ij ≤ y_j                     for every (i,j) ∈ A        (strong linking)
///          y_j = 1 for j ∈ O,  y ∈ {0,1},  x ≥ 0
///
/// The `AssignmentRule` restricts `x`: `split` as above (multi-source CFLP); `singleSource`
/// `x_ij ∈ {0,1}` (SSCFLP); `bestServer` `x_ij ∈ {0,1}` and each customer served by its most
/// preferred open facility — the closest-assignment constraints `Σ_{k ⪰_i j} x_ik ≥ y_j` (Wagner &
/// Falkson 1975; Gerrard & Church 1996), as a radio cell is served by its strongest chosen site.
/// Each rule is a restriction of the one before, so a lower bound for `split` is one for
/// `singleSource`, and one for `singleSource` is one for `bestServer`.
///
/// The lower bound (Beasley 1988, EJOR 33 "An algorithm for solving large capacitated warehouse
/// location problems"): relax the demand constraints with free multipliers `λ_i` and add the
/// redundant aggregate capacity `Σ_j s_j y_j ≥ D`; then
///
///     L(λ) = Σ_i λ_i + min { Σ_j (f_j − g_j(λ)) y_j : Σ_j s̄_j y_j ≥ D, y_O = 1, y ∈ {0,1} },
///     g_j(λ) = max { Σ_i (λ_i − c_ij) x_ij : Σ_i d_i x_ij ≤ s̄_j, 0 ≤ x_ij ≤ 1 },
///
/// one knapsack per facility (continuous for `split`; 0-1 for the single-source rules) and one
/// 0-1 knapsack over the facilities; `s̄_j = min(s_j, D)`. See `CapacitatedLagrangian`.
///
/// Layout: CSR by customer (`customerStarts`, `customerFacilities` ascending, `assignmentCosts` and
/// optional `preferences` per entry) and its transpose by facility (`facilityStarts`,
/// `facilityCustomers`, `facilityEntries` = the customer-CSR index of each entry).
///
/// Invariants (checked in `init`): every count and offset consistent; costs, demands finite and
/// ≥ 0; capacities ≥ 0 (`+∞` allowed: uncapacitated); facility ids in range and unique within a
/// customer; always-open ids in range.
///
/// - Complexity: `init` is O(nnz log(nnz per customer) + m + n).
public struct FacilityLocationInstance: Sendable {
    /// How assignment costs are given to `init`.
    public enum CostBasis: Sendable {
        /// The cost of serving all of the customer's demand from the facility (OR-Library).
        case perCustomer
        /// The cost per unit of demand (multiplied by the customer's demand).
        case perUnit
    }

    /// Fixed opening cost per facility (≥ 0; ignored for always-open facilities, which cost 0).
    public let fixedCosts: [Double]
    /// Capacity per facility (≥ 0, may be `+∞`).
    public let capacities: [Double]
    /// Demand per customer (≥ 0).
    public let demands: [Double]
    /// `customerStarts[i] ..< customerStarts[i + 1]` indexes the entries of customer `i`.
    public let customerStarts: [Int]
    /// Allowed facility of each entry, ascending within a customer.
    public let customerFacilities: [UInt32]
    /// `c_ij` of each entry: the cost of serving all of the customer's demand from the facility.
    public let assignmentCosts: [Double]
    /// Best-server preference of each entry (higher = preferred; ties go to the lower facility id),
    /// or `nil` (then the preference is the lower assignment cost).
    public let preferences: [Double]?
    /// `facilityStarts[j] ..< facilityStarts[j + 1]` indexes the entries of facility `j`.
    public let facilityStarts: [Int]
    /// Customer of each facility entry, ascending within a facility.
    public let facilityCustomers: [UInt32]
    /// Index into the customer CSR (`assignmentCosts`, …) of each facility entry.
    public let facilityEntries: [Int]
    /// Facilities that are always open at zero fixed cost (existing sites), ascending.
    public let alwaysOpen: [Int]
    /// Σ demands.
    public let totalDemand: Double
    /// `alwaysOpenFlags[j]` is true when facility `j` is always open.
    public let alwaysOpenFlags: [Bool]
    /// True when every assignment cost is 0 (only fixed costs count, as in radio capacity siting):
    /// every feasible assignment is then optimal and the transportation duals are all 0.
    public let assignmentCostsAreZero: Bool

    /// Number of facilities (columns).
    public var facilityCount: Int { fixedCosts.count }
    /// Number of customers (rows).
    public var customerCount: Int { demands.count }
    /// Number of allowed (customer, facility) pairs.
    public var entryCount: Int { customerFacilities.count }

    /// Creates an instance from the customer-wise CSR of allowed pairs.
    ///
    /// - Parameters:
    ///   - fixedCosts, capacities: one per facility.
    ///   - demands: one per customer.
    ///   - customerStarts: `demands.count + 1` offsets into `customerFacilities`.
    ///   - customerFacilities: allowed facilities of each customer (any order; sorted here).
    ///   - assignmentCosts: one per entry, in `basis`.
    ///   - preferences: optional best-server preference per entry (higher = preferred).
    ///   - alwaysOpen: facilities always open at no fixed cost.
    /// - Throws: `OptimizerError.malformedInstance` naming the first inconsistency.
    public init(
        fixedCosts: [Double], capacities: [Double], demands: [Double], customerStarts: [Int],
        customerFacilities: [UInt32], assignmentCosts: [Double], basis: CostBasis = .perCustomer,
        preferences: [Double]? = nil, alwaysOpen: [Int] = []
    ) throws(OptimizerError) {
        let n = fixedCosts.count
        let m = demands.count
        try Self.validate(
            fixedCosts: fixedCosts, capacities: capacities, demands: demands, customerStarts: customerStarts,
            customerFacilities: customerFacilities, assignmentCosts: assignmentCosts, preferences: preferences,
            alwaysOpen: alwaysOpen)
        // Sort each customer's entries by facility id (costs and preferences follow).
        var facilities = customerFacilities
        var costs = assignmentCosts
        var prefs = preferences
        for i in 0..<m {
            let range = customerStarts[i]..<customerStarts[i + 1]
            var order = Array(range)
            order.sort { customerFacilities[$0] < customerFacilities[$1] }
            for (k, e) in zip(range, order) {
                facilities[k] = customerFacilities[e]
                costs[k] = basis == .perUnit ? assignmentCosts[e] * demands[i] : assignmentCosts[e]
                prefs?[k] = preferences![e]
            }
            for k in range.dropFirst() where facilities[k] == facilities[k - 1] {
                throw .malformedInstance("customer \(i) lists facility \(facilities[k]) twice")
            }
        }
        self.fixedCosts = fixedCosts
        self.capacities = capacities
        self.demands = demands
        self.customerStarts = customerStarts
        self.customerFacilities = facilities
        self.assignmentCosts = costs
        assignmentCostsAreZero = costs.allSatisfy { $0 == 0 }
        self.preferences = prefs
        self.alwaysOpen = Array(Set(alwaysOpen)).sorted()
        var flags = [Bool](repeating: false, count: n)
        for j in alwaysOpen { flags[j] = true }
        alwaysOpenFlags = flags
        totalDemand = demands.reduce(0, +)
        let (starts, customers) = transpose(rowCount: n, columnStarts: customerStarts, columnRows: facilities)
        facilityStarts = starts
        facilityCustomers = customers
        // The customer-CSR index of each facility entry: walk customers in order, as the transpose did.
        var next = Array(starts.dropLast())
        var entries = [Int](repeating: 0, count: facilities.count)
        for i in 0..<m {
            for k in customerStarts[i]..<customerStarts[i + 1] {
                let j = Int(facilities[k])
                entries[next[j]] = k
                next[j] += 1
            }
        }
        facilityEntries = entries
    }

    /// Creates a dense instance: every customer may use every facility; `costs[i][j]` in `basis`.
    public init(
        fixedCosts: [Double], capacities: [Double], demands: [Double], costs: [[Double]],
        basis: CostBasis = .perCustomer, preferences: [[Double]]? = nil, alwaysOpen: [Int] = []
    ) throws(OptimizerError) {
        let n = fixedCosts.count
        guard costs.count == demands.count else {
            throw .malformedInstance("costs has \(costs.count) rows, expected one per customer (\(demands.count))")
        }
        for (i, row) in costs.enumerated() where row.count != n {
            throw .malformedInstance("costs[\(i)] has \(row.count) entries, expected one per facility (\(n))")
        }
        try self.init(
            fixedCosts: fixedCosts, capacities: capacities, demands: demands,
            customerStarts: (0...demands.count).map { $0 * n },
            customerFacilities: (0..<demands.count).flatMap { _ in (0..<n).map { UInt32($0) } },
            assignmentCosts: costs.flatMap { $0 }, basis: basis, preferences: preferences?.flatMap { $0 },
            alwaysOpen: alwaysOpen)
    }

    /// The entries (indices into the customer CSR) of customer `i`.
    @inlinable public func entries(ofCustomer i: Int) -> Range<Int> { customerStarts[i]..<customerStarts[i + 1] }

    /// The capacity a facility can use: `min(s_j, D)` (it never serves more than the total demand).
    @inlinable public func usableCapacity(_ j: Int) -> Double { min(capacities[j], totalDemand) }

    /// The preference of entry `k` for best-server assignment (higher = preferred).
    @inlinable public func preference(ofEntry k: Int) -> Double { preferences?[k] ?? -assignmentCosts[k] }

    private static func validate(
        fixedCosts: [Double], capacities: [Double], demands: [Double], customerStarts: [Int],
        customerFacilities: [UInt32], assignmentCosts: [Double], preferences: [Double]?, alwaysOpen: [Int]
    ) throws(OptimizerError) {
        let n = fixedCosts.count
        let m = demands.count
        guard n <= Int(UInt32.max), m <= Int(UInt32.max) else {
            throw .malformedInstance("more than \(UInt32.max) facilities or customers")
        }
        guard capacities.count == n else {
            throw .malformedInstance("capacities has \(capacities.count) entries, expected one per facility (\(n))")
        }
        guard customerStarts.count == m + 1, customerStarts.first == 0,
            customerStarts.last == customerFacilities.count
        else {
            throw .malformedInstance(
                "customerStarts must have \(m + 1) entries running from 0 to \(customerFacilities.count)")
        }
        guard assignmentCosts.count == customerFacilities.count else {
            throw .malformedInstance(
                "assignmentCosts has \(assignmentCosts.count) entries, expected one per pair (\(customerFacilities.count))"
            )
        }
        if let preferences, preferences.count != customerFacilities.count {
            throw .malformedInstance(
                "preferences has \(preferences.count) entries, expected one per pair (\(customerFacilities.count))")
        }
        for j in 0..<n {
            guard fixedCosts[j].isFinite, fixedCosts[j] >= 0 else {
                throw .malformedInstance(
                    "fixed cost of facility \(j) is \(fixedCosts[j]), expected a finite number ≥ 0")
            }
            guard capacities[j] >= 0, !capacities[j].isNaN else {
                throw .malformedInstance("capacity of facility \(j) is \(capacities[j]), expected a number ≥ 0")
            }
        }
        for i in 0..<m {
            guard demands[i].isFinite, demands[i] >= 0 else {
                throw .malformedInstance("demand of customer \(i) is \(demands[i]), expected a finite number ≥ 0")
            }
            guard customerStarts[i] <= customerStarts[i + 1] else {
                throw .malformedInstance("customerStarts decreases at customer \(i)")
            }
        }
        for k in 0..<customerFacilities.count {
            guard Int(customerFacilities[k]) < n else {
                throw .malformedInstance("pair \(k) names facility \(customerFacilities[k]), but there are \(n)")
            }
            guard assignmentCosts[k].isFinite, assignmentCosts[k] >= 0 else {
                throw .malformedInstance(
                    "assignment cost of pair \(k) is \(assignmentCosts[k]), expected a finite number ≥ 0")
            }
            if let preferences, !preferences[k].isFinite {
                throw .malformedInstance("preference of pair \(k) is \(preferences[k]), expected a finite number")
            }
        }
        for j in alwaysOpen where j < 0 || j >= n {
            throw .malformedInstance("always-open facility \(j) is out of range 0..<\(n)")
        }
    }
}
