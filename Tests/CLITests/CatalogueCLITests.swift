import Foundation
import Testing

/// CSV catalogues and coordinate systems end to end: a GBK export with Chinese names through
/// `solve` into sites.geojson, GCJ-02 inputs, and `nrplan convert`.
@Suite("CSV catalogues, GCJ-02 and convert (end to end)")
struct CatalogueCLITests {
    /// The small scenario's 60 candidates as CSV text (columns in a spreadsheet's order, a column
    /// nrplan does not know, quoted fields), in the given coordinate system via `convertPoint`.
    static func candidatesCSV(in folder: URL, convertPoint: (Double, Double) -> (Double, Double) = { ($0, $1) }) throws
        -> String
    {
        let data = try Data(contentsOf: folder.appendingPathComponent("candidates.geojson"))
        let collection = try #require(JSONSerialization.jsonObject(with: data) as? [String: Any])
        var lines = ["id,name,kind,lon,lat,owner,楼宇编码,备注"]
        for feature in try #require(collection["features"] as? [[String: Any]]) {
            let p = try #require(feature["properties"] as? [String: Any])
            let c = try #require((feature["geometry"] as? [String: Any])?["coordinates"] as? [Double])
            let (lon, lat) = convertPoint(c[0], c[1])
            let id = try #require(p["id"] as? String)
            let name = try #require(p["name"] as? String)
            let kind = try #require(p["kind"] as? String)
            lines.append(
                "\(id),\(name),\(kind),\(String(format: "%.7f", lon)),\(String(format: "%.7f", lat)),\"广州市\(id)办, 总务科\",B-\(id),"
            )
        }
        return lines.joined(separator: "\r\n") + "\r\n"
    }

    /// GBK bytes of UTF-8 text, through the system's iconv program.
    static func gbk(_ text: String) throws -> Data {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/iconv")
        process.arguments = ["-f", "UTF-8", "-t", "GBK"]
        let input = Pipe()
        let output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        try process.run()
        input.fileHandleForWriting.write(Data(text.utf8))
        try input.fileHandleForWriting.close()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        return data
    }

    static func features(_ url: URL) throws -> [[String: Any]] {
        let object = try #require(JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any])
        return try #require(object["features"] as? [[String: Any]])
    }

    @Test("a GBK CSV catalogue with Chinese names imports with a warning, and the names reach sites.geojson intact")
    func gbkCatalogue() throws {
        let folder = try CLI.temporaryFolder("gbk")
        defer { try? FileManager.default.removeItem(at: folder) }
        let scenario = try CLI.smallScenario(in: folder)
        let csv = try Self.candidatesCSV(in: folder)
        let bytes = try Self.gbk(csv)
        #expect(String(data: bytes, encoding: .utf8) == nil, "the file really is GBK, not UTF-8")
        try bytes.write(to: folder.appendingPathComponent("open-catalogue.csv"))
        let text = try String(contentsOf: scenario, encoding: .utf8).replacingOccurrences(
            of: #"["candidates.geojson"]"#, with: #"["open-catalogue.csv"]"#)
        try text.write(to: scenario, atomically: true, encoding: .utf8)

        let out = folder.appendingPathComponent("out")
        let run = try CLI.run(["solve", scenario.path, "--out", out.path])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stderr.contains("warning: \(folder.path)/open-catalogue.csv: not UTF-8: read as GB18030/GBK"))
        let sites = try Self.features(out.appendingPathComponent("sites.geojson"))
        let newSites = sites.compactMap { $0["properties"] as? [String: Any] }.filter { $0["plan"] as? String == "new" }
        #expect(!newSites.isEmpty)
        for properties in newSites {
            let id = try #require(properties["id"] as? String)
            #expect(properties["name"] as? String == "候选站点\(id.dropFirst())")
            #expect(properties["owner"] as? String == "广州市\(id)办, 总务科")
            #expect(properties["楼宇编码"] as? String == "B-\(id)")
            #expect(properties["备注"] as? String == "")
        }
        // Column order is kept (lon/lat became the geometry), nrplan's members follow.
        let keys = try #require(
            try String(contentsOf: out.appendingPathComponent("sites.geojson"), encoding: .utf8)
                .split(separator: "\n").first { $0.contains("\"plan\":\"new\"") })
        #expect(keys.contains(#""properties":{"id":"C"#))
        #expect(keys.range(of: #""name":"#)!.lowerBound < keys.range(of: #""楼宇编码":"#)!.lowerBound)
        #expect(keys.range(of: #""备注":"#)!.lowerBound < keys.range(of: #""plan":"#)!.lowerBound)
        // The raw bytes are UTF-8 (not \u escapes, not GBK).
        let raw = try Data(contentsOf: out.appendingPathComponent("sites.geojson"))
        #expect(String(data: raw, encoding: .utf8)?.contains("候选站点") == true)
    }

    @Test("the same catalogue in GCJ-02 (crs per file) gives the same plan as in WGS-84, within a centimetre")
    func gcj02Catalogue() throws {
        let folder = try CLI.temporaryFolder("gcj")
        defer { try? FileManager.default.removeItem(at: folder) }
        let scenario = try CLI.smallScenario(in: folder)
        let plainOut = folder.appendingPathComponent("plain")
        #expect(try CLI.run(["solve", scenario.path, "--out", plainOut.path, "--quiet"]).status == 0)
        // Shift the catalogue to GCJ-02 with `nrplan convert` and declare it.
        let convert = try CLI.run([
            "convert", "--from", "wgs84", "--to", "gcj02", folder.appendingPathComponent("candidates.geojson").path,
            folder.appendingPathComponent("candidates-gcj.geojson").path,
        ])
        #expect(convert.status == 0, "\(convert.stderr)")
        #expect(convert.stderr.contains("is in GCJ02, not WGS-84"))
        let text = try String(contentsOf: scenario, encoding: .utf8)
            .replacingOccurrences(
                of: #"["candidates.geojson"]"#, with: #"[{"file":"candidates-gcj.geojson","crs":"gcj02"}]"#)
        try text.write(to: scenario, atomically: true, encoding: .utf8)
        let gcjOut = folder.appendingPathComponent("gcj")
        let run = try CLI.run(["solve", scenario.path, "--out", gcjOut.path, "--quiet"])
        #expect(run.status == 0, "\(run.stderr)")
        let plain = try Self.features(plainOut.appendingPathComponent("sites.geojson"))
        let gcj = try Self.features(gcjOut.appendingPathComponent("sites.geojson"))
        #expect(plain.count == gcj.count)
        for (a, b) in zip(plain, gcj) {
            #expect(
                (a["properties"] as? [String: Any])?["id"] as? String == (b["properties"] as? [String: Any])?["id"]
                    as? String)
            let p = try #require((a["geometry"] as? [String: Any])?["coordinates"] as? [Double])
            let q = try #require((b["geometry"] as? [String: Any])?["coordinates"] as? [Double])
            #expect(abs(p[0] - q[0]) < 2e-7 && abs(p[1] - q[1]) < 2e-7, "\(p) vs \(q)")
        }
    }

    @Test(
        "ids given as the features' id member (not a property) reach sites.geojson as the id property and the feature's id, so diff matches them"
    )
    func featureIds() throws {
        let folder = try CLI.temporaryFolder("feature-ids")
        defer { try? FileManager.default.removeItem(at: folder) }
        let scenario = try CLI.smallScenario(in: folder) { files in
            // Candidates → string feature ids, E1 → the numeric feature id 7; no id property left.
            for i in 0..<60 {
                files["candidates.geojson"] = files["candidates.geojson"]!.replacingOccurrences(
                    of: #"{"type":"Feature","properties":{"id":"C\#(i)","#,
                    with: #"{"type":"Feature","id":"C\#(i)","properties":{"#)
            }
            files["existing.geojson"] = files["existing.geojson"]!.replacingOccurrences(
                of: #""properties":{"id":"E1","#, with: #""id":7,"properties":{"#)
        }
        let candidates = try String(contentsOf: folder.appendingPathComponent("candidates.geojson"), encoding: .utf8)
        #expect(!candidates.contains(#"{"id":"C"#) && candidates.contains(#""id":"C59","properties":{"name""#))
        let out = folder.appendingPathComponent("out")
        let run = try CLI.run(["solve", scenario.path, "--out", out.path, "--quiet"])
        #expect(run.status == 0, "\(run.stderr)")
        let properties = try Self.features(out.appendingPathComponent("sites.geojson")).map {
            try #require($0["properties"] as? [String: Any])
        }
        let newIds = properties.filter { $0["plan"] as? String == "new" }.compactMap { $0["id"] as? String }
        #expect(!newIds.isEmpty)
        #expect(newIds.count == properties.filter { $0["plan"] as? String == "new" }.count, "a new site lost its id")
        #expect(newIds.allSatisfy { $0.hasPrefix("C") && Int($0.dropFirst()) != nil }, "\(newIds)")
        // The numeric feature id stays a number (as given), as the property and as the feature's id.
        #expect(properties.filter { $0["plan"] as? String == "existing" }.map { $0["id"] as? Int } == [7])
        let existing = try Self.features(out.appendingPathComponent("sites.geojson")).filter {
            ($0["properties"] as? [String: Any])?["plan"] as? String == "existing"
        }
        #expect(existing.map { $0["id"] as? Int } == [7])
        // Two runs of the same plan: every site kept, none added or removed (ids matched).
        let diffOut = folder.appendingPathComponent("diff")
        let diff = try CLI.run(["diff", out.path, out.path, "--out", diffOut.path, "--quiet"])
        #expect(diff.status == 0, "\(diff.stderr)")
        let summary = try #require(
            JSONSerialization.jsonObject(with: Data(contentsOf: diffOut.appendingPathComponent("summary.json")))
                as? [String: Any])
        #expect(summary["sites_kept"] as? Int == properties.count)
        #expect(summary["sites_added"] as? Int == 0 && summary["sites_removed"] as? Int == 0)
    }

    @Test(
        "convert: GCJ-02 → WGS-84 keeps features, ids and properties; refuses to overwrite or to write onto its input")
    func convert() throws {
        let folder = try CLI.temporaryFolder("convert")
        defer { try? FileManager.default.removeItem(at: folder) }
        let input = try CLI.write(
            #"{"type":"FeatureCollection","features":[{"type":"Feature","id":7,"properties":{"name":"广州塔","h":600},"geometry":{"type":"Point","coordinates":[116.41024449916938,39.91640428150164]}},{"type":"Feature","properties":{"zone":"A"},"geometry":{"type":"Polygon","coordinates":[[[113.3,23.1],[113.31,23.1],[113.31,23.11],[113.3,23.1]]]}}]}"#,
            "in.geojson", in: folder)
        let output = folder.appendingPathComponent("out.geojson")
        let run = try CLI.run(["convert", "--from", "gcj02", "--to", "wgs84", input.path, output.path])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("2 feature(s) converted from gcj02 to wgs84"))
        let features = try Self.features(output)
        #expect(features.count == 2)
        #expect(features[0]["id"] as? Int == 7)
        #expect((features[0]["properties"] as? [String: Any])?["name"] as? String == "广州塔")
        // The published GCJ-02 image of (116.404, 39.915) (wandergis/coordtransform test/app.js) comes back to it.
        let point = try #require((features[0]["geometry"] as? [String: Any])?["coordinates"] as? [Double])
        #expect(abs(point[0] - 116.404) < 1e-7 && abs(point[1] - 39.915) < 1e-7, "\(point)")
        let inputBefore = try Data(contentsOf: input)

        let again = try CLI.run(["convert", "--from", "gcj02", "--to", "wgs84", input.path, output.path])
        #expect(again.status == 2)
        #expect(again.stderr.contains("exists; use --force"))
        let onto = try CLI.run(["convert", "--from", "gcj02", "--to", "wgs84", input.path, input.path, "--force"])
        #expect(onto.status == 2)
        #expect(onto.stderr.contains("OUT must differ from IN"))
        #expect(try Data(contentsOf: input) == inputBefore, "the input was modified")
        let badCRS = try CLI.run(["convert", "--from", "utm", "--to", "wgs84", input.path, output.path])
        #expect(badCRS.status == 2)
        #expect(badCRS.stderr.contains("option '--from' expects one of wgs84|gcj02|bd09, found 'utm'"))
        #expect(
            try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted() == ["in.geojson", "out.geojson"])
    }
}

