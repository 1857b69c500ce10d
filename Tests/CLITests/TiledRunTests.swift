import Foundation
import Testing

/// Issue 16, phase 2 (`nrplan tile`, `tile-run`, `merge`) on the small scenario, without an engine:
/// the merge's lower bound against HiGHS on the whole problem, bad use (exit 2, nothing written),
/// re-runs, and determinism across thread counts and the order the tiles were solved in.
/// The Slurm end-to-end run of the demo is `SlurmEngineTests.demoThroughSlurm`.
@Suite("Tiled runs: tile, tile-run, merge")
struct TiledRunTests {
    /// A valid bound cannot exceed the LP optimum of the whole problem (the Lagrangian dual is
    /// weak LP duality), and the LP optimum cannot exceed the integer optimum, nor that the merged plan.
    @Test(
        "the merged lower bound is at most HiGHS's LP optimum of the whole problem, for several cuts and targets",
        .enabled(if: Tiled.hasHiGHS, "python3 with highspy and numpy is not installed (pip install highspy)"),
        arguments: [("0.8", "1.5"), ("0.8", "1"), ("0.85", "2.5")])
    func boundIsValid(target: String, gridKm: String) throws {
        let folder = try CLI.temporaryFolder("tiled-bound")
        defer { try? FileManager.default.removeItem(at: folder) }
        let scenario = try CLI.smallScenario(in: folder, target: Double(target)!)
        let manifest = try Tiled.cut(scenario, gridKm: gridKm, into: folder.appendingPathComponent("run"))
        let count = try Tiled.tileCount(manifest)
        #expect(count >= 4, "\(gridKm) km: \(count) tiles")
        try Tiled.runTiles(manifest, Array(0..<count))
        let out = folder.appendingPathComponent("merged")
        let merged = try Tiled.merge(manifest, out: out)
        #expect(merged.status == 0, "merge: \(merged.stderr)")
        let summary = try Tiled.json(out.appendingPathComponent("summary.json"))
        let bound = try #require(summary["lower_bound"] as? Double)
        let cost = try #require(summary["cost_total"] as? Double)
        let coverage = try #require(summary["coverage_ratio"] as? Double)
        let tiles = try #require(summary["tiles"] as? [[String: Any]])
        let tileBounds = tiles.compactMap { $0["tile_lower_bound"] as? Double }.reduce(0, +)
        let (lp, mip) = try Tiled.highsOptima(scenario, in: folder)
        print(
            "tiled bound, target \(target), \(gridKm) km, \(count) tiles: merged bound \(bound), HiGHS LP \(lp), MIP \(mip), merged cost \(cost) (+\(String(format: "%.2f", (cost / mip - 1) * 100)) %), sum of the tiles' own bounds \(tileBounds)"
        )
        #expect(bound <= lp + 1e-6 * max(1, lp), "merged bound \(bound) above the LP optimum \(lp)")
        #expect(lp <= mip + 1e-6 * max(1, mip))
        #expect(mip <= cost + 1e-6 * max(1, cost), "the merged plan (\(cost)) is cheaper than the optimum \(mip)")
        #expect(coverage >= Double(target)! - 1e-9)
        // Valid and not vacuous: the tiles' multipliers carry most of the LP's value.
        #expect(bound > 0.5 * lp, "merged bound \(bound) vs LP \(lp)")
    }

    @Test("bad use: an index out of range, missing tiles, a tile of another cut — exit 2, the message, nothing written")
    func badUse() throws {
        let folder = try CLI.temporaryFolder("tiled-bad")
        defer { try? FileManager.default.removeItem(at: folder) }
        let scenario = try CLI.smallScenario(in: folder)
        let manifest = try Tiled.cut(scenario, gridKm: "2", into: folder.appendingPathComponent("run"))
        let count = try Tiled.tileCount(manifest)
        let tiles = folder.appendingPathComponent("run/tiles")
        func outputs() -> [String] {
            (0..<count).filter {
                FileManager.default.fileExists(atPath: tiles.appendingPathComponent("\($0)/out").path)
            }.map { "\($0)" }
        }

        let option = try CLI.run(["tile-run", manifest.path, "--index", "\(count + 5)"])
        #expect(option.status == 2)
        #expect(
            option.stderr.contains(
                "--index \(count + 5) is out of range: the manifest has \(count) tiles (0-\(count - 1))"),
            "\(option.stderr)")
        let variable = try CLI.run(
            ["tile-run", manifest.path], environment: ["SLURM_ARRAY_TASK_ID": "\(count)"])
        #expect(variable.status == 2)
        #expect(variable.stderr.contains("SLURM_ARRAY_TASK_ID=\(count) is out of range"), "\(variable.stderr)")
        let garbage = try CLI.run(["tile-run", manifest.path], environment: ["SLURM_ARRAY_TASK_ID": "x"])
        #expect(garbage.status == 2)
        #expect(garbage.stderr.contains("SLURM_ARRAY_TASK_ID='x' is not a tile index"), "\(garbage.stderr)")
        #expect(outputs().isEmpty, "tile outputs written: \(outputs())")

