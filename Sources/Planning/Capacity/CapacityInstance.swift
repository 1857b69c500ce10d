import Optimizer

/// The capacitated facility-location instance of the capacity stage (`CapacitySiting`), built from
/// the coverage matrix and the coverage plan's columns.
///
/// **Best server: restricted to where load can move.** Under best-server assignment with every
/// coverage site kept open, opening a candidate only moves the cells it serves best; so the
/// instance holds
/// - the *relief candidates* `F`: candidate columns that reach at least one cell with traffic
///   whose best server in the coverage plan is over capacity (the only openings that take load off
///   an overloaded site),
/// - the customers `C`: the cells with traffic that some relief candidate reaches,
/// - the coverage sites, each with its capacity less the *fixed* load of the cells outside `C` it
///   serves best (no candidate of `F` reaches those cells, so their server never changes).
///
/// Every plan of the restricted instance, read back on the whole matrix, has the same loads (the
/// cells outside `C` keep their server), so a plan feasible here is feasible in full. The
/// restriction leaves out chains — opening a candidate that relieves no overloaded site but some
/// candidate that was opened for load — and the Lagrangian bound is the bound of the restricted
/// problem (docs/capacity.md). On the Guangzhou-sized city it cuts the instance from every
/// entry of the matrix (287 M) to the overloaded centres'. Without an overloaded site the instance
/// is empty and nothing is added. The bound reported for best server is `ReliefBound`, valid for
/// every plan.
///
/// **Split**: the whole matrix (a cell may move to any site that reaches it, so no cell's server is
/// fixed).
struct CapacityInstance {
    let instance: FacilityLocationInstance
    /// Matrix column of each facility; the last facility is the dummy (`-1`) when there is one.
    let columnOfFacility: [Int]
    /// Per column: load from cells outside the instance, which keep their coverage-plan server.
    let fixedLoadByColumn: [Double]
    /// Traffic of cells no site reaches, and of cells outside the instance the coverage plan leaves uncovered.
    let unservedOutsideMbps: Double
    /// Sites of the coverage plan over capacity under best server (before the stage).
    let overloadedCoverageSites: Int
    /// Best server: `ReliefBound`, a lower bound on the added cost valid for every plan that keeps
    /// the coverage sites (nil for split, or when the candidates cannot shed the excess).
    let reliefLowerBound: Double?
    /// The entries, with RSRP, of every column a plan of the stage can hold — the coverage sites
    /// and the facilities (column k is `siteColumns[k]`) — kept so that the network's matrix
    /// (`networkMatrix(of:)`) needs neither the whole matrix's cells nor a third build of its columns.
    let siteRSRP: CoverageMatrix
    let siteColumns: [Int]

    var dummy: Int { columnOfFacility.count - 1 }

