import Foundation
import Planning
import Reporting
import Support

#if canImport(Glibc)
    import Glibc
#endif

/// `nrplan tile-run MANIFEST [--index I]`: solves one tile of a cut (docs/scale.md); the index
/// comes from `--index`, else from the batch engine's environment.
struct TileRunCommand: Command {
    static let name = "tile-run"
    static let abstract = "Solve one tile of a cut (a Slurm array task, a Kubernetes Indexed Job pod, or by hand)."
    static let usage = "nrplan tile-run MANIFEST [--index I] [--threads N] [--effort X] [--force] [--quiet]"
    static let discussion = """
        Solves tile I of the manifest into its out folder (tile.json for the merge, sites.csv and
        summary.json of the tile's own plan), all at once or not at all. Without --index the tile comes
        from SLURM_ARRAY_TASK_ID (Slurm job arrays), then JOB_COMPLETION_INDEX (Kubernetes Indexed Jobs).
        A tile whose output is already there from this cut is not solved again unless --force.
        """
    static let options: [OptionSpec] = [
        .value("--index", "I", "The tile (0-based; default: $SLURM_ARRAY_TASK_ID, then $JOB_COMPLETION_INDEX)."),
        .value("--threads", "N", "Worker threads (default: all cores); results do not depend on it."),
        .value("--effort", "X", "Scale the solver's work budgets (overrides the scenario's solver.effort)."),
        .flag("--force", "Solve the tile again even when its output is there."),
        .flag("--quiet", "No progress or summary output."),
    ]
    /// The variables an index is read from, in order.
    static let indexVariables = ["SLURM_ARRAY_TASK_ID", "JOB_COMPLETION_INDEX"]

    let manifestPath: String
    let index: Int
    let source: TileRun.IndexSource
    let threads: Int
    let effort: Double?
    let force: Bool
    let quiet: Bool

    init(arguments: ParsedArguments) throws(UsageError) {
        manifestPath = try arguments.positionals(exactly: ["MANIFEST"])[0]
        (index, source) = try Self.index(arguments, environment: ProcessInfo.processInfo.environment)
        threads = try arguments.int("--threads", in: 1...1024) ?? RunSupport.defaultThreads
        effort = try arguments.double("--effort", in: 0.001...1000)
        force = arguments.flag("--force")
        quiet = arguments.flag("--quiet")
    }

    /// `--index`, else the first engine variable that is set.
    static func index(_ arguments: ParsedArguments, environment: [String: String]) throws(UsageError) -> (
        Int, TileRun.IndexSource
    ) {
        if let value = try arguments.int("--index", in: 0...Int(Int32.max)) { return (value, .option) }
        for name in indexVariables {
            guard let text = environment[name] else { continue }
            guard let value = Int(text.trimmingCharacters(in: .whitespaces)), value >= 0 else {
                throw UsageError("\(name)='\(text)' is not a tile index (a whole number ≥ 0)")
            }
            return (value, .environment(name))
        }
        throw UsageError(
            "no tile index: pass --index I, or run as a Slurm array task (SLURM_ARRAY_TASK_ID) or a Kubernetes Indexed Job pod (JOB_COMPLETION_INDEX)"
        )
    }

    func run() throws -> Int32 {
        let readiness: TileRun.Readiness
        do throws(PlanningError) {
            readiness = try TileRun.prepare(
                manifestURL: URL(fileURLWithPath: manifestPath), displayName: manifestPath, index: index,
                source: source, force: force)
        } catch {
            throw CommandFailure(exitCode: ExitCode.badInput, message: error.description)
        }
        let from: String
        switch source {
        case .option: from = "--index"
        case .environment(let name): from = name
        }
        let job: TileRun.Job
        switch readiness {
        case .finished(let done):
            if !quiet {
                print(
                    "tile \(index) (\(done.tile.name)) is finished: \(done.outDisplay)/tile.json (index from \(from); --force solves it again)"
                )
            }
            return ExitCode.success
        case .toSolve(let todo):
            job = todo
        }
        if !quiet {
            printError("nrplan: tile \(index) (\(job.tile.name)) of \(job.manifest.tiles.count), index from \(from)")
        }
        let out = try RunSupport.prepareOutputFolder(job.outURL.path, force: true)
        RunSupport.installInterruptHandlers()
        var options = PlanOptions(threads: threads)
        options.effort = effort
        let progress = ProgressDisplay(
            mode: ProgressDisplay.mode(quiet: quiet), solverTimeLimitSeconds: options.solverTimeLimitSeconds)
        RunSupport.activeProgress = progress
        defer { progress.finish() }
        options.onStage = progress.onStage
        options.onProgress = progress.onProgress
        var solved: (plan: Plan, result: TileResult)
        do throws(PlanningError) {
            solved = try TileRun.solve(job, options: options)
        } catch {
            progress.finish()
            throw CommandFailure(exitCode: ExitCode.badInput, message: error.description)
        }
        solved.result.peakRSSBytes = Self.peakResidentBytes()
        progress.begin("write")
        try RunSupport.writeOutputs { try TileOutputWriter.write(solved.plan, result: solved.result, to: out) }
        progress.finish()
        if !quiet {
            let r = solved.result
            func pct(_ x: Double) -> String { Precision.hundredths.fixed(x * 100) + "%" }
            print(
                """
                tile          \(index) (\(r.name)): \(r.cells) core cells, \(job.tile.candidates) candidates
                sites         \(r.newSites.count) new, cost \(Precision.tenths.fixed(r.cost))
                coverage      \(pct(r.weight > 0 ? r.coveredWeight / r.weight : 1)) of the core\(r.shortfallWeight > 0 ? ", short of the target by \(Precision.hundredths.fixed(r.shortfallWeight)) (the merge tops up)" : "")
                memory        \(Precision.tenths.fixed(Double(r.peakRSSBytes) / 1_048_576)) MiB peak
                outputs       \(job.outDisplay)/{\(TileOutputWriter.fileNames.joined(separator: ","))}
                """)
        }
        return ExitCode.success
    }

    /// The process's peak resident set (getrusage: kilobytes on Linux).
    static func peakResidentBytes() -> Int {
        var usage = rusage()
        // 0 on success, -1 with errno
        guard getrusage(RUSAGE_SELF.rawValue, &usage) == 0 else { return 0 }
        return Int(usage.ru_maxrss) * 1024
    }
}
