import Foundation
import Geo
import Support

extension ScenarioLoader {
    /// The `demand.points` entry: weighted demand points, one demand cell each (docs/scenario.md).
    ///
    /// A file name, or `{"file": …, "crs": …, "x": COLUMN, "y": COLUMN, "weight": COLUMN}`. CSV files
    /// (header row) name their coordinate columns `x`/`y` in planar jobs and `lon`/`lat` otherwise
    /// (override with `x`/`y`); GeoJSON files hold Point features. Without `weight` every point weighs
    /// 1; with it, each point weighs that column's (property's) value, a finite number ≥ 0.
    ///
    /// - Parameter ids: whether each point's id is read too (`nrplan cluster` names the members of a
    ///   cluster by it).
    static func loadDemandPoints(
        _ member: JSONValue, field: String, files: LoadContext, ids: DemandPoints.IDSource = .none,
        _ diagnostics: inout Diagnostics, _ inputs: inout [InputFile]
    ) -> DemandPoints? {
        guard
            let ref = fileReference(
                member, field: field, scenarioFile: files.scenarioFile, defaultCRS: files.defaultCRS,
                folder: files.folder,
                extraKeys: ["x", "y", "weight"], &diagnostics)
        else { return nil }
        let columns = PointColumnNames(
            x: ref.options?.string("x", &diagnostics), y: ref.options?.string("y", &diagnostics),
            weight: ref.options?.string("weight", &diagnostics), ids: ids)
        if ref.isCSV {
            return demandPointsFromCSV(ref, columns: columns, files: files, &diagnostics, &inputs)
        }
        return demandPointsFromGeoJSON(ref, columns: columns, files: files, &diagnostics, &inputs)
    }

    /// The columns (CSV) or properties (GeoJSON: `weight` and the id) a `demand.points` entry names.
    struct PointColumnNames {
        var x: String?
        var y: String?
        var weight: String?
        var ids: DemandPoints.IDSource = .none
    }

    /// Demand points from the Point features of a GeoJSON file.
    static func demandPointsFromGeoJSON(
        _ ref: FileReference, columns: PointColumnNames, files: LoadContext, _ diagnostics: inout Diagnostics,
        _ inputs: inout [InputFile]
    ) -> DemandPoints? {
        guard
            let layer = files.readLayer(ref, role: "Point features (weighted demand points)", &diagnostics, &inputs)
        else { return nil }
        let file = ref.displayName
        let weightProperty = columns.weight
        var points = PointList()
        if columns.ids != .none { points.ids = [] }
        for feature in layer.features {
            let location = "feature \(feature.index)"
            guard case .point(let c)? = feature.geometry else {
                diagnostics.error(
                    file, location, field: "geometry.type", expected: "Point (a demand point)",
                    found: feature.geometry?.typeName ?? "null")
                continue
            }
            var weight = 1.0
            if let weightProperty {
                guard
                    let value = demandNumber(
                        feature.properties, weightProperty, file: file, location: location, required: true,
                        &diagnostics)
                else { continue }
                weight = value
            }
            if points.ids != nil {
                guard let id = featureID(feature, source: columns.ids, file: file, location: location, &diagnostics)
                else { continue }
                points.ids?.append(id)
            }
            points.append(c, weight: weight, line: Int32(feature.index))
        }
        if columns.ids == .automatic, let ids = points.ids, ids.allSatisfy(\.isEmpty) { points.ids = nil }
        return finish(file: file, points, &diagnostics)
    }

    /// A point feature's id: the named property, or (automatic) the `id` property, else the
    /// feature's `id`, else "" (no id).
    static func featureID(
        _ feature: Feature, source: DemandPoints.IDSource, file: String, location: String,
        _ diagnostics: inout Diagnostics
    ) -> String? {
        let value: JSONValue?
        switch source {
        case .none: return ""
        case .automatic: value = feature[property: "id"] ?? feature.id
        case .named(let name):
            value = feature[property: name]
            if value == nil || value == .null {
                diagnostics.error(file, location, field: name, expected: "a point id", found: "nothing")
                return nil
            }
        }
        switch value {
        case .string(let text)?: return text
        case .number(let number)?: return number.literal
        default: return ""
        }
    }

