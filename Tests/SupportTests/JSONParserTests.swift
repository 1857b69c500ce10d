import Foundation
import Testing

@testable import Support

@Suite("JSON parser")
struct JSONParserTests {
    @Test("members keep source order and number literals")
    func orderAndLiterals() throws {
        let text = #"{"z": 1, "a": 2.50, "m": [true, null, "x"], "big": 12345678901234567890, "e": 1e-3}"#
        let value = try JSONParser.parse(Data(text.utf8))
        #expect(value.objectMembers?.map(\.key) == ["z", "a", "m", "big", "e"])
        #expect(
            JSONWriter.string(value) == #"{"z":1,"a":2.50,"m":[true,null,"x"],"big":12345678901234567890,"e":1e-3}"#)
        #expect(value["a"]?.doubleValue == 2.5)
    }

    @Test("escapes, surrogate pairs and Chinese text round-trip")
    func escapes() throws {
        let text = #"{"name": "天河区\u0020体育中心 \ud83d\udce1 \"q\" \\ \n"}"#
        let value = try JSONParser.parse(Data(text.utf8))
        #expect(value["name"]?.stringValue == "天河区 体育中心 📡 \"q\" \\ \n")
        let again = try JSONParser.parse(Data(JSONWriter.string(value).utf8))
        #expect(again == value)
    }

    @Test(
        "errors give line and column",
        arguments: [
            ("{\n  \"a\": 1,\n  \"b\": tru\n}", 3, 8),
            ("[1, 2,\n 3,]", 2, 4),
            ("{\"a\": NaN}", 1, 7),
            ("{\"a\": 01}", 1, 7),
            ("{\"a\": 1} x", 1, 10),
            ("\"unterminated", 1, 1),
        ])
    func errorPositions(text: String, line: Int, column: Int) {
        do {
            _ = try JSONParser.parse(Data(text.utf8))
            Issue.record("expected a syntax error for \(text)")
        } catch {
            #expect(error.line == line)
            #expect(error.column == column)
        }
    }

    @Test("invalid UTF-8 (a GBK export) is rejected with a hint")
    func invalidUTF8() {
        // "天河" in GBK: CC EC BA D3
        let bytes: [UInt8] = Array(#"{"name": ""#.utf8) + [0xCC, 0xEC, 0xBA, 0xD3] + Array(#""}"#.utf8)
        do {
            _ = try JSONParser.parse(bytes: bytes)
            Issue.record("expected an error")
        } catch {
            #expect(error.message.contains("UTF-8"))
            #expect(error.message.contains("GBK"))
        }
    }

    @Test("byte-order mark is skipped; deep nesting is refused, not crashed")
    func bomAndDepth() throws {
        let withBOM: [UInt8] = [0xEF, 0xBB, 0xBF] + Array("[1]".utf8)
        #expect(try JSONParser.parse(bytes: withBOM) == .array([.number(1)]))
        let deep = String(repeating: "[", count: 10_000) + String(repeating: "]", count: 10_000)
        #expect(throws: JSONSyntaxError.self) { try JSONParser.parse(Data(deep.utf8)) }
    }

    @Test("a syntax error names the member path of the value being read")
    func syntaxErrorPath() {
        for (text, path) in [
            (#"{"features":[{"a":1},{"geometry":{"coordinates":[1,NaN]}}]}"#, "features[1].geometry.coordinates[1]"),
            (
                #"{"name":"x","radio":{"overrides":{"n78-macro":{"tx_power_dbm":4 9}}}}"#,
                "radio.overrides.n78-macro.tx_power_dbm"
            ),
            (#"[1, 2, {"a": [true, fals]}]"#, "[2].a[1]"),
            (#"{"a\"b": {"c": }}"#, "a\"b.c"),
            ("nul", ""),
        ] {
            do {
                _ = try JSONParser.parse(Data(text.utf8))
                Issue.record("expected an error for \(text)")
            } catch {
                #expect(error.path == path, "\(text)")
            }
        }
    }

    @Test("the writer: compact and indented forms, escapes, members in their order")
    func writer() throws {
        let value: JSONValue = .object([
            ("z", .array([.number(1), .null, .bool(true)])), ("a", .string("天河\n\u{1}\"\\")), ("e", .object([])),
            ("l", .array([])), ("n", .number(0.5, .whole)),
        ])
        #expect(
            JSONWriter.string(value)
                == #"{"z":[1,null,true],"a":"天河\n\u0001\"\\","e":{},"l":[],"n":1}"#)
        #expect(
            JSONWriter.string(value, indent: 2)
                == "{\n  \"z\": [\n    1,\n    null,\n    true\n  ],\n  \"a\": \"天河\\n\\u0001\\\"\\\\\",\n  \"e\": {},\n  \"l\": [],\n  \"n\": 1\n}"
        )
        #expect(try JSONParser.parse(Data(JSONWriter.string(value, indent: 4).utf8)) == value)
    }
}
