import Foundation
import Testing

/// Docs and behaviour agree (issue 14): `nrplan demo` needs nothing but the binary, its generated
/// inputs are byte for byte geodata/demo, and every `--help` lists every file the command writes.
@Suite("nrplan demo and --help (end to end)", .serialized)
struct DemoAndHelpCLITests {
    /// The files of `folder`, sorted.
    func files(_ folder: URL) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
    }

    @Test("demo runs from an empty folder with only a copy of the binary, and its plan is the repository demo's")
    func demoAnywhere() throws {
        let folder = try CLI.temporaryFolder("demo-anywhere")
        defer { try? FileManager.default.removeItem(at: folder) }
        let bin = folder.appendingPathComponent("bin")
        try FileManager.default.createDirectory(at: bin, withIntermediateDirectories: true)
        let copy = bin.appendingPathComponent("nrplan")
        try FileManager.default.copyItem(at: try CLI.binary(), to: copy)
        let work = folder.appendingPathComponent("work")
        try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
        let run = try CLI.run(["demo", "--out", "plan", "--threads", "2", "--quiet"], executable: copy, in: work)
        #expect(run.status == 0, "\(run.stderr)")
        let plan = work.appendingPathComponent("plan")
        #expect(
            try files(plan) == [
                "coverage.geojson", "holes.geojson", "map.svg", "report.html", "report.md", "sites.csv",
                "sites.geojson", "summary.json",
            ])
        // Nothing but the outputs is left behind: the generated inputs lived in a removed temporary folder.
        #expect(try files(work) == ["plan"])
        // The same plan as solving the committed geodata/demo.
        let reference = folder.appendingPathComponent("reference")
        let solve = try CLI.run(["solve", CLI.demoScenario.path, "--out", reference.path, "--threads", "2", "--quiet"])
        #expect(solve.status == 0, "\(solve.stderr)")
        for name in ["sites.geojson", "holes.geojson", "sites.csv"] {
            #expect(
                try Data(contentsOf: plan.appendingPathComponent(name))
                    == Data(contentsOf: reference.appendingPathComponent(name)), "\(name)")
        }
        let summary = try #require(
            JSONSerialization.jsonObject(with: Data(contentsOf: plan.appendingPathComponent("summary.json")))
                as? [String: Any])
        let inputs = try #require(summary["inputs"] as? [[String: Any]])
        #expect(inputs.first?["file"] as? String == "demo/scenario.json")
        #expect(inputs.allSatisfy { ($0["file"] as? String)?.hasPrefix("demo/") == true })
    }

    @Test("demo --inputs writes geodata/demo's files byte for byte (the binary alone regenerates the demo)")
    func demoInputs() throws {
        let folder = try CLI.temporaryFolder("demo-inputs")
        defer { try? FileManager.default.removeItem(at: folder) }
        let out = folder.appendingPathComponent("inputs")
        let run = try CLI.run(["demo", "--inputs", out.path], in: folder)
        #expect(run.status == 0, "\(run.stderr)")
        let committed = CLI.repositoryRoot.appendingPathComponent("geodata/demo")
        let written = try files(out)
        // scenario-capacity.json, scenario-continuous.json and scenario-phases.json are hand-written
        // variants of scenario.json (issues 18, 13 and 17), not the generator's output.
        let handWritten: Set = [
            "README.md", "scenario-capacity.json", "scenario-continuous.json", "scenario-phases.json",
        ]
        #expect(written == (try files(committed)).filter { !handWritten.contains($0) })
        for name in written {
            #expect(
                try Data(contentsOf: out.appendingPathComponent(name))
                    == Data(contentsOf: committed.appendingPathComponent(name)), "\(name) differs from geodata/demo")
        }
        #expect(try CLI.run(["demo", "--inputs", out.path, "--out", "x"]).status == 2)
    }

    /// Runs `arguments` and returns the files written into `out`, with `nrplan COMMAND --help`.
    func writtenAndHelp(_ command: String, _ arguments: [String], out: URL) throws -> (files: [String], help: String) {
        let run = try CLI.run([command] + arguments + ["--out", out.path, "--quiet"])
        #expect(run.status == 0, "\(command): \(run.stderr)")
        return (try files(out), try CLI.run([command, "--help"]).stdout)
    }

    @Test("every command's --help names every file it writes (solve, planar solve, demo, audit, cluster)")
    func helpListsOutputs() throws {
        let folder = try CLI.temporaryFolder("help-outputs")
        defer { try? FileManager.default.removeItem(at: folder) }
        let scenario = try CLI.smallScenario(in: folder)
        var cases: [(String, [String], [String])] = []
        let solved = try writtenAndHelp("solve", [scenario.path], out: folder.appendingPathComponent("solve"))
        cases.append(("solve", solved.files, [solved.help]))
        let planar = try CLI.write(
            #"{"crs":"planar","demand":{"cell_m":1,"points":"points.csv"},"service":{"types":[{"name":"micro","radius_m":3,"cost":1}],"lattice":{"step_m":1}},"objective":{"type":"min_cost","coverage_target":1}}"#,
            "planar.json", in: folder)
        try CLI.write("x,y\n0,0\n5,5\n9,1\n", "points.csv", in: folder)
        let planarRun = try writtenAndHelp("solve", [planar.path], out: folder.appendingPathComponent("planar"))
        cases.append(("planar solve", planarRun.files, [planarRun.help]))
        let demo = try writtenAndHelp("demo", ["--threads", "2"], out: folder.appendingPathComponent("demo"))
        cases.append(("demo", demo.files, [demo.help]))
        let audit = try writtenAndHelp(
            "audit", ["--scenario", scenario.path, "--sites", folder.appendingPathComponent("existing.geojson").path],
            out: folder.appendingPathComponent("audit"))
        cases.append(("audit", audit.files, [audit.help]))
        let cells = try CLI.write(
            "id,lon,lat\na,113.3,23.12\nb,113.3001,23.12\nc,113.31,23.12\n", "cells.csv", in: folder)
        let cluster = try writtenAndHelp(
            "cluster", [cells.path, "--distance", "30"], out: folder.appendingPathComponent("cluster"))
        cases.append(("cluster", cluster.files, [cluster.help]))
        for (name, written, helps) in cases {
            #expect(!written.isEmpty)
            for file in written {
                #expect(helps[0].contains(file), "\(name) writes \(file) but its --help does not list it")
            }
        }
    }
}
