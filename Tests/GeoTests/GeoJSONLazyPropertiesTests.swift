import Foundation
import Support
import Testing

@testable import Geo

/// Features read with their properties kept as text (`fastParse(building:)`) against the same
/// file read with every property built: the same answer (or the same nil), the built members
/// those of the full list with the names asked for, and the text parsing later to the full list.
@Suite("GeoJSON properties kept as text")
struct GeoJSONLazyPropertiesTests {
    static let names: [StaticString] = ["id", "name", "kind", "height_m", "cost", "status", "profile", "type"]

    /// Reads `data` both ways and checks they agree; returns whether the fast path answered.
    @discardableResult
    static func expectAgree(_ data: Data, _ comment: Comment? = nil) -> Bool {
        let eager = GeoJSONReader.fastParse(data: data)
        let lazy = GeoJSONReader.fastParse(data: data, building: names)
        #expect((eager == nil) == (lazy == nil), comment)
        guard let eager, let lazy else { return false }
        let text = lazy.text
        #expect(text != nil, comment)
        #expect(eager.text == nil, comment)
        #expect(eager.features.count == lazy.features.count, comment)
        let wanted = Set(names.map(\.description))
        for (a, b) in zip(eager.features, lazy.features) {
            #expect(a.index == b.index && a.id == b.id && a.geometry == b.geometry, comment)
            #expect(a.propertiesOffset == nil, comment)
            let kept = a.properties.filter { wanted.contains($0.key) }
            #expect(JSONWriter.string(.object(b.properties)) == JSONWriter.string(.object(kept)), comment)
            guard let offset = b.propertiesOffset, let text else {
                // Only `"properties": null` (or none) is built in full: no members.
                #expect(a.properties.isEmpty && b.properties.isEmpty, comment)
                continue
            }
            let later = GeoJSONReader.properties(in: text, at: offset)
            #expect(JSONWriter.string(.object(later)) == JSONWriter.string(.object(a.properties)), comment)
            #expect(JSONValue.object(later) == JSONValue.object(a.properties), comment)
            #expect(later.map(\.key) == a.properties.map(\.key), comment)
        }
        return true
    }

    @Test("generated collections: the same features, properties parsed later equal to eager", arguments: 0..<40)
    func generated(seed: Int) throws {
        var generator = GeoJSONStreamReaderTests.Generator(state: UInt64(seed) &* 0x9E37_79B9_7F4A_7C15 &+ 7)
        let text = generator.collection(features: 1 + seed % 30)
        #expect(Self.expectAgree(Data(text.utf8), "seed \(seed)"))
    }

    /// One feature whose properties are `properties` (and a point geometry).
    static func feature(_ properties: String) -> Data {
        Data(
            #"{"type":"FeatureCollection","features":[{"type":"Feature","properties":\#(properties),"geometry":{"type":"Point","coordinates":[113.3,23.1]}},{"type":"Feature","geometry":null,"properties":{"id":2}}]}"#
                .utf8)
    }

    @Test(
        "odd properties: escapes, Unicode, nested objects, numbers, repeated and escaped names",
        arguments: [
            #"{}"#,
            #"null"#,
            #"{"id":"a","name":"天河\"北\"路 \ud83d\udce1","owner":"南湾区\u516c安","x":"\\\/\b\f\n\r\t"}"#,
            #"{"\u0069d":"escaped name","id":"plain","i\u0064":3}"#,
            #"{"高度":25,"name_en":"Ünïcödé ñ 😀","kind":"tower","kind":"rooftop"}"#,
            #"{"nested":{"a":[1,{"b":null,"c":[[],{}]}],"d":{"e":{"f":"g"}}},"cost":1.5e2}"#,
            #"{"n":[0,-0,1e-3,-2.5E+2,6.02214076e23,12345678901234567890,1.7976931348623157e308,5e-324,9007199254740993]}"#,
            #"{"height_m":2.5e1,"cost":-0.000001,"status":"open","profile":"macro","type":"school"}"#,
            #"{ "id" : 1 , "name" :null,"b":true,"c":false , "d" : [ ] , "e" : { } }"#,
            #"{"id":"x","s":"\u0000\u001f\u007f\u00e9\u4e2d"}"#,
        ])
    func odd(properties: String) throws {
        #expect(Self.expectAgree(Self.feature(properties), "\(properties)"))
    }

    /// Values the general path rejects or a stricter reader must: nil both ways, whether the bad
    /// value is a member that is built or one that is only checked.
    @Test(
        "bad values in properties leave the file to the general path, built or only checked",
        arguments: [
            #"{"owner":01}"#, #"{"owner":NaN}"#, #"{"owner":1e400}"#, #"{"owner":"\x"}"#, #"{"owner":-}"#,
            #"{"owner":"\ud800"}"#, #"{"owner":[1,]}"#, #"{"owner":{"a":1,}}"#, #"{"owner":{"a" 1}}"#,
            #"{"owner":tru}"#, #"{"owner":"unterminated}"#, #"{"owner":1.}"#, #"{"owner":{1:2}}"#,
            #"{"id":01}"#, #"{"name":"\x"}"#, #"{"id":"a",}"#, #"{"id":"a" "b":1}"#,
        ])
    func bad(properties: String) throws {
        #expect(!Self.expectAgree(Self.feature(properties), "\(properties)"))
    }

    @Test("invalid UTF-8, control characters and deep nesting in a property are rejected as by the parser")
    func bytes() throws {
        func file(_ value: [UInt8]) -> Data {
            var bytes = Array(
                #"{"type":"FeatureCollection","features":[{"type":"Feature","geometry":null,"properties":{"a":"#.utf8)
            bytes += value
            bytes += Array(#"}}]}"#.utf8)
            return Data(bytes)
        }
        let quote = UInt8(ascii: "\"")
        for bad in [
            [quote, 0xC3, 0x28, quote], [quote, 0xED, 0xA0, 0x80, quote], [quote, 0x01, quote],
            [quote, 0xE4, 0xB8, quote],
        ] {
            #expect(!Self.expectAgree(file(bad)), "\(bad)")
        }
        #expect(Self.expectAgree(file([quote, 0xE4, 0xB8, 0xAD, 0xF0, 0x9F, 0x98, 0x80, quote])))
        // Nesting: the limit is the parser's (512 levels from the top), for built and checked values alike.
        for depth in [500, 507, 508, 509, 600] {
            let nested =
                Array(String(repeating: "[", count: depth).utf8) + Array(String(repeating: "]", count: depth).utf8)
            let general = (try? JSONParser.parse(file(nested))) != nil
            #expect(Self.expectAgree(file(nested)) == general, "depth \(depth)")
        }
    }
}
