import Foundation
import Geo
import Radio
import Support
import Testing

@testable import Planning

/// Scenario loading through `ScenarioLoader`: file references with coordinate systems, CSV
/// catalogues, layers, and the checks across files — each problem with file, location and field.
@Suite("Scenario inputs and validation")
struct ScenarioInputTests {
    /// A folder with a small valid scenario: two districts around (113.30, 23.12), a GeoJSON
    /// catalogue of 3 sites, a CSV catalogue of 2; `scenario` replaces scenario.json's text.
    final class Fixture {
        let folder: URL
        init(_ files: [String: String] = [:], scenario: String? = nil) throws {
            folder = FileManager.default.temporaryDirectory.appendingPathComponent("nrplan-inputs-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            var all = Self.baseFiles
            for (name, text) in files { all[name] = text }
            if let scenario { all["scenario.json"] = scenario }
            for (name, text) in all {
                try text.write(to: folder.appendingPathComponent(name), atomically: true, encoding: .utf8)
            }
        }
        deinit { try? FileManager.default.removeItem(at: folder) }

        var scenarioURL: URL { folder.appendingPathComponent("scenario.json") }
        func validate() -> (scenario: Scenario?, diagnostics: Diagnostics) {
            let loaded = ScenarioLoader.load(scenarioURL)
            return (loaded.scenario, loaded.diagnostics)
        }
        /// Error messages with the fixture's folder shown as `case/`.
        var errors: [String] { validate().diagnostics.errors.map { relative($0.description) } }
        var warnings: [String] { validate().diagnostics.warnings.map { relative($0.description) } }
        func relative(_ text: String) -> String { text.replacingOccurrences(of: folder.path + "/", with: "case/") }

        static let baseFiles: [String: String] = [
            "area.geojson": """
            {"type":"FeatureCollection","features":[
            {"type":"Feature","properties":{"name":"西区"},"geometry":{"type":"Polygon","coordinates":[[[113.28,23.11],[113.30,23.11],[113.30,23.13],[113.28,23.13],[113.28,23.11]]]}},
            {"type":"Feature","properties":{"name":"东区"},"geometry":{"type":"Polygon","coordinates":[[[113.30,23.11],[113.32,23.11],[113.32,23.13],[113.30,23.13],[113.30,23.11]]]}}]}
            """,
            "sites.geojson": """
            {"type":"FeatureCollection","features":[
            {"type":"Feature","properties":{"id":"G1","kind":"rooftop"},"geometry":{"type":"Point","coordinates":[113.29,23.12]}},
            {"type":"Feature","properties":{"id":"G2","kind":"lamp_pole"},"geometry":{"type":"Point","coordinates":[113.31,23.125]}},
            {"type":"Feature","properties":{"id":"G3","kind":"tower"},"geometry":{"type":"Point","coordinates":[113.30,23.115]}}]}
            """,
            "sites.csv": "id,name,lon,lat,kind\nC1,天河小学,113.285,23.115,rooftop\nC2,灯杆 12,113.315,23.128,lamp_pole\n",
            "scenario.json": """
            {"area":"area.geojson","candidates":["sites.geojson","sites.csv"],"demand":{"cell_m":100},
             "objective":{"type":"min_cost","coverage_target":0.9}}
            """,
        ]
    }

    static func scenario(
        candidates: String = #"["sites.geojson","sites.csv"]"#, demand: String = #"{"cell_m":100}"#, extra: String = ""
    ) -> String {
        #"{"area":"area.geojson","candidates":\#(candidates),"demand":\#(demand),"objective":{"type":"min_cost","coverage_target":0.9}\#(extra)}"#
    }

    @Test("a valid scenario with a GeoJSON and a CSV catalogue loads both, CSV sites located by line")
    func validWithCSV() throws {
        let fixture = try Fixture()
        let (scenario, diagnostics) = fixture.validate()
        #expect(diagnostics.problems.isEmpty, "\(diagnostics.problems)")
        let loaded = try #require(scenario)
        #expect(loaded.candidates.map(\.id) == ["G1", "G2", "G3", "C1", "C2"])
        #expect(loaded.candidates[3].sourceLocation == "line 2")
        #expect(fixture.relative(loaded.candidates[3].sourceFile) == "case/sites.csv")
        #expect(loaded.candidates[3].name == "天河小学")
        #expect(loaded.candidates[4].kind == .lampPole)
    }

