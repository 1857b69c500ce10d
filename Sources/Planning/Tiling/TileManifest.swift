import Foundation
import Geo
import Support

/// `manifest.json` of a tiled run (docs/scale.md): the frame every tile shares, the tiles, and the
/// hashes that tie tiles, their outputs and the merge to one cut of one set of inputs.
///
/// Paths are relative to the manifest's folder (tile files: to the tile's folder; global inputs:
/// to the global scenario's folder).
public struct TileManifest: Sendable {
    /// The format of `manifest.json` and `tile.json`.
    public static let formatVersion = 1

    /// How the area was cut.
    public enum Cut: Sendable, Equatable {
        /// Square blocks of `kilometers` aligned to the global grid.
        case grid(kilometers: Double)
        /// One tile per district.
        case district
    }

    /// One tile: its files, where its output goes, its core and its window of the global grid.
    public struct Tile: Sendable {
        public var index: Int
        public var name: String
        /// The tile's scenario (relative to the manifest folder).
        public var scenario: String
        /// The tile's output folder (relative to the manifest folder).
        public var out: String
        /// Every file of the tile folder, relative to it, in hashing order (the scenario first).
        public var files: [String]
        public var scenarioSHA256: String
        public var coreAreaKm2: Double
        public var cells: Int
        public var weight: Double
        public var candidates: Int
        public var existing: Int
        /// Global grid columns and rows of the tile's grid, half-open: `[c0, r0, c1, r1)`.
        public var window: [Int]
        /// District cuts: the index of the core district among the tile's own districts (its area
        /// files hold every district reaching the window, in the global order); nil for grid cuts,
        /// whose core is the whole window.
        public var coreDistrict: Int?
        /// District cuts: the core district's index among the global scenario's districts.
        public var district: Int?
    }

    public var nrplanVersion: String
    /// The global scenario (relative to the manifest folder): what the merge reads besides the tiles.
    public var scenario: String
    /// The global scenario's input files relative to its folder, in hashing order (itself first).
    public var inputs: [String]
    public var inputSHA256: String
    /// The halo: how far from its core a tile takes sites (the largest search radius, or `--halo-m`).
    public var haloMeters: Double
    /// The largest search radius of any site (`CoverageMatrixBuilder`): no site covers farther.
    public var rangeMeters: Double
    public var cut: Cut
    /// The global projection's centre (degrees) and grid.
    public var centralMeridianDegrees: Double
    public var originLatitudeDegrees: Double
    public var grid: GridSpec
    /// Tile windows start on multiples of this many squares (the clutter prediction blocks).
    public var alignSquares: Int
    public var coverageTarget: Double
    /// Total demand weight and cells of the global grid.
    public var weight: Double
    public var cells: Int
    public var ladder: BoundLadder
    public var tiles: [Tile]

    /// The global projection.
    public var projection: LocalProjection {
        LocalProjection(centralMeridianDegrees: centralMeridianDegrees, originLatitudeDegrees: originLatitudeDegrees)
    }

    /// The grid window of tile `k`.
    public func gridWindow(of k: Int) -> GridWindow {
        let w = tiles[k].window
        let cell = grid.cellMeters
        return GridWindow(
            projection: projection,
            spec: GridSpec(
                originX: grid.originX + Double(w[0]) * cell, originY: grid.originY + Double(w[1]) * cell,
                cellMeters: cell, columns: w[2] - w[0], rows: w[3] - w[1]))
    }
}

/// The λ values at which every tile evaluates the knapsack part of the global lower bound
/// (`TileBound`): `first · ratioᵏ` for k < count, and 0.
public struct BoundLadder: Sendable, Equatable {
    public var first: Double
    public var ratio: Double
    public var count: Int

    /// The ladder's values (without 0).
    public var values: [Double] {
        var result: [Double] = []
        result.reserveCapacity(count)
        var value = first
        for _ in 0..<count {
            result.append(value)
            value *= ratio
        }
        return result
    }

    /// From `10⁻⁶ · cMin / wMax` to at least `10³ · cMax / wMin` (smallest and largest positive
    /// cost and weight), ratio 1.002, at most 20,000 values (a coarser ratio beyond).
    public static func spanning(costs: ClosedRange<Double>, weights: ClosedRange<Double>) -> BoundLadder {
        let low = 1e-6 * costs.lowerBound / weights.upperBound
        let high = 1e3 * costs.upperBound / weights.lowerBound
        let span = log(max(high / low, 1.0001))
        let ratio = max(1.002, exp(span / 20_000))
        return BoundLadder(first: low, ratio: ratio, count: Int((span / log(ratio)).rounded(.up)) + 1)
    }
}
