import Foundation
import Testing

/// Issue 16 (engines, CI): scripts/slurm/submit.sh on a throw-away single-node cluster
/// (scripts/slurm/local-cluster.sh) — an array of 4 tile tasks and an afterok merge, a failing tile that
/// cancels the merge (--kill-on-invalid-dep), the re-run of just that tile, and every daemon stopped.
/// The tasks run the stub of `StubNRPlan` until `nrplan tile-run`/`merge` exist.
@Suite(
    "Slurm engine (throw-away single-node cluster)",
    .enabled(
        if: LocalSlurm.isAvailable,
        "Slurm is not installed here or this is not root (CI installs munge slurmctld slurmd slurm-client, .ci/run)"),
    .serialized)
struct SlurmEngineTests {
    static let submit = CLI.repositoryRoot.appendingPathComponent("scripts/slurm/submit.sh")

    /// Submits the manifest's tiles + merge (1 CPU each: 2 tasks at once on 2 CPUs); returns the job ids.
    static func submit(
        _ manifest: URL, stub: URL, on cluster: LocalSlurm, extra: [String] = []
    ) throws -> (array: String, merge: String) {
        let run = try cluster.run(
            submit.path, ["--nrplan", stub.path, "--cpus", "1", "--merge-cpus", "1"] + extra + [manifest.path])
        #expect(run.status == 0, "submit.sh failed: \(run.stderr)")
        let ids = StubNRPlan.assignments(run.stdout)
        let array = try #require(ids["ARRAY_JOB_ID"], "no ARRAY_JOB_ID in: \(run.stdout)")
        let merge = try #require(ids["MERGE_JOB_ID"], "no MERGE_JOB_ID in: \(run.stdout)")
        #expect(Int(array) != nil && Int(merge) != nil, "job ids: \(array), \(merge)")
        return (array, merge)
    }

    /// State and exit code per array task index, read with `scontrol -o show job` (no accounting here).
    static func taskStates(_ array: String, on cluster: LocalSlurm) throws -> [Int: (state: String, exit: String)] {
        var states: [Int: (String, String)] = [:]
        for record in try cluster.jobRecords(array) {
            guard let task = record["ArrayTaskId"].flatMap({ Int($0) }) else { continue }
            states[task] = (record["JobState"] ?? "?", record["ExitCode"] ?? "?")
        }
        return states
    }

