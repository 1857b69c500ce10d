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
    static func loadDemandPoints(
        _ member: JSONValue, field: String, scenarioFile: String, defaultCRS: CoordinateSystem,
        context: LoadContext, _ diagnostics: inout Diagnostics, _ inputs: inout [InputFile]
    ) -> DemandPoints? {
        guard
            let ref = fileReference(
                member, field: field, scenarioFile: scenarioFile, defaultCRS: defaultCRS,
                extraKeys: ["x", "y", "weight"], &diagnostics)
        else { return nil }
        let xName = ref.options?.string("x", &diagnostics)
        let yName = ref.options?.string("y", &diagnostics)
        let weightName = ref.options?.string("weight", &diagnostics)
        let file = ref.displayName
        if !ref.isCSV {
            guard
                let layer = context.readLayer(
                    ref, role: "Point features (weighted demand points)", &diagnostics, &inputs)
            else { return nil }
            var positions: [Coordinate] = []
            var weights: [Double] = []
            var lines: [Int32] = []
            for feature in layer.features {
                let location = "feature \(feature.index)"
                guard case .point(let c)? = feature.geometry else {
                    diagnostics.error(
                        file, location, field: "geometry.type", expected: "Point (a demand point)",
                        found: feature.geometry?.typeName ?? "null")
                    continue
                }
                var weight = 1.0
                if let weightName {
                    guard
                        let value = demandNumber(
                            feature.properties, weightName, file: file, location: location, required: true, &diagnostics
                        )
                    else { continue }
                    weight = value
                }
                positions.append(c)
                weights.append(weight)
                lines.append(Int32(feature.index))
            }
            return finish(file: file, positions, weights, lines, &diagnostics)
        }
        guard let data = context.readData(ref, &diagnostics, &inputs) else { return nil }
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
        let planar = ref.crs.isPlanar
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
            xName, planar ? CatalogueCSVReader.planarXAliases : CatalogueCSVReader.longitudeAliases,
            planar ? "x" : "lon")
        let yColumn = column(
            yName, planar ? CatalogueCSVReader.planarYAliases : CatalogueCSVReader.latitudeAliases, planar ? "y" : "lat"
        )
        let weightColumn = weightName.map { column($0, [], "weight") } ?? nil
        guard let xColumn, let yColumn, weightName == nil || weightColumn != nil else { return nil }
        var positions: [Coordinate] = []
        var weights: [Double] = []
        var lines: [Int32] = []
        positions.reserveCapacity(parsed.records.count)
        weights.reserveCapacity(parsed.records.count)
        lines.reserveCapacity(parsed.records.count)
        var errors = 0
        for record in parsed.records.dropFirst() {
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
                xColumn,
                planar ? "an x coordinate in metres (a finite number)" : "a longitude in degrees (a finite number)")
            let y = value(
                yColumn,
                planar ? "a y coordinate in metres (a finite number)" : "a latitude in degrees (a finite number)")
            var weight = 1.0
            if let weightColumn {
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
                        lon: x, lat: y, names: (names[xColumn], names[yColumn]), file: file, location: location,
                        &diagnostics)
                else {
                    errors += 1
                    continue
                }
            }
            positions.append(ref.crs.toWGS84(Coordinate(x: x, y: y)))
            weights.append(weight)
            lines.append(Int32(clamping: record.line))
        }
        if errors > 100 { diagnostics.error(file, message: "more than 100 bad lines: stopped reading") }
        return finish(file: file, positions, weights, lines, &diagnostics)
    }

    private static func finish(
        file: String, _ positions: [Coordinate], _ weights: [Double], _ lines: [Int32],
        _ diagnostics: inout Diagnostics
    ) -> DemandPoints? {
        guard !positions.isEmpty else {
            diagnostics.error(file, field: "points", expected: "at least one demand point", found: "none")
            return nil
        }
        return DemandPoints(file: file, positions: positions, weights: weights, sourceLines: lines)
    }
}
