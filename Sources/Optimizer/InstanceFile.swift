import Foundation

/// Reading instance files: plain or gzip-compressed bytes.
///
/// Gzip: Foundation on Linux has no gzip codec and the package has no SwiftPM dependencies, so a
/// `.gz` file (recognised by its magic bytes 1f 8b, not its name) is decompressed by running the
/// system `gzip -dc` through `Process` (present on every Debian/Ubuntu base image; the same tool
/// the benchmark README names). This keeps Package.swift free of a zlib system-library target; the
/// cost is one process spawn per compressed file (milliseconds).
enum InstanceFile {
    /// The file's bytes, decompressed when gzip-compressed.
    static func bytes(atPath path: String) throws(OptimizerError) -> [UInt8] {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw .unreadableFile(file: path, reason: describe(error))
        }
        if data.count >= 2 && data[data.startIndex] == 0x1f && data[data.startIndex + 1] == 0x8b {
            return try gunzip(path: path)
        }
        return [UInt8](data)
    }

    private static func describe(_ error: Error) -> String {
        let ns = error as NSError
        if ns.domain == NSCocoaErrorDomain && (ns.code == NSFileReadNoSuchFileError || ns.code == 260) {
            return "no such file"
        }
        if let underlying = ns.userInfo[NSUnderlyingErrorKey] as? NSError, underlying.domain == NSPOSIXErrorDomain {
            return String(cString: strerror(Int32(underlying.code)))
        }
        return ns.localizedDescription
    }

    /// Runs `gzip -dc FILE` and returns its standard output.
    private static func gunzip(path: String) throws(OptimizerError) -> [UInt8] {
        guard let gzip = findExecutable("gzip") else {
            throw .unreadableFile(
                file: path, reason: "gzip-compressed, but no 'gzip' executable found in PATH to decompress it")
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: gzip)
        process.arguments = ["-dc", "--", path]
        let output = Pipe()
        let errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        do {
            try process.run()
        } catch {
            throw .unreadableFile(file: path, reason: "cannot run \(gzip): \(error)")
        }
        // Read stdout to the end before waiting, so a full pipe cannot block gzip.
        let data = output.fileHandleForReading.readDataToEndOfFile()
        let message = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            let text = String(decoding: message, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            throw .unreadableFile(file: path, reason: "gzip -dc failed (exit \(process.terminationStatus)): \(text)")
        }
        return [UInt8](data)
    }

    private static func findExecutable(_ name: String) -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? ""
        let directories = path.split(separator: ":").map(String.init) + ["/usr/bin", "/bin"]
        for directory in directories {
            let candidate = directory + "/" + name
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }
}

/// Whitespace-separated non-negative integers with line tracking, for the OR-Library formats.
struct IntegerTokenizer {
    let bytes: [UInt8]
    let file: String
    private(set) var offset = 0
    /// 1-based line of the next token.
    private(set) var line = 1

    init(bytes: [UInt8], file: String) {
        self.bytes = bytes
        self.file = file
    }

    /// Skips whitespace; true when a token follows.
    mutating func hasMore() -> Bool {
        skipSpace()
        return offset < bytes.count
    }

    /// The next integer, which must lie in `range`; `what` names it in the error.
    mutating func next(_ what: String, in range: ClosedRange<Int>) throws(OptimizerError) -> Int {
        skipSpace()
        guard offset < bytes.count else {
            throw .parse(file: file, line: line, expected: "\(what) (\(describe(range)))", found: "end of file")
        }
        let start = offset
        var value = 0
        var overflow = false
        while offset < bytes.count, bytes[offset] >= 0x30, bytes[offset] <= 0x39 {
            let (times, o1) = value.multipliedReportingOverflow(by: 10)
            let (plus, o2) = times.addingReportingOverflow(Int(bytes[offset] - 0x30))
            overflow = overflow || o1 || o2
            value = plus
            offset += 1
        }
        let tokenEnd = offset < bytes.count && !isSpace(bytes[offset]) ? nil : offset
        if tokenEnd == nil || offset == start || overflow {
            var end = start
            while end < bytes.count, !isSpace(bytes[end]), end - start < 40 { end += 1 }
            let token = String(decoding: bytes[start..<end], as: UTF8.self)
            throw .parse(file: file, line: line, expected: "\(what) (\(describe(range)))", found: "'\(token)'")
        }
        guard range.contains(value) else {
            throw .parse(file: file, line: line, expected: "\(what) (\(describe(range)))", found: "\(value)")
        }
        return value
    }

    private func describe(_ range: ClosedRange<Int>) -> String {
        range.upperBound == Int.max
            ? "an integer ≥ \(range.lowerBound)" : "an integer in \(range.lowerBound)...\(range.upperBound)"
    }

    @inline(__always) private func isSpace(_ b: UInt8) -> Bool {
        b == 0x20 || b == 0x09 || b == 0x0a || b == 0x0d || b == 0x0b || b == 0x0c
    }

    private mutating func skipSpace() {
        while offset < bytes.count, isSpace(bytes[offset]) {
            if bytes[offset] == 0x0a { line += 1 }
            offset += 1
        }
    }
}
