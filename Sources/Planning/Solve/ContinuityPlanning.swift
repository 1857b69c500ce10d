import Geo

/// How a plan with continuity limits was found: the rounds of constraint generation, the rows they
/// added, the violations left after each, the bound that stays valid and what it bounds, and the
/// greenfield sites the catalogue could not avoid (summary.json `continuity_limits`, report.md).
public struct ContinuityPlanning: Sendable {
    /// One solve and what its plan broke.
    public struct Round: Sendable {
        /// 0 = the plain coverage-target problem.
        public var round: Int
        /// Rows added before this solve (valid inequalities, heuristic rows).
        public var validRowsAdded: Int
        public var heuristicRowsAdded: Int
        /// Cost of this round's plan.
        public var cost: Double
        /// The valid lower bound known after this round.
        public var lowerBound: Double?
        /// Violations of this round's plan: holes over their limit, districts over their component
        /// limit, road gaps over the limit.
        public var holes: Int
        public var components: Int
        public var roadGaps: Int
        public var seconds: Double
        /// Whether the solve ran at the job's full effort (the rounds looking for violations run at
        /// a quarter of it).
        public var fullEffort: Bool
        /// All of this round's violations.
        public var violations: Int { holes + components + roadGaps }
    }

    /// A greenfield site of the plan that serves a requirement no catalogue candidate, lamp pole or
    /// existing site can meet.
    public struct UnavoidableSite: Sendable {
        public var id: String
        public var location: Coordinate
        /// The district of the site's cell.
        public var district: String
        /// What it serves: `hole`, `components`, `road` or `priority` (a must-cover zone).
        public var serves: String
        /// The district of the hole or components, or the road's name.
        public var place: String
    }

    public var rounds: [Round]
    /// Rows added in all (valid, heuristic).
    public var validRows: Int
    public var heuristicRows: Int
    /// False when the round limit stopped the generation with violations left.
    public var met: Bool
    /// The valid lower bound on the least cost meeting every limit (nil without one).
    public var lowerBound: Double?
    /// Which relaxation `lowerBound` is a bound of, in words.
    public var relaxation: String
    /// The round whose multipliers gave `lowerBound`.
    public var boundRound: Int?
    /// The solver's own bound on the last round's problem, heuristic rows included: how close the
    /// plan is to the best plan under those rows (not a bound on the true optimum).
    public var boundWithHeuristicRows: Double?
    /// Greenfield sites in the plan, and those the catalogue could not avoid.
    public var greenfieldSites: Int
    public var unavoidable: [UnavoidableSite]
}
