import Dispatch
import Foundation
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// A throw-away single-node Slurm cluster for end-to-end tests: `scripts/slurm/local-cluster.sh` started in
/// a folder of its own, the client commands run against it, and a check that no process of it outlives `stop`.
///
/// The folder is fixed per checkout and label (`/tmp/nrplan-slurm-<hash>-<label>`), so a test run that was
/// killed outright leaves its daemons to the next run's `start`, which stops them first; the ports start
/// from a number derived from the same hash, so clusters of two checkouts on one machine do not collide.
struct LocalSlurm {
    /// Every program the script and the tests call.
    static let programs = [
        "mungekey", "munged", "munge", "unmunge", "slurmctld", "slurmd", "sbatch", "squeue", "scancel", "scontrol",
        "sinfo",
    ]

    /// PATH with the sbin folders (munged, slurmctld and slurmd live in /usr/sbin).
    static var searchPath: String {
        (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin") + ":/usr/local/sbin:/usr/sbin:/sbin"
    }

    /// Programs of `programs` not found on `searchPath`.
    static var missingPrograms: [String] {
        let folders = searchPath.split(separator: ":").map(String.init)
        return programs.filter { program in
            !folders.contains { FileManager.default.isExecutableFile(atPath: $0 + "/" + program) }
        }
    }

    /// True when the cluster can run here: the Debian packages are installed and we are root (slurmd
    /// launches jobs as their owner).
    static var isAvailable: Bool { missingPrograms.isEmpty && getuid() == 0 }

    /// The cluster's folder.
    let folder: URL
    /// The base of the free-port search.
    let basePort: Int

    var configuration: String { folder.appendingPathComponent("etc/slurm.conf").path }
    /// Environment for the client commands and the engine scripts.
    var environment: [String: String] { ["SLURM_CONF": configuration, "PATH": Self.searchPath] }

    init(label: String) {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in (CLI.repositoryRoot.path + "/" + label).utf8 {
            hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01B3
        }
        folder = URL(fileURLWithPath: "/tmp/nrplan-slurm-\(String(hash % 0xFFFF_FFFF, radix: 16))-\(label)")
        basePort = 20_000 + 2 * Int(hash % 20_000)
    }

    static var script: URL { CLI.repositoryRoot.appendingPathComponent("scripts/slurm/local-cluster.sh") }

    /// Runs `local-cluster.sh ACTION FOLDER`.
    func cluster(_ action: String) throws -> CLI.Run {
        try CLI.run(
            [action, folder.path], executable: Self.script,
            environment: ["PATH": Self.searchPath, "LOCAL_SLURM_PORT": String(basePort)])
    }

    /// Runs a program (found on `searchPath`) with the cluster's environment.
    func run(_ program: String, _ arguments: [String], environment extra: [String: String] = [:]) throws -> CLI.Run {
        try CLI.run(
            [program] + arguments, executable: URL(fileURLWithPath: "/usr/bin/env"),
            environment: environment.merging(extra) { $1 })
    }

    /// One cluster at a time in this process: suites that each start one wait for each other (two clusters
    /// would compete for the same 2 CPUs, and `SignalGuard` handles one at a time).
    private static let oneAtATime = NSLock()

    /// Starts the cluster, runs `body`, and stops the cluster whatever happens — also on SIGINT or SIGTERM
    /// to the test process, which then exits 130 or 143 after the stop.
    func withCluster(_ body: (LocalSlurm) throws -> Void) throws {
        Self.oneAtATime.lock()
        defer { Self.oneAtATime.unlock() }
        let guardian = SignalGuard(stop: { [script = Self.script, folder, basePort] in
            _ = try? CLI.run(
                ["stop", folder.path], executable: script,
                environment: ["PATH": Self.searchPath, "LOCAL_SLURM_PORT": String(basePort)])
        })
        defer { guardian.release() }
        let started = try cluster("start")
        guard started.status == 0 else {
            _ = try? cluster("stop")
            Issue.record("local-cluster.sh start failed (\(started.status)): \(started.stderr)")
            return
        }
        defer { _ = try? cluster("stop") }
        try body(self)
    }

    /// Polls `squeue -h -j IDS` every 0.1 s until none of the jobs is pending, running or completing.
    /// - Returns: false when `timeoutSeconds` passed first.
    func waitUntilDone(_ jobs: [String], timeoutSeconds: Double = 120) throws -> Bool {
        let deadline = Date().addingTimeInterval(timeoutSeconds)
        while Date() < deadline {
            let queue = try run("squeue", ["-h", "-j", jobs.joined(separator: ",")])
            if queue.status == 0 && queue.stdout.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty { return true }
            usleep(100_000)
        }
        return false
    }

    /// `scontrol -o show job ID`: one record per job (each array task is one), `Key=Value` fields.
    /// No accounting on this cluster, so this is where states and exit codes are read (MinJobAge keeps them).
    func jobRecords(_ id: String) throws -> [[String: String]] {
        let shown = try run("scontrol", ["-o", "show", "job", id])
        return shown.stdout.split(separator: "\n").map { line in
            var record: [String: String] = [:]
            for field in line.split(separator: " ") {
                let pair = field.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
                if pair.count == 2 { record[String(pair[0])] = String(pair[1]) }
            }
            return record
        }
    }

    /// The daemons `start` recorded: name, pid, start time.
    func recordedDaemons() -> [(name: String, pid: Int32, startTime: String)] {
        let text = (try? String(contentsOf: folder.appendingPathComponent("run/started.pids"), encoding: .utf8)) ?? ""
        return text.split(separator: "\n").compactMap { line in
            let parts = line.split(separator: " ")
            guard parts.count == 3, let pid = Int32(parts[1]) else { return nil }
            return (String(parts[0]), pid, String(parts[2]))
        }
    }

    /// Live (not zombie) processes of this cluster: any whose command line names the folder, and any
    /// Slurm or munge process whose environment holds this cluster's SLURM_CONF. Read from /proc, independently
    /// of the script.
    func liveProcesses() -> [String] {
        let names: Set<String> = ["munged", "slurmctld", "slurmd", "slurmstepd", "slurmscriptd"]
        let ownPID = getpid()
        var found: [String] = []
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        for entry in entries {
            guard let pid = Int32(entry), pid != ownPID, let stat = Self.procStat(pid), stat.state != "Z" else {
                continue
            }
            let commandLine = Self.procText(pid, "cmdline")
            let environment = Self.procText(pid, "environ")
            let comm = Self.procText(pid, "comm").trimmingCharacters(in: .whitespacesAndNewlines)
            if commandLine.contains(folder.path + "/")
                || (names.contains(comm) && environment.split(separator: " ").contains("SLURM_CONF=\(configuration)"))
            {
                found.append("\(pid) [\(stat.state)] \(commandLine)")
            }
        }
        return found
    }

    /// Whether a recorded daemon still runs: /proc/PID exists, is not a zombie and has the recorded start time.
    static func isAlive(pid: Int32, startTime: String) -> Bool {
        guard let stat = procStat(pid) else { return false }
        return stat.state != "Z" && stat.startTime == startTime
    }

    /// State letter and start time (field 22) of /proc/PID/stat.
    static func procStat(_ pid: Int32) -> (state: String, startTime: String)? {
        guard let text = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
            let close = text.lastIndex(of: ")")
        else { return nil }
        let fields = text[text.index(after: close)...].split(separator: " ")
        guard fields.count > 19 else { return nil }
        return (String(fields[0]), String(fields[19]))
    }

    /// A /proc/PID file with NUL separators as spaces ("" when unreadable).
    static func procText(_ pid: Int32, _ name: String) -> String {
        guard let data = FileManager.default.contents(atPath: "/proc/\(pid)/\(name)") else { return "" }
        return String(decoding: data.map { $0 == 0 ? 0x20 : $0 }, as: UTF8.self)
    }
}

/// While alive, SIGINT and SIGTERM to the test process run `stop` and then exit 130 or 143, so an
/// interrupted test run does not leave a cluster behind; `release()` puts the previous handlers back.
///
/// A C handler (not SIG_IGN plus a dispatch source): a caught signal is reset to its default in every child
/// at exec, an ignored one would stay ignored in every process the tests start meanwhile. The handler only
/// writes the signal number to a pipe (async-signal-safe); a thread reads it and does the work.
final class SignalGuard: @unchecked Sendable {
    private var previous: [Int32: sigaction] = [:]
    private let pipeFDs: [Int32]