    /// Builds the instance (see the type's comment).
    ///
    /// - Parameters:
    ///   - matrix: every column's cells; its RSRP is not read (it may have none).
    ///   - rsrp: the matrix of the given columns, in that order, with every entry's RSRP
    ///     (`RadioColumns.matrix(of:study:threads:)`). Only the columns the stage reads are asked
    ///     for — the coverage sites, then the facilities — so a best-server stage never holds the
    ///     RSRP of the candidates that relieve no overloaded site (on the Guangzhou-sized city, 33 k
    ///     of 218 k columns are asked for, and the 435 MB of RSRP of the whole matrix is never held).
    /// - Throws: `OptimizerError.malformedInstance` (internal).
    init(
        matrix: CoverageMatrix, coverage: [Int], capacities: [Double], costs: [Double], trafficMbps: [Double],
        rule: AssignmentRule, rsrp: (_ columns: [Int]) -> CoverageMatrix
    ) throws(OptimizerError) {
        let n = matrix.siteCount
        let isCoverage = Self.flags(coverage, count: n)
        let coverageRSRP = rsrp(coverage)
        let served = BestServerLoads(matrix: coverageRSRP, trafficMbps: trafficMbps, tieOrder: coverage)
            .renamed(coverage, siteCount: n)
        var overloadedSite = [Bool](repeating: false, count: n)
        for j in coverage where served.loadMbps[j] > capacities[j] * (1 + 1e-9) + 1e-9 { overloadedSite[j] = true }
        overloadedCoverageSites = coverage.filter { overloadedSite[$0] }.count
        // Customers and facilities.
        var inInstance = [Bool](repeating: false, count: matrix.cellCount)
        var facilityColumns: [Int]
        // Per cell: it has traffic and its coverage-plan server is overloaded (best server).
        var hot = [Bool](repeating: false, count: matrix.cellCount)
        if rule == .split {
            for cell in 0..<matrix.cellCount where trafficMbps[cell] > 0 { inInstance[cell] = true }
            facilityColumns = Array(0..<n)
        } else {
            for cell in 0..<matrix.cellCount where trafficMbps[cell] > 0 {
                let s = served.server[cell]
                hot[cell] = s >= 0 && overloadedSite[Int(s)]
            }
            facilityColumns = []
            for j in 0..<n where !isCoverage[j] && capacities[j] > 0 {
                guard matrix.entries(of: j).contains(where: { hot[Int(matrix.cells[$0])] }) else { continue }
                facilityColumns.append(j)
                for k in matrix.entries(of: j) where trafficMbps[Int(matrix.cells[k])] > 0 {
                    inInstance[Int(matrix.cells[k])] = true
                }
            }
            if !facilityColumns.isEmpty { facilityColumns = (facilityColumns + coverage).sorted() }
        }
        // The facilities' entries with their RSRP: column f is `facilityColumns[f]`.
        let facilities =
            facilityColumns.isEmpty
            ? CoverageMatrix(cellCount: matrix.cellCount, columnStarts: [0], cells: [], rsrpCentiDBm: [])
            : rsrp(facilityColumns)
        // The facilities include the coverage sites when there are any.
        (siteRSRP, siteColumns) = facilityColumns.isEmpty ? (coverageRSRP, coverage) : (facilities, facilityColumns)
        reliefLowerBound =
            rule == .split
            ? nil
            : ReliefBound.lowerBound(
                facilities: facilities, columns: facilityColumns, isCoverage: isCoverage, served: served,
                overloaded: overloadedSite, hot: hot, capacities: capacities, costs: costs, trafficMbps: trafficMbps)
        // Fixed loads: cells outside the instance keep their coverage-plan server.
        var fixed = [Double](repeating: 0, count: n)
        var unserved = 0.0
        for cell in 0..<matrix.cellCount where trafficMbps[cell] > 0 && !inInstance[cell] {
            let s = Int(served.server[cell])
            if s >= 0 { fixed[s] += trafficMbps[cell] } else { unserved += trafficMbps[cell] }
        }
        fixedLoadByColumn = fixed
        let covered = matrix.coveredCells(by: coverage)
        let lists = Self.customerLists(
            facilities: facilities, inInstance: inInstance,
            trafficMbps: trafficMbps, covered: covered, dummy: facilityColumns.count)
        unservedOutsideMbps = unserved + lists.unservedMbps
        columnOfFacility = facilityColumns + [-1]
        instance = try FacilityLocationInstance(
            fixedCosts: facilityColumns.map { isCoverage[$0] ? 0 : costs[$0] } + [0],
            capacities: facilityColumns.map { max(0, capacities[$0] - fixed[$0]) } + [.infinity],
            demands: lists.demands, customerStarts: lists.starts, customerFacilities: lists.facilities,
            assignmentCosts: [Double](repeating: 0, count: lists.facilities.count), preferences: lists.preferences,
            alwaysOpen: facilityColumns.indices.filter { isCoverage[facilityColumns[$0]] } + [facilityColumns.count])
    }

    /// The customers' CSR (ascending facility within a customer, the dummy last with the least
    /// preference for cells the coverage plan leaves uncovered), built in two passes over the
    /// facilities' matrix entries (`facilities`: column f is facility f, with RSRP). Cells of the
    /// instance that no facility reaches are unserved.
    static func customerLists(
        facilities matrix: CoverageMatrix, inInstance: [Bool], trafficMbps: [Double], covered: [Bool], dummy: Int
    ) -> (starts: [Int], facilities: [UInt32], preferences: [Double], demands: [Double], unservedMbps: Double) {
        var count = [Int32](repeating: 0, count: inInstance.count)
        for f in 0..<matrix.siteCount {
            for k in matrix.entries(of: f) where inInstance[Int(matrix.cells[k])] { count[Int(matrix.cells[k])] += 1 }
        }
        var customerOfCell = [Int32](repeating: -1, count: inInstance.count)
        var starts = [0]
        var demands: [Double] = []
        var unserved = 0.0
        var total = 0
        for cell in 0..<inInstance.count where inInstance[cell] {
            guard count[cell] > 0 else {
                unserved += trafficMbps[cell]
                continue
            }
            customerOfCell[cell] = Int32(demands.count)
            total += Int(count[cell]) + (covered[cell] ? 0 : 1)
            starts.append(total)
            demands.append(trafficMbps[cell])
        }
        var facilities = [UInt32](repeating: 0, count: total)
        var preferences = [Double](repeating: 0, count: total)
        var next = Array(starts.dropLast())
        for f in 0..<matrix.siteCount {
            for k in matrix.entries(of: f) {
                let customer = Int(customerOfCell[Int(matrix.cells[k])])
                guard customer >= 0 else { continue }
                facilities[next[customer]] = UInt32(f)
                preferences[next[customer]] = Double(matrix.rsrpCentiDBm[k])
                next[customer] += 1
            }
        }
        for (customer, end) in starts.dropFirst().enumerated() where next[customer] < end {
            facilities[next[customer]] = UInt32(dummy)
            preferences[next[customer]] = -1e9
        }
        return (starts, facilities, preferences, demands, unserved)
    }

    /// The entries, with RSRP, of the columns `order` (each a coverage site or a facility), in that order.
    func networkMatrix(of order: [Int]) -> CoverageMatrix {
        var position: [Int: Int] = [:]
        for (k, j) in siteColumns.enumerated() { position[j] = k }
        return siteRSRP.columns(order.map { position[$0]! })
    }

    static func flags(_ columns: [Int], count: Int) -> [Bool] {
        var flags = [Bool](repeating: false, count: count)
        for j in columns { flags[j] = true }
        return flags
    }
}
