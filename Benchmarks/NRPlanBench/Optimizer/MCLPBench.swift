import Foundation
import Optimizer

/// `nrplan-bench mclp`: maximal covering (Church & ReVelle 1974).
///
/// 1. The São José dos Campos instances (Lorena & Pereira 2002) against the optima proven with
///    HiGHS in `../shared/benchmarks/mclp/sjc_highs_optima.csv` (rows below 100 % coverage), in process.
/// 2. Generated city-like instances of growing size (`GeneratedCoverage`), each solved in a child
///    process (`matrix-one`, so peak memory is per instance) as max coverage (K = columns / 20) and as
///    partial cover (95 % of the weight), with 2 threads and with 1.
enum MCLPBench {
    static var command: BenchCommand {
        BenchCommand(
            name: "mclp",
            abstract: "Max coverage: SJC instances vs HiGHS optima, then generated instances up to 3M x 250k.",
            run: run)
    }

    static let sizes: [(rows: Int, columns: Int)] = [
        (10_000, 1_000), (100_000, 10_000), (1_000_000, 80_000), (3_000_000, 250_000),
    ]

    static func run(_ arguments: [String]) throws -> Int32 {
        let o = try OptimizerBenchSupport.options(
            arguments, values: ["--dir", "--threads", "--max-rows"], flags: ["--no-sjc", "--no-generated"])
        let threads = Int(o["--threads"] ?? "2") ?? 2
        if o["--no-sjc"] == nil {
            if let dir = OptimizerBenchSupport.sharedBenchmarks("mclp", override: o["--dir"]) {
                try sjc(dir: dir, threads: threads)
            } else {
                print("mclp: SJC part skipped — ../shared/benchmarks/mclp not found (give --dir DIR)")
            }
            print("")
        }
        if o["--no-generated"] == nil {
            try generated(threads: threads, maxRows: Int(o["--max-rows"] ?? "") ?? Int.max)
        }
        return 0
    }

    // MARK: SJC

    static func sjc(dir: String, threads: Int) throws {
        let f = OptimizerBenchSupport.fixed
        let csvPath = dir + "/sjc_highs_optima.csv"
        guard let csv = try? String(contentsOfFile: csvPath, encoding: .utf8) else {
            throw BenchUsageError(message: "\(csvPath): cannot read")
        }
        print("SJC max coverage (Lorena & Pereira 2002) vs HiGHS optima, in process, \(threads) threads vs 1")
        print("")
        print(
            "| instance | S | p | optimum | nrplan | gap to optimum | own upper bound | own gap | seconds | t1/t\(threads) | same columns |"
        )
        print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|:---:|")
        var cache: [String: [(Double, Double, Double)]] = [:]
        var gaps: [Double] = []
        var slowest = 0.0
        var allSame = true
        var boundsValid = true
        for (index, line) in csv.split(whereSeparator: \.isNewline).enumerated() where index > 0 {
            let fields = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            guard fields.count >= 7, let radius = Double(fields[2]), let p = Int(fields[3]),
                let optimum = Double(fields[4]),
                let percent = Double(fields[6])
            else {
                throw BenchUsageError(
                    message:
                        "\(csvPath):\(index + 1): expected instance,n,radius,p,covered_weight,total_weight,coverage_pct,…"
                )
            }
            guard percent < 100 else { continue } // full coverage rows are implied by smaller p
            let name = fields[0]
            if cache[name] == nil { cache[name] = try readSJC(dir + "/" + name + ".txt") }
            let instance = try coverage(cache[name] ?? [], radius: radius)
            let objective = CoveringObjective.maxCoverage(maxNewColumns: p, budget: nil)
            let two = try solveCovering(
                instance, objective: objective, options: SolverOptions(threads: threads, timeLimitSeconds: 60))
            let one = try solveCovering(
                instance, objective: objective, options: SolverOptions(threads: 1, timeLimitSeconds: 60))
            let gap = (optimum - two.coveredWeight) / optimum
            gaps.append(gap)
            slowest = max(slowest, two.seconds)
            let same = one.chosenColumns == two.chosenColumns
            allSame = allSame && same
            let upper = two.upperBound ?? .infinity
            boundsValid = boundsValid && upper >= optimum - 1e-9
            print(
                "| \(name) | \(f(radius, 0)) | \(p) | \(f(optimum, 0)) | \(f(two.coveredWeight, 0)) | \(f(gap * 100, 2)) % | \(f(upper, 0)) | \(f((two.gap ?? .nan) * 100, 2)) % | \(f(two.seconds, 3)) | \(f(one.seconds / max(two.seconds, 1e-9), 2)) | \(same ? "yes" : "**no**") |"
            )
        }
        let mean = gaps.reduce(0, +) / Double(max(1, gaps.count))
        print("")
        print(
            "SJC: \(gaps.count) non-trivial (instance, S, p) points; optimum reached on \(gaps.filter { $0 <= 1e-12 }.count); mean gap \(f(mean * 100, 3)) %, worst \(f((gaps.max() ?? 0) * 100, 2)) %; slowest \(f(slowest, 3)) s; upper bound ≥ optimum everywhere: \(boundsValid ? "yes" : "NO"); identical columns with 1 thread: \(allSame ? "yes" : "NO")"
        )
    }

