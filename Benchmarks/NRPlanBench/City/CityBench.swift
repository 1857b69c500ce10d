import Foundation
import Geo
import Planning
import Support

/// `nrplan-bench city`: the Guangzhou-sized siting run of issue 7, measured stage by stage.
///
/// Generates the synthetic city (`--preset guangzhou`) into a temporary folder, then runs the
/// normal `nrplan solve` on it as a child process: the issue's instance, `scenario-layers.json`
/// (demand weighted by population density, priority zones, land use choosing the propagation
/// model per cell), with 2 threads and with 1 thread; and `scenario.json` (every cell weighted by
/// its area, so 95 % of the *area* must be covered: the heavier covering problem) with 2 threads;
/// and the population-weighted job with rural land predicted on 200 m squares (variable cell size
/// by zone, `cell_m` of a clutter class) with 2 threads.
/// Reads each run's `summary.json` for the stage timings and `wait4` for its peak memory. Checks
/// the outputs with GDAL's `ogrinfo` (when installed) and the RFC 7946 validator, and that the
/// 1- and 2-thread runs wrote byte-identical sites and holes. Prints a table, then one JSON line.
enum CityBench {
    static var command: BenchCommand {
        BenchCommand(name: "city", abstract: "Guangzhou-sized solve: stages, memory, 1 vs 2 threads (make bench-city)")
        { arguments in
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
            guard index + 1 < arguments.count else {
                FileHandle.standardError.write(Data("\(usage)\n".utf8))
                return 2
            }
            let value = arguments[index + 1]
            switch option {
            case "--seed":
                guard let parsed = UInt64(value) else {
                    FileHandle.standardError.write(Data("\(usage)\n".utf8))
                    return 2
                }
                seed = parsed
            case "--nrplan": nrplan = value
            case "--keep": keep = value
            case "--single-thread-run": singleThreadRun = value != "no"
            default:
                FileHandle.standardError.write(Data("\(usage)\n".utf8))
                return 2
            }
            index += 2
        }
        let binary =
            nrplan
            ?? URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent(
                "nrplan"
            ).path
        guard FileManager.default.isExecutableFile(atPath: binary) else {
            throw BenchError.message(
                "nrplan binary not found at \(binary) (build it with `swift build -c release`, or pass --nrplan)")
        }
        let folder = URL(fileURLWithPath: keep ?? (NSTemporaryDirectory() + "nrplan-city-\(getpid())"))
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { if keep == nil { try? FileManager.default.removeItem(at: folder) } }

        log("generating the Guangzhou-sized city (seed \(seed)) in \(folder.path) ...")
        let city = try CityGeneration.run(preset: .guangzhou, seed: seed, folder: folder.appendingPathComponent("city"))
        log(
            "generated in \(format(city.buildSeconds + city.writeSeconds, 1)) s: \(city.candidates) candidates, \(city.existingSites) existing sites, ≈\(city.estimatedDemandCells) cells"
        )
        // Loading on the same files: nrplan next to Python's json.load and GDAL (LoadBench), before the solves.
        let loadInputs = try LoadBench.inputs(in: folder.appendingPathComponent("city"))
        let geoLoad = try LoadBench.measure(loadInputs.geojson, repeats: 1)
        let csvLoad = try LoadBench.measure([loadInputs.csv], repeats: 1)
        typealias Run = (threads: Int, outcome: ChildProcess.Outcome, summary: [String: Any], out: URL)
        func solve(_ scenarioFile: String, threads: Int, label: String) throws -> Run {
            let scenario = folder.appendingPathComponent("city/\(scenarioFile)").path
            let out = folder.appendingPathComponent("out-\(label)")
            log("nrplan solve \(scenarioFile) --threads \(threads) ...")
            let outcome = try ChildProcess.run(
                binary, ["solve", scenario, "--out", out.path, "--threads", "\(threads)", "--force", "--quiet"],
                stdoutPath: folder.appendingPathComponent("solve-\(label).out").path,
                stderrPath: folder.appendingPathComponent("solve-\(label).err").path)
            guard outcome.status == 0 else {
                let stderr =
                    (try? String(contentsOf: folder.appendingPathComponent("solve-\(label).err"), encoding: .utf8))
                    ?? ""
                throw BenchError.message(
                    "nrplan solve \(scenarioFile) --threads \(threads) exited \(outcome.status): \(stderr)")
            }
            let data = try Data(contentsOf: out.appendingPathComponent("summary.json"))
            let summary = (try JSONSerialization.jsonObject(with: data) as? [String: Any]) ?? [:]
            log("  wall \(format(outcome.wallSeconds, 1)) s, peak RSS \(format(outcome.peakRSSMegabytes, 0)) MB")
            return (threads, outcome, summary, out)
        }
        var runs: [Run] = []
        for threads in singleThreadRun ? [2, 1] : [2] {
            runs.append(try solve("scenario-layers.json", threads: threads, label: "layers-\(threads)"))
        }
        let area = try solve("scenario.json", threads: 2, label: "area-2")
        // Variable cell size by zone: the population-weighted job with rural land predicted on 200 m squares.
        let layersURL = folder.appendingPathComponent("city/scenario-layers.json")
        var layered = (try JSONSerialization.jsonObject(with: Data(contentsOf: layersURL)) as? [String: Any]) ?? [:]
        var demand = layered["demand"] as? [String: Any] ?? [:]
        var clutter = demand["clutter"] as? [String: Any] ?? [:]
        var classes = clutter["classes"] as? [String: Any] ?? [:]
        var rural = classes["rural"] as? [String: Any] ?? [:]
        rural["cell_m"] = 200
        classes["rural"] = rural
        clutter["classes"] = classes
        demand["clutter"] = clutter
        layered["demand"] = demand
        layered["name"] = "\(layered["name"] ?? "city"), rural land predicted on 200 m squares"
        try JSONSerialization.data(withJSONObject: layered, options: [.sortedKeys])
            .write(to: folder.appendingPathComponent("city/scenario-coarse.json"))
        let coarse = try solve("scenario-coarse.json", threads: 2, label: "coarse-2")

        // Output checks on the 2-thread runs.
        let main = runs[0]
        var gdalOK: Bool?
        var rfcOK = true
        for run in [main.out, coarse.out, area.out] {
            let tag = run.lastPathComponent
            if let ogrinfo = ["/usr/bin/ogrinfo", "/usr/local/bin/ogrinfo"].first(where: {
                FileManager.default.isExecutableFile(atPath: $0)
            }) {
                if gdalOK == nil { gdalOK = true }
                for name in ["sites.geojson", "holes.geojson", "coverage.geojson"] {
                    let log = folder.appendingPathComponent("ogrinfo-\(tag)-\(name).txt").path
                    let outcome = try ChildProcess.run(
                        ogrinfo, ["-al", "-so", run.appendingPathComponent(name).path], stdoutPath: log, stderrPath: log
                    )
                    let text = (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""
                    let clean =
                        outcome.status == 0 && !text.localizedCaseInsensitiveContains("warning")
                        && !text.contains("ERROR")
                    self.log("ogrinfo \(tag)/\(name): \(clean ? "ok" : "PROBLEM: \(text.prefix(300))")")
                    gdalOK = gdalOK! && clean
                }
            } else if gdalOK == nil {
                log("ogrinfo not installed: GDAL check skipped (apt-get install gdal-bin)")
            }
            for name in ["sites.geojson", "holes.geojson", "coverage.geojson"] {
                let problems = RFC7946Validator.violations(in: run.appendingPathComponent(name))
                log("RFC 7946 \(tag)/\(name): \(problems.isEmpty ? "ok" : "PROBLEMS: \(problems.prefix(3))")")
                rfcOK = rfcOK && problems.isEmpty
            }
        }
        var identical: Bool?
        if runs.count == 2 {
            identical = try ["sites.geojson", "holes.geojson"].allSatisfy { name in
                try Data(contentsOf: runs[0].out.appendingPathComponent(name))
                    == Data(contentsOf: runs[1].out.appendingPathComponent(name))
            }
        }

        // Table.
        let stages = PipelineStage.allCases.map(\.rawValue)
        func stageSeconds(_ run: Run, _ stage: String) -> Double? {
            ((run.summary["stage_seconds"] as? [String: Any])?[stage] as? NSNumber)?.doubleValue
        }
        func number(_ run: Run, _ key: String) -> Double { (run.summary[key] as? NSNumber)?.doubleValue ?? 0 }
        print("")
        print(
            "Guangzhou-sized siting run (synthetic city, seed \(seed)): \(main.summary["cells"] ?? "?") demand cells, \(main.summary["candidates"] ?? "?") candidates"
        )
        print("")
        print(
            "| stage | 2 threads (s) | 1 thread (s) | 1 ÷ 2 | rural on 200 m, 2 threads (s) | area-weighted, 2 threads (s) |"
        )
        print("| --- | ---: | ---: | ---: | ---: | ---: |")
        var speedups: [String: Double] = [:]
        for stage in stages {
            let two = stageSeconds(runs[0], stage)
            let one = runs.count > 1 ? stageSeconds(runs[1], stage) : nil
            var ratio = "—"
            if let one, let two, two > 0 {
                speedups[stage] = one / two
                ratio = format(one / two, 2) + "×"
            }
            print(
                "| \(stage) | \(two.map { format($0, 2) } ?? "—") | \(one.map { format($0, 2) } ?? "—") | \(ratio) | \(stageSeconds(coarse, stage).map { format($0, 2) } ?? "—") | \(stageSeconds(area, stage).map { format($0, 2) } ?? "—") |"
            )
        }
        let wall2 = runs[0].outcome.wallSeconds
        let wall1 = runs.count > 1 ? runs[1].outcome.wallSeconds : nil
        print(
            "| **wall (process)** | \(format(wall2, 2)) | \(wall1.map { format($0, 2) } ?? "—") | \(wall1.map { format($0 / wall2, 2) + "×" } ?? "—") | \(format(coarse.outcome.wallSeconds, 2)) | \(format(area.outcome.wallSeconds, 2)) |"
        )
        print(
            "| peak RSS (MB) | \(format(runs[0].outcome.peakRSSMegabytes, 0)) | \(runs.count > 1 ? format(runs[1].outcome.peakRSSMegabytes, 0) : "—") | | \(format(coarse.outcome.peakRSSMegabytes, 0)) | \(format(area.outcome.peakRSSMegabytes, 0)) |"
        )
        print("")
        print(LoadBench.header)
        print(LoadBench.row("GeoJSON (\(loadInputs.geojson.count) layers)", geoLoad))
        print(LoadBench.row("CSV catalogue", csvLoad))
        let evaluations = number(main, "link_evaluations")
        let coverage2 = stageSeconds(runs[0], "coverage") ?? .nan
        print("")
        print(
            "link evaluations: \(Int(evaluations)) (\(format(evaluations / coverage2 / 1e6, 1)) million per second in the coverage stage, 2 threads)"
        )
        for (label, run) in [
            ("population-weighted", main), ("population-weighted, rural on 200 m", coarse), ("area-weighted", area),
        ] {
            print(
                "\(label): \(run.summary["sites_new"] ?? "?") new + \(run.summary["sites_existing"] ?? "?") existing sites, coverage \(run.summary["coverage_ratio"] ?? "?"), gap \(run.summary["gap"] ?? "?")"
            )
        }
        print(
            "checks: ogrinfo \(gdalOK.map { $0 ? "ok" : "FAILED" } ?? "not run"), RFC 7946 \(rfcOK ? "ok" : "FAILED"), 1 vs 2 threads byte-identical \(identical.map { $0 ? "yes" : "NO" } ?? "not run")"
        )
        print("")
        var json: [(key: String, value: JSONValue)] = [
            ("cells", .number(Double((main.summary["cells"] as? NSNumber)?.intValue ?? 0))),
            ("candidates", .number(Double((main.summary["candidates"] as? NSNumber)?.intValue ?? 0))),
            ("sites_chosen", .number(Double((main.summary["sites_new"] as? NSNumber)?.intValue ?? 0))),
            ("sites_existing", .number(Double((main.summary["sites_existing"] as? NSNumber)?.intValue ?? 0))),
            ("coverage_ratio", .number((main.summary["coverage_ratio"] as? NSNumber)?.doubleValue ?? 0)),
            ("gap", .number((main.summary["gap"] as? NSNumber)?.doubleValue ?? 0)),
            ("wall_seconds", .number(wall2, .hundredths)),
            ("peak_rss_mb", .number(runs[0].outcome.peakRSSMegabytes.rounded())),
            ("matrix_speedup_2v1", speedups["coverage"].map { .number($0, .hundredths) } ?? .null),
            ("link_evaluations", .number(evaluations)),
            ("link_evaluations_per_second", .number((evaluations / coverage2).rounded())),
            (
                "stage_seconds_2_threads",
                .object(stages.map { ($0, stageSeconds(runs[0], $0).map { .number($0) } ?? .null) })
            ),
            (
                "stage_speedup_2v1",
                .object(stages.map { ($0, speedups[$0].map { .number($0, .hundredths) } ?? .null) })
            ),
            ("gdal_ok", gdalOK.map { .bool($0) } ?? .null),
            ("rfc7946_ok", .bool(rfcOK)),
            ("threads_identical", identical.map { .bool($0) } ?? .null),
        ]
        if let wall1 { json.append(("wall_seconds_1_thread", .number(wall1, .hundredths))) }
        json += LoadBench.jsonFields(geoLoad, csv: csvLoad)
        json.append(
            (
                "coarse_rural",
                .object([
                    ("sites_chosen", .number(number(coarse, "sites_new"))),
                    ("gap", .number(number(coarse, "gap"))),
                    ("wall_seconds", .number(coarse.outcome.wallSeconds, .hundredths)),
                    ("peak_rss_mb", .number(coarse.outcome.peakRSSMegabytes.rounded())),
                    ("link_evaluations", .number(number(coarse, "link_evaluations"))),
                ])
            ))
        json.append(
            (
                "area_weighted",
                .object([
                    ("sites_chosen", .number(number(area, "sites_new"))),
                    ("coverage_ratio", .number(number(area, "coverage_ratio"))),
                    ("gap", .number(number(area, "gap"))),
                    ("wall_seconds", .number(area.outcome.wallSeconds, .hundredths)),
                    ("peak_rss_mb", .number(area.outcome.peakRSSMegabytes.rounded())),
                    (
                        "stage_seconds",
                        .object(stages.map { ($0, stageSeconds(area, $0).map { .number($0) } ?? .null) })
                    ),
                ])
            ))
        print(JSONWriter.string(.object(json)))
        return (rfcOK && gdalOK != false && identical != false) ? 0 : 1
    }

    static func log(_ text: String) {
        FileHandle.standardError.write(Data("city: \(text)\n".utf8))
    }

    static func format(_ value: Double, _ decimals: Int) -> String { Precision(decimals: decimals).fixed(value) }
}
