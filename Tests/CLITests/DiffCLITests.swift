import Foundation
import Testing

@testable import Geo

/// `nrplan diff` end to end: hand-made run folders with every kind of change (counts checked
/// against the construction), bad input (exit 2, nothing written), and the demo's 95 % and 99 %
/// plans, with a solve compared to the audit of its own plan as a cross-check.
@Suite("nrplan diff (end to end)", .serialized)
struct DiffCLITests {
    static let projection = LocalProjection(centralMeridianDegrees: 113.3, originLatitudeDegrees: 23.1)

    struct SiteSpec {
        var id: String
        var x: Double
        var y: Double
        var cost: Double = 10
    }

    static func point(_ x: Double, _ y: Double) -> String {
        let p = projection.unproject(Coordinate(x: x, y: y))
        return "[\(p.x),\(p.y)]"
    }

    /// Writes an output folder as `solve` or `audit` would: summary.json, sites.geojson, holes.geojson.
    @discardableResult
    static func runFolder(
        _ url: URL, command: String = "solve", sites: [SiteSpec], holes: [(id: Int, box: [Double])],
        coverage: Double, edit: (inout [String: String]) -> Void = { _ in }
    ) throws -> URL {
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        let siteFeatures = sites.map { s in
            #"{"type":"Feature","geometry":{"type":"Point","coordinates":\#(point(s.x, s.y))},"properties":{"id":"\#(s.id)","name":"站点\#(s.id)","kind":"rooftop","cost":\#(s.cost),"plan":"new"}}"#
        }
        let holeFeatures = holes.map { h -> String in
            let (x0, y0, x1, y1) = (h.box[0], h.box[1], h.box[2], h.box[3])
            let ring = [point(x0, y0), point(x1, y0), point(x1, y1), point(x0, y1), point(x0, y0)].joined(
                separator: ",")
            return
                #"{"type":"Feature","geometry":{"type":"Polygon","coordinates":[[\#(ring)]]},"properties":{"hole_id":\#(h.id),"district":"东区","area_m2":\#((x1 - x0) * (y1 - y0)),"centroid_lon":113.3,"centroid_lat":23.1,"touches_edge":false}}"#
        }
        var files = [
            "sites.geojson": "{\"type\":\"FeatureCollection\",\"features\":[\n" + siteFeatures.joined(separator: ",\n")
                + "]}",
            "holes.geojson": "{\"type\":\"FeatureCollection\",\"features\":[\n" + holeFeatures.joined(separator: ",\n")
                + "]}",
            "summary.json": """
            {"version":"0.1.0","command":"\(command)","crs":"wgs84","coverage_ratio":\(coverage),"cell_m":10,"cells":1000,
             "holes_count":\(holes.count),"cost_total":\(command == "solve" ? "\(sites.reduce(0) { $0 + $1.cost })" : "null"),
             "continuity":{"districts":[{"name":"东区","coverage_ratio":\(coverage),"holes":\(holes.count),"largest_hole_m2":0}]}}
            """,
        ]
        edit(&files)
        for (name, text) in files { try CLI.write(text, name, in: url) }
        return url
    }

    static func json(_ url: URL) throws -> [String: Any] {
        try #require(JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any])
    }

    static func changes(_ url: URL, key: String) throws -> [String: String] {
        let features = try #require(try json(url)["features"] as? [[String: Any]])
        var out: [String: String] = [:]
        for f in features {
            let p = f["properties"] as? [String: Any] ?? [:]
            let value = p[key].flatMap { $0 is NSNull ? nil : "\($0)" } ?? "nil"
            out[value] = p["change"] as? String
        }
        return out
    }

