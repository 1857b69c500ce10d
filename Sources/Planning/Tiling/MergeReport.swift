/// What `nrplan merge` did beyond an ordinary plan: per-tile figures, the seam step, the top-up
/// and the pieces of the global lower bound (summary.json `tiles`, `seam`, `top_up`, `bound_parts`).
public struct MergeReport: Sendable {
    /// One tile as solved and as merged.
    public struct TileFigures: Sendable {
        public var index: Int
        public var name: String
        public var cells: Int
        public var weight: Double
        /// Covered core weight by the tile's own plan, and by the merged plan.
        public var tileCoveredWeight: Double
        public var coveredWeight: Double
        public var shortfallWeight: Double
        /// New sites the tile chose and their cost; its own lower bound (for its problem only).
        public var tileSites: Int
        public var tileCost: Double
        public var tileLowerBound: Double?
        /// New sites of the merged plan that stand in this tile's core (ownership), and their cost.
        public var sitesOwned: Int
        public var costOwned: Double
        /// The tile-run's seconds (all stages) and peak memory.
        public var seconds: Double
        public var peakRSSBytes: Int
    }

    /// One improvement step of the merge: windows re-solved with everything else fixed (the seam
    /// step along the tile borders, then passes over the whole area), or the polish — the global
    /// problem restricted to the merge's columns re-solved as one.
    public struct Step: Sendable {
        /// `seam`, `area`, `area-shifted`, `polish`.
        public var name: String
        /// Side of the windows in grid squares (0 for the polish).
        public var windowSquares = 0
        public var windows = 0
        /// Windows whose re-solve was cheaper and replaced the plan there (the polish: 1 when it did).
        public var windowsImproved = 0
        public var sitesFreed = 0
        public var sitesChosen = 0
        public var costBefore = 0.0
        public var costAfter = 0.0
        public var seconds = 0.0
    }

    /// The top-up from the tiles' continuation lists when the union fell short of the target.
    public struct TopUp: Sendable {
        public var shortfallWeight = 0.0
        public var sites = 0
        public var cost = 0.0
    }

    /// The global lower bound and its parts (docs/scale.md).
    public struct Bound: Sendable {
        public var value: Double
        public var must: Double
        public var interior: Double
        public var border: Double
        public var knapsack: Double
        public var lambda: Double
        /// True when the candidates' costs have a cost unit and the bound was rounded up to it.
        public var rounded: Bool
    }

    public var manifestFile: String
    /// `grid 7 km` or `district`.
    public var cut: String
    public var haloMeters: Double
    public var tiles: [TileFigures]
    /// Cost of the union of the tiles' plans (before the seam step).
    public var unionCost: Double
    public var unionSites: Int
    /// Open candidates that more than one tile takes (they can cover cells of two tiles).
    public var seamCandidates: Int
    /// Columns of the restricted global problem: plan sites, seam candidates, continuation lists.
    public var columns: Int
    public var steps: [Step]
    public var topUp: TopUp
    public var bound: Bound
    public var seconds: Double
}
