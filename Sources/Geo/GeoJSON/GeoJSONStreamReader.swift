import Foundation
import Support

/// The fast path of `GeoJSONReader`: reads a FeatureCollection feature by feature straight from
/// the bytes into `Feature` values — coordinates parsed in place into `Coordinate` arrays, only
/// `properties` and `id` built as `JSONValue` — with no tree of the whole file in between.
///
/// It handles the files nrplan's users have (valid FeatureCollections of Point, LineString,
/// Polygon and their Multi- forms, closed rings, coordinates in range) and nothing else: on any
/// problem or unusual construct (a syntax error, a feature error, an unclosed ring that would need
/// a warning, a GeometryCollection, escaped member names, a repeated member, empty coordinate
/// arrays) it returns nil and `GeoJSONReader` reads the file by the general path, which gives the
/// exact messages. So results are the general path's whenever the fast path answers (tested on
/// generated and adversarial files), and errors are always the general path's.
enum GeoJSONStreamReader {
    typealias Stop = JSONScanner.Stop

    /// The features of a FeatureCollection, or nil when the general path must read it.
    ///
    /// With `threads` > 1 the `features` array of a large file is cut into ranges of features
    /// read in parallel (`Reader.parallelFeatures`); the result is the same as on one thread.
    /// `alongside` is run by one worker during a parallel read (`Reader.parallelFeatures`), else not.
    /// `building`: nil builds every feature's properties; else only the members of these names
    /// are built, the object is checked and its offset kept (`Feature.propertiesOffset`).
    static func features(
        of data: Data, check: GeoJSONReader.CoordinateCheck, threads: Int = 1, building: [StaticString]? = nil,
        alongside: (() -> Void)? = nil
    ) -> [Feature]? {
        guard
            let ranges = read(
                data, check: check, threads: threads, building: building, alongside: alongside,
                state: { _ in [Feature]() },
                { feature, features in features.append(feature) })
        else { return nil }
        guard ranges.count > 1 else { return ranges.first?.state ?? [] }
        // Room for every range's features at once; each range's are numbered from its first.
        var features: [Feature] = []
        features.reserveCapacity(ranges.reduce(0) { $0 + $1.count })
        for range in ranges {
            let offset = features.count
            features += range.state
            for k in offset..<features.count { features[k].index = k }
        }
        return features
    }

    /// Reads the features of a FeatureCollection one by one into `body`, which keeps what it
    /// wants of each in a state (nil when the general path must read the file: then `body` may
    /// have seen some of the features, whose state is dropped).
    ///
    /// On one thread (or a small file) the whole array is one range whose features are numbered
    /// from 0 as in the file. With `threads` > 1 a large array is read in ranges on several
    /// threads, each range with its own state and its features numbered from 0 within it: the
    /// feature numbered `i` in range `r` is feature `r.firstIndex + i` of the file. The ranges
    /// and what each sees depend on the file only, never on the thread count. `state` is given
    /// the range's length in bytes, a bound on what its features hold (to size the state).
    /// A feature's `properties` array is reused for the next feature when `body` keeps no copy
    /// of it (no allocation per feature when the properties are kept as text: `building`).
    static func read<State>(
        _ data: Data, check: GeoJSONReader.CoordinateCheck, threads: Int, building: [StaticString]?,
        alongside: (() -> Void)?, state: (_ bytes: Int) -> State, _ body: (Feature, inout State) -> Void
    ) -> [FeatureRange<State>]? {
        withoutActuallyEscaping(body) { body in
            withoutActuallyEscaping(state) { state in
                data.withUnsafeBytes { raw -> [FeatureRange<State>]? in
                    var reader = Reader(scanner: JSONScanner(bytes: raw.bindMemory(to: UInt8.self)), check: check)
                    reader.threads = threads
                    reader.building = building
                    reader.buildingNames = building?.map(\.description) ?? []
                    reader.alongside = alongside
                    return try? reader.featureCollection(Sink(state: state, body: body))
                }
            }
        }
    }

    /// What a read does with each feature (`read`).
    struct Sink<State> {
        let state: (_ bytes: Int) -> State
        let body: (Feature, inout State) -> Void
    }

    /// A coordinates array by nesting level: `[x, y]`, `[[x, y], …]`, and so on.
    enum Nested {
        case position(Coordinate)
        case positions([Coordinate])
        case lines([[Coordinate]])
        case polygons([[[Coordinate]]])
    }

