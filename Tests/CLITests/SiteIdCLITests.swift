import Foundation
import Testing

/// Site ids reach the outputs intact: a catalogue that gives a site's id as the feature's `id`
/// member (RFC 7946 §3.2) rather than as a property gets it back as the output feature's `id` — with
/// its JSON type, string or number — and as the `id` property, so a GIS joins the outputs to the
/// catalogue on either.
@Suite("site ids in sites.geojson (end to end)")
struct SiteIdCLITests {
    /// Input feature id (nil when the id is a property) and properties of each candidate, by the
    /// candidate's position in candidates.geojson.
    static func editIds(_ files: inout [String: String]) {
        var text = files["candidates.geojson"]!
        for i in 0..<60 where i % 2 == 0 {
            // Even candidates: the id moves out of the properties into the feature's `id` member,
            // a number for every fourth, a string otherwise.
            let member = i % 4 == 0 ? "\(9000 + i)" : "\"F-\(i)\""
            text = text.replacingOccurrences(
                of: #"{"type":"Feature","properties":{"id":"C\#(i)","#,
                with: #"{"type":"Feature","id":\#(member),"properties":{"#)
        }
        files["candidates.geojson"] = text
    }

    static func features(_ file: URL) throws -> [[String: Any]] {
        let json = try #require(JSONSerialization.jsonObject(with: Data(contentsOf: file)) as? [String: Any])
        return try #require(json["features"] as? [[String: Any]])
    }

    @Test("solve: a feature-level id (string or number) comes back as the feature's id and the id property")
    func solveKeepsFeatureIds() throws {
        let folder = try CLI.temporaryFolder("site-ids")
        defer { try? FileManager.default.removeItem(at: folder) }
        let scenario = try CLI.smallScenario(in: folder, target: 0.88, edit: Self.editIds)
        let out = folder.appendingPathComponent("out")
        let run = try CLI.run(["solve", scenario.path, "--out", out.path, "--threads", "2", "--quiet"])
        #expect(run.status == 0, "\(run.stderr)")
        let input = try Self.features(folder.appendingPathComponent("candidates.geojson"))
        let byName = Dictionary(
            input.map { (($0["properties"] as? [String: Any])?["name"] as? String ?? "", $0) },
            uniquingKeysWith: { a, _ in a })
        let output = try Self.features(out.appendingPathComponent("sites.geojson"))
        var numeric = 0
        var string = 0
        var property = 0
        for feature in output {
            let properties = try #require(feature["properties"] as? [String: Any])
            guard properties["plan"] as? String == "new" else {
                #expect(feature["id"] == nil, "an existing site without a feature id got one")
                continue
            }
            let source = try #require(byName[properties["name"] as? String ?? ""])
            if let number = source["id"] as? Int {
                #expect(feature["id"] as? Int == number, "numeric feature id kept: \(feature)")
                #expect(properties["id"] as? Int == number, "id property of the same type")
                numeric += 1
            } else if let text = source["id"] as? String {
                #expect(feature["id"] as? String == text, "string feature id kept: \(feature)")
                #expect(properties["id"] as? String == text)
                string += 1
            } else {
                #expect(feature["id"] == nil, "no feature id invented")
                #expect(properties["id"] as? String == (source["properties"] as? [String: Any])?["id"] as? String)
                property += 1
            }
        }
        // The plan chose sites of every kind of id, so each branch above ran.
        #expect(numeric > 0 && string > 0 && property > 0, "numeric \(numeric), string \(string), property \(property)")
        // sites.csv names each site by the same id.
        let csv = try String(contentsOf: out.appendingPathComponent("sites.csv"), encoding: .utf8)
        for feature in output {
            let id = (feature["properties"] as? [String: Any])?["id"].map { "\($0)" } ?? "?"
            #expect(csv.contains("\n\(id),"), "sites.csv lacks \(id)")
        }
    }

    @Test("audit: the audited sites keep their feature ids")
    func auditKeepsFeatureIds() throws {
        let folder = try CLI.temporaryFolder("site-ids-audit")
        defer { try? FileManager.default.removeItem(at: folder) }
        _ = try CLI.smallScenario(in: folder, edit: Self.editIds)
        let out = folder.appendingPathComponent("out")
        let run = try CLI.run([
            "audit", "--area", folder.appendingPathComponent("area.geojson").path, "--sites",
            folder.appendingPathComponent("candidates.geojson").path, "--out", out.path, "--threads", "2",
        ])
        #expect([0, 1].contains(run.status), "\(run.stderr)")
        let input = try Self.features(folder.appendingPathComponent("candidates.geojson"))
        let output = try Self.features(out.appendingPathComponent("sites.geojson"))
        #expect(output.count == input.count)
        for (a, b) in zip(input, output) {
            #expect("\(a["id"] ?? "none")" == "\(b["id"] ?? "none")", "feature id of \(a)")
            let id = (b["properties"] as? [String: Any])?["id"]
            #expect("\(id ?? "none")" == "\(a["id"] ?? (a["properties"] as? [String: Any])?["id"] ?? "?")")
        }
    }
}