        // Missing tiles: every one named with the command that runs it; no output folder made.
        let out = folder.appendingPathComponent("merged")
        let missing = try Tiled.merge(manifest, out: out)
        #expect(missing.status == 2)
        for index in 0..<count {
            #expect(
                missing.stderr.contains("tiles/\(index)/out/tile.json: missing: tile \(index)")
                    && missing.stderr.contains("--index \(index)"), "\(missing.stderr)")
        }
        #expect(!FileManager.default.fileExists(atPath: out.path))

        // A tile of another cut: the same inputs but another seed (so another input hash), tile 0 solved
        // there and copied here; the merge names it, an existing output folder keeps its one file.
        let other = folder.appendingPathComponent("other")
        try FileManager.default.createDirectory(at: other, withIntermediateDirectories: true)
        let otherScenario = try CLI.smallScenario(in: other) { files in
            files["scenario.json"] = files["scenario.json"]!.replacingOccurrences(of: #""seed":1"#, with: #""seed":2"#)
        }
        let otherManifest = try Tiled.cut(otherScenario, gridKm: "2", into: other.appendingPathComponent("run"))
        try Tiled.runTiles(otherManifest, [0])
        try Tiled.runTiles(manifest, Array(1..<count))
        try FileManager.default.copyItem(
            at: other.appendingPathComponent("run/tiles/0/out"), to: tiles.appendingPathComponent("0/out"))
        try FileManager.default.createDirectory(at: out, withIntermediateDirectories: true)
        try CLI.write("keep\n", "note.txt", in: out)
        let foreign = try Tiled.merge(manifest, out: out, extra: ["--force"])
        #expect(foreign.status == 2)
        #expect(
            foreign.stderr.contains("tiles/0/out/tile.json: field 'input_sha256': expected"),
            "\(foreign.stderr)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: out.path) == ["note.txt"])
        // tile-run refuses to call that output finished, and --force replaces it.
        let stale = try CLI.run(["tile-run", manifest.path, "--index", "0"])
        #expect(stale.status == 2)
        #expect(stale.stderr.contains("the output is from another cut; --force replaces it"), "\(stale.stderr)")
        try Tiled.runTiles(manifest, [0], force: true)
        let fixed = try Tiled.merge(manifest, out: out, extra: ["--force"])
        #expect(fixed.status == 0, "\(fixed.stderr)")
    }

    @Test(
        "re-running a finished tile is a no-op; tiles and merge give the same bytes whatever the thread count and tile order; holes as nrplan audit finds them"
    )
    // Long because: one scenario told in order (two cuts, tiles both ways, no-op re-run, three merges, the audit), each step using the previous one's files.
    func deterministic() throws {
        let folder = try CLI.temporaryFolder("tiled-determinism")
        defer { try? FileManager.default.removeItem(at: folder) }
        // Two copies of everything, run from their own folder with the same relative paths, so the
        // paths the outputs quote are the same too.
        let a = folder.appendingPathComponent("a")
        let b = folder.appendingPathComponent("b")
        for copy in [a, b] {
            try FileManager.default.createDirectory(at: copy, withIntermediateDirectories: true)
            _ = try CLI.smallScenario(in: copy, target: 0.9)
            let cut = try CLI.run(["tile", "scenario.json", "--out", "run", "--grid-km", "1.5", "--quiet"], in: copy)
            #expect(cut.status == 0, "\(cut.stderr)")
        }
        let manifestA = a.appendingPathComponent("run/manifest.json")
        #expect(
            try Data(contentsOf: manifestA) == Data(contentsOf: b.appendingPathComponent("run/manifest.json")),
            "two cuts of the same inputs differ")
        let count = try Tiled.tileCount(manifestA)
        func tileRun(_ copy: URL, _ index: Int, threads: Int) throws {
            let run = try CLI.run(
                ["tile-run", "run/manifest.json", "--index", "\(index)", "--threads", "\(threads)", "--quiet"], in: copy
            )
            #expect(run.status == 0, "tile-run \(index): \(run.stderr)")
        }
        for index in 0..<count { try tileRun(a, index, threads: 1) }
        for index in (0..<count).reversed() { try tileRun(b, index, threads: 2) }
        for index in 0..<count {
            let x = a.appendingPathComponent("run/tiles/\(index)/out")
            let y = b.appendingPathComponent("run/tiles/\(index)/out")
            #expect(
                try Tiled.withoutTimings(x.appendingPathComponent("tile.json"))
                    == Tiled.withoutTimings(y.appendingPathComponent("tile.json")), "tile \(index): tile.json differs")
            for name in ["multipliers.bin", "sites.csv"] {
                #expect(
                    try Data(contentsOf: x.appendingPathComponent(name))
                        == Data(contentsOf: y.appendingPathComponent(name)), "tile \(index): \(name) differs")
            }
        }
        // A finished tile is not solved again: same bytes, and it says so.
        let tileJSON = a.appendingPathComponent("run/tiles/0/out/tile.json")
        let before = try Data(contentsOf: tileJSON)
        let again = try CLI.run(["tile-run", manifestA.path, "--index", "0"])
        #expect(again.status == 0)
        #expect(again.stdout.contains("tile 0 (") && again.stdout.contains("is finished"), "\(again.stdout)")
        #expect(try Data(contentsOf: tileJSON) == before)

        func merge(_ copy: URL, _ out: String, threads: Int) throws {
            let run = try CLI.run(
                ["merge", "run/manifest.json", "--out", out, "--threads", "\(threads)", "--quiet"], in: copy)
            #expect(run.status == 0, "merge: \(run.stderr)")
        }
        try merge(a, "merged", threads: 1)
        try merge(b, "merged", threads: 2)
        try merge(a, "merged-again", threads: 2)
        let outA = a.appendingPathComponent("merged")
        let outB = b.appendingPathComponent("merged")
        let outA2 = a.appendingPathComponent("merged-again")
        let differ = try Tiled.differences(outA, outB)
        #expect(
            differ.isEmpty, "merged plans of tiles solved with 1 and 2 threads in opposite orders differ: \(differ)")
        // The same tiles merged twice: every file but the stage times byte for byte.
        for name in ["sites.geojson", "sites.csv", "holes.geojson", "coverage.geojson", "map.svg"] {
            #expect(
                try Data(contentsOf: outA.appendingPathComponent(name))
                    == Data(contentsOf: outA2.appendingPathComponent(name)), "\(name) differs on a re-run")
        }
        let again2 = try Tiled.differences(outA, outA2)
        #expect(again2.isEmpty, "the merge differs on a re-run: \(again2)")

        // The stitched continuity is what `nrplan audit` finds for the merged plan on one machine.
        let audit = try CLI.run(
            [
                "audit", "--area", "area.geojson", "--sites", "merged/sites.geojson", "--scenario", "scenario.json",
                "--out", "audit", "--quiet",
            ], in: a)
        #expect(audit.status == 0, "\(audit.stderr)")
        #expect(
            try Data(contentsOf: a.appendingPathComponent("audit/holes.geojson"))
                == Data(contentsOf: outA.appendingPathComponent("holes.geojson")), "holes differ from the audit's")
        let audited = try Tiled.json(a.appendingPathComponent("audit/summary.json"))
        let summary = try Tiled.json(outA.appendingPathComponent("summary.json"))
        for key in ["coverage_ratio", "holes_count", "holes_enclosed", "largest_hole_m2", "covered_components"] {
            #expect("\(audited[key] ?? "-")" == "\(summary[key] ?? "-")", "\(key): audit vs merge")
        }
        #expect(
            try JSONSerialization.data(withJSONObject: #require(audited["continuity"]), options: [.sortedKeys])
                == JSONSerialization.data(withJSONObject: #require(summary["continuity"]), options: [.sortedKeys]),
            "continuity: audit vs merge")
    }
}
