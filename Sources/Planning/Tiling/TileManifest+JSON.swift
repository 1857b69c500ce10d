import Foundation
import Geo
import Support

extension TileManifest {
    /// The manifest as written to `manifest.json` (members in the order of docs/scale.md; every
    /// number in its shortest round-trip form, so a reader gets the same doubles back).
    public var json: JSONValue {
        let cutValue: JSONValue
        switch cut {
        case .grid(let km): cutValue = .object([("by", .string("grid")), ("grid_km", .number(km))])
        case .district: cutValue = .object([("by", .string("district"))])
        }
        let frame: JSONValue = .object([
            (
                "projection",
                .object([("lon_0", .number(centralMeridianDegrees)), ("lat_0", .number(originLatitudeDegrees))])
            ),
            (
                "grid",
                .object([
                    ("cell_m", .number(grid.cellMeters)), ("origin_x_m", .number(grid.originX)),
                    ("origin_y_m", .number(grid.originY)), ("columns", .number(Double(grid.columns))),
                    ("rows", .number(Double(grid.rows))), ("align_squares", .number(Double(alignSquares))),
                ])
            ),
        ])
        return .object([
            ("version", .number(Double(Self.formatVersion))),
            ("nrplan_version", .string(nrplanVersion)),
            ("scenario", .string(scenario)),
            ("inputs", .array(inputs.map { .string($0) })),
            ("input_sha256", .string(inputSHA256)),
            ("halo_m", .number(haloMeters)),
            ("range_m", .number(rangeMeters)),
            ("cut", cutValue),
            ("frame", frame),
            (
                "objective",
                .object([
                    ("type", .string("min_cost")), ("coverage_target", .number(coverageTarget)),
                    ("tile_target", .string("uniform")),
                ])
            ),
            ("weight", .number(weight)),
            ("cells", .number(Double(cells))),
            (
                "bound_ladder",
                .object([
                    ("first", .number(ladder.first)), ("ratio", .number(ladder.ratio)),
                    ("count", .number(Double(ladder.count))),
                ])
            ),
            ("tiles", .array(tiles.map(\.json))),
        ])
    }

    /// Reads and checks a manifest; every problem is reported at once (`PlanningError.invalidInput`).
    public static func read(_ url: URL, displayName: String) throws(PlanningError) -> TileManifest {
        let data: Data
        do {
            data = try GeoJSONReader.readFile(url, displayName: displayName)
        } catch {
            throw .invalidInput([Problem(error)])
        }
        var diagnostics = Diagnostics()
        guard let fields = ScenarioLoader.parseTopLevel(data, file: displayName, &diagnostics) else {
            throw .invalidInput(diagnostics.problems)
        }
        let manifest = parse(fields, &diagnostics)
        guard let manifest, !diagnostics.hasErrors else { throw .invalidInput(diagnostics.errors) }
        return manifest
    }

    /// The manifest's members, checked; nil with the problems recorded.
    static func parse(_ f: JSONFields, _ d: inout Diagnostics) -> TileManifest? {
        if let version = f.integer("version", required: true, minimum: 0, &d), version != formatVersion {
            d.error(
                f.file, field: "version", expected: "\(formatVersion) (this nrplan's manifest format)",
                found: "\(version)")
        }
        let nrplanVersion = f.string("nrplan_version", required: true, &d)
        let scenario = f.string("scenario", required: true, &d)
        let inputs = strings(f, "inputs", &d)
        let sha = f.string("input_sha256", required: true, &d)
        let halo = f.number("halo_m", required: true, in: 0...1e7, &d)
        let range = f.number("range_m", required: true, in: 0...1e7, &d)
        var cut: Cut?
        if let c = f.object("cut", required: true, &d) {
            switch c.string("by", required: true, &d) {
            case "grid": cut = c.number("grid_km", required: true, in: 1e-3...1e5, &d).map { .grid(kilometers: $0) }
            case "district": cut = .district
            case let other?: d.error(f.file, field: "cut.by", expected: "'grid' or 'district'", found: "'\(other)'")
            case nil: break
            }
        }
        let frame = f.object("frame", required: true, &d)
        let projection = frame?.object("projection", required: true, &d)
        let lon0 = projection?.number("lon_0", required: true, in: -180...180, &d)
        let lat0 = projection?.number("lat_0", required: true, in: -90...90, &d)
        let g = frame?.object("grid", required: true, &d)
        let cell = g?.number("cell_m", required: true, in: 1e-3...1e5, &d)
        let originX = g?.number("origin_x_m", required: true, &d)
        let originY = g?.number("origin_y_m", required: true, &d)
        let columns = g?.integer("columns", required: true, minimum: 1, &d)
        let rows = g?.integer("rows", required: true, minimum: 1, &d)
        let align = g?.integer("align_squares", required: true, minimum: 1, &d)
        let objective = f.object("objective", required: true, &d)
        let target = objective?.number("coverage_target", required: true, in: 0...1, &d)
        let weight = f.number("weight", required: true, in: 0...Double.greatestFiniteMagnitude, &d)
        let cells = f.integer("cells", required: true, minimum: 0, &d)
        let l = f.object("bound_ladder", required: true, &d)
        let first = l?.number("first", required: true, in: 0...Double.greatestFiniteMagnitude, &d)
        let ratio = l?.number("ratio", required: true, in: 1.000001...10, &d)
        let count = l?.integer("count", required: true, minimum: 0, &d)
        var tiles: [Tile] = []
        if let list = f.value["tiles"]?.arrayValue {
            for (k, value) in list.enumerated() {
                if let tile = Tile.parse(JSONFields(value, file: f.file, prefix: "tiles[\(k)]"), &d) {
                    if tile.index != k {
                        d.error(f.file, field: "tiles[\(k)].index", expected: "\(k)", found: "\(tile.index)")
                    }
                    tiles.append(tile)
                }
            }
        } else {
            d.error(
                f.file, field: "tiles", expected: "an array of tiles",
                found: f.value["tiles"].map(describe) ?? "nothing")
        }
        guard let nrplanVersion, let scenario, let inputs, let sha, let halo, let range, let cut, let lon0, let lat0,
            let cell, let originX, let originY, let columns, let rows, let align, let target, let weight, let cells,
            let first, let ratio, let count, !d.hasErrors
        else { return nil }
        return TileManifest(
            nrplanVersion: nrplanVersion, scenario: scenario, inputs: inputs, inputSHA256: sha, haloMeters: halo,
            rangeMeters: range, cut: cut, centralMeridianDegrees: lon0, originLatitudeDegrees: lat0,
            grid: GridSpec(originX: originX, originY: originY, cellMeters: cell, columns: columns, rows: rows),
            alignSquares: align, coverageTarget: target, weight: weight, cells: cells,
            ladder: BoundLadder(first: first, ratio: ratio, count: count), tiles: tiles)
    }

