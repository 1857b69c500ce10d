import Foundation
import Geo
import Support

extension TileMerge {
    /// Every tile's `tile.json`, checked against the manifest before anything is merged; every
    /// problem of every tile is reported at once (docs/scale.md, "merge", step 1).
    static func checkTiles(_ manifest: TileManifest, folder: URL, folderDisplay: String, manifestDisplay: String)
        throws(PlanningError) -> [TileResult]
    {
        var d = Diagnostics()
        var results: [TileResult] = []
        for tile in manifest.tiles {
            let display = TileRun.Job.join(folderDisplay, tile.out) + "/" + TileResult.fileName
            let url = folder.appendingPathComponent(tile.out).appendingPathComponent(TileResult.fileName)
            guard FileManager.default.fileExists(atPath: url.path) else {
                d.error(
                    display,
                    message:
                        "missing: tile \(tile.index) (\(tile.name)) has not finished; run nrplan tile-run \(manifestDisplay) --index \(tile.index) (Slurm: scripts/slurm/submit.sh --tiles \(tile.index) \(manifestDisplay))"
                )
                continue
            }
            guard var result = TileResult.read(url, displayName: display, &d) else { continue }
            let binary = folder.appendingPathComponent(tile.out).appendingPathComponent(TileResult.multipliersFile)
            let binaryDisplay = TileRun.Job.join(folderDisplay, tile.out) + "/" + TileResult.multipliersFile
            if let data = try? GeoJSONReader.readFile(binary, displayName: binaryDisplay),
                SHA256.hex(data) == result.multipliersSHA256,
                let values = TileResult.readMultipliers(data, count: result.cells)
            {
                result.multipliers = values
            } else {
                d.error(
                    binaryDisplay, field: "multipliers.sha256",
                    expected: "\(result.cells) values with the SHA-256 of tile.json (\(result.multipliersSHA256))",
                    found: "a missing or different file; re-run the tile with --force")
                continue
            }
            var ok = true
            func mismatch(_ field: String, _ expected: String, _ found: String) {
                d.error(display, field: field, expected: expected, found: found)
                ok = false
            }
            if result.inputSHA256 != manifest.inputSHA256 {
                mismatch(
                    "input_sha256", "\(manifest.inputSHA256) (this manifest)",
                    "\(result.inputSHA256): tile \(tile.index) was solved from another cut of the inputs; re-run it with --force"
                )
            }
            if result.index != tile.index {
                mismatch("index", "\(tile.index)", "\(result.index) (a tile folder copied to the wrong place)")
            } else if result.inputSHA256 == manifest.inputSHA256, result.scenarioSHA256 != tile.scenarioSHA256 {
                mismatch(
                    "scenario_sha256", "\(tile.scenarioSHA256) (this manifest)",
                    "\(result.scenarioSHA256): solved from other tile files; re-run it with --force")
            }
            if result.nrplanVersion != NRPlanVersion.string {
                mismatch(
                    "nrplan_version", NRPlanVersion.string,
                    "\(result.nrplanVersion): mixed nrplan builds; re-run the tile with this one")
            }
            if result.bound.ladder.count != manifest.ladder.count {
                mismatch(
                    "bound.ladder", "\(manifest.ladder.count) values (the manifest's ladder)",
                    "\(result.bound.ladder.count)")
            }
            if ok { results.append(result) }
        }
        if d.hasErrors { throw .invalidInput(d.errors) }
        return results
    }

    /// The ids of every tile's `seam.json`: sites more than one tile takes.
    static func seamSites(_ manifest: TileManifest, folder: URL, folderDisplay: String) throws(PlanningError) -> Set<
        String
    > {
        var ids: Set<String> = []
        for tile in manifest.tiles {
            let job = TileRun.Job(manifest: manifest, tile: tile, folder: folder, folderDisplay: folderDisplay)
            ids.formUnion(try TileResult.seamSites(job))
        }
        return ids
    }

    /// The global inputs must be those that were cut (`input_sha256`).
    static func checkInputs(_ manifest: TileManifest, scenarioURL: URL, scenarioDisplay: String) throws(PlanningError) {
        let found = try InputDigest.sha256(
            of: manifest.inputs, in: scenarioURL.deletingLastPathComponent(),
            display: (scenarioDisplay as NSString).deletingLastPathComponent)
        if found != manifest.inputSHA256 {
            throw TileRun.fail(
                scenarioDisplay, field: "input_sha256", expected: "\(manifest.inputSHA256) (manifest)",
                found:
                    "\(found): the inputs changed since they were cut; cut them again (nrplan tile --force) and re-run the tiles"
            )
        }
    }
}