    @Test(
        "4 tile tasks run once each with their SLURM_ARRAY_TASK_ID, the merge after them; a failed tile cancels the merge; --tiles re-runs it; no daemon survives"
    )
    // Long because: one cluster's story in order (success, failure, re-run, stop), timed step by step.
    func arrayThenMerge() throws {
        let clock = ContinuousClock()
        let begin = clock.now
        var laps: [(String, Duration)] = []
        var lap = clock.now
        func note(_ name: String) {
            laps.append((name, clock.now - lap))
            lap = clock.now
        }
        let cluster = LocalSlurm(label: "engines")
        var daemons: [(name: String, pid: Int32, startTime: String)] = []
        try cluster.withCluster { cluster in
            note("start")
            daemons = cluster.recordedDaemons()
            #expect(daemons.map(\.name) == ["munged", "slurmctld", "slurmd"], "recorded: \(daemons)")

            // Success: every tile once, with its own index from Slurm; the merge after the last tile.
            let work = try CLI.temporaryFolder("slurm-ok")
            defer { try? FileManager.default.removeItem(at: work) }
            let (stub, manifest) = try StubNRPlan.install(tiles: 4, in: work)
            let jobs = try Self.submit(manifest, stub: stub, on: cluster)
            #expect(try cluster.waitUntilDone([jobs.array, jobs.merge]), "jobs still queued after 120 s")
            note("4 tiles + merge")
            let states = try Self.taskStates(jobs.array, on: cluster)
            #expect(states.keys.sorted() == [0, 1, 2, 3])
            for (task, state) in states {
                #expect(state.state == "COMPLETED" && state.exit == "0:0", "task \(task): \(state)")
            }
            let merge = try #require(try cluster.jobRecords(jobs.merge).first)
            #expect(merge["JobState"] == "COMPLETED" && merge["ExitCode"] == "0:0", "merge: \(merge)")
            let runs = StubNRPlan.runs(in: work)
            #expect(runs.keys.sorted() == [0, 1, 2, 3])
            for (index, list) in runs {
                #expect(list.count == 1, "tile \(index) ran \(list.count) times")
                #expect(list.first?.source == "SLURM_ARRAY_TASK_ID", "tile \(index): \(list)")
                #expect(list.first?.threads == "1", "tile \(index) got --threads \(list.first?.threads ?? "-")")
            }
            let merged = try #require(StubNRPlan.merge(in: work), "the merge wrote nothing")
            #expect(merged.tiles == [0, 1, 2, 3])
            let lastTile = runs.values.flatMap { $0 }.map(\.endNanoseconds).max() ?? .max
            #expect(merged.startNanoseconds > lastTile, "the merge started before the last tile ended")

            // Failure: tile 2 fails, the merge is cancelled instead of pending forever, nothing is merged.
            let failing = try CLI.temporaryFolder("slurm-fail")
            defer { try? FileManager.default.removeItem(at: failing) }
            let (failStub, failManifest) = try StubNRPlan.install(tiles: 4, in: failing)
            try CLI.write("2\n", "fail", in: failing)
            let failed = try Self.submit(failManifest, stub: failStub, on: cluster)
            #expect(try cluster.waitUntilDone([failed.array, failed.merge]), "jobs still queued after 120 s")
            note("failing tile + cancelled merge")
            let failStates = try Self.taskStates(failed.array, on: cluster)
            #expect(failStates[2]?.state == "FAILED" && failStates[2]?.exit == "1:0", "task 2: \(failStates)")
            for task in [0, 1, 3] {
                #expect(failStates[task]?.state == "COMPLETED", "task \(task): \(String(describing: failStates[task]))")
            }
            let cancelled = try #require(try cluster.jobRecords(failed.merge).first)
            #expect(cancelled["JobState"] == "CANCELLED", "merge: \(cancelled)")
            #expect(cancelled["Reason"] == "DependencyNeverSatisfied", "merge: \(cancelled)")
            #expect(StubNRPlan.merge(in: failing) == nil, "a merge ran after a failed tile")

            // Re-run: fix the tile, submit only it; the merge then completes and tile 2 ran twice, the others once.
            try FileManager.default.removeItem(at: failing.appendingPathComponent("fail"))
            let rerun = try Self.submit(failManifest, stub: failStub, on: cluster, extra: ["--tiles", "2"])
            #expect(try cluster.waitUntilDone([rerun.array, rerun.merge]), "jobs still queued after 120 s")
            note("re-run of tile 2 + merge")
            #expect(try Self.taskStates(rerun.array, on: cluster).keys.sorted() == [2])
            let rerunRuns = StubNRPlan.runs(in: failing)
            #expect(rerunRuns.mapValues(\.count) == [0: 1, 1: 1, 2: 2, 3: 1])
            #expect(StubNRPlan.merge(in: failing)?.tiles == [0, 1, 2, 3])
        }
        note("stop")
        // Every daemon we started is gone (zombies waiting for a late reaper do not count), and no process
        // of this cluster (a job step, a daemon) is left.
        for daemon in daemons {
            #expect(
                !LocalSlurm.isAlive(pid: daemon.pid, startTime: daemon.startTime),
                "\(daemon.name) (pid \(daemon.pid)) survived stop")
        }
        let left = cluster.liveProcesses()
        #expect(left.isEmpty, "processes of the cluster left after stop: \(left)")
        let total = clock.now - begin
        let parts = laps.map { "\($0.0) \(Self.seconds($0.1)) s" }.joined(separator: ", ")
        print("Slurm engine test: \(Self.seconds(total)) s wall (\(parts))")
    }

    /// The real nrplan on the demo in 4 tiles of 7 km (docs/scale.md, "Phase-2 acceptance"): a tile whose
    /// files were damaged fails (exit 2) and the merge is cancelled; `--tiles 2` re-runs it and the merge
    /// completes; a second submission of everything finds every tile finished (no-ops) and merges the same
    /// bytes; then the merged plan against `nrplan solve` of the demo: target met, cost within 2 %, no
    /// enclosed hole at a seam that the single run does not have, a lower bound below the single run's cost.
    @Test("the demo in 4 tiles through sbatch with the real nrplan: failure, re-run, merge, against the single run")
    // Long because: one cluster's story in order (failed tile, re-run, resubmission, then the single run), timed step by step.
    func demoThroughSlurm() throws {
        let clock = ContinuousClock()
        let begin = clock.now
        var laps: [(String, Duration)] = []
        var lap = clock.now
        func note(_ name: String) {
            laps.append((name, clock.now - lap))
            lap = clock.now
        }
        let nrplan = try CLI.binary()
        let work = try CLI.temporaryFolder("slurm-demo")
        defer { try? FileManager.default.removeItem(at: work) }
        let run = work.appendingPathComponent("run")
        let manifest = try Tiled.cut(CLI.demoScenario, gridKm: "7", into: run)
        #expect(try Tiled.tileCount(manifest) == 4)
        let broken = run.appendingPathComponent("tiles/2/scenario.json")
        let intact = try Data(contentsOf: broken)
        try (intact + Data(" ".utf8)).write(to: broken)
        note("cut")
        let merged = run.appendingPathComponent("merged")
        let again = work.appendingPathComponent("merged-again")
        try LocalSlurm(label: "demo").withCluster { cluster in
            func submit(_ extra: [String]) throws -> (array: String, merge: String) {
                let submitted = try cluster.run(
                    Self.submit.path,
                    ["--nrplan", nrplan.path, "--cpus", "1", "--merge-cpus", "2"] + extra + [manifest.path])
                #expect(submitted.status == 0, "submit.sh failed: \(submitted.stderr)")
                let ids = StubNRPlan.assignments(submitted.stdout)
                return (try #require(ids["ARRAY_JOB_ID"]), try #require(ids["MERGE_JOB_ID"]))
            }
            // Tile 2's files no longer match the manifest: it fails, the merge is cancelled.
            let failing = try submit([])
            #expect(try cluster.waitUntilDone([failing.array, failing.merge], timeoutSeconds: 900))
            note("tiles 0, 1, 3 + failed tile 2")
            let states = try Self.taskStates(failing.array, on: cluster)
            #expect(states[2]?.state == "FAILED" && states[2]?.exit == "2:0", "tile 2: \(states)")
            for task in [0, 1, 3] { #expect(states[task]?.state == "COMPLETED", "tile \(task): \(states)") }
            let log = (try? String(contentsOf: run.appendingPathComponent("logs/tile-2.out"), encoding: .utf8)) ?? ""
            #expect(log.contains("field 'scenario_sha256'"), "logs/tile-2.out: \(log)")
            #expect(try cluster.jobRecords(failing.merge).first?["JobState"] == "CANCELLED")
            #expect(!FileManager.default.fileExists(atPath: merged.path), "a merge ran after a failed tile")

            // Repaired and re-run alone; the merge follows.
            try intact.write(to: broken)
            let rerun = try submit(["--tiles", "2"])
            #expect(try cluster.waitUntilDone([rerun.array, rerun.merge], timeoutSeconds: 900))
            note("re-run of tile 2 + merge")
            #expect(try Self.taskStates(rerun.array, on: cluster)[2]?.state == "COMPLETED")
            let merge = try cluster.jobRecords(rerun.merge).first
            #expect(merge?["JobState"] == "COMPLETED", "merge: \(String(describing: merge))")

            // Everything again: every tile is finished (a no-op), the merge writes the same bytes.
            let tileBytes = try (0..<4).map {
                try Data(contentsOf: run.appendingPathComponent("tiles/\($0)/out/tile.json"))
            }
            let all = try submit(["--out", again.path])
            #expect(try cluster.waitUntilDone([all.array, all.merge], timeoutSeconds: 900))
            note("resubmission: 4 no-op tiles + merge")
            for index in 0..<4 {
                let text =
                    (try? String(contentsOf: run.appendingPathComponent("logs/tile-\(index).out"), encoding: .utf8))
                    ?? ""
                #expect(text.contains("tile \(index) (") && text.contains("is finished"), "tile \(index): \(text)")
                #expect(
                    try Data(contentsOf: run.appendingPathComponent("tiles/\(index)/out/tile.json")) == tileBytes[index]
                )
            }
        }
        note("stop")
        #expect(try Tiled.differences(merged, again) == [], "the merge is not byte-identical on a re-run")

        // Against the single-machine run.
        let single = work.appendingPathComponent("single")
        let solved = try CLI.run(["solve", CLI.demoScenario.path, "--out", single.path, "--threads", "2", "--quiet"])
        #expect(solved.status == 0, "\(solved.stderr)")
        note("single run")
        let comparison = try TiledComparisonCheck.compare(manifest: manifest, single: single, merged: merged)
        print("Slurm demo: \(comparison.text)")
        #expect(comparison.mergedCoverage >= comparison.target - 1e-9)
        #expect(comparison.mergedCost <= 1.02 * comparison.singleCost, "\(comparison.text)")
        #expect(comparison.newSeamHoles == 0, "\(comparison.text)")
        #expect(comparison.mergedBound <= comparison.singleCost, "\(comparison.text)")
        #expect(comparison.mergedBound > 0)
        let total = clock.now - begin
        let parts = laps.map { "\($0.0) \(Self.seconds($0.1)) s" }.joined(separator: ", ")
        print("Slurm demo test: \(Self.seconds(total)) s wall (\(parts))")
    }

    static func seconds(_ duration: Duration) -> String {
        let value = Double(duration.components.seconds) + Double(duration.components.attoseconds) * 1e-18
        return String(format: "%.2f", value)
    }
}
