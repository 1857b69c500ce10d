import Foundation
import MathorCupCheck
import Support

/// `nrplan-bench mathorcup --out DIR`: MathorCup 2022 D (`../shared/benchmarks/mathorcup2022d`)
/// through the product's normal commands, checked by an independent recomputation.
///
/// 1. **Problem 1** — `nrplan solve` on `Benchmarks/MathorCup/p1.json` (planar, weak points as
///    demand points, macro r 30 / cost 10 and micro r 10 / cost 1 on the grid lattice, spacing > 10
///    from new and existing sites, ≥ 90 % of the traffic at least cost) into `DIR/p1/`;
/// 2. **Problem 2** — `nrplan solve` on `p2.json` (three sectors per site, most traffic with the
///    budget set to the Problem 1 plan's cost) into `DIR/p2/`;
/// 3. **Problem 3** — `nrplan cluster` at distance 20 into `DIR/p3/`, and on the first 5,000 points
///    into `DIR/p3-sample/`.
///
/// The scenarios are written to `DIR/scenarios/` with the data folder's absolute paths (the CSVs
/// are read where they are, never copied). Every plan is then recomputed by `MathorCupCheck` (plain
/// code, nothing of nrplan's matrix), the sample's cluster count compared with an O(n²) brute force,
/// and the published GeYuYao plan (cost 6,328) checked by the same code as a reference row. Prints a
/// table (cost, macro, micro, coverage, bound, gap, seconds, check), then one JSON line. Exits 1 when
/// a check fails.
enum MathorCupBench {
    static var command: BenchCommand {
        BenchCommand(
            name: "mathorcup",
            abstract: "MathorCup 2022 D problems 1-3 via nrplan, checked independently (make bench-mathorcup)"
        ) { arguments in
            try run(arguments)
        }
    }

    static let usage =
        "usage: nrplan-bench mathorcup --out DIR [--threads N] [--effort X] [--data PATH] [--nrplan PATH]"
    /// The published plan to beat (GeYuYao-hub/MathorCup-D, verified in the data folder's README).
    static let publishedCost = 6_328

