import Foundation
import Geo
import Planning
import Support

/// `nrplan-bench coverage --scenario FILE`: the coverage matrix of a real scenario built by the
/// fast path and by the formula path alone (`CoverageMatrixBuilder.build(formulaOnly:)`), on the
/// sites, grid and clutter of a `nrplan solve` run of it (SINR analysis off). Prints the link
/// evaluations per second per thread of each (1 and `--threads` threads for the fast path), how
/// many links the formula decided inside the fast path, how many entries the kernel alone would
/// have changed, and checks that every matrix is the same: fast = formula, 1 thread = N threads.
enum CoverageBench {
    static var command: BenchCommand {
        BenchCommand(name: "coverage", abstract: "coverage matrix of a scenario: fast vs formula path, 1 vs N threads")
        {
            try run($0)
        }
    }

    static let usage = "usage: nrplan-bench coverage --scenario FILE [--threads N] [--fast-only R]"

    static func run(_ arguments: [String]) throws -> Int32 {
        var scenario: String?
        var threads = 2
        var fastOnlyRounds: Int?
        var index = 0
        while index + 1 < arguments.count {
            switch arguments[index] {
            case "--scenario": scenario = arguments[index + 1]
            case "--threads": threads = max(1, Int(arguments[index + 1]) ?? 2)
            case "--fast-only": fastOnlyRounds = max(1, Int(arguments[index + 1]) ?? 1)
            default: throw BenchError.message(usage)
            }
            index += 2
        }
        guard let scenario, index == arguments.count else { throw BenchError.message(usage) }
        log("nrplan solve \(scenario) in process (SINR off) for its sites, grid and clutter ...")
        let plan: Plan
        do {
            // The plan itself does not matter here: the solver stops after a second.
            plan = try SitingPipeline.run(
                scenarioAt: URL(fileURLWithPath: scenario),
                options: PlanOptions(threads: threads, solverTimeLimitSeconds: 1, interference: nil))
        } catch { throw BenchError.message("\(error)") }
        if let rounds = fastOnlyRounds {
            // For profiling: the fast path only, `rounds` times.
            log("fast path only, \(rounds) rounds ...")
            for round in 0..<rounds {
                let run = Timed(plan, threads: threads, formulaOnly: false)
                let evaluations = Double(run.built.statistics.linkEvaluations)
                print(
                    "fast path round \(round + 1): \(format(run.seconds, 2)) s, \(format(run.cpuSeconds, 2)) CPU s, \(format(evaluations / run.cpuSeconds / 1e6, 2)) M link evaluations per CPU second"
                )
            }
            return 0
        }
        log(
            "building the matrix of \(plan.radio?.columns.placements.count ?? 0) sites: fast path, \(threads) threads ..."
        )
        let fast = Timed(plan, threads: threads, formulaOnly: false)
        log("fast path, 1 thread ...")
        let single = Timed(plan, threads: 1, formulaOnly: false)
        log("formula path, \(threads) threads ...")
        let formula = Timed(plan, threads: threads, formulaOnly: true)
        return report(scenario: scenario, plan: plan, threads: threads, fast: fast, single: single, formula: formula)
    }

    /// One build of the coverage matrix of `plan`'s sites, grid and clutter, timed.
    struct Timed {
        let built: (matrix: CoverageMatrix, footprints: [SiteFootprint], statistics: CoverageMatrixBuilder.Statistics)
        let seconds: Double
        let cpuSeconds: Double
        let threads: Int

        init(_ plan: Plan, threads: Int, formulaOnly: Bool) {
            let start = DispatchTime.now().uptimeNanoseconds
            let cpuStart = processCPUSeconds()
            built = CoverageMatrixBuilder.build(
                sites: plan.radio?.columns.placements ?? [], grid: plan.grid, threads: threads,
                clutter: plan.study.layers.clutter, formulaOnly: formulaOnly)
            seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
            cpuSeconds = processCPUSeconds() - cpuStart
            self.threads = threads
        }

        /// Link evaluations per wall second per thread.
        var rate: Double { Double(built.statistics.linkEvaluations) / seconds / Double(threads) }
        /// Link evaluations per CPU second of the process.
        var cpuRate: Double { Double(built.statistics.linkEvaluations) / cpuSeconds }
    }