    struct Reader {
        var scanner: JSONScanner
        let check: GeoJSONReader.CoordinateCheck
        var threads = 1
        /// The properties built when the others are kept as text (`features(of:building:)`).
        var building: [StaticString]?
        /// `building` as strings, the keys of the members built (made once, not per member).
        var buildingNames: [String] = []
        /// A task for one worker of the parallel read (`features(of:alongside:)`).
        var alongside: (() -> Void)?
        /// The properties array of the feature before, reused when nothing else holds it.
        var spare: [(key: String, value: JSONValue)] = []

        mutating func featureCollection<State>(_ sink: GeoJSONStreamReader.Sink<State>) throws(Stop)
            -> [FeatureRange<State>]
        {
            try scanner.expect(UInt8(ascii: "{"))
            var type: String?
            var features: [FeatureRange<State>]?
            if !scanner.consume(UInt8(ascii: "}")) {
                repeat {
                    let name = try scanner.memberName()
                    if JSONScanner.equals(name, "type") {
                        guard type == nil else { throw Stop() }
                        type = try scanner.string()
                    } else if JSONScanner.equals(name, "features") {
                        guard features == nil else { throw Stop() }
                        features = try featureList(sink)
                    } else {
                        // Other members ("name", "crs", "bbox", …) are not read by the general path either.
                        _ = try scanner.value(depth: 1)
                    }
                } while try scanner.next(orClose: UInt8(ascii: "}"))
            }
            guard scanner.isAtEnd(), type == "FeatureCollection", let features else { throw Stop() }
            return features
        }

        mutating func featureList<State>(_ sink: GeoJSONStreamReader.Sink<State>) throws(Stop)
            -> [FeatureRange<State>]
        {
            try scanner.expect(UInt8(ascii: "["))
            if scanner.consume(UInt8(ascii: "]")) {
                return [FeatureRange(state: sink.state(0), firstIndex: 0, count: 0)]
            }
            if threads > 1, let parallel = parallelFeatures(sink) { return parallel }
            var range = FeatureRange(state: sink.state(scanner.bytes.count - scanner.index), firstIndex: 0, count: 0)
            repeat {
                try next(into: &range, sink)
            } while try scanner.next(orClose: UInt8(ascii: "]"))
            return [range]
        }

        /// Reads the next feature into `range` (numbered `range.count`); its properties array is
        /// kept for the next feature's.
        @inline(__always)
        mutating func next<State>(into range: inout FeatureRange<State>, _ sink: GeoJSONStreamReader.Sink<State>)
            throws(Stop)
        {
            let feature = try self.feature(index: range.count)
            sink.body(feature, &range.state)
            range.count += 1
            if feature.propertiesOffset != nil { spare = feature.properties }
        }

        /// One feature; the checks are those of `GeoJSONReader.Parser.feature`.
        mutating func feature(index: Int) throws(Stop) -> Feature {
            try scanner.expect(UInt8(ascii: "{"))
            var isFeature = false
            var seenType = false
            var id: JSONValue?
            var properties: [(key: String, value: JSONValue)]?
            var propertiesOffset: Int?
            var geometry: Geometry??
            if !scanner.consume(UInt8(ascii: "}")) {
                repeat {
                    let name = try scanner.memberName()
                    if JSONScanner.equals(name, "type") {
                        guard !seenType else { throw Stop() }
                        seenType = true
                        isFeature = try scanner.string() == "Feature"
                    } else if JSONScanner.equals(name, "properties") {
                        guard properties == nil else { throw Stop() }
                        if let building, scanner.peek() == UInt8(ascii: "{") {
                            propertiesOffset = scanner.index
                            var members = spare
                            spare = []
                            try self.properties(building: building, into: &members)
                            properties = members
                        } else {
                            switch try scanner.value(depth: 3) {
                            case .null: properties = []
                            case .object(let members): properties = members
                            default: throw Stop()
                            }
                        }
                    } else if JSONScanner.equals(name, "geometry") {
                        guard geometry == nil else { throw Stop() }
                        if scanner.peek() == UInt8(ascii: "n") {
                            guard case .null = try scanner.value(depth: 3) else { throw Stop() }
                            geometry = .some(nil)
                        } else {
                            geometry = .some(try self.geometry())
                        }
                    } else if JSONScanner.equals(name, "id") {
                        guard id == nil else { throw Stop() }
                        let value = try scanner.value(depth: 3)
                        switch value {
                        case .string, .number: id = value
                        default: throw Stop()
                        }
                    } else {
                        _ = try scanner.value(depth: 3)
                    }
                } while try scanner.next(orClose: UInt8(ascii: "}"))
            }
            guard isFeature, let geometry else { throw Stop() }
            var feature = Feature(index: index, id: id, geometry: geometry, properties: properties ?? [])
            feature.propertiesOffset = propertiesOffset
            return feature
        }

