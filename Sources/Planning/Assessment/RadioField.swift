import Foundation
import Geo
import Radio
import Support

/// Settings of the interference analysis.
public struct InterferenceSettings: Sendable, Hashable {
    /// Fraction of resource elements the interfering sites transmit on (cell load), 0…1.
    public var loadFraction: Double
    /// SINR (dB) a cell should reach; the report gives the share of cells at or above it.
    public var sinrThresholdDB: Double
    /// Servers within this many dB of the best (and above the RSRP threshold) count toward overlap.
    public var overlapWindowDB: Double
    /// Interferers are counted out to the distance where their best-direction RSRP falls this far
    /// below the noise power per resource element (10 dB: each neglected site adds < 10 % of noise).
    public var interferenceFloorBelowNoiseDB: Double

    public init(
        loadFraction: Double = 0.5, sinrThresholdDB: Double = -3, overlapWindowDB: Double = 6,
        interferenceFloorBelowNoiseDB: Double = 10
    ) {
        self.loadFraction = loadFraction
        self.sinrThresholdDB = sinrThresholdDB
        self.overlapWindowDB = overlapWindowDB
        self.interferenceFloorBelowNoiseDB = interferenceFloorBelowNoiseDB
    }
}

/// Per demand cell: the best server, its RSRP, the downlink SINR and the overlap count.
///
/// SINR model (site level, documented in docs/audit.md): every site is represented by its best
/// sector toward the cell (`CoverageEvaluator.rsrpDBm`); the serving site is the one with the
/// highest RSRP; every other site within its interference radius interferes with its RSRP scaled
/// by the load: SINR = S / (load · Σ_{k ≠ serving} P_k + N), all in mW per resource element, with N
/// the thermal noise per resource element of the serving profile (−174 dBm/Hz + 10·log10(SCS) + NF).
/// Sectors of the serving site are not counted as interferers.
public struct RadioField: Sendable {
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

    /// Value used for "no server".
    public static let none: Float = -999
}