    @Test("hand-made runs with every kind of change: the counts are the construction's, in every output")
    func handMade() throws {
        let root = try CLI.temporaryFolder("diff-hand")
        defer { try? FileManager.default.removeItem(at: root) }
        let a = try Self.runFolder(
            root.appendingPathComponent("a"),
            sites: [
                .init(id: "K1", x: 0, y: 0), .init(id: "K2", x: 100, y: 0), .init(id: "M", x: 200, y: 0),
                .init(id: "OLD", x: 300, y: 0), .init(id: "R1", x: 400, y: 0, cost: 7),
            ],
            holes: [
                (1, [0, 0, 200, 200]), (2, [1000, 0, 1100, 100]), (3, [2000, 0, 2100, 100]), (4, [3000, 0, 3100, 100]),
            ], coverage: 0.9)
        let b = try Self.runFolder(
            root.appendingPathComponent("b"), command: "audit",
            sites: [
                .init(id: "K1", x: 0, y: 0), .init(id: "K2", x: 104, y: 0), .init(id: "M", x: 260, y: 0),
                .init(id: "NEW", x: 303, y: 0), .init(id: "N1", x: 5000, y: 0, cost: 12),
                .init(id: "N2", x: 6000, y: 0, cost: 3),
            ],
            holes: [
                (11, [0, 0, 100, 200]), (12, [1000, 0, 1100, 100]), (14, [3000, 0, 3200, 100]),
                (15, [8000, 0, 8100, 100]),
            ],
            coverage: 0.95)
        let out = root.appendingPathComponent("diff")
        let run = try CLI.run(["diff", a.path, b.path, "--out", out.path, "--threads", "2"])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("2 added, 1 removed, 2 moved, 2 kept"), "\(run.stdout)")
        let names = try FileManager.default.contentsOfDirectory(atPath: out.path).sorted()
        #expect(names == ["holes-diff.geojson", "report.html", "report.md", "sites-diff.geojson", "summary.json"])
        let s = try Self.json(out.appendingPathComponent("summary.json"))
        #expect(s["command"] as? String == "diff")
        #expect(s["sites_added"] as? Int == 2 && s["sites_removed"] as? Int == 1)
        #expect(s["sites_kept"] as? Int == 2 && s["sites_moved"] as? Int == 2)
        #expect(s["sites_moved_same_id"] as? Int == 1 && s["sites_moved_new_id"] as? Int == 1)
        #expect(s["cost_a"] as? Double == 47 && s["cost_b"] as? Double == 55 && s["cost_delta"] as? Double == 8)
        #expect(s["cost_added"] as? Double == 15 && s["cost_removed"] as? Double == 7)
        #expect(abs((s["coverage_ratio_delta"] as? Double ?? 0) - 0.05) < 1e-9)
        let holes = try #require(s["holes"] as? [String: Any])
        for (change, count) in [
            ("appeared", 1), ("disappeared", 1), ("shrank", 1), ("grew", 1), ("reshaped", 0), ("unchanged", 1),
        ] {
            #expect(holes[change] as? Int == count, "\(change)")
        }
        let sites = try Self.changes(out.appendingPathComponent("sites-diff.geojson"), key: "id")
        #expect(
            sites == [
                "K1": "kept", "K2": "kept", "M": "moved", "NEW": "moved", "N1": "added", "N2": "added", "R1": "removed",
            ])
        let holeChanges = try Self.changes(out.appendingPathComponent("holes-diff.geojson"), key: "hole_id_b")
        #expect(
            holeChanges == ["11": "shrank", "12": "unchanged", "14": "grew", "15": "appeared", "nil": "disappeared"])
        #expect(RFC7946Checker.violations(in: out.appendingPathComponent("sites-diff.geojson")) == [])
        #expect(RFC7946Checker.violations(in: out.appendingPathComponent("holes-diff.geojson")) == [])
        let report = try String(contentsOf: out.appendingPathComponent("report.md"), encoding: .utf8)
        #expect(report.contains("2 added, 1 removed, 2 moved, 2 kept") && report.contains("NEW (was OLD)"))
        #expect(report.contains("## Districts") && report.contains("东区"))
        // A tolerance of 0: K2 (4 m) moved as well, NEW is added and OLD removed.
        let strict = root.appendingPathComponent("strict")
        let rerun = try CLI.run(["diff", a.path, b.path, "--out", strict.path, "--tolerance-m", "0", "--quiet"])
        #expect(rerun.status == 0, "\(rerun.stderr)")
        let t = try Self.json(strict.appendingPathComponent("summary.json"))
        #expect(t["sites_kept"] as? Int == 1 && t["sites_moved"] as? Int == 2)
        #expect(t["sites_added"] as? Int == 3 && t["sites_removed"] as? Int == 2)
        // Same inputs, same bytes (whatever the thread count).
        let again = root.appendingPathComponent("again")
        _ = try CLI.run(["diff", a.path, b.path, "--out", again.path, "--threads", "1", "--quiet"])
        for name in names {
            #expect(
                try Data(contentsOf: out.appendingPathComponent(name))
                    == Data(contentsOf: again.appendingPathComponent(name)),
                "\(name)")
        }
    }

    @Test("bad input: a clear message naming the file and field, exit 2, nothing written")
    func badInput() throws {
        let root = try CLI.temporaryFolder("diff-bad")
        defer { try? FileManager.default.removeItem(at: root) }
        let good = try Self.runFolder(
            root.appendingPathComponent("good"), sites: [.init(id: "A", x: 0, y: 0)], holes: [], coverage: 1)
        let empty = root.appendingPathComponent("empty")
        try FileManager.default.createDirectory(at: empty, withIntermediateDirectories: true)
        func bad(_ name: String, _ edit: @escaping (inout [String: String]) -> Void) throws -> URL {
            try Self.runFolder(
                root.appendingPathComponent(name), sites: [.init(id: "A", x: 0, y: 0), .init(id: "B", x: 50, y: 0)],
                holes: [(1, [0, 0, 10, 10])], coverage: 1, edit: edit)
        }
        let cases: [(String, String)] = [
            (root.appendingPathComponent("missing").path, "no such folder"),
            (good.appendingPathComponent("summary.json").path, "is a file"),
            (empty.path, "not an nrplan output folder"),
            (try bad("json") { $0["summary.json"] = "{\"command\": \"solve\",," }.path, "invalid JSON"),
            (try bad("cluster") { $0["summary.json"] = #"{"command":"cluster"}"# }.path, "field 'command'"),
            (
                try bad("planar") {
                    $0["summary.json"] = #"{"command":"solve","crs":"planar","coverage_ratio":1,"holes_count":0}"#
                }
                .path, "field 'crs'"
            ),
            (
                try bad("line") {
                    $0["sites.geojson"] = $0["sites.geojson"]!.replacingOccurrences(
                        of: "\"Point\"", with: "\"LineString\"")
                }.path, "feature 0: field 'geometry"
            ),
            (
                try bad("twice") {
                    $0["sites.geojson"] = $0["sites.geojson"]!.replacingOccurrences(
                        of: "\"id\":\"B\"", with: "\"id\":\"A\"")
                }.path, "a unique id"
            ),
            (
                try bad("holeid") {
                    $0["holes.geojson"] = $0["holes.geojson"]!.replacingOccurrences(
                        of: "\"hole_id\":1", with: "\"hole_id\":\"x\"")
                }.path, "field 'hole_id'"
            ),
        ]
        for (folder, message) in cases {
            let out = root.appendingPathComponent("out-\(UUID().uuidString)")
            let run = try CLI.run(["diff", good.path, folder, "--out", out.path, "--quiet"])
            #expect(run.status == 2, "\(folder): \(run.stderr)")
            #expect(run.stderr.contains(message), "\(folder): expected '\(message)' in \(run.stderr)")
            #expect(!FileManager.default.fileExists(atPath: out.path), "\(folder): output written")
            let reversed = try CLI.run(["diff", folder, good.path, "--out", out.path, "--quiet"])
            #expect(reversed.status == 2 && !FileManager.default.fileExists(atPath: out.path))
        }
        // Writing into A would replace its summary.json: refused, A untouched.
        let before = try Data(contentsOf: good.appendingPathComponent("summary.json"))
        let into = try CLI.run(["diff", good.path, good.path, "--out", good.path, "--force", "--quiet"])
        #expect(into.status == 2 && into.stderr.contains("would be overwritten"), "\(into.stderr)")
        #expect(try Data(contentsOf: good.appendingPathComponent("summary.json")) == before)
        #expect(!FileManager.default.fileExists(atPath: good.appendingPathComponent("report.html").path))
        // Help and usage mistakes.
        let help = try CLI.run(["diff", "--help"])
        #expect(
            help.status == 0 && help.stdout.contains("USAGE: nrplan diff A_DIR B_DIR")
                && help.stdout.contains("--tolerance-m"))
        #expect(try CLI.run(["--help"]).stdout.contains("diff "))
        let usage = try CLI.run(["diff", good.path, "--out", root.appendingPathComponent("x").path])
        #expect(usage.status == 2 && usage.stderr.contains("missing argument B_DIR"))
        let tolerance = try CLI.run(["diff", good.path, good.path, "--out", "x", "--tolerance-m", "-1"])
        #expect(tolerance.status == 2 && tolerance.stderr.contains("--tolerance-m"))
    }

    /// The demo scenario with absolute paths and another coverage target, written into `folder`.
    static func demoScenario(target: Double, in folder: URL) throws -> URL {
        let demo = CLI.repositoryRoot.appendingPathComponent("geodata/demo")
        var scenario = try #require(
            JSONSerialization.jsonObject(with: Data(contentsOf: CLI.demoScenario)) as? [String: Any])
        func absolute(_ name: Any?) -> String { demo.appendingPathComponent(name as? String ?? "").path }
        scenario["area"] = absolute(scenario["area"])
        scenario["existing"] = absolute(scenario["existing"])
        scenario["candidates"] = (scenario["candidates"] as? [String] ?? []).map(absolute)
        scenario["exclusions"] = (scenario["exclusions"] as? [String] ?? []).map(absolute)
        var objective = scenario["objective"] as? [String: Any] ?? [:]
        objective["coverage_target"] = target
        scenario["objective"] = objective
        let url = folder.appendingPathComponent("scenario-\(Int(target * 100)).json")
        try JSONSerialization.data(withJSONObject: scenario).write(to: url)
        return url
    }

    /// The site ids of a run's sites.geojson.
    static func siteIds(_ folder: URL) throws -> Set<String> {
        let features = try #require(
            try json(folder.appendingPathComponent("sites.geojson"))["features"] as? [[String: Any]])
        return Set(features.compactMap { ($0["properties"] as? [String: Any])?["id"] as? String })
    }

    @Test("the demo's 95 % and 99 % plans, and a plan against the audit of itself")
    func demo95and99() throws {
        let root = try CLI.temporaryFolder("diff-demo")
        defer { try? FileManager.default.removeItem(at: root) }
        let demo = CLI.repositoryRoot.appendingPathComponent("geodata/demo")
        let s99 = try Self.demoScenario(target: 0.99, in: root)
        let p95 = root.appendingPathComponent("p95")
        let p99 = root.appendingPathComponent("p99")
        for (path, out) in [(CLI.demoScenario.path, p95), (s99.path, p99)] {
            let run = try CLI.run(["solve", path, "--out", out.path, "--threads", "2", "--quiet"])
            #expect(run.status == 0, "\(run.stderr)")
        }
        let out = root.appendingPathComponent("diff")
        let run = try CLI.run(["diff", p95.path, p99.path, "--out", out.path, "--threads", "2"])
        #expect(run.status == 0, "\(run.stderr)")
        print("demo 95 % → 99 %:\n\(run.stdout)")
        let s = try Self.json(out.appendingPathComponent("summary.json"))
        let a = try Self.json(p95.appendingPathComponent("summary.json"))
        let b = try Self.json(p99.appendingPathComponent("summary.json"))
        let sitesA = (a["sites_new"] as? Int ?? 0) + (a["sites_existing"] as? Int ?? 0)
        let sitesB = (b["sites_new"] as? Int ?? 0) + (b["sites_existing"] as? Int ?? 0)
        let (added, removed, kept, moved) = (
            s["sites_added"] as? Int ?? -1, s["sites_removed"] as? Int ?? -1, s["sites_kept"] as? Int ?? -1,
            s["sites_moved"] as? Int ?? -1
        )
        #expect(kept + moved + added == sitesB && kept + moved + removed == sitesA)
        // Recount from the two sites.geojson files by id (positions of one id are the catalogue's).
        let idsA = try Self.siteIds(p95)
        let idsB = try Self.siteIds(p99)
        #expect(kept + (s["sites_moved_same_id"] as? Int ?? -1) == idsA.intersection(idsB).count)
        #expect(added + (s["sites_moved_new_id"] as? Int ?? -1) == idsB.subtracting(idsA).count)
        #expect(removed + (s["sites_moved_new_id"] as? Int ?? -1) == idsA.subtracting(idsB).count)
        // Cost: A + added − removed = B (kept sites cost the same in both).
        let costA = try #require(s["cost_a"] as? Double)
        let costB = try #require(s["cost_b"] as? Double)
        #expect(abs(costA + (s["cost_added"] as? Double ?? 0) - (s["cost_removed"] as? Double ?? 0) - costB) < 1e-6)
        #expect(costA == a["cost_total"] as? Double && costB == b["cost_total"] as? Double)
        // Holes: every hole of A either disappeared or is overlapped; every hole of B is in one entry.
        let holes = try #require(s["holes"] as? [String: Any])
        let count = { (k: String) in holes[k] as? Int ?? -1 }
        #expect(
            count("appeared") + count("shrank") + count("grew") + count("reshaped") + count("unchanged")
                == count("count_b"))
        #expect(count("count_a") == a["holes_count"] as? Int && count("count_b") == b["holes_count"] as? Int)
        // Coverage change on one grid: exact cell sums against both runs' own figures.
        let change = try #require(s["coverage_change"] as? [String: Double])
        let demand = (a["demand_area_km2"] as? Double ?? 0) * 1e6
        let total = ["covered_both_m2", "gained_m2", "lost_m2", "uncovered_both_m2", "one_run_only_m2"].reduce(0.0) {
            $0 + (change[$1] ?? 0)
        }
        #expect(abs(total - demand) < 2500, "classes sum to \(total), demand \(demand)")
        #expect(change["one_run_only_m2"] == 0)
        let holeArea = { (summary: [String: Any]) in
            ((summary["continuity"] as? [String: Any])?["holes"] as? [String: Any])?["total_m2"] as? Double ?? -1
        }
        #expect(change["gained_m2"]! + change["uncovered_both_m2"]! == holeArea(a))
        #expect(change["lost_m2"]! + change["uncovered_both_m2"]! == holeArea(b))
        let report = try String(contentsOf: out.appendingPathComponent("report.md"), encoding: .utf8)
        #expect(report.contains("\(added) added, \(removed) removed, \(moved) moved, \(kept) kept"))

        // The 99 % plan against the audit of its own sites: nothing changes.
        let audit = root.appendingPathComponent("audit99")
        let audited = try CLI.run([
            "audit", "--scenario", s99.path, "--area", demo.appendingPathComponent("area.geojson").path,
            "--sites", p99.appendingPathComponent("sites.geojson").path, "--out", audit.path, "--quiet",
        ])
        #expect(audited.status == 0 || audited.status == 1, "\(audited.stderr)")
        let same = root.appendingPathComponent("same")
        let rerun = try CLI.run(["diff", p99.path, audit.path, "--out", same.path, "--quiet"])
        #expect(rerun.status == 0, "\(rerun.stderr)")
        let t = try Self.json(same.appendingPathComponent("summary.json"))
        #expect(t["sites_kept"] as? Int == sitesB && t["sites_added"] as? Int == 0 && t["sites_removed"] as? Int == 0)
        #expect(t["sites_moved"] as? Int == 0 && t["coverage_ratio_delta"] as? Double == 0)
        let unchanged = try #require(t["holes"] as? [String: Any])
        #expect(unchanged["unchanged"] as? Int == b["holes_count"] as? Int)
        let sameChange = try #require(t["coverage_change"] as? [String: Double])
        #expect(sameChange["gained_m2"] == 0 && sameChange["lost_m2"] == 0 && sameChange["one_run_only_m2"] == 0)
        #expect(abs((t["cost_delta"] as? Double ?? 1)) < 1e-9)
    }
}
