import Foundation
import Geo
import Radio
import Support

/// The radio field of a network on the demand grid — the `field` stage of `solve` and `audit`:
/// per demand cell the best server, its RSRP, the downlink SINR and the overlap count, and their
/// distributions.
///
/// SINR model (site level, documented in docs/audit.md): every site is represented by its best
/// sector toward the cell (`CoverageEvaluator.rsrpDBm`); the serving site is the one with the
/// highest RSRP; every other site within its interference radius interferes with its RSRP scaled
/// by the load: SINR = S / (load · Σ_{k ≠ serving} P_k + N), all in mW per resource element, with N
/// the thermal noise per resource element of the serving profile (−174 dBm/Hz + 10·log10(SCS) + NF).
/// Sectors of the serving site are not counted as interferers.
public struct RadioField: Sendable {
    /// The settings the field was computed with.
    public let settings: InterferenceSettings
    /// Index (into the assessed sites) of the best server, or −1 when no site reaches the cell.
    public let bestServer: [Int32]
    /// RSRP of the best server in dBm (−∞ … as −999 when none).
    public let bestRSRPDBm: [Float]
    /// Downlink SINR in dB (−999 when no server).
    public let sinrDB: [Float]
    /// Servers at or above their RSRP threshold within `overlapWindowDB` of the best (the best
    /// included): 1 means a clean server, 4 or more is pilot pollution.
    public let overlapServers: [UInt8]
    /// Pairs (site, cell) evaluated.
    public let linkEvaluations: Int
    /// Distributions of RSRP, SINR and overlap over the demand cells.
    public let statistics: FieldStatistics

    /// Value used for "no server".
    public static let none: Float = -999

    init(
        settings: InterferenceSettings, bestServer: [Int32], bestRSRPDBm: [Float], sinrDB: [Float],
        overlapServers: [UInt8], linkEvaluations: Int
    ) {
        self.settings = settings
        self.bestServer = bestServer
        self.bestRSRPDBm = bestRSRPDBm
        self.sinrDB = sinrDB
        self.overlapServers = overlapServers
        self.linkEvaluations = linkEvaluations
        statistics = FieldStatistics(
            sinrDB: sinrDB, rsrpDBm: bestRSRPDBm, overlapServers: overlapServers, settings: settings)
    }

    /// Computes the field cell by cell in square tiles of cells, tiles in parallel; each cell sums
    /// its interferers in site order, so the result is identical for any thread count.
    ///
    /// - Parameters:
    ///   - clutter: land-use classes per grid square: each cell is evaluated with the budget of its
    ///     class, as the coverage matrix does.
    ///   - progress: called with the number of demand cells just finished, once per tile of 32 × 32
    ///     grid squares, from worker threads (keep it cheap).
    /// - Complexity: O(Σ over cells of the sites within interference range) budget evaluations.
    public static func build(
        grid: DemandGrid, sites: [SitePlacement], settings: InterferenceSettings, clutter: ClutterRaster? = nil,
        threads: Int, progress: (@Sendable (_ cellsDone: Int) -> Void)? = nil
    ) -> RadioField {
        let cellCount = grid.cellCount
        guard !sites.isEmpty, cellCount > 0 else {
            return RadioField(
                settings: settings, bestServer: [Int32](repeating: -1, count: cellCount),
                bestRSRPDBm: [Float](repeating: none, count: cellCount),
                sinrDB: [Float](repeating: none, count: cellCount),
                overlapServers: [UInt8](repeating: 0, count: cellCount), linkEvaluations: 0)
        }
        let tiling = FieldTiling(grid: grid, sites: sites, settings: settings, clutter: clutter)
        let tiles: [FieldTiling.TileResult] = Parallel.map(count: tiling.tileCount, threads: threads) { t in
            let tile = tiling.compute(tile: t)
            progress?(tile.cells.count)
            return tile
        }
        var server = [Int32](repeating: -1, count: cellCount)
        var rsrp = [Float](repeating: none, count: cellCount)
        var sinr = [Float](repeating: none, count: cellCount)
        var overlap = [UInt8](repeating: 0, count: cellCount)
        var evaluations = 0
        for tile in tiles {
            for (k, cell) in tile.cells.enumerated() {
                let c = Int(cell)
                server[c] = tile.server[k]
                rsrp[c] = tile.rsrp[k]
                sinr[c] = tile.sinr[k]
                overlap[c] = tile.overlap[k]
            }
            evaluations += tile.evaluations
        }
        return RadioField(
            settings: settings, bestServer: server, bestRSRPDBm: rsrp, sinrDB: sinr, overlapServers: overlap,
            linkEvaluations: evaluations)
    }
}
