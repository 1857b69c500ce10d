import Foundation
import Optimizer

/// `nrplan-bench matrix-one`: generates one synthetic covering instance, solves it, prints one JSON
/// line with the figures (and this process's peak memory). The `mclp` bench runs it as a child per
/// size so every size's peak memory is its own.
enum MatrixOneBench {
    static var command: BenchCommand {
        BenchCommand(
            name: "matrix-one",
            abstract: "Generate and solve one synthetic covering instance (used by 'mclp'); prints one JSON line.",
            run: run)
    }

    static func run(_ arguments: [String]) throws -> Int32 {
        let o = try OptimizerBenchSupport.options(
            arguments,
            values: ["--rows", "--columns", "--radius", "--sites", "--target", "--threads", "--seed", "--time-limit"],
            flags: [])
        let rows = Int(o["--rows"] ?? "") ?? 10_000
        let columns = Int(o["--columns"] ?? "") ?? 1_000
        let radius = Int(o["--radius"] ?? "") ?? 8
        let threads = Int(o["--threads"] ?? "") ?? 2
        let seed = UInt64(o["--seed"] ?? "") ?? 1
        let timeLimit = Double(o["--time-limit"] ?? "") ?? 600
        let clock = DispatchTime.now().uptimeNanoseconds
        let instance = try GeneratedCoverage.make(rows: rows, columns: columns, radiusCells: radius, seed: seed)
        let generated = Double(DispatchTime.now().uptimeNanoseconds - clock) / 1e9
        let objective: CoveringObjective
        if let target = o["--target"].flatMap(Double.init) {
            objective = .partialCover(targetFraction: target)
        } else {
            objective = .maxCoverage(maxNewColumns: Int(o["--sites"] ?? "") ?? max(1, columns / 20), budget: nil)
        }
        let solution = try solveCovering(
            instance, objective: objective,
            options: SolverOptions(threads: threads, timeLimitSeconds: timeLimit, seed: seed))
        let fields: [String] = [
            "\"rows\":\(instance.rowCount)", "\"columns\":\(instance.columnCount)",
            "\"nonzeros\":\(instance.nonzeroCount)",
            "\"problem\":\"\(objective.name)\"", "\"objective\":\(solution.objectiveValue)",
            "\"bound\":\((objective.isMaximisation ? solution.upperBound : solution.lowerBound) ?? -1)",
            "\"gap\":\(solution.gap ?? -1)", "\"covered_fraction\":\(solution.coveredFraction)",
            "\"chosen\":\(solution.chosenColumns.count)", "\"seconds\":\(solution.seconds)",
            "\"generate_seconds\":\(generated)",
            "\"stopped_by_time_limit\":\(solution.stoppedByTimeLimit)",
            "\"peak_rss_mb\":\(OptimizerBenchSupport.peakResidentMegabytes() ?? -1)",
            "\"columns_hash\":\(hash(solution.chosenColumns))",
        ]
        print("{" + fields.joined(separator: ",") + "}")
        return 0
    }

    /// FNV-1a over the chosen ids: equal hashes = identical column lists (for the threads 1 vs 2 check).
    static func hash(_ columns: [Int]) -> UInt64 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for c in columns { h = (h ^ UInt64(c)) &* 0x100_0000_01b3 }
        return h
    }
}
