import Foundation
import Support

#if canImport(Glibc)
    import Glibc
#endif

/// Reads GeoJSON (RFC 7946) files into `Feature` values: JSON by nrplan's own parser (members in
/// order), geometry into `Geometry` values (GEOS never sees properties).
///
/// Accepts a FeatureCollection, a single Feature or a bare geometry object. Every structural
/// problem is an error naming the file, the feature (0-based index in `features`) and the member.
public enum GeoJSONReader {
    /// What to check of coordinate values.
    public enum CoordinateCheck: Sendable {
        /// Longitude in [−180, 180], latitude in [−90, 90]; a swapped pair is named as such.
        case wgs84
        /// Any finite numbers (planar inputs in metres).
        case none
    }

    /// The features of a file, plus warnings about things that were repaired on reading.
    public struct Result: Sendable {
        public var features: [Feature]
        public var warnings: [GeoWarning]
        /// With `collectFeatureErrors`, the errors of the features that were skipped (one per
        /// feature, in file order); otherwise always empty (the first error is thrown).
        public var featureErrors: [GeoError] = []
        /// The file's text, when features keep their properties in it (`Feature.propertiesOffset`).
        public var text: JSONText?
    }

    /// Reads and parses the GeoJSON file at `url`; `displayName` is used in messages; a large
    /// FeatureCollection is read on up to `threads` threads (same result).
    public static func read(
        contentsOf url: URL, displayName: String? = nil, check: CoordinateCheck = .wgs84, threads: Int = 1
    ) throws(GeoError) -> Result {
        let name = displayName ?? url.path
        let data = try readFile(url, displayName: name)
        return try parse(data: data, file: name, check: check, threads: threads)
    }

    /// Parses GeoJSON text.
    public static func parse(data: Data, file: String, check: CoordinateCheck = .wgs84, threads: Int = 1)
        throws(GeoError) -> Result
    {
        if let result = fastParse(data: data, check: check, threads: threads) { return result }
        let root: JSONValue
        do {
            root = try JSONParser.parse(data)
        } catch {
            throw GeoError.json(file: file, line: error.line, column: error.column, message: error.message)
        }
        return try parse(json: root, file: file, check: check)
    }

    /// The features of a valid, ordinary FeatureCollection read straight from the bytes
    /// (`GeoJSONStreamReader`), or nil when the file needs the general path: a syntax error, a
    /// feature error, a repair with a warning, or a construct the fast reader leaves to it. When
    /// it answers, the result is the one the general path gives (whatever `threads` is).
    /// `alongside`: a task independent of the parse (the file's SHA-256), run by one worker while
    /// the others read the features when the file is read in ranges on several threads; not run
    /// otherwise (the caller then runs it).
    /// `building`: nil builds every feature's properties; else each feature's `properties` object
    /// is checked and kept as text (`Feature.propertiesOffset`, `Result.text`) with only the
    /// members of these names built (a catalogue's site reads a few; its writer asks for all
    /// later, of the few thousand sites a plan picks: `properties(in:at:)`).
    public static func fastParse(
        data: Data, check: CoordinateCheck = .wgs84, threads: Int = 1, building: [StaticString]? = nil,
        alongside: (() -> Void)? = nil
    ) -> Result? {
        GeoJSONStreamReader.features(
            of: data, check: check, threads: threads, building: building, alongside: alongside
        ).map {
            Result(features: $0, warnings: [], text: building == nil ? nil : JSONText(data))
        }
    }

    /// `fastParse` without the array of features: each feature is given to `body`, which keeps
    /// what it makes of it in a state (a catalogue's sites, straight from the bytes), or nil when
    /// the file needs the general path (`body` may then have seen some of the features).
    /// The file is one range, its features numbered as in the file, or (with `threads` > 1, a
    /// large file) several ranges read on several threads, each with its own state from `state`
    /// (given the range's length in bytes, to size it) and its features numbered from 0
    /// (`FeatureRange.firstIndex` gives the file's numbers).
    /// With `building`, a feature's `properties` array is reused for the next feature when `body`
    /// keeps no copy of it (no allocation per feature).
    public static func fastRead<State>(
        data: Data, check: CoordinateCheck = .wgs84, threads: Int = 1, building: [StaticString]? = nil,
        alongside: (() -> Void)? = nil, state: (_ bytes: Int) -> State, _ body: (Feature, inout State) -> Void
    ) -> [FeatureRange<State>]? {
        GeoJSONStreamReader.read(
            data, check: check, threads: threads, building: building, alongside: alongside, state: state, body)
    }

