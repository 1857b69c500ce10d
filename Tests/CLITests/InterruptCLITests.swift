import Foundation
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// Issue 6, items 5 and 6: an interrupted run leaves nothing behind (exit 130 on SIGINT, 143 on
/// SIGTERM), and progress is a bar with counts and an ETA on a terminal, one line per stage
/// otherwise, nothing with --quiet.
@Suite("Interrupts and progress (end to end)", .serialized)
struct InterruptCLITests {
    /// A scenario big enough to take several seconds: a 30 × 30 km area, 5,000 candidates,
    /// 25 m cells (1.44 M demand cells).
    static func bigScenario(in folder: URL) throws -> URL {
        let lon0 = 113.10
        let lat0 = 23.00
        let dLon = 30.0 / (111.320 * cos(lat0 * .pi / 180))
        let dLat = 30.0 / 110.574
        try CLI.write(
            #"{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"name":"大区"},"geometry":{"type":"Polygon","coordinates":[[[\#(lon0),\#(lat0)],[\#(lon0 + dLon),\#(lat0)],[\#(lon0 + dLon),\#(lat0 + dLat)],[\#(lon0),\#(lat0 + dLat)],[\#(lon0),\#(lat0)]]]}}]}"#,
            "area.geojson", in: folder)
        var state: UInt64 = 2024
        func next() -> Double {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Double(state >> 11) / Double(1 << 53)
        }
        var lines = ["id,lon,lat,kind,name"]
        for i in 0..<5_000 {
            let kind = i % 4 == 0 ? "rooftop" : "lamp_pole"
            lines.append("S\(i),\(lon0 + dLon * next()),\(lat0 + dLat * next()),\(kind),站点\(i)")
        }
        try CLI.write(lines.joined(separator: "\n") + "\n", "catalogue.csv", in: folder)
        return try CLI.write(
            """
            {"name":"big","area":"area.geojson","candidates":["catalogue.csv"],"demand":{"cell_m":25},
             "radio":{"rsrp_threshold_dbm":-110},"objective":{"type":"min_cost","coverage_target":0.9}}
            """, "scenario.json", in: folder)
    }

    /// Starts nrplan with stderr into a file; returns the process and that file.
    static func start(_ arguments: [String], stderrTo url: URL) throws -> Process {
        let process = Process()
        process.executableURL = try CLI.binary()
        process.arguments = arguments
        FileManager.default.createFile(atPath: url.path, contents: nil)
        process.standardError = try FileHandle(forWritingTo: url)
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        return process
    }

    /// Waits until `read()` contains `text` (or the process ends, or 120 s pass).
    static func wait(for text: String, in read: () -> String, while process: Process) -> Bool {
        let deadline = Date().addingTimeInterval(120)
        while Date() < deadline {
            if read().contains(text) { return true }
            if !process.isRunning { return read().contains(text) }
            usleep(20_000)
        }
        return false
    }

