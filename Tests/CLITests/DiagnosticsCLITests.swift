import Foundation
import Testing

/// Errors at real scale (issue 14): a file of thousands of features without `id` reads as three
/// lines and one more, `validate --json` stays small and grouped the same way, and building
/// footprints get a hint and an opt-in.
@Suite("Diagnostics at scale (end to end)", .serialized)
struct DiagnosticsCLITests {
    /// `count` point features without an id, around the small scenario's area.
    static func anonymousPoints(_ count: Int) -> String {
        let features = (0..<count).map { k in
            #"{"type":"Feature","properties":{"name":"cell \#(k)"},"geometry":{"type":"Point","coordinates":[\#(113.285 + Double(k % 100) * 0.0003),\#(23.11 + Double(k / 100) * 0.0003)]}}"#
        }
        return "{\"type\":\"FeatureCollection\",\"features\":[\n" + features.joined(separator: ",\n") + "]}"
    }

    @Test("5,000 features without id: 3 lines and '… and 4,997 more like this (features 3–4999)'; --all lists all")
    func capped() throws {
        let folder = try CLI.temporaryFolder("diagnostics-capped")
        defer { try? FileManager.default.removeItem(at: folder) }
        let scenario = try CLI.smallScenario(in: folder) { files in
            files["existing.geojson"] = Self.anonymousPoints(5_000)
        }
        let run = try CLI.run(["validate", scenario.path])
        #expect(run.status == 2)
        let lines = run.stderr.split(separator: "\n").filter { $0.contains("existing.geojson") }
        #expect(lines.count == 4, "\(lines.prefix(6))")
        #expect(
            lines.last?.hasSuffix(
                "existing.geojson: field 'id': … and 4,997 more like this (features 3–4999)") == true,
            "\(lines.last ?? "")")
        #expect(run.stdout.contains("5000 error(s)"))
        let all = try CLI.run(["validate", scenario.path, "--all"])
        #expect(all.stderr.split(separator: "\n").filter { $0.contains("existing.geojson") }.count == 5_000)
        // solve prints the same capped list and writes nothing.
        let out = folder.appendingPathComponent("out")
        let solve = try CLI.run(["solve", scenario.path, "--out", out.path])
        #expect(solve.status == 2)
        #expect(solve.stderr.split(separator: "\n").count < 10, "\(solve.stderr.prefix(2000))")
        #expect(!FileManager.default.fileExists(atPath: out.path))
    }

    @Test("validate --json groups problems by kind: counts, location range, at most three examples each")
    func jsonGrouped() throws {
        let folder = try CLI.temporaryFolder("diagnostics-json")
        defer { try? FileManager.default.removeItem(at: folder) }
        let scenario = try CLI.smallScenario(in: folder) { files in
            files["existing.geojson"] = Self.anonymousPoints(5_000)
        }
        let run = try CLI.run(["validate", scenario.path, "--json"])
        #expect(run.status == 2)
        #expect(run.stdout.utf8.count < 20_000, "\(run.stdout.utf8.count) bytes")
        let report = try run.json()
        #expect(report["errors"] as? Int == 5_000)
        let groups = try #require(report["groups"] as? [[String: Any]])
        let ids = try #require(groups.first { ($0["field"] as? String) == "id" })
        #expect(ids["count"] as? Int == 5_000 && ids["shown"] as? Int == 3)
        #expect(ids["locations"] as? String == "features 0–4999")
        #expect((ids["more"] as? String)?.hasSuffix("… and 4,997 more like this (features 3–4999)") == true)
        let problems = try #require(report["problems"] as? [[String: Any]])
        #expect(problems.filter { $0["field"] as? String == "id" }.count == 3)
        #expect(problems.allSatisfy { $0["group"] is Int })
    }

    @Test(
        "building polygons as candidates: the error names the opt-in; with use_centroids the plan stands on centroids")
    func polygonsOptIn() throws {
        let folder = try CLI.temporaryFolder("diagnostics-polygons")
        defer { try? FileManager.default.removeItem(at: folder) }
        let buildings = (0..<40).map { k -> String in
            let x = 113.282 + Double(k % 8) * 0.0045
            let y = 23.105 + Double(k / 8) * 0.007
            let ring = [(x, y), (x + 0.0003, y), (x + 0.0003, y + 0.0002), (x, y + 0.0002), (x, y)]
                .map { "[\($0.0),\($0.1)]" }.joined(separator: ",")
            return
                #"{"type":"Feature","properties":{"id":"B\#(k)","building":"yes"},"geometry":{"type":"Polygon","coordinates":[[\#(ring)]]}}"#
        }
        let scenario = try CLI.smallScenario(in: folder) { files in
            files["buildings.geojson"] =
                "{\"type\":\"FeatureCollection\",\"features\":[\n" + buildings.joined(separator: ",\n") + "]}"
            files["scenario.json"] = files["scenario.json"]?.replacingOccurrences(
                of: #""candidates":["candidates.geojson"]"#, with: #""candidates":["buildings.geojson"]"#)
        }
        let refused = try CLI.run(["validate", scenario.path])
        #expect(refused.status == 2)
        #expect(
            refused.stderr.contains(#"{"file": "buildings.geojson", "use_centroids": true}), found Polygon"#),
            "\(refused.stderr)")
        #expect(refused.stderr.contains("… and 37 more like this (features 3–39)"))
        var text = try String(contentsOf: scenario, encoding: .utf8)
        text = text.replacingOccurrences(
            of: #""candidates":["buildings.geojson"]"#,
            with: #""candidates":[{"file":"buildings.geojson","use_centroids":true}]"#)
        try text.write(to: scenario, atomically: true, encoding: .utf8)
        let out = folder.appendingPathComponent("plan")
        let solve = try CLI.run(["solve", scenario.path, "--out", out.path, "--quiet"])
        #expect(solve.status == 0, "\(solve.stderr)")
        let csv = try String(contentsOf: out.appendingPathComponent("sites.csv"), encoding: .utf8)
        let row = try #require(csv.split(separator: "\n").first { $0.hasPrefix("B") })
        let fields = row.split(separator: ",")
        let k = try #require(Int(fields[0].dropFirst()))
        #expect(abs(Double(fields[4])! - (113.282 + Double(k % 8) * 0.0045 + 0.00015)) < 1e-7)
        #expect(abs(Double(fields[5])! - (23.105 + Double(k / 8) * 0.007 + 0.0001)) < 1e-7)
    }
}
