import Foundation
import Support

/// Plumbing shared by the optimizer benchmarks (`scp`, `mclp`, `matrix-one`): locating the shared
/// benchmark data and the `nrplan` binary, running a child process with its wall time, memory figures.
enum OptimizerBenchSupport {
    /// `../shared/benchmarks/<name>` relative to the working directory or to the repository root above
    /// the executable; `nil` when absent (CI without the shared data).
    static func sharedBenchmarks(_ name: String, override: String?) -> String? {
        if let override { return FileManager.default.fileExists(atPath: override) ? override : nil }
        var candidates = [FileManager.default.currentDirectoryPath]
        var url = executableURL.deletingLastPathComponent()
        for _ in 0..<6 {
            candidates.append(url.path)
            url = url.deletingLastPathComponent()
        }
        for base in candidates {
            let path = URL(fileURLWithPath: base).appendingPathComponent("../shared/benchmarks/\(name)").standardized
                .path
            if FileManager.default.fileExists(atPath: path) { return path }
        }
        return nil
    }

    static var executableURL: URL {
        URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().absoluteURL
    }

    /// The `nrplan` executable built next to this benchmark executable.
    static func nrplanBinary() -> String? {
        let path = executableURL.deletingLastPathComponent().appendingPathComponent("nrplan").path
        return FileManager.default.isExecutableFile(atPath: path) ? path : nil
    }

    struct ChildResult {
        var status: Int32
        var stdout: Data
        var stderr: String
        var wallSeconds: Double
    }

    /// Runs a program to completion, capturing its output; wall time includes process start.
    static func run(_ executable: String, _ arguments: [String]) throws -> ChildResult {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        let start = DispatchTime.now().uptimeNanoseconds
        try process.run()
        // Drain stderr on another thread so neither pipe can fill up and block the child.
        let errBox = DataBox()
        let group = DispatchGroup()
        let errHandle = err.fileHandleForReading
        DispatchQueue.global().async(group: group) { errBox.data = errHandle.readDataToEndOfFile() }
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        group.wait()
        let errData = errBox.data
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        return ChildResult(
            status: process.terminationStatus, stdout: data,
            stderr: String(decoding: errData, as: UTF8.self), wallSeconds: seconds)
    }

    /// Peak resident memory of this process in MB (VmHWM from /proc/self/status), `nil` when unavailable.
    static func peakResidentMegabytes() -> Double? {
        guard let text = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return nil }
        for line in text.split(separator: "\n") where line.hasPrefix("VmHWM:") {
            let digits = line.split(separator: " ").compactMap { Double($0) }
            if let kb = digits.first { return kb / 1024 }
        }
        return nil
    }

    /// Parses `--name value` pairs and flags; unknown names are errors.
    static func options(_ arguments: [String], values: Set<String>, flags: Set<String>) throws -> [String: String] {
        var result: [String: String] = [:]
        var index = 0
        while index < arguments.count {
            let name = arguments[index]
            if flags.contains(name) {
                result[name] = "1"
                index += 1
            } else if values.contains(name), index + 1 < arguments.count {
                result[name] = arguments[index + 1]
                index += 2
            } else {
                throw BenchUsageError(message: "unknown or incomplete option '\(name)'")
            }
        }
        return result
    }

    /// A fixed-width cell.
    static func pad(_ text: String, _ width: Int, right: Bool = true) -> String {
        if text.count >= width { return text }
        let fill = String(repeating: " ", count: width - text.count)
        return right ? fill + text : text + fill
    }

    static func fixed(_ value: Double, _ decimals: Int) -> String { Precision(decimals: decimals).fixed(value) }
}

/// Carries stderr bytes out of the reader block (written once, read after `group.wait()`).
final class DataBox: @unchecked Sendable {
    var data = Data()
}

struct BenchUsageError: Error, CustomStringConvertible {
    let message: String
    var description: String { message }
}
