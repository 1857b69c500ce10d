import Foundation
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// Shared plumbing of the end-to-end tests: find the built binaries, run them, make temp folders.
enum CLI {
    struct Run {
        let status: Int32
        let stdout: String
        let stderr: String

        /// Standard output parsed as a JSON object.
        func json() throws -> [String: Any] {
            try #require(JSONSerialization.jsonObject(with: Data(stdout.utf8)) as? [String: Any])
        }
    }

    /// The products folder (where `swift build` put `nrplan`): walks up from the test bundle and
    /// from argv[0] to the first folder holding an executable `nrplan`.
    static func binary(_ name: String = "nrplan") throws -> URL {
        let fileManager = FileManager.default
        for start in [Bundle.main.bundleURL, URL(fileURLWithPath: CommandLine.arguments[0])] {
            var folder = start.standardizedFileURL
            for _ in 0..<6 {
                let candidate = folder.appendingPathComponent(name)
                var isDirectory: ObjCBool = false
                if fileManager.fileExists(atPath: candidate.path, isDirectory: &isDirectory), !isDirectory.boolValue,
                    fileManager.isExecutableFile(atPath: candidate.path)
                {
                    return candidate
                }
                folder = folder.deletingLastPathComponent()
            }
        }
        throw CocoaError(
            .fileNoSuchFile,
            userInfo: [
                NSLocalizedDescriptionKey: "\(name) not found next to the test bundle; build it first (make test does)"
            ])
    }

    /// The repository root (holds Package.swift), from this source file's location.
    static var repositoryRoot: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
    }

    /// Runs a built binary (or any `executable`) with arguments; output goes through files, so
    /// large outputs cannot deadlock.
    static func run(
        _ arguments: [String], binary name: String = "nrplan", executable: URL? = nil, in directory: URL? = nil,
        environment: [String: String]? = nil
    ) throws -> Run {
        let process = Process()
        process.executableURL = try executable ?? binary(name)
        process.arguments = arguments
        if let directory { process.currentDirectoryURL = directory }
        if let environment { process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 } }
        let scratch = try temporaryFolder("run")
        defer { try? FileManager.default.removeItem(at: scratch) }
        let outURL = scratch.appendingPathComponent("stdout")
        let errURL = scratch.appendingPathComponent("stderr")
        FileManager.default.createFile(atPath: outURL.path, contents: nil)
        FileManager.default.createFile(atPath: errURL.path, contents: nil)
        let out = try FileHandle(forWritingTo: outURL)
        let err = try FileHandle(forWritingTo: errURL)
        process.standardOutput = out
        process.standardError = err
        try withDefaultSignalMask { try process.run() }
        process.waitUntilExit()
        try out.close()
        try err.close()
        return Run(
            status: process.terminationStatus,
            stdout: (try? String(contentsOf: outURL, encoding: .utf8)) ?? "",
            stderr: (try? String(contentsOf: errURL, encoding: .utf8)) ?? "")
    }

    /// Runs `body` (a process launch) with no signal blocked in this thread. A child inherits the signal mask
    /// of the thread that starts it, and the test runner's worker threads block nearly every signal: a
    /// script started from one, and everything it starts, would shrug off `kill -TERM` (a `kill` of a
    /// waiting `kubectl`, the SIGTERM that stops a Slurm daemon).
    static func withDefaultSignalMask<T>(_ body: () throws -> T) rethrows -> T {
        var empty = sigset_t()
        var saved = sigset_t()
        sigemptyset(&empty)
        pthread_sigmask(SIG_SETMASK, &empty, &saved)
        defer { pthread_sigmask(SIG_SETMASK, &saved, nil) }
        return try body()
    }

    /// A new empty folder under the system temp folder.
    static func temporaryFolder(_ label: String) throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("nrplan-\(label)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// The demo scenario in the repository.
    static var demoScenario: URL { repositoryRoot.appendingPathComponent("geodata/demo/scenario.json") }

    /// Writes `text` to `folder/name`.
    @discardableResult
    static func write(_ text: String, _ name: String, in folder: URL) throws -> URL {
        let url = folder.appendingPathComponent(name)
        try text.write(to: url, atomically: true, encoding: .utf8)
        return url
    }

    /// A small valid scenario in `folder` (two districts, a park, 60 candidates, one existing
    /// site); `edit` may replace any of its files' text before writing.
    static func smallScenario(in folder: URL, target: Double = 0.8, edit: (inout [String: String]) -> Void = { _ in })
        throws -> URL
    {
        let lon0 = 113.30
        let lat0 = 23.12
        let dx = 0.02
        let dy = 0.018
        func square(_ a: Double, _ b: Double, _ c: Double, _ d: Double) -> String {
            "[[[\(a),\(b)],[\(c),\(b)],[\(c),\(d)],[\(a),\(d)],[\(a),\(b)]]]"
        }
        var files: [String: String] = [:]
        files["area.geojson"] = """
            {"type":"FeatureCollection","features":[
            {"type":"Feature","properties":{"name":"西区","code":"W"},"geometry":{"type":"Polygon","coordinates":\(square(lon0 - dx, lat0 - dy, lon0, lat0 + dy))}},
            {"type":"Feature","properties":{"name":"东区","code":"E"},"geometry":{"type":"Polygon","coordinates":\(square(lon0, lat0 - dy, lon0 + dx, lat0 + dy))}}]}
            """
        files["park.geojson"] = """
            {"type":"FeatureCollection","features":[{"type":"Feature","properties":{"name":"公园","kind":"park"},"geometry":{"type":"Polygon","coordinates":\(square(lon0 + 0.005, lat0 + 0.004, lon0 + 0.012, lat0 + 0.01))}}]}
            """
        var features: [String] = []
        var state: UInt64 = 12345
        func next() -> Double {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Double(state >> 11) / Double(1 << 53)
        }
        for i in 0..<60 {
            let kind = i % 3 == 0 ? "rooftop" : "lamp_pole"
            let lon = lon0 - dx + 2 * dx * next()
            let lat = lat0 - dy + 2 * dy * next()
            features.append(
                #"{"type":"Feature","properties":{"id":"C\#(i)","name":"候选站点\#(i)","kind":"\#(kind)","owner":"区政府","custom_field":\#(i)},"geometry":{"type":"Point","coordinates":[\#(lon),\#(lat)]}}"#
            )
        }
        files["candidates.geojson"] =
            "{\"type\":\"FeatureCollection\",\"features\":[\n" + features.joined(separator: ",\n") + "]}"
        files["existing.geojson"] =
            #"{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"id":"E1","kind":"tower","operator":"示例运营商"},"geometry":{"type":"Point","coordinates":[\#(lon0 - 0.01),\#(lat0)]}}]}"#
        files["scenario.json"] = """
            {"name":"small test","area":"area.geojson","candidates":["candidates.geojson"],"existing":"existing.geojson",
             "exclusions":["park.geojson"],"demand":{"cell_m":50},"radio":{"rsrp_threshold_dbm":-110,"edge_reliability":0.75},
             "objective":{"type":"min_cost","coverage_target":\(target)},"seed":1}
            """
        edit(&files)
        for (name, text) in files { try write(text, name, in: folder) }
        return folder.appendingPathComponent("scenario.json")
    }
}
