import Foundation
import Testing

/// End-to-end tests of `nrplan solve` and `nrplan demo`, running the built binary.
@Suite("nrplan solve / demo (end to end)", .serialized)
struct SolveCLITests {
    static let summaryKeys = [
        "coverage_ratio", "area_km2", "cells", "candidates", "sites_new", "sites_existing", "cost_total",
        "holes_count", "largest_hole_m2", "stage_seconds", "threads", "version", "lower_bound", "gap",
    ]

    func summary(_ folder: URL) throws -> [String: Any] {
        let data = try Data(contentsOf: folder.appendingPathComponent("summary.json"))
        return try #require(JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    @Test("--help, --version and each command's --help exit 0; unknown commands and options exit 2 with usage")
    func help() throws {
        let top = try CLI.run(["--help"])
        #expect(top.status == 0)
        for command in ["solve", "demo", "linkbudget"] { #expect(top.stdout.contains(command)) }
        #expect(
            try CLI.run(["--version"]).stdout.trimmingCharacters(in: .whitespacesAndNewlines).split(separator: ".")
                .count == 3)
        for command in ["solve", "demo"] {
            let run = try CLI.run([command, "--help"])
            #expect(run.status == 0)
            #expect(run.stdout.contains("USAGE: nrplan \(command)"))
        }
        // Every command's help lists its exit codes; those that write outputs list 74 (write failure).
        #expect(top.stdout.contains("EXIT CODES:") && top.stdout.contains("74"))
        for command in ["solve", "demo", "audit", "cluster", "convert", "validate", "linkbudget", "solve-matrix"] {
            let help = try CLI.run([command, "--help"]).stdout
            #expect(help.contains("EXIT CODES:\n  0    "), "\(command)")
            let writes = !["validate", "linkbudget", "solve-matrix"].contains(command)
            #expect(help.contains("\n  74   ") == writes, "\(command)")
            #expect(help.contains("\n  130  ") == writes, "\(command)")
        }
        let unknown = try CLI.run(["frobnicate"])
        #expect(unknown.status == 2)
        #expect(unknown.stderr.contains("unknown command 'frobnicate'"))
        let badOption = try CLI.run(["solve", "x.json", "--out", "o", "--bogus"])
        #expect(badOption.status == 2)
        #expect(badOption.stderr.contains("unknown option '--bogus'"))
        #expect(badOption.stderr.contains("usage: nrplan solve"))
        let missing = try CLI.run(["solve", "x.json"])
        #expect(missing.status == 2)
        #expect(missing.stderr.contains("--out"))
    }

    @Test("the demo reaches its coverage target and writes every output with every summary key")
    func demo() throws {
        let out = try CLI.temporaryFolder("demo")
        defer { try? FileManager.default.removeItem(at: out) }
        let run = try CLI.run(["demo", "--out", out.path, "--force", "--threads", "2"], in: CLI.repositoryRoot)
        #expect(run.status == 0, "\(run.stderr)")
        let names = try FileManager.default.contentsOfDirectory(atPath: out.path).sorted()
        #expect(
            names == [
                "coverage.geojson", "holes.geojson", "map.svg", "report.html", "report.md", "sites.csv",
                "sites.geojson", "summary.json",
            ])
        let s = try summary(out)
        for key in Self.summaryKeys { #expect(s[key] != nil, "summary.json lacks \(key)") }
        let target = try #require((s["objective"] as? [String: Any])?["coverage_target"] as? Double)
        let ratio = try #require(s["coverage_ratio"] as? Double)
        #expect(ratio >= target)
        let stages = try #require(s["stage_seconds"] as? [String: Any])
        #expect(Set(stages.keys) == ["load", "grid", "coverage", "solve", "continuity", "field", "write"])
        #expect((s["gap"] as? Double).map { $0 >= 0 && $0 < 0.2 } == true)
        #expect((s["sites_new"] as? Int).map { $0 > 0 } == true)

        // sites.geojson carries the catalogue's properties and the plan's.
        let sites = try #require(
            JSONSerialization.jsonObject(with: Data(contentsOf: out.appendingPathComponent("sites.geojson")))
                as? [String: Any])
        let features = try #require(sites["features"] as? [[String: Any]])
        let props = features.compactMap { $0["properties"] as? [String: Any] }
        #expect(props.filter { $0["plan"] as? String == "new" }.count == s["sites_new"] as? Int)
        #expect(props.filter { $0["plan"] as? String == "existing" }.count == s["sites_existing"] as? Int)
        #expect(props.allSatisfy { $0["id"] != nil && $0["profile"] != nil && $0["range_m"] != nil })
        // Chinese names intact.
        #expect(
            props.contains {
                ($0["name"] as? String)?.unicodeScalars.contains { $0.value >= 0x4E00 && $0.value <= 0x9FFF } == true
            })
        // Lamp poles and rooftops get different predicted ranges (issue 3).
        let lampRanges = Set(
            props.filter { $0["kind"] as? String == "lamp_pole" }.compactMap { $0["range_m"] as? Double })
        let roofRanges = Set(
            props.filter { $0["kind"] as? String == "rooftop" }.compactMap { $0["range_m"] as? Double })
        if let lamp = lampRanges.max(), let roof = roofRanges.min() { #expect(lamp < roof) }

        // RFC 7946 on every GeoJSON output.
        for name in ["sites.geojson", "holes.geojson", "coverage.geojson"] {
            #expect(RFC7946Checker.violations(in: out.appendingPathComponent(name)) == [], "\(name)")
        }
    }

