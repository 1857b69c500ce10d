import Foundation
import Geo

/// One output folder of `nrplan solve` or `nrplan audit`, as `nrplan diff` reads it: the
/// figures of summary.json and the features of sites.geojson and holes.geojson.
public struct RunFolder: Sendable {
    /// A site of the run.
    public struct Site: Sendable {
        public var id: String
        /// WGS-84 degrees.
        public var location: Coordinate
        public var properties: [(key: String, value: JSONValue)]

        public subscript(key: String) -> JSONValue? { properties.last { $0.key == key }?.value }
    }

    /// A hole of the run.
    public struct Hole: Sendable {
        public var id: Int
        public var geometry: Geometry
        public var properties: [(key: String, value: JSONValue)]

        public subscript(key: String) -> JSONValue? { properties.last { $0.key == key }?.value }
        public var areaSquareMeters: Double { self["area_m2"]?.doubleValue ?? 0 }
    }

    /// The folder as named on the command line.
    public var path: String
    /// `solve` or `audit`.
    public var command: String
    public var summary: JSONValue
    public var sites: [Site]
    public var holes: [Hole]
    /// The best-server areas of coverage.geojson (all of them make the covered demand), when the
    /// folder has the file.
    public var coverage: [Geometry]?

    /// The files every folder must hold.
    public static let requiredFiles = ["summary.json", "sites.geojson", "holes.geojson"]