    static func run(_ arguments: [String]) throws -> Int32 {
        let options: [String: String]
        do {
            options = try OptimizerBenchSupport.options(
                arguments, values: ["--out", "--threads", "--effort", "--data", "--nrplan"], flags: [])
        } catch {
            FileHandle.standardError.write(Data("error: \(error)\n\(usage)\n".utf8))
            return 2
        }
        guard let outPath = options["--out"] else {
            FileHandle.standardError.write(Data("error: --out DIR is required\n\(usage)\n".utf8))
            return 2
        }
        let threads = options["--threads"].flatMap(Int.init) ?? 2
        let effort = options["--effort"]
        guard let data = OptimizerBenchSupport.sharedBenchmarks("mathorcup2022d", override: options["--data"]) else {
            throw BenchError.message(
                "../shared/benchmarks/mathorcup2022d not found (the competition's attachments; pass --data PATH)")
        }
        let dataURL = URL(fileURLWithPath: data).standardizedFileURL
        guard let nrplan = options["--nrplan"] ?? OptimizerBenchSupport.nrplanBinary() else {
            throw BenchError.message(
                "nrplan binary not found next to nrplan-bench (swift build -c release builds both)")
        }
        let templates = try templateFolder()
        let out = URL(fileURLWithPath: outPath).standardizedFileURL
        let scenarios = out.appendingPathComponent("scenarios")
        try FileManager.default.createDirectory(at: scenarios, withIntermediateDirectories: true)

        // Problem 1.
        let p1Scenario = try writeScenario(
            templates.appendingPathComponent("p1.json"), data: dataURL, budget: nil,
            to: scenarios.appendingPathComponent("p1.json"))
        let p1 = try solve(nrplan, p1Scenario, out: out.appendingPathComponent("p1"), threads: threads, effort: effort)
        let p1Cost = (p1.summary["cost_total"] as? Double) ?? 0

        // Problem 2 at the Problem 1 cost.
        let p2Scenario = try writeScenario(
            templates.appendingPathComponent("p2.json"), data: dataURL, budget: p1Cost,
            to: scenarios.appendingPathComponent("p2.json"))
        let p2 = try solve(nrplan, p2Scenario, out: out.appendingPathComponent("p2"), threads: threads, effort: effort)

        // Problem 3, and a 5,000-point sample for the brute-force comparison.
        let points = dataURL.appendingPathComponent("attachment1_weak_points.csv")
        let p3 = try cluster(nrplan, points, out: out.appendingPathComponent("p3"))
        let sampleFolder = out.appendingPathComponent("p3-sample")
        let sample = try writeSample(of: points, rows: 5000, into: sampleFolder)
        let p3Sample = try cluster(nrplan, sample, out: sampleFolder.appendingPathComponent("out"))

        let checks = try Checks(out: out, data: dataURL, p1Cost: p1Cost, p3Sample: p3Sample)
        printTable(p1: p1, p2: p2, p3: p3, checks: checks, threads: threads)
        let json: [String: Any] = [
            "p1": [
                "cost": p1Cost, "coverage": checks.p1.coverage, "lower_bound": p1.summary["lower_bound"] ?? NSNull(),
                "gap": p1.summary["gap"] ?? NSNull(),
                "macro": checks.p1.macro, "micro": checks.p1.micro, "seconds": p1.seconds,
                "feasible": checks.p1Feasible,
            ],
            "p2": [
                "budget": p1Cost, "cost": checks.p2.cost, "coverage": checks.p2.coverage,
                "upper_bound": p2.summary["upper_bound"] ?? NSNull(),
                "seconds": p2.seconds, "feasible": checks.p2Feasible,
            ],
            "p3": [
                "clusters": p3.summary["clusters"] ?? NSNull(), "seconds": p3.seconds,
                "sample_clusters": checks.sampleClusters,
                "sample_brute_force": checks.bruteForce,
            ],
            "threads": threads,
        ]
        if let line = try? JSONSerialization.data(withJSONObject: json, options: [.sortedKeys]) {
            print(String(decoding: line, as: UTF8.self))
        }
        return checks.p1Feasible && checks.p2Feasible && checks.p3Agrees ? 0 : 1
    }

    /// Writes the header and the first `rows` points of `points` into `folder`; returns the file.
    static func writeSample(of points: URL, rows: Int, into folder: URL) throws -> URL {
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let lines = try String(contentsOf: points, encoding: .utf8).split(whereSeparator: { $0 == "\n" || $0 == "\r\n" }
        )
        let sample = folder.appendingPathComponent("first-\(rows)-points.csv")
        try (lines.prefix(rows + 1).joined(separator: "\n") + "\n").write(to: sample, atomically: true, encoding: .utf8)
        return sample
    }

    /// The independent recomputation of every plan (`MathorCupCheck`), the sample's brute-force
    /// cluster count and the published plan's figures.
    struct Checks {
        let p1: MathorCupCheck.Verdict
        let p2: MathorCupCheck.Verdict
        let bruteForce: Int
        let reference: MathorCupCheck.Verdict?
        let totalTraffic: Double
        let p1Feasible: Bool
        let p2Feasible: Bool
        let sampleClusters: Int
        var p3Agrees: Bool { sampleClusters == bruteForce }

        init(out: URL, data: URL, p1Cost: Double, p3Sample: Outcome) throws {
            log("checking the plans independently (MathorCupCheck) ...")
            let attachments = try MathorCupCheck.readAttachments(folder: data)
            p1 = MathorCupCheck.check(
                try MathorCupCheck.readSites(out.appendingPathComponent("p1/sites.csv")), attachments)
            p2 = MathorCupCheck.check(
                try MathorCupCheck.readSites(out.appendingPathComponent("p2/sites.csv")), attachments)
            bruteForce = MathorCupCheck.bruteForceClusterCount(Array(attachments.points.prefix(5000)), distance: 20)
            let published = data.appendingPathComponent("published_solutions/geyuyao_q1_sites.csv")
            reference =
                FileManager.default.fileExists(atPath: published.path)
                ? MathorCupCheck.check(try MathorCupCheck.readSites(published), attachments) : nil
            totalTraffic = attachments.totalTraffic
            p1Feasible = p1.feasible(coverageTarget: 0.9) && p1.cost < publishedCost
            p2Feasible = p2.feasible(coverageTarget: 0) && Double(p2.cost) <= p1Cost + 1e-9
            sampleClusters = p3Sample.summary["clusters"] as? Int ?? -1
        }
    }

