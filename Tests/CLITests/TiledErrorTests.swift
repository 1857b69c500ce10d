import Foundation
import Testing

/// The rows of docs/scale.md's error table not driven by `TiledRunTests.badUse`: a tile output at
/// the wrong index, a tile solved by another nrplan version (both refused by `merge`), and a grid
/// size off the cells, a halo below the range and a scenario phase 2 does not cut (refused by
/// `tile`). Each: exit 2, the message names the file, the field or option, what was expected and
/// what was found, and nothing is written.
@Suite("Tiled runs: the error table")
struct TiledErrorTests {
    /// The small scenario cut in 2 km tiles, every tile solved; the manifest and its tile count.
    static func solvedCut(in folder: URL) throws -> (manifest: URL, count: Int) {
        let scenario = try CLI.smallScenario(in: folder)
        let manifest = try Tiled.cut(scenario, gridKm: "2", into: folder.appendingPathComponent("run"))
        let count = try Tiled.tileCount(manifest)
        try Tiled.runTiles(manifest, Array(0..<count))
        return (manifest, count)
    }

    @Test("merge: a tile output copied to another tile's folder — field 'index', expected and found, nothing written")
    func wrongIndex() throws {
        let folder = try CLI.temporaryFolder("tiled-wrong-index")
        defer { try? FileManager.default.removeItem(at: folder) }
        let (manifest, count) = try Self.solvedCut(in: folder)
        #expect(count >= 2)
        let tiles = folder.appendingPathComponent("run/tiles")
        try FileManager.default.removeItem(at: tiles.appendingPathComponent("0/out"))
        try FileManager.default.copyItem(
            at: tiles.appendingPathComponent("1/out"), to: tiles.appendingPathComponent("0/out"))
        let out = folder.appendingPathComponent("merged")
        let run = try Tiled.merge(manifest, out: out)
        #expect(run.status == 2)
        #expect(
            run.stderr.contains("tiles/0/out/tile.json: field 'index': expected 0, found 1"), "\(run.stderr)")
        #expect(!FileManager.default.fileExists(atPath: out.path), "a merged folder was written")
    }

    @Test(
        "merge: a tile solved by another nrplan version — field 'nrplan_version', this one and the tile's, nothing written"
    )
    func otherVersion() throws {
        let folder = try CLI.temporaryFolder("tiled-version")
        defer { try? FileManager.default.removeItem(at: folder) }
        let (manifest, count) = try Self.solvedCut(in: folder)
        let tileJSON = folder.appendingPathComponent("run/tiles/\(count - 1)/out/tile.json")
        let version = try #require(Tiled.json(tileJSON)["nrplan_version"] as? String)
        let text = try String(contentsOf: tileJSON, encoding: .utf8)
        #expect(text.components(separatedBy: "\"\(version)\"").count == 2, "the version is not quoted once")
        try text.replacingOccurrences(of: "\"\(version)\"", with: "\"0.0.1-old\"").write(
            to: tileJSON, atomically: true, encoding: .utf8)
        let out = folder.appendingPathComponent("merged")
        let run = try Tiled.merge(manifest, out: out)
        #expect(run.status == 2)
        #expect(
            run.stderr.contains(
                "tiles/\(count - 1)/out/tile.json: field 'nrplan_version': expected \(version), found 0.0.1-old"),
            "\(run.stderr)")
        #expect(!FileManager.default.fileExists(atPath: out.path), "a merged folder was written")
    }

    /// `nrplan tile` refused: exit 2, every fragment in the message, no output folder.
    func refused(_ arguments: [String], in folder: URL, edit: (inout [String: String]) -> Void = { _ in }) throws
        -> String
    {
        let scenario = try CLI.smallScenario(in: folder, edit: edit)
        let out = folder.appendingPathComponent("run")
        let run = try CLI.run(["tile", scenario.path, "--out", out.path, "--quiet"] + arguments)
        #expect(run.status == 2, "exit \(run.status): \(run.stderr)")
        #expect(!FileManager.default.fileExists(atPath: out.path), "nrplan tile wrote \(out.path)")
        #expect(run.stderr.contains("scenario.json"), "the file is not named: \(run.stderr)")
        return run.stderr
    }

    @Test("tile: a grid size that is not a whole number of cells — the option, the value, the nearest valid sizes")
    func gridNotAligned() throws {
        let folder = try CLI.temporaryFolder("tiled-grid")
        defer { try? FileManager.default.removeItem(at: folder) }
        let message = try refused(["--grid-km", "1.23"], in: folder)
        #expect(
            message.contains("--grid-km 1.23: a tile must be a whole number of 50 m cells; nearest: 1.2 or 1.25"),
            "\(message)")
    }

    @Test("tile: a halo below the largest predicted range — the option, the value and the range")
    func haloBelowRange() throws {
        let folder = try CLI.temporaryFolder("tiled-halo")
        defer { try? FileManager.default.removeItem(at: folder) }
        let message = try refused(["--grid-km", "2", "--halo-m", "10"], in: folder)
        let pattern = try Regex(#"--halo-m 10 is less than the largest predicted range ([0-9.]+) m"#)
        let match = try #require(message.firstMatch(of: pattern), "\(message)")
        let range = try #require(Double(String(match.output[1].substring ?? "")))
        #expect(range > 10, "range \(range)")
    }

    @Test(
        "tile: scenarios phase 2 does not cut — max_coverage and demand points, each named with the reason",
        arguments: [
            (
                #""objective":{"type":"min_cost","coverage_target":0.8}"#,
                #""objective":{"type":"max_coverage","sites":5}"#,
                "objective.type max_coverage cannot be tiled yet"
            ),
            (
                #""demand":{"cell_m":50}"#,
                #""demand":{"cell_m":50,"points":{"file":"points.geojson","weight":"weight"}}"#,
                "demand.points cannot be tiled yet"
            ),
        ])
    func unsupportedScenario(original: String, replacement: String, expected: String) throws {
        let folder = try CLI.temporaryFolder("tiled-unsupported")
        defer { try? FileManager.default.removeItem(at: folder) }
        let message = try refused(["--grid-km", "2"], in: folder) { files in
            #expect(files["scenario.json"]!.contains(original))
            files["scenario.json"] = files["scenario.json"]!.replacingOccurrences(of: original, with: replacement)
            files["points.geojson"] =
                #"{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"weight":1},"geometry":{"type":"Point","coordinates":[113.31,23.12]}}]}"#
        }
        #expect(message.contains(expected), "\(message)")
    }
}
