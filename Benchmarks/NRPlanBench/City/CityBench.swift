import CityGenerator
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
/// by zone, `cell_m` of a clutter class) with 2 threads; the population-weighted job with
/// busy-hour traffic from the density layer and the capacity stage (`CityBench+Capacity`), 2 threads;
/// and the area-weighted job planned with no enclosed hole over 1 ha in the urban districts
/// (`CityBench+Continuity.swift`).
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

    /// What the command line asks for.
    struct Options {
        var seed: UInt64 = 1
        var nrplan: String?
        var keep: String?
        var singleThreadRun = true

        /// The options, or nil (after printing the usage) when they do not parse.
        init?(_ arguments: [String]) {
            var index = 0
            while index < arguments.count {
                let option = arguments[index]
                guard index + 1 < arguments.count else { return nil }
                let value = arguments[index + 1]
                switch option {
                case "--seed":
                    guard let parsed = UInt64(value) else { return nil }
                    seed = parsed
                case "--nrplan": nrplan = value
                case "--keep": keep = value
                case "--single-thread-run": singleThreadRun = value != "no"
                default: return nil
                }
                index += 2
            }
        }
    }

    /// One `nrplan solve` of the bench: its threads, process figures, summary.json and output folder.
    struct Run {
        let threads: Int
        let outcome: ChildProcess.Outcome
        let summary: [String: Any]
        let out: URL

        func stageSeconds(_ stage: String) -> Double? {
            ((summary["stage_seconds"] as? [String: Any])?[stage] as? NSNumber)?.doubleValue
        }

        func number(_ key: String) -> Double { (summary[key] as? NSNumber)?.doubleValue ?? 0 }
    }

    static func run(_ arguments: [String]) throws -> Int32 {
        guard let options = Options(arguments) else {
            FileHandle.standardError.write(Data("\(usage)\n".utf8))
            return 2
        }
        let binary = try nrplanBinary(options)
        let folder = URL(fileURLWithPath: options.keep ?? (NSTemporaryDirectory() + "nrplan-city-\(getpid())"))
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { if options.keep == nil { try? FileManager.default.removeItem(at: folder) } }

        log("generating the Guangzhou-sized city (seed \(options.seed)) in \(folder.path) ...")
        let city = try CityGeneration.run(
            preset: .guangzhou, seed: options.seed, folder: folder.appendingPathComponent("city"))
        log(
            "generated in \(format(city.buildSeconds + city.writeSeconds, 1)) s: \(city.candidates) candidates, \(city.existingSites) existing sites, ≈\(city.estimatedDemandCells) cells"
        )
        // Loading on the same files: nrplan next to Python's json.load and GDAL (LoadBench), before the solves.
        // Best of 3 interleaved reads each, as `nrplan-bench load` takes them: one read per thread
        // count let a CI beside the bench put 2 threads below 1 (CSV 132.1 → 93.3 MB/s, 2026-12-07).
        let loadInputs = try LoadBench.inputs(in: folder.appendingPathComponent("city"))
        let geoLoad = try LoadBench.measure(loadInputs.geojson, repeats: 3)
        let csvLoad = try LoadBench.measure([loadInputs.csv], repeats: 3)
        var runs: [Run] = []
        for threads in options.singleThreadRun ? [2, 1] : [2] {
            runs.append(
                try solve(binary, folder: folder, "scenario-layers.json", threads: threads, label: "layers-\(threads)"))
        }
        let area = try solve(binary, folder: folder, "scenario.json", threads: 2, label: "area-2")
        // Variable cell size by zone: the population-weighted job with rural land predicted on 200 m squares.
        try writeCoarseScenario(folder.appendingPathComponent("city"))
        let coarse = try solve(binary, folder: folder, "scenario-coarse.json", threads: 2, label: "coarse-2")
        // Capacity (issue 18): the population-weighted job with busy-hour traffic from the density layer.
        try writeCapacityScenario(folder.appendingPathComponent("city"))
        let capacity = CapacityFigures(
            run: try solve(binary, folder: folder, "scenario-capacity.json", threads: 2, label: "capacity-2"))
        // Continuity (issue 13): the area-weighted job with no enclosed hole over 1 ha in the urban districts.
        let urban = try writeContinuityScenario(folder.appendingPathComponent("city"))
        let continuous = try solve(
            binary, folder: folder, "scenario-continuous.json", threads: 2, label: "continuous-2")

        let (gdalOK, rfcOK) = try checkOutputs(
            [runs[0].out, coarse.out, area.out, capacity.run.out], folder: folder)
        var identical: Bool?
        if runs.count == 2 {
            identical = try ["sites.geojson", "holes.geojson"].allSatisfy { name in
                try Data(contentsOf: runs[0].out.appendingPathComponent(name))
                    == Data(contentsOf: runs[1].out.appendingPathComponent(name))
            }
        }
        let speedups = printTable(runs: runs, coarse: coarse, area: area, seed: options.seed)
        print("")
        print(LoadBench.header)
        print(LoadBench.row("GeoJSON (\(loadInputs.geojson.count) layers)", geoLoad))
        print(LoadBench.row("CSV catalogue", csvLoad))
        print("")
        printCapacity(capacity, coverageRun: runs[0])
        let capacityOK = capacity.overloaded == 0
        print(
            "checks: ogrinfo \(gdalOK.map { $0 ? "ok" : "FAILED" } ?? "not run"), RFC 7946 \(rfcOK ? "ok" : "FAILED"), 1 vs 2 threads byte-identical \(identical.map { $0 ? "yes" : "NO" } ?? "not run"), no site over capacity \(capacityOK ? "yes" : "NO")"
        )
        let continuity = try continuityComparison(area: area, continuous: continuous, urban: urban)
        print("")
        let checks: [(key: String, value: JSONValue)] =
            [
                ("gdal_ok", gdalOK.map { .bool($0) } ?? .null), ("rfc7946_ok", .bool(rfcOK)),
                ("threads_identical", identical.map { .bool($0) } ?? .null), ("capacity_ok", .bool(capacityOK)),
            ] + LoadBench.jsonFields(geoLoad, csv: csvLoad)
        guard
            case .object(var line) = summaryLine(
                runs: runs, coarse: coarse, area: area, speedups: speedups, checks: checks)
        else { return 1 }
        line.append(("capacity", capacityJSON(capacity)))
        line.append(("continuity", continuity))
        print(JSONWriter.string(.object(line)))
        return (rfcOK && gdalOK != false && identical != false && capacityOK) ? 0 : 1
    }

    /// The nrplan binary the bench runs: `--nrplan`, else the one beside nrplan-bench.
    static func nrplanBinary(_ options: Options) throws -> String {
        let binary =
            options.nrplan
            ?? URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent(
                "nrplan"
            ).path
        guard FileManager.default.isExecutableFile(atPath: binary) else {
            throw BenchError.message(
                "nrplan binary not found at \(binary) (build it with `swift build -c release`, or pass --nrplan)")
        }
        return binary
    }

    /// Runs `nrplan solve city/<scenarioFile>` into `out-<label>` as a child process.
    /// - Throws: when it exits other than 0 (with its stderr).
    static func solve(_ binary: String, folder: URL, _ scenarioFile: String, threads: Int, label: String) throws -> Run
    {
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
        return Run(threads: threads, outcome: outcome, summary: summary, out: out)
    }

    /// Writes `scenario-coarse.json` beside `scenario-layers.json`: the same job with the rural
    /// clutter class predicted on 200 m squares.
    static func writeCoarseScenario(_ city: URL) throws {
        let layersURL = city.appendingPathComponent("scenario-layers.json")
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
            .write(to: city.appendingPathComponent("scenario-coarse.json"))
    }

    /// GDAL's `ogrinfo` (when installed) and the RFC 7946 validator on the GeoJSON files of each
    /// output folder. Returns whether ogrinfo was clean (nil: not installed) and whether RFC 7946 was.
    static func checkOutputs(_ outputs: [URL], folder: URL) throws -> (gdalOK: Bool?, rfcOK: Bool) {
        var gdalOK: Bool?
        var rfcOK = true
        let ogrinfo = ["/usr/bin/ogrinfo", "/usr/local/bin/ogrinfo"].first {
            FileManager.default.isExecutableFile(atPath: $0)
        }
        for run in outputs {
            let tag = run.lastPathComponent
            if let ogrinfo {
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
        return (gdalOK, rfcOK)
    }

    static func log(_ text: String) {
        FileHandle.standardError.write(Data("city: \(text)\n".utf8))
    }

    static func format(_ value: Double, _ decimals: Int) -> String { Precision(decimals: decimals).fixed(value) }
}
