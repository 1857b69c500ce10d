import CityGenerator
import Foundation
import Geo
import Planning
import Support

/// `nrplan-bench load`: how fast nrplan reads its inputs, next to Python's `json.load` and GDAL on
/// the same files in the same run (issue 15).
///
/// The files are the synthetic city's GeoJSON layers (generated unless `--city DIR` names a folder
/// that holds them) and the candidate catalogue written as CSV. nrplan reads each file as a
/// scenario does: a site file through `InputFiles.sites` — the code `nrplan solve` runs: bytes read,
/// SHA-256 for the provenance, parsed, every site checked into the `Site`s the pipeline uses —
/// any other layer as the loader reads a layer (bytes, SHA-256, `GeoJSONReader.parse` → checked
/// features; the role checks of an area or roads file after that are not included). Python reads the GeoJSON with `json.load` and the CSV
/// with `csv.reader`; GDAL runs `ogrinfo -ro -al -so` (every feature is read to count them).
/// nrplan is measured on 1 and on 2 threads (the `threads` of a solve; results are the same),
/// the two interleaved run by run. Rates are MB (10^6 bytes) per second of wall time, best of
/// `--repeat` runs each; nrplan is measured in this process, the others as child processes (their
/// start-up included, a few tens of milliseconds on files of this size).
enum LoadBench {
    static var command: BenchCommand {
        BenchCommand(name: "load", abstract: "load MB/s: nrplan vs Python json.load vs GDAL ogrinfo (issue 15)") {
            arguments in
            try run(arguments)
        }
    }

    static let usage =
        "usage: nrplan-bench load [--city DIR] [--repeat N] [--seed N] [--only geojson|csv] [--threads 1|2]"
        + " [--references none]"

    /// One input and how it is read.
    struct Input {
        let url: URL
        /// Site file (catalogue, lamp poles, existing sites): read into `Site`s.
        let sites: Bool
        var isCSV: Bool { url.pathExtension.lowercased() == "csv" }
        var bytes: Int { (try? FileManager.default.attributesOfItem(atPath: url.path)[.size] as? Int) ?? 0 }
    }

    /// The rates of one comparison, MB/s.
    struct Rates {
        var megabytes: Double
        /// nrplan on 2 threads.
        var nrplan = 0.0
        /// nrplan on 1 thread.
        var nrplanOneThread = 0.0
        var python: Double?
        var gdal: Double?
    }

    static func run(_ arguments: [String]) throws -> Int32 {
        var city: String?
        var repeats = 3
        var seed: UInt64 = 1
        // One kind of file only (a profile of one reader, `perf stat` of the CSV load).
        var only: String?
        // One thread count only: with `--repeat 1`, the first read of a fresh process on 2 threads
        // (the cold read `nrplan solve --threads 2` makes), not only on 1.
        var threadCounts = [1, 2]
        // `none`: nrplan only, without Python and GDAL (cold reads in many fresh processes).
        var references = true
        var rest = arguments[...]
        while let option = rest.popFirst() {
            guard let value = rest.popFirst() else {
                FileHandle.standardError.write(Data("\(usage)\n".utf8))
                return 2
            }
            switch option {
            case "--city": city = value
            case "--repeat": repeats = max(1, Int(value) ?? 3)
            case "--seed": seed = UInt64(value) ?? 1
            case "--only" where value == "geojson" || value == "csv": only = value
            case "--threads" where value == "1" || value == "2": threadCounts = [Int(value)!]
            case "--references" where value == "none": references = false
            default:
                FileHandle.standardError.write(Data("\(usage)\n".utf8))
                return 2
            }
        }
        var folder: URL
        var temporary: URL?
        if let city {
            folder = URL(fileURLWithPath: city)
        } else {
            let root = URL(fileURLWithPath: NSTemporaryDirectory() + "nrplan-load-\(getpid())")
            temporary = root
            folder = root.appendingPathComponent("city")
            log("generating the Guangzhou-sized city (seed \(seed)) ...")
            _ = try CityGeneration.run(preset: .guangzhou, seed: seed, folder: folder)
        }
        defer { if let temporary { try? FileManager.default.removeItem(at: temporary) } }
        let (geojson, csv) = try inputs(in: folder)
        let geo =
            only == "csv"
            ? nil : try measure(geojson, repeats: repeats, threadCounts: threadCounts, references: references)
        let table =
            only == "geojson"
            ? nil : try measure([csv], repeats: repeats, threadCounts: threadCounts, references: references)
        print("")
        print(header)
        for (label, rates) in [("GeoJSON (\(geojson.count) layers)", geo), ("CSV catalogue", table)] {
            if let rates { print(row(label, rates)) }
        }
        if let geo, let table {
            print("")
            print(JSONWriter.string(.object(jsonFields(geo, csv: table))))
        }
        return 0
    }

