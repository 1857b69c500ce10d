import Optimizer
import Radio
import Support

/// What load-aware siting found (`Plan.capacity`; docs/capacity.md). Per-site arrays follow
/// `PlanNetwork.sites`.
public struct CapacityPlan: Sendable {
    public let settings: CapacitySettings
    /// Busy-hour Mbps per demand cell.
    public let trafficMbps: [Double]
    public let totalTrafficMbps: Double
    /// Traffic of cells the network does not cover (carried by no site).
    public let unservedMbps: Double
    /// Per site: capacity at the load target, and busy-hour load (Mbps).
    public let capacityMbps: [Double]
    public let loadMbps: [Double]
    /// Sites the capacity stage added: the last `addedCount` new sites of the network.
    public let addedCount: Int
    /// The coverage-only plan: its new sites, their cost, and how many of its sites the busy-hour
    /// load would put over capacity (best server).
    public let coverageOnlyNewSites: Int
    public let coverageOnlyCost: Double
    public let coverageOnlyOverloaded: Int
    /// A lower bound on the cost of the sites added for capacity, given the coverage sites, and its
    /// gap: best server `ReliefBound` (valid for every plan), split Beasley's Lagrangian bound of
    /// the capacitated facility-location problem.
    public let addedCostLowerBound: Double?
    public let gap: Double?
    /// Best server: the Lagrangian bound of the restricted instance (`CapacityInstance`), a bound
    /// for plans of relief candidates only.
    public let restrictedLowerBound: Double?
    /// The capacity solve: seconds, whether the time limit stopped it, what its phases did.
    public let solverSeconds: Double
    public let stoppedByTimeLimit: Bool
    public let statistics: FacilityLocationStatistics
    /// The facility-location instance solved (`CapacityInstance`): customers (demand cells),
    /// facilities (coverage sites and relief candidates) and allowed pairs; 0 when no coverage
    /// site was over capacity.
    public let instanceCustomers: Int
    public let instanceFacilities: Int
    public let instanceEntries: Int
    /// Builds the plan's capacity part: per-site figures in network order (`order`: columns of the
    /// network's sites), the coverage-only network being its first `coverageCount` sites.
    /// `networkMatrix` holds the RSRP of the network's sites (column k is site k, `order[k]`).
    init(
        settings: CapacitySettings, columns: RadioColumns, order: [Int], coverageCount: Int,
        result: CapacitySiting.Result, trafficMbps: [Double], networkMatrix: CoverageMatrix
    ) {
        self.settings = settings
        self.trafficMbps = trafficMbps
        totalTrafficMbps = trafficMbps.reduce(0, +)
        unservedMbps = result.unservedMbps
        capacityMbps = order.map { result.capacityByColumn[$0] }
        loadMbps = order.map { result.loadByColumn[$0] }
        addedCount = order.count - coverageCount
        let existing = columns.existingColumns.count
        coverageOnlyNewSites = coverageCount - existing
        coverageOnlyCost = order[existing..<coverageCount].reduce(0) { $0 + columns.sites[$1].cost }
        let coverageColumns = Array(order.prefix(coverageCount))
        let before = BestServerLoads(
            matrix: networkMatrix.columns(Array(0..<coverageCount)), trafficMbps: trafficMbps,
            tieOrder: coverageColumns)
        coverageOnlyOverloaded =
            zip(before.loadMbps, coverageColumns).filter { load, column in
                load > result.capacityByColumn[column] * (1 + 1e-9) + 1e-9
            }.count
        addedCostLowerBound = result.lowerBound
        restrictedLowerBound = result.restrictedLowerBound
        gap = result.gap
        solverSeconds = result.solverSeconds
        stoppedByTimeLimit = result.stoppedByTimeLimit
        statistics = result.statistics
        instanceCustomers = result.instanceCustomers
        instanceFacilities = result.instanceFacilities
        instanceEntries = result.instanceEntries
    }

    /// Per district (grid order): its busy-hour traffic, the new sites the coverage plan put in it
    /// and those added for capacity. A site belongs to the district of the demand cell under it,
    /// else of the first cell it covers.
    public private(set) var districts: [DistrictLoad] = []

    /// One district's traffic and new sites, and which constraint set their number.
    public struct DistrictLoad: Sendable {
        public var name: String
        public var trafficMbps: Double
        public var coverageSites: Int
        public var capacitySites: Int
        /// `capacity` when sites were added there for load, else `coverage`.
        public var limitedBy: String { capacitySites > 0 ? "capacity" : "coverage" }
    }

