import Foundation
import Testing

/// Issue 6, item 4: every class of bad input, end to end. Each case runs `nrplan solve` on the
/// small scenario with one thing broken and checks exit status 2, a message naming the file, the
/// location and the field, and that no output folder was created. `nrplan validate` runs the
/// same checks (one case each shows it).
@Suite("Bad input classes (end to end)")
struct InputErrorCLITests {
    /// One broken input: what to change in the small scenario's files and what stderr must say.
    struct Case: Sendable, CustomTestStringConvertible {
        let name: String
        let edit: @Sendable (inout [String: String]) -> Void
        /// Substrings stderr must contain (file, location and field of the problem).
        let expected: [String]
        var testDescription: String { name }
    }

    static func replaceFirst(_ text: String, _ old: String, _ new: String) -> String {
        guard let range = text.range(of: old) else { return text + "<<replace failed: \(old)>>" }
        return text.replacingCharacters(in: range, with: new)
    }

    static let square = #"[[[113.28,23.102],[113.30,23.102],[113.30,23.138],[113.28,23.138],[113.28,23.102]]]"#

    static let cases: [Case] = [
        Case(
            name: "malformed JSON in the scenario: line and column",
            edit: { files in
                files["scenario.json"] = "{\"name\": \"x\",\n \"area\": \"area.geojson\",,\n}"
            },
            expected: [
                "scenario.json: line 2, column 25: invalid JSON: expected a member name in double quotes, found ','"
            ]),
        Case(
            name: "malformed JSON in a layer: line, column and member path",
            edit: { files in
                files["candidates.geojson"] = replaceFirst(
                    files["candidates.geojson"]!, #""kind":"rooftop""#, #""kind":rooftop"#)
            },
            expected: [
                "candidates.geojson: line 2, column ",
                "field 'features[0].properties.kind': invalid JSON: expected a value, found 'r'",
            ]),
        Case(
            name: "wrong geometry type",
            edit: { files in
                files["area.geojson"] =
                    #"{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"name":"A"},"geometry":{"type":"Point","coordinates":[113.29,23.12]}},{"type":"Feature","properties":{"name":"B"},"geometry":{"type":"Polygon","coordinates":\#(square)}}]}"#
            },
            expected: [
                "area.geojson: feature 0: field 'geometry.type': expected Polygon or MultiPolygon (area), found Point"
            ]),
        Case(
            name: "empty geometry",
            edit: { files in
                files["area.geojson"] =
                    #"{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"name":"B"},"geometry":{"type":"Polygon","coordinates":\#(square)}},{"type":"Feature","properties":{"name":"E"},"geometry":{"type":"Polygon","coordinates":[]}}]}"#
                files["existing.geojson"] =
                    #"{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"id":"E1"},"geometry":{"type":"MultiPoint","coordinates":[]}}]}"#
            },
            expected: [
                "area.geojson: feature 1: field 'geometry.coordinates': expected a non-empty Polygon, found an empty geometry",
                "existing.geojson: feature 0: field 'geometry.coordinates': expected a Point, found an empty geometry",
            ]),
        Case(
            name: "coordinates out of range (every bad feature of the file is listed)",
            edit: { files in
                var text = files["candidates.geojson"]!
                for _ in 0..<2 { text = replaceFirst(text, #""coordinates":[113."#, #""coordinates":[213."#) }
                files["candidates.geojson"] = text
            },
            expected: [
                "candidates.geojson: feature 0: field 'geometry.coordinates': expected longitude in −180…180 and latitude in −90…90 (WGS-84 degrees), found [213.",
                "candidates.geojson: feature 1: field 'geometry.coordinates': expected longitude in −180…180",
            ]),
        Case(
            name: "NaN in GeoJSON (not a JSON number) and in a CSV",
            edit: { files in
                files["existing.geojson"] =
                    #"{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"id":"E1"},"geometry":{"type":"Point","coordinates":[NaN,23.12]}}]}"#
                files["more.csv"] = "id,lon,lat\nX1,113.29,23.12\nX2,NaN,23.12\n"
                files["scenario.json"] = files["scenario.json"]!.replacingOccurrences(
                    of: #"["candidates.geojson"]"#, with: #"["candidates.geojson","more.csv"]"#)
            },
            expected: [
                "existing.geojson: line 1, column 126: field 'features[0].geometry.coordinates[0]': invalid JSON: NaN and Infinity are not JSON numbers",
                "more.csv: line 3: field 'lon': expected a longitude in degrees (a finite number), found 'NaN'",
            ]),
        Case(
            name: "latitude and longitude swapped in a point and in CSV columns",
            edit: { files in
                files["candidates.geojson"] = replaceFirst(
                    files["candidates.geojson"]!, #""coordinates":[113."#, #""coordinates":[23.1,113."#)
                files["more.csv"] = "id,lat,lon\nX1,113.29,23.12\n"
                files["scenario.json"] = files["scenario.json"]!.replacingOccurrences(
                    of: #"["candidates.geojson"]"#, with: #"["candidates.geojson","more.csv"]"#)
            },
            expected: [
                "candidates.geojson: feature 0: field 'geometry.coordinates': expected [longitude, latitude] with latitude in −90…90 (latitude and longitude look swapped)",
                "more.csv: line 2: field 'lat': expected a latitude in −90…90 (the lon and lat columns look swapped)",
            ]),
        Case(
            name: "a catalogue whose bounding box misses the area while its swapped one hits it",
            edit: { files in
                // An area where both coordinates are below 90, so swapped positions are still in range.
                files["area.geojson"] =
                    #"{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"name":"A"},"geometry":{"type":"Polygon","coordinates":[[[23.2,50.1],[23.3,50.1],[23.3,50.2],[23.2,50.2],[23.2,50.1]]]}}]}"#
                files["candidates.geojson"] =
                    #"{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"id":"S1"},"geometry":{"type":"Point","coordinates":[50.15,23.25]}},{"type":"Feature","properties":{"id":"S2"},"geometry":{"type":"Point","coordinates":[50.12,23.22]}}]}"#
                files["existing.geojson"] = #"{"type":"FeatureCollection","features":[]}"#
                files["park.geojson"] = #"{"type":"FeatureCollection","features":[]}"#
            },
            expected: [
                "candidates.geojson: field 'geometry.coordinates': expected sites in or near the planning area (lon 23.2…23.3, lat 50.1…50.2); with longitude and latitude swapped 2 of them fall in it, so the coordinates look swapped"
            ]),
        Case(
            name: "duplicate ids across files",
            edit: { files in
                files["existing.geojson"] = files["existing.geojson"]!.replacingOccurrences(
                    of: #""id":"E1""#, with: #""id":"C7""#)
            },
            expected: [
                "existing.geojson: feature 0: field 'id': expected a unique id, found 'C7', already used by ",
                "candidates.geojson feature 7",
            ]),
        Case(
            name: "missing required fields: a site id, a CSV column, the objective",
            edit: { files in
                files["candidates.geojson"] = replaceFirst(files["candidates.geojson"]!, #""id":"C0","#, "")
                files["more.csv"] = "id,lon\nX1,113.29\n"
                files["scenario.json"] = files["scenario.json"]!.replacingOccurrences(
                    of: #"["candidates.geojson"]"#, with: #"["candidates.geojson","more.csv"]"#
                )
                .replacingOccurrences(of: #""objective":{"type":"min_cost","coverage_target":0.8},"#, with: "")
            },
            expected: [
                "candidates.geojson: feature 0: field 'id': expected a site id (property 'id' or the feature's id), found nothing",
                "more.csv: line 1: field 'lat': expected a column named 'lat' in the header (required: id, lon, lat)",
                "scenario.json: field 'objective': expected an object, found nothing",
            ]),
        Case(
            name: "unknown kind and status values",
            edit: { files in
                var text = replaceFirst(files["candidates.geojson"]!, #""kind":"rooftop""#, #""kind":"spaceship""#)
                text = replaceFirst(text, #""kind":"lamp_pole""#, #""kind":"lamp_pole","status":"maybe""#)
                files["candidates.geojson"] = text
            },
            expected: [
                "candidates.geojson: feature 0: field 'kind': expected one of rooftop, lamp_pole, tower, building, other, found 'spaceship'",
                "candidates.geojson: feature 1: field 'status': expected one of open, reserved, unavailable, planned, found 'maybe'",
            ]),
        Case(
            name: "negative height and cost",
            edit: { files in
                var text = replaceFirst(
                    files["candidates.geojson"]!, #""owner":"区政府""#, #""owner":"区政府","height_m":-5"#)
                text = replaceFirst(text, #""kind":"lamp_pole""#, #""kind":"lamp_pole","cost":-1"#)
                files["candidates.geojson"] = text
            },
            expected: [
                "candidates.geojson: feature 0: field 'height_m': expected a height in metres above 0 (and at most 1000), found -5",
                "candidates.geojson: feature 1: field 'cost': expected a cost ≥ 0, found -1",
            ]),
        Case(
            name: "a catalogue entirely outside the area",
            edit: { files in
                files["beijing.csv"] = "id,lon,lat,name\nB1,116.40,39.91,天安门\nB2,116.41,39.92,景山\n"
                files["scenario.json"] = files["scenario.json"]!.replacingOccurrences(
                    of: #"["candidates.geojson"]"#, with: #"["candidates.geojson","beijing.csv"]"#)
            },
            expected: [
                "beijing.csv: field 'lon/lat': expected at least one site within its maximum range of the planning area (lon 113.28…113.32, lat 23.102…23.138)",
                "found none of its 2 site(s): the nearest, 'B1' (line 2), lies 1",
                " km from the area and reaches ",
                "(they span lon 116.4…116.41, lat 39.91…39.92): almost always the wrong file or coordinate system;",
            ]),
        Case(
            name: "a scenario referencing a missing file",
            edit: { files in
                files["scenario.json"] = files["scenario.json"]!.replacingOccurrences(
                    of: #""existing":"existing.geojson""#, with: #""existing":"built-sites.geojson""#)
            }, expected: ["built-sites.geojson: no such file (named in ", "scenario.json as 'existing')"]),
        Case(
            name: "an empty area",
            edit: { files in
                files["area.geojson"] = #"{"type":"FeatureCollection","features":[]}"#
            },
            expected: [
                "area.geojson: top level: field 'features': expected at least one Polygon or MultiPolygon feature (the planning area), found an empty area: no features"
            ]),
        Case(
            name: "non-UTF-8 text in a GeoJSON file (a GBK export)",
            edit: { files in
                files["candidates.geojson"] = replaceFirst(files["candidates.geojson"]!, "候选站点0", "GBK:\u{FFFD}")
            },
            expected: [
                "candidates.geojson: line 2, column ",
                "field 'features[0].properties.name': invalid JSON: string is not valid UTF-8 (a GBK/GB18030 export? convert it to UTF-8)",
            ]),
    ]

    @Test("nrplan solve: exit 2, file + location + field named, nothing written", arguments: cases)
    func solveRejects(_ badCase: Case) throws {
        let folder = try CLI.temporaryFolder("badinput")
        defer { try? FileManager.default.removeItem(at: folder) }
        let scenario = try CLI.smallScenario(in: folder, edit: badCase.edit)
        // GBK bytes cannot be written through String; patch the marker into real GBK bytes.
        let candidates = folder.appendingPathComponent("candidates.geojson")
        var bytes = try Data(contentsOf: candidates)
        if let marker = bytes.range(of: Data("GBK:\u{FFFD}".utf8)) {
            bytes.replaceSubrange(marker, with: [0xBA, 0xF2, 0xD1, 0xA1]) // 候选 in GBK
            try bytes.write(to: candidates)
        }
        let out = folder.appendingPathComponent("out")
        let run = try CLI.run(["solve", scenario.path, "--out", out.path])
        #expect(run.status == 2, "\(run.stderr)")
        for text in badCase.expected {
            #expect(run.stderr.contains(text), "stderr lacks «\(text)»:\n\(run.stderr)")
        }
        #expect(!FileManager.default.fileExists(atPath: out.path), "an output folder was created")
    }

    @Test("nrplan validate reports the same problems with exit 2, and exit 0 with only warnings")
    func validate() throws {
        let folder = try CLI.temporaryFolder("validate")
        defer { try? FileManager.default.removeItem(at: folder) }
        let bad = try CLI.smallScenario(in: folder) { files in
            var text = Self.replaceFirst(files["candidates.geojson"]!, #""kind":"rooftop""#, #""kind":"spaceship""#)
            text = Self.replaceFirst(text, #""kind":"lamp_pole""#, #""kind":"lamp_pole","status":"maybe""#)
            files["candidates.geojson"] = text
        }
        let run = try CLI.run(["validate", bad.path])
        #expect(run.status == 2)
        #expect(
            run.stderr.contains(
                "error: \(folder.path)/candidates.geojson: feature 0: field 'kind': expected one of rooftop"))
        #expect(run.stderr.contains("error: \(folder.path)/candidates.geojson: feature 1: field 'status'"))
        #expect(run.stdout.contains("2 error(s), 0 warning(s)"))
        #expect(
            try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
                == ["area.geojson", "candidates.geojson", "existing.geojson", "park.geojson", "scenario.json"])

        let json = try CLI.run(["validate", bad.path, "--json"])
        #expect(json.status == 2)
        let report = try #require(JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        #expect(report["valid"] as? Bool == false && report["errors"] as? Int == 2)
        let problems = try #require(report["problems"] as? [[String: Any]])
        #expect(problems.first?["field"] as? String == "kind" && problems.first?["location"] as? String == "feature 0")

        // A self-intersecting district is repaired with a warning: valid, exit 0.
        let repaired = try CLI.temporaryFolder("validate-ok")
        defer { try? FileManager.default.removeItem(at: repaired) }
        let bowtie = try CLI.smallScenario(in: repaired) { files in
            files["area.geojson"] =
                #"{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"name":"蝴蝶"},"geometry":{"type":"Polygon","coordinates":[[[113.28,23.10],[113.32,23.14],[113.32,23.10],[113.28,23.14],[113.28,23.10]]]}}]}"#
        }
        let ok = try CLI.run(["validate", bowtie.path])
        #expect(ok.status == 0, "\(ok.stderr)")
        #expect(
            ok.stderr.contains(
                "warning: \(repaired.path)/area.geojson: feature 0: field 'geometry': invalid polygon (Self-intersection"
            ), "\(ok.stderr)")
        #expect(ok.stderr.contains("repaired with GEOS MakeValid"))
        #expect(ok.stdout.contains("ok — 1 district(s), 60 candidates, 1 existing sites"))
        let solved = try CLI.run([
            "solve", bowtie.path, "--out", repaired.appendingPathComponent("out").path, "--quiet",
        ])
        #expect(solved.status == 0, "\(solved.stderr)")
    }

    @Test("a directory, a FIFO and an unreadable file where a file is expected: exit 2, nothing written")
    func unreadableFiles() throws {
        let folder = try CLI.temporaryFolder("unreadable")
        defer { try? FileManager.default.removeItem(at: folder) }
        let scenario = try CLI.smallScenario(in: folder) { files in
            files["scenario.json"] = files["scenario.json"]!.replacingOccurrences(
                of: #"["candidates.geojson"]"#,
                with: #"["candidates.geojson","folder.geojson","pipe.geojson","locked.geojson"]"#)
            files["locked.geojson"] = #"{"type":"FeatureCollection","features":[]}"#
        }
        try FileManager.default.createDirectory(
            at: folder.appendingPathComponent("folder.geojson"), withIntermediateDirectories: true)
        #expect(mkfifo(folder.appendingPathComponent("pipe.geojson").path, 0o600) == 0)
        let locked = folder.appendingPathComponent("locked.geojson")
        try FileManager.default.setAttributes([.posixPermissions: 0], ofItemAtPath: locked.path)
        let lockedIsReadable = access(locked.path, R_OK) == 0 // true for root, who reads anything
        let out = folder.appendingPathComponent("out")
        let run = try CLI.run(["solve", scenario.path, "--out", out.path])
        #expect(run.status == 2)
        #expect(
            run.stderr.contains(
                "folder.geojson: is a directory, expected a file (named in \(scenario.path) as 'candidates[1]')"),
            "\(run.stderr)")
        #expect(
            run.stderr.contains(
                "pipe.geojson: is a pipe (FIFO), expected a regular file (named in \(scenario.path) as 'candidates[2]')"
            ))
        if !lockedIsReadable {
            #expect(run.stderr.contains("locked.geojson: cannot read:"), "\(run.stderr)")
        }
        #expect(!FileManager.default.fileExists(atPath: out.path))
    }
}

/// Inputs are only ever read: an output folder that holds an input of the same name as an output
/// is refused before anything is written.
@Suite("Inputs are never modified (end to end)")
struct InputsUntouchedCLITests {
    @Test("--out pointing at the input folder with an input named like an output: exit 2, the input unchanged")
    func outputWouldReplaceAnInput() throws {
        let folder = try CLI.temporaryFolder("inplace")
        defer { try? FileManager.default.removeItem(at: folder) }
        let scenario = try CLI.smallScenario(in: folder) { files in
            files["sites.geojson"] = files["candidates.geojson"]
            files["scenario.json"] = files["scenario.json"]!.replacingOccurrences(
                of: #"["candidates.geojson"]"#, with: #"["sites.geojson"]"#)
        }
        let before = try Data(contentsOf: folder.appendingPathComponent("sites.geojson"))
        let listing = try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
        let run = try CLI.run(["solve", scenario.path, "--out", folder.path, "--force", "--quiet"])
        #expect(run.status == 2)
        #expect(
            run.stderr.contains(
                "error: \(folder.path)/sites.geojson: is an input of this scenario and would be overwritten"),
            "\(run.stderr)")
        #expect(try Data(contentsOf: folder.appendingPathComponent("sites.geojson")) == before)
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted() == listing)
    }
}
