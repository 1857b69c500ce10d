import Foundation
import Planning

/// `nrplan demo`: the solve of the embedded demo scenario in geodata/demo.
struct DemoCommand: Command {
    static let name = "demo"
    static let abstract = "Solve the embedded demo district (geodata/demo) and write the plan."
    static let usage = "nrplan demo [--out DIR] [--threads N] [--force]"
    static let options: [OptionSpec] = [
        .value("--out", "DIR", "Folder for the outputs (default: out/demo)."),
        .value("--threads", "N", "Worker threads (default: all cores)."),
        .flag("--force", "Write into a non-empty output folder."),
    ]
    let outPath: String
    let threads: Int?
    let force: Bool

    init(arguments: ParsedArguments) throws(UsageError) {
        _ = try arguments.positionals(exactly: [])
        outPath = arguments.string("--out") ?? "out/demo"
        threads = try arguments.int("--threads", in: 1...1024)
        force = arguments.flag("--force")
    }

    func run() throws -> Int32 {
        throw CommandFailure(exitCode: ExitCode.badInput, message: "not yet")
    }
}