    mutating func assignDistricts(grid: DemandGrid, network: PlanNetwork, placements: [SitePlacement]) {
        var result = grid.districtNames.map {
            DistrictLoad(name: $0, trafficMbps: 0, coverageSites: 0, capacitySites: 0)
        }
        for cell in 0..<grid.cellCount { result[Int(grid.cellDistrict[cell])].trafficMbps += trafficMbps[cell] }
        let firstAdded = network.sites.count - addedCount
        for k in network.newIndices {
            var cell = -1
            if let square = GridSquares.square(of: placements[k].position, in: grid.spec) {
                cell = Int(grid.cellIndex[square])
            }
            if cell < 0, let k0 = network.matrix.entries(of: k).first { cell = Int(network.matrix.cells[k0]) }
            guard cell >= 0 else { continue }
            let d = Int(grid.cellDistrict[cell])
            if k >= firstAdded { result[d].capacitySites += 1 } else { result[d].coverageSites += 1 }
        }
        districts = result
    }

    /// The `q`-quantile (0…1) of the sites' utilisation, nearest rank (the smallest value with at
    /// least `q` of the sites at or below it); nil without sites.
    public func utilisationPercentile(_ q: Double) -> Double? { SiteLoads.percentile(utilisation, q) }

    /// Per site: whether it serves more than its capacity.
    public var overloaded: [Bool] { zip(loadMbps, capacityMbps).map { $0 > $1 * (1 + 1e-9) + 1e-9 } }
    /// Per site: load / capacity (0 for a site of no capacity and no load).
    public var utilisation: [Double] {
        zip(loadMbps, capacityMbps).map { load, capacity in capacity > 0 ? load / capacity : (load > 0 ? .infinity : 0)
        }
    }
}

/// The capacity stage: given the coverage plan (existing sites and the sites the covering problem
/// chose, all kept), open more candidate sites until every site carries its cells' busy-hour
/// traffic within its capacity, at least cost — a capacitated facility-location problem
/// (`FacilityLocationInstance`): facilities are the candidate and existing columns with their cost
/// and `SiteCapacity`, customers the demand cells with traffic, a cell may be served by the sites
/// that cover it, preferred by RSRP (`bestServer`) or shared (`split`). A cell the coverage plan
/// leaves uncovered may stay unserved (an always-open dummy facility of unlimited capacity, least
/// preferred), so capacity never forces coverage beyond the objective's target.
enum CapacitySiting {
    /// The capacity solve's share of the solver's default work budget.
    static let effortShare = 0.05

    struct Result {
        /// Columns added for capacity, by load (largest first).
        var added: [Int]
        /// Mbps per column (0 for columns not open).
        var loadByColumn: [Double]
        var capacityByColumn: [Double]
        var unservedMbps: Double
        var lowerBound: Double?
        /// Best server: the Lagrangian bound of the restricted instance (plans of relief candidates only).
        var restrictedLowerBound: Double?
        var gap: Double?
        var solverSeconds: Double
        var stoppedByTimeLimit: Bool
        var statistics: FacilityLocationStatistics
        /// The size of the facility-location instance solved (`CapacityInstance`; 0 when no site
        /// of the coverage plan was over capacity), and the coverage plan's overloaded sites.
        var instanceCustomers: Int
        var instanceFacilities: Int
        var instanceEntries: Int
        var overloadedCoverageSites: Int
        /// The entries, with RSRP, of the coverage sites then the added ones (`coverage + added`):
        /// the network's matrix.
        var networkMatrix: CoverageMatrix
    }

    /// Busy-hour Mbps per demand cell, and the traffic layer's warnings.
    static func traffic(_ settings: CapacitySettings, grid: DemandGrid, demand: DemandSettings) -> (
        [Double], [Problem]
    ) {
        switch settings.traffic {
        case .uniform(let density):
            return ([Double](repeating: density * grid.cellAreaSquareMeters / 1e6, count: grid.cellCount), [])
        case .layer(let layer, let rate):
            let layered = DemandLayering.apply(DemandSettings(cellMeters: demand.cellMeters, layers: [layer]), to: grid)
            return (layered.weights.map { $0 * rate }, layered.warnings)
        }
    }

