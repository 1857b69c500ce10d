import Foundation
import Optimizer
import Support

/// `nrplan solve-matrix`: the covering solver on a bare matrix file (OR-Library set covering or the
/// JSON instance format), without geometry — for benchmarks and for checking the solver.
struct SolveMatrixCommand: Command {
    static let name = "solve-matrix"
    static let abstract =
        "Solve a covering matrix file (OR-Library set cover, JSON max coverage) or a capacitated facility-location file and report its gap."
    static let usage =
        "nrplan solve-matrix (--orlib FILE | --mclp FILE.json [--sites K] [--budget B] | --cflp FILE [--capacity C] [--single-source | --best-server]) [--target F] [--time-limit S] [--threads N] [--seed N] [--json]"
    static let discussion = """
        --orlib FILE reads an OR-Library set-covering file (scp*/rail* layouts, plain or gzip) and
        solves weighted set cover (every row covered at least cost). --mclp FILE.json reads the JSON
        instance format {"weights":[...],"cover":[[rows of column j],...],"costs":[...],"fixed":[...],
        "must_cover":[...],"p":K} and solves max coverage with at most K new columns (--sites, else the
        file's "p") and/or cost <= --budget. --target F (0..1) solves partial cover instead: least cost
        with covered weight >= F of the total. A file with "objective" (as `nrplan solve
        --write-instance FILE.json` writes) is solved for that problem unless an option overrides it. The result carries a bound on the optimum and the gap:
        (cost - lower bound)/cost for set/partial cover, (upper bound - covered)/upper bound for max coverage.
        Columns are 0-based. The result is identical for any --threads.
        --cflp FILE reads an OR-Library capacitated warehouse location file (cap41..cap134; capa/capb/capc
        with --capacity C) and solves capacitated facility location with split demand, or with
        --single-source / --best-server (each customer served whole, by its cheapest open warehouse for
        --best-server); it reports cost, lower bound, gap, open facilities and the assignment.
        """
    static let options: [OptionSpec] = [
        .value("--orlib", "FILE", "OR-Library set-covering file (plain or .gz)."),
        .value("--mclp", "FILE.json", "JSON covering instance; max coverage unless --target is given."),
        .value("--sites", "K", "Max coverage: at most K new columns (default: the file's \"p\")."),
        .value("--budget", "B", "Max coverage: total cost of new columns at most B."),
        .value("--target", "F", "Partial cover: least cost with covered weight >= F (0..1) of the total."),
        .value("--cflp", "FILE", "OR-Library capacitated warehouse location file (plain or .gz)."),
        .value("--capacity", "C", "CFLP: the capacity of files whose capacities are the word 'capacity'."),
        .flag("--single-source", "CFLP: each customer served by one facility."),
        .flag("--best-server", "CFLP: each customer served by its cheapest open facility."),
        .value("--time-limit", "S", "Wall-clock safety net in seconds (default 60)."),
        .value("--threads", "N", "Worker threads (default: all cores); does not change the result."),
        .value("--seed", "N", "Seed of the randomised parts (default 1)."),
        .value("--effort", "X", "Scale of the work budgets (default 1)."),
        .flag("--json", "Print the result as one JSON object."),
        .flag("--no-presolve", "Solve without the exact row presolve (to measure what it gains)."),
    ]

    static let exitCodes = ExitCode.ofReaders

    enum Source {
        case orlib(String)
        case json(String)
        case cflp(String)
    }

    let source: Source
    let sites: Int?
    let budget: Double?
    let target: Double?
    let timeLimit: Double
    let threads: Int
    let seed: UInt64
    let effort: Double
    let json: Bool
    let presolve: Bool
    let facilityLocation: FacilityLocationArguments

