import Foundation
import Planning

/// `nrplan solve SCENARIO.json --out DIR`: the siting pipeline on one scenario file.
struct SolveCommand: Command {
    static let name = "solve"
    static let abstract = "Choose sites for a scenario and write the plan (sites, holes, summary)."
    static let usage = "nrplan solve SCENARIO.json --out DIR [--threads N] [--force]"
    static let options: [OptionSpec] = [
        .value("--out", "DIR", "Folder for the outputs (created; must be empty unless --force)."),
        .value("--threads", "N", "Worker threads (default: all cores)."),
        .flag("--force", "Write into a non-empty output folder."),
    ]
    let scenarioPath: String
    let outPath: String
    let threads: Int?
    let force: Bool

    init(arguments: ParsedArguments) throws(UsageError) {
        scenarioPath = try arguments.positionals(exactly: ["SCENARIO.json"])[0]
        outPath = try arguments.required("--out")
        threads = try arguments.int("--threads", in: 1...1024)
        force = arguments.flag("--force")
    }

    func run() throws -> Int32 {
        throw CommandFailure(exitCode: ExitCode.badInput, message: "not yet")
    }
}
