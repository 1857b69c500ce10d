import Foundation
import Testing

@testable import Support

/// `JSONScanner.checkValue` (a value checked, not built) against `JSONScanner.value` on the same
/// bytes: accepted by one exactly when by the other, and ending at the same byte.
@Suite("JSON values checked without building them")
struct JSONCheckValueTests {
    /// (accepted, end offset) of both on `bytes`, from offset 0 at `depth`.
    static func both(_ bytes: [UInt8], depth: Int = 0) -> (built: Int?, checked: Int?) {
        bytes.withUnsafeBufferPointer { buffer in
            var built = JSONScanner(bytes: buffer)
            var checked = JSONScanner(bytes: buffer)
            let a: Int? = (try? built.value(depth: depth)) != nil ? built.index : nil
            let b: Int? = (try? checked.checkValue(depth: depth)) != nil ? checked.index : nil
            return (a, b)
        }
    }

    @Test(
        "valid and invalid values: same answer, same end",
        arguments: [
            #"null"#, #"true"#, #"false"#, #"tru"#, #"nul"#, #"NaN"#, #"Infinity"#, #"-"#, #"01"#, #"1."#, #"1e"#,
            #"-0"#, #"1e400"#, #"-1e400"#, #"1.7976931348623157e308"#, #"5e-324"#, #"12345678901234567890"#,
            #"0.30000000000000004"#, #"1E+5, 2"#, #""""#, #""abc""#, #""天河 😀""#, #""a\"b\\c\/d\b\f\n\r\t""#,
            #""\u00e9\u4e2d\ud83d\ude00""#, #""\ud800""#, #""\udc00""#, #""\u12""#, #""\x""#, #""unterminated"#,
            #"[]"#, #"[ ]"#, #"[1,2,[3,[4]],{"a":[]}]"#, #"[1,]"#, #"[,1]"#, #"[1 2]"#, #"[1"#, #"{}"#, #"{ }"#,
            #"{"a":1,"b":{"c":[true,false,null]},"d":"e"}"#, #"{"a":1,}"#, #"{"a" 1}"#, #"{1:2}"#, #"{"a":}"#,
            #"{"\u0061":"x","a\nb":1}"#, #"{"a":1"#, #"{"a":1} trailing"#, #"  {"a" : [ 1 , 2 ] }  "#, "",
        ])
    func snippets(text: String) {
        let (built, checked) = Self.both(Array(text.utf8))
        #expect(built == checked, "\(text)")
    }

    @Test("raw bytes: invalid UTF-8 and control characters are refused, valid UTF-8 accepted")
    func rawBytes() {
        let quote = UInt8(ascii: "\"")
        let cases: [[UInt8]] = [
            [quote, 0xC3, 0x28, quote], [quote, 0xC0, 0x80, quote], [quote, 0xED, 0xA0, 0x80, quote],
            [quote, 0xF4, 0x90, 0x80, 0x80, quote], [quote, 0xE4, 0xB8, quote], [quote, 0x01, quote],
            [quote, 0x1F, quote], [quote, 0x7F, quote], [quote, 0xE4, 0xB8, 0xAD, 0xF0, 0x9F, 0x98, 0x80, quote],
            [quote, UInt8(ascii: "\\"), UInt8(ascii: "n"), 0xC3, 0xA9, quote], [quote, 0xC3, 0xA9],
        ]
        for bytes in cases {
            let (built, checked) = Self.both(bytes)
            #expect(built == checked, "\(bytes)")
        }
    }

    @Test("nesting: refused at the parser's limit, counted from the depth given")
    func nesting() {
        for depth in [0, 3, 4] {
            for levels in [1, 508, 509, 510, 511, 512, 513, 600] {
                let arrays =
                    Array(String(repeating: "[", count: levels).utf8)
                    + Array(String(repeating: "]", count: levels).utf8)
                let (built, checked) = Self.both(arrays, depth: depth)
                #expect(built == checked, "depth \(depth), \(levels) arrays")
                let objects =
                    Array(String(repeating: #"{"a":"#, count: levels).utf8)
                    + Array(String(repeating: "}", count: levels).utf8)
                let (builtObjects, checkedObjects) = Self.both(objects, depth: depth)
                #expect(builtObjects == checkedObjects, "depth \(depth), \(levels) objects")
            }
        }
    }

    @Test("member names among a list: plain, escaped and non-ASCII names matched after unescaping")
    func memberNames() throws {
        let names: [StaticString] = ["id", "name", "height_m"]
        let cases: [(String, Int?)] = [
            (#""id":"#, 0), (#""name" :"#, 1), (#""\u0069d":"#, 0), (#""i\u0064":"#, 0), (#""height_m":"#, 2),
            (#""高度":"#, nil), (#""idx":"#, nil), (#""":"#, nil), (#""Name":"#, nil), (#""na\"me":"#, nil),
        ]
        for (text, expected) in cases {
            let bytes = Array(text.utf8)
            let found = try bytes.withUnsafeBufferPointer { buffer throws(JSONScanner.Stop) -> Int? in
                var scanner = JSONScanner(bytes: buffer)
                let found = try scanner.memberName(among: names)
                let atEnd = scanner.isAtEnd()
                #expect(atEnd, "\(text)")
                return found
            }
            #expect(found == expected, "\(text)")
        }
        for bad in [#""id""#, #""id" 1"#, #"id:"#, #""\x":"#, "\"a\u{01}\":"] {
            let bytes = Array(bad.utf8)
            let stopped = bytes.withUnsafeBufferPointer { buffer in
                var scanner = JSONScanner(bytes: buffer)
                return (try? scanner.memberName(among: names)) == nil
            }
            #expect(stopped, "\(bad)")
        }
    }
}
