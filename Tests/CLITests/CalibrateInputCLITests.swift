import Foundation
import Geo
import Radio
import Support
import Testing

/// A small drive test written by the tests: two omni sites, samples on rings around them whose
/// RSRP is the profile's own median prediction minus a known offset (plus a clutter offset by
/// sample class), so a calibration must return exactly those offsets.
enum SmallDriveTest {
    static let sites = [("A", 113.30, 23.12), ("B", 113.32, 23.13), ("C", 113.28, 23.11)]

    static let cellsCSV =
        "cell_id,site_id,lon,lat,height_m\n"
        + sites.map { "\($0.0)-1,\($0.0),\($0.1),\($0.2),30" }.joined(separator: "\n") + "\n"

    /// Rows `lon,lat,rsrp_dbm,cell_id,clutter,note` with RSRP = median prediction − offset − class offset.
    /// `classify` picks a sample's class from its offset (east, north) from the site; by default
    /// the classes of `classOffsets` take turns.
    static func measurements(
        offsetDB: Double, classOffsets: [String: Double] = [:], noise: Double = 0,
        classify: ((Double, Double) -> String)? = nil
    ) -> String {
        var profile = RadioProfile.named("n78-macro")!
        profile.edgeReliability = 0.5
        profile.antenna.pattern = .omni
        let evaluator = CoverageEvaluator(profile: profile, siteHeightMeters: 30)
        var lines = ["lon,lat,rsrp_dbm,cell_id,clutter,note"]
        var state: UInt64 = 99
        let classes = classOffsets.keys.sorted()
        for (name, lon, lat) in sites {
            let projection = LocalProjection.centered(
                on: BoundingBox(minX: lon - 0.01, minY: lat - 0.01, maxX: lon + 0.01, maxY: lat + 0.01))
            let origin = projection.project(Coordinate(x: lon, y: lat))
            for ring in stride(from: 120.0, through: 900, by: 60) {
                for step in 0..<24 {
                    let angle = Double(step) / 24 * 2 * Double.pi + ring
                    let east = ring * sin(angle)
                    let north = ring * cos(angle)
                    let position = projection.unproject(Coordinate(x: origin.x + east, y: origin.y + north))
                    state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
                    let u = Double(state >> 11) / Double(1 << 53) - 0.5
                    let clutter = classify?(east, north) ?? (classes.isEmpty ? "" : classes[step % classes.count])
                    let rsrp =
                        evaluator.rsrpDBm(eastMeters: east, northMeters: north) - offsetDB
                        - (classOffsets[clutter] ?? 0)
                        + noise * u
                    lines.append(
                        "\(Precision.degrees.fixed(position.x)),\(Precision.degrees.fixed(position.y)),\(Precision.hundredths.fixed(rsrp)),\(name)-1,\(clutter),ok"
                    )
                }
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }
}

@Suite("nrplan calibrate: inputs, bad input, clutter, provenance in solve and audit (end to end)")
struct CalibrateInputCLITests {
    static func calibrate(_ folder: URL, _ extra: [String] = [], out: String = "out") throws -> CLI.Run {
        try CLI.run(
            ["calibrate", "--measurements", "m.csv", "--cells", "cells.csv", "--profile", "n78-macro", "--out", out]
                + extra, in: folder)
    }

    static func json(_ url: URL) throws -> [String: Any] {
        try #require(JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any])
    }

    @Test("a noiseless drive test gives back its offset; outputs are byte-identical run to run")
    func exactOffset() throws {
        let folder = try CLI.temporaryFolder("cal-exact")
        defer { try? FileManager.default.removeItem(at: folder) }
        try CLI.write(SmallDriveTest.cellsCSV, "cells.csv", in: folder)
        try CLI.write(SmallDriveTest.measurements(offsetDB: 7.5, noise: 0.02), "m.csv", in: folder)
        let first = try Self.calibrate(folder, ["--fit", "offset", "--cv", "site", "--folds", "3"])
        #expect(first.status == 0, "\(first.stderr)")
        let result = try Self.json(folder.appendingPathComponent("out/calibration.json"))
        let parameters = try #require(result["parameters"] as? [String: [String: Any]])
        #expect(abs((parameters["offset_db"]?["value"] as? Double ?? 0) - 7.5) < 0.02)
        #expect((result["cv_rmse_db"] as? Double).map { $0 < 0.05 } == true)
        let overrides = try #require(result["overrides"] as? [String: [String: Double]])
        #expect(overrides["n78-macro"]?["pathloss_offset_db"] == 7.5)
        let second = try Self.calibrate(folder, ["--fit", "offset", "--cv", "site", "--folds", "3"], out: "again")
        #expect(second.status == 0)
        for name in ["calibration.json", "residuals.geojson", "report.md", "calibration.svg"] {
            #expect(
                try Data(contentsOf: folder.appendingPathComponent("out/\(name)"))
                    == Data(contentsOf: folder.appendingPathComponent("again/\(name)")), "\(name) differs")
        }
        // Extra columns reach residuals.geojson when a bin's samples share them.
        let residuals = try String(contentsOf: folder.appendingPathComponent("out/residuals.geojson"), encoding: .utf8)
        #expect(residuals.contains("\"note\":\"ok\""))
    }

    @Test("--clutter-column fits an offset per class, relative to the most common class")
    func clutterOffsets() throws {
        let folder = try CLI.temporaryFolder("cal-clutter")
        defer { try? FileManager.default.removeItem(at: folder) }
        try CLI.write(SmallDriveTest.cellsCSV, "cells.csv", in: folder)
        try CLI.write(
            SmallDriveTest.measurements(offsetDB: 4, classOffsets: ["dense": 6, "open": -3, "urban": 0], noise: 0.02),
            "m.csv", in: folder)
        let run = try Self.calibrate(folder, ["--clutter-column", "clutter", "--bin-m", "5"])
        #expect(run.status == 0, "\(run.stderr)")
        let result = try Self.json(folder.appendingPathComponent("out/calibration.json"))
        let reference = try #require(result["clutter_reference_class"] as? String)
        let classOffsets: [String: Double] = ["dense": 6, "open": -3, "urban": 0]
        let clutter = try #require(result["clutter_overrides"] as? [String: [String: Double]])
        for (name, offset) in classOffsets where name != reference {
            let fitted = try #require(clutter[name]?["pathloss_offset_db"])
            #expect(abs(fitted - (offset - classOffsets[reference]!)) < 0.05, "\(name): \(fitted)")
        }
        let overrides = try #require(result["overrides"] as? [String: [String: Double]])
        #expect(abs((overrides["n78-macro"]?["pathloss_offset_db"] ?? 0) - (4 + classOffsets[reference]!)) < 0.05)
    }

    @Test("--clutter takes the classes from land-use polygons (a scenario's clutter layer)")
    func clutterPolygons() throws {
        let folder = try CLI.temporaryFolder("cal-clutter-polygons")
        defer { try? FileManager.default.removeItem(at: folder) }
        try CLI.write(SmallDriveTest.cellsCSV, "cells.csv", in: folder)
        // East of each site is dense (6 dB more loss), west of it open.
        try CLI.write(
            SmallDriveTest.measurements(
                offsetDB: 2, classOffsets: ["dense": 6, "open": 0], noise: 0.02,
                classify: { east, _ in east >= 0 ? "dense" : "open" }), "m.csv", in: folder)
        var features: [String] = []
        for (_, lon, lat) in SmallDriveTest.sites {
            for (name, west, east) in [("dense", lon, lon + 0.0099), ("open", lon - 0.0099, lon)] {
                let ring =
                    "[[\(west),\(lat - 0.0099)],[\(east),\(lat - 0.0099)],[\(east),\(lat + 0.0099)],[\(west),\(lat + 0.0099)],[\(west),\(lat - 0.0099)]]"
                features.append(
                    #"{"type":"Feature","properties":{"landuse":"\#(name)"},"geometry":{"type":"Polygon","coordinates":[\#(ring)]}}"#
                )
            }
        }
        try CLI.write(
            #"{"type":"FeatureCollection","features":["# + features.joined(separator: ",") + "]}", "landuse.geojson",
            in: folder)
        let run = try Self.calibrate(folder, ["--clutter", "landuse.geojson", "--bin-m", "5"])
        #expect(run.status == 0, "\(run.stderr)")
        let result = try Self.json(folder.appendingPathComponent("out/calibration.json"))
        let reference = try #require(result["clutter_reference_class"] as? String)
        let other = reference == "dense" ? "open" : "dense"
        let clutter = try #require(result["clutter_overrides"] as? [String: [String: Double]])
        let fitted = try #require(clutter[other]?["pathloss_offset_db"])
        #expect(abs(fitted - (other == "dense" ? 6 : -6)) < 0.1, "\(other): \(fitted)")
        let inputs = try #require(result["inputs"] as? [String: [String: Any]])
        #expect(inputs["clutter"]?["file"] as? String == "landuse.geojson")
    }

    /// A measurements file whose only data rows are `rows` (after one header).
    @Test(
        "every class of bad sample is named and counted; with nothing usable left: exit 2, nothing written",
        arguments: [
            ("113.3,23.12,-95,NOPE-1", "unknown_cell", "a cell_id that is not in the cell table"),
            ("113.3,23.12,nan,A-1", "impossible_rsrp", "'nan'"),
            ("113.3,23.12,35,A-1", "impossible_rsrp", "outside -200...-20 dBm"),
            ("113.3,23.12,,A-1", "impossible_rsrp", "line 2 (''"),
            ("113.6,23.40,-120,A-1", "too_far", "km from A-1"),
            ("113.3,91,-95,A-1", "bad_position", "lat '91'"),
            ("113.3,23.12,-95", "wrong_field_count", "3 fields"),
        ])
    func badSamples(row: String, issue: String, detail: String) throws {
        let folder = try CLI.temporaryFolder("cal-bad")
        defer { try? FileManager.default.removeItem(at: folder) }
        try CLI.write(SmallDriveTest.cellsCSV, "cells.csv", in: folder)
        try CLI.write("lon,lat,rsrp_dbm,cell_id\n\(row)\n\(row)\n", "m.csv", in: folder)
        let run = try Self.calibrate(folder)
        #expect(run.status == 2)
        #expect(run.stderr.contains("warning: m.csv: field '\(issue)': 2 sample(s) dropped"), "\(run.stderr)")
        #expect(run.stderr.contains(detail), "\(run.stderr)")
        #expect(
            run.stderr.contains("error: m.csv: expected at least one usable sample, found none of 2 lines: 2 \(issue)"))
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("out").path))
    }

    @Test("bad samples among good ones: dropped, warned, counted in calibration.json; exit 0")
    func mixed() throws {
        let folder = try CLI.temporaryFolder("cal-mixed")
        defer { try? FileManager.default.removeItem(at: folder) }
        try CLI.write(SmallDriveTest.cellsCSV, "cells.csv", in: folder)
        let good = SmallDriveTest.measurements(offsetDB: 3)
        try CLI.write(good + "113.3,23.12,-95,NOPE-1,,x\n113.3,23.12,nan,A-1,,x\n", "m.csv", in: folder)
        let run = try Self.calibrate(folder)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stderr.contains("field 'unknown_cell': 1 sample(s) dropped"))
        let result = try Self.json(folder.appendingPathComponent("out/calibration.json"))
        let dropped = try #require(result["samples_dropped"] as? [String: Double])
        #expect(dropped["unknown_cell"] == 1 && dropped["impossible_rsrp"] == 1)
    }

    @Test(
        "bad cell tables, missing columns, unknown profiles: exit 2 with the file, line and field; nothing written",
        arguments: [
            (
                "cells", "cell_id,site_id,lon,lat,height_m\nA-1,A,113.3,23.12,30\nA-1,A,113.3,23.12,30\n",
                "error: cells.csv: line 3: field 'cell_id': expected each cell once, found 'A-1' again (first at line 2)"
            ),
            (
                "cells", "cell_id,lon,lat,height_m\nA-1,113.3,23.12,30\n",
                "error: cells.csv: line 1: field 'site_id': expected a column named 'site_id'"
            ),
            (
                "measurements", "lon,lat,cell_id\n113.3,23.12,A-1\n",
                "error: m.csv: line 1: field 'rsrp_dbm': expected a column named 'rsrp_dbm'"
            ),
            ("profile", "n99-macro", "field '--profile': expected a built-in radio profile"),
        ])
    func badTables(kind: String, content: String, message: String) throws {
        let folder = try CLI.temporaryFolder("cal-table")
        defer { try? FileManager.default.removeItem(at: folder) }
        try CLI.write(kind == "cells" ? content : SmallDriveTest.cellsCSV, "cells.csv", in: folder)
        try CLI.write(kind == "measurements" ? content : SmallDriveTest.measurements(offsetDB: 2), "m.csv", in: folder)
        let run = try CLI.run(
            [
                "calibrate", "--measurements", "m.csv", "--cells", "cells.csv", "--profile",
                kind == "profile" ? content : "n78-macro", "--out", "out",
            ], in: folder)
        #expect(run.status == 2)
        #expect(run.stderr.contains(message), "\(run.stderr)")
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("out").path))
    }

    @Test("usage errors exit 2 with the usage line")
    func usage() throws {
        for arguments in [
            ["calibrate", "--cells", "c.csv", "--profile", "n78-macro", "--out", "o"],
            [
                "calibrate", "--measurements", "m.csv", "--cells", "c.csv", "--profile", "n78-macro", "--out", "o",
                "--cv", "random",
            ],
            [
                "calibrate", "--measurements", "m.csv", "--cells", "c.csv", "--profile", "n78-macro", "--out", "o",
                "--huber-k", "0",
            ],
        ] {
            let run = try CLI.run(arguments)
            #expect(run.status == 2)
            #expect(run.stderr.contains("usage: nrplan calibrate"))
        }
    }
}
