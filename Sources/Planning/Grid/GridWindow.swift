import Geo

/// A projection and a grid imposed on a run instead of those its own districts would give: a tile
/// of a province run (`nrplan tile-run`) uses the province's projection and the window of the
/// province's grid that holds its core, so its cells, weights and link budgets are exactly those
/// of the same cells in the single-machine run.
///
/// The window's origin must lie on the larger grid's lines (a whole number of cells from its
/// origin), and on the lines of its clutter prediction blocks; `nrplan tile` checks both.
public struct GridWindow: Sendable, Hashable {
    public var projection: LocalProjection
    /// The grid to build: `cellMeters` as in the scenario.
    public var spec: GridSpec

    public init(projection: LocalProjection, spec: GridSpec) {
        self.projection = projection
        self.spec = spec
    }
}
