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
    public static func read(
        data: Data, file: String, crs: CoordinateSystem = .wgs84, threads: Int = 1, _ diagnostics: inout Diagnostics
    ) -> [Feature]? {
        rows(bytes: [UInt8](data), file: file, crs: crs, threads: threads, &diagnostics) { row, _ in
            Feature(index: row.line, geometry: .point(row.position), properties: row.properties)
        }
    }

    /// The sites of a CSV catalogue, built straight from its rows and checked as `SiteReader`
    /// checks a GeoJSON feature (the same `SiteReader.site`): same sites, properties and messages
    /// as reading the rows into features first, located by `line N`.
    /// `alongside`: a task run by one worker while the others read rows (`rows`).
    static func sites(
        bytes: [UInt8], file: String, crs: CoordinateSystem, options: SiteReader.Options, threads: Int,
        rangeBytes: Int = CSVChunks.bytes, alongside: () -> Void = {}, _ diagnostics: inout Diagnostics
    ) -> [Site]? {
        rows(
            bytes: bytes, file: file, crs: crs, threads: threads, rangeBytes: rangeBytes, alongside: alongside,
            &diagnostics
        ) { row, local in
            SiteReader.site(
                row.interpreted, at: row.position, properties: .row(row.source, row.record), featureID: nil, file: file,
                location: .line(row.line), options: options, &local)
        }
    }

    /// The data rows of a CSV file, each made into a value by `transform` (nil: dropped, its
    /// problems in the diagnostics it is given). Nil when the file cannot be read as CSV at all.
    ///
    /// The text is decoded (`TextDecoding`), its header read, the records scanned in byte ranges
    /// on up to `threads` threads (`CSVChunks`), then the rows of the ranges transformed on up to
    /// `threads` threads, each range with its own diagnostics. Messages come in the order of a front-to-back reading in stages: syntax
    /// problems, then the rows' problems, then the transform's, each in line order (same values
    /// and messages whatever the thread count). `alongside`, a task independent of the rows, is
    /// run by one worker while the others transform them (not at all when the file has no rows
    /// to transform: no header, or text that cannot be decoded).
    static func rows<T>(
        bytes: [UInt8], file: String, crs: CoordinateSystem, threads: Int, rangeBytes: Int = CSVChunks.bytes,
        alongside: () -> Void = {}, _ diagnostics: inout Diagnostics, _ transform: (Row, inout Diagnostics) -> T?
    ) -> [T]? {
        guard let text = decodeText(bytes, file: file, threads: threads, &diagnostics) else { return nil }
        let delimiter = CSVParser.detectDelimiter(text)
        var (position, line) = (0, 1)
        var header: CSVRecord?
        var problems: [CSVParser.SyntaxProblem] = []
        while header == nil && position < text.count {
            // One record at a time (blank lines before the header are skipped).
            let scanned = CSVParser.scan(text, delimiter: delimiter, from: position, line: line, until: position + 1)
            problems += scanned.problems
            (position, line) = (scanned.end, scanned.endLine)
            if scanned.fields.count > 0 { header = scanned.fields.record(0) }
        }
        guard let header else {
            report(problems, file: file, &diagnostics)
            diagnostics.error(file, message: "the CSV file is empty: expected a header row with at least id, lon, lat")
            return nil
        }
        var headerProblems = Diagnostics()
        let columns = mapHeader(header, file: file, planar: crs.isPlanar, &headerProblems)
        let parts = CSVChunks.scan(
            text, delimiter: delimiter, from: position, line: line, threads: threads, rangeBytes: rangeBytes,
            fieldsPerRecord: header.fields.count)
        report(problems + parts.problems, file: file, &diagnostics)
        diagnostics.merge(headerProblems)
        guard let columns else { return nil }
        let reader = Rows(header: header, columns: columns, crs: crs, file: file)
        let tables = parts.values
        // Range k's values go to the result from offsets[k] on (its record count bounds them); the
        // ranges are then closed up. Each value is written once, where it stays.
        var offsets = [0]
        for table in tables { offsets.append(offsets[offsets.count - 1] + table.count) }
        var ranges: [Part] = []
        let values = [T](unsafeUninitializedCapacity: offsets[offsets.count - 1]) { buffer, count in
            let output = UncheckedBox(buffer.baseAddress)
            let chunks = tables.indices.map { $0..<($0 + 1) }
            ranges = Parallel(threads: threads).map(chunks, alongside: alongside) { k -> Part in
                let k = k.lowerBound
                var part = Part()
                let table = tables[k] // once per range (`tables[k]` in the loop copied it per row)
                let source = CSVRowSource(reader: reader, table: table)
                for record in 0..<table.count {
                    guard let row = reader.row(table, record, source, &part.rows),
                        let value = transform(row, &part.transformed)
                    else { continue }
                    (output.value! + offsets[k] + part.count).initialize(to: value)
                    part.count += 1
                }
                return part
            }
            count = 0
            for k in ranges.indices {
                if let base = buffer.baseAddress, count != offsets[k] {
                    (base + count).moveInitialize(from: base + offsets[k], count: ranges[k].count)
                }
                count += ranges[k].count
            }
        }
        for part in ranges { diagnostics.merge(part.rows) }
        for part in ranges { diagnostics.merge(part.transformed) }
        return values
    }

    /// The diagnostics of one byte range of rows and the number of values it gave.
    struct Part {
        var count = 0
        var rows = Diagnostics()
        var transformed = Diagnostics()
    }

    static func report(_ problems: [CSVParser.SyntaxProblem], file: String, _ diagnostics: inout Diagnostics) {
        for problem in problems {
            diagnostics.error(file, "line \(problem.line)", message: "invalid CSV: \(problem.message)")
        }
    }

    /// The bytes of a CSV file as UTF-8 (`TextDecoding`), with a warning when they were converted
    /// from GB18030/GBK or UTF-16; nil (with the error at its line) when they cannot be decoded.
    static func decodeText(_ data: Data, file: String, threads: Int = 1, _ diagnostics: inout Diagnostics)
        -> [UInt8]?
    {
        decodeText([UInt8](data), file: file, threads: threads, &diagnostics)
    }

    static func decodeText(_ bytes: [UInt8], file: String, threads: Int = 1, _ diagnostics: inout Diagnostics)
        -> [UInt8]?
    {
        do {
            let decoded = try TextDecoding.decode(bytes, threads: threads)
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
}