    /// The city's GeoJSON layers (largest first) and the catalogue as CSV (written next to them once).
    static func inputs(in folder: URL) throws -> (geojson: [Input], csv: Input) {
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".geojson") }
        let siteFiles: Set<String> = ["catalogue.geojson", "lamp-poles.geojson", "existing-sites.geojson"]
        let geojson = names.sorted().map {
            Input(url: folder.appendingPathComponent($0), sites: siteFiles.contains($0))
        }
        .sorted { $0.bytes > $1.bytes }
        let csvURL = folder.appendingPathComponent("catalogue.csv")
        if !FileManager.default.fileExists(atPath: csvURL.path) {
            try writeCSV(of: folder.appendingPathComponent("catalogue.geojson"), to: csvURL)
        }
        return (geojson, Input(url: csvURL, sites: true))
    }

    /// The catalogue as a spreadsheet would export it: id, lon, lat, then every other property.
    static func writeCSV(of geojson: URL, to url: URL) throws {
        let features = try GeoJSONReader.read(contentsOf: geojson).features
        var columns: [String] = []
        for feature in features {
            for (key, _) in feature.properties where key != "id" && !columns.contains(key) { columns.append(key) }
        }
        func cell(_ value: JSONValue?) -> String {
            let text: String
            switch value {
            case .string(let s)?: text = s
            case .number(let n)?: text = n.literal
            case nil, .null?: text = ""
            case let other?: text = JSONWriter.string(other)
            }
            guard text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return text }
            return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
        }
        var out = (["id", "lon", "lat"] + columns).joined(separator: ",") + "\r\n"
        for feature in features {
            guard case .point(let c)? = feature.geometry else { continue }
            let id = feature[property: "id"] ?? feature.id
            var fields = [cell(id), NumberText.shortest(c.x), NumberText.shortest(c.y)]
            for key in columns { fields.append(cell(feature[property: key])) }
            out += fields.joined(separator: ",") + "\r\n"
        }
        try Data(out.utf8).write(to: url)
    }

    /// nrplan (1 and 2 threads), Python and GDAL on the same files.
    static func measure(_ files: [Input], repeats: Int, threadCounts: [Int] = [1, 2], references: Bool = true) throws
        -> Rates
    {
        let megabytes = Double(files.reduce(0) { $0 + $1.bytes }) / 1e6
        var rates = Rates(megabytes: megabytes)
        var best = (one: Double.infinity, two: Double.infinity)
        // CPU seconds of the process (every thread) per read: what a loaded machine does not blur.
        var cpu = (one: Double.infinity, two: Double.infinity)
        for run in 1...repeats {
            for threads in threadCounts {
                let (start, faults) = (cpuSeconds(), minorFaults())
                let wall = try nrplanSeconds(files, threads: threads)
                let used = cpuSeconds() - start
                if threads == 1 { (best.one, cpu.one) = (min(best.one, wall), min(cpu.one, used)) }
                if threads == 2 { (best.two, cpu.two) = (min(best.two, wall), min(cpu.two, used)) }
                log(
                    "read \(run), \(threads) thread\(threads == 1 ? "" : "s"): \(format(wall, 3)) s, CPU "
                        + "\(format(used, 3)) s, \(minorFaults() - faults) page faults")
            }
        }
        rates.nrplanOneThread = megabytes / best.one
        rates.nrplan = megabytes / best.two
        log("nrplan: \(format(megabytes, 1)) MB in \(format(best.one, 3)) s (1 thread), \(format(best.two, 3)) s (2)")
        log("nrplan CPU: \(format(cpu.one, 3)) s (1 thread), \(format(cpu.two, 3)) s (2)")
        guard references else { return rates }
        if let seconds = pythonSeconds(files, repeats: repeats) {
            rates.python = megabytes / seconds
            log("python: \(format(seconds, 3)) s")
        }
        if let seconds = gdalSeconds(files, repeats: repeats) {
            rates.gdal = megabytes / seconds
            log("gdal ogrinfo: \(format(seconds, 3)) s")
        }
        return rates
    }

    /// Reads every file as a scenario would; throws when a file does not load cleanly.
    static func nrplanSeconds(_ files: [Input], threads: Int) throws -> Double {
        let clock = ContinuousClock()
        let start = clock.now
        var count = 0
        // What was read stays alive until the clock stops (a run keeps it; freeing is not loading).
        var sites: [[Site]] = []
        var layers: [GeoJSONReader.Result] = []
        for file in files {
            if file.sites {
                var diagnostics = Diagnostics()
                var inputs: [InputFile] = []
                sites.append(
                    InputFiles.sites(
                        url: file.url, existing: false, threads: threads, diagnostics: &diagnostics,
                        inputs: &inputs))
                count += sites[sites.count - 1].count
                if diagnostics.hasErrors {
                    throw BenchError.message(
                        "\(file.url.lastPathComponent) did not load: \(diagnostics.problems.prefix(3))")
                }
            } else {
                // As the scenario loader reads a layer: the bytes, their SHA-256 for the
                // provenance (by one worker while the others parse), the features.
                let data = try GeoJSONReader.readFile(file.url, displayName: file.url.path)
                var sha256: String?
                let layer =
                    try GeoJSONReader.fastParse(data: data, threads: threads, alongside: { sha256 = SHA256.hex(data) })
                    ?? GeoJSONReader.parse(data: data, file: file.url.path, threads: threads)
                let input = InputFile(
                    name: file.url.path, role: "layer", bytes: data.count, sha256: sha256 ?? SHA256.hex(data))
                precondition(input.sha256.count == 64)
                layers.append(layer)
                count += layers[layers.count - 1].features.count
            }
        }
        let elapsed = seconds(clock.now - start)
        precondition(
            count > 0 && count == sites.reduce(0) { $0 + $1.count } + layers.reduce(0) { $0 + $1.features.count })
        return elapsed
    }

    /// Python: `json.load` of each GeoJSON file, `csv.reader` of a CSV one (best of `repeats`).
    static func pythonSeconds(_ files: [Input], repeats: Int) -> Double? {
        let script = """
            csv, json, sys, time = (__import__(m) for m in ('csv', 'json', 'sys', 'time'))
            best = float('inf')
            for _ in range(int(sys.argv[1])):
                t = time.perf_counter()
                for name in sys.argv[2:]:
                    if name.endswith('.csv'):
                        with open(name, newline='', encoding='utf-8') as f:
                            rows = list(csv.reader(f))
                    else:
                        with open(name, 'rb') as f:
                            json.load(f)
                best = min(best, time.perf_counter() - t)
            print(best)
            """
        return childSeconds("/usr/bin/python3", ["-c", script, "\(repeats)"] + files.map(\.url.path))
    }

    /// GDAL: `ogrinfo -ro -al -so FILE` per file, wall time of the processes (best of `repeats`).
    static func gdalSeconds(_ files: [Input], repeats: Int) -> Double? {
        guard
            let ogrinfo = ["/usr/bin/ogrinfo", "/usr/local/bin/ogrinfo"].first(where: {
                FileManager.default.isExecutableFile(atPath: $0)
            })
        else {
            log("ogrinfo not installed: GDAL column skipped (apt-get install gdal-bin)")
            return nil
        }
        var best = Double.infinity
        for _ in 0..<repeats {
            var total = 0.0
            for file in files {
                guard
                    let outcome = try? ChildProcess.run(
                        ogrinfo, ["-ro", "-al", "-so", file.url.path], stdoutPath: "/dev/null", stderrPath: "/dev/null"),
                    outcome.status == 0
                else { return nil }
                total += outcome.wallSeconds
            }
            best = min(best, total)
        }
        return best
    }

    /// The number a child process prints on its last line (seconds), or nil when it fails.
    static func childSeconds(_ executable: String, _ arguments: [String]) -> Double? {
        guard FileManager.default.isExecutableFile(atPath: executable) else { return nil }
        let output = NSTemporaryDirectory() + "nrplan-load-\(getpid()).out"
        defer { try? FileManager.default.removeItem(atPath: output) }
        guard let outcome = try? ChildProcess.run(executable, arguments, stdoutPath: output, stderrPath: "/dev/null"),
            outcome.status == 0, let text = try? String(contentsOfFile: output, encoding: .utf8)
        else { return nil }
        return Double(text.trimmingCharacters(in: .whitespacesAndNewlines))
    }

    /// The table's header (the row is `row`).
    static let header = """
        | files | MB | nrplan 1 thread (MB/s) | nrplan 2 threads (MB/s) | Python (MB/s) | GDAL ogrinfo (MB/s) | nrplan ÷ Python (1 / 2 threads) | nrplan ÷ GDAL (2 threads) |
        | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |
        """

    static func row(_ label: String, _ rates: Rates) -> String {
        let python = rates.python.map { format($0, 1) } ?? "—"
        let gdal = rates.gdal.map { format($0, 1) } ?? "—"
        let vsPython =
            rates.python.map {
                format(rates.nrplanOneThread / $0, 2) + "× / " + format(rates.nrplan / $0, 2) + "×"
            } ?? "—"
        let vsGDAL = rates.gdal.map { format(rates.nrplan / $0, 2) + "×" } ?? "—"
        let nrplan = "\(format(rates.nrplanOneThread, 1)) | \(format(rates.nrplan, 1))"
        return
            "| \(label) | \(format(rates.megabytes, 1)) | \(nrplan) | \(python) | \(gdal) | \(vsPython) | \(vsGDAL) |"
    }

    /// The JSON fields of the comparison (also part of `make bench-city`'s line).
    static func jsonFields(_ geo: Rates, csv: Rates) -> [(key: String, value: JSONValue)] {
        func rate(_ value: Double?) -> JSONValue { value.map { .number($0, .tenths) } ?? .null }
        return [
            ("load_megabytes", .number(geo.megabytes, .tenths)),
            ("load_mb_per_second", rate(geo.nrplan)),
            ("load_mb_per_second_one_thread", rate(geo.nrplanOneThread)),
            ("python_load_mb_per_second", rate(geo.python)),
            ("gdal_load_mb_per_second", rate(geo.gdal)),
            ("csv_megabytes", .number(csv.megabytes, .tenths)),
            ("csv_load_mb_per_second", rate(csv.nrplan)),
            ("csv_load_mb_per_second_one_thread", rate(csv.nrplanOneThread)),
            ("python_csv_mb_per_second", rate(csv.python)),
            ("gdal_csv_mb_per_second", rate(csv.gdal)),
        ]
    }

    /// CPU time of the process so far, all threads (clock_gettime, CLOCK_PROCESS_CPUTIME_ID).
    static func cpuSeconds() -> Double {
        var time = timespec()
        clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &time)
        return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
    }

    /// Page faults of the process so far that needed no read from disk (`getrusage`'s `ru_minflt`):
    /// what fresh memory costs a read.
    static func minorFaults() -> Int {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        return usage.ru_minflt
    }

    static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }

    static func log(_ text: String) { FileHandle.standardError.write(Data("load: \(text)\n".utf8)) }

    static func format(_ value: Double, _ decimals: Int) -> String { Precision(decimals: decimals).fixed(value) }
}
