import Dispatch
import Foundation
import Geo
import Optimizer
import Planning
import Reporting
import Support

/// Shared plumbing of the commands that write a run folder.
enum RunSupport {
    /// The default thread count: every core.
    static var defaultThreads: Int { max(1, ProcessInfo.processInfo.activeProcessorCount) }

    /// Checks `path` before any work: refused (exit 2) when it is a file, or a non-empty folder and
    /// `force` is false; refused (exit 74) when outputs cannot be written there (no permission, a
    /// read-only file system). Nothing is created: the outputs appear all at once at the end
    /// (`OutputFolder`).
    static func prepareOutputFolder(_ path: String, force: Bool) throws -> URL {
        let url = URL(fileURLWithPath: path)
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) {
            guard isDirectory.boolValue else {
                throw CommandFailure(
                    exitCode: ExitCode.badInput,
                    message: "error: \(path): exists and is not a folder (--out needs a folder)")
            }
            let contents = (try? FileManager.default.contentsOfDirectory(atPath: url.path)) ?? []
            if !contents.isEmpty && !force {
                throw CommandFailure(
                    exitCode: ExitCode.badInput,
                    message:
                        "error: \(path): output folder is not empty (\(contents.count) entries); use --force to write into it"
                )
            }
        }
        do {
            try OutputFolder.preflight(url)
        } catch {
            throw CommandFailure(exitCode: ExitCode.outputFailed, message: "error: \(error)")
        }
        return url
    }

    /// The first input file that an output named `names` in `folder` would replace (paths
    /// compared after resolving symbolic links), or nil: inputs are never modified.
    static func inputOverwritten(by names: [String], in folder: URL, inputs: [String]) -> String? {
        func resolved(_ url: URL) -> String { url.standardizedFileURL.resolvingSymlinksInPath().path }
        let inputPaths = Dictionary(
            inputs.map { (resolved(URL(fileURLWithPath: $0)), $0) }, uniquingKeysWith: { a, _ in a })
        for name in names {
            if let input = inputPaths[resolved(folder.appendingPathComponent(name))] { return input }
        }
        return nil
    }

    /// Writes a run's outputs with `write` and reports a failure: exit 74 when the outputs could
    /// not be written, 2 otherwise (a geometry failure). The output folder is unchanged on failure.
    static func writeOutputs(_ write: () throws -> Void) throws {
        do {
            try write()
        } catch {
            throw CommandFailure(exitCode: ExitCode.failure(error), message: "error: \(error)")
        }
    }

    /// On SIGINT/SIGTERM: removes the staging folder and every temporary file of the run, refuses
    /// new ones, and exits 130/143 — an interrupted run leaves the output folder as it was (the
    /// outputs are published in one step under the registry's lock, so the handler runs wholly
    /// before or wholly after it). The handler runs on a dispatch queue (not in signal context), so
    /// it may take locks; it ends the process with `_exit`, so no other thread's cleanup can race
    /// it. Installed once.
    static func installInterruptHandlers() {
        guard interruptSources.isEmpty else { return }
        for (signalNumber, code) in [(SIGINT, ExitCode.interrupted), (SIGTERM, ExitCode.terminated)] {
            signal(signalNumber, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: signalNumber, queue: .global())
            source.setEventHandler {
                activeProgress?.finish(interrupted: true)
                let abandoned = OutputRegistry.shared.abandonRun()
                let name = signalNumber == SIGINT ? "SIGINT" : "SIGTERM"
                if abandoned.published.isEmpty {
                    printError(
                        "interrupted (\(name)): no output was written"
                            + (abandoned.removed > 0 ? " (\(abandoned.removed) unfinished output(s) removed)" : ""))
                } else {
                    printError(
                        "interrupted (\(name)) after the outputs were complete: \(abandoned.published.joined(separator: ", ")) holds this run's outputs"
                    )
                }
                _exit(code)
            }
            source.resume()
            interruptSources.append(source)
        }
    }
    nonisolated(unsafe) static var interruptSources: [any DispatchSourceSignal] = []
    /// The progress display of the running command, finished by the interrupt handler.
    nonisolated(unsafe) static var activeProgress: ProgressDisplay?

    /// Runs the siting pipeline on a scenario file and writes the plan; prints a short summary.
    static func solve(
        scenarioURL: URL, displayName: String, outPath: String, threads: Int, effort: Double? = nil, force: Bool,
        quiet: Bool, instanceFile: String? = nil
    ) throws -> Int32 {
        let out = try prepareOutputFolder(outPath, force: force)
        installInterruptHandlers()
        var options = PlanOptions(threads: threads)
        options.effort = effort
        if let instanceFile, let format = InstanceWriter.Format(path: instanceFile) {
            let url = URL(fileURLWithPath: instanceFile)
            let name = scenarioURL.deletingPathExtension().lastPathComponent
            options.onInstance = { instance, objective in
                try InstanceWriter.write(instance, objective: objective, format: format, to: url, name: name)
            }
        }
        let progress = ProgressDisplay(
            mode: ProgressDisplay.mode(quiet: quiet), solverTimeLimitSeconds: options.solverTimeLimitSeconds)
        activeProgress = progress
        defer { progress.finish() }
        options.onStage = progress.onStage
        options.onProgress = progress.onProgress
        let plan: Plan
        do throws(PlanningError) {
            plan = try SitingPipeline.run(scenarioAt: scenarioURL, displayName: displayName, options: options)
        } catch {
            progress.finish()
            if case .output = error {
                throw CommandFailure(exitCode: ExitCode.outputFailed, message: error.description)
            }
            throw CommandFailure(exitCode: ExitCode.badInput, message: error.description)
        }
        if let clash = inputOverwritten(
            by: PlanWriter.fileNames(for: plan), in: out, inputs: plan.scenario.inputs.map(\.name))
        {
            progress.finish()
            throw CommandFailure(
                exitCode: ExitCode.badInput,
                message:
                    "error: \(clash): is an input of this scenario and would be overwritten by the output of the same name; choose another --out folder"
            )
        }
        progress.begin("write")
        try writeOutputs { try PlanWriter.write(plan, to: out) }
        progress.finish()
        if !quiet {
            for line in Problem.lines(plan.warnings) { printError(line) }
            print(humanSummary(plan, out: outPath))
        }
        return ExitCode.success
    }

    /// `--write-instance FILE`: a path ending in .json or .mps (checked before anything runs).
    static func instanceFile(_ arguments: ParsedArguments) throws(UsageError) -> String? {
        guard let path = arguments.string("--write-instance") else { return nil }
        guard InstanceWriter.Format(path: path) != nil else {
            throw UsageError("option '--write-instance' expects a file ending in .json or .mps, found '\(path)'")
        }
        return path
    }

    /// Prints a one-line stage message to stderr.
    @Sendable static func announceStage(_ stage: String) {
        printError("nrplan: \(stage) ...")
    }

    /// " (macro 3, micro 1890)" for service-radius plans, "" otherwise.
    static func byType(_ plan: Plan) -> String {
        guard plan.service != nil else { return "" }
        return " (" + plan.network.newSitesByType.map { "\($0.type) \($0.count)" }.joined(separator: ", ") + ")"
    }

    static func humanSummary(_ plan: Plan, out: String) -> String {
        let c = plan.continuity
        func pct(_ x: Double) -> String { Precision.hundredths.fixed(x * 100) + "%" }
        let network = plan.network
        let shortfall = PlanText.shortfall(plan.solution).map { " (\($0))" } ?? ""
        var lines = [
            "scenario      \(plan.scenario.name)",
            "demand        \(plan.grid.cellCount) cells of \(Int(plan.grid.spec.cellMeters)) m, area \(Precision.tenths.fixed(plan.study.areaSquareMeters / 1e6)) km²",
            "sites         \(network.newCount) new\(byType(plan))\(shortfall) + \(network.existingCount) existing, cost \(Precision.tenths.fixed(network.newCost))",
            "coverage      \(pct(c.coverageRatio)) of demand (existing sites alone: \(pct(network.existingCoverageRatio))), \(c.coveredComponents) covered component(s)",
            "holes         \(c.holes.count) (\(c.holes.filter { !$0.touchesEdge }.count) enclosed), largest \(Precision.whole.fixed(c.largestHoleSquareMeters)) m²",
        ]
        if let gap = PlanText.gap(plan.solution) { lines.append("optimality    \(gap)") }
        for phase in plan.phases {
            // One line per phase of a phased rollout: what it adds and where the network stands after it.
            lines.append(
                "phase \(phase.name.padding(toLength: max(8, phase.name.count), withPad: " ", startingAt: 0)) +\(phase.sites.count) sites (\(phase.cumulativeNewCount) in all), cost \(Precision.tenths.fixed(phase.cost)) (\(Precision.tenths.fixed(phase.cumulativeCost))), coverage \(pct(phase.continuity.coverageRatio)), \(phase.continuity.holes.count) holes"
            )
        }
        lines += limitsLines(plan)
        if let assumptions = plan.radioAssumptions { lines += assumedLines(assumptions) }
        lines.append("outputs       \(out)/{\(PlanWriter.fileNames(for: plan).joined(separator: ","))}")
        return lines.joined(separator: "\n")
    }

    /// The lines of a plan with roads, greenfield positions or continuity limits.
    static func limitsLines(_ plan: Plan) -> [String] {
        var lines: [String] = []
        if let planning = plan.continuityPlanning {
            lines.append(
                "limits        \(planning.met ? "met" : "NOT met") after \(planning.rounds.count) round(s), \(planning.validRows) valid + \(planning.heuristicRows) heuristic rows"
            )
        }
        if plan.scenario.greenfield != nil {
            let chosen = plan.network.newIndices.filter { plan.network.sites[$0].source == .greenfield }.count
            lines.append(
                "greenfield    \(chosen) new-build site(s), \(plan.continuityPlanning?.unavoidable.count ?? 0) the catalogue could not avoid"
            )
        }
        if let roads = plan.roads {
            let length = roads.roads.reduce(0) { $0 + $1.lengthMeters }
            let covered = roads.roads.reduce(0) { $0 + $1.coveredMeters }
            lines.append(
                "roads         \(roads.roads.count) road(s), \(Precision.tenths.fixed(length / 1000)) km, \(Precision.hundredths.fixed(length > 0 ? covered / length * 100 : 100))% covered, longest gap \(Precision.whole.fixed(roads.longestGapMeters)) m"
            )
        }
        return lines
    }

    /// The terminal lines of a radio run's assumptions: the threshold, then each default that stood
    /// in for missing properties (`summary.json`'s `radio` has them all).
    static func assumedLines(_ assumptions: RadioAssumptions, profileOption: String? = nil) -> [String] {
        let profiles = assumptions.profiles.map { "\($0.profile.name) ×\($0.sites)" }.joined(separator: ", ")
        var radio = "radio         \(profiles)"
        if let threshold = assumptions.rsrpThresholdDBm, let reliability = assumptions.edgeReliability {
            radio +=
                "; covered at SS-RSRP ≥ \(Precision.tenths.text(threshold)) dBm, \(Precision.hundredths.text(reliability * 100)) % edge reliability"
        }
        if let profileOption { radio += " (--profile \(profileOption))" }
        var lines = [radio]
        for (k, line) in PlanText.defaultLines(assumptions.defaults, of: assumptions.sites).enumerated() {
            let text = line.replacingOccurrences(of: "Defaults: ", with: "").dropLast()
            lines.append((k == 0 ? "assumed       " : "              ") + text)
        }
        return lines
    }
}
