import Foundation
import Geo
import Support

/// Reads a site catalogue exported as CSV (a spreadsheet of the public-resources open catalogue,
/// lamp-pole registers, existing sites) into point features that `SiteReader` then checks like
/// GeoJSON ones.
///
/// Columns (header row required, names matched case-insensitively):
/// - `id`, `lon`, `lat` required (`lng`/`longitude`/`经度` and `latitude`/`纬度` are accepted for
///   the coordinates);
/// - `name`, `kind`, `owner`, `height_m`, `cost`, `status`, `power`, `profile` optional;
/// - every other column is carried through to the outputs as a string property, in column order.
///
/// With `crs` planar the coordinate columns are `x` and `y` (metres of the plane; no range check)
/// instead of `lon` and `lat`.
///
/// Each feature's properties are the columns in file order without `lon`/`lat` (they become the
/// Point). `height_m` and `cost` become numbers (their literal kept) when they are JSON numbers,
/// else stay strings for `SiteReader` to report; an empty `kind`, `height_m`, `cost`, `status` or
/// `profile` cell means "use the default". Feature `index` is the record's 1-based line, and every
/// message names `line N` and the column.
public enum CatalogueCSVReader {
    /// Columns nrplan interprets; an empty cell in one of these means "not given".
    static let defaultedColumns: Set<String> = ["kind", "height_m", "cost", "status", "profile"]
    /// Known column names (after aliasing), written in this canonical spelling.
    static let knownColumns: Set<String> = [
        "id", "name", "kind", "owner", "height_m", "cost", "status", "power", "profile",
    ]
    static let longitudeAliases: Set<String> = ["lon", "lng", "long", "longitude", "经度"]
    static let latitudeAliases: Set<String> = ["lat", "latitude", "纬度"]
    static let planarXAliases: Set<String> = ["x", "x_m", "easting"]
    static let planarYAliases: Set<String> = ["y", "y_m", "northing"]

    /// The point features of a CSV file's bytes, coordinates converted from `crs` to WGS-84;
    /// every problem goes to `diagnostics`. Nil when the file cannot be read as CSV at all.
    public static func read(data: Data, file: String, crs: CoordinateSystem = .wgs84, _ diagnostics: inout Diagnostics)
        -> [Feature]?
    {
        guard let text = decodeText(data, file: file, &diagnostics) else { return nil }
        let delimiter = CSVParser.detectDelimiter(text)
        let parsed = CSVParser.parse(text, delimiter: delimiter)
        for problem in parsed.problems {
            diagnostics.error(file, "line \(problem.line)", message: "invalid CSV: \(problem.message)")
        }
        guard let header = parsed.records.first else {
            diagnostics.error(file, message: "the CSV file is empty: expected a header row with at least id, lon, lat")
            return nil
        }
        guard let columns = mapHeader(header, file: file, planar: crs.isPlanar, &diagnostics) else { return nil }
        var features: [Feature] = []
        features.reserveCapacity(parsed.records.count - 1)
        for record in parsed.records.dropFirst() {
            guard record.fields.count == header.fields.count else {
                diagnostics.error(
                    file, "line \(record.line)",
                    expected: "\(header.fields.count) fields as in the header (line \(header.line))",
                    found: "\(record.fields.count)")
                continue
            }
            if let feature = feature(record, header: header, columns: columns, crs: crs, file: file, &diagnostics) {
                features.append(feature)
            }
        }
        return features
    }

