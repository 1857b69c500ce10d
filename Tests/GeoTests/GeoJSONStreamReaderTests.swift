import Foundation
import Support
import Testing

@testable import Geo

/// The fast GeoJSON reader against the general path (`JSONParser` tree → `GeoJSONReader.parse(json:)`)
/// on generated and adversarial files: same features whenever it answers, and it leaves every file
/// with a problem or a repair to the general path (so messages stay the general path's).
@Suite("GeoJSON stream reader")
struct GeoJSONStreamReaderTests {
    /// The general path's result.
    static func general(_ data: Data, check: GeoJSONReader.CoordinateCheck = .wgs84) throws -> GeoJSONReader.Result {
        try GeoJSONReader.parse(json: JSONParser.parse(data), file: "f.geojson", check: check)
    }

    /// Same features: index, id, geometry, and properties with keys, order and number literals.
    static func expectSame(_ fast: [Feature], _ general: [Feature], _ comment: Comment? = nil) {
        #expect(fast.count == general.count, comment)
        for (a, b) in zip(fast, general) {
            #expect(a.index == b.index, comment)
            #expect(a.id == b.id && a.id.map { JSONWriter.string($0) } == b.id.map { JSONWriter.string($0) }, comment)
            #expect(a.geometry == b.geometry, comment)
            #expect(JSONWriter.string(.object(a.properties)) == JSONWriter.string(.object(b.properties)), comment)
            #expect(JSONValue.object(a.properties) == JSONValue.object(b.properties), comment)
        }
    }