    /// Prints the table of the three builds, the checks, then the bench's one JSON line; returns
    /// the exit status (1 when the matrices differ).
    static func report(scenario: String, plan: Plan, threads: Int, fast: Timed, single: Timed, formula: Timed) -> Int32
    {
        let differing = differingEntries(fast.built.matrix, formula.built.matrix)
        let threadsIdentical =
            differingEntries(fast.built.matrix, single.built.matrix) == 0
            && fast.built.footprints.map(\.maxRangeMeters) == single.built.footprints.map(\.maxRangeMeters)
        let evaluations = Double(fast.built.statistics.linkEvaluations)
        let links = fast.built.statistics.links
        let siteCount = plan.radio?.columns.placements.count ?? 0
        print("")
        print(
            "Coverage matrix of \(scenario): \(plan.grid.cellCount) cells, \(siteCount) sites, \(Int(evaluations)) link evaluations, \(fast.built.matrix.entryCount) entries"
        )
        print("")
        print(
            "| path | threads | seconds | M link evaluations/s per thread | CPU seconds | M link evaluations per CPU second |"
        )
        print("| --- | ---: | ---: | ---: | ---: | ---: |")
        for (label, run) in [("formula path", formula), ("fast path", fast), ("fast path", single)] {
            print(
                "| \(label) | \(run.threads) | \(format(run.seconds, 2)) | \(format(run.rate / 1e6, 2)) | \(format(run.cpuSeconds, 2)) | \(format(run.cpuRate / 1e6, 2)) |"
            )
        }
        print("")
        print(
            "fast ÷ formula (\(threads) threads): \(format(formula.seconds / fast.seconds, 2))×; formula decided \(links.formulaLinks) links (\(format(100 * Double(links.formulaLinks) / max(1, evaluations), 3)) %); the kernel alone would have changed \(links.kernelWouldDiffer) entries; entries differing fast vs formula: \(differing); 1 vs \(threads) threads identical: \(threadsIdentical ? "yes" : "NO")"
        )
        print("")
        let json: [(key: String, value: JSONValue)] = [
            ("cells", .number(Double(plan.grid.cellCount))),
            ("sites", .number(Double(siteCount))),
            ("link_evaluations", .number(evaluations)),
            ("entries", .number(Double(fast.built.matrix.entryCount))),
            ("formula_seconds", .number(formula.seconds)),
            ("fast_seconds", .number(fast.seconds)),
            ("fast_seconds_1_thread", .number(single.seconds)),
            ("formula_per_thread", .number(formula.rate.rounded())),
            ("fast_per_thread", .number(fast.rate.rounded())),
            ("fast_per_thread_1_thread", .number(single.rate.rounded())),
            ("formula_per_cpu_second", .number(formula.cpuRate.rounded())),
            ("fast_per_cpu_second", .number(fast.cpuRate.rounded())),
            ("fast_per_cpu_second_1_thread", .number(single.cpuRate.rounded())),
            ("formula_links", .number(Double(links.formulaLinks))),
            ("kernel_would_differ", .number(Double(links.kernelWouldDiffer))),
            ("differing_entries", .number(Double(differing))),
            ("threads_identical", .bool(threadsIdentical)),
        ]
        print(JSONWriter.string(.object(json)))
        return differing == 0 && threadsIdentical ? 0 : 1
    }

    /// Entries (site, cell, RSRP) in one matrix and not in the other, counted on both sides.
    static func differingEntries(_ a: CoverageMatrix, _ b: CoverageMatrix) -> Int {
        guard a.siteCount == b.siteCount else { return max(a.entryCount, b.entryCount) }
        if a.columnStarts == b.columnStarts && a.cells == b.cells && a.rsrpCentiDBm == b.rsrpCentiDBm { return 0 }
        var differing = 0
        for site in 0..<a.siteCount {
            let left = Set(
                a.entries(of: site).map { (UInt64(a.cells[$0]) << 16) | UInt64(UInt16(bitPattern: a.rsrpCentiDBm[$0])) }
            )
            let right = Set(
                b.entries(of: site).map { (UInt64(b.cells[$0]) << 16) | UInt64(UInt16(bitPattern: b.rsrpCentiDBm[$0])) }
            )
            differing += left.symmetricDifference(right).count
        }
        return differing
    }

    /// CPU seconds of the whole process (every thread), so that time other processes take on a
    /// busy machine does not count.
    static func processCPUSeconds() -> Double {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        return Double(usage.ru_utime.tv_sec) + Double(usage.ru_utime.tv_usec) / 1e6 + Double(usage.ru_stime.tv_sec)
            + Double(usage.ru_stime.tv_usec) / 1e6
    }

    static func format(_ value: Double, _ decimals: Int) -> String { String(format: "%.\(decimals)f", value) }

    static func log(_ text: String) {
        FileHandle.standardError.write(Data("coverage: \(text)\n".utf8))
    }
}
