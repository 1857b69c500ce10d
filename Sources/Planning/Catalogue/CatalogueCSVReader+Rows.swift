import Foundation
import Geo
import Support

extension CatalogueCSVReader {
    /// A data row read: its line, its point (WGS-84), the properties a site interprets, and where
    /// its other properties are (`properties` builds them).
    struct Row {
        let line: Int
        let position: Coordinate
        var interpreted: SiteReader.Interpreted
        let source: CSVRowSource
        let record: Int

        /// The row's properties in column order (what a feature or site keeps).
        var properties: [(key: String, value: JSONValue)] { source.properties(record) }
    }

    /// What a column is to a row: where its cell goes.
    enum Role {
        case longitude, latitude, height, cost, id, kind, status, profile, name, type
        /// Another known column (`owner`, `power`) or any other: kept as a string under this key.
        case text(String)
    }

    /// How the data rows of a file are read: its header and column roles.
    struct Rows: @unchecked Sendable {
        let header: CSVRecord
        let columns: [Column]
        let crs: CoordinateSystem
        let file: String
        /// Per column, found once from `columns` (not by comparing names on every row).
        let roles: [Role]
        /// The coordinate columns as the header names them (for a message on a row out of range).
        let coordinateNames: (String, String)
        let kinds = RawNames<SiteKind>()
        let statuses = RawNames<SiteStatus>()

        init(header: CSVRecord, columns: [Column], crs: CoordinateSystem, file: String) {
            (self.header, self.columns, self.crs, self.file) = (header, columns, crs, file)
            coordinateNames = (
                columns.firstIndex(of: .longitude).map { header.fields[$0] } ?? "lon",
                columns.firstIndex(of: .latitude).map { header.fields[$0] } ?? "lat"
            )
            roles = columns.map { column in
                switch column {
                case .longitude: .longitude
                case .latitude: .latitude
                case .known("height_m"): .height
                case .known("cost"): .cost
                case .known("id"): .id
                case .known("kind"): .kind
                case .known("status"): .status
                case .known("profile"): .profile
                case .known("name"): .name
                case .known(let name): .text(name)
                case .other("type"): .type
                case .other(let name): .text(name)
                }
            }
        }

        /// Data row `record` of `table`, or nil when it has the wrong number of fields or a
        /// coordinate is missing, not a number or out of range (each problem goes to `diagnostics`).
        func row(_ table: CSVFields, _ record: Int, _ source: CSVRowSource, _ diagnostics: inout Diagnostics) -> Row? {
            let line = table.lines[record]
            guard table.fieldCount(record) == header.fields.count else {
                diagnostics.error(
                    file, "line \(line)",
                    expected: "\(header.fields.count) fields as in the header (line \(header.line))",
                    found: "\(table.fieldCount(record))")
                return nil
            }
            let planar = crs.isPlanar
            var read = SiteReader.Interpreted()
            var longitude: Double?
            var latitude: Double?
            var ok = true
            for (k, role) in roles.enumerated() {
                switch role {
                case .longitude, .latitude:
                    let isX = if case .longitude = role { true } else { false }
                    let what =
                        planar
                        ? (isX ? "an x coordinate in metres" : "a y coordinate in metres")
                        : (isX ? "a longitude in degrees" : "a latitude in degrees")
                    let number =
                        table.withBytes(record, k) { JSONParser.numberValue($0) }
                        ?? coordinate(
                            trimmed(table.string(record, k)), field: header.fields[k], what: what, file: file,
                            location: "line \(line)", &diagnostics)
                    if number == nil { ok = false }
                    if isX { longitude = number } else { latitude = number }
                case .text: continue // built when the properties are read
                case .id: read.id = cell(table, record, k)
                case .kind:
                    // A cell that is exactly a kind (the usual case) is matched on its bytes.
                    read.knownKind = table.withBytes(record, k, kinds.match)
                    if read.knownKind == nil { read.kind = cell(table, record, k) }
                case .status:
                    read.knownStatus = table.withBytes(record, k, statuses.match)
                    if read.knownStatus == nil { read.status = cell(table, record, k) }
                case .profile: read.profile = cell(table, record, k)
                case .height: read.height = cell(table, record, k)
                case .cost: read.cost = cell(table, record, k)
                case .name: read.name = cell(table, record, k)
                case .type: read.type = cell(table, record, k)
                }
            }
            guard ok, let lon = longitude, let lat = latitude else { return nil }
            if !planar {
                guard
                    checkRange(
                        lon: lon, lat: lat, names: coordinateNames, file: file, location: "line \(line)", &diagnostics)
                else { return nil }
            }
            let position = crs.toWGS84(Coordinate(x: lon, y: lat))
            return Row(line: line, position: position, interpreted: read, source: source, record: record)
        }

