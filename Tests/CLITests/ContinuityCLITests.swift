import Foundation
import Testing

/// Issue 13 end to end: bad values of every new scenario field (exit 2, the field named, nothing
/// written), limits no candidate can meet (the error naming the places, exit 2, nothing written), and
/// the demo's continuity job checked against its own outputs and re-checked by `nrplan audit`.
@Suite("Continuity limits, greenfield and roads (end to end)")
struct ContinuityCLITests {
    /// One broken input on the small scenario: what to change and what stderr must say.
    struct Case: Sendable, CustomTestStringConvertible {
        let name: String
        /// Replaces the objective's members after `"coverage_target":0.8` (a JSON fragment starting with `,`).
        let objective: String
        /// Top-level members added to the scenario (a JSON fragment starting with `,`), and a roads file.
        var extra: String = ""
        var roads: String? = nil
        let expected: [String]
        var testDescription: String { name }
    }

    static let road =
        #"{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"name":"示范大道","width_m":12},"geometry":{"type":"LineString","coordinates":[[113.285,23.11],[113.315,23.11]]}}]}"#

    static let cases: [Case] = [
        Case(
            name: "max_hole_m2 negative", objective: #","max_hole_m2":-5"#,
            expected: ["field 'objective.max_hole_m2': expected an area in m² ≥ 0, found -5"]),
        Case(
            name: "max_hole_m2 a string", objective: #","max_hole_m2":"1 ha""#,
            expected: ["field 'objective.max_hole_m2': expected an area in m² ≥ 0"]),
        Case(
            name: "edge_holes not a boolean", objective: #","max_hole_m2":10000,"edge_holes":"yes""#,
            expected: ["field 'objective.edge_holes': expected true or false"]),
        Case(
            name: "max_components zero", objective: #","max_components":0"#,
            expected: ["field 'objective.max_components': expected an integer ≥ 1, found 0"]),
        Case(
            name: "max_components a fraction", objective: #","max_components":1.5"#,
            expected: ["field 'objective.max_components': expected an integer ≥ 1"]),
        Case(
            name: "districts: an unknown district", objective: #","max_hole_m2":10000,"districts":{"北区":{}}"#,
            expected: ["field 'objective.districts.北区': expected the name of a district of the area", "'西区'"]),
        Case(
            name: "districts: a number instead of limits", objective: #","districts":{"西区":5}"#,
            expected: ["field 'objective.districts.西区': expected an object of limits"]),
        Case(
            name: "districts: a negative override", objective: #","districts":{"东区":{"max_hole_m2":-1}}"#,
            expected: ["field 'objective.districts.东区.max_hole_m2': expected an area in m² ≥ 0"]),
        Case(
            name: "max_road_gap_m without roads", objective: #","max_road_gap_m":100"#,
            expected: ["field 'objective.max_road_gap_m': expected roads to limit (demand.roads), found no road"]),
        Case(
            name: "max_road_gap_m negative", objective: #","max_road_gap_m":-100"#, roads: road,
            expected: ["field 'objective.max_road_gap_m': expected a length in metres ≥ 0"]),
        Case(
            name: "a road without a name", objective: "",
            roads: road.replacingOccurrences(of: #""name":"示范大道","#, with: ""),
            expected: ["roads.geojson: feature 0: field 'name': expected the road's name"]),
        Case(
            name: "a road that is a point", objective: "",
            roads: road.replacingOccurrences(
                of: #""type":"LineString","coordinates":[[113.285,23.11],[113.315,23.11]]"#,
                with: #""type":"Point","coordinates":[113.3,23.11]"#),
            expected: ["roads.geojson: feature 0: field 'geometry.type': expected LineString or MultiLineString"]),
        Case(
            name: "a road width out of range", objective: "",
            roads: road.replacingOccurrences(of: #""width_m":12"#, with: #""width_m":-3"#),
            expected: ["roads.geojson: feature 0: field 'width_m': expected a width in metres in 0…1000"]),
        Case(
            name: "greenfield without step_m", objective: "", extra: #","greenfield":{"cost":60}"#,
            expected: ["field 'greenfield.step_m': expected a lattice step in metres"]),
        Case(
            name: "greenfield step off the grid", objective: "", extra: #","greenfield":{"step_m":120,"cost":60}"#,
            expected: ["field 'greenfield.step_m': expected a whole multiple of demand.cell_m (50 m), found 120"]),
        Case(
            name: "greenfield cost negative", objective: "", extra: #","greenfield":{"step_m":250,"cost":-1}"#,
            expected: ["field 'greenfield.cost': expected a cost ≥ 0, found -1"]),
        Case(
            name: "greenfield unknown profile", objective: "",
            extra: #","greenfield":{"step_m":250,"cost":60,"profile":"n99-mega"}"#,
            expected: ["field 'greenfield.profile': expected a known radio profile", "found 'n99-mega'"]),
        Case(
            name: "greenfield min_distance_m negative", objective: "",
            extra: #","greenfield":{"step_m":250,"cost":60,"min_distance_m":-5}"#,
            expected: ["field 'greenfield.min_distance_m': expected a distance in metres ≥ 0"]),
    ]

    /// The small scenario with `objective` members and top-level members added (and a roads file).
    static func scenario(in folder: URL, objective: String, extra: String = "", roads: String? = nil) throws -> URL {
        try CLI.smallScenario(in: folder) { files in
            var text = files["scenario.json"] ?? ""
            text = text.replacingOccurrences(
                of: #""coverage_target":0.8}"#, with: #""coverage_target":0.8\#(objective)}"#)
            text = text.replacingOccurrences(of: #","seed":1}"#, with: #","seed":1\#(extra)}"#)
            if let roads {
                files["roads.geojson"] = roads
                text = text.replacingOccurrences(of: #""cell_m":50}"#, with: #""cell_m":50,"roads":["roads.geojson"]}"#)
            }
            files["scenario.json"] = text
        }
    }

    @Test("bad values of the new fields: exit 2, the field named, nothing written", arguments: cases)
    func rejects(_ badCase: Case) throws {
        let folder = try CLI.temporaryFolder("continuity-bad")
        defer { try? FileManager.default.removeItem(at: folder) }
        let scenario = try Self.scenario(
            in: folder, objective: badCase.objective, extra: badCase.extra, roads: badCase.roads)
        let out = folder.appendingPathComponent("out")
        let run = try CLI.run(["solve", scenario.path, "--out", out.path])
        #expect(run.status == 2, "\(run.stderr)")
        for text in badCase.expected {
            #expect(run.stderr.contains(text), "stderr lacks «\(text)»:\n\(run.stderr)")
        }
        #expect(!FileManager.default.fileExists(atPath: out.path), "an output folder was created")
    }

    @Test("limits no candidate can meet: exit 2, the places listed with district, area and centroid, nothing written")
    func unreachable() throws {
        let folder = try CLI.temporaryFolder("continuity-unreachable")
        defer { try? FileManager.default.removeItem(at: folder) }
        // Every hole counts (edge_holes), 1 ha at most, no coverage target (the limits alone are the
        // job), but only the existing site in the west: the east district is reached by nothing.
        let scenario = try CLI.smallScenario(in: folder) { files in
            files["candidates.geojson"] = #"{"type":"FeatureCollection","features":[]}"#
            files["scenario.json"] = (files["scenario.json"] ?? "").replacingOccurrences(
                of: #","coverage_target":0.8}"#, with: #","max_hole_m2":10000,"edge_holes":true}"#)
        }
        let out = folder.appendingPathComponent("out")
        try FileManager.default.createDirectory(at: out, withIntermediateDirectories: true)
        try "keep".write(to: out.appendingPathComponent("note.txt"), atomically: true, encoding: .utf8)
        let run = try CLI.run(["solve", scenario.path, "--out", out.path, "--force"])
        #expect(run.status == 2, "\(run.stderr)")
        #expect(run.stderr.contains("the continuity limits cannot be met: no candidate or existing site reaches"))
        #expect(run.stderr.contains("  - 东区: an area of "), "\(run.stderr)")
        #expect(run.stderr.contains("lon/lat (113.3"), "\(run.stderr)")
        #expect(run.stderr.contains("(max_hole_m2 10000)"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: out.path) == ["note.txt"])
    }

    @Test(
        "demo continuity job: no enclosed hole over 1 ha, no road gap over 100 m, rounds and rows reported, every site with its source; audit with the same scenario passes"
    )
    func demoContinuity() throws {
        let folder = try CLI.temporaryFolder("continuity-demo")
        defer { try? FileManager.default.removeItem(at: folder) }
        let scenario = CLI.repositoryRoot.appendingPathComponent("geodata/demo/scenario-continuous.json")
        let out = folder.appendingPathComponent("out")
        let run = try CLI.run(["solve", scenario.path, "--out", out.path, "--threads", "2"])
        #expect(run.status == 0, "\(run.stderr)")
        func json(_ name: String, in dir: URL = out) throws -> [String: Any] {
            try #require(
                JSONSerialization.jsonObject(with: Data(contentsOf: dir.appendingPathComponent(name))) as? [String: Any]
            )
        }
        func properties(_ name: String) throws -> [[String: Any]] {
            try (json(name)["features"] as? [[String: Any]] ?? []).map { $0["properties"] as? [String: Any] ?? [:] }
        }
        let holes = try properties("holes.geojson")
        let enclosed = holes.filter { ($0["touches_edge"] as? Bool) == false }
        #expect(!enclosed.isEmpty)
        #expect(enclosed.allSatisfy { ($0["area_m2"] as? Double ?? .infinity) <= 10_000 })
        let gaps = try properties("road-gaps.geojson")
        #expect(!gaps.isEmpty)
        #expect(gaps.allSatisfy { ($0["length_m"] as? Double ?? .infinity) <= 100 + 1e-6 })
        let summary = try json("summary.json")
        let limits = try #require(summary["continuity_limits"] as? [String: Any])
        #expect(limits["met"] as? Bool == true)
        let rounds = try #require(limits["rounds"] as? [[String: Any]])
        #expect(rounds.count >= 2)
        #expect((rounds.last?["violations"] as? [String: Any])?.values.allSatisfy { ($0 as? Int) == 0 } == true)
        let bound = try #require((limits["bound"] as? [String: Any])?["value"] as? Double)
        let cost = try #require(summary["cost_total"] as? Double)
        #expect(bound <= cost && bound > 0)
        let sites = try properties("sites.geojson")
        #expect(
            sites.allSatisfy { ["catalogue", "lamp_pole", "greenfield", "existing"].contains($0["source"] as? String) })
        let greenfield = sites.filter { $0["source"] as? String == "greenfield" }.count
        #expect(greenfield == (summary["greenfield"] as? [String: Any])?["sites_new"] as? Int)
        let roads = try #require(summary["roads"] as? [[String: Any]])
        #expect(roads.allSatisfy { ($0["longest_gap_m"] as? Double ?? .infinity) <= 100 + 1e-6 })

        let audit = folder.appendingPathComponent("audit")
        let checked = try CLI.run([
            "audit", "--area", CLI.repositoryRoot.appendingPathComponent("geodata/demo/area.geojson").path, "--sites",
            out.appendingPathComponent("sites.geojson").path, "--scenario", scenario.path, "--out", audit.path,
            "--threads", "2",
        ])
        #expect(checked.status == 0, "\(checked.stderr)")
        let audited = try json("summary.json", in: audit)
        #expect(audited["passed"] as? Bool == true)
        #expect(audited["holes_enclosed"] as? Int == summary["holes_enclosed"] as? Int)
        let verdicts = ((audited["continuity"] as? [String: Any])?["targets"] as? [String: Any])?["verdicts"]
        let targets = try #require(verdicts as? [[String: Any]])
        #expect(targets.contains { $0["target"] as? String == "max_enclosed_hole_m2" })
        #expect(targets.contains { $0["target"] as? String == "max_road_gap_m" })
        #expect(targets.allSatisfy { $0["passed"] as? Bool == true })
    }
}
