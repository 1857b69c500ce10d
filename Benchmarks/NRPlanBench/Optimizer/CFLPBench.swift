import Foundation

/// `nrplan-bench cflp`: OR-Library capacitated warehouse location (Beasley 1988) through the real
/// CLI — each instance runs `nrplan solve-matrix --cflp FILE [--capacity C] --json` as a child
/// process (wall time includes process start and reading) — against the published optima of
/// `../shared/benchmarks/cflp/optima.csv`: split demand for all 49 rows (cap41–cap134 and
/// capa/capb/capc at the capacities of `capopt.txt`), single source where an optimum is published
/// (and the proven-infeasible rows, which must be reported infeasible). cap41–cap134 also run with
/// 1 thread (same open facilities expected).
enum CFLPBench {
    static var command: BenchCommand {
        BenchCommand(
            name: "cflp",
            abstract:
                "OR-Library capacitated warehouse location vs published optima, through nrplan solve-matrix --cflp.",
            run: run)
    }

    struct Reference {
        let name: String
        let file: String
        let capacity: Double?
        let facilities: Int
        let customers: Int
        let splitOptimum: Double
        /// Single-source optimum; `nil` with `singleInfeasible` true when proven infeasible, `nil` and
        /// false when unknown.
        let singleOptimum: Double?
        let singleInfeasible: Bool
        let highs: Double?
        let highsSeconds: Double?
        var large: Bool { capacity != nil }
    }

    struct Row {
        let reference: Reference
        let rule: String
        let optimum: Double
        let outcome: Outcome
        var gap: Double { (outcome.objective - optimum) / optimum }
        /// At the published optimum, up to its rounding (2 or 3 decimals).
        var reachedOptimum: Bool { outcome.objective <= optimum + max(0.006, 1e-9 * optimum) }
    }

    static func run(_ arguments: [String]) throws -> Int32 {
        let o = try OptimizerBenchSupport.options(
            arguments, values: ["--dir", "--threads", "--time-limit", "--only"],
            flags: ["--no-single-thread", "--no-single-source"])
        guard let dir = OptimizerBenchSupport.sharedBenchmarks("cflp", override: o["--dir"]) else {
            print("cflp: skipped — ../shared/benchmarks/cflp not found (give --dir DIR)")
            return 0
        }
        guard let nrplan = OptimizerBenchSupport.nrplanBinary() else {
            throw BenchUsageError(
                message: "the nrplan executable is not next to nrplan-bench; build both with 'swift build -c release'")
        }
        let threads = o["--threads"] ?? "2"
        let timeLimit = o["--time-limit"] ?? "120"
        var references = try loadReferences(dir: dir)
        if let only = o["--only"] {
            let names = Set(only.split(separator: ",").map(String.init))
            references = references.filter { names.contains($0.name) }
        }
        print(
            "OR-Library capacitated warehouse location — nrplan solve-matrix --cflp FILE --threads \(threads) (wall time incl. process start and reading)"
        )
        print("")
        print("Split demand (multi-source), against the published optima (capopt.txt):")
        print("")
        print(
            "| instance | m × n | capacity | optimum | nrplan | lower bound | gap to optimum | own gap | seconds | t1/t\(threads) | same open set |"
        )
        print("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|:---:|")
        var splitRows: [Row] = []
        var sameOpen: [Bool] = []
        var ratios: [Double] = []
        for reference in references {
            let outcome = try solve(nrplan, dir, reference, single: false, threads: threads, timeLimit: timeLimit)
            var cells = ["–", "–"]
            if o["--no-single-thread"] == nil && !reference.large {
                let single = try solve(nrplan, dir, reference, single: false, threads: "1", timeLimit: timeLimit)
                sameOpen.append(single.open == outcome.open && single.objective == outcome.objective)
                ratios.append(single.wall / outcome.wall)
                cells = [OptimizerBenchSupport.fixed(single.wall / outcome.wall, 2), sameOpen.last! ? "yes" : "**no**"]
            }
            let row = Row(reference: reference, rule: "split", optimum: reference.splitOptimum, outcome: outcome)
            splitRows.append(row)
            print(line(row, extra: cells))
        }
        print("")
        var singleRows: [Row] = []
        var infeasibleChecks: [(String, Bool)] = []
        if o["--no-single-source"] == nil {
            print(
                "Single source, against the optima of Guastaroba & Speranza (2014) where published; the other small instances are infeasible (a demand of 12,912 exceeds every capacity):"
            )
            print("")
            print(
                "| instance | m × n | capacity | optimum | nrplan | lower bound | gap to optimum | own gap | seconds |")
            print("|---|---|---:|---:|---:|---:|---:|---:|---:|")
            for reference in references {
                if reference.singleInfeasible {
                    let result = try OptimizerBenchSupport.run(
                        nrplan, commandLine(dir, reference, single: true, threads: threads, timeLimit: timeLimit))
                    infeasibleChecks.append(
                        (reference.name, result.status == 2 && result.stderr.contains("no feasible assignment exists")))
                    continue
                }
                guard let optimum = reference.singleOptimum else { continue }
                let outcome = try solve(nrplan, dir, reference, single: true, threads: threads, timeLimit: timeLimit)
                let row = Row(reference: reference, rule: "single", optimum: optimum, outcome: outcome)
                singleRows.append(row)
                print(line(row, extra: nil))
            }
            print("")
        }
        printSummary(
            split: splitRows, single: singleRows, infeasible: infeasibleChecks, sameOpen: sameOpen, ratios: ratios,
            threads: threads)
        return 0
    }

