import Foundation
import Geo
import Radio

/// What every tile of the radio field shares: the sites' evaluators (their profile's, then one per
/// clutter class) and interference radii, and the sites bucketed in squares of side ≥ the largest
/// radius, so a tile looks only at the buckets its cells can be reached from.
struct FieldTiling: Sendable {
    /// The cells of one tile: their ids and results, and the budget evaluations spent.
    struct TileResult: Sendable {
        var cells: [Int32] = []
        var server: [Int32] = []
        var rsrp: [Float] = []
        var sinr: [Float] = []
        var overlap: [UInt8] = []
        var evaluations = 0

        mutating func append(_ id: Int32, _ cell: CellResult) {
            cells.append(id)
            server.append(cell.server)
            rsrp.append(cell.rsrp)
            sinr.append(cell.sinr)
            overlap.append(cell.overlap)
        }
    }

    /// The field at one cell.
    struct CellResult: Sendable {
        var server: Int32
        var rsrp: Float
        var sinr: Float
        var overlap: UInt8
    }

    /// Side of a tile in cells.
    static let tileCells = 32

    let grid: DemandGrid
    let clutter: ClutterRaster?
    let positions: [Coordinate]
    /// Per site: its evaluators, the profile's own first, then one per clutter class.
    let siteEvaluators: [[CoverageEvaluator]]
    /// Per site: how far it interferes (or serves, whichever is farther), in metres.
    let siteRadii: [Double]
    /// The largest radius, widened by how far a cell's prediction point (its block's centre, for a
    /// land use with a coarser prediction cell) can lie from the cell.
    let maxRadius: Double
    let load: Double
    let window: Double
    // Buckets of sites (ids ascending within a bucket).
    let minX: Double
    let minY: Double
    let bucketMeters: Double
    let bucketColumns: Int
    let bucketRows: Int
    let buckets: [[Int32]]
    let tileColumns: Int
    let tileRows: Int

    var tileCount: Int { tileColumns * tileRows }

    init(grid: DemandGrid, sites: [SitePlacement], settings: InterferenceSettings, clutter: ClutterRaster?) {
        self.grid = grid
        self.clutter = clutter
        load = settings.loadFraction
        window = settings.overlapWindowDB
        positions = sites.map(\.position)
        (siteEvaluators, siteRadii) = Self.evaluators(sites: sites, settings: settings, clutter: clutter)
        maxRadius = (siteRadii.max() ?? 0) + (clutter?.predictionOffsetMeters ?? 0)
        let spec = grid.spec
        let tileMeters = Double(Self.tileCells) * spec.cellMeters
        bucketMeters = max(tileMeters, maxRadius)
        minX = spec.originX - maxRadius
        minY = spec.originY - maxRadius
        bucketColumns = Int(((Double(spec.columns) * spec.cellMeters + 2 * maxRadius) / bucketMeters).rounded(.up)) + 1
        bucketRows = Int(((Double(spec.rows) * spec.cellMeters + 2 * maxRadius) / bucketMeters).rounded(.up)) + 1
        var bucketLists = [[Int32]](repeating: [], count: bucketColumns * bucketRows)
        for (s, p) in positions.enumerated() {
            let bx = Int(((p.x - minX) / bucketMeters).rounded(.down))
            let by = Int(((p.y - minY) / bucketMeters).rounded(.down))
            guard bx >= 0, by >= 0, bx < bucketColumns, by < bucketRows else { continue } // too far to matter
            bucketLists[by * bucketColumns + bx].append(Int32(s))
        }
        buckets = bucketLists
        tileColumns = (spec.columns + Self.tileCells - 1) / Self.tileCells
        tileRows = (spec.rows + Self.tileCells - 1) / Self.tileCells
    }

    /// Evaluators (the profile's own, then one per clutter class) and the interference radius of
    /// every site, computed once per (profile, height).
    static func evaluators(sites: [SitePlacement], settings: InterferenceSettings, clutter: ClutterRaster?)
        -> (evaluators: [[CoverageEvaluator]], radii: [Double])
    {
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
        return (evaluators, radii)
    }

    /// The sites that may reach a cell of the tile at (`c0…c1`, `r0…r1`): the buckets overlapping
    /// the tile grown by `maxRadius`, in site order.
    func candidates(c0: Int, c1: Int, r0: Int, r1: Int) -> [Int32] {
        let spec = grid.spec
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
        return candidates
    }

