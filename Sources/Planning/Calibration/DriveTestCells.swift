import Foundation
import Geo

/// One cell (sector) of a drive-tested network: where its antenna is and how it points.
public struct DriveTestCell: Sendable, Hashable {
    public var id: String
    /// The site (mast) the cell is on; cells of one site share their shadowing environment and are
    /// held out together by site cross-validation.
    public var siteID: String
    /// Antenna position, WGS-84.
    public var location: Coordinate
    /// Antenna height above ground, metres.
    public var heightMeters: Double
    /// Boresight azimuth, degrees clockwise from north; nil for an omnidirectional cell.
    public var azimuthDegrees: Double?
    /// Total downtilt in degrees (replaces the profile's), or nil for the profile's.
    public var tiltDegrees: Double?
    /// Carrier frequency in MHz (replaces the profile's), or nil.
    public var frequencyMHz: Double?
    /// Radio profile name when the table gives one.
    public var profileName: String?
    /// `line N` (CSV) or `feature N` (GeoJSON), for messages.
    public var source: String
}

/// Reads the cell table of a drive test: CSV (`cell_id`, `site_id`, `lon`, `lat`, `height_m`,
/// optional `azimuth_deg`, `tilt_deg`, `frequency_mhz`, `profile`) or GeoJSON Point features with
/// those properties. Every problem is an error naming the line or feature and the field: a cell
/// table is configuration, and one wrong cell mis-predicts every sample of it.
public enum DriveTestCellReader {
    static let aliases: [String: [String]] = [
        "cell_id": ["cell_id", "cell", "cellid", "cgi", "nci", "eci"],
        "site_id": ["site_id", "site", "gnb_id", "gnodeb_id", "enb_id", "enodeb_id"],
        "height_m": ["height_m", "height", "antenna_height_m"],
        "azimuth_deg": ["azimuth_deg", "azimuth"],
        "tilt_deg": ["tilt_deg", "tilt", "downtilt_deg"],
        "frequency_mhz": ["frequency_mhz", "frequency", "freq_mhz"],
        "profile": ["profile"],
    ]

    /// The cells of a file (`.csv`/`.tsv`: CSV, anything else GeoJSON), coordinates converted from
    /// `crs` to WGS-84; problems go to `diagnostics`.
    public static func read(url: URL, displayName: String, crs: CoordinateSystem, diagnostics: inout Diagnostics)
        -> [DriveTestCell]
    {
        let data: Data
        do {
            data = try GeoJSONReader.readFile(url, displayName: displayName)
        } catch {
            diagnostics.add(Problem(error))
            return []
        }
        return read(data: data, displayName: displayName, crs: crs, diagnostics: &diagnostics)
    }

    /// The cells of a file's bytes; `displayName`'s extension tells CSV (`.csv`/`.tsv`) from GeoJSON.
    public static func read(data: Data, displayName: String, crs: CoordinateSystem, diagnostics: inout Diagnostics)
        -> [DriveTestCell]
    {
        let ext = (displayName as NSString).pathExtension.lowercased()
        let records =
            ext == "csv" || ext == "tsv"
            ? csvRecords(data, file: displayName, crs: crs, &diagnostics)
            : geoJSONRecords(data, file: displayName, crs: crs, &diagnostics)
        var cells: [DriveTestCell] = []
        var firstSource: [String: String] = [:]
        for record in records {
            guard let cell = cell(record, file: displayName, &diagnostics) else { continue }
            if let first = firstSource[cell.id] {
                diagnostics.error(
                    displayName, cell.source, field: "cell_id", expected: "each cell once",
                    found: "'\(cell.id)' again (first at \(first))")
                continue
            }
            firstSource[cell.id] = cell.source
            cells.append(cell)
        }
        if cells.isEmpty && !diagnostics.hasErrors {
            diagnostics.error(displayName, expected: "at least one cell", found: "none")
        }
        return cells
    }

    /// One row of either format: position (WGS-84) and the values by canonical field name.
    struct Record {
        var source: String
        var location: Coordinate
        var values: [String: String]
    }