        /// The members of a `properties` object whose names are in `names`, in order, each
        /// built as `value(depth: 3)` builds it, into `members` (emptied first, its storage kept
        /// when nothing else holds it); the others are checked, not built (so the object parses
        /// later exactly as it would have now).
        mutating func properties(building names: [StaticString], into members: inout [(key: String, value: JSONValue)])
            throws(Stop)
        {
            members.removeAll(keepingCapacity: true)
            try scanner.expect(UInt8(ascii: "{"))
            if scanner.consume(UInt8(ascii: "}")) { return }
            members.reserveCapacity(names.count) // one allocation, not one per doubling
            repeat {
                if let k = try scanner.memberName(among: names) {
                    members.append((buildingNames[k], try scanner.value(depth: 4)))
                } else {
                    try scanner.checkValue(depth: 4)
                }
            } while try scanner.next(orClose: UInt8(ascii: "}"))
        }

        /// A geometry object other than a GeometryCollection; the checks are those of
        /// `GeoJSONReader.Parser.geometry` (a ring not closed stops: the general path warns).
        mutating func geometry() throws(Stop) -> Geometry {
            try scanner.expect(UInt8(ascii: "{"))
            var type: String?
            var coordinates: Nested?
            if !scanner.consume(UInt8(ascii: "}")) {
                repeat {
                    let name = try scanner.memberName()
                    if JSONScanner.equals(name, "type") {
                        guard type == nil else { throw Stop() }
                        type = try scanner.string()
                    } else if JSONScanner.equals(name, "coordinates") {
                        guard coordinates == nil else { throw Stop() }
                        coordinates = try nested()
                    } else if JSONScanner.equals(name, "geometries") {
                        throw Stop()
                    } else {
                        _ = try scanner.value(depth: 4)
                    }
                } while try scanner.next(orClose: UInt8(ascii: "}"))
            }
            guard let type, let coordinates else { throw Stop() }
            switch (type, coordinates) {
            case ("Point", .position(let c)): return .point(c)
            case ("MultiPoint", .positions(let cs)): return .multiPoint(cs)
            case ("LineString", .positions(let cs)) where cs.count >= 2: return .lineString(cs)
            case ("MultiLineString", .lines(let lines)): return .multiLineString(lines)
            case ("Polygon", .lines(let rings)): return .polygon(try polygon(rings))
            case ("MultiPolygon", .polygons(let parts)):
                var result: [Polygon] = []
                result.reserveCapacity(parts.count)
                for rings in parts { result.append(try polygon(rings)) }
                return .multiPolygon(result)
            default: throw Stop()
            }
        }

        func polygon(_ rings: [[Coordinate]]) throws(Stop) -> Polygon {
            for ring in rings {
                guard ring.count >= 4, ring.first == ring.last else { throw Stop() }
            }
            return Polygon(exterior: rings[0], holes: Array(rings.dropFirst()))
        }

        /// A non-empty coordinates array of any nesting, every level uniform.
        mutating func nested() throws(Stop) -> Nested {
            try scanner.expect(UInt8(ascii: "["))
            guard scanner.peek() == UInt8(ascii: "[") else { return .position(try position()) }
            switch try nested() {
            case .position(let first):
                var list = [first]
                while try scanner.next(orClose: UInt8(ascii: "]")) {
                    try scanner.expect(UInt8(ascii: "["))
                    list.append(try position())
                }
                return .positions(list)
            case .positions(let first):
                var list = [first]
                while try scanner.next(orClose: UInt8(ascii: "]")) {
                    guard case .positions(let next) = try nested() else { throw Stop() }
                    list.append(next)
                }
                return .lines(list)
            case .lines(let first):
                var list = [first]
                while try scanner.next(orClose: UInt8(ascii: "]")) {
                    guard case .lines(let next) = try nested() else { throw Stop() }
                    list.append(next)
                }
                return .polygons(list)
            case .polygons:
                throw Stop()
            }
        }

        /// The rest of a position after its `[`: two or more numbers, range-checked like
        /// `GeoJSONReader.Parser.position`.
        @inline(__always)
        mutating func position() throws(Stop) -> Coordinate {
            let x = try scanner.double()
            try scanner.expect(UInt8(ascii: ","))
            let y = try scanner.double()
            while try scanner.next(orClose: UInt8(ascii: "]")) { _ = try scanner.double() }
            if case .wgs84 = check, !(-180...180).contains(x) || !(-90...90).contains(y) { throw Stop() }
            return Coordinate(x: x, y: y)
        }
    }
}