    /// Demand points from the rows of a CSV file (header row first; UTF-8 or GBK).
    static func demandPointsFromCSV(
        _ ref: FileReference, columns names: PointColumnNames, files: LoadContext, _ diagnostics: inout Diagnostics,
        _ inputs: inout [InputFile]
    ) -> DemandPoints? {
        guard let data = files.readData(ref, &diagnostics, &inputs) else { return nil }
        let file = ref.displayName
        let text: [UInt8]
        do {
            text = try TextDecoding.decode(data).utf8
        } catch {
            diagnostics.error(file, "line \(error.line)", message: error.message)
            return nil
        }
        let parsed = CSVParser.parse(text, delimiter: CSVParser.detectDelimiter(text))
        for problem in parsed.problems {
            diagnostics.error(file, "line \(problem.line)", message: "invalid CSV: \(problem.message)")
        }
        guard let header = parsed.records.first else {
            diagnostics.error(
                file, message: "the CSV file is empty: expected a header row naming the coordinate columns")
            return nil
        }
        guard let columns = pointColumns(header, names: names, planar: ref.crs.isPlanar, file: file, &diagnostics)
        else { return nil }
        var points = readPointRows(
            parsed.records.dropFirst(), header: header, columns: columns, crs: ref.crs, file: file, &diagnostics)
        if let idColumn = columns.id {
            points.ids = points.records.map { parsed.records[$0].fields[idColumn].trimmingCharacters(in: .whitespaces) }
        }
        return finish(file: file, points, &diagnostics)
    }

    /// The indices of the coordinate and weight columns of a points CSV file.
    struct PointColumns {
        /// Header names, trimmed.
        var names: [String]
        var x: Int
        var y: Int
        var weight: Int?
        /// The id column (`nrplan cluster`), when ids are read.
        var id: Int?
    }

    /// Finds the coordinate columns (`x`/`y` in planar jobs, `lon`/`lat` otherwise, or the names
    /// given) and the weight column in the header; nil with an error for each one missing.
    static func pointColumns(
        _ header: CSVRecord, names given: PointColumnNames, planar: Bool, file: String,
        _ diagnostics: inout Diagnostics
    ) -> PointColumns? {
        let names = header.fields.map { $0.trimmingCharacters(in: .whitespaces) }
        func column(_ explicit: String?, _ aliases: Set<String>, _ role: String) -> Int? {
            let index =
                explicit.map { e in names.firstIndex { $0 == e } }
                ?? names.firstIndex { aliases.contains($0.lowercased()) }
            if index == nil {
                let wanted = explicit.map { "'\($0)'" } ?? aliases.sorted().map { "'\($0)'" }.joined(separator: " or ")
                diagnostics.error(
                    file, "line \(header.line)", field: role, expected: "a column named \(wanted) in the header",
                    found: "columns \(names.map { "'\($0)'" }.joined(separator: ", "))")
            }
            return index
        }
        let xColumn = column(
            given.x, planar ? CatalogueCSVReader.planarXAliases : CatalogueCSVReader.longitudeAliases,
            planar ? "x" : "lon")
        let yColumn = column(
            given.y, planar ? CatalogueCSVReader.planarYAliases : CatalogueCSVReader.latitudeAliases,
            planar ? "y" : "lat")
        let weightColumn = given.weight.map { column($0, [], "weight") } ?? nil
        var idColumn: Int?
        switch given.ids {
        case .none: break
        case .automatic: idColumn = names.firstIndex { $0.lowercased() == "id" }
        case .named(let name): idColumn = column(name, [], "id")
        }
        guard let xColumn, let yColumn, given.weight == nil || weightColumn != nil else { return nil }
        if case .named = given.ids, idColumn == nil { return nil }
        return PointColumns(names: names, x: xColumn, y: yColumn, weight: weightColumn, id: idColumn)
    }

