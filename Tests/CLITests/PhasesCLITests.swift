import Foundation
import Testing

/// A phased rollout end to end: the demo's three yearly phases (geodata/demo/scenario-phases.json)
/// and a small scenario with budgets then a coverage target. The test recomputes what the outputs
/// claim: nesting from the `phase` of each site, each phase's limit from the sites' costs, and each
/// phase's coverage and holes by auditing the network as it stands at the end of the phase.
@Suite("phased rollout (end to end)", .serialized)
struct PhasesCLITests {
    static func json(_ url: URL) throws -> [String: Any] {
        try #require(JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any])
    }

    static func features(_ url: URL) throws -> [[String: Any]] {
        try #require(try json(url)["features"] as? [[String: Any]])
    }

    /// A sites.geojson holding `features` only.
    static func sitesFile(_ features: [[String: Any]], _ url: URL) throws {
        let data = try JSONSerialization.data(withJSONObject: ["type": "FeatureCollection", "features": features])
        try data.write(to: url)
    }

    @Test("the demo's phases: nested, each target met, figures in every output, each phase re-audited")
    func demoPhases() throws {
        let folder = try CLI.temporaryFolder("phases-demo")
        defer { try? FileManager.default.removeItem(at: folder) }
        let demo = CLI.repositoryRoot.appendingPathComponent("geodata/demo")
        let scenarioURL = demo.appendingPathComponent("scenario-phases.json")
        let out = folder.appendingPathComponent("plan")
        let run = try CLI.run(["solve", scenarioURL.path, "--out", out.path, "--threads", "2", "--quiet"])
        #expect(run.status == 0, "\(run.stderr)")
        let scenario = try Self.json(scenarioURL)
        let given = try #require((scenario["objective"] as? [String: Any])?["phases"] as? [[String: Any]])
        let names = given.compactMap { $0["name"] as? String }
        let targets = given.compactMap { $0["coverage_target"] as? Double }
        #expect(names == ["2020", "2021", "2022"] && targets.count == 3)

        // sites.geojson: every new site has a phase, ranks run phase after phase (nested order).
        let sites = try Self.features(out.appendingPathComponent("sites.geojson"))
        let properties = sites.map { $0["properties"] as? [String: Any] ?? [:] }
        let new = properties.filter { $0["plan"] as? String == "new" }
        let existing = properties.filter { $0["plan"] as? String == "existing" }
        #expect(existing.allSatisfy { $0["phase"] == nil })
        let phaseOf = new.map { names.firstIndex(of: $0["phase"] as? String ?? "") ?? -1 }
        #expect(!phaseOf.contains(-1), "a new site without a known phase")
        #expect(phaseOf == phaseOf.sorted(), "new sites are listed phase after phase")
        #expect(new.map { $0["rank"] as? Int ?? 0 } == Array(1...new.count))
        // sites.csv: the same phase per site.
        let csv = try String(contentsOf: out.appendingPathComponent("sites.csv"), encoding: .utf8)
            .split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
        #expect(csv[0].prefix(5) == ["id", "type", "cost", "plan", "phase"])
        for row in csv.dropFirst() {
            let match = properties.first { $0["id"] as? String == row[0] }
            #expect((match?["phase"] as? String ?? "") == row[4], "sites.csv phase of \(row[0])")
        }

        // summary.json: one entry per phase; counts and costs recomputed from the sites.
        let summary = try Self.json(out.appendingPathComponent("summary.json"))
        let phases = try #require(summary["phases"] as? [[String: Any]])
        #expect(phases.map { $0["name"] as? String ?? "" } == names)
        var cumulativeCost = 0.0
        var cumulativeSites = 0
        var previousCoverage = 0.0
        for (k, phase) in phases.enumerated() {
            let built = new.enumerated().filter { phaseOf[$0.offset] == k }.map(\.element)
            let cost = built.reduce(0.0) { $0 + ($1["cost"] as? Double ?? 0) }
            cumulativeCost += cost
            cumulativeSites += built.count
            #expect(phase["sites_new"] as? Int == built.count)
            #expect(phase["sites_new_total"] as? Int == cumulativeSites)
            #expect(abs((phase["cost"] as? Double ?? -1) - cost) < 1e-6)
            #expect(abs((phase["cost_total"] as? Double ?? -1) - cumulativeCost) < 1e-6)
            let coverage = try #require(phase["coverage_ratio"] as? Double)
            #expect(coverage >= targets[k] - 1e-9, "phase \(names[k]) coverage \(coverage) below its target")
            #expect(coverage >= previousCoverage, "coverage never falls from one phase to the next")
            previousCoverage = coverage
            let scratch = try #require(phase["from_scratch"] as? [String: Any])
            // The from-scratch bound holds for any plan: the nested plan's cumulative cost is at least it.
            #expect((scratch["lower_bound"] as? Double ?? .infinity) <= cumulativeCost + 1e-6)
            print(
                "phase \(names[k]): \(built.count) new sites (\(cumulativeSites) in all), cost \(cost) (\(cumulativeCost) in all), coverage \(coverage), holes \(phase["holes_count"] ?? "?"), gap \(phase["gap"] ?? "?"), from scratch \(scratch)"
            )
        }
        #expect(cumulativeSites == new.count)
        #expect(abs((summary["cost_total"] as? Double ?? -1) - cumulativeCost) < 1e-6)
        #expect(phases.last?["coverage_ratio"] as? Double == summary["coverage_ratio"] as? Double)
        #expect(phases.last?["holes_count"] as? Int == summary["holes_count"] as? Int)

        // Each earlier phase re-audited: the existing sites and the new ones built up to its end give
        // exactly the coverage and holes summary.json states for it.
        try Self.reaudit(sites, names: names, phases: phases, scenario: scenarioURL, in: folder)

        // report.md: the phases table, one row per phase.
        let report = try String(contentsOf: out.appendingPathComponent("report.md"), encoding: .utf8)
        #expect(report.contains("## Phases"))
        for name in names { #expect(report.contains("| \(name) | coverage ≥ ")) }

        try Self.stepThroughPage(
            out.appendingPathComponent("report.html"), names: names, phases: phases, sites: properties,
            holes: try Self.features(out.appendingPathComponent("holes.geojson")).count)
    }

    /// Audits the network at the end of each phase but the last (the existing sites and the new
    /// ones up to it, from sites.geojson) and checks the audit's coverage and holes are the phase's.
    static func reaudit(
        _ sites: [[String: Any]], names: [String], phases: [[String: Any]], scenario: URL, in folder: URL
    ) throws {
        let area = CLI.repositoryRoot.appendingPathComponent("geodata/demo/area.geojson")
        for k in 0..<(phases.count - 1) {
            let network = sites.filter {
                let p = $0["properties"] as? [String: Any] ?? [:]
                return p["plan"] as? String == "existing"
                    || (names.firstIndex(of: p["phase"] as? String ?? "") ?? 99) <= k
            }
            let file = folder.appendingPathComponent("phase-\(k).geojson")
            try sitesFile(network, file)
            let audit = folder.appendingPathComponent("audit-\(k)")
            let audited = try CLI.run([
                "audit", "--scenario", scenario.path, "--area", area.path, "--sites", file.path, "--out", audit.path,
                "--threads", "2", "--quiet",
            ])
            #expect(audited.status == 0 || audited.status == 1, "\(audited.stderr)")
            let result = try json(audit.appendingPathComponent("summary.json"))
            #expect(result["coverage_ratio"] as? Double == phases[k]["coverage_ratio"] as? Double, "phase \(names[k])")
            #expect(result["holes_count"] as? Int == phases[k]["holes_count"] as? Int, "phase \(names[k])")
            #expect(result["largest_hole_m2"] as? Double == phases[k]["largest_hole_m2"] as? Double)
        }
    }

    /// report.html in Chromium: it opens on the last phase (every site and hole of the GeoJSON
    /// drawn); picking a phase in the phases table, then the next-phase button, draws the existing
    /// sites and those built up to that phase, and that phase's holes, as summary.json counts them.
    static func stepThroughPage(
        _ page: URL, names: [String], phases: [[String: Any]], sites: [[String: Any]], holes: Int
    ) throws {
        guard ReportBrowserTests.chromium != nil else {
            print("chromium is not installed: the phase stepper of report.html is not checked in a browser")
            return
        }
        let report = try ReportBrowserTests.drive(
            page,
            steps: [
                ["shot": "phases-last.png"],
                ["click_row": ["phases", 0], "shot": "phases-first.png"],
                ["click_selector": "#phase-next", "shot": "phases-second.png"],
                ["click_feature": ["sites", 0]],
                ["click_selector": "#phase-next"],
            ], shots: ReportBrowserTests.screenshots)
        ReportBrowserTests.expectClean(report, page: page)
        let drawnAtStart = try #require((report["stats"] as? [String: Any])?["drawn"] as? [String: Int])
        #expect(drawnAtStart["sites"] == sites.count && drawnAtStart["holes"] == holes)
        #expect(drawnAtStart["coverage-phases"] == 1 && drawnAtStart["coverage"] == 0)
        let steps = ReportBrowserTests.steps(report)
        #expect(steps.count == 5)
        let existing = sites.filter { $0["plan"] as? String == "existing" }.count
        for (step, k) in [(1, 0), (2, 1), (3, 1), (4, 2)] where step < steps.count {
            let shown = try #require(steps[step]["phase"] as? [String: Any])
            #expect(shown["name"] as? String == names[k], "step \(step)")
            let drawn = try #require((steps[step]["stats"] as? [String: Any])?["drawn"] as? [String: Int])
            #expect(drawn["sites"] == existing + (phases[k]["sites_new_total"] as? Int ?? -1), "sites at \(names[k])")
            #expect(drawn["holes"] == phases[k]["holes_count"] as? Int, "holes at \(names[k])")
        }
        // The first new site (built in the first phase) shows its phase in its popup.
        let popup = try #require(steps[3]["popup"] as? String)
        #expect(popup.contains(sites[0]["id"] as? String ?? "?") && popup.contains(names[0]))
    }

    @Test("budgets then a coverage target: each budget holds, the last target is met, later phases add sites")
    func budgetsThenTarget() throws {
        let folder = try CLI.temporaryFolder("phases-mixed")
        defer { try? FileManager.default.removeItem(at: folder) }
        let scenario = try CLI.smallScenario(in: folder) { files in
            files["scenario.json"] = files["scenario.json"]!.replacingOccurrences(
                of: #""objective":{"type":"min_cost","coverage_target":0.8}"#,
                with:
                    #""objective":{"phases":[{"name":"一期","budget":40},{"name":"二期","budget":80,"sites":12},{"name":"三期","coverage_target":0.88}]}"#
            )
        }
        let out = folder.appendingPathComponent("out")
        let run = try CLI.run(["solve", scenario.path, "--out", out.path, "--threads", "2", "--quiet"])
        #expect(run.status == 0, "\(run.stderr)")
        let summary = try Self.json(out.appendingPathComponent("summary.json"))
        let phases = try #require(summary["phases"] as? [[String: Any]])
        #expect(phases.map { $0["name"] as? String ?? "" } == ["一期", "二期", "三期"])
        #expect((phases[0]["cost_total"] as? Double ?? .infinity) <= 40 + 1e-9)
        #expect((phases[1]["cost_total"] as? Double ?? .infinity) <= 80 + 1e-9)
        #expect((phases[1]["sites_new_total"] as? Int ?? 99) <= 12)
        #expect((phases[2]["coverage_ratio"] as? Double ?? 0) >= 0.88)
        #expect(phases.allSatisfy { ($0["sites_new"] as? Int ?? 0) > 0 })
        let sites = try Self.features(out.appendingPathComponent("sites.geojson"))
        let phaseNames = sites.compactMap { ($0["properties"] as? [String: Any])?["phase"] as? String }
        #expect(Set(phaseNames) == ["一期", "二期", "三期"])
        // phase-holes.geojson: every phase's holes, the last phase's equal to holes.geojson's.
        let phaseHoles = try Self.features(out.appendingPathComponent("phase-holes.geojson"))
        for phase in phases {
            let count = phaseHoles.filter {
                ($0["properties"] as? [String: Any])?["phase"] as? String == phase["name"] as? String
            }
            .count
            #expect(count == phase["holes_count"] as? Int)
        }
        #expect(
            try Self.features(out.appendingPathComponent("holes.geojson")).count == phases.last?["holes_count"] as? Int)

        // What the second phase adds: the diff of the run against itself, phase 一期 → 二期.
        let diff = folder.appendingPathComponent("diff")
        let diffed = try CLI.run([
            "diff", out.path, out.path, "--a-phase", "一期", "--b-phase", "二期", "--out", diff.path, "--quiet",
        ])
        #expect(diffed.status == 0, "\(diffed.stderr)")
        let change = try Self.json(diff.appendingPathComponent("summary.json"))
        let existing = sites.filter { ($0["properties"] as? [String: Any])?["plan"] as? String == "existing" }.count
        #expect(change["sites_added"] as? Int == phases[1]["sites_new"] as? Int)
        #expect(change["sites_removed"] as? Int == 0 && change["sites_moved"] as? Int == 0)
        #expect(change["sites_kept"] as? Int == existing + (phases[0]["sites_new_total"] as? Int ?? -1))
        let coverageDelta = try #require(change["coverage_ratio_delta"] as? Double)
        let expectedDelta =
            (phases[1]["coverage_ratio"] as? Double ?? 0) - (phases[0]["coverage_ratio"] as? Double ?? 0)
        #expect(abs(coverageDelta - expectedDelta) < 1e-6, "\(coverageDelta) vs \(expectedDelta)")
        let area = try #require(change["coverage_change"] as? [String: Double])
        #expect((area["gained_m2"] ?? 0) > 0 && area["lost_m2"] == 0, "\(area)")
        print(
            "diff 一期 → 二期: \(change["sites_added"] ?? "?") added, \(change["sites_kept"] ?? "?") kept, coverage \(coverageDelta), \(area)"
        )
        // An unknown phase is refused with the names there are.
        let unknown = try CLI.run([
            "diff", out.path, out.path, "--a-phase", "2030", "--out", folder.appendingPathComponent("x").path,
        ])
        #expect(unknown.status == 2)
        #expect(
            unknown.stderr.contains("no phase '2030'") && unknown.stderr.contains("'一期', '二期', '三期'"),
            "\(unknown.stderr)")

        // A later budget below what the earlier phases spent is refused before anything is written.
        let bad = try CLI.smallScenario(in: folder.appendingPathComponent("bad").creating()) { files in
            files["scenario.json"] = files["scenario.json"]!.replacingOccurrences(
                of: #""objective":{"type":"min_cost","coverage_target":0.8}"#,
                with: #""objective":{"phases":[{"name":"A","coverage_target":0.8},{"name":"B","sites":1}]}"#)
        }
        let refused = folder.appendingPathComponent("refused")
        let failed = try CLI.run(["solve", bad.path, "--out", refused.path, "--threads", "2", "--quiet"])
        #expect(failed.status != 0)
        #expect(
            failed.stderr.contains("objective.phases[1].sites: phase 'B' allows 1 new site(s) in all"),
            "\(failed.stderr)")
        #expect(!FileManager.default.fileExists(atPath: refused.appendingPathComponent("summary.json").path))
    }
}
