import Foundation
import Geo
import Optimizer
import Support

/// `nrplan tile-run`: checks a tile against its manifest and solves it — the ordinary pipeline on
/// the tile's scenario, in the manifest's projection and on its window of the global grid, with its
/// core cells as the demand (docs/scale.md, "tile-run").
public enum TileRun {
    /// Where the tile index came from (for messages).
    public enum IndexSource: Sendable, Equatable {
        case option
        case environment(String)
    }

    /// A tile ready to run: the manifest, the tile, and its folders.
    public struct Job: Sendable {
        public let manifest: TileManifest
        public let tile: TileManifest.Tile
        /// The manifest's folder, and how messages name it.
        public let folder: URL
        public let folderDisplay: String
        public var outURL: URL { folder.appendingPathComponent(tile.out) }
        public var outDisplay: String { Self.join(folderDisplay, tile.out) }
        public var scenarioURL: URL { folder.appendingPathComponent(tile.scenario) }
        public var scenarioDisplay: String { Self.join(folderDisplay, tile.scenario) }

        static func join(_ a: String, _ b: String) -> String { a.isEmpty || a == "." ? b : a + "/" + b }
    }

    /// What `prepare` found.
    public enum Readiness: Sendable {
        /// The tile must be solved.
        case toSolve(Job)
        /// Its output is there, from this cut: nothing to do (without `--force`).
        case finished(Job)
    }

    /// Reads the manifest and checks the tile: version, index, its files' hash, an earlier output.
    /// - Throws: `.invalidInput` with the message of docs/scale.md's error table (exit 2).
    public static func prepare(
        manifestURL: URL, displayName: String, index: Int, source: IndexSource, force: Bool
    ) throws(PlanningError) -> Readiness {
        let manifest = try TileManifest.read(manifestURL, displayName: displayName)
        if manifest.nrplanVersion != NRPlanVersion.string {
            throw fail(
                displayName, field: "nrplan_version", expected: NRPlanVersion.string + " (this nrplan)",
                found: manifest.nrplanVersion + ": cut by another nrplan version; cut again with this one")
        }
        guard manifest.tiles.indices.contains(index) else {
            let what: String
            switch source {
            case .option: what = "--index \(index)"
            case .environment(let name): what = "\(name)=\(index)"
            }
            let range = manifest.tiles.isEmpty ? "none" : "0-\(manifest.tiles.count - 1)"
            throw .invalidInput([
                Problem(
                    .error, file: displayName,
                    message: "\(what) is out of range: the manifest has \(manifest.tiles.count) tiles (\(range))")
            ])
        }
        let folder = manifestURL.deletingLastPathComponent()
        let folderDisplay = (displayName as NSString).deletingLastPathComponent
        let job = Job(manifest: manifest, tile: manifest.tiles[index], folder: folder, folderDisplay: folderDisplay)
        let tileFolder = job.scenarioURL.deletingLastPathComponent()
        let found = try InputDigest.sha256(
            of: job.tile.files, in: tileFolder, display: (job.scenarioDisplay as NSString).deletingLastPathComponent)
        if found != job.tile.scenarioSHA256 {
            throw fail(
                job.scenarioDisplay, field: "scenario_sha256", expected: "\(job.tile.scenarioSHA256) (manifest)",
                found: "\(found): the tile's files are not those nrplan tile wrote (copied only in part, or edited)")
        }
        let done = job.outURL.appendingPathComponent(TileResult.fileName)
        guard !force, FileManager.default.fileExists(atPath: done.path) else { return .toSolve(job) }
        let doneDisplay = job.outDisplay + "/" + TileResult.fileName
        let stamp = try TileResult.readStamp(done, displayName: doneDisplay)
        if stamp.inputSHA256 != manifest.inputSHA256 {
            throw fail(
                doneDisplay, field: "input_sha256", expected: manifest.inputSHA256,
                found: "\(stamp.inputSHA256): the output is from another cut; --force replaces it")
        }
        if stamp.scenarioSHA256 != job.tile.scenarioSHA256 || stamp.index != index {
            throw fail(
                doneDisplay, field: "scenario_sha256", expected: job.tile.scenarioSHA256,
                found:
                    "\(stamp.scenarioSHA256) (tile \(stamp.index)): the output is from another tile; --force replaces it"
            )
        }
        return .finished(job)
    }

    static func fail(_ file: String, field: String, expected: String, found: String) -> PlanningError {
        .invalidInput([Problem(.error, file: file, field: field, expected: expected, found: found)])
    }

    /// Solves the tile: its plan (for `sites.csv` and `summary.json`) and `tile.json`.
    public static func solve(_ job: Job, options: PlanOptions) throws(PlanningError) -> (plan: Plan, result: TileResult)
    {
        var options = options
        options.interference = nil // the merge computes SINR on the whole network
        var clock = StageClock(onStage: options.onStage)
        let (scenario, warnings) = try clock.run(.load) { () throws(PlanningError) in
            try ScenarioLoader.load(job.scenarioURL, displayName: job.scenarioDisplay).get()
        }
        let window = job.manifest.gridWindow(of: job.tile.index)
        let study = try clock.run(.grid) { () throws(PlanningError) in
            let whole = try StudyArea.prepare(
                districts: scenario.districts, exclusions: scenario.exclusions.map(\.geometry),
                demand: scenario.demand, sourceFile: scenario.file, threads: options.threads, frame: scenario.frame,
                window: window)
            guard let district = job.tile.coreDistrict else { return whole }
            return whole.restricted(to: whole.grid.cellDistrict.map { Int($0) == district })
        }
        guard study.grid.cellCount == job.tile.cells else {
            throw .infeasible(
                "\(job.scenarioDisplay): the tile's grid has \(study.grid.cellCount) core cells, the manifest \(job.tile.cells): the tile does not line up with the global grid (please report this)"
            )
        }
        let columns = try clock.run(.coverage) { () throws(PlanningError) in
            try RadioColumns.build(
                scenario: scenario, study: study, threads: options.threads, onProgress: options.onProgress)
        }
        // The uniform target, lowered to what the tile's sites can reach (the shortfall is recorded).
        let target = job.manifest.coverageTarget
        let reachable = columns.matrix.coveredCells(by: Array(0..<columns.sites.count))
        var reachableWeight = 0.0
        for cell in 0..<study.grid.cellCount where reachable[cell] { reachableWeight += study.grid.weights[cell] }
        let total = study.grid.totalWeight
        var tileScenario = scenario
        if total > 0, target * total > reachableWeight {
            tileScenario.objective = .minCost(coverageTarget: max(0, reachableWeight / total * (1 - 1e-9)))
        }
        let plan = try SitingPipeline.finishRadio(
            scenario: tileScenario, study: study, columns: columns, warnings: warnings + study.layers.warnings,
            options: options, clock: clock)
        let result = try TileResult.make(job: job, plan: plan, columns: columns, targetWeight: target * total)
        return (plan, result)
    }
}