    init(arguments: ParsedArguments) throws(UsageError) {
        _ = try arguments.positionals(exactly: [])
        facilityLocation = try FacilityLocationArguments(arguments)
        switch (arguments.string("--orlib"), arguments.string("--mclp"), arguments.string("--cflp")) {
        case (let file?, nil, nil): source = .orlib(file)
        case (nil, let file?, nil): source = .json(file)
        case (nil, nil, let file?): source = .cflp(file)
        case (nil, nil, nil): throw UsageError("missing the instance: --orlib FILE, --mclp FILE.json or --cflp FILE")
        default: throw UsageError("give one of --orlib, --mclp and --cflp")
        }
        sites = try arguments.int("--sites", in: 0...Int(Int32.max))
        budget = try arguments.double("--budget", in: 0...Double.greatestFiniteMagnitude)
        target = try arguments.double("--target", in: 0...1)
        if case .orlib = source, sites != nil || budget != nil {
            throw UsageError(
                "--sites and --budget apply to --mclp instances (an OR-Library file is solved as set cover or, with --target, partial cover)"
            )
        }
        if case .cflp = source {
            if sites != nil || budget != nil || target != nil {
                throw UsageError("--sites, --budget and --target apply to covering instances, not to --cflp")
            }
        } else if facilityLocation.given {
            throw UsageError("--capacity, --single-source and --best-server apply to --cflp instances")
        }
        if target != nil && (sites != nil || budget != nil) {
            throw UsageError("--target (partial cover) cannot be combined with --sites/--budget (max coverage)")
        }
        timeLimit = try arguments.double("--time-limit", in: 0.001...1e9) ?? 60
        threads = try arguments.int("--threads", in: 1...1024) ?? max(1, ProcessInfo.processInfo.activeProcessorCount)
        let seedText = arguments.string("--seed") ?? "1"
        guard let seedValue = UInt64(seedText) else {
            throw UsageError("option '--seed' expects an integer in 0...\(UInt64.max), found '\(seedText)'")
        }
        seed = seedValue
        effort = try arguments.double("--effort", in: 0.01...100) ?? 1
        json = arguments.flag("--json")
        presolve = !arguments.flag("--no-presolve")
    }

    func run() throws -> Int32 {
        if case .cflp(let path) = source { return try runFacilityLocation(path: path) }
        let started = Date()
        let file: String
        let instance: CoveringInstance
        let objective: CoveringObjective
        do {
            switch source {
            case .orlib(let path):
                file = path
                instance = try ORLibraryReader.read(path: path)
                objective = target.map { .partialCover(targetFraction: $0) } ?? .setCover
            case .cflp:
                preconditionFailure("--cflp is solved by runFacilityLocation")
            case .json(let path):
                file = path
                let loaded = try JSONInstanceReader.read(path: path)
                instance = loaded.instance
                if let target {
                    objective = .partialCover(targetFraction: target)
                } else if sites == nil, budget == nil, let written = loaded.objective {
                    objective = written // a file of `nrplan solve --write-instance`: its own problem
                } else {
                    let k = sites ?? (budget == nil ? loaded.sites : nil)
                    let b = budget ?? (sites == nil ? loaded.budget : nil)
                    guard k != nil || b != nil else {
                        throw CommandFailure(
                            exitCode: ExitCode.badInput,
                            message:
                                "error: \(path): no limit for max coverage: give --sites K or --budget B (the file has no \"p\" or \"budget\")"
                        )
                    }
                    objective = .maxCoverage(maxNewColumns: k, budget: b)
                }
            }
        } catch let error as OptimizerError {
            throw CommandFailure(exitCode: ExitCode.badInput, message: "error: \(error)")
        }
        let readSeconds = Date().timeIntervalSince(started)
        var options = SolverOptions(threads: threads, timeLimitSeconds: timeLimit, seed: seed)
        options.effort = effort
        options.presolve = presolve
        let solution: CoveringSolution
        do {
            solution = try solveCovering(instance, objective: objective, options: options)
        } catch {
            throw CommandFailure(exitCode: ExitCode.badInput, message: "error: \(file): \(error)")
        }
        if json {
            print(Self.jsonReport(solution, instance: instance, file: file, readSeconds: readSeconds))
        } else {
            print(Self.textReport(solution, instance: instance, file: file, readSeconds: readSeconds))
        }
        return ExitCode.success
    }

