import Foundation
import Geo
import Support

extension RunFolder {
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
        func file(_ name: String) -> (url: URL, display: String) {
            (folder.appendingPathComponent(name), (path as NSString).appendingPathComponent(name))
        }
        let summary = try readSummary(file("summary.json"))
        let coverage = file("coverage.geojson")
        return RunFolder(
            path: path, command: summary["command"]?.stringValue ?? "", summary: summary,
            sites: try readSites(file("sites.geojson")), holes: try readHoles(file("holes.geojson")),
            coverage: FileManager.default.fileExists(atPath: coverage.url.path) ? try readCoverage(coverage) : nil)
    }

    /// summary.json of a geographic solve or audit, with the figures the diff uses.
    static func readSummary(_ file: (url: URL, display: String)) throws(GeoError) -> JSONValue {
        let data = try GeoJSONReader.readFile(file.url, displayName: file.display)
        let summary: JSONValue
        do {
            summary = try JSONParser.parse(data)
        } catch {
            throw GeoError.json(file: file.display, line: error.line, column: error.column, message: error.message)
        }
        func fail(_ field: String, _ expected: String, _ found: String) -> GeoError {
            .geoJSON(file: file.display, location: "top level", field: field, expected: expected, found: found)
        }
        guard case .object = summary else { throw fail("(document)", "an object", summary.typeDescription) }
        let command = summary["command"]?.stringValue ?? ""
        guard command == "solve" || command == "audit" else {
            throw fail(
                "command", "\"solve\" or \"audit\" (diff compares the outputs of those commands)",
                summary["command"].map { JSONWriter.string($0) } ?? "nothing")
        }
        if summary["crs"]?.stringValue == "planar" {
            throw fail("crs", "a geographic run (planar runs write no GeoJSON to compare)", "\"planar\"")
        }
        for key in ["coverage_ratio", "holes_count"] where summary[key]?.doubleValue == nil {
            throw fail(key, "a number", summary[key]?.typeDescription ?? "nothing")
        }
        return summary
    }

    /// sites.geojson: points with unique ids (property `id`, else the feature's id).
    static func readSites(_ file: (url: URL, display: String)) throws(GeoError) -> [Site] {
        let features = try GeoJSONReader.read(contentsOf: file.url, displayName: file.display).features
        var sites: [Site] = []
        var seen: [String: Int] = [:]
        for feature in features {
            func fail(_ field: String, _ expected: String, _ found: String) -> GeoError {
                .geoJSON(
                    file: file.display, location: "feature \(feature.index)", field: field, expected: expected,
                    found: found)
            }
            guard case .point(let point)? = feature.geometry else {
                throw fail("geometry", "a Point", feature.geometry?.typeName ?? "null")
            }
            let id: String
            switch feature[property: "id"] ?? feature.id {
            case .string(let s)? where !s.isEmpty: id = s
            case .number(let n)?: id = n.literal
            case let other:
                throw fail(
                    "id", "a site id (property 'id' or the feature's id)", other?.typeDescription ?? "nothing")
            }
            if let first = seen[id] { throw fail("id", "a unique id", "'\(id)', already used by feature \(first)") }
            seen[id] = feature.index
            sites.append(Site(id: id, location: point, properties: feature.properties))
        }
        return sites
    }

    /// holes.geojson: polygons with an integer `hole_id` and an `area_m2`.
    static func readHoles(_ file: (url: URL, display: String)) throws(GeoError) -> [Hole] {
        let features = try GeoJSONReader.read(contentsOf: file.url, displayName: file.display).features
        var holes: [Hole] = []
        for feature in features {
            func fail(_ field: String, _ expected: String) -> GeoError {
                .geoJSON(
                    file: file.display, location: "feature \(feature.index)", field: field, expected: expected,
                    found: field == "geometry"
                        ? feature.geometry?.typeName ?? "null" : feature[property: field]?.typeDescription ?? "nothing")
            }
            guard let geometry = feature.geometry, !geometry.polygons.isEmpty else {
                throw fail("geometry", "a Polygon or MultiPolygon")
            }
            guard let id = feature[property: "hole_id"]?.doubleValue.flatMap({ Int(exactly: $0) }) else {
                throw fail("hole_id", "an integer")
            }
            guard let area = feature[property: "area_m2"]?.doubleValue, area >= 0, area.isFinite else {
                throw fail("area_m2", "a number ≥ 0")
            }
            holes.append(Hole(id: id, geometry: geometry, properties: feature.properties))
        }
        return holes
    }

    /// coverage.geojson: the best-server areas, polygons.
    static func readCoverage(_ file: (url: URL, display: String)) throws(GeoError) -> [Geometry] {
        try GeoJSONReader.read(contentsOf: file.url, displayName: file.display).features.map {
            feature throws(GeoError) in
            guard let geometry = feature.geometry, !geometry.polygons.isEmpty else {
                throw GeoError.geoJSON(
                    file: file.display, location: "feature \(feature.index)", field: "geometry",
                    expected: "a Polygon or MultiPolygon", found: feature.geometry?.typeName ?? "null")
            }
            return geometry
        }
    }
}