/// Computes the radio field cell by cell in square tiles of cells, tiles in parallel; each
/// cell sums its interferers in site order, so the result is identical for any thread count.
public enum RadioFieldBuilder {
    /// - Complexity: O(Σ over cells of the sites within interference range) budget evaluations.
    /// - Parameter clutter: land-use classes per grid square: each cell is evaluated with the
    ///   budget of its class, as the coverage matrix does.
    public static func build(
        grid: DemandGrid, sites: [SitePlacement], settings: InterferenceSettings, clutter: ClutterRaster? = nil,
        threads: Int
    ) -> RadioField {
        let cellCount = grid.cellCount
        guard !sites.isEmpty, cellCount > 0 else {
            return RadioField(
                bestServer: [Int32](repeating: -1, count: cellCount),
                bestRSRPDBm: [Float](repeating: RadioField.none, count: cellCount),
                sinrDB: [Float](repeating: RadioField.none, count: cellCount),
                overlapServers: [UInt8](repeating: 0, count: cellCount),
                linkEvaluations: 0)
        }
        // Evaluators (the profile's own, then one per clutter class) and the interference radius,
        // per (profile, height).
        var cache: [String: ([CoverageEvaluator], Double)] = [:]
        var evaluators: [[CoverageEvaluator]] = []
        var radii: [Double] = []
        evaluators.reserveCapacity(sites.count)
        for site in sites {
            let key = "\(site.profile.hashValue)|\(site.profile.name)|\(site.heightMeters)"
            if let cached = cache[key] {
                evaluators.append(cached.0)
                radii.append(cached.1)
                continue
            }
            let own = CoverageEvaluator(profile: site.profile, siteHeightMeters: site.heightMeters)
            let perClass =
                [own]
                + (clutter?.classes.map { $0.evaluator(profile: site.profile, siteHeightMeters: site.heightMeters) }
                    ?? [])
            var radius = 0.0
            for evaluator in perClass {
                let floor = evaluator.noisePowerPerREDBm - settings.interferenceFloorBelowNoiseDB
                let reach = MaxRange.largestDistance(monotone: false) {
                    evaluator.boresightRSRPDBm(distance2DMeters: $0) - floor
                }
                radius = max(radius, reach.distanceMeters, evaluator.maxRangeMeters)
            }
            cache[key] = (perClass, radius)
            evaluators.append(perClass)
            radii.append(radius)
        }
        // Widened by how far a cell's prediction point (its block's centre, for a land use with a
        // coarser prediction cell) can lie from the cell.
        let maxRadius = (radii.max() ?? 0) + (clutter?.predictionOffsetMeters ?? 0)
        let siteEvaluators = evaluators
        let siteRadii = radii
        let classOfSquare = clutter?.classOfSquare
        let spec = grid.spec

        // Sites bucketed in square buckets of side ≈ maxRadius (at least one tile).
        let tileCells = 32
        let tileMeters = Double(tileCells) * spec.cellMeters
        let bucketMeters = max(tileMeters, maxRadius)
        let positions = sites.map(\.position)
        let minX = spec.originX - maxRadius
        let minY = spec.originY - maxRadius
        let bucketColumns =
            Int(((Double(spec.columns) * spec.cellMeters + 2 * maxRadius) / bucketMeters).rounded(.up)) + 1
        let bucketRows = Int(((Double(spec.rows) * spec.cellMeters + 2 * maxRadius) / bucketMeters).rounded(.up)) + 1
        var bucketLists = [[Int32]](repeating: [], count: bucketColumns * bucketRows)
        for (s, p) in positions.enumerated() {
            let bx = Int(((p.x - minX) / bucketMeters).rounded(.down))
            let by = Int(((p.y - minY) / bucketMeters).rounded(.down))
            guard bx >= 0, by >= 0, bx < bucketColumns, by < bucketRows else { continue } // too far to matter
            bucketLists[by * bucketColumns + bx].append(Int32(s))
        }
        let buckets = bucketLists

        let tileColumns = (spec.columns + tileCells - 1) / tileCells
        let tileRows = (spec.rows + tileCells - 1) / tileCells
        struct CellResult: Sendable {
            var server: Int32
            var rsrp: Float
            var sinr: Float
            var overlap: UInt8
        }
        struct TileResult: Sendable {
            var cells: [Int32] = []
            var server: [Int32] = []
            var rsrp: [Float] = []
            var sinr: [Float] = []
            var overlap: [UInt8] = []
            var evaluations = 0
        }
        let load = settings.loadFraction
        let window = settings.overlapWindowDB
        let tiles: [TileResult] = Parallel.map(count: tileColumns * tileRows, threads: threads) { t in
            var result = TileResult()
            let tc = t % tileColumns
            let tr = t / tileColumns
            let c0 = tc * tileCells
            let c1 = min(spec.columns, c0 + tileCells) - 1
            let r0 = tr * tileCells
            let r1 = min(spec.rows, r0 + tileCells) - 1
            // Candidate sites: buckets overlapping the tile expanded by maxRadius, in site order.
            let x0 = spec.originX + Double(c0) * spec.cellMeters - maxRadius
            let x1 = spec.originX + Double(c1 + 1) * spec.cellMeters + maxRadius
            let y0 = spec.originY + Double(r0) * spec.cellMeters - maxRadius
            let y1 = spec.originY + Double(r1 + 1) * spec.cellMeters + maxRadius
            let bx0 = max(0, Int(((x0 - minX) / bucketMeters).rounded(.down)))
            let bx1 = min(bucketColumns - 1, Int(((x1 - minX) / bucketMeters).rounded(.down)))
            let by0 = max(0, Int(((y0 - minY) / bucketMeters).rounded(.down)))
            let by1 = min(bucketRows - 1, Int(((y1 - minY) / bucketMeters).rounded(.down)))
            var candidates: [Int32] = []
            if bx0 <= bx1 && by0 <= by1 {
                for by in by0...by1 { for bx in bx0...bx1 { candidates += buckets[by * bucketColumns + bx] } }
            }
            candidates.sort()
            var blockResults: [Int: CellResult] = [:]
            var top = [Float](repeating: 0, count: 8)
            var topThreshold = [Float](repeating: 0, count: 8)
            for row in r0...max(r0, r1) where r1 >= r0 {
                for column in c0...max(c0, c1) where c1 >= c0 {
                    let id = grid.cellIndex[row * spec.columns + column]
                    if id < 0 { continue }
                    let squareClass = classOfSquare.map { Int($0[row * spec.columns + column]) } ?? 0
                    // A land use with a coarser prediction cell: one result per block and class, shared.
                    let f = clutter?.blockSquares[squareClass] ?? 1
                    let blockKey =
                        f > 1 ? clutter?.blockKey(column: column, row: row, classIndex: squareClass) ?? -1 : -1
                    if f > 1, let shared = blockResults[blockKey] {
                        result.cells.append(id)
                        result.server.append(shared.server)
                        result.rsrp.append(shared.rsrp)
                        result.sinr.append(shared.sinr)
                        result.overlap.append(shared.overlap)
                        continue
                    }
                    let point =
                        clutter?.predictionPoint(column: column, row: row, classIndex: squareClass)
                        ?? spec.center(column: column, row: row)
                    let cx = point.x
                    let cy = point.y
                    var best = -Double.infinity
                    var bestSite: Int32 = -1
                    var totalMilliwatts = 0.0
                    var kept = 0
                    for s32 in candidates {
                        let s = Int(s32)
                        let dx = cx - positions[s].x
                        let dy = cy - positions[s].y
                        if dx * dx + dy * dy > siteRadii[s] * siteRadii[s] { continue }
                        result.evaluations += 1
                        let rsrp = siteEvaluators[s][squareClass].rsrpDBm(eastMeters: dx, northMeters: dy)
                        guard rsrp.isFinite else { continue }
                        totalMilliwatts += pow(10, rsrp / 10)
                        if rsrp > best {
                            best = rsrp
                            bestSite = s32
                        }
                        // Keep the 8 strongest (with their thresholds) for the overlap count.
                        if kept < 8 {
                            top[kept] = Float(rsrp)
                            topThreshold[kept] = Float(siteEvaluators[s][0].rsrpThresholdDBm)
                            kept += 1
                        } else {
                            var weakest = 0
                            for k in 1..<8 where top[k] < top[weakest] { weakest = k }
                            if Float(rsrp) > top[weakest] {
                                top[weakest] = Float(rsrp)
                                topThreshold[weakest] = Float(siteEvaluators[s][0].rsrpThresholdDBm)
                            }
                        }
                    }
                    var cellResult = CellResult(
                        server: bestSite, rsrp: RadioField.none, sinr: RadioField.none, overlap: 0)
                    if bestSite >= 0 {
                        let signal = pow(10, best / 10)
                        let noise = pow(10, siteEvaluators[Int(bestSite)][0].noisePowerPerREDBm / 10)
                        let interference = load * max(0, totalMilliwatts - signal)
                        cellResult.rsrp = Float(best)
                        cellResult.sinr = Float(10 * log10(signal / (interference + noise)))
                        var overlap = 0
                        for k in 0..<kept where top[k] >= topThreshold[k] && Double(top[k]) >= best - window {
                            overlap += 1
                        }
                        cellResult.overlap = UInt8(overlap)
                    }
                    if f > 1 { blockResults[blockKey] = cellResult }
                    result.cells.append(id)
                    result.server.append(cellResult.server)
                    result.rsrp.append(cellResult.rsrp)
                    result.sinr.append(cellResult.sinr)
                    result.overlap.append(cellResult.overlap)
                }
            }
            return result
        }
        var server = [Int32](repeating: -1, count: cellCount)
        var rsrp = [Float](repeating: RadioField.none, count: cellCount)
        var sinr = [Float](repeating: RadioField.none, count: cellCount)
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
            bestServer: server, bestRSRPDBm: rsrp, sinrDB: sinr, overlapServers: overlap, linkEvaluations: evaluations)
    }
}
