import Foundation
import Geo

/// One RSRP sample of a drive test, attributed to a cell.
public struct DriveTestSample: Sendable {
    /// Where it was measured, WGS-84.
    public var location: Coordinate
    /// The reported RSRP in dBm; for a censored sample, the floor (the true value is at most this).
    public var rsrpDBm: Double
    /// True when the phone reported its sensitivity floor: "at most `rsrpDBm`", not a measurement.
    public var censored: Bool
    /// Index into the cell table.
    public var cellIndex: Int
    /// 1-based line in the measurements file.
    public var line: Int
    /// The sample's clutter (land-use) class, when a clutter column was named.
    public var clutter: String?
    /// Values of the file's other columns, in `DriveTestMeasurements.extraColumns` order.
    public var extras: [String]
}

/// Why a sample was not used. Each class is counted and its first lines are named in a warning.
public enum SampleIssue: String, Sendable, CaseIterable {
    case wrongFieldCount = "wrong_field_count"
    case badPosition = "bad_position"
    case badRSRP = "impossible_rsrp"
    case unknownCell = "unknown_cell"
    case otherProfile = "other_profile"
    case tooFar = "too_far"
    case tooNear = "too_near"

    /// How a warning describes the class.
    public var explanation: String {
        switch self {
        case .wrongFieldCount: return "a line with another number of fields than the header"
        case .badPosition: return "no valid lon/lat"
        case .badRSRP: return "an RSRP that is not a number or outside -200...-20 dBm (impossible for a handset)"
        case .unknownCell: return "a cell_id that is not in the cell table"
        case .otherProfile: return "a cell of another radio profile (not calibrated here)"
        case .tooFar: return "farther from its cell than the maximum distance (wrong cell or wrong position)"
        case .tooNear: return "nearer to its cell than the minimum distance"
        }
    }

    /// True for classes that are data errors (warned about); the distance filters and other
    /// profiles are selections.
    public var isDataError: Bool { self != .otherProfile && self != .tooNear }
}

/// Counts of dropped samples per class, with the first few lines of each.
public struct SampleTally: Sendable {
    public private(set) var counts: [SampleIssue: Int] = [:]
    public private(set) var examples: [SampleIssue: [String]] = [:]
    /// Samples below the floor, treated as censored at the floor.
    public var belowFloor = 0

    public init() {}

    public mutating func add(_ issue: SampleIssue, line: Int, detail: String? = nil) {
        counts[issue, default: 0] += 1
        if (examples[issue]?.count ?? 0) < 5 {
            examples[issue, default: []].append("line \(line)" + (detail.map { " (\($0))" } ?? ""))
        }
    }

    public func count(_ issue: SampleIssue) -> Int { counts[issue] ?? 0 }

    /// Every dropped sample.
    public var dropped: Int { counts.values.reduce(0, +) }
}

/// The samples of a drive-test CSV file.
public struct DriveTestMeasurements: Sendable {
    public var file: String
    public var samples: [DriveTestSample]
    /// Data lines read (after the header).
    public var linesRead: Int
    /// The columns carried through as they are.
    public var extraColumns: [String]
    public var tally: SampleTally
}

/// Reads drive-test measurements: a CSV file (UTF-8 or GBK) with `lon`, `lat`, `rsrp_dbm`,
/// `cell_id` and any other columns, which are kept. A bad sample is dropped and counted by class
/// (`SampleIssue`); a file that cannot be read, or lacks a required column, is an error.
public enum DriveTestMeasurementReader {
    static let rsrpAliases = ["rsrp_dbm", "rsrp", "ss_rsrp_dbm", "ss_rsrp", "nr_ss_rsrp"]
    static let cellAliases = ["cell_id", "cell", "cellid", "cgi", "nci", "eci"]
    /// RSRP a handset can report: TS 38.133 Table 10.1.6.1-1 maps −156…−31 dBm; wider bounds
    /// only reject what no receiver reports.
    static let plausibleRSRP = -200.0 ... -20.0