    /// One JSON object, keys in a fixed order.
    static func jsonReport(_ s: CoveringSolution, instance: CoveringInstance, file: String, readSeconds: Double)
        -> String
    {
        func figure(_ value: Double?, _ precision: Precision = .figure) -> JSONValue {
            value.map { .number($0, precision) } ?? .null
        }
        func count(_ value: Int) -> JSONValue { .number(Double(value)) }
        var fields: [(key: String, value: JSONValue)] = [
            ("file", .string(file)),
            ("problem", .string(s.objective.name)),
            ("rows", count(instance.rowCount)),
            ("column_count", count(instance.columnCount)),
            ("nonzeros", count(instance.nonzeroCount)),
            ("objective", figure(s.objectiveValue)),
            ("lower_bound", figure(s.lowerBound)),
            ("upper_bound", figure(s.upperBound)),
            ("gap", figure(s.gap, .fraction)),
            ("proven_optimal", .bool(s.provenOptimal)),
            ("cost", figure(s.cost)),
            ("covered_weight", figure(s.coveredWeight)),
            ("total_weight", figure(s.totalWeight)),
            ("covered_fraction", figure(s.coveredFraction, .fraction)),
            ("covered_rows", count(s.coveredRowCount)),
            ("seconds", figure(s.seconds, Precision(decimals: 4))),
            ("read_seconds", figure(readSeconds, Precision(decimals: 4))),
            ("stopped_by_time_limit", .bool(s.stoppedByTimeLimit)),
            ("threads", count(s.threads)),
            ("seed", .number(JSONNumber(value: Double(s.seed), literal: String(s.seed)))),
        ]
        switch s.objective {
        case .setCover: break
        case .partialCover(let t): fields.append(("target_fraction", figure(t, .fraction)))
        case .maxCoverage(let k, let b):
            fields.append(("max_new_columns", k.map(count) ?? .null))
            fields.append(("budget", figure(b)))
        }
        let st = s.statistics
        fields.append(
            (
                "statistics",
                .object([
                    ("greedy_objective", figure(st.greedyObjective)),
                    ("lagrangian_objective", figure(st.lagrangianObjective)),
                    ("subgradient_iterations", count(st.subgradientIterations)),
                    ("local_search_moves", count(st.localSearchMoves)),
                    ("exact_search_nodes", count(st.exactSearchNodes)),
                    ("active_columns", count(st.activeColumns)),
                    ("active_rows", count(st.activeRows)),
                    ("presolved_rows", count(st.presolvedRows)),
                ])
            ))
        fields.append(("fixed_columns", .array(s.fixedColumns.map(count))))
        fields.append(("columns", .array(s.chosenColumns.map(count))))
        return JSONWriter.string(.object(fields))
    }

    /// A short table for people.
    static func textReport(_ s: CoveringSolution, instance: CoveringInstance, file: String, readSeconds: Double)
        -> String
    {
        var lines: [String] = []
        func row(_ label: String, _ value: String) {
            lines.append(label.padding(toLength: 12, withPad: " ", startingAt: 0) + value)
        }
        row(
            "instance",
            "\(file) (\(instance.rowCount) rows, \(instance.columnCount) columns, \(instance.nonzeroCount) nonzeros)")
        switch s.objective {
        case .setCover:
            row("problem", "set cover: every row covered at least cost")
            row("objective", "cost \(number(s.cost))")
        case .partialCover(let t):
            row(
                "problem",
                "partial cover: least cost with at least \(number(t * 100, decimals: 4)) % of the weight covered")
            row("objective", "cost \(number(s.cost)), covered \(number(s.coveredFraction * 100, decimals: 3)) %")
        case .maxCoverage(let k, let b):
            let limits = [k.map { "at most \($0) new columns" }, b.map { "budget \(number($0))" }].compactMap { $0 }
                .joined(separator: ", ")
            row("problem", "max coverage: most weight covered with \(limits)")
            row(
                "objective",
                "covered weight \(number(s.coveredWeight)) of \(number(s.totalWeight)) (\(number(s.coveredFraction * 100, decimals: 3)) %), cost \(number(s.cost))"
            )
        }
        let boundText: String
        if s.objective.isMaximisation {
            boundText = s.upperBound.map { "upper bound \(number($0))" } ?? "no upper bound"
        } else {
            boundText = s.lowerBound.map { "lower bound \(number($0))" } ?? "no lower bound"
        }
        let gapText = s.gap.map { "gap \(number($0 * 100, decimals: 3)) %" } ?? "gap unknown"
        row("bound", "\(boundText), \(gapText)\(s.provenOptimal ? " (proven optimal)" : "")")
        row(
            "columns",
            "\(s.chosenColumns.count) chosen (0-based): "
                + s.chosenColumns.prefix(40).map(String.init).joined(separator: " ")
                + (s.chosenColumns.count > 40 ? " …" : ""))
        if !s.fixedColumns.isEmpty { row("fixed", "\(s.fixedColumns.count) fixed columns, always on") }
        row(
            "time",
            "solve \(number(s.seconds, decimals: 3)) s, read \(number(readSeconds, decimals: 3)) s, \(s.threads) thread(s), seed \(s.seed)"
                + (s.stoppedByTimeLimit ? " — stopped by the time limit (result may depend on machine speed)" : ""))
        return lines.joined(separator: "\n")
    }

    /// A figure for the text report: at most `decimals` decimals (default 6), trailing zeros dropped.
    static func number(_ value: Double, decimals: Int = Precision.figure.decimals) -> String {
        value.isFinite ? Precision(decimals: decimals).text(value) : "null"
    }
}
