import Foundation
import Geo

/// `nrplan-bench city`: the Guangzhou-sized siting run of issue 7, measured stage by stage.
///
/// Generates the synthetic city (`--preset guangzhou`) into a temporary folder, then runs the
/// normal `nrplan solve` on it as a child process with 2 threads and with 1 thread, reading each
/// run's `summary.json` for the stage timings and `wait4` for its peak memory. Checks the 2-thread
/// outputs with GDAL's `ogrinfo` (when installed) and the RFC 7946 validator, and that both runs
/// wrote byte-identical sites and holes. Prints a table, then one JSON line.
enum CityBench {
    static var command: BenchCommand {
        BenchCommand(name: "city", abstract: "Guangzhou-sized solve: stages, memory, 1 vs 2 threads (make bench-city)") { arguments in
            try run(arguments)
        }
    }

    static let usage = "usage: nrplan-bench city [--seed N] [--nrplan PATH] [--keep DIR] [--single-thread-run yes|no]"

    static func run(_ arguments: [String]) throws -> Int32 {
        var seed: UInt64 = 1
        var nrplan: String?
        var keep: String?
        var singleThreadRun = true
        var index = 0
        while index < arguments.count {
            let option = arguments[index]
            guard index + 1 < arguments.count else { FileHandle.standardError.write(Data("\(usage)\n".utf8)); return 2 }
            let value = arguments[index + 1]
            switch option {
            case "--seed": guard let parsed = UInt64(value) else { FileHandle.standardError.write(Data("\(usage)\n".utf8)); return 2 }; seed = parsed
            case "--nrplan": nrplan = value
            case "--keep": keep = value
            case "--single-thread-run": singleThreadRun = value != "no"
            default: FileHandle.standardError.write(Data("\(usage)\n".utf8)); return 2
            }
            index += 2
        }
        let binary = nrplan ?? URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("nrplan").path
        guard FileManager.default.isExecutableFile(atPath: binary) else {
            throw BenchError.message("nrplan binary not found at \(binary) (build it with `swift build -c release`, or pass --nrplan)")
        }
        let folder = URL(fileURLWithPath: keep ?? (NSTemporaryDirectory() + "nrplan-city-\(getpid())"))
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { if keep == nil { try? FileManager.default.removeItem(at: folder) } }

        log("generating the Guangzhou-sized city (seed \(seed)) in \(folder.path) ...")
        let city = try CityGeneration.run(preset: .guangzhou, seed: seed, folder: folder.appendingPathComponent("city"))
        log("generated in \(format(city.buildSeconds + city.writeSeconds, 1)) s: \(city.candidates) candidates, \(city.existingSites) existing sites, ≈\(city.estimatedDemandCells) cells")
        let scenario = folder.appendingPathComponent("city/scenario.json").path

        var runs: [(threads: Int, outcome: ChildProcess.Outcome, summary: [String: Any], out: URL)] = []
        for threads in singleThreadRun ? [2, 1] : [2] {
            let out = folder.appendingPathComponent("out-\(threads)")
            log("nrplan solve --threads \(threads) ...")
            let outcome = try ChildProcess.run(binary, ["solve", scenario, "--out", out.path, "--threads", "\(threads)", "--force", "--quiet"],
                                               stdoutPath: folder.appendingPathComponent("solve-\(threads).out").path,
                                               stderrPath: folder.appendingPathComponent("solve-\(threads).err").path)
            guard outcome.status == 0 else {
                let stderr = (try? String(contentsOf: folder.appendingPathComponent("solve-\(threads).err"), encoding: .utf8)) ?? ""
                throw BenchError.message("nrplan solve --threads \(threads) exited \(outcome.status): \(stderr)")
            }
            let data = try Data(contentsOf: out.appendingPathComponent("summary.json"))
            let summary = (try JSONSerialization.jsonObject(with: data) as? [String: Any]) ?? [:]
            runs.append((threads, outcome, summary, out))
            log("  wall \(format(outcome.wallSeconds, 1)) s, peak RSS \(format(outcome.peakRSSMegabytes, 0)) MB")
        }

        // Output checks on the 2-thread run.
        let main = runs[0]
        var gdalOK: Bool?
        if let ogrinfo = ["/usr/bin/ogrinfo", "/usr/local/bin/ogrinfo"].first(where: { FileManager.default.isExecutableFile(atPath: $0) }) {
            gdalOK = true
            for name in ["sites.geojson", "holes.geojson", "coverage.geojson"] {
                let log = folder.appendingPathComponent("ogrinfo-\(name).txt").path
                let outcome = try ChildProcess.run(ogrinfo, ["-al", "-so", main.out.appendingPathComponent(name).path], stdoutPath: log, stderrPath: log)
                let text = (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""
                let clean = outcome.status == 0 && !text.localizedCaseInsensitiveContains("warning") && !text.contains("ERROR")
                self.log("ogrinfo \(name): \(clean ? "ok" : "PROBLEM: \(text.prefix(300))")")
                gdalOK = gdalOK! && clean
            }
        } else {
            log("ogrinfo not installed: GDAL check skipped (apt-get install gdal-bin)")
        }
        var rfcOK = true
        for name in ["sites.geojson", "holes.geojson", "coverage.geojson"] {
            let problems = RFC7946Validator.violations(in: main.out.appendingPathComponent(name))
            log("RFC 7946 \(name): \(problems.isEmpty ? "ok" : "PROBLEMS: \(problems.prefix(3))")")
            rfcOK = rfcOK && problems.isEmpty
        }
        var identical: Bool?
        if runs.count == 2 {
            identical = try ["sites.geojson", "holes.geojson"].allSatisfy { name in
                try Data(contentsOf: runs[0].out.appendingPathComponent(name)) == Data(contentsOf: runs[1].out.appendingPathComponent(name))
            }
        }

        // Table.
        let stages = ["load", "grid", "coverage", "solve", "continuity", "write"]
        func stageSeconds(_ run: (threads: Int, outcome: ChildProcess.Outcome, summary: [String: Any], out: URL), _ stage: String) -> Double? {
            ((run.summary["stage_seconds"] as? [String: Any])?[stage] as? NSNumber)?.doubleValue
        }
        print("")
        print("Guangzhou-sized siting run (synthetic city, seed \(seed)): \(main.summary["cells"] ?? "?") demand cells, \(main.summary["candidates"] ?? "?") candidates")
        print("")
        print("| stage | 2 threads (s) | 1 thread (s) | 1 ÷ 2 |")
        print("| --- | ---: | ---: | ---: |")
        var speedups: [String: Double] = [:]
        for stage in stages {
            let two = stageSeconds(runs[0], stage)
            let one = runs.count > 1 ? stageSeconds(runs[1], stage) : nil
            var ratio = "—"
            if let one, let two, two > 0 { speedups[stage] = one / two; ratio = format(one / two, 2) + "×" }
            print("| \(stage) | \(two.map { format($0, 2) } ?? "—") | \(one.map { format($0, 2) } ?? "—") | \(ratio) |")
        }
        let wall2 = runs[0].outcome.wallSeconds, wall1 = runs.count > 1 ? runs[1].outcome.wallSeconds : nil
        print("| **wall (process)** | \(format(wall2, 2)) | \(wall1.map { format($0, 2) } ?? "—") | \(wall1.map { format($0 / wall2, 2) + "×" } ?? "—") |")
        print("| peak RSS (MB) | \(format(runs[0].outcome.peakRSSMegabytes, 0)) | \(runs.count > 1 ? format(runs[1].outcome.peakRSSMegabytes, 0) : "—") | |")
        let evaluations = (main.summary["link_evaluations"] as? NSNumber)?.doubleValue ?? 0
        let coverage2 = stageSeconds(runs[0], "coverage") ?? .nan
        print("")
        print("link evaluations: \(Int(evaluations)) (\(format(evaluations / coverage2 / 1e6, 1)) million per second in the coverage stage, 2 threads)")
        print("sites chosen: \(main.summary["sites_new"] ?? "?") new + \(main.summary["sites_existing"] ?? "?") existing, coverage \(main.summary["coverage_ratio"] ?? "?"), gap \(main.summary["gap"] ?? "?")")
        print("checks: ogrinfo \(gdalOK.map { $0 ? "ok" : "FAILED" } ?? "not run"), RFC 7946 \(rfcOK ? "ok" : "FAILED"), 1 vs 2 threads byte-identical \(identical.map { $0 ? "yes" : "NO" } ?? "not run")")
        print("")
        var json: [(key: String, value: JSONValue)] = [
            ("cells", .number(Double((main.summary["cells"] as? NSNumber)?.intValue ?? 0))),
            ("candidates", .number(Double((main.summary["candidates"] as? NSNumber)?.intValue ?? 0))),
            ("sites_chosen", .number(Double((main.summary["sites_new"] as? NSNumber)?.intValue ?? 0))),
            ("sites_existing", .number(Double((main.summary["sites_existing"] as? NSNumber)?.intValue ?? 0))),
            ("coverage_ratio", .number((main.summary["coverage_ratio"] as? NSNumber)?.doubleValue ?? 0)),
            ("gap", .number((main.summary["gap"] as? NSNumber)?.doubleValue ?? 0)),
            ("wall_seconds", .number((wall2 * 100).rounded() / 100)),
            ("peak_rss_mb", .number(runs[0].outcome.peakRSSMegabytes.rounded())),
            ("matrix_speedup_2v1", speedups["coverage"].map { .number(($0 * 100).rounded() / 100) } ?? .null),
            ("link_evaluations", .number(evaluations)),
            ("link_evaluations_per_second", .number((evaluations / coverage2).rounded())),
            ("stage_seconds_2_threads", .object(stages.map { ($0, stageSeconds(runs[0], $0).map { .number($0) } ?? .null) })),
            ("stage_speedup_2v1", .object(stages.map { ($0, speedups[$0].map { .number(($0 * 100).rounded() / 100) } ?? .null) })),
            ("gdal_ok", gdalOK.map { .bool($0) } ?? .null),
            ("rfc7946_ok", .bool(rfcOK)),
            ("threads_identical", identical.map { .bool($0) } ?? .null),
        ]
        if let wall1 { json.append(("wall_seconds_1_thread", .number((wall1 * 100).rounded() / 100))) }
        print(JSONWriter.string(.object(json)))
        return (rfcOK && gdalOK != false && identical != false) ? 0 : 1
    }

    static func log(_ text: String) {
        FileHandle.standardError.write(Data("city: \(text)\n".utf8))
    }

    static func format(_ value: Double, _ decimals: Int) -> String {
        String(format: "%.\(decimals)f", value)
    }
}