    /// All the properties of a feature read with `fastParse(building:)`: the members of the
    /// object at `offset` in `text`, as the reader would have built them on load.
    public static func properties(in text: JSONText, at offset: Int) -> [(key: String, value: JSONValue)] {
        guard case .object(let members) = text.value(at: offset, depth: 3) else {
            preconditionFailure("a feature's properties are an object")
        }
        return members
    }

    /// Reads the features of already parsed GeoJSON (for callers that parse the text themselves,
    /// e.g. to report a syntax error's member path).
    ///
    /// - Parameter collectFeatureErrors: when true, a FeatureCollection's invalid features are
    ///   skipped and their errors returned in `Result.featureErrors`, so that a caller can report
    ///   every bad feature at once; errors of the collection itself are still thrown.
    public static func parse(
        json root: JSONValue, file: String, check: CoordinateCheck = .wgs84,
        collectFeatureErrors: Bool = false
    ) throws(GeoError) -> Result {
        var parser = Parser(file: file, check: check)
        parser.collectFeatureErrors = collectFeatureErrors
        let features = try parser.features(of: root)
        return Result(features: features, warnings: parser.warnings, featureErrors: parser.featureErrors)
    }

    struct Parser {
        let file: String
        let check: CoordinateCheck
        var warnings: [GeoWarning] = []
        var collectFeatureErrors = false
        var featureErrors: [GeoError] = []

        init(file: String, check: CoordinateCheck) {
            self.file = file
            self.check = check
        }

        func fail(_ location: String, _ field: String, _ expected: String, _ found: String) -> GeoError {
            .geoJSON(file: file, location: location, field: field, expected: expected, found: found)
        }

        mutating func features(of root: JSONValue) throws(GeoError) -> [Feature] {
            guard case .object = root else {
                throw fail(
                    "top level", "type", "a GeoJSON object (FeatureCollection, Feature or geometry)",
                    root.typeDescription)
            }
            guard let type = root["type"]?.stringValue else {
                throw fail(
                    "top level", "type", "a string such as \"FeatureCollection\"",
                    root["type"]?.typeDescription ?? "nothing")
            }
            switch type {
            case "FeatureCollection":
                guard let list = root["features"]?.arrayValue else {
                    throw fail(
                        "top level", "features", "an array of features", root["features"]?.typeDescription ?? "nothing")
                }
                var result: [Feature] = []
                result.reserveCapacity(list.count)
                for (index, element) in list.enumerated() {
                    if collectFeatureErrors {
                        do throws(GeoError) {
                            result.append(try feature(element, index: index))
                        } catch {
                            featureErrors.append(error)
                        }
                    } else {
                        result.append(try feature(element, index: index))
                    }
                }
                return result
            case "Feature":
                return [try feature(root, index: 0)]
            default:
                let geometry = try self.geometry(root, location: "top level", field: "geometry")
                return [Feature(index: 0, geometry: geometry)]
            }
        }

        mutating func feature(_ value: JSONValue, index: Int) throws(GeoError) -> Feature {
            let location = "feature \(index)"
            guard case .object = value else { throw fail(location, "type", "a Feature object", value.typeDescription) }
            guard value["type"]?.stringValue == "Feature" else {
                throw fail(location, "type", "\"Feature\"", value["type"].map { JSONWriter.string($0) } ?? "nothing")
            }
            var properties: [(key: String, value: JSONValue)] = []
            if let props = value["properties"] {
                switch props {
                case .null: break
                case .object(let members): properties = members
                default: throw fail(location, "properties", "an object or null", props.typeDescription)
                }
            }
            var geometry: Geometry?
            if let g = value["geometry"], !g.isNull {
                geometry = try self.geometry(g, location: location, field: "geometry")
            } else if value["geometry"] == nil {
                throw fail(location, "geometry", "a geometry object or null", "nothing")
            }
            let id = value["id"]
            if let id {
                switch id {
                case .string, .number: break
                default: throw fail(location, "id", "a string or a number", id.typeDescription)
                }
            }
            return Feature(index: index, id: id, geometry: geometry, properties: properties)
        }