    /// Solves the capacity stage for the coverage plan's columns `coverage` (existing and chosen).
    /// The RSRP of the columns it reads is `columns.matrix(of:study:threads:)`'s: built again
    /// unless the matrix keeps it (`CapacityInstance`).
    ///
    /// Once the instance is built, `columns` is left without its cells (`RadioColumns.withoutCells`):
    /// the solve and every later stage read only the RSRP of the coverage sites and the facilities,
    /// which the instance keeps (`Result.networkMatrix`), so the cells of every candidate (1.1 GB on
    /// the generated Guangzhou-sized city) are not held beside the facility-location solver's arrays.
    ///
    /// - Throws: `.infeasible` when some cell's traffic exceeds what any site reaching it carries.
    static func run(
        columns: inout RadioColumns, coverage: [Int], trafficMbps: [Double], settings: CapacitySettings,
        study: StudyArea, scenario: Scenario, options: PlanOptions
    ) throws(PlanningError) -> Result {
        let n = columns.sites.count
        let capacities = columns.placements.map { SiteCapacity.mbps($0.profile, settings: settings) }
        let rule: AssignmentRule = settings.assignment == .split ? .split : .bestServer
        let built = try buildInstance(
            columns: columns, coverage: coverage, capacities: capacities, trafficMbps: trafficMbps, rule: rule,
            study: study, threads: options.threads)
        columns = columns.withoutCells()
        HeapMemory.releaseFreePages()
        let instance = built.instance
        var loads = built.fixedLoadByColumn
        var unserved = built.unservedOutsideMbps
        guard instance.customerCount > 0 else {
            // No site over capacity (best server): nothing to add, the bound is 0 and met.
            return Result(
                added: [], loadByColumn: loads, capacityByColumn: capacities, unservedMbps: unserved, lowerBound: 0,
                restrictedLowerBound: nil, gap: 0, solverSeconds: 0, stoppedByTimeLimit: false,
                statistics: FacilityLocationStatistics(),
                instanceCustomers: 0, instanceFacilities: 0, instanceEntries: 0,
                overloadedCoverageSites: built.overloadedCoverageSites,
                networkMatrix: built.networkMatrix(of: coverage))
        }
        // A twentieth of the OR-Library work budget (2,000 passes over the matrix instead of
        // 40,000): radio instances have tens of thousands of customers, and the greedy start is
        // already close; the result still depends on work done, never on the clock.
        let solverOptions = SolverOptions(
            threads: options.threads,
            timeLimitSeconds: scenario.solver.timeLimitSeconds ?? options.solverTimeLimitSeconds,
            seed: scenario.seed, effort: (options.effort ?? scenario.solver.effort) * Self.effortShare)
        let solution: FacilityLocationSolution
        do {
            solution = try solveFacilityLocation(instance, rule: rule, options: solverOptions, greedyStart: true)
        } catch {
            throw .infeasible(describeFailure(error, scenario: scenario, capacities: capacities, settings: settings))
        }
        for (f, load) in zip(solution.openFacilities, solution.loads) {
            let j = built.columnOfFacility[f]
            if j >= 0 { loads[j] += load } else { unserved += load }
        }
        let forced = CapacityInstance.flags(coverage, count: n)
        let added = solution.openFacilities.map { built.columnOfFacility[$0] }.filter { $0 >= 0 && !forced[$0] }
            .sorted { (-loads[$0], $0) < (-loads[$1], $1) }
        // Best server: the relief bound holds for every plan; the Lagrangian bound only for plans
        // of the restricted instance (reported beside it). Split: the instance is whole.
        var lowerBound = solution.lowerBound
        var gap = solution.gap
        var restrictedBound: Double?
        if rule == .bestServer {
            restrictedBound = solution.lowerBound
            lowerBound = built.reliefLowerBound.map { min($0, solution.cost) }
            gap = lowerBound.map { solution.cost > 0 ? max(0, (solution.cost - $0) / solution.cost) : 0 }
        }
        return Result(
            added: added, loadByColumn: loads, capacityByColumn: capacities, unservedMbps: unserved,
            lowerBound: lowerBound, restrictedLowerBound: restrictedBound, gap: gap, solverSeconds: solution.seconds,
            stoppedByTimeLimit: solution.stoppedByTimeLimit, statistics: solution.statistics,
            instanceCustomers: instance.customerCount, instanceFacilities: instance.facilityCount - 1,
            instanceEntries: instance.entryCount, overloadedCoverageSites: built.overloadedCoverageSites,
            networkMatrix: built.networkMatrix(of: coverage + added))
    }

    /// The stage's facility-location instance on `columns`' matrix (`CapacityInstance`).
    private static func buildInstance(
        columns: RadioColumns, coverage: [Int], capacities: [Double], trafficMbps: [Double], rule: AssignmentRule,
        study: StudyArea, threads: Int
    ) throws(PlanningError) -> CapacityInstance {
        do {
            return try CapacityInstance(
                matrix: columns.matrix, coverage: coverage, capacities: capacities, costs: columns.sites.map(\.cost),
                trafficMbps: trafficMbps, rule: rule
            ) { columns.matrix(of: $0, study: study, threads: threads) }
        } catch {
            throw .infeasible("internal: the capacity instance is malformed: \(error)")
        }
    }

    static func describeFailure(
        _ error: OptimizerError, scenario: Scenario, capacities: [Double], settings: CapacitySettings
    ) -> String {
        let largest = Precision.hundredths.text(capacities.max() ?? 0)
        switch error {
        case .infeasibleFacilityLocation(let reason, _):
            return
                "\(scenario.file): capacity: the busy-hour traffic cannot be carried (\(reason)); the largest site carries \(largest) Mbps at load_target \(Precision.hundredths.text(settings.loadTarget)) — lower the traffic, use smaller demand cells (a cell is served whole by one site), add candidates or use assignment split"
        default:
            return "\(scenario.file): capacity: the solver failed: \(error)"
        }
    }
}