    /// Reads the file.
    ///
    /// - Parameters:
    ///   - cellIndex: cell id → index in the cell table.
    ///   - calibrated: per cell, true when it belongs to the profile being calibrated.
    ///   - floorDBm: the phone's reporting floor; a value at or below it is censored at it.
    ///   - clutterColumn: the column naming each sample's clutter class, if any.
    public static func read(
        url: URL, displayName: String, crs: CoordinateSystem, cellIndex: [String: Int], calibrated: [Bool],
        floorDBm: Double, clutterColumn: String?, diagnostics: inout Diagnostics
    ) -> DriveTestMeasurements? {
        let data: Data
        do {
            data = try GeoJSONReader.readFile(url, displayName: displayName)
        } catch {
            diagnostics.add(Problem(error))
            return nil
        }
        return read(
            data: data, displayName: displayName, crs: crs, cellIndex: cellIndex, calibrated: calibrated,
            floorDBm: floorDBm, clutterColumn: clutterColumn, diagnostics: &diagnostics)
    }

    /// Reads the measurements from a file's bytes (the parameters as `read(url:…)`).
    public static func read(
        data: Data, displayName: String, crs: CoordinateSystem, cellIndex: [String: Int], calibrated: [Bool],
        floorDBm: Double, clutterColumn: String?, diagnostics: inout Diagnostics
    ) -> DriveTestMeasurements? {
        let file = displayName
        guard let table = CSVTable.read(data, file: file, &diagnostics) else { return nil }
        let lon = table.column(Array(CatalogueCSVReader.longitudeAliases).sorted(), required: true, &diagnostics)
        let lat = table.column(Array(CatalogueCSVReader.latitudeAliases).sorted(), required: true, &diagnostics)
        let rsrp = table.column(rsrpAliases, required: true, &diagnostics)
        let cell = table.column(cellAliases, required: true, &diagnostics)
        var clutter: Int?
        if let name = clutterColumn {
            clutter = table.column([name], required: true, &diagnostics)
            if clutter == nil { return nil }
        }
        guard let lon, let lat, let rsrp, let cell, !diagnostics.hasErrors else { return nil }
        let interpreted = Set([lon, lat, rsrp, cell] + (clutter.map { [$0] } ?? []))
        let extraIndices = table.names.indices.filter { !interpreted.contains($0) }
        var tally = SampleTally()
        var samples: [DriveTestSample] = []
        samples.reserveCapacity(table.rows.count)
        for row in table.rows {
            guard row.fields.count == table.names.count else {
                tally.add(.wrongFieldCount, line: row.line, detail: "\(row.fields.count) fields")
                continue
            }
            func value(_ k: Int) -> String { row.fields[k].trimmingCharacters(in: .whitespaces) }
            guard let x = Double(value(lon)), let y = Double(value(lat)), x.isFinite, y.isFinite,
                (-180...180).contains(x), (-90...90).contains(y)
            else {
                tally.add(.badPosition, line: row.line, detail: "lon '\(value(lon))', lat '\(value(lat))'")
                continue
            }
            guard let level = Double(value(rsrp)), level.isFinite, plausibleRSRP.contains(level) else {
                tally.add(.badRSRP, line: row.line, detail: "'\(value(rsrp))'")
                continue
            }
            guard let index = cellIndex[value(cell)] else {
                tally.add(.unknownCell, line: row.line, detail: "'\(value(cell))'")
                continue
            }
            guard calibrated[index] else {
                tally.add(.otherProfile, line: row.line)
                continue
            }
            // A value at the floor (to the 0.05 dB a report is rounded to) or below it is censored.
            let censored = level <= floorDBm + 0.05
            if level < floorDBm - 0.05 { tally.belowFloor += 1 }
            let clutterValue = clutter.map(value).flatMap { $0.isEmpty ? nil : $0 }
            samples.append(
                DriveTestSample(
                    location: crs.toWGS84(Coordinate(x: x, y: y)), rsrpDBm: censored ? floorDBm : level,
                    censored: censored, cellIndex: index, line: row.line, clutter: clutterValue,
                    extras: extraIndices.map { row.fields[$0] }))
        }
        return DriveTestMeasurements(
            file: file, samples: samples, linesRead: table.rows.count,
            extraColumns: extraIndices.map { table.names[$0] },
            tally: tally)
    }
}