    /// Prints the table (cost, macro, micro, coverage, bound, gap, seconds, check) and the P1 line.
    static func printTable(p1: Outcome, p2: Outcome, p3: Outcome, checks: Checks, threads: Int) {
        let (check1, check2) = (checks.p1, checks.p2)
        func pct(_ x: Double) -> String { Precision(decimals: 4).fixed(x * 100) + " %" }
        func num(_ v: Any?) -> String {
            guard let d = v as? Double else { return "—" }
            return d == d.rounded() && abs(d) < 1e12 ? String(Int(d)) : Precision.hundredths.fixed(d)
        }
        func gap(_ v: Any?) -> String { (v as? Double).map { Precision.hundredths.fixed($0 * 100) + " %" } ?? "—" }
        let byType = { (s: [String: Any], t: String) -> String in num((s["sites_new_by_type"] as? [String: Any])?[t]) }
        print("")
        print(
            "MathorCup 2022 D via nrplan (\(threads) threads; wall time per child process incl. reading the data); independent check: MathorCupCheck"
        )
        print("")
        print("| problem | cost | macro | micro | coverage | bound | gap | seconds | independent check |")
        print("|---|---:|---:|---:|---:|---:|---:|---:|---|")
        print(
            "| P1 min cost, ≥ 90 % traffic, spacing > 10 | \(num(p1.summary["cost_total"])) | \(byType(p1.summary, "macro")) | \(byType(p1.summary, "micro")) | \(pct(p1.summary["coverage_ratio"] as? Double ?? 0)) | ≥ \(num(p1.summary["lower_bound"])) | \(gap(p1.summary["gap"])) | \(Precision.tenths.fixed(p1.seconds)) | \(checks.p1Feasible ? "feasible" : "FAILED"): cost \(check1.cost), \(pct(check1.coverage)), spacing violations \(check1.newNewViolations)+\(check1.newExistingViolations) |"
        )
        print(
            "| P2 three sectors, budget = P1 cost | \(num(p2.summary["cost_total"])) | \(byType(p2.summary, "macro")) | \(byType(p2.summary, "micro")) | \(pct(p2.summary["coverage_ratio"] as? Double ?? 0)) | ≤ \(pct(p2.summary["upper_bound"] as? Double ?? 0)) | \(gap(p2.summary["gap"])) | \(Precision.tenths.fixed(p2.seconds)) | \(checks.p2Feasible ? "feasible" : "FAILED"): cost \(check2.cost), \(pct(check2.coverage)), spacing violations \(check2.newNewViolations)+\(check2.newExistingViolations), azimuth violations \(check2.azimuthViolations) |"
        )
        print(
            "| P3 clusters at distance ≤ 20 | \(num(p3.summary["clusters"])) clusters | | | largest \(num(p3.summary["largest_cluster"])) points, \(num(p3.summary["singletons"])) single | | | \(Precision.tenths.fixed(p3.seconds)) | first 5,000 points: nrplan \(checks.sampleClusters), brute force \(checks.bruteForce) \(checks.p3Agrees ? "(equal)" : "(DIFFERENT)") |"
        )
        if let reference = checks.reference {
            print(
                "| published P1 plan (GeYuYao, reference) | \(reference.cost) | \(reference.macro) | \(reference.micro) | \(pct(reference.coverage)) | | | | \(reference.feasible(coverageTarget: 0.9) ? "feasible" : "infeasible") (same checker) |"
            )
        }
        print("")
        let p1Cost = (p1.summary["cost_total"] as? Double) ?? 0
        let saving = Double(publishedCost) - p1Cost
        print(
            "P1: \(num(p1Cost)) against the published \(publishedCost): \(Precision.whole.fixed(saving)) cheaper (\(Precision.tenths.fixed(saving / Double(publishedCost) * 100)) %); lower bound \(num(p1.summary["lower_bound"])) ignores the spacing (bound_includes_spacing: \(p1.summary["bound_includes_spacing"] as? Bool ?? false)) and covers every grid point (scope: \(((p1.summary["service"] as? [String: Any])?["bound"] as? [String: Any])?["scope"] as? String ?? "?"))."
        )
    }

