import Foundation

/// `nrplan-bench scp`: OR-Library set covering (Beasley 1990) through the real CLI — each instance
/// runs `nrplan solve-matrix --orlib FILE --json` as a child process (wall time includes process
/// start and reading), with 2 threads and with 1 thread (same columns expected, time ratio shown) —
/// against the published optima / best known values of `optima.csv`.
enum SCPBench {
    static var command: BenchCommand {
        BenchCommand(
            name: "scp",
            abstract: "OR-Library set covering (sets 4-6, A-D, NRE-NRH) vs best known, through nrplan solve-matrix.",
            run: run)
    }

    static let defaultSets = ["4", "5", "6", "A", "B", "C", "D", "NRE", "NRF", "NRG", "NRH"]

    struct Reference {
        let name: String
        let file: String
        let set: String
        let bestKnown: Double
        let provenOptimal: Bool
    }

    struct Row {
        let reference: Reference
        let objective: Double
        let lowerBound: Double?
        let wall2: Double
        let wall1: Double?
        let sameColumns: Bool?
        var gap: Double { (objective - reference.bestKnown) / reference.bestKnown }
    }

    static func run(_ arguments: [String]) throws -> Int32 {
        let o = try OptimizerBenchSupport.options(
            arguments, values: ["--dir", "--sets", "--threads", "--time-limit"], flags: ["--no-single-thread"])
        guard let dir = OptimizerBenchSupport.sharedBenchmarks("orlib-scp", override: o["--dir"]) else {
            print("scp: skipped — ../shared/benchmarks/orlib-scp not found (give --dir DIR)")
            return 0
        }
        guard let nrplan = OptimizerBenchSupport.nrplanBinary() else {
            throw BenchUsageError(
                message: "the nrplan executable is not next to nrplan-bench; build both with 'swift build -c release'")
        }
        let sets = (o["--sets"]?.split(separator: ",").map(String.init)) ?? defaultSets
        let threads = o["--threads"] ?? "2"
        let timeLimit = o["--time-limit"] ?? "60"
        let references = try loadReferences(dir: dir).filter { sets.contains($0.set) }
        print(
            "OR-Library set covering — nrplan solve-matrix --orlib FILE --threads \(threads) (wall time incl. process start), vs --threads 1"
        )
        print("")
        print(
            "| instance | best known | nrplan | gap to best | own lower bound | seconds (\(threads) thr) | t1/t\(threads) | same columns |"
        )
        print("|---|---:|---:|---:|---:|---:|---:|:---:|")
        var rows: [Row] = []
        for reference in references {
            let path = dir + "/" + reference.file
            let main = try solve(nrplan, path, threads: threads, timeLimit: timeLimit)
            var wall1: Double?
            var same: Bool?
            if o["--no-single-thread"] == nil {
                let single = try solve(nrplan, path, threads: "1", timeLimit: timeLimit)
                wall1 = single.wall
                same = single.columns == main.columns
            }
            let row = Row(
                reference: reference, objective: main.objective, lowerBound: main.lowerBound,
                wall2: main.wall, wall1: wall1, sameColumns: same)
            rows.append(row)
            print(line(row))
        }
        print("")
        printSummary(rows, threads: threads)
        return 0
    }

    struct Outcome {
        let objective: Double
        let lowerBound: Double?
        let columns: [Int]
        let wall: Double
    }

    static func solve(_ nrplan: String, _ path: String, threads: String, timeLimit: String) throws -> Outcome {
        let result = try OptimizerBenchSupport.run(
            nrplan, ["solve-matrix", "--orlib", path, "--json", "--threads", threads, "--time-limit", timeLimit])
        guard result.status == 0,
            let object = try JSONSerialization.jsonObject(with: result.stdout) as? [String: Any],
            let objective = (object["objective"] as? NSNumber)?.doubleValue,
            let columns = object["columns"] as? [NSNumber]
        else {
            throw BenchUsageError(
                message: "nrplan solve-matrix failed on \(path) (exit \(result.status)): \(result.stderr)")
        }
        return Outcome(
            objective: objective, lowerBound: (object["lower_bound"] as? NSNumber)?.doubleValue,
            columns: columns.map(\.intValue), wall: result.wallSeconds)
    }