    /// A deterministic generator of valid FeatureCollections with awkward but legal content.
    struct Generator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return state >> 11
        }
        mutating func pick<T>(_ items: [T]) -> T { items[Int(next() % UInt64(items.count))] }

        static let numbers = [
            "0", "-0", "1", "-1", "25", "113.2644125", "23.12911", "1e-3", "-2.5E+2", "6.02214076e23", "1E400",
            "12345678901234567890", "0.1", "0.30000000000000004", "1.7976931348623157e308", "5e-324",
            "-0.000001", "123456789012345678.5", "9007199254740993", "4.35", "2.2250738585072014e-308",
        ]
        static let strings = [
            #""天河区 政府大楼""#, #""a\"b\\c\/d""#, #""line\nbreak\ttab\r""#, #""\u00e9\u4e2d\u6587""#,
            #""emoji \ud83d\ude00 😀""#, #""""#, #""  spaced  ""#, #""Ünïcödé ñ""#, #""\b\f""#,
        ]

        mutating func number() -> String {
            var text = pick(Self.numbers)
            if text == "1E400" { text = "1E300" }
            return text
        }

        mutating func value(depth: Int) -> String {
            switch next() % (depth > 2 ? 5 : 7) {
            case 0: return number()
            case 1: return pick(Self.strings)
            case 2: return pick(["true", "false", "null"])
            case 3: return "\(Double(next() % 1_000_000) / 1000)"
            case 4: return pick(Self.strings)
            case 5:
                return "[" + (0..<Int(next() % 4)).map { _ in value(depth: depth + 1) }.joined(separator: ", ") + "]"
            default: return "{" + members(depth: depth + 1).joined(separator: ",\r\n ") + "}"
            }
        }

        mutating func members(depth: Int) -> [String] {
            (0..<Int(next() % 5)).map { k in
                let key = pick([#""name""#, #""高度""#, "\"k\(k)\"", #""a b""#, #""id""#, #""x\u0041""#])
                return "\(key) : \(value(depth: depth))"
            }
        }

        mutating func coordinate() -> String {
            let x = Double(Int(next() % 360_000_000) - 180_000_000) / 1e6
            let y = Double(Int(next() % 180_000_000) - 90_000_000) / 1e6
            let z = next() % 4 == 0 ? ", \(Double(next() % 1000) / 10)" : ""
            return pick(["[\(x), \(y)\(z)]", "[ \(x) ,\n\(y) ]", "[\(x),\(y)]"])
        }

        mutating func ring() -> String {
            let first = coordinate()
            return "["
                + ([first] + (0..<Int(3 + next() % 4)).map { _ in coordinate() } + [first]).joined(separator: ",")
                + "]"
        }

        mutating func geometry() -> String {
            switch next() % 7 {
            case 0: return #"{"type": "Point", "coordinates": \#(coordinate())}"#
            case 1: return #"{"coordinates": \#(coordinate()), "type": "Point", "bbox": [0, 0, 1, 1]}"#
            case 2:
                return #"{"type":"MultiPoint","coordinates":[\#(coordinate()),\#(coordinate())]}"#
            case 3: return #"{"type":"LineString","coordinates":[\#(coordinate()),\#(coordinate())]}"#
            case 4: return #"{"type":"MultiLineString","coordinates":[[\#(coordinate()),\#(coordinate())]]}"#
            case 5: return #"{"type":"Polygon","coordinates":[\#(ring()),\#(ring())]}"#
            default: return #"{"type":"MultiPolygon","coordinates":[[\#(ring())],[\#(ring()),\#(ring())]]}"#
            }
        }

        mutating func feature() -> String {
            var parts = [#""type":"Feature""#, "\"geometry\": " + (next() % 9 == 0 ? "null" : geometry())]
            switch next() % 3 {
            case 0: parts.append("\"properties\": null")
            case 1: parts.append("\"properties\": {" + members(depth: 3).joined(separator: ",") + "}")
            default: parts.append("\"properties\":{\"id\":\(pick(Self.strings)),\"nested\":{\"a\":[1,{\"b\":null}]}}")
            }
            if next() % 2 == 0 { parts.append("\"id\": " + pick([number(), pick(Self.strings)])) }
            if next() % 4 == 0 { parts.append(#""extra": {"ignored": [1, 2]}"#) }
            // Members in any order.
            for k in stride(from: parts.count - 1, to: 0, by: -1) { parts.swapAt(k, Int(next() % UInt64(k + 1))) }
            return "{" + parts.joined(separator: ", ") + "}"
        }

        mutating func collection(features count: Int) -> String {
            let bom = next() % 5 == 0 ? "\u{FEFF}" : ""
            let features = (0..<count).map { _ in feature() }.joined(separator: ",\r\n")
            let head = next() % 2 == 0 ? #""name": "城市", "crs": {"type": "name"}, "# : ""
            return bom + "{\(head)\"type\": \"FeatureCollection\",\n \"features\": [\n\(features)\n]}\n"
        }
    }

    @Test("generated collections: the fast reader answers and equals the general path", arguments: 0..<40)
    func generated(seed: Int) throws {
        var generator = Generator(state: UInt64(seed) &* 0x9E37_79B9_7F4A_7C15 &+ 1)
        let text = generator.collection(features: 1 + seed % 30)
        let data = Data(text.utf8)
        let fast = try #require(GeoJSONReader.fastParse(data: data), "seed \(seed): \(text.prefix(400))")
        let general = try Self.general(data)
        #expect(general.warnings.isEmpty)
        Self.expectSame(fast.features, general.features, "seed \(seed)")
        // The public entry point takes the fast path and gives the same.
        Self.expectSame(try GeoJSONReader.parse(data: data, file: "f.geojson").features, general.features)
    }

    @Test("planar files: any finite coordinates with check .none")
    func planar() throws {
        let data = Data(
            #"{"type":"FeatureCollection","features":[{"type":"Feature","properties":{},"geometry":{"type":"Point","coordinates":[512345.25,2567890.5]}}]}"#
                .utf8)
        #expect(GeoJSONReader.fastParse(data: data, check: .wgs84) == nil)
        let fast = try #require(GeoJSONReader.fastParse(data: data, check: .none))
        Self.expectSame(fast.features, try Self.general(data, check: .none).features)
    }

    /// Files the fast reader must leave to the general path; the entry point then gives exactly the
    /// general path's result or error.
    @Test(
        "problems, repairs and unusual constructs go to the general path, with its messages",
        arguments: [
            #"{"type":"FeatureCollection","features":[{"type":"Feature","properties":{},"geometry":{"type":"Polygon","coordinates":[[[0,0],[1,0],[1,1]]]}}]}"#,
            #"{"type":"FeatureCollection","features":[{"type":"Feature","properties":{},"geometry":{"type":"GeometryCollection","geometries":[]}}]}"#,
            #"{"type":"FeatureCollection","features":[{"type":"Feature","properties":{},"geometry":{"type":"Point","coordinates":[23.1,113.3]}}]}"#,
            #"{"type":"FeatureCollection","features":[{"type":"Feature","properties":{},"geometry":{"type":"Point","coordinates":[200,10]}}]}"#,
            #"{"type":"FeatureCollection","features":[{"type":"Feature","properties":{},"geometry":{"type":"Point","coordinates":[1,2]}},]}"#,
            #"{"type":"FeatureCollection","features":[{"type":"Feature","properties":{},"geometry":{"type":"Point","coordinates":[1,2]}}]"#,
            #"{"type":"FeatureCollection","features":[{"type":"Feature","properties":{},"geometry":{"type":"Point","coordinates":[1,2]}}]} x"#,
            #"{"type":"FeatureCollection","features":[{"typ\u0065":"Feature","properties":{},"geometry":null}]}"#,
            #"{"type":"FeatureCollection","features":[{"type":"Feature","type":"Feature","properties":{},"geometry":null}]}"#,
            #"{"type":"FeatureCollection","features":[{"type":"Feature","properties":[],"geometry":null}]}"#,
            #"{"type":"FeatureCollection","features":[{"type":"Feature","properties":{}}]}"#,
            #"{"type":"FeatureCollection","features":[{"type":"feature","properties":{},"geometry":null}]}"#,
            #"{"type":"FeatureCollection","features":[{"type":"Feature","id":[1],"properties":{},"geometry":null}]}"#,
            #"{"type":"FeatureCollection","features":[{"type":"Feature","properties":{},"geometry":{"type":"Point","coordinates":[]}}]}"#,
            #"{"type":"FeatureCollection","features":[{"type":"Feature","properties":{},"geometry":{"type":"Point","coordinates":[1]}}]}"#,
            #"{"type":"FeatureCollection","features":[{"type":"Feature","properties":{},"geometry":{"type":"Point","coordinates":[1,"2"]}}]}"#,
            #"{"type":"FeatureCollection","features":[{"type":"Feature","properties":{},"geometry":{"type":"LineString","coordinates":[[1,2]]}}]}"#,
            #"{"type":"FeatureCollection","features":[{"type":"Feature","properties":{},"geometry":{"type":"Polygon","coordinates":[]}}]}"#,
            #"{"type":"FeatureCollection","features":[{"type":"Feature","properties":{},"geometry":{"type":"Polygon","coordinates":[[[0,0],[1,0],[1,1],[0,0]],[1,2]]}}]}"#,
            #"{"type":"FeatureCollection","features":[{"type":"Feature","properties":{},"geometry":{"type":"Point","coordinates":[1,2],"coordinates":[3,4]}}]}"#,
            #"{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"n":01},"geometry":null}]}"#,
            #"{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"n":NaN},"geometry":null}]}"#,
            #"{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"s":"\x"},"geometry":null}]}"#,
            #"{"type":"FeatureCollection","features":[{"type":"Feature","properties":{},"geometry":{"type":"Point","coordinates":[1e999,2]}}]}"#,
            #"{"type":"Feature","properties":{},"geometry":{"type":"Point","coordinates":[1,2]}}"#,
            #"{"type":"Point","coordinates":[1,2]}"#,
            #"{"type":"FeatureCollection"}"#,
            #"{"features":[]}"#,
            #"[]"#,
            "",
        ])
    func leftToGeneralPath(text: String) throws {
        let data = Data(text.utf8)
        #expect(GeoJSONReader.fastParse(data: data) == nil, "\(text)")
        // The entry point's outcome is the general path's.
        let expected: String
        do {
            let result = try Self.general(data)
            expected = "ok " + ("\(result.features.map(\.geometry)) \(result.warnings.map(\.message))")
        } catch let error as JSONSyntaxError {
            expected = "error " + ("json \(error.line):\(error.column) \(error.message)")
        } catch {
            expected = "error " + ("\(error)")
        }
        let actual: String
        do {
            let result = try GeoJSONReader.parse(data: data, file: "f.geojson")
            actual = "ok " + ("\(result.features.map(\.geometry)) \(result.warnings.map(\.message))")
        } catch {
            if case .json(_, let line, let column, let message) = error {
                actual = "error " + ("json \(line):\(column) \(message)")
            } else {
                actual = "error " + ("\(error)")
            }
        }
        #expect(actual == expected, "\(text)")
    }

    @Test("Chinese names, escapes and exponents survive the fast path exactly")
    func exactValues() throws {
        let text = #"""
            {"type":"FeatureCollection","features":[{"type":"Feature","id":"站点\u0031","properties":{"name":"天河\"北\"路 \ud83d\udce1","height_m":2.5e1,"cost":1E+5,"big":12345678901234567890,"tiny":-1.5e-7},"geometry":{"type":"Point","coordinates":[113.26441250000001,23.129110]}}]}
            """#
        let fast = try #require(GeoJSONReader.fastParse(data: Data(text.utf8))).features[0]
        #expect(fast.id == .string("站点1"))
        #expect(fast[property: "name"]?.stringValue == "天河\"北\"路 📡")
        #expect(fast[property: "height_m"].map { JSONWriter.string($0) } == "2.5e1")
        #expect(fast[property: "cost"]?.doubleValue == 100_000)
        #expect(fast[property: "big"].map { JSONWriter.string($0) } == "12345678901234567890")
        #expect(fast[property: "tiny"]?.doubleValue == -1.5e-7)
        #expect(fast.geometry == .point(Coordinate(x: 113.26441250000001, y: 23.12911)))
    }
}