    /// The points of the data rows: every bad cell reported with its line and column; reading stops
    /// after 100 bad lines.
    static func readPointRows(
        _ records: ArraySlice<CSVRecord>, header: CSVRecord, columns: PointColumns, crs: CoordinateSystem,
        file: String, _ diagnostics: inout Diagnostics
    ) -> PointList {
        let planar = crs.isPlanar
        let names = columns.names
        var points = PointList(capacity: records.count)
        var errors = 0
        for (recordIndex, record) in zip(records.indices, records) {
            let location = "line \(record.line)"
            guard record.fields.count == header.fields.count else {
                diagnostics.error(
                    file, location, expected: "\(header.fields.count) fields as in the header (line \(header.line))",
                    found: "\(record.fields.count)")
                errors += 1
                if errors > 100 { break }
                continue
            }
            func value(_ k: Int, _ what: String) -> Double? {
                let text = record.fields[k].trimmingCharacters(in: .whitespaces)
                guard let v = Double(text), v.isFinite else {
                    diagnostics.error(
                        file, location, field: names[k], expected: what,
                        found: text.isEmpty ? "an empty cell" : "'\(text)'")
                    errors += 1
                    return nil
                }
                return v
            }
            let x = value(
                columns.x,
                planar ? "an x coordinate in metres (a finite number)" : "a longitude in degrees (a finite number)")
            let y = value(
                columns.y,
                planar ? "a y coordinate in metres (a finite number)" : "a latitude in degrees (a finite number)")
            var weight = 1.0
            if let weightColumn = columns.weight {
                guard let w = value(weightColumn, "a weight ≥ 0 (a finite number)") else { continue }
                guard w >= 0 else {
                    diagnostics.error(
                        file, location, field: names[weightColumn], expected: "a weight ≥ 0",
                        found: "\(record.fields[weightColumn])")
                    errors += 1
                    continue
                }
                weight = w
            }
            guard let x, let y else {
                if errors > 100 { break }
                continue
            }
            if !planar {
                guard
                    CatalogueCSVReader.checkRange(
                        lon: x, lat: y, names: (names[columns.x], names[columns.y]), file: file, location: location,
                        &diagnostics)
                else {
                    errors += 1
                    continue
                }
            }
            points.append(crs.toWGS84(Coordinate(x: x, y: y)), weight: weight, line: Int32(clamping: record.line))
            points.records.append(recordIndex)
        }
        if errors > 100 { diagnostics.error(file, message: "more than 100 bad lines: stopped reading") }
        return points
    }

    /// Points as they are read: positions, weights and source lines.
    struct PointList {
        var positions: [Coordinate] = []
        var weights: [Double] = []
        var lines: [Int32] = []
        /// CSV: the index of each point's record in the parsed file (to read further columns).
        var records: [Int] = []
        /// Each point's id, when ids are read.
        var ids: [String]?

        init(capacity: Int = 0) {
            positions.reserveCapacity(capacity)
            weights.reserveCapacity(capacity)
            lines.reserveCapacity(capacity)
        }

        mutating func append(_ position: Coordinate, weight: Double, line: Int32) {
            positions.append(position)
            weights.append(weight)
            lines.append(line)
        }
    }

    /// The points read, or nil with an error when there are none.
    private static func finish(file: String, _ points: PointList, _ diagnostics: inout Diagnostics) -> DemandPoints? {
        guard !points.positions.isEmpty else {
            diagnostics.error(file, field: "points", expected: "at least one demand point", found: "none")
            return nil
        }
        return DemandPoints(
            file: file, positions: points.positions, weights: points.weights, sourceLines: points.lines, ids: points.ids
        )
    }
}
