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
    /// The solver's lower bound on the cost of the sites added for capacity, given the coverage
    /// sites (Beasley's Lagrangian bound of the capacitated facility-location problem), and its gap.
    public let addedCostLowerBound: Double?
    public let gap: Double?
    /// The capacity solve: seconds, whether the time limit stopped it, what its phases did.
    public let solverSeconds: Double
    public let stoppedByTimeLimit: Bool
    public let statistics: FacilityLocationStatistics
    /// Builds the plan's capacity part: per-site figures in network order (`order`: columns of the
    /// network's sites), the coverage-only network being its first `coverageCount` sites.
    init(
        settings: CapacitySettings, columns: RadioColumns, order: [Int], coverageCount: Int,
        result: CapacitySiting.Result, trafficMbps: [Double]
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
            matrix: columns.matrix.columns(coverageColumns), trafficMbps: trafficMbps, tieOrder: coverageColumns)
        coverageOnlyOverloaded =
            zip(before.loadMbps, coverageColumns).filter { load, column in
                load > result.capacityByColumn[column] * (1 + 1e-9) + 1e-9
            }.count
        addedCostLowerBound = result.lowerBound
        gap = result.gap
        solverSeconds = result.solverSeconds
        stoppedByTimeLimit = result.stoppedByTimeLimit
        statistics = result.statistics
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
        var gap: Double?
        var solverSeconds: Double
        var stoppedByTimeLimit: Bool
        var statistics: FacilityLocationStatistics
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
    ///
    /// - Throws: `.infeasible` when some cell's traffic exceeds what any site reaching it carries.
    // Long because: builds the instance, solves it and maps the solution back on the same locals
    // (columns, dummy, capacities); the steps are commented in order.
    static func run(
        columns: RadioColumns, coverage: [Int], trafficMbps: [Double], settings: CapacitySettings,
        scenario: Scenario, options: PlanOptions
    ) throws(PlanningError) -> Result {
        let matrix = columns.matrix
        let n = matrix.siteCount
        let dummy = n
        let capacities = columns.placements.map { SiteCapacity.mbps($0.profile, settings: settings) }
        let coveredByPlan = matrix.coveredCells(by: coverage)
        // Customer lists: the transpose of the coverage matrix on cells with traffic.
        var customerOfCell = [Int32](repeating: -1, count: matrix.cellCount)
        var cellOfCustomer: [Int] = []
        for cell in 0..<matrix.cellCount where trafficMbps[cell] > 0 {
            customerOfCell[cell] = Int32(cellOfCustomer.count)
            cellOfCustomer.append(cell)
        }
        var lists = [[(facility: UInt32, rsrp: Int16)]](repeating: [], count: cellOfCustomer.count)
        for j in 0..<n {
            for k in matrix.entries(of: j) {
                let customer = customerOfCell[Int(matrix.cells[k])]
                if customer >= 0 { lists[Int(customer)].append((UInt32(j), matrix.rsrpCentiDBm[k])) }
            }
        }
        var starts = [0]
        var facilities: [UInt32] = []
        var preferences: [Double] = []
        var demands: [Double] = []
        var unserved = 0.0
        for (customer, cell) in cellOfCustomer.enumerated() {
            let list = lists[customer]
            if list.isEmpty {
                unserved += trafficMbps[cell]
                continue
            }
            for entry in list {
                facilities.append(entry.facility)
                preferences.append(Double(entry.rsrp))
            }
            if !coveredByPlan[cell] {
                facilities.append(UInt32(dummy))
                preferences.append(-1e9)
            }
            demands.append(trafficMbps[cell])
            starts.append(facilities.count)
        }
        let instance: FacilityLocationInstance
        do {
            instance = try FacilityLocationInstance(
                fixedCosts: columns.sites.map(\.cost) + [0], capacities: capacities + [.infinity], demands: demands,
                customerStarts: starts, customerFacilities: facilities,
                assignmentCosts: [Double](repeating: 0, count: facilities.count), preferences: preferences,
                alwaysOpen: coverage + [dummy])
        } catch {
            throw .infeasible("internal: the capacity instance is malformed: \(error)")
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
            solution = try solveFacilityLocation(
                instance, rule: settings.assignment == .split ? .split : .bestServer, options: solverOptions,
                greedyStart: true)
        } catch {
            throw .infeasible(describeFailure(error, scenario: scenario, capacities: capacities, settings: settings))
        }
        var loads = [Double](repeating: 0, count: n)
        for (j, load) in zip(solution.openFacilities, solution.loads) where j < n { loads[j] = load }
        if let d = solution.openFacilities.firstIndex(of: dummy) { unserved += solution.loads[d] }
        let forced = Set(coverage)
        let added = solution.openFacilities.filter { $0 < n && !forced.contains($0) }.sorted {
            (-loads[$0], $0) < (-loads[$1], $1)
        }
        return Result(
            added: added, loadByColumn: loads, capacityByColumn: capacities, unservedMbps: unserved,
            lowerBound: solution.lowerBound, gap: solution.gap, solverSeconds: solution.seconds,
            stoppedByTimeLimit: solution.stoppedByTimeLimit, statistics: solution.statistics)
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