    init(stop: @escaping @Sendable () -> Void) {
        var fds: [Int32] = [-1, -1]
        guard pipe(&fds) == 0 else {
            pipeFDs = []
            return
        }
        pipeFDs = fds
        _ = fcntl(fds[0], F_SETFD, FD_CLOEXEC)
        _ = fcntl(fds[1], F_SETFD, FD_CLOEXEC)
        signalGuardWriteFD = fds[1]
        let readFD = fds[0]
        Thread.detachNewThread {
            var number: Int32 = 0
            guard read(readFD, &number, MemoryLayout<Int32>.size) == MemoryLayout<Int32>.size else {
                close(readFD)
                return
            }
            FileHandle.standardError.write(Data("interrupted: stopping the local Slurm cluster\n".utf8))
            stop()
            exit(number == SIGINT ? 130 : 143)
        }
        for signalNumber in [SIGINT, SIGTERM] {
            var action = sigaction()
            action.__sigaction_handler.sa_handler = { number in
                var value = number
                _ = write(signalGuardWriteFD, &value, MemoryLayout<Int32>.size)
            }
            sigemptyset(&action.sa_mask)
            var old = sigaction()
            if sigaction(signalNumber, &action, &old) == 0 { previous[signalNumber] = old }
        }
    }

    func release() {
        for (signalNumber, old) in previous {
            var action = old
            sigaction(signalNumber, &action, nil)
        }
        previous.removeAll()
        // Closing the write end ends the thread's read (0 bytes): it returns without stopping anything.
        if pipeFDs.count == 2 { close(pipeFDs[1]) }
    }
}

/// The pipe the signal handler writes to (a C handler cannot capture context).
nonisolated(unsafe) private var signalGuardWriteFD: Int32 = -1