    @Test(
        "GDAL's ogrinfo opens every output without a warning or error",
        .enabled(if: OGRInfo.path != nil, "GDAL's ogrinfo is not installed (CI installs gdal-bin)"))
    func ogrinfo() throws {
        let folder = try CLI.temporaryFolder("ogr")
        defer { try? FileManager.default.removeItem(at: folder) }
        let scenario = try CLI.smallScenario(in: folder)
        let out = folder.appendingPathComponent("out")
        let run = try CLI.run(["solve", scenario.path, "--out", out.path, "--quiet"])
        #expect(run.status == 0, "\(run.stderr)")
        for name in ["sites.geojson", "holes.geojson", "coverage.geojson"] {
            let result = try #require(try OGRInfo.check(out.appendingPathComponent(name)))
            #expect(result.status == 0)
            #expect(!result.output.localizedCaseInsensitiveContains("warning"), "\(result.output)")
            #expect(!result.output.contains("ERROR"), "\(result.output)")
            #expect(result.output.contains("Feature Count"))
        }
    }

    @Test("--threads 1 and --threads 2 write byte-identical sites.geojson and holes.geojson")
    func deterministic() throws {
        let folder = try CLI.temporaryFolder("threads")
        defer { try? FileManager.default.removeItem(at: folder) }
        var outputs: [[Data]] = []
        for threads in ["1", "2"] {
            let out = folder.appendingPathComponent("out\(threads)")
            let run = try CLI.run(["demo", "--out", out.path, "--threads", threads, "--quiet"], in: CLI.repositoryRoot)
            #expect(run.status == 0, "\(run.stderr)")
            outputs.append(
                try ["sites.geojson", "holes.geojson"].map { try Data(contentsOf: out.appendingPathComponent($0)) })
        }
        #expect(outputs[0][0] == outputs[1][0])
        #expect(outputs[0][1] == outputs[1][1])
        #expect(outputs[0][0].count > 1000)
    }

    @Test("bad input exits 2 naming file, feature and field, and writes nothing")
    func badInput() throws {
        let folder = try CLI.temporaryFolder("bad")
        defer { try? FileManager.default.removeItem(at: folder) }
        let scenario = try CLI.smallScenario(in: folder) { files in
            files["candidates.geojson"] = files["candidates.geojson"]!.replacingOccurrences(
                of: #""kind":"rooftop""#, with: #""kind":"spaceship""#)
            files["existing.geojson"] =
                #"{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"id":"E1"},"geometry":{"type":"LineString","coordinates":[[113.3,23.1],[113.31,23.1]]}}]}"#
        }
        let out = folder.appendingPathComponent("out")
        let run = try CLI.run(["solve", scenario.path, "--out", out.path])
        #expect(run.status == 2)
        #expect(run.stderr.contains("candidates.geojson: feature 0: field 'kind': expected one of rooftop"))
        #expect(
            run.stderr.contains("existing.geojson: feature 0: field 'geometry.type': expected Point, found LineString"))
        #expect(!FileManager.default.fileExists(atPath: out.path))

        let missing = try CLI.run(["solve", folder.appendingPathComponent("nope.json").path, "--out", out.path])
        #expect(missing.status == 2)
        #expect(missing.stderr.contains("nope.json: no such file"))
        #expect(!FileManager.default.fileExists(atPath: out.path))
    }

    @Test("a non-empty output folder is refused without --force and left untouched")
    func refusesNonEmptyFolder() throws {
        let folder = try CLI.temporaryFolder("nonempty")
        defer { try? FileManager.default.removeItem(at: folder) }
        let scenario = try CLI.smallScenario(in: folder)
        let out = folder.appendingPathComponent("out")
        try FileManager.default.createDirectory(at: out, withIntermediateDirectories: true)
        try CLI.write("keep me", "notes.txt", in: out)
        let run = try CLI.run(["solve", scenario.path, "--out", out.path])
        #expect(run.status == 2)
        #expect(run.stderr.contains("not empty"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: out.path) == ["notes.txt"])
        let forced = try CLI.run(["solve", scenario.path, "--out", out.path, "--force", "--quiet"])
        #expect(forced.status == 0, "\(forced.stderr)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: out.path).count == 9)
    }

    @Test("an unreachable coverage target is a clear error with the reachable figure")
    func infeasibleTarget() throws {
        let folder = try CLI.temporaryFolder("infeasible")
        defer { try? FileManager.default.removeItem(at: folder) }
        let scenario = try CLI.smallScenario(in: folder, target: 0.99) { files in
            files["scenario.json"] = files["scenario.json"]!.replacingOccurrences(of: "-110", with: "-70")
        }
        let run = try CLI.run(["solve", scenario.path, "--out", folder.appendingPathComponent("out").path])
        #expect(run.status == 2)
        #expect(
            run.stderr.contains("no candidate reaches them") || run.stderr.contains("cannot be met"), "\(run.stderr)")
    }
}
