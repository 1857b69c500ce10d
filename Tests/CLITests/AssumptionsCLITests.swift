import Foundation
import Testing

/// What a run assumed is recorded (issue 14): `radio` and `inputs` in summary.json of solve and
/// audit, the same in report.md and on the terminal; input digests anyone can check with
/// `sha256sum`; and a radio job's sites keep OSM's `type` as a plain property.
@Suite("Recorded assumptions and inputs (end to end)", .serialized)
struct AssumptionsCLITests {
    func json(_ url: URL) throws -> [String: Any] {
        try #require(JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any])
    }

    /// `sha256sum` of files, or nil where the tool is absent.
    static func sha256sum(_ files: [URL]) throws -> [String]? {
        guard let tool = ["/usr/bin/sha256sum", "/bin/sha256sum"].first(where: FileManager.default.isExecutableFile)
        else { return nil }
        let run = try CLI.run(files.map(\.path), executable: URL(fileURLWithPath: tool))
        return run.stdout.split(separator: "\n").map { String($0.prefix(64)) }
    }

    /// Built sites with no kind, height or profile (as a carrier's table or `nrplan cluster` gives them).
    static func bareSites(in folder: URL) throws -> URL {
        let sites = (0..<6).map { k in
            #"{"type":"Feature","properties":{"id":"S\#(k)","type":"construction"},"geometry":{"type":"Point","coordinates":[\#(113.285 + Double(k) * 0.006),23.12]}}"#
        }
        return try CLI.write(
            "{\"type\":\"FeatureCollection\",\"features\":[\n" + sites.joined(separator: ",\n") + "]}", "bare.geojson",
            in: folder)
    }