    /// The field on every demand cell of tile `t` (row-major tiles, cells row by row).
    func compute(tile t: Int) -> TileResult {
        let spec = grid.spec
        var result = TileResult()
        let c0 = (t % tileColumns) * Self.tileCells
        let c1 = min(spec.columns, c0 + Self.tileCells) - 1
        let r0 = (t / tileColumns) * Self.tileCells
        let r1 = min(spec.rows, r0 + Self.tileCells) - 1
        let candidates = candidates(c0: c0, c1: c1, r0: r0, r1: r1)
        var blockResults: [Int: CellResult] = [:]
        var strongest = Strongest()
        for row in r0...max(r0, r1) where r1 >= r0 {
            for column in c0...max(c0, c1) where c1 >= c0 {
                let id = grid.cellIndex[row * spec.columns + column]
                if id < 0 { continue }
                let squareClass = clutter.map { Int($0.classOfSquare[row * spec.columns + column]) } ?? 0
                // A land use with a coarser prediction cell: one result per block and class, shared.
                let f = clutter?.blockSquares[squareClass] ?? 1
                let blockKey = f > 1 ? clutter?.blockKey(column: column, row: row, classIndex: squareClass) ?? -1 : -1
                if f > 1, let shared = blockResults[blockKey] {
                    result.append(id, shared)
                    continue
                }
                let point =
                    clutter?.predictionPoint(column: column, row: row, classIndex: squareClass)
                    ?? spec.center(column: column, row: row)
                let cell = evaluate(
                    at: point, squareClass: squareClass, candidates: candidates, strongest: &strongest,
                    evaluations: &result.evaluations)
                if f > 1 { blockResults[blockKey] = cell }
                result.append(id, cell)
            }
        }
        return result
    }

    /// The 8 strongest servers at a cell with their RSRP thresholds, for the overlap count.
    struct Strongest {
        var rsrp = [Float](repeating: 0, count: 8)
        var threshold = [Float](repeating: 0, count: 8)
        var kept = 0

        mutating func offer(_ value: Float, threshold limit: Float) {
            if kept < 8 {
                rsrp[kept] = value
                threshold[kept] = limit
                kept += 1
                return
            }
            var weakest = 0
            for k in 1..<8 where rsrp[k] < rsrp[weakest] { weakest = k }
            if value > rsrp[weakest] {
                rsrp[weakest] = value
                threshold[weakest] = limit
            }
        }
    }

    /// Best server, RSRP, SINR and overlap at `point`, summing the candidates in site order.
    func evaluate(
        at point: Coordinate, squareClass: Int, candidates: [Int32], strongest: inout Strongest,
        evaluations: inout Int
    ) -> CellResult {
        var best = -Double.infinity
        var bestSite: Int32 = -1
        var totalMilliwatts = 0.0
        strongest.kept = 0
        for s32 in candidates {
            let s = Int(s32)
            let dx = point.x - positions[s].x
            let dy = point.y - positions[s].y
            if dx * dx + dy * dy > siteRadii[s] * siteRadii[s] { continue }
            evaluations += 1
            let rsrp = siteEvaluators[s][squareClass].rsrpDBm(eastMeters: dx, northMeters: dy)
            guard rsrp.isFinite else { continue }
            totalMilliwatts += pow(10, rsrp / 10)
            if rsrp > best {
                best = rsrp
                bestSite = s32
            }
            strongest.offer(Float(rsrp), threshold: Float(siteEvaluators[s][0].rsrpThresholdDBm))
        }
        var cell = CellResult(server: bestSite, rsrp: RadioField.none, sinr: RadioField.none, overlap: 0)
        guard bestSite >= 0 else { return cell }
        let signal = pow(10, best / 10)
        let noise = pow(10, siteEvaluators[Int(bestSite)][0].noisePowerPerREDBm / 10)
        let interference = load * max(0, totalMilliwatts - signal)
        cell.rsrp = Float(best)
        cell.sinr = Float(10 * log10(signal / (interference + noise)))
        var overlap = 0
        for k in 0..<strongest.kept
        where strongest.rsrp[k] >= strongest.threshold[k] && Double(strongest.rsrp[k]) >= best - window {
            overlap += 1
        }
        cell.overlap = UInt8(overlap)
        return cell
    }
}
