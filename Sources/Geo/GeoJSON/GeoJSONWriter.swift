import Foundation
import Support

/// Writes a GeoJSON FeatureCollection feature by feature, following RFC 7946:
/// WGS-84 longitude/latitude, exterior rings counter-clockwise and holes clockwise (§3.1.6),
/// at most 7 decimals (about 1 cm, §11.2), no `crs` member. One feature per line, so the file
/// diffs and streams well.
///
/// The file appears only when `finish()` succeeds (temporary name, then rename); the files of a
/// run come from an `OutputFolder`, which publishes them together.
public final class GeoJSONWriter {
    private let file: OutputFile
    private var count = 0
    private var line = ""

    /// Starts a FeatureCollection at `url`; `name` becomes the collection's `name` member (read by
    /// GDAL as the layer name).
    public convenience init(url: URL, name: String? = nil) throws(GeoError) {
        let file: OutputFile
        do { file = try OutputFile(url: url) } catch { throw .output(error) }
        try self.init(file: file, name: name)
    }

    /// Starts a FeatureCollection in `file` (e.g. `OutputFolder.create("holes.geojson")`).
    public init(file: OutputFile, name: String? = nil) throws(GeoError) {
        self.file = file
        var head = "{\"type\":\"FeatureCollection\""
        if let name {
            head += ",\"name\":"
            JSONWriter.appendString(name, into: &head)
        }
        head += ",\"features\":[\n"
        try output { () throws(OutputError) in try file.write(head) }
    }

    /// Runs a step of the file, reporting its failure as `GeoError.output`.
    private func output(_ step: () throws(OutputError) -> Void) throws(GeoError) {
        do { try step() } catch { throw .output(error) }
    }

    /// The number of features written so far.
    public var featureCount: Int { count }

    /// Appends one feature. `geometry` must be in lon/lat degrees.
    public func write(geometry: Geometry?, properties: [(key: String, value: JSONValue)], id: JSONValue? = nil)
        throws(GeoError)
    {
        line.removeAll(keepingCapacity: true)
        if count > 0 { line += ",\n" }
        line += "{\"type\":\"Feature\""
        if let id {
            line += ",\"id\":"
            JSONWriter.write(id, into: &line)
        }
        line += ",\"geometry\":"
        if let geometry {
            GeoJSONWriter.appendGeometry(geometry, into: &line)
        } else {
            line += "null"
        }
        line += ",\"properties\":"
        JSONWriter.write(.object(properties), into: &line)
        line += "}"
        try output { () throws(OutputError) in try file.write(line) }
        count += 1
    }

    /// Appends a feature.
    public func write(_ feature: Feature) throws(GeoError) {
        try write(geometry: feature.geometry, properties: feature.properties, id: feature.id)
    }

    /// Closes the collection and moves the file into place.
    public func finish() throws(GeoError) {
        try output { () throws(OutputError) in
            try file.write("\n]}\n")
            try file.commit()
        }
    }

    /// Drops the partial file.
    public func discard() { file.discard() }

    /// Appends the GeoJSON geometry object of `geometry` (rings re-oriented per RFC 7946).
    public static func appendGeometry(_ geometry: Geometry, into out: inout String) {
        switch geometry {
        case .point(let c):
            out += "{\"type\":\"Point\",\"coordinates\":"
            appendPosition(c, into: &out)
            out += "}"
        case .multiPoint(let cs):
            out += "{\"type\":\"MultiPoint\",\"coordinates\":"
            appendPositions(cs, into: &out)
            out += "}"
        case .lineString(let cs):
            out += "{\"type\":\"LineString\",\"coordinates\":"
            appendPositions(cs, into: &out)
            out += "}"
        case .multiLineString(let lines):
            out += "{\"type\":\"MultiLineString\",\"coordinates\":["
            for (i, line) in lines.enumerated() {
                if i > 0 { out += "," }
                appendPositions(line, into: &out)
            }
            out += "]}"
        case .polygon(let polygon):
            out += "{\"type\":\"Polygon\",\"coordinates\":"
            appendPolygon(polygon, into: &out)
            out += "}"
        case .multiPolygon(let polygons):
            out += "{\"type\":\"MultiPolygon\",\"coordinates\":["
            for (i, polygon) in polygons.enumerated() {
                if i > 0 { out += "," }
                appendPolygon(polygon, into: &out)
            }
            out += "]}"
        case .geometryCollection(let members):
            out += "{\"type\":\"GeometryCollection\",\"geometries\":["
            for (i, member) in members.enumerated() {
                if i > 0 { out += "," }
                appendGeometry(member, into: &out)
            }
            out += "]}"
        }
    }

    static func appendPolygon(_ polygon: Polygon, into out: inout String) {
        out += "["
        if !polygon.exterior.isEmpty {
            appendPositions(Ring.oriented(polygon.exterior, counterClockwise: true), into: &out)
            for hole in polygon.holes {
                out += ","
                appendPositions(Ring.oriented(hole, counterClockwise: false), into: &out)
            }
        }
        out += "]"
    }

    static func appendPositions(_ coordinates: [Coordinate], into out: inout String) {
        out += "["
        for (i, c) in coordinates.enumerated() {
            if i > 0 { out += "," }
            appendPosition(c, into: &out)
        }
        out += "]"
    }

    static func appendPosition(_ c: Coordinate, into out: inout String) {
        out += "["
        Precision.degrees.append(c.x, to: &out)
        out += ","
        Precision.degrees.append(c.y, to: &out)
        out += "]"
    }
}
