import Foundation
import Planning
import Support

extension CityBench {
    /// Prints the stage table (2 threads, 1 thread, their ratio, rural on 200 m, area-weighted),
    /// the wall and memory rows, link evaluations and each job's plan. Returns the 1 ÷ 2 ratio of
    /// each stage.
    static func printTable(runs: [Run], coarse: Run, area: Run, seed: UInt64) -> [String: Double] {
        let main = runs[0]
        let stages = PipelineStage.allCases.map(\.rawValue)
        print("")
        print(
            "Guangzhou-sized siting run (synthetic city, seed \(seed)): \(main.summary["cells"] ?? "?") demand cells, \(main.summary["candidates"] ?? "?") candidates"
        )
        print("")
        print(
            "| stage | 2 threads (s) | 1 thread (s) | 1 ÷ 2 | rural on 200 m, 2 threads (s) | area-weighted, 2 threads (s) |"
        )
        print("| --- | ---: | ---: | ---: | ---: | ---: |")
        var speedups: [String: Double] = [:]
        for stage in stages {
            let two = runs[0].stageSeconds(stage)
            let one = runs.count > 1 ? runs[1].stageSeconds(stage) : nil
            var ratio = "—"
            if let one, let two, two > 0 {
                speedups[stage] = one / two
                ratio = format(one / two, 2) + "×"
            }
            print(
                "| \(stage) | \(two.map { format($0, 2) } ?? "—") | \(one.map { format($0, 2) } ?? "—") | \(ratio) | \(coarse.stageSeconds(stage).map { format($0, 2) } ?? "—") | \(area.stageSeconds(stage).map { format($0, 2) } ?? "—") |"
            )
        }
        let wall2 = runs[0].outcome.wallSeconds
        let wall1 = runs.count > 1 ? runs[1].outcome.wallSeconds : nil
        print(
            "| **wall (process)** | \(format(wall2, 2)) | \(wall1.map { format($0, 2) } ?? "—") | \(wall1.map { format($0 / wall2, 2) + "×" } ?? "—") | \(format(coarse.outcome.wallSeconds, 2)) | \(format(area.outcome.wallSeconds, 2)) |"
        )
        print(
            "| peak RSS (MB) | \(format(runs[0].outcome.peakRSSMegabytes, 0)) | \(runs.count > 1 ? format(runs[1].outcome.peakRSSMegabytes, 0) : "—") | | \(format(coarse.outcome.peakRSSMegabytes, 0)) | \(format(area.outcome.peakRSSMegabytes, 0)) |"
        )
        let evaluations = main.number("link_evaluations")
        let coverage2 = runs[0].stageSeconds("coverage") ?? .nan
        print("")
        print(
            "link evaluations: \(Int(evaluations)) (\(format(evaluations / coverage2 / 1e6, 1)) million per second in the coverage stage with 2 threads, \(format(evaluations / coverage2 / 2e6, 1)) million per thread)"
        )
        for (label, run) in [
            ("population-weighted", main), ("population-weighted, rural on 200 m", coarse), ("area-weighted", area),
        ] {
            print(
                "\(label): \(run.summary["sites_new"] ?? "?") new + \(run.summary["sites_existing"] ?? "?") existing sites, coverage \(run.summary["coverage_ratio"] ?? "?"), cost \(run.summary["cost_total"] ?? "?"), lower bound \(run.summary["lower_bound"] ?? "?"), gap \(run.summary["gap"] ?? "?")"
            )
        }
        return speedups
    }

