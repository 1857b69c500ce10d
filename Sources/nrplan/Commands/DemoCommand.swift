import Foundation
import Planning

/// `nrplan demo`: the solve of the embedded demo scenario in geodata/demo.
struct DemoCommand: Command {
    static let name = "demo"
    static let abstract = "Solve the embedded demo district (geodata/demo) and write the plan."
    static let usage = "nrplan demo [--out DIR] [--threads N] [--write-instance FILE.json|FILE.mps] [--force] [--quiet]"
    static let discussion = """
        Runs `nrplan solve geodata/demo/scenario.json`. The demo folder is looked up in the current
        folder and above the nrplan binary (so it works from a clone after `make run`), or set
        NRPLAN_DEMO_DIR.
        """
    static let options: [OptionSpec] = [
        .value("--out", "DIR", "Folder for the outputs (default: out/demo)."),
        .value("--threads", "N", "Worker threads (default: all cores); results do not depend on it."),
        .value("--write-instance", "FILE", "Also write the covering instance (.json or .mps), as `nrplan solve` does."),
        .flag("--force", "Write into a non-empty output folder."),
        .flag("--quiet", "No progress or summary output."),
    ]
    let outPath: String
    let threads: Int
    let force: Bool
    let quiet: Bool
    let instanceFile: String?

    init(arguments: ParsedArguments) throws(UsageError) {
        _ = try arguments.positionals(exactly: [])
        outPath = arguments.string("--out") ?? "out/demo"
        threads = try arguments.int("--threads", in: 1...1024) ?? RunSupport.defaultThreads
        force = arguments.flag("--force")
        quiet = arguments.flag("--quiet")
        instanceFile = try RunSupport.instanceFile(arguments)
    }

    /// The demo scenario: $NRPLAN_DEMO_DIR, ./geodata/demo, or geodata/demo above the binary.
    static func demoScenario() -> (url: URL, display: String)? {
        let fileManager = FileManager.default
        if let dir = ProcessInfo.processInfo.environment["NRPLAN_DEMO_DIR"] {
            let path = (dir as NSString).appendingPathComponent("scenario.json")
            return fileManager.fileExists(atPath: path) ? (URL(fileURLWithPath: path), path) : nil
        }
        let local = "geodata/demo/scenario.json"
        if fileManager.fileExists(atPath: local) { return (URL(fileURLWithPath: local), local) }
        var folder = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
            .deletingLastPathComponent()
        for _ in 0..<6 {
            let candidate = folder.appendingPathComponent(local)
            if fileManager.fileExists(atPath: candidate.path) { return (candidate, candidate.path) }
            folder = folder.deletingLastPathComponent()
        }
        return nil
    }

    func run() throws -> Int32 {
        guard let demo = DemoCommand.demoScenario() else {
            throw CommandFailure(
                exitCode: ExitCode.badInput,
                message: "error: geodata/demo/scenario.json not found (run from the repository, or set NRPLAN_DEMO_DIR)"
            )
        }
        return try RunSupport.solve(
            scenarioURL: demo.url, displayName: demo.display, outPath: outPath,
            threads: threads, force: force, quiet: quiet, instanceFile: instanceFile)
    }
}
