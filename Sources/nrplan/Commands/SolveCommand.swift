import Foundation
import Planning
import Reporting

/// `nrplan solve SCENARIO.json --out DIR`: the siting pipeline on one scenario file.
struct SolveCommand: Command {
    static let name = "solve"
    static let abstract = "Choose sites for a scenario and write the plan (sites, holes, summary)."
    static let usage =
        "nrplan solve SCENARIO.json --out DIR [--threads N] [--effort X] [--write-instance FILE.json|FILE.mps] [--force] [--quiet]"
    static let discussion = """
        Reads the scenario and every file it names, builds the demand grid and the coverage matrix,
        chooses sites, finds coverage holes and the radio field, and writes the plan into DIR (the
        files below; report.html is an interactive map with the figures and tables in one
        self-contained file: no network, opens from a USB stick). Bad input exits 2 with every
        problem listed and nothing written.
        """
    static let outputs = PlanWriter.fileNames
    static let outputsNote =
        "Planar scenarios write \(PlanWriter.planarFileNames.joined(separator: ", ")) only (no GeoJSON: RFC 7946 is WGS-84). A phased plan also writes \(PlanWriter.phaseFileNames.joined(separator: ", ")); a plan with roads \(PlanWriter.roadGapsFileName)."
    static let options: [OptionSpec] = [
        .value("--out", "DIR", "Folder for the outputs (created; must be empty unless --force)."),
        .value("--threads", "N", "Worker threads (default: all cores); results do not depend on it."),
        .value(
            "--effort", "X",
            "Scale the solver's deterministic work budgets (overrides the scenario's solver.effort; 1 = default)."),
        .value(
            "--write-instance", "FILE",
            "Also write the covering instance the solver gets: FILE.json (nrplan solve-matrix --mclp) or FILE.mps (any MIP solver); docs/solver.md."
        ),
        .flag("--force", "Write into a non-empty output folder."),
        .flag("--quiet", "No progress or summary output."),
    ]
    let scenarioPath: String
    let outPath: String
    let threads: Int
    let effort: Double?
    let force: Bool
    let quiet: Bool
    let instanceFile: String?

    init(arguments: ParsedArguments) throws(UsageError) {
        scenarioPath = try arguments.positionals(exactly: ["SCENARIO.json"])[0]
        outPath = try arguments.required("--out")
        threads = try arguments.int("--threads", in: 1...1024) ?? RunSupport.defaultThreads
        effort = try arguments.double("--effort", in: 0.001...1000)
        force = arguments.flag("--force")
        quiet = arguments.flag("--quiet")
        instanceFile = try RunSupport.instanceFile(arguments)
    }

    func run() throws -> Int32 {
        try RunSupport.solve(
            scenarioURL: URL(fileURLWithPath: scenarioPath), displayName: scenarioPath, outPath: outPath,
            threads: threads, effort: effort, force: force, quiet: quiet, instanceFile: instanceFile)
    }
}