    /// `Benchmarks/MathorCup` of the repository (from the working directory, else from this file's path).
    static func templateFolder() throws -> URL {
        let fromCwd = URL(fileURLWithPath: FileManager.default.currentDirectoryPath).appendingPathComponent(
            "Benchmarks/MathorCup")
        if FileManager.default.fileExists(atPath: fromCwd.appendingPathComponent("p1.json").path) { return fromCwd }
        let fromSource = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
            .appendingPathComponent("MathorCup")
        guard FileManager.default.fileExists(atPath: fromSource.appendingPathComponent("p1.json").path) else {
            throw BenchError.message("Benchmarks/MathorCup/p1.json not found (run from the repository root)")
        }
        return fromSource
    }

    /// Writes a scenario template with its data files pointing into `data` (absolute paths) and,
    /// when given, `objective.budget` set.
    static func writeScenario(_ template: URL, data: URL, budget: Double?, to target: URL) throws -> URL {
        guard var json = try JSONSerialization.jsonObject(with: Data(contentsOf: template)) as? [String: Any] else {
            throw BenchError.message("\(template.path): not a JSON object")
        }
        func relocate(_ value: Any?) -> Any? {
            if let path = value as? String {
                return data.appendingPathComponent((path as NSString).lastPathComponent).path
            }
            if var object = value as? [String: Any] {
                object["file"] = relocate(object["file"])
                return object
            }
            return value
        }
        if var demand = json["demand"] as? [String: Any] {
            demand["points"] = relocate(demand["points"])
            json["demand"] = demand
        }
        json["existing"] = relocate(json["existing"])
        if let budget, var objective = json["objective"] as? [String: Any] {
            objective["budget"] = budget
            json["objective"] = objective
        }
        let bytes = try JSONSerialization.data(withJSONObject: json, options: [.prettyPrinted, .sortedKeys])
        try bytes.write(to: target)
        return target
    }

    struct Outcome {
        var summary: [String: Any]
        var seconds: Double
    }

    static func solve(_ nrplan: String, _ scenario: URL, out: URL, threads: Int, effort: String?) throws -> Outcome {
        log(
            "nrplan solve \(scenario.lastPathComponent) --out \(out.path) --threads \(threads)\(effort.map { " --effort \($0)" } ?? "") ..."
        )
        var arguments = ["solve", scenario.path, "--out", out.path, "--threads", "\(threads)", "--force", "--quiet"]
        if let effort { arguments += ["--effort", effort] }
        return try runChild(nrplan, arguments, out: out)
    }

    static func cluster(_ nrplan: String, _ points: URL, out: URL) throws -> Outcome {
        log("nrplan cluster \(points.lastPathComponent) --distance 20 --out \(out.path) ...")
        return try runChild(
            nrplan,
            [
                "cluster", points.path, "--distance", "20", "--weight", "traffic", "--out", out.path, "--force",
                "--quiet",
            ], out: out)
    }

    static func runChild(_ nrplan: String, _ arguments: [String], out: URL) throws -> Outcome {
        let result = try OptimizerBenchSupport.run(nrplan, arguments)
        guard result.status == 0 else {
            throw BenchError.message(
                "nrplan \(arguments.joined(separator: " ")) exited \(result.status):\n\(result.stderr)")
        }
        guard
            let summary = try JSONSerialization.jsonObject(
                with: Data(contentsOf: out.appendingPathComponent("summary.json"))) as? [String: Any]
        else {
            throw BenchError.message("\(out.path)/summary.json: not a JSON object")
        }
        return Outcome(summary: summary, seconds: result.wallSeconds)
    }

    static func log(_ text: String) {
        FileHandle.standardError.write(Data("nrplan-bench: \(text)\n".utf8))
    }
}
