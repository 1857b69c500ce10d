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
    ///
    /// The text is split once into byte ranges (`CSVParser.scan`); the rows then become features
    /// in fixed chunks on up to `threads` threads, each chunk with its own diagnostics, merged in
    /// row order (same features and messages whatever the thread count).
    public static func read(
        data: Data, file: String, crs: CoordinateSystem = .wgs84, threads: Int = 1, _ diagnostics: inout Diagnostics
    ) -> [Feature]? {
        guard let text = decodeText(data, file: file, &diagnostics) else { return nil }
        let delimiter = CSVParser.detectDelimiter(text)
        let (table, problems) = CSVParser.scan(text, delimiter: delimiter)
        for problem in problems {
            diagnostics.error(file, "line \(problem.line)", message: "invalid CSV: \(problem.message)")
        }
        guard table.count > 0 else {
            diagnostics.error(file, message: "the CSV file is empty: expected a header row with at least id, lon, lat")
            return nil
        }
        let header = table.record(0)
        guard let columns = mapHeader(header, file: file, planar: crs.isPlanar, &diagnostics) else { return nil }
        let rows = Rows(table: table, header: header, columns: columns, crs: crs, file: file)
        let (features, parts) = Parallel(threads: threads).compactMap(
            count: table.count - 1, minimumChunk: 1024, state: { Diagnostics() }
        ) { k, local in rows.feature(k + 1, &local) }
        for part in parts { diagnostics.merge(part) }
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

    /// The data rows of a scanned file and how to read them.
    struct Rows: @unchecked Sendable {
        let table: CSVFields
        let header: CSVRecord
        let columns: [Column]
        let crs: CoordinateSystem
        let file: String

        /// The point feature of data row `record`, or nil when it has the wrong number of fields or
        /// a coordinate is missing, not a number or out of range (each problem goes to `diagnostics`).
        func feature(_ record: Int, _ diagnostics: inout Diagnostics) -> Feature? {
            let line = table.lines[record]
            guard table.fieldCount(record) == header.fields.count else {
                diagnostics.error(
                    file, "line \(line)",
                    expected: "\(header.fields.count) fields as in the header (line \(header.line))",
                    found: "\(table.fieldCount(record))")
                return nil
            }
            let planar = crs.isPlanar
            var properties: [(key: String, value: JSONValue)] = []
            properties.reserveCapacity(columns.count)
            var longitude: Double?
            var latitude: Double?
            var ok = true
            for (k, column) in columns.enumerated() {
                switch column {
                case .longitude, .latitude:
                    let isX = column == .longitude
                    let what =
                        planar
                        ? (isX ? "an x coordinate in metres" : "a y coordinate in metres")
                        : (isX ? "a longitude in degrees" : "a latitude in degrees")
                    let value =
                        table.withBytes(record, k) { JSONParser.numberValue($0) }
                        ?? coordinate(
                            trimmed(table.string(record, k)), field: header.fields[k], what: what, file: file,
                            location: "line \(line)", &diagnostics)
                    if value == nil { ok = false }
                    if isX { longitude = value } else { latitude = value }
                case .known(let name):
                    switch name {
                    case "height_m", "cost":
                        if let number = table.withBytes(record, k, JSONParser.literalNumber) {
                            properties.append((name, .number(number)))
                            continue
                        }
                        let text = trimmed(table.string(record, k))
                        if text.isEmpty { continue }
                        properties.append((name, numberOrString(text)))
                    case "id", "kind", "status", "profile":
                        let text = table.isEmpty(record, k) ? "" : trimmedField(record, k)
                        if text.isEmpty && name != "id" { continue }
                        properties.append((name, .string(text)))
                    default: properties.append((name, .string(table.string(record, k))))
                    }
                case .other(let name):
                    properties.append((name, .string(table.string(record, k))))
                }
            }
            guard ok, let lon = longitude, let lat = latitude else { return nil }
            if !planar {
                let names = (
                    columns.firstIndex(of: .longitude).map { header.fields[$0] } ?? "lon",
                    columns.firstIndex(of: .latitude).map { header.fields[$0] } ?? "lat"
                )
                guard checkRange(lon: lon, lat: lat, names: names, file: file, location: "line \(line)", &diagnostics)
                else { return nil }
            }
            let position = crs.toWGS84(Coordinate(x: lon, y: lat))
            return Feature(index: line, geometry: .point(position), properties: properties)
        }

        /// Field `k` of `record` trimmed like `trimmed`, without Foundation when its first and
        /// last bytes are ASCII other than space and tab (nothing to trim).
        @inline(__always)
        func trimmedField(_ record: Int, _ k: Int) -> String {
            let plain = table.withBytes(record, k) { bytes -> Bool in
                guard let first = bytes.first, let last = bytes.last else { return true }
                return first < 0x80 && last < 0x80 && first != 0x20 && first != 0x09 && last != 0x20 && last != 0x09
            }
            let text = table.string(record, k)
            return plain ? text : trimmed(text)
        }
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