    /// Reads and checks a folder; every problem is an error naming the file, feature and field.
    public static func read(_ path: String) throws(GeoError) -> RunFolder {
        let folder = URL(fileURLWithPath: path)
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder.path, isDirectory: &isDirectory) else {
            throw GeoError.io(file: path, message: "no such folder")
        }
        guard isDirectory.boolValue else {
            throw GeoError.io(
                file: path, message: "is a file; expected the output folder of nrplan solve or nrplan audit")
        }
        let missing = requiredFiles.filter {
            !FileManager.default.fileExists(atPath: folder.appendingPathComponent($0).path)
        }
        if !missing.isEmpty {
            let older =
                missing == ["sites.geojson"]
                ? " (audits before this version did not write sites.geojson: re-run the audit)" : ""
            throw GeoError.io(
                file: path,
                message:
                    "not an nrplan output folder: \(missing.joined(separator: ", ")) missing; a folder written by nrplan solve or nrplan audit holds \(requiredFiles.joined(separator: ", "))\(older)"
            )
        }
        let summaryName = (path as NSString).appendingPathComponent("summary.json")
        let summaryData = try GeoJSONReader.readFile(
            folder.appendingPathComponent("summary.json"), displayName: summaryName)
        let summary: JSONValue
        do {
            summary = try JSONParser.parse(summaryData)
        } catch {
            throw GeoError.json(file: summaryName, line: error.line, column: error.column, message: error.message)
        }
        guard case .object = summary else {
            throw GeoError.geoJSON(
                file: summaryName, location: "top level", field: "(document)", expected: "an object",
                found: summary.typeDescription)
        }
        let command = summary["command"]?.stringValue ?? ""
        guard command == "solve" || command == "audit" else {
            throw GeoError.geoJSON(
                file: summaryName, location: "top level", field: "command",
                expected: "\"solve\" or \"audit\" (diff compares the outputs of those commands)",
                found: summary["command"].map { JSONWriter.string($0) } ?? "nothing")
        }
        if summary["crs"]?.stringValue == "planar" {
            throw GeoError.geoJSON(
                file: summaryName, location: "top level", field: "crs",
                expected: "a geographic run (planar runs write no GeoJSON to compare)", found: "\"planar\"")
        }
        for key in ["coverage_ratio", "holes_count"] where summary[key]?.doubleValue == nil {
            throw GeoError.geoJSON(
                file: summaryName, location: "top level", field: key, expected: "a number",
                found: summary[key]?.typeDescription ?? "nothing")
        }
        let sitesName = (path as NSString).appendingPathComponent("sites.geojson")
        let sitesFile = try GeoJSONReader.read(
            contentsOf: folder.appendingPathComponent("sites.geojson"), displayName: sitesName)
        var sites: [Site] = []
        var seen: [String: Int] = [:]
        for feature in sitesFile.features {
            let location = "feature \(feature.index)"
            guard case .point(let point)? = feature.geometry else {
                throw GeoError.geoJSON(
                    file: sitesName, location: location, field: "geometry", expected: "a Point",
                    found: feature.geometry?.typeName ?? "null")
            }
            let id: String
            switch feature[property: "id"] ?? feature.id {
            case .string(let s)? where !s.isEmpty: id = s
            case .number(let n)?: id = n.literal
            case let other:
                throw GeoError.geoJSON(
                    file: sitesName, location: location, field: "id",
                    expected: "a site id (property 'id' or the feature's id)",
                    found: other?.typeDescription ?? "nothing")
            }
            if let first = seen[id] {
                throw GeoError.geoJSON(
                    file: sitesName, location: location, field: "id", expected: "a unique id",
                    found: "'\(id)', already used by feature \(first)")
            }
            seen[id] = feature.index
            sites.append(Site(id: id, location: point, properties: feature.properties))
        }
        let holesName = (path as NSString).appendingPathComponent("holes.geojson")
        let holesFile = try GeoJSONReader.read(
            contentsOf: folder.appendingPathComponent("holes.geojson"), displayName: holesName)
        var holes: [Hole] = []
        for feature in holesFile.features {
            let location = "feature \(feature.index)"
            guard let geometry = feature.geometry, !geometry.polygons.isEmpty else {
                throw GeoError.geoJSON(
                    file: holesName, location: location, field: "geometry", expected: "a Polygon or MultiPolygon",
                    found: feature.geometry?.typeName ?? "null")
            }
            guard let id = feature[property: "hole_id"]?.doubleValue.flatMap({ Int(exactly: $0) }) else {
                throw GeoError.geoJSON(
                    file: holesName, location: location, field: "hole_id", expected: "an integer",
                    found: feature[property: "hole_id"]?.typeDescription ?? "nothing")
            }
            guard let area = feature[property: "area_m2"]?.doubleValue, area >= 0, area.isFinite else {
                throw GeoError.geoJSON(
                    file: holesName, location: location, field: "area_m2", expected: "a number ≥ 0",
                    found: feature[property: "area_m2"]?.typeDescription ?? "nothing")
            }
            holes.append(Hole(id: id, geometry: geometry, properties: feature.properties))
        }
        var coverage: [Geometry]?
        if FileManager.default.fileExists(atPath: folder.appendingPathComponent("coverage.geojson").path) {
            let coverageName = (path as NSString).appendingPathComponent("coverage.geojson")
            let file = try GeoJSONReader.read(
                contentsOf: folder.appendingPathComponent("coverage.geojson"), displayName: coverageName)
            coverage = try file.features.map { feature throws(GeoError) in
                guard let geometry = feature.geometry, !geometry.polygons.isEmpty else {
                    throw GeoError.geoJSON(
                        file: coverageName, location: "feature \(feature.index)", field: "geometry",
                        expected: "a Polygon or MultiPolygon", found: feature.geometry?.typeName ?? "null")
                }
                return geometry
            }
        }
        return RunFolder(
            path: path, command: command, summary: summary, sites: sites, holes: holes, coverage: coverage)
    }

    /// The demand cell size in metres (summary.json `cell_m`), or nil.
    public var cellMeters: Double? { summary["cell_m"]?.doubleValue }

    /// The cost of the run: summary.json's `cost_total` (solve), else the sum of the sites' `cost`
    /// properties (an audit of sites that carry costs), else nil.
    public var cost: Double? {
        if let total = summary["cost_total"]?.doubleValue { return total }
        let costs = sites.compactMap { $0["cost"]?.doubleValue }
        return costs.isEmpty ? nil : costs.reduce(0, +)
    }

    /// What the run was made from: the scenario file (solve) or the sites file (audit).
    public var source: String {
        summary["scenario"]?["file"]?.stringValue ?? summary["inputs"]?["sites"]?.stringValue ?? ""
    }
}