    /// The bytes of a CSV file as UTF-8 (`TextDecoding`), with a warning when they were converted
    /// from GB18030/GBK or UTF-16; nil (with the error at its line) when they cannot be decoded.
    static func decodeText(_ data: Data, file: String, _ diagnostics: inout Diagnostics) -> [UInt8]? {
        do {
            let decoded = try TextDecoding.decode(data)
            switch decoded.encoding {
            case .gb18030:
                diagnostics.warning(
                    file,
                    message: "not UTF-8: read as GB18030/GBK (a Chinese Excel or WPS export) and converted to UTF-8")
            case .utf16LittleEndian, .utf16BigEndian:
                diagnostics.warning(
                    file, message: "read as \(decoded.encoding.rawValue) (byte-order mark) and converted to UTF-8")
            case .utf8, .utf8WithBOM:
                break
            }
            return decoded.utf8
        } catch {
            diagnostics.error(file, "line \(error.line)", message: error.message)
            return nil
        }
    }

    /// The point feature of one data row (as many fields as the header), or nil when a coordinate
    /// is missing, not a number or out of range (each problem goes to `diagnostics`).
    static func feature(
        _ record: CSVRecord, header: CSVRecord, columns: [Column], crs: CoordinateSystem, file: String,
        _ diagnostics: inout Diagnostics
    ) -> Feature? {
        let planar = crs.isPlanar
        let location = "line \(record.line)"
        var properties: [(key: String, value: JSONValue)] = []
        properties.reserveCapacity(record.fields.count)
        var longitude: Double?
        var latitude: Double?
        var ok = true
        for (k, column) in columns.enumerated() {
            let raw = record.fields[k]
            let trimmed = trimmed(raw)
            switch column {
            case .longitude:
                longitude = coordinate(
                    trimmed, field: header.fields[k],
                    what: planar ? "an x coordinate in metres" : "a longitude in degrees",
                    file: file, location: location, &diagnostics)
                if longitude == nil { ok = false }
            case .latitude:
                latitude = coordinate(
                    trimmed, field: header.fields[k],
                    what: planar ? "a y coordinate in metres" : "a latitude in degrees",
                    file: file, location: location, &diagnostics)
                if latitude == nil { ok = false }
            case .known(let name):
                if trimmed.isEmpty && defaultedColumns.contains(name) { continue }
                switch name {
                case "height_m", "cost": properties.append((name, numberOrString(trimmed)))
                case "id", "kind", "status", "profile": properties.append((name, .string(trimmed)))
                default: properties.append((name, .string(raw)))
                }
            case .other(let name):
                properties.append((name, .string(raw)))
            }
        }
        guard ok, let lon = longitude, let lat = latitude else { return nil }
        let names = (
            columns.firstIndex(of: .longitude).map { header.fields[$0] } ?? "lon",
            columns.firstIndex(of: .latitude).map { header.fields[$0] } ?? "lat"
        )
        guard planar || checkRange(lon: lon, lat: lat, names: names, file: file, location: location, &diagnostics)
        else { return nil }
        let position = crs.toWGS84(Coordinate(x: lon, y: lat))
        return Feature(index: record.line, geometry: .point(position), properties: properties)
    }

    enum Column: Equatable {
        case longitude, latitude
        case known(String)
        case other(String)
    }

    /// Column roles from the header; nil (with errors) when a required column is missing or a
    /// name repeats.
    static func mapHeader(_ header: CSVRecord, file: String, planar: Bool = false, _ diagnostics: inout Diagnostics)
        -> [Column]?
    {
        let xNames = planar ? planarXAliases : longitudeAliases
        let yNames = planar ? planarYAliases : latitudeAliases
        let (xLabel, yLabel) = planar ? ("x", "y") : ("lon", "lat")
        let location = "line \(header.line)"
        var columns: [Column] = []
        var seen: [String: Int] = [:]
        var ok = true
        for (k, rawName) in header.fields.enumerated() {
            let name = rawName.trimmingCharacters(in: .whitespaces)
            let key = name.lowercased()
            if name.isEmpty {
                diagnostics.error(
                    file, location, field: "column \(k + 1)", expected: "a column name in the header",
                    found: "an empty name")
                ok = false
            }
            let column: Column
            if xNames.contains(key) {
                column = .longitude
            } else if yNames.contains(key) {
                column = .latitude
            } else if knownColumns.contains(key) {
                column = .known(key)
            } else {
                column = .other(name)
            }
            let identity: String
            switch column {
            case .longitude: identity = xLabel
            case .latitude: identity = yLabel
            case .known(let canonical): identity = canonical
            case .other(let other): identity = other
            }
            if !name.isEmpty, let first = seen[identity] {
                diagnostics.error(
                    file, location, field: name, expected: "each column once",
                    found: "a second '\(identity)' column (columns \(first + 1) and \(k + 1))")
                ok = false
            }
            seen[identity] = k
            columns.append(column)
        }
        for (required, role) in [("id", Column.known("id")), (xLabel, Column.longitude), (yLabel, Column.latitude)]
        where !columns.contains(role) {
            let present = header.fields.map { "'\($0)'" }.joined(separator: ", ")
            diagnostics.error(
                file, location, field: required,
                expected: "a column named '\(required)' in the header (required: id, \(xLabel), \(yLabel))",
                found: "columns \(present)")
            ok = false
        }
        return ok ? columns : nil
    }