    @Test("crs: per file ({\"file\", \"crs\"}) and scenario-wide; GCJ-02 and BD-09 inputs end up in WGS-84")
    func coordinateSystems() throws {
        let perFile = try Fixture(
            scenario: Self.scenario(
                candidates: #"[{"file":"sites.geojson","crs":"gcj02"},{"file":"sites.csv","crs":"bd09"}]"#))
        let loaded = try #require(perFile.validate().scenario)
        #expect(loaded.candidates[0].location == GCJ02.toWGS84(Coordinate(x: 113.29, y: 23.12)))
        #expect(loaded.candidates[3].location == CoordinateSystem.bd09.toWGS84(Coordinate(x: 113.285, y: 23.115)))
        // The area stays WGS-84 (no crs given for it).
        #expect(loaded.districts[0].geometry.boundingBox?.minX == 113.28)

        let wide = try Fixture(scenario: Self.scenario(extra: #","crs":"gcj02""#))
        let all = try #require(wide.validate().scenario)
        #expect(all.candidates[0].location == GCJ02.toWGS84(Coordinate(x: 113.29, y: 23.12)))
        #expect(
            all.districts[0].geometry.polygons.first?.exterior.first == GCJ02.toWGS84(Coordinate(x: 113.28, y: 23.11)))

        let bad = try Fixture(scenario: Self.scenario(candidates: #"[{"file":"sites.geojson","crs":"utm50"}]"#))
        #expect(
            bad.errors == [
                "case/scenario.json: field 'candidates[0].crs': expected one of wgs84, gcj02, bd09, planar, found 'utm50'"
            ])
    }

    @Test("a JSON syntax error names line, column and the member path")
    func syntaxPath() throws {
        let fixture = try Fixture([
            "sites.geojson": """
            {"type":"FeatureCollection","features":[
            {"type":"Feature","properties":{"id":"G1"},"geometry":{"type":"Point","coordinates":[113.29,23.12]}},
            {"type":"Feature","properties":{"id":"G2"},"geometry":{"type":"Point","coordinates":[113.31,NaN]}}]}
            """
        ])
        #expect(
            fixture.errors == [
                "case/sites.geojson: line 3, column 93: field 'features[1].geometry.coordinates[1]': invalid JSON: NaN and Infinity are not JSON numbers"
            ])
    }

    @Test("a catalogue entirely outside the area is an error; swapped coordinates are named as such")
    func outsideAndSwapped() throws {
        // Sites near Beijing: outside the Guangzhou area, and not a swap of it.
        let far = try Fixture(
            ["far.csv": "id,lon,lat\nF1,116.40,39.91\nF2,116.41,39.92\n"],
            scenario: Self.scenario(candidates: #"["sites.geojson","far.csv"]"#))
        let farErrors = far.errors
        #expect(farErrors.count == 1)
        #expect(
            farErrors.first?.hasPrefix(
                "case/far.csv: field 'lon/lat': expected at least one site within its maximum range of the planning area (lon 113.28…113.32, lat 23.11…23.13)"
            ) == true, "\(farErrors)")
        #expect(farErrors.first?.contains("found none of its 2 site(s): the nearest, 'F1' (line 2), lies ") == true)
        #expect(farErrors.first?.contains(#""crs": "gcj02" or "bd09""#) == true)

        // An area where lon and lat are both below 90 (lon 23.2…23.3, lat 50.1…50.2): a catalogue
        // with the columns swapped is in range, but its swapped box hits the area.
        let square =
            #"{"type":"FeatureCollection","features":[{"type":"Feature","properties":{},"geometry":{"type":"Polygon","coordinates":[[[23.2,50.1],[23.3,50.1],[23.3,50.2],[23.2,50.2],[23.2,50.1]]]}}]}"#
        let swapped = try Fixture(
            ["area.geojson": square, "swapped.csv": "id,lon,lat\nS1,50.15,23.25\nS2,50.12,23.22\n"],
            scenario: Self.scenario(candidates: #"["swapped.csv"]"#))
        let swappedErrors = swapped.errors
        #expect(swappedErrors.count == 1)
        #expect(swappedErrors.first?.contains("the coordinates look swapped") == true, "\(swappedErrors)")

        // Some sites far out: a warning, not an error.
        let some = try Fixture(
            ["mixed.csv": "id,lon,lat\nM1,113.29,23.12\nM2,116.40,39.91\n"],
            scenario: Self.scenario(candidates: #"["mixed.csv"]"#))
        #expect(some.errors.isEmpty)
        #expect(some.warnings.first?.contains("1 of 2 sites lie more than 5 km outside") == true)
    }

    @Test("a site file none of whose sites reaches the area within its range is an error naming the nearest distance")
    func unreachable() throws {
        // Lamp poles (n78-small-cell at 8 m: about 170 m) east of the area's edge at 113.32° E, at
        // 23.12° N where 1° of longitude is 102.39 km: 400 m and 420 m out reach nothing.
        let metres = { (m: Double) in 113.32 + m / 102_390 }
        let out = try Fixture(
            ["out.csv": "id,lon,lat,kind\nN1,\(metres(420)),23.12,lamp_pole\nN2,\(metres(400)),23.125,lamp_pole\n"],
            scenario: Self.scenario(candidates: #"["sites.geojson","out.csv"]"#))
        let errors = out.errors
        #expect(errors.count == 1, "\(errors)")
        let error = try #require(errors.first)
        #expect(error.hasPrefix("case/out.csv: field 'lon/lat': expected at least one site within its maximum range"))
        #expect(error.contains("found none of its 2 site(s): the nearest, 'N2' (line 3), lies "), "\(error)")
        #expect(error.contains(": almost always the wrong file or coordinate system; "), "\(error)")
        let figures = try #require(error.firstMatch(of: #/lies (\d+) m from the area and reaches (\d+) m/#))
        let distance = try #require(Double(figures.1))
        let reach = try #require(Double(figures.2))
        #expect(abs(distance - 400) <= 3, "\(error)")
        let smallCell = try #require(RadioProfile.named("n78-small-cell"))
        #expect(reach == CoverageEvaluator(profile: smallCell, siteHeightMeters: 8).maxRangeMeters.rounded())
        #expect(reach < distance)

        // One pole 100 m out reaches the area: no error (nor the 5 km warning).
        let near = try Fixture(
            ["near.csv": "id,lon,lat,kind\nN1,\(metres(420)),23.12,lamp_pole\nN2,\(metres(100)),23.125,lamp_pole\n"],
            scenario: Self.scenario(candidates: #"["sites.geojson","near.csv"]"#))
        #expect(near.errors.isEmpty, "\(near.errors)")
        #expect(near.warnings.isEmpty, "\(near.warnings)")
    }

    @Test("an empty area, a CSV where polygons are expected, a directory and a missing file each have their message")
    func fileProblems() throws {
        let empty = try Fixture(["area.geojson": #"{"type":"FeatureCollection","features":[]}"#])
        #expect(
            empty.errors == [
                "case/area.geojson: top level: field 'features': expected at least one Polygon or MultiPolygon feature (the planning area), found an empty area: no features"
            ])

        let csvArea = try Fixture(
            scenario:
                #"{"area":"sites.csv","candidates":"sites.geojson","demand":{"cell_m":100},"objective":{"type":"min_cost","coverage_target":0.9}}"#
        )
        #expect(
            csvArea.errors.first?.contains(
                "expected a GeoJSON file of Polygon or MultiPolygon features (the planning area), found a CSV file")
                == true)

        let directory = try Fixture()
        try FileManager.default.createDirectory(
            at: directory.folder.appendingPathComponent("dir.geojson"), withIntermediateDirectories: true)
        try Self.scenario(candidates: #"["dir.geojson","nope.csv"]"#).write(
            to: directory.scenarioURL, atomically: true, encoding: .utf8)
        let errors = directory.errors
        #expect(
            errors.contains(
                "case/dir.geojson: is a directory, expected a file (named in case/scenario.json as 'candidates[0]')"))
        #expect(errors.contains("case/nope.csv: no such file (named in case/scenario.json as 'candidates[1]')"))
    }

    @Test("demand layers, priority zones and clutter load with per-feature checks")
    func layers() throws {
        let density =
            #"{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"pop":1000,"landuse":"urban"},"geometry":{"type":"Polygon","coordinates":[[[113.28,23.11],[113.30,23.11],[113.30,23.13],[113.28,23.13],[113.28,23.11]]]}},{"type":"Feature","properties":{"pop":-5,"landuse":"forest"},"geometry":{"type":"Polygon","coordinates":[[[113.30,23.11],[113.32,23.11],[113.32,23.13],[113.30,23.13],[113.30,23.11]]]}}]}"#
        let zones =
            #"{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"name":"站","weight":5,"must_cover":true},"geometry":{"type":"Polygon","coordinates":[[[113.288,23.118],[113.292,23.118],[113.292,23.122],[113.288,23.122],[113.288,23.118]]]}},{"type":"Feature","properties":{"name":"港","weight":"high","must_cover":"yes"},"geometry":{"type":"Polygon","coordinates":[[[113.31,23.118],[113.312,23.118],[113.312,23.12],[113.31,23.12],[113.31,23.118]]]}}]}"#
        let demand =
            #"{"cell_m":100,"layers":[{"file":"density.geojson","property":"pop"}],"priority":["zones.geojson"],"clutter":{"file":"density.geojson","property":"landuse","classes":{"urban":{"indoor":"low-loss"},"rural":{"model":"moon"}}}}"#
        let fixture = try Fixture(
            ["density.geojson": density, "zones.geojson": zones], scenario: Self.scenario(demand: demand))
        #expect(fixture.validate().scenario == nil)
        let errors = fixture.errors
        #expect(errors.contains("case/density.geojson: feature 1: field 'pop': expected a number ≥ 0, found -5"))
        #expect(
            errors.contains(
                "case/zones.geojson: feature 1: field 'weight': expected a weight multiplier > 0, found 'high'"))
        #expect(
            errors.contains(
                "case/scenario.json: field 'demand.clutter.classes.rural.model': expected one of fspl, hata, rma, uma, umi, found 'moon'"
            ))
        #expect(errors.count == 3, "\(errors)")

        // Fixed: the layers load; 'forest' has no class (a warning).
        let fixedDensity = density.replacingOccurrences(of: "-5", with: "50")
        let fixedZones = zones.replacingOccurrences(of: #""high""#, with: "2").replacingOccurrences(
            of: #""yes""#, with: "false")
        let fixedDemand = demand.replacingOccurrences(of: "moon", with: "rma")
        let good = try Fixture(
            ["density.geojson": fixedDensity, "zones.geojson": fixedZones], scenario: Self.scenario(demand: fixedDemand)
        )
        let loaded = good.validate()
        let settings = try #require(loaded.scenario?.demand)
        #expect(good.warnings.contains { $0.contains("value 'forest' (1 polygon(s)) has no class") })
        #expect(settings.layers.count == 1)
        #expect(settings.priorityZones.map(\.weight) == [5, 2])
        #expect(settings.priorityZones.map(\.mustCover) == [true, false])
        #expect(settings.clutter?.classes.map(\.name) == ["urban", "rural"])
        #expect(settings.clutter?.areas.count == 1)
        #expect(settings.clutter?.classes.map(\.predictionCellMeters) == [nil, nil])

        // A coarser prediction cell for a land use: a whole multiple of demand.cell_m, or an error naming the field.
        for (size, expected) in [
            ("400", "ok"), ("250", "expected a whole multiple of demand.cell_m (100 m), found 250"),
            ("50", "expected a whole multiple of demand.cell_m (100 m), found 50"),
            ("\"big\"", "expected a prediction cell size in metres between 1 and 100000, found 'big'"),
        ] {
            let coarse = fixedDemand.replacingOccurrences(
                of: #""model":"rma""#, with: #""model":"rma","cell_m":"# + size)
            let run = try Fixture(
                ["density.geojson": fixedDensity, "zones.geojson": fixedZones], scenario: Self.scenario(demand: coarse))
            let result = run.validate()
            if expected == "ok" {
                #expect(result.scenario?.demand.clutter?.classes.map(\.predictionCellMeters) == [nil, 400])
            } else {
                #expect(result.scenario == nil)
                #expect(
                    run.errors == ["case/scenario.json: field 'demand.clutter.classes.rural.cell_m': \(expected)"],
                    "\(run.errors)")
            }
        }
    }

    @Test("InputFiles.sites: a site file given directly (audit), CSV in GCJ-02, checked like a scenario's")
    func readSitesDirectly() throws {
        let fixture = try Fixture(["dup.csv": "id,lon,lat,kind\nA,113.3,23.1,tower\nA,113.31,23.1,spaceship\n"])
        var diagnostics = Diagnostics()
        var inputs: [InputFile] = []
        let sites = InputFiles.sites(
            url: fixture.folder.appendingPathComponent("sites.csv"), displayName: "sites.csv",
            crs: .gcj02, existing: true, diagnostics: &diagnostics, inputs: &inputs)
        #expect(diagnostics.problems.isEmpty)
        // The file read is recorded with its role and SHA-256.
        let bytes = try Data(contentsOf: fixture.folder.appendingPathComponent("sites.csv"))
        #expect(inputs.map(\.name) == ["sites.csv"] && inputs[0].role == "--sites" && inputs[0].bytes == bytes.count)
        #expect(inputs[0].sha256 == SHA256.hex(bytes))
        #expect(sites.map(\.id) == ["C1", "C2"])
        #expect(sites[0].location == GCJ02.toWGS84(Coordinate(x: 113.285, y: 23.115)))
        #expect(sites[0].cost == 0 && sites[0].kind == .rooftop)
        var bad = Diagnostics()
        _ = InputFiles.sites(
            url: fixture.folder.appendingPathComponent("dup.csv"), displayName: "dup.csv", existing: true,
            diagnostics: &bad, inputs: &inputs)
        #expect(
            bad.errors.map(\.description) == [
                "dup.csv: line 3: field 'kind': expected one of rooftop, lamp_pole, tower, building, other, found 'spaceship'"
            ])
        var missing = Diagnostics()
        _ = InputFiles.sites(
            url: fixture.folder.appendingPathComponent("nope.geojson"), displayName: "nope.geojson", existing: true,
            diagnostics: &missing, inputs: &inputs)
        #expect(missing.errors.map(\.description) == ["nope.geojson: no such file"])
    }
}
