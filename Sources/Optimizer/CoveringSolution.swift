/// The answer of `solveCovering`: chosen columns, their cost and coverage, and how far from the
/// optimum it can be at most.
///
/// Bounds and gap:
/// - minimisation (`setCover`, `partialCover`): `lowerBound` ≤ optimal cost (Lagrangian bound; rounded up
///   to `costUnit` when every cost is a multiple of one unit), `upperBound` = `cost`, `gap = (cost − lowerBound) / cost`
///   (0 when `cost` is 0);
/// - maximisation (`maxCoverage`): `upperBound` ≥ optimal covered weight (min of the submodular bound
///   and the Lagrangian/LP bound), `lowerBound` = `coveredWeight`,
///   `gap = (upperBound − coveredWeight) / upperBound` (0 when `upperBound` is 0).
/// The gap is a fraction (0.01 = 1 %), never negative; `nil` when no bound was computed.
public struct CoveringSolution: Sendable {
    /// New columns chosen (fixed columns excluded), ascending, 0-based.
    public var chosenColumns: [Int]
    /// The instance's fixed columns (always on, cost 0), ascending.
    public var fixedColumns: [Int]
    /// Total cost of the chosen new columns.
    public var cost: Double
    /// Weight of the rows covered by chosen or fixed columns.
    public var coveredWeight: Double
    /// Weight of all rows.
    public var totalWeight: Double
    /// Number of rows covered by chosen or fixed columns.
    public var coveredRowCount: Int
    /// The objective that was solved.
    public var objective: CoveringObjective
    /// Lower bound on the optimum (minimisation: a proof; maximisation: the solution's own value).
    public var lowerBound: Double?
    /// Upper bound on the optimum (maximisation: a proof; minimisation: the solution's own cost).
    public var upperBound: Double?
    /// Relative optimality gap as a fraction (see the type's documentation); `nil` without a bound.
    public var gap: Double?
    /// True when the solution is proven optimal (gap closed by the bound or by exhaustive search).
    public var provenOptimal: Bool
    /// Wall-clock seconds spent in `solveCovering`.
    public var seconds: Double
    /// True when the wall-clock safety net ended a phase early (the result may then depend on machine speed).
    public var stoppedByTimeLimit: Bool
    /// Threads used.
    public var threads: Int
    /// Seed used.
    public var seed: UInt64
    /// What each phase achieved.
    public var statistics: SolverStatistics
    /// False when the instance has packing constraints (`ColumnPacking`) and the bound comes from
    /// a relaxation that ignores them (Lagrangian, submodular): still valid, possibly looser. True
    /// without packing constraints, or when exhaustive search proved the bound under them.
    public var boundAccountsForPacking: Bool = true
    /// Max coverage with a column limit: why fewer columns than allowed were chosen (nil when the
    /// limit is used, or there is none).
    public var columnLimitShortfall: ColumnLimitShortfall?
    /// Min-cost: the unit every free column's cost is a multiple of, to which the lower bound was
    /// rounded up (nil: no common unit, the bound is not rounded).
    public var costUnit: CostUnit?
    /// Min-cost: the Lagrangian multipliers at which the lower bound was attained, so a caller can
    /// extend the bound to columns it left out of the instance (see `LagrangianCertificate`).
    public var lagrangianCertificate: LagrangianCertificate?

    /// The objective's value: cost for the minimisation objectives, covered weight for `maxCoverage`.
    public var objectiveValue: Double { objective.isMaximisation ? coveredWeight : cost }
    /// Covered weight / total weight (1 when the total is 0).
    public var coveredFraction: Double { totalWeight > 0 ? coveredWeight / totalWeight : 1 }
}

/// Per-phase figures of one solve, for reports and benchmarks.
public struct SolverStatistics: Sendable, Equatable {
    /// Objective value after the lazy greedy (and redundancy removal).
    public var greedyObjective: Double?
    /// Best objective found by the Lagrangian heuristic (`nil` when it did not run).
    public var lagrangianObjective: Double?
    /// Subgradient iterations done (all phases together).
    public var subgradientIterations: Int = 0
    /// Improving local-search moves applied.
    public var localSearchMoves: Int = 0
    /// Nodes of the exact branch and bound (0 when it did not run).
    public var exactSearchNodes: Int = 0
    /// Free columns that can matter (cover a row not covered by fixed columns that has weight or must be covered).
    public var activeColumns: Int = 0
    /// Rows of the instance as given that are not covered by fixed columns and carry weight or must be covered.
    public var activeRows: Int = 0
    /// Rows of the instance the phases solved, after the exact presolve (`Presolve`); 0 when the
    /// presolve removed nothing or was off.
    public var presolvedRows: Int = 0

    /// Empty statistics (every figure zero or `nil`).
    public init() {}
}

/// The multipliers `u` (one per instance row, ≥ 0; 0 for rows the bound did not use) of a min-cost
/// Lagrangian lower bound and its unrounded value `L(u)` (see docs/solver.md, "Bounds and gap").
///
/// `L(u) = Σ_j min(0, c_j − Σ_{i∈I_j} u_i) + (row terms)`: the columns enter only through their
/// reduced costs, so for columns **not** in the instance (e.g. lattice positions a coarser search
/// skipped), `L(u) + Σ_{omitted j} min(0, c_j − Σ_{i∈I_j} u_i)` is a valid lower bound for the
/// problem that includes them — computed without re-solving.
public struct LagrangianCertificate: Sendable {
    /// `L(u)`, before any rounding.
    public var value: Double
    /// `u`, indexed by instance row.
    public var multipliers: [Double]
    /// The unit every free column's cost is a multiple of (the optimum is then a multiple too, and
    /// any bound may be rounded up to it), or nil.
    public var costUnit: CostUnit?

    public init(value: Double, multipliers: [Double], costUnit: CostUnit?) {
        self.value = value
        self.multipliers = multipliers
        self.costUnit = costUnit
    }

    /// The bound rounded up to the cost unit (with the same 10⁻⁶ relative slack the solver uses).
    public static func rounded(_ bound: Double, costUnit: CostUnit?) -> Double {
        CostUnit.roundUp(bound, unit: costUnit)
    }
}
