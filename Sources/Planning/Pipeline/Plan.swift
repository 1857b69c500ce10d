import Geo
import Optimizer

/// A finished siting run: what it builds and how good that is (the core, the same for every run),
/// plus what only a radio-model run or only a service-radius run has (`mode`).
///
/// The mode is an enum rather than two optionals so that a plan is always exactly one of the two:
/// a radio plan cannot lack its coverage columns, and a service plan cannot carry a radio field.
public struct Plan: Sendable {
    /// What only one kind of run has.
    public enum Mode: Sendable {
        /// The radio model decided coverage (docs/radio.md).
        case radio(RadioPlan)
        /// Service radii per site type decided coverage (docs/scenario.md, `service`).
        case service(ServicePlan)
    }

    public let scenario: Scenario
    /// The planning area in local metres, its demand grid and the demand layers applied to it.
    public let study: StudyArea
    /// The network the plan builds: the existing sites, then the new sites by rank.
    public let network: PlanNetwork
    /// The solver's result: cost, bound and gap, statistics. Its column indices are those of the
    /// covering problem (`radio?.columns` for radio plans; service plans keep only the sites chosen).
    public let solution: CoveringSolution
    /// Holes, covered components and per-district coverage of the network.
    public let continuity: Continuity
    /// Why candidates did not become columns of the covering problem.
    public let screening: CandidateScreening
    public let mode: Mode
    /// Seconds per stage, in run order (`PipelineStage` names).
    public var stageSeconds: [(name: String, seconds: Double)]
    public let warnings: [Problem]
    public let threads: Int
    /// The roads' coverage and uncovered stretches, when the scenario has `demand.roads`.
    public var roads: RoadReport? = nil
    /// The rounds of constraint generation and the bound's relaxation, when the scenario has
    /// continuity limits.
    public var continuityPlanning: ContinuityPlanning? = nil
    /// Busy-hour load and capacity of every site, or nil when the scenario has no `capacity` section.
    public var capacity: CapacityPlan?
    /// The phases of a phased rollout (`objective.phases`), in order; empty for a plan in one step.
    /// Their new sites partition `network.newIndices` in order.
    public var phases: [PlanPhase] = []

    /// The demand grid.
    public var grid: DemandGrid { study.grid }

    /// The radio part, or nil for a service-radius plan.
    public var radio: RadioPlan? {
        if case .radio(let part) = mode { return part }
        return nil
    }

    /// The service part, or nil for a radio plan.
    public var service: ServicePlan? {
        if case .service(let part) = mode { return part }
        return nil
    }
}

/// The sites a plan puts on air: the existing sites (input order), then the new sites in rank order
/// — rank 1 adds the most demand given the existing sites, rank 2 the most given those, and so on —
/// with what each covers.
public struct PlanNetwork: Sendable {
    /// Existing sites, then new sites by rank.
    public let sites: [Site]
    /// How many of `sites` are existing (the first ones).
    public let existingCount: Int
    /// Each site's footprint (its search radius or service radius).
    public let footprints: [SiteFootprint]
    /// The cells each site covers (column k is `sites[k]`), with RSRP for radio plans.
    public let matrix: CoverageMatrix
    /// Per demand cell: covered by at least one site.
    public let covered: [Bool]
    /// Total cost of the new sites.
    public let newCost: Double
    /// Covered demand weight / total demand weight with the existing sites alone (before the plan).
    public let existingCoverageRatio: Double
    /// New sites per type: for service plans every service type in scenario order (0 included),
    /// for radio plans every site kind with at least one new site, in `SiteKind` order.
    public let newSitesByType: [(type: String, count: Int)]

