import Dispatch
import Foundation
import Geo
import Planning
import Reporting

/// Shared plumbing of the commands that write a run folder.
enum RunSupport {
    /// The default thread count: every core.
    static var defaultThreads: Int { max(1, ProcessInfo.processInfo.activeProcessorCount) }

    /// Makes `path` ready for outputs: created when missing; refused when it is a file, or a
    /// non-empty folder and `force` is false. Nothing is deleted.
    static func prepareOutputFolder(_ path: String, force: Bool) throws -> URL {
        let url = URL(fileURLWithPath: path)
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) {
            guard isDirectory.boolValue else {
                throw CommandFailure(exitCode: ExitCode.badInput, message: "error: \(path): exists and is not a folder (--out needs a folder)")
            }
            let contents = (try? FileManager.default.contentsOfDirectory(atPath: url.path)) ?? []
            if !contents.isEmpty && !force {
                throw CommandFailure(exitCode: ExitCode.badInput,
                                     message: "error: \(path): output folder is not empty (\(contents.count) entries); use --force to write into it")
            }
        }
        return url
    }

    /// Creates the output folder (after validation succeeded, so bad input leaves nothing behind).
    static func createOutputFolder(_ url: URL) throws {
        do {
            try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        } catch {
            throw CommandFailure(exitCode: ExitCode.badInput, message: "error: \(url.path): cannot create the output folder: \(error.localizedDescription)")
        }
    }

    /// Removes temporary output files and exits 130/143 on SIGINT/SIGTERM, so an interrupted run
    /// never leaves a partial file behind.
    static func installInterruptHandlers() {
        for (signalNumber, code) in [(SIGINT, ExitCode.interrupted), (SIGTERM, ExitCode.terminated)] {
            signal(signalNumber, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: signalNumber, queue: .global())
            source.setEventHandler {
                TemporaryFiles.shared.removeAll()
                printError("interrupted: no output was written")
                exit(code)
            }
            source.resume()
            interruptSources.append(source)
        }
    }
    nonisolated(unsafe) static var interruptSources: [any DispatchSourceSignal] = []

    /// Runs the siting pipeline on a scenario file and writes the plan; prints a short summary.
    static func solve(scenarioURL: URL, displayName: String, outPath: String, threads: Int, force: Bool, quiet: Bool) throws -> Int32 {
        let out = try prepareOutputFolder(outPath, force: force)
        installInterruptHandlers()
        var options = PlanOptions(threads: threads)
        if !quiet { options.onStage = RunSupport.announceStage }
        let plan: Plan
        do throws(PlanningError) {
            plan = try SitingPipeline.run(scenarioAt: scenarioURL, displayName: displayName, options: options)
        } catch {
            throw CommandFailure(exitCode: ExitCode.badInput, message: error.description)
        }
        if !quiet {
            for warning in plan.warnings { printError("warning: \(warning)") }
        }
        try createOutputFolder(out)
        do {
            if !quiet { printError("nrplan: write ...") }
            try PlanWriter.write(plan, to: out)
        } catch {
            throw CommandFailure(exitCode: ExitCode.badInput, message: "error: \(error)")
        }
        if !quiet { print(humanSummary(plan, out: outPath)) }
        return ExitCode.success
    }

    /// Prints a one-line stage message to stderr.
    @Sendable static func announceStage(_ stage: String) {
        printError("nrplan: \(stage) ...")
    }

    static func humanSummary(_ plan: Plan, out: String) -> String {
        let c = plan.continuity
        func pct(_ x: Double) -> String { String(format: "%.2f%%", x * 100) }
        var lines = [
            "scenario      \(plan.scenario.name)",
            "demand        \(plan.grid.cellCount) cells of \(Int(plan.grid.spec.cellMeters)) m, area \(String(format: "%.1f", plan.areaSquareMeters / 1e6)) km²",
            "sites         \(plan.rankedNewColumns.count) new + \(plan.existingColumns.count) existing, cost \(String(format: "%.1f", plan.newCost))",
            "coverage      \(pct(c.coverageRatio)) of demand, \(c.coveredComponents) covered component(s)",
            "holes         \(c.holes.count) (\(c.holes.filter { !$0.touchesEdge }.count) enclosed), largest \(String(format: "%.0f", c.largestHoleSquareMeters)) m²",
        ]
        if let gap = plan.solution.gap {
            let bound = plan.solution.lowerBound ?? plan.solution.upperBound ?? .nan
            lines.append("optimality    gap \(pct(gap)) (bound \(String(format: "%.2f", bound)))")
        }
        lines.append("outputs       \(out)/{\(PlanWriter.fileNames.joined(separator: ","))}")
        return lines.joined(separator: "\n")
    }
}