    /// A member that must be an array of strings.
    static func strings(_ f: JSONFields, _ key: String, _ d: inout Diagnostics) -> [String]? {
        guard let list = f.value[key]?.arrayValue, list.allSatisfy({ $0.stringValue != nil }) else {
            d.error(
                f.file, field: f.path(key), expected: "an array of strings",
                found: f.value[key].map(describe) ?? "nothing")
            return nil
        }
        return list.compactMap(\.stringValue)
    }
}

extension TileManifest.Tile {
    var json: JSONValue {
        var members: [(key: String, value: JSONValue)] = [
            ("index", .number(Double(index))), ("name", .string(name)), ("scenario", .string(scenario)),
            ("out", .string(out)), ("files", .array(files.map { .string($0) })),
            ("scenario_sha256", .string(scenarioSHA256)), ("core_area_km2", .number(coreAreaKm2, .meters)),
            ("cells", .number(Double(cells))), ("weight", .number(weight)),
            ("candidates", .number(Double(candidates))), ("existing", .number(Double(existing))),
            ("window", .array(window.map { .number(Double($0)) })),
        ]
        if let coreDistrict { members.append(("core_district", .number(Double(coreDistrict)))) }
        if let district { members.append(("district", .number(Double(district)))) }
        return .object(members)
    }

    static func parse(_ f: JSONFields, _ d: inout Diagnostics) -> TileManifest.Tile? {
        let index = f.integer("index", required: true, minimum: 0, &d)
        let name = f.string("name", required: true, &d)
        let scenario = f.string("scenario", required: true, &d)
        let out = f.string("out", required: true, &d)
        let files = TileManifest.strings(f, "files", &d)
        let sha = f.string("scenario_sha256", required: true, &d)
        let area = f.number("core_area_km2", required: true, &d)
        let cells = f.integer("cells", required: true, minimum: 0, &d)
        let weight = f.number("weight", required: true, &d)
        let candidates = f.integer("candidates", required: true, minimum: 0, &d)
        let existing = f.integer("existing", required: true, minimum: 0, &d)
        var window: [Int]?
        if let list = f.value["window"]?.arrayValue, list.count == 4,
            case let numbers = list.compactMap({ $0.doubleValue.flatMap { Int(exactly: $0) } }), numbers.count == 4,
            numbers[0] >= 0, numbers[1] >= 0, numbers[2] > numbers[0], numbers[3] > numbers[1]
        {
            window = numbers
        } else {
            d.error(
                f.file, field: f.path("window"),
                expected: "[first column, first row, end column, end row] with ends beyond firsts",
                found: f.value["window"].map(describe) ?? "nothing")
        }
        let coreDistrict = f.integer("core_district", minimum: 0, &d)
        let district = f.integer("district", minimum: 0, &d)
        if (coreDistrict == nil) != (district == nil) {
            d.error(
                f.file, field: f.path("district"), expected: "core_district and district together", found: "one of them"
            )
        }
        guard let index, let name, let scenario, let out, let files, let sha, let area, let cells, let weight,
            let candidates, let existing, let window
        else { return nil }
        return TileManifest.Tile(
            index: index, name: name, scenario: scenario, out: out, files: files, scenarioSHA256: sha,
            coreAreaKm2: area, cells: cells, weight: weight, candidates: candidates, existing: existing, window: window,
            coreDistrict: coreDistrict, district: district)
    }
}