    /// The indices of the existing sites in `sites`.
    public var existingIndices: Range<Int> { 0..<existingCount }
    /// The indices of the new sites in `sites`, by rank.
    public var newIndices: Range<Int> { existingCount..<sites.count }
    public var newCount: Int { sites.count - existingCount }
    /// Whether site `k` is an existing site.
    public func isExisting(_ k: Int) -> Bool { k < existingCount }
    /// The rank (1-based) of new site `k`, nil for existing sites.
    public func rank(of k: Int) -> Int? { k < existingCount ? nil : k - existingCount + 1 }

    /// Derives coverage, cost and counts from the sites and their coverage matrix.
    ///
    /// - Parameter serviceTypes: the service types to count new sites by, or nil to count them by kind.
    init(
        sites: [Site], existingCount: Int, footprints: [SiteFootprint], matrix: CoverageMatrix, grid: DemandGrid,
        serviceTypes: [ServiceType]?
    ) {
        self.sites = sites
        self.existingCount = existingCount
        self.footprints = footprints
        self.matrix = matrix
        covered = matrix.coveredCells(by: Array(sites.indices))
        newCost = sites[existingCount...].reduce(0) { $0 + $1.cost }
        let coveredBefore = matrix.coveredCells(by: Array(0..<existingCount))
        var weight = 0.0
        for cell in 0..<grid.cellCount where coveredBefore[cell] { weight += grid.weights[cell] }
        existingCoverageRatio = grid.totalWeight > 0 ? weight / grid.totalWeight : 1
        var counts: [String: Int] = [:]
        for site in sites[existingCount...] {
            counts[serviceTypes != nil ? site.serviceType ?? "" : site.kind.rawValue, default: 0] += 1
        }
        if let serviceTypes {
            newSitesByType = serviceTypes.map { ($0.name, counts[$0.name] ?? 0) }
        } else {
            newSitesByType = SiteKind.allCases.compactMap { kind in counts[kind.rawValue].map { (kind.rawValue, $0) } }
        }
    }
}

/// What only a radio plan has: the coverage stage's columns and the radio field.
public struct RadioPlan: Sendable {
    /// Every column the solver chose from: eligible candidates, then existing sites — without
    /// their cells (`RadioColumns.withoutCells`: `columns.matrix` has every column empty, the
    /// network's cells are `Plan.network.matrix`; `RadioColumns.build` rebuilds them all).
    public let columns: RadioColumns
    /// Where each site of `network` stands and radiates (same order as `network.sites`).
    public let placements: [SitePlacement]
    /// Best server, RSRP, SINR and overlap on every cell, or nil when switched off
    /// (`PlanOptions.interference`).
    public let field: RadioField?
}

/// What only a service-radius plan has: the settings, how the columns were made, and what the
/// bound covers.
public struct ServicePlan: Sendable {
    public var settings: ServiceSettings
    /// Columns of the covering problem (catalogue, lattice and existing-site columns).
    public var columns: Int
    /// Of which: catalogue columns and lattice columns.
    public var catalogueColumns: Int
    public var latticeColumns: Int
    /// Lattice positions that could serve demand (per class, summed), and those dropped as dominated.
    public var latticePositions: Int
    public var latticeDominated: Int
    /// Base-lattice positions excluded: in an exclusion or within the spacing of an existing site.
    public var latticeForbidden: Int
    /// Candidates within the minimum spacing of an existing site (never columns).
    public var candidatesNearExisting: Int
    /// Locations of the packing constraints.
    public var locations: Int
    /// The solver's own lower bound, on the columns it was given (min-cost objectives).
    public var candidatesBound: Double?
    /// `Σ min(0, reduced cost)` over lattice positions a coarser search step skipped, at the bound's
    /// multipliers (0 or nil when nothing was skipped).
    public var skippedReducedCost: Double?
    /// What the reported bound is valid for: `"lattice"` (every lattice position and catalogue
    /// candidate) or `"candidates"` (the columns searched; a coarser search step without a Lagrangian
    /// certificate).
    public var boundScope: String
    /// Whether the reported bound accounts for the spacing / one-per-location constraints.
    public var boundIncludesSpacing: Bool
}