    static func line(_ row: Row) -> String {
        let f = OptimizerBenchSupport.fixed
        let best = f(row.reference.bestKnown, 0) + (row.reference.provenOptimal ? "" : "*")
        let bound = row.lowerBound.map { f($0, 0) } ?? "–"
        let ratio = row.wall1.map { f($0 / row.wall2, 2) } ?? "–"
        let same = row.sameColumns.map { $0 ? "yes" : "**no**" } ?? "–"
        return
            "| \(row.reference.name) | \(best) | \(f(row.objective, 0)) | \(f(row.gap * 100, 2)) % | \(bound) | \(f(row.wall2, 2)) | \(ratio) | \(same) |"
    }

    static func printSummary(_ rows: [Row], threads: String) {
        let f = OptimizerBenchSupport.fixed
        let groups: [(String, Set<String>, Double, Double?, Double)] = [
            ("sets 4, 5, 6, A, B, C, D", ["4", "5", "6", "A", "B", "C", "D"], 0.005, 0.02, 2),
            ("sets NRE, NRF, NRG, NRH", ["NRE", "NRF", "NRG", "NRH"], 0.02, nil, 10),
        ]
        print("* = best known value, not proven optimal.")
        for (label, sets, meanTarget, worstTarget, secondsTarget) in groups {
            let group = rows.filter { sets.contains($0.reference.set) }
            guard !group.isEmpty else { continue }
            let mean = group.map(\.gap).reduce(0, +) / Double(group.count)
            let worst = group.map(\.gap).max() ?? 0
            let slowest = group.map(\.wall2).max() ?? 0
            let optimal = group.filter { $0.gap <= 1e-12 }.count
            var ok = mean <= meanTarget && slowest <= secondsTarget
            var targets = "mean ≤ \(f(meanTarget * 100, 1)) %"
            if let worstTarget {
                ok = ok && worst <= worstTarget
                targets += ", worst ≤ \(f(worstTarget * 100, 0)) %"
            }
            targets += ", each ≤ \(f(secondsTarget, 0)) s"
            print(
                "\(label) (\(group.count) instances): mean gap \(f(mean * 100, 3)) %, worst \(f(worst * 100, 2)) %, best known reached on \(optimal), slowest \(f(slowest, 2)) s with \(threads) threads — targets \(targets): \(ok ? "met" : "NOT met")"
            )
        }
        let boundViolations = rows.filter { ($0.lowerBound ?? -.infinity) > $0.reference.bestKnown + 1e-9 }
        print(
            "lower bound ≤ best known on \(rows.count - boundViolations.count) of \(rows.count) instances"
                + (boundViolations.isEmpty
                    ? "" : " — VIOLATED on " + boundViolations.map(\.reference.name).joined(separator: ", ")))
        let compared = rows.filter { $0.sameColumns != nil }
        if !compared.isEmpty {
            let same = compared.filter { $0.sameColumns == true }.count
            let ratios = compared.compactMap { row in row.wall1.map { $0 / row.wall2 } }
            let meanRatio = ratios.reduce(0, +) / Double(max(1, ratios.count))
            print(
                "--threads 1 and --threads \(threads) gave identical columns on \(same) of \(compared.count) instances; mean time ratio t1/t\(threads) = \(f(meanRatio, 2))"
            )
        }
    }

    /// Rows of `optima.csv` (`instance,file,set,rows,cols,bks,best_bound,proven_optimal,…`, CRLF or LF).
    static func loadReferences(dir: String) throws -> [Reference] {
        let path = dir + "/optima.csv"
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            throw BenchUsageError(message: "\(path): cannot read")
        }
        var references: [Reference] = []
        for (index, line) in text.split(whereSeparator: \.isNewline).enumerated() where index > 0 {
            let fields = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            guard fields.count >= 8, let best = Double(fields[5]) else {
                throw BenchUsageError(
                    message:
                        "\(path):\(index + 1): expected instance,file,set,rows,cols,bks,best_bound,proven_optimal,…")
            }
            references.append(
                Reference(
                    name: fields[0], file: fields[1], set: fields[2], bestKnown: best, provenOptimal: fields[7] == "yes"
                ))
        }
        return references
    }
}
