import Foundation
import Testing

@testable import Geo

/// Audit inputs as auditors have them (issue 14): exclusions on the command line, a profile with a
/// scenario's settings, a scenario that is only settings, and an area and a site table in
/// different coordinate systems.
@Suite("nrplan audit: inputs (end to end)", .serialized)
struct AuditInputsCLITests {
    func summary(_ folder: URL) throws -> [String: Any] {
        try #require(
            JSONSerialization.jsonObject(with: Data(contentsOf: folder.appendingPathComponent("summary.json")))
                as? [String: Any])
    }

    /// Six lamp poles across the small scenario's area.
    static func poles(in folder: URL, crs: CoordinateSystem = .wgs84, name: String = "poles.geojson") throws -> URL {
        let features = (0..<6).map { k -> String in
            let p = CoordinateSystem.wgs84.convert(Coordinate(x: 113.285 + Double(k) * 0.006, y: 23.12), to: crs)
            return
                #"{"type":"Feature","properties":{"id":"P\#(k)","kind":"lamp_pole","height_m":10},"geometry":{"type":"Point","coordinates":[\#(p.x),\#(p.y)]}}"#
        }
        return try CLI.write(
            "{\"type\":\"FeatureCollection\",\"features\":[\n" + features.joined(separator: ",\n") + "]}", name,
            in: folder)
    }

    @Test("--exclusions removes demand; --profile with --scenario takes the scenario's threshold")
    func exclusionsAndProfile() throws {
        let folder = try CLI.temporaryFolder("audit-inputs")
        defer { try? FileManager.default.removeItem(at: folder) }
        let scenario = try CLI.smallScenario(in: folder) { files in
            files["scenario.json"] = files["scenario.json"]?.replacingOccurrences(
                of: #""rsrp_threshold_dbm":-110"#, with: #""rsrp_threshold_dbm":-100"#)
        }
        let poles = try Self.poles(in: folder)
        let area = folder.appendingPathComponent("area.geojson").path
        let plain = folder.appendingPathComponent("plain")
        #expect(
            try CLI.run([
                "audit", "--area", area, "--sites", poles.path, "--profile", "n78-small-cell", "--out", plain.path,
                "--quiet",
            ])
            .status == 0)
        let excluded = folder.appendingPathComponent("excluded")
        let run = try CLI.run([
            "audit", "--area", area, "--sites", poles.path, "--profile", "n78-small-cell", "--exclusions",
            folder.appendingPathComponent("park.geojson").path, "--out", excluded.path, "--quiet",
        ])
        #expect(run.status == 0, "\(run.stderr)")
        // The park (≈ 0.007° × 0.006°, about 0.5 km²) holds no demand: fewer cells, the same 50 m grid.
        let cellsPlain = try #require(try summary(plain)["cells"] as? Int)
        let cellsExcluded = try #require(try summary(excluded)["cells"] as? Int)
        let parkCells = Double(cellsPlain - cellsExcluded)
        let parkArea = 0.007 * 111_320 * cos(23.127 * .pi / 180) * 0.006 * 110_574
        #expect(abs(parkCells * 2_500 - parkArea) < 0.2 * parkArea, "\(parkCells) cells")
        #expect(
            (try summary(excluded)["inputs"] as? [[String: Any]])?.contains { $0["role"] as? String == "--exclusions" }
                == true)
        // --profile and --scenario together: every site n78-small-cell, at the scenario's −100 dBm.
        let both = folder.appendingPathComponent("both")
        let combined = try CLI.run([
            "audit", "--scenario", scenario.path, "--area", area, "--sites", poles.path, "--profile", "n78-small-cell",
            "--out", both.path, "--quiet",
        ])
        #expect(combined.status == 0, "\(combined.stderr)")
        let radio = try #require(try summary(both)["radio"] as? [String: Any])
        #expect(radio["profile_option"] as? String == "n78-small-cell")
        #expect(radio["rsrp_threshold_dbm"] as? Double == -100)
        let profiles = try #require(radio["profiles"] as? [[String: Any]])
        #expect(profiles.count == 1 && profiles[0]["name"] as? String == "n78-small-cell")
        #expect((profiles[0]["overridden"] as? [String])?.contains("rsrp_threshold_dbm") == true)
        // A stricter threshold covers less than the profile's own −110 dBm (and the scenario's park is excluded too).
        let coverageBoth = try #require(try summary(both)["coverage_ratio"] as? Double)
        let coverageExcluded = try #require(try summary(excluded)["coverage_ratio"] as? Double)
        #expect(coverageBoth < coverageExcluded)
    }

    @Test("a scenario of settings only (no candidates, no objective, no area) is fine for an audit")
    func settingsOnlyScenario() throws {
        let folder = try CLI.temporaryFolder("audit-settings")
        defer { try? FileManager.default.removeItem(at: folder) }
        _ = try CLI.smallScenario(in: folder)
        let settings = try CLI.write(
            #"{"name":"audit settings","exclusions":["park.geojson"],"demand":{"cell_m":50},"radio":{"rsrp_threshold_dbm":-105}}"#,
            "settings.json", in: folder)
        let poles = try Self.poles(in: folder)
        let out = folder.appendingPathComponent("out")
        let run = try CLI.run([
            "audit", "--scenario", settings.path, "--area", folder.appendingPathComponent("area.geojson").path,
            "--sites", poles.path, "--out", out.path, "--quiet",
        ])
        #expect(run.status == 0, "\(run.stderr)")
        #expect((try summary(out)["radio"] as? [String: Any])?["rsrp_threshold_dbm"] as? Double == -105)
        // The same settings as a solve's scenario are still refused there (no candidates, no objective).
        let validate = try CLI.run(["validate", settings.path])
        #expect(validate.status == 2)
        #expect(validate.stderr.contains("field 'objective'") && validate.stderr.contains("field 'candidates'"))
        // Without --area the scenario must name one.
        let noArea = try CLI.run([
            "audit", "--scenario", settings.path, "--sites", poles.path, "--out",
            folder.appendingPathComponent("x").path,
        ])
        #expect(noArea.status == 2)
        #expect(noArea.stderr.contains("field '--area': expected a planning area"), "\(noArea.stderr)")
    }

    @Test("a WGS-84 area with a BD-09 site table: --sites-crs bd09 gives the all-WGS-84 audit; --crs for both")
    func separateCRS() throws {
        let folder = try CLI.temporaryFolder("audit-crs")
        defer { try? FileManager.default.removeItem(at: folder) }
        _ = try CLI.smallScenario(in: folder)
        let area = folder.appendingPathComponent("area.geojson")
        let wgs = try Self.poles(in: folder)
        let bd = try Self.poles(in: folder, crs: .bd09, name: "poles-bd09.geojson")
        func audit(_ extra: [String], _ sites: URL, _ name: String) throws -> [String: Any] {
            let out = folder.appendingPathComponent(name)
            let run = try CLI.run(
                ["audit", "--area", area.path, "--sites", sites.path, "--out", out.path, "--quiet"] + extra)
            #expect(run.status == 0, "\(run.stderr)")
            return try summary(out)
        }
        let reference = try audit([], wgs, "wgs")
        let mixed = try audit(["--sites-crs", "bd09"], bd, "mixed")
        #expect(mixed["coverage_ratio"] as? Double == reference["coverage_ratio"] as? Double)
        #expect(mixed["holes_count"] as? Int == reference["holes_count"] as? Int)
        // Read as WGS-84, the BD-09 table is ~700 m off and covers something else.
        let wrong = try audit([], bd, "wrong")
        #expect(wrong["coverage_ratio"] as? Double != reference["coverage_ratio"] as? Double)
        // --crs bd09 applies to both: a BD-09 area with the BD-09 table is the same audit again.
        let bdArea = try GeoJSONReader.read(contentsOf: area)
        let converted = bdArea.features.map { feature -> String in
            let g = CoordinateSystem.wgs84.convert(feature.geometry!, to: .bd09)
            let ring = g.polygons[0].exterior.map { "[\($0.x),\($0.y)]" }.joined(separator: ",")
            return
                #"{"type":"Feature","properties":{"name":"\#(feature[property: "name"]?.stringValue ?? "")"},"geometry":{"type":"Polygon","coordinates":[[\#(ring)]]}}"#
        }
        let bdAreaURL = try CLI.write(
            "{\"type\":\"FeatureCollection\",\"features\":[" + converted.joined(separator: ",") + "]}",
            "area-bd09.geojson",
            in: folder)
        let out = folder.appendingPathComponent("both-bd09")
        let run = try CLI.run([
            "audit", "--area", bdAreaURL.path, "--sites", bd.path, "--crs", "bd09", "--out", out.path, "--quiet",
        ])
        #expect(run.status == 0, "\(run.stderr)")
        let both = try summary(out)
        #expect(abs((both["coverage_ratio"] as? Double ?? 0) - (reference["coverage_ratio"] as? Double ?? 1)) < 0.002)
    }
}
