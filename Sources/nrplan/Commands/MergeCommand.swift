import Foundation
import Planning
import Reporting
import Support

/// `nrplan merge MANIFEST --out DIR`: joins the tiles of a cut into one plan (docs/scale.md).
struct MergeCommand: Command {
    static let name = "merge"
    static let abstract = "Join the solved tiles of a cut into one plan of the whole area."
    static let usage = "nrplan merge MANIFEST [--out DIR] [--threads N] [--effort X] [--force] [--quiet]"
    static let discussion = """
        Checks every tile's output against the manifest (missing, from another cut, from another tile
        or nrplan version: every problem listed, exit 2, nothing written), takes the union of the
        tiles' plans, re-solves windows along the tile borders with everything else fixed (the seam
        step), tops up a shortfall from the tiles' continuation lists, and writes the usual outputs
        for the whole area — holes, components and SINR recomputed on the global demand grid, so a
        hole across a border is one hole — with per-tile figures and a lower bound valid for the
        whole problem. The same tiles give byte-identical outputs (timings aside).
        """
    static let options: [OptionSpec] = [
        .value("--out", "DIR", "Folder for the merged plan (default: the manifest's folder/merged)."),
        .value("--threads", "N", "Worker threads (default: all cores); results do not depend on it."),
        .value("--effort", "X", "Scale the seam step's solver work budgets (overrides the scenario's solver.effort)."),
        .flag("--force", "Write into a non-empty output folder."),
        .flag("--quiet", "No progress or summary output."),
    ]
    let manifestPath: String
    let outPath: String
    let threads: Int
    let effort: Double?
    let force: Bool
    let quiet: Bool

    init(arguments: ParsedArguments) throws(UsageError) {
        manifestPath = try arguments.positionals(exactly: ["MANIFEST"])[0]
        let folder = (manifestPath as NSString).deletingLastPathComponent
        outPath = arguments.string("--out") ?? (folder.isEmpty ? "merged" : folder + "/merged")
        threads = try arguments.int("--threads", in: 1...1024) ?? RunSupport.defaultThreads
        effort = try arguments.double("--effort", in: 0.001...1000)
        force = arguments.flag("--force")
        quiet = arguments.flag("--quiet")
    }

    func run() throws -> Int32 {
        let out = try RunSupport.prepareOutputFolder(outPath, force: force)
        RunSupport.installInterruptHandlers()
        var options = PlanOptions(threads: threads)
        options.effort = effort
        let progress = ProgressDisplay(mode: ProgressDisplay.mode(quiet: quiet))
        RunSupport.activeProgress = progress
        defer { progress.finish() }
        options.onStage = progress.onStage
        options.onProgress = progress.onProgress
        let merged: (plan: Plan, report: MergeReport)
        do throws(PlanningError) {
            merged = try TileMerge.run(
                manifestURL: URL(fileURLWithPath: manifestPath), displayName: manifestPath, options: options)
        } catch {
            progress.finish()
            throw CommandFailure(exitCode: ExitCode.badInput, message: error.description)
        }
        progress.begin("write")
        try RunSupport.writeOutputs { try PlanWriter.write(merged.plan, to: out, merge: merged.report) }
        progress.finish()
        if !quiet {
            for warning in merged.plan.warnings { printError("warning: \(warning)") }
            let r = merged.report
            print(RunSupport.humanSummary(merged.plan, out: outPath))
            print(
                "tiles         \(r.tiles.count) (\(r.cut)): union \(r.unionSites) sites, cost \(Precision.tenths.fixed(r.unionCost)); "
                    + r.steps.map { "\($0.name) \(Precision.tenths.fixed($0.costAfter))" }.joined(separator: ", ")
            )
        }
        return ExitCode.success
    }
}