/// The layered demo scenario (`geodata/demo/scenario-layers.json`) end to end.
@Suite("Demo with demand, priority and clutter layers (end to end)")
struct LayeredDemoCLITests {
    @Test("validates, solves, and writes byte-identical plans with 1 and 2 threads")
    func layeredDemo() throws {
        let scenario = CLI.repositoryRoot.appendingPathComponent("geodata/demo/scenario-layers.json")
        let check = try CLI.run(["validate", scenario.path])
        #expect(check.status == 0, "\(check.stderr)")
        #expect(
            check.stdout.contains(
                "1 demand layer(s), 6 priority zone(s), 3 must-cover, clutter: 481 polygon(s) in 5 class(es)"))
        let folder = try CLI.temporaryFolder("layered")
        defer { try? FileManager.default.removeItem(at: folder) }
        var outputs: [[Data]] = []
        for threads in ["1", "2"] {
            let out = folder.appendingPathComponent("out\(threads)")
            let run = try CLI.run(["solve", scenario.path, "--out", out.path, "--threads", threads, "--quiet"])
            #expect(run.status == 0, "\(run.stderr)")
            outputs.append(
                try ["sites.geojson", "holes.geojson"].map { try Data(contentsOf: out.appendingPathComponent($0)) })
        }
        #expect(outputs[0] == outputs[1])
        // Population weighting changes the plan against the plain demo's.
        let plain = folder.appendingPathComponent("plain")
        #expect(try CLI.run(["demo", "--out", plain.path, "--quiet"], in: CLI.repositoryRoot).status == 0)
        #expect(try Data(contentsOf: plain.appendingPathComponent("sites.geojson")) != outputs[0][0])
    }
}