    @Test(
        "SIGINT in the coverage stage → 130, SIGTERM in the solve stage → 143; the output folder stays empty (no file, no .partial)",
        arguments: [("coverage", SIGINT, Int32(130)), ("solve", SIGTERM, Int32(143))])
    func interrupted(stage: String, signalNumber: Int32, expectedStatus: Int32) throws {
        let folder = try CLI.temporaryFolder("interrupt")
        defer { try? FileManager.default.removeItem(at: folder) }
        let scenario = try Self.bigScenario(in: folder)
        let out = folder.appendingPathComponent("out")
        try FileManager.default.createDirectory(at: out, withIntermediateDirectories: true)
        let log = folder.appendingPathComponent("stderr.txt")
        let process = try Self.start(
            ["solve", scenario.path, "--out", out.path, "--force", "--threads", "2"], stderrTo: log)
        let read = { (try? String(contentsOf: log, encoding: .utf8)) ?? "" }
        let reached = Self.wait(for: "nrplan: \(stage) ...", in: read, while: process)
        #expect(reached, "stage \(stage) never announced: \(read())")
        #expect(process.isRunning, "the run ended before it could be interrupted: \(read())")
        kill(process.processIdentifier, signalNumber)
        process.waitUntilExit()
        #expect(process.terminationReason == .exit)
        #expect(process.terminationStatus == expectedStatus, "\(read())")
        #expect(
            read().contains("interrupted (\(signalNumber == SIGINT ? "SIGINT" : "SIGTERM")): no output was written"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: out.path) == [], "files left in the output folder")
        let beside = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.contains("staging") }
        #expect(beside.isEmpty, "staging folder left beside the output folder: \(beside)")
    }

    /// Runs nrplan with stderr on a pseudo-terminal (so isatty(2) is true) and collects what it draws.
    final class Terminal: @unchecked Sendable {
        let master: Int32
        let slave: Int32
        private let lock = NSLock()
        private var bytes: [UInt8] = []
        private var reader: Thread?

        init() throws {
            // posix_openpt/grantpt/unlockpt/ptsname are not visible to Swift (feature macros), so the
            // Linux way: open /dev/ptmx, unlock it (TIOCSPTLCK = 0x40045431) and ask its number
            // (TIOCGPTN = 0x80045430), then open /dev/pts/N.
            master = open("/dev/ptmx", O_RDWR | O_NOCTTY)
            var unlock: Int32 = 0
            var number: UInt32 = 0
            guard master >= 0, ioctl(master, UInt(0x4004_5431), &unlock) == 0,
                ioctl(master, UInt(0x8004_5430), &number) == 0
            else {
                throw CocoaError(.fileWriteUnknown, userInfo: [NSLocalizedDescriptionKey: "no pseudo-terminal"])
            }
            slave = open("/dev/pts/\(number)", O_RDWR | O_NOCTTY)
            guard slave >= 0, isatty(slave) == 1 else { throw CocoaError(.fileWriteUnknown) }
            let thread = Thread { [self] in
                var buffer = [UInt8](repeating: 0, count: 4096)
                while true {
                    let n = read(master, &buffer, buffer.count)
                    if n <= 0 { return } // EIO once the last writer closed the slave
                    lock.withLock { bytes += buffer[0..<n] }
                }
            }
            reader = thread
            thread.start()
        }

        var text: String { lock.withLock { String(decoding: bytes, as: UTF8.self) } }

        /// Waits until the reader has caught up: no new byte for 200 ms (at most 5 s), so what the
        /// process wrote just before it exited is in `text`.
        func settle() {
            var last = -1
            for _ in 0..<25 {
                let count = lock.withLock { bytes.count }
                if count == last { return }
                last = count
                usleep(200_000)
            }
        }

        func run(_ arguments: [String], until marker: String? = nil, then signalNumber: Int32 = SIGINT) throws -> Int32
        {
            let process = Process()
            process.executableURL = try CLI.binary()
            process.arguments = arguments
            process.environment = ProcessInfo.processInfo.environment.filter { $0.key != "NRPLAN_PROGRESS" }
            process.standardError = FileHandle(fileDescriptor: slave, closeOnDealloc: false)
            process.standardOutput = FileHandle.nullDevice
            try process.run()
            if let marker {
                _ = InterruptCLITests.wait(for: marker, in: { self.text }, while: process)
                kill(process.processIdentifier, signalNumber)
            }
            process.waitUntilExit()
            settle()
            return process.terminationStatus
        }

        func close() {
            Glibc.close(slave)
            usleep(100_000)
            Glibc.close(master)
        }
    }

    @Test("on a terminal: a redrawn bar with site counts, percent and ETA; SIGINT still leaves nothing")
    func progressBar() throws {
        let folder = try CLI.temporaryFolder("tty")
        defer { try? FileManager.default.removeItem(at: folder) }
        let scenario = try Self.bigScenario(in: folder)
        let out = folder.appendingPathComponent("out")
        let terminal = try Terminal()
        defer { terminal.close() }
        let status = try terminal.run(["solve", scenario.path, "--out", out.path, "--threads", "2"], until: "ETA")
        let text = terminal.text
        #expect(status == 130, "\(text)")
        #expect(text.contains("\r\u{1B}[Knrplan: coverage ["), "no bar drawn: \(text.debugDescription)")
        #expect(
            text.range(of: #"\] [0-9,]+/5,000 sites [0-9]+% ETA [0-9]"#, options: .regularExpression) != nil,
            "\(text.debugDescription)")
        #expect(text.contains("nrplan: grid done in"))
        #expect(text.contains("nrplan: coverage interrupted after"))
        #expect(!text.contains("nrplan: coverage ...\n"), "one-line stage messages on a terminal")
        #expect(!FileManager.default.fileExists(atPath: out.path), "an output folder was created")
        let beside = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.contains("staging") }
        #expect(beside.isEmpty, "staging folder left beside the output folder: \(beside)")
    }

    @Test("not a terminal: one line per stage; --quiet: nothing at all, even on a terminal")
    func linesAndQuiet() throws {
        let folder = try CLI.temporaryFolder("lines")
        defer { try? FileManager.default.removeItem(at: folder) }
        let scenario = try CLI.smallScenario(in: folder)
        let lines = try CLI.run(["solve", scenario.path, "--out", folder.appendingPathComponent("a").path])
        #expect(lines.status == 0)
        // Every stage of a radio solve, in order, one word each (`PipelineStage`).
        #expect(
            lines.stderr.hasPrefix(
                "nrplan: load ...\nnrplan: grid ...\nnrplan: coverage ...\nnrplan: solve ...\nnrplan: continuity ...\nnrplan: field ...\nnrplan: write ...\n"
            ),
            "\(lines.stderr)")
        #expect(!lines.stderr.contains("\u{1B}["))

        let terminal = try Terminal()
        defer { terminal.close() }
        let status = try terminal.run([
            "solve", scenario.path, "--out", folder.appendingPathComponent("b").path, "--quiet",
        ])
        #expect(status == 0)
        #expect(terminal.text.isEmpty, "\(terminal.text.debugDescription)")
    }
}