    @Test(
        "audit: summary.json records profiles, threshold, reliability, heights and the defaults (6 sites as 35 m towers)"
    )
    func auditRecordsDefaults() throws {
        let folder = try CLI.temporaryFolder("assumptions-audit")
        defer { try? FileManager.default.removeItem(at: folder) }
        let scenario = try CLI.smallScenario(in: folder)
        let sites = try Self.bareSites(in: folder)
        let out = folder.appendingPathComponent("audit")
        let run = try CLI.run([
            "audit", "--scenario", scenario.path, "--sites", sites.path, "--out", out.path,
        ])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("assumed       no kind for 6 of 6 site(s) → tower (6)"), "\(run.stdout)")
        let summary = try json(out.appendingPathComponent("summary.json"))
        let radio = try #require(summary["radio"] as? [String: Any])
        #expect(radio["rsrp_threshold_dbm"] as? Double == -110)
        #expect(radio["edge_reliability"] as? Double == 0.75)
        let profiles = try #require(radio["profiles"] as? [[String: Any]])
        #expect(profiles.map { $0["name"] as? String } == ["n78-macro"])
        #expect(profiles[0]["sites"] as? Int == 6)
        #expect(profiles[0]["overridden"] as? [String] == ["edge_reliability", "rsrp_threshold_dbm"])
        let heights = try #require(radio["heights_m"] as? [String: Any])
        #expect(heights["min"] as? Double == 35 && heights["max"] as? Double == 35)
        let defaults = try #require(radio["defaults"] as? [String: Any])
        #expect((defaults["kind"] as? [String: Any])?["sites"] as? Int == 6)
        #expect(((defaults["kind"] as? [String: Any])?["values"] as? [String: Any])?["tower"] as? Int == 6)
        #expect(((defaults["height_m"] as? [String: Any])?["values"] as? [String: Any])?["tower 35 m"] as? Int == 6)
        // The 35 m towers lie outside UMa's nominal 25 m: said once, with the count.
        let validity = try #require(radio["validity"] as? [[String: Any]])
        #expect(validity.first?["flag"] as? String == "bs_height_not_nominal" && validity.first?["sites"] as? Int == 6)
        let report = try String(contentsOf: out.appendingPathComponent("report.md"), encoding: .utf8)
        #expect(report.contains("## Assumptions"))
        #expect(report.contains("Defaults: no kind for 6 of 6 site(s) → tower (6)."))
        #expect(report.contains("Covered: SS-RSRP ≥ -110 dBm at 75 % cell-edge reliability."))
        // Inputs: every file with its role and the digest sha256sum prints.
        let inputs = try #require(summary["inputs"] as? [[String: Any]])
        let files = inputs.compactMap { $0["file"] as? String }
        #expect(inputs.compactMap { $0["role"] as? String }.contains("--sites"))
        #expect(files.contains(sites.path) && files.contains(scenario.path))
        if let digests = try Self.sha256sum(files.map { URL(fileURLWithPath: $0) }) {
            #expect(inputs.compactMap { $0["sha256"] as? String } == digests)
        }
        // report.md lists the same files with the same digests.
        #expect(report.contains("## Inputs"))
        for input in inputs {
            let digest = try #require(input["sha256"] as? String)
            #expect(report.contains("| --sites |") && report.contains("`\(digest)` |"))
        }
        for input in inputs {
            let bytes = try Data(contentsOf: URL(fileURLWithPath: try #require(input["file"] as? String))).count
            #expect(input["bytes"] as? Int == bytes)
        }
    }

    @Test(
        "solve: the same `radio` object, inputs by SHA-256, and a radio job ignores `type` (sites.csv shows the kind)")
    func solveRecords() throws {
        let folder = try CLI.temporaryFolder("assumptions-solve")
        defer { try? FileManager.default.removeItem(at: folder) }
        let scenario = try CLI.smallScenario(in: folder) { files in
            // OSM-style `type` on every candidate, numeric on some: a radio job must not read it.
            var text = files["candidates.geojson"] ?? ""
            for i in 0..<60 {
                text = text.replacingOccurrences(
                    of: #""custom_field":\#(i)}"#,
                    with: #""custom_field":\#(i),"type":\#(i % 2 == 0 ? "\"construction\"" : "7")}"#)
            }
            files["candidates.geojson"] = text
        }
        let out = folder.appendingPathComponent("plan")
        let run = try CLI.run(["solve", scenario.path, "--out", out.path])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("radio         n78-macro ×"), "\(run.stdout)")
        let summary = try json(out.appendingPathComponent("summary.json"))
        let radio = try #require(summary["radio"] as? [String: Any])
        let profiles = try #require(radio["profiles"] as? [[String: Any]])
        #expect(Set(profiles.compactMap { $0["name"] as? String }).isSubset(of: ["n78-macro", "n78-small-cell"]))
        #expect(profiles.map { $0["sites"] as? Int ?? 0 }.reduce(0, +) == (summary["sites_new"] as? Int ?? -1) + 1)
        #expect(((radio["candidate_defaults"] as? [String: Any])?["cost"] as? [String: Any])?["sites"] as? Int == 60)
        let inputs = try #require(summary["inputs"] as? [[String: Any]])
        #expect(inputs.first?["role"] as? String == "scenario")
        #expect(inputs.allSatisfy { ($0["sha256"] as? String)?.count == 64 && $0["fnv1a64"] == nil })
        if let digests = try Self.sha256sum(inputs.map { URL(fileURLWithPath: $0["file"] as? String ?? "") }) {
            #expect(inputs.compactMap { $0["sha256"] as? String } == digests)
        }
        let csv = try String(contentsOf: out.appendingPathComponent("sites.csv"), encoding: .utf8)
        #expect(!csv.contains("construction") && !csv.contains(",7,"))
        let sitesGeo = try String(contentsOf: out.appendingPathComponent("sites.geojson"), encoding: .utf8)
        #expect(sitesGeo.contains(#""type":"construction""#))
        let report = try String(contentsOf: out.appendingPathComponent("report.md"), encoding: .utf8)
        #expect(report.contains("## Assumptions") && report.contains("Defaults: no height_m for"))
    }
}
