import Foundation
import Geo
import Support

/// A merged plan against the single-machine plan of the same scenario (the acceptance of issue 16,
/// used by the tests and `make bench-province`): coverage of each recomputed on the global grid
/// from its `sites.geojson`, and the enclosed holes at a seam — a hole of the merged plan that
/// holds a cell next to a cell of another tile, and that has no cell the single plan leaves
/// uncovered too.
public struct TilingComparison: Sendable {
    public var cells: Int
    /// Cells with a 4-neighbour in another tile.
    public var seamCells: Int
    public var singleCoverage: Double
    public var mergedCoverage: Double
    /// Enclosed holes (not reaching the demand region's edge) holding a seam cell.
    public var singleSeamHoles: Int
    public var mergedSeamHoles: Int
    /// Merged seam holes the single plan does not have (none of their cells is uncovered there).
    public var newSeamHoles: Int
    /// Their cells.
    public var newSeamHoleCells: Int
    /// Per tile: the covered share of its core weight in the single and in the merged plan.
    public var singleTileCoverage: [Double]
    public var mergedTileCoverage: [Double]

    /// Compares two plans given as per-cell coverage of the global grid.
    public static func compare(grid: DemandGrid, owner: [Int32], single: [Bool], merged: [Bool], threads: Int)
        throws(PlanningError) -> TilingComparison
    {
        var seam = [Bool](repeating: false, count: grid.cellCount)
        for cell in 0..<grid.cellCount {
            grid.forEachNeighbor(of: cell) { n in if owner[n] != owner[cell] { seam[cell] = true } }
        }
        let a = try Continuity.analyze(grid: grid, covered: single, threads: threads)
        let b = try Continuity.analyze(grid: grid, covered: merged, threads: threads)
        func atSeam(_ hole: Hole) -> Bool { !hole.touchesEdge && hole.cells.contains { seam[Int($0)] } }
        let mergedSeam = b.holes.filter(atSeam)
        let fresh = mergedSeam.filter { hole in hole.cells.allSatisfy { single[Int($0)] } }
        let tiles = Int(owner.max() ?? -1) + 1
        var weight = [Double](repeating: 0, count: tiles)
        var coveredA = weight
        var coveredB = weight
        for cell in 0..<grid.cellCount where owner[cell] >= 0 {
            let t = Int(owner[cell])
            weight[t] += grid.weights[cell]
            if single[cell] { coveredA[t] += grid.weights[cell] }
            if merged[cell] { coveredB[t] += grid.weights[cell] }
        }
        return TilingComparison(
            cells: grid.cellCount, seamCells: seam.filter { $0 }.count, singleCoverage: a.coverageRatio,
            mergedCoverage: b.coverageRatio, singleSeamHoles: a.holes.filter(atSeam).count,
            mergedSeamHoles: mergedSeam.count, newSeamHoles: fresh.count,
            newSeamHoleCells: fresh.reduce(0) { $0 + $1.cells.count },
            singleTileCoverage: (0..<tiles).map { weight[$0] > 0 ? coveredA[$0] / weight[$0] : 1 },
            mergedTileCoverage: (0..<tiles).map { weight[$0] > 0 ? coveredB[$0] / weight[$0] : 1 })
    }

    /// Which cells the sites of a plan's `sites.geojson` (or any site file) cover on the grid of
    /// `study`, with the scenario's radio profiles (the audit's computation).
    public static func covered(sitesFile url: URL, scenario: Scenario, study: StudyArea, threads: Int)
        throws(PlanningError) -> [Bool]
    {
        var d = Diagnostics()
        var inputs: [InputFile] = []
        let sites = InputFiles.sites(
            url: url, displayName: url.path, crs: .wgs84, existing: true, radio: scenario.radio, diagnostics: &d,
            inputs: &inputs)
        if d.hasErrors { throw .invalidInput(d.errors) }
        let placements = try RadioColumns.place(sites, profiles: scenario.radio.profiles, projection: study.projection)
        let built = CoverageMatrixBuilder.build(
            sites: placements, grid: study.grid, threads: threads, clutter: study.layers.clutter)
        return built.matrix.coveredCells(by: Array(0..<placements.count))
    }

    /// The tile owning each cell of the global grid of a manifest.
    public static func owners(_ manifest: TileManifest, grid: DemandGrid) -> [Int32] {
        TileMerge.cellOwners(manifest, grid: grid)
    }
}