    struct Outcome {
        let objective: Double
        let lowerBound: Double?
        let open: [Int]
        let wall: Double
        let stoppedByTimeLimit: Bool
    }

    static func commandLine(_ dir: String, _ reference: Reference, single: Bool, threads: String, timeLimit: String)
        -> [String]
    {
        var args = ["solve-matrix", "--cflp", dir + "/" + reference.file, "--json", "--threads", threads]
        args += ["--time-limit", timeLimit]
        if let capacity = reference.capacity { args += ["--capacity", String(format: "%.0f", capacity)] }
        if single { args.append("--single-source") }
        return args
    }

    static func solve(
        _ nrplan: String, _ dir: String, _ reference: Reference, single: Bool, threads: String, timeLimit: String
    ) throws -> Outcome {
        let result = try OptimizerBenchSupport.run(
            nrplan, commandLine(dir, reference, single: single, threads: threads, timeLimit: timeLimit))
        guard result.status == 0,
            let object = try JSONSerialization.jsonObject(with: result.stdout) as? [String: Any],
            let objective = (object["objective"] as? NSNumber)?.doubleValue,
            let open = object["open_facilities"] as? [NSNumber]
        else {
            throw BenchUsageError(
                message:
                    "nrplan solve-matrix --cflp failed on \(reference.name) (exit \(result.status)): \(result.stderr)")
        }
        return Outcome(
            objective: objective, lowerBound: (object["lower_bound"] as? NSNumber)?.doubleValue,
            open: open.map(\.intValue), wall: result.wallSeconds,
            stoppedByTimeLimit: object["stopped_by_time_limit"] as? Bool ?? false)
    }

    static func line(_ row: Row, extra: [String]?) -> String {
        let f = OptimizerBenchSupport.fixed
        let r = row.reference
        let capacity = r.capacity.map { f($0, 0) } ?? "file"
        let bound = row.outcome.lowerBound.map { f($0, 1) } ?? "–"
        let own =
            row.outcome.lowerBound.map { f((row.outcome.objective - $0) / row.outcome.objective * 100, 3) + " %" }
            ?? "–"
        var cells = [
            r.name, "\(r.facilities) × \(r.customers)", capacity, f(row.optimum, 3), f(row.outcome.objective, 3), bound,
            f(abs(row.gap) < 5e-7 ? 0 : row.gap * 100, 3) + " %", own,
            f(row.outcome.wall, 2) + (row.outcome.stoppedByTimeLimit ? " (limit)" : ""),
        ]
        if let extra { cells += extra }
        return "| " + cells.joined(separator: " | ") + " |"
    }