        mutating func geometry(_ value: JSONValue, location: String, field: String) throws(GeoError) -> Geometry {
            guard case .object = value else { throw fail(location, field, "a geometry object", value.typeDescription) }
            guard let type = value["type"]?.stringValue else {
                throw fail(
                    location, "\(field).type", "a geometry type name", value["type"]?.typeDescription ?? "nothing")
            }
            if type == "GeometryCollection" {
                guard let members = value["geometries"]?.arrayValue else {
                    throw fail(
                        location, "\(field).geometries", "an array", value["geometries"]?.typeDescription ?? "nothing")
                }
                var result: [Geometry] = []
                for (i, member) in members.enumerated() {
                    result.append(try geometry(member, location: location, field: "\(field).geometries[\(i)]"))
                }
                return .geometryCollection(result)
            }
            guard let coordinates = value["coordinates"] else {
                throw fail(location, "\(field).coordinates", "an array of coordinates", "nothing")
            }
            let path = "\(field).coordinates"
            switch type {
            case "Point":
                return .point(try position(coordinates, location: location, field: path))
            case "MultiPoint":
                return .multiPoint(try positions(coordinates, location: location, field: path))
            case "LineString":
                let line = try positions(coordinates, location: location, field: path)
                if line.count == 1 { throw fail(location, path, "at least 2 positions in a LineString", "1") }
                return .lineString(line)
            case "MultiLineString":
                return .multiLineString(
                    try array(coordinates, location: location, field: path).enumerated().map {
                        (i, line) throws(GeoError) in
                        try positions(line, location: location, field: "\(path)[\(i)]")
                    })
            case "Polygon":
                return .polygon(try polygon(coordinates, location: location, field: path))
            case "MultiPolygon":
                let parts = try array(coordinates, location: location, field: path)
                var result: [Polygon] = []
                for (i, part) in parts.enumerated() {
                    result.append(try polygon(part, location: location, field: "\(path)[\(i)]"))
                }
                return .multiPolygon(result)
            default:
                throw fail(
                    location, "\(field).type",
                    "Point, MultiPoint, LineString, MultiLineString, Polygon, MultiPolygon or GeometryCollection",
                    "\"\(type)\"")
            }
        }

        func array(_ value: JSONValue, location: String, field: String) throws(GeoError) -> [JSONValue] {
            guard let elements = value.arrayValue else {
                throw fail(location, field, "an array", value.typeDescription)
            }
            return elements
        }

        func position(_ value: JSONValue, location: String, field: String) throws(GeoError) -> Coordinate {
            guard let elements = value.arrayValue else {
                throw fail(location, field, "a position [longitude, latitude]", value.typeDescription)
            }
            guard elements.count >= 2 else {
                throw fail(location, field, "a position with 2 numbers", "\(elements.count) element(s)")
            }
            guard let x = elements[0].doubleValue, let y = elements[1].doubleValue else {
                throw fail(
                    location, field, "numbers in a position",
                    "\(elements[0].typeDescription), \(elements[1].typeDescription)")
            }
            if case .wgs84 = check {
                if !(-180...180).contains(x) || !(-90...90).contains(y) {
                    let swapped = (-90...90).contains(x) && (-180...180).contains(y) && !(-90...90).contains(y)
                    let found = "[\(elements[0].foundationNumberText), \(elements[1].foundationNumberText)]"
                    if swapped {
                        throw fail(
                            location, field,
                            "[longitude, latitude] with latitude in −90…90 (latitude and longitude look swapped)", found
                        )
                    }
                    throw fail(location, field, "longitude in −180…180 and latitude in −90…90 (WGS-84 degrees)", found)
                }
            }
            return Coordinate(x: x, y: y)
        }

        func positions(_ value: JSONValue, location: String, field: String) throws(GeoError) -> [Coordinate] {
            let elements = try array(value, location: location, field: field)
            var result: [Coordinate] = []
            result.reserveCapacity(elements.count)
            for (i, element) in elements.enumerated() {
                result.append(try position(element, location: location, field: "\(field)[\(i)]"))
            }
            return result
        }

        mutating func polygon(_ value: JSONValue, location: String, field: String) throws(GeoError) -> Polygon {
            let ringValues = try array(value, location: location, field: field)
            if ringValues.isEmpty { return Polygon(exterior: []) }
            var rings: [[Coordinate]] = []
            for (i, ringValue) in ringValues.enumerated() {
                var ring = try positions(ringValue, location: location, field: "\(field)[\(i)]")
                if let first = ring.first, let last = ring.last, first != last {
                    ring.append(first)
                    warnings.append(
                        GeoWarning(
                            file: file, location: location, message: "ring \(field)[\(i)] was not closed; closed it"))
                }
                guard ring.count >= 4 else {
                    throw fail(location, "\(field)[\(i)]", "a closed ring of at least 4 positions", "\(ring.count)")
                }
                rings.append(ring)
            }
            return Polygon(exterior: rings[0], holes: Array(rings.dropFirst()))
        }
    }
}

extension JSONValue {
    /// The literal of a number (or the JSON text of anything else), for messages.
    var foundationNumberText: String {
        if case .number(let n) = self { return n.literal }
        return JSONWriter.string(self)
    }
}