    /// A coordinate cell as a finite number, or nil with an error.
    static func coordinate(
        _ text: String, field: String, what: String, file: String, location: String,
        _ diagnostics: inout Diagnostics
    ) -> Double? {
        guard !text.isEmpty else {
            diagnostics.error(file, location, field: field, expected: what, found: "an empty cell")
            return nil
        }
        guard let value = Double(text) else {
            diagnostics.error(file, location, field: field, expected: "\(what) (a decimal number)", found: "'\(text)'")
            return nil
        }
        guard value.isFinite else {
            diagnostics.error(file, location, field: field, expected: "\(what) (a finite number)", found: "'\(text)'")
            return nil
        }
        return value
    }

    /// Longitude in −180…180 and latitude in −90…90, with swapped columns named as such.
    static func checkRange(
        lon: Double, lat: Double, names: (String, String), file: String, location: String,
        _ diagnostics: inout Diagnostics
    ) -> Bool {
        if (-180...180).contains(lon) && (-90...90).contains(lat) { return true }
        let found = "lon \(JSONNumber(lon).literal), lat \(JSONNumber(lat).literal)"
        if (-90...90).contains(lon) && (-180...180).contains(lat) {
            diagnostics.error(
                file, location, field: names.1,
                expected: "a latitude in −90…90 (the lon and lat columns look swapped)", found: found)
        } else if !(-180...180).contains(lon) {
            diagnostics.error(
                file, location, field: names.0, expected: "a longitude in −180…180 (WGS-84 degrees)", found: found)
        } else {
            diagnostics.error(
                file, location, field: names.1, expected: "a latitude in −90…90 (WGS-84 degrees)", found: found)
        }
        return false
    }

    /// A JSON number (literal kept) when the text is one, else the text as a string.
    static func numberOrString(_ text: String) -> JSONValue {
        if let number = JSONParser.number(text) { return .number(number) }
        return .string(text)
    }

    /// `text.trimmingCharacters(in: .whitespaces)`, without Foundation when neither the first nor
    /// the last scalar is whitespace (the common case: nothing to trim). `.whitespaces` is tab,
    /// Unicode category Zs (space, no-break space, ideographic space, …) and U+200B (zero width
    /// space: swift-corelibs-foundation keeps it, from when Unicode classed it Zs).
    @inline(__always)
    static func trimmed(_ text: String) -> String {
        let scalars = text.unicodeScalars
        guard let first = scalars.first, let last = scalars.last else { return text }
        if !isWhitespace(first) && !isWhitespace(last) { return text }
        return text.trimmingCharacters(in: .whitespaces)
    }

    @inline(__always)
    static func isWhitespace(_ scalar: Unicode.Scalar) -> Bool {
        if scalar.value < 0x80 { return scalar.value == 0x20 || scalar.value == 0x09 }
        return scalar.value == 0x200B || scalar.properties.generalCategory == .spaceSeparator
    }
}