    /// `n 9999 p S` header, then `x y demand` per node (tab-separated, CRLF or LF).
    static func readSJC(_ path: String) throws -> [(Double, Double, Double)] {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            throw BenchUsageError(message: "\(path): cannot read")
        }
        var nodes: [(Double, Double, Double)] = []
        for (index, line) in text.split(whereSeparator: \.isNewline).enumerated() where index > 0 {
            let fields = line.split(whereSeparator: { $0 == "\t" || $0 == " " }).compactMap { Double($0) }
            guard fields.count >= 3 else { throw BenchUsageError(message: "\(path):\(index + 1): expected x y demand") }
            nodes.append((fields[0], fields[1], fields[2]))
        }
        return nodes
    }

    /// Every node is a demand and a candidate; node i is covered by j when their distance ≤ radius.
    static func coverage(_ nodes: [(Double, Double, Double)], radius: Double) throws -> CoveringInstance {
        var columns: [[Int]] = []
        for j in nodes.indices {
            columns.append(
                nodes.indices.filter { i in
                    let dx = nodes[i].0 - nodes[j].0
                    let dy = nodes[i].1 - nodes[j].1
                    return dx * dx + dy * dy <= radius * radius
                })
        }
        return try CoveringInstance(rowCount: nodes.count, columns: columns, weights: nodes.map(\.2))
    }

    // MARK: generated

    static func generated(threads: Int, maxRows: Int) throws {
        let f = OptimizerBenchSupport.fixed
        let me = OptimizerBenchSupport.executableURL.path
        print(
            "Generated city-like instances (disk radius 8 cells, 2 % fixed columns), one child process each; \(threads) threads vs 1"
        )
        print("")
        print(
            "| rows | columns | nonzeros | problem | objective | own bound | gap | seconds (\(threads) thr) | t1/t\(threads) | same columns | peak RSS MB |"
        )
        print("|---:|---:|---:|---|---:|---:|---:|---:|---:|:---:|---:|")
        for size in sizes where size.rows <= maxRows {
            for problem in [["--sites", "\(size.columns / 20)"], ["--target", "0.95"]] {
                let base = ["matrix-one", "--rows", "\(size.rows)", "--columns", "\(size.columns)"] + problem
                let two = try child(me, base + ["--threads", "\(threads)"])
                let one = try child(me, base + ["--threads", "1"])
                let name = problem[0] == "--sites" ? "max coverage K=\(problem[1])" : "partial cover 95 %"
                let same = (two["columns_hash"] as? NSNumber) == (one["columns_hash"] as? NSNumber)
                let seconds2 = number(two["seconds"])
                let seconds1 = number(one["seconds"])
                print(
                    "| \(int(two["rows"])) | \(int(two["columns"])) | \(int(two["nonzeros"])) | \(name) | \(f(number(two["objective"]), 0)) | \(f(number(two["bound"]), 0)) | \(f(number(two["gap"]) * 100, 2)) % | \(f(seconds2, 2)) | \(f(seconds1 / max(seconds2, 1e-9), 2)) | \(same ? "yes" : "**no**") | \(f(number(two["peak_rss_mb"]), 0)) |"
                )
            }
        }
    }

    static func child(_ executable: String, _ arguments: [String]) throws -> [String: Any] {
        let result = try OptimizerBenchSupport.run(executable, arguments)
        guard result.status == 0, let object = try JSONSerialization.jsonObject(with: result.stdout) as? [String: Any]
        else {
            throw BenchUsageError(
                message: "\(arguments.joined(separator: " ")) failed (exit \(result.status)): \(result.stderr)")
        }
        return object
    }

    static func number(_ value: Any?) -> Double { (value as? NSNumber)?.doubleValue ?? .nan }
    static func int(_ value: Any?) -> String { (value as? NSNumber).map { "\($0.intValue)" } ?? "?" }
}