    static func printSummary(
        split: [Row], single: [Row], infeasible: [(String, Bool)], sameOpen: [Bool], ratios: [Double], threads: String
    ) {
        let f = OptimizerBenchSupport.fixed
        func describe(_ rows: [Row]) -> String {
            guard !rows.isEmpty else { return "no instances" }
            let mean = rows.map(\.gap).reduce(0, +) / Double(rows.count)
            let worst = rows.map(\.gap).max() ?? 0
            let optimal = rows.filter(\.reachedOptimum).count
            let slowest = rows.map(\.outcome.wall).max() ?? 0
            let own = rows.compactMap { row in
                row.outcome.lowerBound.map { (row.outcome.objective - $0) / row.outcome.objective }
            }
            let meanOwn = own.reduce(0, +) / Double(max(1, own.count))
            return
                "mean gap to optimum \(f(mean * 100, 4)) %, worst \(f(worst * 100, 3)) %, optimum reached on \(optimal) of \(rows.count), mean own gap \(f(meanOwn * 100, 3)) %, slowest \(f(slowest, 2)) s"
        }
        let small = split.filter { !$0.reference.large }
        let smallMean = small.map(\.gap).reduce(0, +) / Double(max(1, small.count))
        let smallSlowest = small.map(\.outcome.wall).max() ?? 0
        print("Summary (\(threads) threads):")
        print(
            "- split, cap41–cap134 (\(small.count) instances): \(describe(small)) — target mean ≤ 1 %, each ≤ 5 s: "
                + (smallMean <= 0.01 && smallSlowest <= 5 ? "met" : "NOT met"))
        let large = split.filter(\.reference.large)
        if !large.isEmpty { print("- split, capa/capb/capc (\(large.count) variants): \(describe(large))") }
        if let capa1 = large.first(where: { $0.reference.name == "capa1" }) {
            let ok = capa1.gap <= 0.02 && capa1.outcome.wall <= 60
            let highs =
                capa1.reference.highs.map {
                    "; HiGHS on the same model: \(f($0, 0)) after \(f(capa1.reference.highsSeconds ?? 0, 0)) s (time limit), \(f(($0 - capa1.optimum) / capa1.optimum * 100, 1)) % above the optimum"
                } ?? ""
            print(
                "- capa at capacity 8,000: \(f(capa1.outcome.objective, 3)), \(f(capa1.gap * 100, 4)) % from the optimum in \(f(capa1.outcome.wall, 1)) s — target ≤ 2 % in ≤ 60 s: \(ok ? "met" : "NOT met")\(highs)"
            )
        }
        if !single.isEmpty {
            print("- single source (\(single.count) instances with a published optimum): \(describe(single))")
        }
        if !infeasible.isEmpty {
            let ok = infeasible.filter(\.1).count
            print(
                "- single source, proven infeasible instances reported infeasible (exit 2): \(ok) of \(infeasible.count)"
            )
        }
        // The published optima have 2 (single source) or 3 (split) decimals.
        let violations = (split + single).filter {
            ($0.outcome.lowerBound ?? -.infinity) > $0.optimum + max(0.005, 1e-9 * $0.optimum)
        }
        print(
            "- lower bound ≤ optimum on \(split.count + single.count - violations.count) of \(split.count + single.count) runs"
                + (violations.isEmpty
                    ? "" : " — VIOLATED on " + violations.map(\.reference.name).joined(separator: ", ")))
        if !sameOpen.isEmpty {
            let meanRatio = ratios.reduce(0, +) / Double(max(1, ratios.count))
            print(
                "- --threads 1 and --threads \(threads) gave the same open facilities and cost on \(sameOpen.filter { $0 }.count) of \(sameOpen.count) small instances; mean time ratio t1/t\(threads) = \(f(meanRatio, 2))"
            )
        }
    }

    /// Rows of `optima.csv` (`instance,m,n,optimum_multi_source,source,optimum_single_source,source_ss,highs_multi,highs_seconds`).
    static func loadReferences(dir: String) throws -> [Reference] {
        let path = dir + "/optima.csv"
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            throw BenchUsageError(message: "\(path): cannot read")
        }
        var references: [Reference] = []
        for (index, line) in text.split(whereSeparator: \.isNewline).enumerated() where index > 0 {
            let fields = csvFields(String(line))
            guard fields.count >= 9, let m = Int(fields[1]), let n = Int(fields[2]), let split = Double(fields[3])
            else {
                throw BenchUsageError(
                    message:
                        "\(path):\(index + 1): expected instance,m,n,optimum_multi_source,source,optimum_single_source,…"
                )
            }
            let name = fields[0]
            // capa1..capc4 share capa.txt etc.; the capacity is named in the source column.
            var file = "instances/\(name).txt"
            var capacity: Double?
            if let range = fields[4].range(of: #"capacity (\d+)"#, options: .regularExpression) {
                capacity = Double(fields[4][range].split(separator: " ")[1])
                file = "instances/\(name.dropLast()).txt"
            }
            references.append(
                Reference(
                    name: name, file: file, capacity: capacity, facilities: m, customers: n, splitOptimum: split,
                    singleOptimum: Double(fields[5]), singleInfeasible: fields[5] == "infeasible",
                    highs: Double(fields[7]), highsSeconds: Double(fields[8])))
        }
        return references
    }

    /// Splits one CSV line, honouring double-quoted fields.
    static func csvFields(_ line: String) -> [String] {
        var fields: [String] = []
        var current = ""
        var quoted = false
        for character in line {
            if character == "\"" {
                quoted.toggle()
            } else if character == "," && !quoted {
                fields.append(current)
                current = ""
            } else if character != "\r" {
                current.append(character)
            }
        }
        fields.append(current)
        return fields
    }
}