    static func csvRecords(_ data: Data, file: String, crs: CoordinateSystem, _ diagnostics: inout Diagnostics)
        -> [Record]
    {
        guard let table = CSVTable.read(data, file: file, &diagnostics) else { return [] }
        let lon = table.column(Array(CatalogueCSVReader.longitudeAliases).sorted(), required: true, &diagnostics)
        let lat = table.column(Array(CatalogueCSVReader.latitudeAliases).sorted(), required: true, &diagnostics)
        var columns: [String: Int] = [:]
        for (field, names) in aliases {
            let required = field == "cell_id" || field == "site_id" || field == "height_m"
            if let index = table.column(names, required: required, &diagnostics) { columns[field] = index }
        }
        guard let lon, let lat, columns["cell_id"] != nil, columns["site_id"] != nil, columns["height_m"] != nil
        else { return [] }
        var records: [Record] = []
        for row in table.rows {
            let location = "line \(row.line)"
            guard row.fields.count == table.names.count else {
                diagnostics.error(
                    file, location, expected: "\(table.names.count) fields as in the header",
                    found: "\(row.fields.count)")
                continue
            }
            let x = CatalogueCSVReader.coordinate(
                row.fields[lon].trimmingCharacters(in: .whitespaces), field: table.names[lon],
                what: "a longitude in degrees", file: file, location: location, &diagnostics)
            let y = CatalogueCSVReader.coordinate(
                row.fields[lat].trimmingCharacters(in: .whitespaces), field: table.names[lat],
                what: "a latitude in degrees", file: file, location: location, &diagnostics)
            guard let x, let y,
                CatalogueCSVReader.checkRange(
                    lon: x, lat: y, names: (table.names[lon], table.names[lat]), file: file, location: location,
                    &diagnostics)
            else { continue }
            var values: [String: String] = [:]
            for (field, index) in columns { values[field] = row.fields[index].trimmingCharacters(in: .whitespaces) }
            records.append(Record(source: location, location: crs.toWGS84(Coordinate(x: x, y: y)), values: values))
        }
        return records
    }

    static func geoJSONRecords(_ data: Data, file: String, crs: CoordinateSystem, _ diagnostics: inout Diagnostics)
        -> [Record]
    {
        guard let layer = ScenarioLoader.parseGeoJSON(data, file: file, crs: crs, &diagnostics) else { return [] }
        var records: [Record] = []
        for feature in layer.features {
            let location = "feature \(feature.index)"
            guard case .point(let c)? = feature.geometry else {
                diagnostics.error(
                    file, location, field: "geometry.type", expected: "Point (a cell's antenna)",
                    found: feature.geometry?.typeName ?? "null")
                continue
            }
            var values: [String: String] = [:]
            for (field, names) in aliases {
                guard let value = names.lazy.compactMap({ feature[property: $0] }).first else { continue }
                switch value {
                case .string(let s): values[field] = s.trimmingCharacters(in: .whitespaces)
                case .number(let n): values[field] = n.literal
                case .null: values[field] = ""
                default: values[field] = "\u{0}" + describe(value)
                }
            }
            records.append(Record(source: location, location: c, values: values))
        }
        return records
    }

    /// Checks one record's fields; nil (with errors) when a field is wrong.
    static func cell(_ record: Record, file: String, _ diagnostics: inout Diagnostics) -> DriveTestCell? {
        var ok = true
        func text(_ field: String, required: Bool) -> String? {
            let value = record.values[field] ?? ""
            if value.hasPrefix("\u{0}") {
                diagnostics.error(
                    file, record.source, field: field, expected: "a string or a number",
                    found: String(value.dropFirst()))
                ok = false
                return nil
            }
            if value.isEmpty {
                if required {
                    diagnostics.error(file, record.source, field: field, expected: "a value", found: "an empty cell")
                    ok = false
                }
                return nil
            }
            return value
        }
        func number(_ field: String, _ range: ClosedRange<Double>, _ what: String, required: Bool) -> Double? {
            guard let value = text(field, required: required) else { return nil }
            guard let x = Double(value), x.isFinite, range.contains(x) else {
                diagnostics.error(file, record.source, field: field, expected: what, found: "'\(value)'")
                ok = false
                return nil
            }
            return x
        }
        let id = text("cell_id", required: true)
        let site = text("site_id", required: true)
        let height = number("height_m", 0.1...500, "an antenna height in (0, 500] m", required: true)
        var azimuth = number(
            "azimuth_deg", -360...720, "an azimuth in degrees (empty: omnidirectional)", required: false)
        if let a = azimuth {
            azimuth = (a.truncatingRemainder(dividingBy: 360) + 360).truncatingRemainder(dividingBy: 360)
        }
        let tilt = number("tilt_deg", -90...90, "a downtilt in -90...90 degrees", required: false)
        let frequency = number("frequency_mhz", 100...100_000, "a frequency in 100...100000 MHz", required: false)
        let profile = text("profile", required: false)
        guard ok, let id, let site, let height else { return nil }
        return DriveTestCell(
            id: id, siteID: site, location: record.location, heightMeters: height, azimuthDegrees: azimuth,
            tiltDegrees: tilt, frequencyMHz: frequency, profileName: profile, source: record.source)
    }
}