    /// The bench's one JSON line: the population-weighted 2-thread job's figures, stage times and
    /// speed-ups, the output `checks`, and the figures of the 1-thread, rural-on-200 m and
    /// area-weighted runs.
    static func summaryLine(
        runs: [Run], coarse: Run, area: Run, speedups: [String: Double], checks: [(key: String, value: JSONValue)]
    ) -> JSONValue {
        let main = runs[0]
        let stages = PipelineStage.allCases.map(\.rawValue)
        let wall2 = runs[0].outcome.wallSeconds
        let evaluations = main.number("link_evaluations")
        let coverage2 = runs[0].stageSeconds("coverage") ?? .nan
        var json: [(key: String, value: JSONValue)] = [
            ("cells", .number(Double((main.summary["cells"] as? NSNumber)?.intValue ?? 0))),
            ("candidates", .number(Double((main.summary["candidates"] as? NSNumber)?.intValue ?? 0))),
            ("sites_chosen", .number(Double((main.summary["sites_new"] as? NSNumber)?.intValue ?? 0))),
            ("sites_existing", .number(Double((main.summary["sites_existing"] as? NSNumber)?.intValue ?? 0))),
            ("coverage_ratio", .number((main.summary["coverage_ratio"] as? NSNumber)?.doubleValue ?? 0)),
            ("gap", .number((main.summary["gap"] as? NSNumber)?.doubleValue ?? 0)),
            ("cost_total", .number(main.number("cost_total"))),
            ("lower_bound", .number(main.number("lower_bound"))),
            ("solve_seconds", main.stageSeconds("solve").map { .number($0) } ?? .null),
            ("wall_seconds", .number(wall2, .hundredths)),
            ("peak_rss_mb", .number(runs[0].outcome.peakRSSMegabytes.rounded())),
            ("matrix_speedup_2v1", speedups["coverage"].map { .number($0, .hundredths) } ?? .null),
            ("link_evaluations", .number(evaluations)),
            ("link_evaluations_per_second", .number((evaluations / coverage2).rounded())),
            ("link_evaluations_per_second_per_thread", .number((evaluations / coverage2 / 2).rounded())),
            (
                "stage_seconds_2_threads",
                .object(stages.map { ($0, runs[0].stageSeconds($0).map { .number($0) } ?? .null) })
            ),
            (
                "stage_speedup_2v1",
                .object(stages.map { ($0, speedups[$0].map { .number($0, .hundredths) } ?? .null) })
            ),
        ]
        json += checks
        if runs.count > 1 { json.append(("wall_seconds_1_thread", .number(runs[1].outcome.wallSeconds, .hundredths))) }
        if runs.count > 1, let coverage1 = runs[1].stageSeconds("coverage") {
            json.append(("link_evaluations_per_second_1_thread", .number((evaluations / coverage1).rounded())))
        }
        json.append(
            (
                "coarse_rural",
                .object([
                    ("sites_chosen", .number(coarse.number("sites_new"))),
                    ("gap", .number(coarse.number("gap"))),
                    ("lower_bound", .number(coarse.number("lower_bound"))),
                    ("solve_seconds", coarse.stageSeconds("solve").map { .number($0) } ?? .null),
                    ("wall_seconds", .number(coarse.outcome.wallSeconds, .hundredths)),
                    ("peak_rss_mb", .number(coarse.outcome.peakRSSMegabytes.rounded())),
                    ("link_evaluations", .number(coarse.number("link_evaluations"))),
                ])
            ))
        json.append(
            (
                "area_weighted",
                .object([
                    ("sites_chosen", .number(area.number("sites_new"))),
                    ("coverage_ratio", .number(area.number("coverage_ratio"))),
                    ("gap", .number(area.number("gap"))),
                    ("cost_total", .number(area.number("cost_total"))),
                    ("lower_bound", .number(area.number("lower_bound"))),
                    ("solve_seconds", area.stageSeconds("solve").map { .number($0) } ?? .null),
                    ("wall_seconds", .number(area.outcome.wallSeconds, .hundredths)),
                    ("peak_rss_mb", .number(area.outcome.peakRSSMegabytes.rounded())),
                    (
                        "stage_seconds",
                        .object(stages.map { ($0, area.stageSeconds($0).map { .number($0) } ?? .null) })
                    ),
                ])
            ))
        return .object(json)
    }
}