        /// The property of column `k` of `record` (not a coordinate column), or nil when the row
        /// leaves it out: an empty `kind`, `height_m`, `cost`, `status` or `profile` cell (the
        /// default). `height_m` and `cost` are numbers (literal kept) when they are JSON numbers;
        /// `id`, `kind`, `status` and `profile` are trimmed; other cells are kept as written.
        @inline(__always)
        func cell(_ table: CSVFields, _ record: Int, _ k: Int) -> JSONValue? {
            switch roles[k] {
            case .longitude, .latitude:
                return nil
            case .height, .cost:
                if let number = table.withBytes(record, k, JSONParser.literalNumber) { return .number(number) }
                let text = trimmed(table.string(record, k))
                return text.isEmpty ? nil : numberOrString(text)
            case .id:
                return .string(table.isEmpty(record, k) ? "" : trimmedField(table, record, k))
            case .kind, .status, .profile:
                let text = table.isEmpty(record, k) ? "" : trimmedField(table, record, k)
                return text.isEmpty ? nil : .string(text)
            case .name, .type, .text:
                return .string(table.string(record, k))
            }
        }

        /// The property key of column `k`: its canonical name.
        @inline(__always)
        func key(_ k: Int) -> String {
            switch columns[k] {
            case .known(let name), .other(let name): name
            case .longitude: "lon"
            case .latitude: "lat"
            }
        }

        /// Field `k` of `record` trimmed like `trimmed`, without Foundation when its first and
        /// last bytes are ASCII other than space and tab (nothing to trim).
        @inline(__always)
        func trimmedField(_ table: CSVFields, _ record: Int, _ k: Int) -> String {
            let plain = table.withBytes(record, k) { bytes -> Bool in
                guard let first = bytes.first, let last = bytes.last else { return true }
                return first < 0x80 && last < 0x80 && first != 0x20 && first != 0x09 && last != 0x20 && last != 0x09
            }
            let text = table.string(record, k)
            return plain ? text : trimmed(text)
        }
    }

    /// The raw values of a string enum's cases in UTF-8: a cell matched on its bytes, without
    /// making a string of it first.
    struct RawNames<Value: CaseIterable & RawRepresentable> where Value.RawValue == String {
        let values = Array(Value.allCases)
        let names: [[UInt8]]

        init() { names = values.map { Array($0.rawValue.utf8) } }

        /// The case whose raw value is exactly `bytes`, or nil.
        @inline(__always)
        func match(_ bytes: UnsafeBufferPointer<UInt8>) -> Value? {
            guard let base = bytes.baseAddress else { return nil }
            for k in names.indices where names[k].count == bytes.count {
                if names[k].withUnsafeBufferPointer({ memcmp($0.baseAddress!, base, bytes.count) == 0 }) {
                    return values[k]
                }
            }
            return nil
        }
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
    /// `location` is made only for a message.
    static func checkRange(
        lon: Double, lat: Double, names: (String, String), file: String, location: @autoclosure () -> String,
        _ diagnostics: inout Diagnostics
    ) -> Bool {
        if (-180...180).contains(lon) && (-90...90).contains(lat) { return true }
        let location = location()
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
