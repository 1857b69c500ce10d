import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Runs a program and reports its wall time and peak resident memory (`wait4`'s `ru_maxrss`,
/// which Foundation's `Process` does not expose). Output goes to the given files.
enum ChildProcess {
    struct Outcome {
        let status: Int32
        let wallSeconds: Double
        let peakRSSMegabytes: Double
    }

    static func run(_ executable: String, _ arguments: [String], stdoutPath: String, stderrPath: String) throws
        -> Outcome
    {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 1, stdoutPath, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        posix_spawn_file_actions_addopen(&actions, 2, stderrPath, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        defer { for pointer in argv { free(pointer) } }
        var pid: pid_t = 0
        let clock = ContinuousClock()
        let start = clock.now
        let spawned = posix_spawn(&pid, executable, &actions, nil, argv, environ)
        guard spawned == 0 else {
            throw BenchError.message("cannot start \(executable): \(String(cString: strerror(spawned)))")
        }
        var status: Int32 = 0
        var usage = rusage()
        while wait4(pid, &status, 0, &usage) < 0 {
            if errno != EINTR { throw BenchError.message("wait4 failed: \(String(cString: strerror(errno)))") }
        }
        let elapsed = clock.now - start
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        // Exit status: WIFEXITED/WEXITSTATUS by hand (macros are not imported).
        let exitCode = (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
        return Outcome(status: exitCode, wallSeconds: seconds, peakRSSMegabytes: Double(usage.ru_maxrss) / 1024)
    }
}

/// A benchmark failure with a message for stderr.
enum BenchError: Error, CustomStringConvertible {
    case message(String)
    var description: String {
        switch self {
        case .message(let text): return text
        }
    }
}
