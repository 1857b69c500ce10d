import Foundation
import Geo
import Optimizer
import Support

/// `tile.json`: what a solved tile hands to the merge (docs/scale.md) — its plan by site id, the
/// sites a greedy would add next (for the top-up), the pieces of the global lower bound, and the
/// hashes that say which cut and which tile it belongs to.
public struct TileResult: Sendable {
    public static let fileName = "tile.json"

    public var index: Int
    public var name: String
    public var inputSHA256: String
    public var scenarioSHA256: String
    public var nrplanVersion: String
    public var cells: Int
    public var weight: Double
    /// The uniform target `t · W_T`, the covered weight, and how much the tile's sites could not reach.
    public var targetWeight: Double
    public var coveredWeight: Double
    public var shortfallWeight: Double
    public var cost: Double
    /// The tile's own lower bound (valid for the tile's problem only).
    public var lowerBound: Double?
    /// New sites by rank.
    public var newSites: [String]
    /// What a lazy greedy adds next: (site id, core weight it adds, cost).
    public var continuation: [(id: String, gain: Double, cost: Double)]
    /// The tile's candidates that are columns of its problem (open, outside the exclusions,
    /// covering at least one of its cells): the merge counts the candidates no tile could use.
    public var columns: [String]
    public var bound: TileBound
    /// The multipliers `u` of the tile's core cells in their order (global row-major), written to
    /// `multipliers.bin` (little-endian binary64) for the merge's clipped seam terms; its SHA-256.
    public var multipliers: [Double]
    public var multipliersSHA256: String
    public var stageSeconds: [(name: String, seconds: Double)]
    /// Peak resident memory of the process, bytes (getrusage); set by the caller before writing.
    public var peakRSSBytes: Int
    public var threads: Int

    /// The figures of a solved tile.
    static func make(job: TileRun.Job, plan: Plan, columns: RadioColumns, targetWeight: Double) throws(PlanningError)
        -> TileResult
    {
        let seam = try seamSites(job)
        let grid = plan.grid
        let instance: CoveringInstance
        do {
            instance = try CoveringInstance(
                rowCount: grid.cellCount, columnStarts: columns.matrix.columnStarts, columnRows: columns.matrix.cells,
                costs: columns.sites.map(\.cost), weights: grid.weights, fixedColumns: columns.existingColumns,
                mustCoverRows: plan.study.layers.mustCoverCells)
        } catch {
            throw .infeasible("internal: the tile's covering instance is malformed: \(error)")
        }
        let u = TileBound.multipliers(instance, certificate: plan.solution.lagrangianCertificate?.multipliers)
        let bound = TileBound.make(
            instance: instance, candidateCount: columns.candidateCount, ids: columns.sites.map(\.id), seam: seam,
            setCover: job.manifest.coverageTarget >= 1, u: u, ladder: job.manifest.ladder.values)
        // Continuation: until 2 % of the core weight more, or 200 sites.
        let chosen = plan.solution.chosenColumns
        var covered = instance.coverCounts(of: chosen).map { $0 > 0 }
        var continuation: [(id: String, gain: Double, cost: Double)] = []
        var added = 0.0
        for j in continuationByGainPerCost(instance, after: chosen, maxColumns: 200) {
            guard added < 0.02 * grid.totalWeight else { break }
            var gain = 0.0
            for row in instance.rows(ofColumn: j) where !covered[Int(row)] {
                covered[Int(row)] = true
                gain += grid.weights[Int(row)]
            }
            added += gain
            continuation.append((columns.sites[j].id, gain, columns.sites[j].cost))
        }
        let coveredWeight = plan.continuity.coveredWeight
        return TileResult(
            index: job.tile.index, name: job.tile.name, inputSHA256: job.manifest.inputSHA256,
            scenarioSHA256: job.tile.scenarioSHA256, nrplanVersion: NRPlanVersion.string, cells: grid.cellCount,
            weight: grid.totalWeight, targetWeight: targetWeight, coveredWeight: coveredWeight,
            shortfallWeight: max(0, targetWeight - coveredWeight), cost: plan.network.newCost,
            lowerBound: plan.solution.lowerBound, newSites: plan.network.sites[plan.network.newIndices].map(\.id),
            continuation: continuation,
            columns: columns.sites[0..<columns.candidateCount].map(\.id), bound: bound, multipliers: u,
            multipliersSHA256: SHA256.hex(multipliersData(u)),
            stageSeconds: plan.stageSeconds, peakRSSBytes: 0, threads: plan.threads)
    }

    static let multipliersFile = "multipliers.bin"

    /// `u` as little-endian binary64 values.
    public static func multipliersData(_ u: [Double]) -> Data {
        var data = Data(capacity: u.count * 8)
        for value in u { withUnsafeBytes(of: value.bitPattern.littleEndian) { data.append(contentsOf: $0) } }
        return data
    }

    /// Reads `multipliers.bin` back: `count` values, or nil when the file is not that.
    static func readMultipliers(_ data: Data, count: Int) -> [Double]? {
        guard data.count == count * 8 else { return nil }
        return data.withUnsafeBytes { raw in
            (0..<count).map {
                Double(bitPattern: UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: $0 * 8, as: UInt64.self)))
            }
        }
    }

    /// The ids in the tile's `seam.json`.
    static func seamSites(_ job: TileRun.Job) throws(PlanningError) -> Set<String> {
        let url = job.scenarioURL.deletingLastPathComponent().appendingPathComponent("seam.json")
        let display = (job.scenarioDisplay as NSString).deletingLastPathComponent + "/seam.json"
        do {
            let root = try JSONParser.parse(try GeoJSONReader.readFile(url, displayName: display))
            return Set(root["sites"]?.arrayValue?.compactMap(\.stringValue) ?? [])
        } catch let error as GeoError {
            throw .invalidInput([Problem(error)])
        } catch {
            throw .invalidInput([Problem(.error, file: display, message: "invalid JSON: \(error)")])
        }
    }
}
