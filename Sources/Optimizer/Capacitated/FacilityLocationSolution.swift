/// How a customer's demand may be served (see `FacilityLocationInstance` for the formulations).
public enum AssignmentRule: String, Sendable, CaseIterable {
    /// Demand may be split over several open facilities (multi-source CFLP).
    case split
    /// Each customer is served whole by one open facility (SSCFLP).
    case singleSource = "single_source"
    /// Each customer is served whole by its most preferred open facility (closest assignment).
    case bestServer = "best_server"
}

/// The answer of `solveFacilityLocation`: the open facilities, the assignment, the cost and how
/// far from the optimum it can be at most.
///
/// `lowerBound` ≤ the optimum of the rule solved (the Lagrangian bound of `CapacitatedLagrangian`),
/// `gap = (cost − lowerBound) / cost` (0 when the cost is 0), a fraction, never negative.
public struct FacilityLocationSolution: Sendable {
    /// The rule solved.
    public var rule: AssignmentRule
    /// Open facilities (always-open ones included), ascending, 0-based.
    public var openFacilities: [Int]
    /// Load (demand served) of each open facility, aligned with `openFacilities`.
    public var loads: [Double]
    /// Σ fixed costs of the open facilities (always-open ones cost 0).
    public var fixedCost: Double
    /// Σ c_ij x_ij.
    public var assignmentCost: Double
    /// `fixedCost + assignmentCost`.
    public var cost: Double
    /// Lower bound on the optimum, `nil` when none was computed.
    public var lowerBound: Double?
    /// `(cost − lowerBound) / cost`, `nil` without a bound.
    public var gap: Double?
    /// True when the bound meets the cost.
    public var provenOptimal: Bool
    /// Customer-wise CSR of the assignment: `servingStarts[i] ..< servingStarts[i + 1]` indexes
    /// `servingFacilities` and `servingFractions` (the share of customer `i`'s demand each serves).
    public var servingStarts: [Int]
    public var servingFacilities: [Int]
    public var servingFractions: [Double]
    /// Wall-clock seconds spent in `solveFacilityLocation`.
    public var seconds: Double
    /// True when the wall-clock safety net ended a phase early (the result may depend on machine speed).
    public var stoppedByTimeLimit: Bool
    public var threads: Int
    public var seed: UInt64
    public var statistics: FacilityLocationStatistics

    /// The facilities serving customer `i` with their shares.
    public func serving(customer i: Int) -> [(facility: Int, fraction: Double)] {
        (servingStarts[i]..<servingStarts[i + 1]).map { (servingFacilities[$0], servingFractions[$0]) }
    }
}

/// Per-phase figures of one facility-location solve.
public struct FacilityLocationStatistics: Sendable, Equatable {
    /// Cost of the first feasible solution (every facility open, the greedy start, or the first Lagrangian set).
    public var initialCost: Double?
    /// Best cost found by the Lagrangian heuristic (before local search).
    public var lagrangianHeuristicCost: Double?
    /// Subgradient iterations.
    public var subgradientIterations = 0
    /// Open sets whose assignment was computed (transportation problems for `split`).
    public var openSetsEvaluated = 0
    /// Improving open/close/swap moves applied.
    public var localSearchMoves = 0
    /// Deterministic work units spent (arcs priced, entries scanned, knapsack nodes).
    public var work = 0

    public init() {}
}
