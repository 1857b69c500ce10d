import Foundation
import Geo
import Support

/// Exit codes shared by every command.
enum ExitCode {
    static let success: Int32 = 0
    /// A check failed (audit targets missed); the run itself was fine.
    static let checkFailed: Int32 = 1
    /// Bad usage or bad input; nothing was written.
    static let badInput: Int32 = 2
    /// The outputs could not be written (disk full, permission, read-only file system): `EX_IOERR`
    /// of sysexits.h. The output folder holds what it held before.
    static let outputFailed: Int32 = 74
    /// Interrupted by SIGINT (128 + 2) / SIGTERM (128 + 15).
    static let interrupted: Int32 = 130
    static let terminated: Int32 = 143

    /// The code a failed run ends with: `outputFailed` for a failure to write outputs, `badInput`
    /// for anything else.
    static func failure(_ error: any Error) -> Int32 {
        if error is OutputError { return outputFailed }
        if let geo = error as? GeoError, case .output = geo { return outputFailed }
        return badInput
    }

    /// The exit codes of a command that writes outputs, for `--help`.
    static let ofWriters: [(code: String, meaning: String)] = [
        ("0", "success"),
        ("2", "bad usage or bad input; nothing written"),
        ("74", "the outputs could not be written (disk full, permission); the output folder is as it was"),
        ("130", "interrupted by SIGINT (143: SIGTERM); the output folder is as it was"),
    ]

    /// The exit codes of a command that only reads and prints, for `--help`.
    static let ofReaders: [(code: String, meaning: String)] = [
        ("0", "success"),
        ("2", "bad usage or bad input"),
    ]
}

/// One `nrplan` subcommand: a type with a one-line abstract, its options, validation in `init`
/// (before any work) and `run`.
protocol Command {
    /// The word after `nrplan`.
    static var name: String { get }
    /// One line for `nrplan --help`.
    static var abstract: String { get }
    /// The synopsis line(s), e.g. `nrplan solve SCENARIO.json --out DIR [--threads N]`.
    static var usage: String { get }
    /// Longer description printed by `nrplan CMD --help` (may be empty).
    static var discussion: String { get }
    /// Every option the command accepts (`--help` is added by the runner).
    static var options: [OptionSpec] { get }
    /// What each exit code means (default: `ExitCode.ofWriters`).
    static var exitCodes: [(code: String, meaning: String)] { get }
    /// Every file the command can write into its output folder (default: none), listed by `--help`.
    static var outputs: [String] { get }
    /// A note under the outputs (e.g. which files a planar job leaves out).
    static var outputsNote: String { get }
    /// Validates the parsed arguments; throws `UsageError` for anything wrong.
    init(arguments: ParsedArguments) throws(UsageError)
    /// Does the work and returns the exit code. Errors thrown here end the process with
    /// `ExitCode.failure(error)` (74 for outputs that could not be written, else 2), except
    /// `CommandFailure`s, which carry their own code.
    func run() throws -> Int32
}

extension Command {
    static var discussion: String { "" }
    static var exitCodes: [(code: String, meaning: String)] { ExitCode.ofWriters }
    static var outputs: [String] { [] }
    static var outputsNote: String { "" }

    static var helpText: String {
        var lines = ["OVERVIEW: \(abstract)", "", "USAGE: \(usage)"]
        if !discussion.isEmpty { lines += ["", discussion] }
        let all = options + [OptionSpec.flag("--help", "Show help for this command.")]
        lines += ["", "OPTIONS:"]
        for option in all {
            let head = option.valueName.map { "\(option.name) \($0)" } ?? option.name
            let padded = head.count < 26 ? head + String(repeating: " ", count: 26 - head.count) : head + "  "
            lines.append("  \(padded)\(option.help)")
        }
        if !outputs.isEmpty {
            lines += ["", "OUTPUTS (in --out DIR, all published at once):", "  " + outputs.joined(separator: ", ")]
            if !outputsNote.isEmpty { lines.append("  " + outputsNote) }
        }
        lines += ["", "EXIT CODES:"]
        for (code, meaning) in exitCodes {
            lines.append("  " + code.padding(toLength: 5, withPad: " ", startingAt: 0) + meaning)
        }
        return lines.joined(separator: "\n")
    }
}

/// An error that carries the exit code the process should end with and a message for stderr.
struct CommandFailure: Error, CustomStringConvertible {
    let exitCode: Int32
    let message: String
    var description: String { message }
}

/// Writes a line to standard error.
func printError(_ text: String) {
    FileHandle.standardError.write(Data((text + "\n").utf8))
}
