import Foundation
import Geo

/// The RFC 7946 check of every output: `Geo.RFC7946Validator`, which reads with Foundation's
/// JSONSerialization rather than nrplan's parser (independent of the writer it checks).
enum RFC7946Checker {
    static func violations(in url: URL) -> [String] { RFC7946Validator.violations(in: url) }
}

/// Runs GDAL's `ogrinfo -al -so` on a file when GDAL is installed (CI installs gdal-bin); returns
/// nil when ogrinfo is not available, else the exit status and everything it wrote.
enum OGRInfo {
    static var path: String? {
        for folder in (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin").split(separator: ":") {
            let candidate = "\(folder)/ogrinfo"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }

    static func check(_ url: URL) throws -> (status: Int32, output: String)? {
        guard let path else { return nil }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = ["-al", "-so", url.path]
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let output = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: output, as: UTF8.self))
    }
}
