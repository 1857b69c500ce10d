import Foundation
import Testing

/// Gaps that do not mislead (issue 14): a bound rounded up to the cost unit, max-coverage bounds as
/// shares of demand, and a plan with fewer sites than asked says why.
@Suite("Bounds and gaps (end to end)", .serialized)
struct BoundsCLITests {
    func summary(_ folder: URL) throws -> [String: Any] {
        try #require(
            JSONSerialization.jsonObject(with: Data(contentsOf: folder.appendingPathComponent("summary.json")))
                as? [String: Any])
    }

    @Test(
        "every candidate costs 20: the lower bound is a multiple of 20 and says so; at a 60 % target the plan of cost 100 is proven optimal (gap 0)"
    )
    func costUnit() throws {
        let folder = try CLI.temporaryFolder("bounds-unit")
        defer { try? FileManager.default.removeItem(at: folder) }
        // 0.9: a real gap, but a bound no plan could be below (a multiple of 20); 0.6: the issue's case,
        // five sites of 20 where an unrounded bound left "gap 8 %".
        for (target, proven) in [(0.9, false), (0.6, true)] {
            let scenario = try CLI.smallScenario(in: folder, target: target) { files in
                files["candidates.geojson"] = files["candidates.geojson"]?.replacingOccurrences(
                    of: #""owner":"区政府""#, with: #""owner":"区政府","cost":20"#)
            }
            let out = folder.appendingPathComponent("plan-\(target)")
            let run = try CLI.run(["solve", scenario.path, "--out", out.path])
            #expect(run.status == 0, "\(run.stderr)")
            let s = try summary(out)
            let cost = try #require(s["cost_total"] as? Double)
            let bound = try #require(s["lower_bound"] as? Double)
            #expect(s["cost_unit"] as? Double == 20)
            #expect(s["bound_unit"] as? String == "cost")
            #expect(cost.truncatingRemainder(dividingBy: 20) == 0)
            #expect(bound.truncatingRemainder(dividingBy: 20) == 0 && bound <= cost && bound > 0)
            #expect(run.stdout.contains("rounded up to the cost unit 20"), "\(run.stdout)")
            let report = try String(contentsOf: out.appendingPathComponent("report.md"), encoding: .utf8)
            #expect(report.contains("rounded up to the cost unit 20"))
            if proven {
                #expect(cost == 100 && bound == 100)
                #expect(s["gap"] as? Double == 0 && s["proven_optimal"] as? Bool == true)
                #expect(
                    run.stdout.contains("gap 0.00 % (bound 100, rounded up to the cost unit 20): proven optimal"),
                    "\(run.stdout)")
            } else {
                #expect(bound < cost && s["proven_optimal"] as? Bool == false)
            }
        }
    }

    @Test("max coverage asking for 50 sites where fewer add coverage: the shortfall and why; bounds as shares")
    func shortfallAndShares() throws {
        let folder = try CLI.temporaryFolder("bounds-shortfall")
        defer { try? FileManager.default.removeItem(at: folder) }
        let scenario = try CLI.smallScenario(in: folder) { files in
            files["scenario.json"] = files["scenario.json"]?.replacingOccurrences(
                of: #""objective":{"type":"min_cost","coverage_target":0.8}"#,
                with: #""objective":{"type":"max_coverage","sites":50}"#)
        }
        let out = folder.appendingPathComponent("plan")
        let run = try CLI.run(["solve", scenario.path, "--out", out.path])
        #expect(run.status == 0, "\(run.stderr)")
        let s = try summary(out)
        let chosen = try #require(s["sites_new"] as? Int)
        #expect(chosen < 50)
        let shortfall = try #require(s["sites_shortfall"] as? [String: Any])
        #expect(shortfall["asked"] as? Int == 50 && shortfall["chosen"] as? Int == chosen)
        #expect(shortfall["reason"] as? String == "no_candidate_adds_coverage")
        #expect(run.stdout.contains("\(chosen) of 50 allowed: no other candidate adds coverage"), "\(run.stdout)")
        // Bounds are shares of demand, like coverage_ratio, never square metres.
        #expect(s["bound_unit"] as? String == "share of demand")
        let upper = try #require(s["upper_bound"] as? Double)
        let lower = try #require(s["lower_bound"] as? Double)
        let coverage = try #require(s["coverage_ratio"] as? Double)
        #expect(upper <= 1 && lower <= upper && abs(lower - coverage) < 1e-6)
        #expect(s["cost_unit"] == nil)
        #expect(!run.stdout.contains("bound 1") && run.stdout.contains("% of demand"))
        let report = try String(contentsOf: out.appendingPathComponent("report.md"), encoding: .utf8)
        #expect(report.contains("| new sites asked for | \(chosen) of 50 allowed: no other candidate adds coverage"))
    }
}
