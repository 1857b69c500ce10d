import Foundation
import Geo
import Reporting
import Support

/// `nrplan diff A_DIR B_DIR --out DIR`: what changed between two runs (solves or audits).
struct DiffCommand: Command {
    static let name = "diff"
    static let abstract = "Compare two solve or audit folders: sites added, removed, moved; holes; cost; districts."
    static let usage =
        "nrplan diff A_DIR B_DIR --out DIR [--a-phase NAME] [--b-phase NAME] [--tolerance-m M] [--threads N] [--force] [--quiet]"
    static let discussion = """
        A_DIR and B_DIR are output folders of `nrplan solve` or `nrplan audit` (any pair); each must
        hold summary.json, sites.geojson and holes.geojson. Sites are matched by id: a site in B only
        is added, in A only removed; one in both is kept, or moved when its positions are more than
        the tolerance apart. A site of A and a site of B with different ids within the tolerance are
        one site that moved. Holes are matched by overlap: appeared, disappeared, shrank, grew,
        reshaped or unchanged. Writes sites-diff.geojson, holes-diff.geojson, summary.json
        (sites_added, sites_removed, sites_kept, sites_moved, cost and coverage deltas, per district),
        report.md and report.html. With --a-phase or --b-phase, a phased solve (objective.phases) is
        compared as it stands at the end of that phase (its sites up to the phase, that phase's holes
        and figures); A_DIR and B_DIR may then be the same folder, to see what a phase adds. Bad input
        exits 2, outputs that cannot be written 74, with the output folder unchanged.
        """
    static let options: [OptionSpec] = [
        .value("--out", "DIR", "Folder for the outputs (created; must be empty unless --force)."),
        .value(
            "--tolerance-m", "M",
            "Distance within which a site keeps its place or a new id is the same site (default \(Int(PlanDiff.defaultToleranceMeters)))."
        ),
        .value("--a-phase", "NAME", "Compare A as it stands at the end of this phase of its phased solve."),
        .value("--b-phase", "NAME", "Compare B as it stands at the end of this phase of its phased solve."),
        .value("--threads", "N", "Worker threads (default: all cores); results do not depend on it."),
        .flag("--force", "Write into a non-empty output folder."),
        .flag("--quiet", "No summary output."),
    ]
    let aPath: String
    let bPath: String
    let outPath: String
    let aPhase: String?
    let bPhase: String?
    let tolerance: Double
    let threads: Int
    let force: Bool
    let quiet: Bool

    init(arguments: ParsedArguments) throws(UsageError) {
        let folders = try arguments.positionals(exactly: ["A_DIR", "B_DIR"])
        aPath = folders[0]
        bPath = folders[1]
        outPath = try arguments.required("--out")
        aPhase = arguments.string("--a-phase")
        bPhase = arguments.string("--b-phase")
        tolerance = try arguments.double("--tolerance-m", in: 0...100_000) ?? PlanDiff.defaultToleranceMeters
        threads = try arguments.int("--threads", in: 1...1024) ?? RunSupport.defaultThreads
        force = arguments.flag("--force")
        quiet = arguments.flag("--quiet")
    }

    func run() throws -> Int32 {
        let out = try RunSupport.prepareOutputFolder(outPath, force: force)
        RunSupport.installInterruptHandlers()
        let diff: PlanDiff
        do throws(GeoError) {
            let a = try aPhase == nil ? RunFolder.read(aPath) : RunFolder.read(aPath, phase: aPhase!)
            let b = try bPhase == nil ? RunFolder.read(bPath) : RunFolder.read(bPath, phase: bPhase!)
            diff = try PlanDiff.compare(a, b, toleranceMeters: tolerance, threads: threads)
        } catch {
            throw CommandFailure(exitCode: ExitCode.badInput, message: "error: \(error)")
        }
        let inputs = [aPath, bPath].flatMap { folder in
            (RunFolder.requiredFiles + ["report.md", "report.html", "phase-holes.geojson"]).map {
                (folder as NSString).appendingPathComponent($0)
            }
        }
        if let clash = RunSupport.inputOverwritten(by: DiffWriter.fileNames, in: out, inputs: inputs) {
            throw CommandFailure(
                exitCode: ExitCode.badInput,
                message:
                    "error: \(clash): is an input of this diff and would be overwritten; choose another --out folder")
        }
        try RunSupport.writeOutputs { try DiffWriter.write(diff, to: out) }
        if !quiet {
            for warning in diff.warnings { printError("warning: \(warning)") }
            print(Self.humanSummary(diff, out: outPath))
        }
        return ExitCode.success
    }

    static func humanSummary(_ diff: PlanDiff, out: String) -> String {
        let s = diff.sites
        let h = diff.holes
        func number(_ value: Double?, _ decimals: Int) -> String {
            value.map { Precision(decimals: decimals).fixed($0) } ?? "—"
        }
        let coverageA = diff.a.summary["coverage_ratio"]?.doubleValue
        let coverageB = diff.b.summary["coverage_ratio"]?.doubleValue
        return [
            "A             \(diff.a.path) (\(diff.a.command), \(diff.a.sites.count) sites)",
            "B             \(diff.b.path) (\(diff.b.command), \(diff.b.sites.count) sites)",
            "sites         \(s.count(.added)) added, \(s.count(.removed)) removed, \(s.count(.moved)) moved, \(s.count(.kept)) kept (tolerance \(number(s.toleranceMeters, 1)) m)",
            "cost          \(number(diff.a.cost, 1)) → \(number(diff.b.cost, 1))",
            "coverage      \(number(coverageA.map { $0 * 100 }, 2))% → \(number(coverageB.map { $0 * 100 }, 2))%",
            "holes         \(diff.a.holes.count) → \(diff.b.holes.count): "
                + HoleDiff.Change.allCases.map { "\(h.count($0)) \($0.rawValue)" }.joined(separator: ", "),
            "outputs       \(out)/{\(DiffWriter.fileNames.joined(separator: ","))}",
        ].joined(separator: "\n")
    }
}
