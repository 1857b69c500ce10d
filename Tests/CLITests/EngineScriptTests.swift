import Foundation
import Testing

/// Issue 16 (engines): the scripts that need no scheduler to test — submit.sh's checks and the sbatch lines
/// it would run, GNU parallel on this host, and the Kubernetes run against a fake kubectl that records what
/// it was asked and plays the Job's outcome. The tile commands are `StubNRPlan`'s until phase 2.
@Suite("Engine scripts (no scheduler)")
struct EngineScriptTests {
    static func script(_ path: String) -> URL { CLI.repositoryRoot.appendingPathComponent(path) }

    @Test(
        "submit.sh --dry-run: an array over every tile, an afterok merge with --kill-on-invalid-dep, the binary as given"
    )
    func submitDryRun() throws {
        let work = try CLI.temporaryFolder("submit-dry")
        defer { try? FileManager.default.removeItem(at: work) }
        let (stub, manifest) = try StubNRPlan.install(tiles: 4, in: work)
        let run = try CLI.run(
            ["--dry-run", "--nrplan", stub.path, "--cpus", "3", "--mem", "6G", manifest.path],
            executable: Self.script("scripts/slurm/submit.sh"))
        #expect(run.status == 0, "\(run.stderr)")
        let lines = run.stdout.split(separator: "\n").filter { $0.hasPrefix("sbatch ") }
        #expect(lines.count == 2, "\(run.stdout)")
        #expect(lines.first?.contains("--array=0-3 ") == true, "\(run.stdout)")
        #expect(lines.first?.contains("--cpus-per-task=3 ") == true && lines.first?.contains("--mem=6G") == true)
        #expect(lines.last?.contains("--dependency=afterok:") == true, "\(run.stdout)")
        #expect(lines.last?.contains("--kill-on-invalid-dep=yes") == true, "\(run.stdout)")
        #expect(run.stdout.contains("exec \(stub.path) tile-run \(manifest.path) --threads"), "\(run.stdout)")
        #expect(run.stdout.contains("exec \(stub.path) merge \(manifest.path) --out \(work.path)/merged"))
    }

    @Test(
        "submit.sh refuses bad use with exit 2 and a message naming what is wrong, submitting nothing",
        arguments: [
            (["--tiles", "1,4"], "index 4 is out of range: the manifest has 4 tiles (0-3)"),
            (["--tiles", "2-x"], "--tiles expects indices and ranges"),
            (["--cpus", "0"], "--cpus expects a positive integer, found '0'"),
            (["--frobnicate"], "unknown option '--frobnicate'"),
        ])
    func submitBadUse(arguments: [String], message: String) throws {
        let work = try CLI.temporaryFolder("submit-bad")
        defer { try? FileManager.default.removeItem(at: work) }
        let (stub, manifest) = try StubNRPlan.install(tiles: 4, in: work)
        let run = try CLI.run(
            ["--nrplan", stub.path] + arguments + [manifest.path], executable: Self.script("scripts/slurm/submit.sh"),
            environment: ["PATH": "/usr/bin:/bin"]) // no sbatch: nothing could be submitted anyway
        #expect(run.status == 2, "exit \(run.status): \(run.stderr)")
        #expect(run.stderr.contains(message), "\(run.stderr)")
        #expect(run.stdout.isEmpty)
    }

    @Test("submit.sh names the manifest and the field when the manifest is not one")
    func submitBadManifest() throws {
        let work = try CLI.temporaryFolder("submit-manifest")
        defer { try? FileManager.default.removeItem(at: work) }
        for (text, message) in [
            (#"{"tiles": 3}"#, "field 'tiles': expected an array of tiles, found a number"),
            (#"{"tiles": []}"#, "field 'tiles': expected at least one tile, found none"),
            (#"{"tiles": ["#, "line 1, column 12: invalid JSON: Expecting value"),
        ] {
            let manifest = try CLI.write(text, "manifest.json", in: work)
            let run = try CLI.run(
                ["--dry-run", "--nrplan", "/bin/true", manifest.path],
                executable: Self.script("scripts/slurm/submit.sh"))
            #expect(run.status == 2 && run.stderr.contains("\(manifest.path): \(message)"), "\(text): \(run.stderr)")
        }
    }

    @Test(
        "GNU parallel on one host: every tile once with --index, then the merge; a failed tile means no merge",
        .enabled(if: Self.hasParallel, "GNU parallel is not installed (CI installs it: .ci/run)"))
    func gnuParallel() throws {
        let work = try CLI.temporaryFolder("parallel")
        defer { try? FileManager.default.removeItem(at: work) }
        let (stub, manifest) = try StubNRPlan.install(tiles: 4, in: work)
        let run = try CLI.run(
            ["--nrplan", stub.path, "--jobs", "2", "--threads", "1", manifest.path],
            executable: Self.script("scripts/parallel/run.sh"))
        #expect(run.status == 0, "\(run.stderr)")
        let runs = StubNRPlan.runs(in: work)
        #expect(
            runs.mapValues { $0.map(\.source) } == [0: ["--index"], 1: ["--index"], 2: ["--index"], 3: ["--index"]])
        let merged = try #require(StubNRPlan.merge(in: work), "no merge: \(run.stderr)")
        #expect(merged.tiles == [0, 1, 2, 3])
        #expect(merged.startNanoseconds > runs.values.flatMap { $0 }.map(\.endNanoseconds).max() ?? .max)

        let failing = try CLI.temporaryFolder("parallel-fail")
        defer { try? FileManager.default.removeItem(at: failing) }
        let (failStub, failManifest) = try StubNRPlan.install(tiles: 4, in: failing)
        try CLI.write("1\n", "fail", in: failing)
        let failed = try CLI.run(
            ["--nrplan", failStub.path, "--jobs", "2", failManifest.path],
            executable: Self.script("scripts/parallel/run.sh"))
        #expect(failed.status == 1 && failed.stderr.contains("1 tile(s) failed"), "\(failed.status): \(failed.stderr)")
        #expect(StubNRPlan.runs(in: failing).keys.sorted() == [0, 1, 2, 3], "every tile runs despite one failing")
        #expect(StubNRPlan.merge(in: failing) == nil)
    }

    static var hasParallel: Bool {
        ["/usr/bin/parallel", "/usr/local/bin/parallel"].contains { FileManager.default.isExecutableFile(atPath: $0) }
    }
}
