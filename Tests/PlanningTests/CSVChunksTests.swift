import Foundation
import Testing

@testable import Planning

/// Scanning a CSV text in byte ranges (`CSVChunks`) against one front-to-back `CSVParser.scan`, with
/// ranges of a few bytes so that cuts fall inside quoted fields that span lines, inside CRLF pairs'
/// neighbours, on blank lines and at the end; and the UTF-8 check in ranges against the serial one.
@Suite("CSV scanned in byte ranges")
struct CSVChunksTests {
    typealias Random = CSVParserReferenceTests.Random

    /// The records of a scan as strings (lines and fields).
    static func records(_ fields: CSVFields) -> [CSVRecord] { (0..<fields.count).map { fields.record($0) } }

    static let pieces = [
        "a", "113.26", "天河", "\"", "\"\"", ",", ";", "\r\n", "\n", "\n", "\r", " ", "\"x,y\"", "\"line\r\nbreak\"",
        "\"two\nlines\nhere\"", "", "é", "\"q\"\"q\"", ",,,", "\r\n\r\n", "\"a\"tail", "plain text",
    ]

    @Test("random text in ranges of 1 to 40 bytes: same records, lines and problems", arguments: 0..<200)
    func sameAsOneScan(seed: Int) {
        var random = Random(state: UInt64(seed) &* 0x9E37_79B9_7F4A_7C15 | 1)
        var text = ""
        for _ in 0..<Int(random.next() % 200) { text += random.pick(Self.pieces) }
        let bytes = Array(text.utf8)
        let start = Int(random.next() % UInt64(bytes.count + 1))
        let startLine = Int(random.next() % 5) + 1
        let whole = CSVParser.scan(bytes, from: start, line: startLine)
        for rangeBytes in [1, 3, 7, 40] {
            for threads in [1, 3] {
                let parts = CSVChunks.scan(
                    bytes, delimiter: 0x2C, from: start, line: startLine, threads: threads, rangeBytes: rangeBytes)
                #expect(
                    parts.values.flatMap(Self.records) == Self.records(whole.fields),
                    "\(text.debugDescription) from \(start), ranges of \(rangeBytes)")
                #expect(parts.problems == whole.problems, "\(text.debugDescription) ranges of \(rangeBytes)")
            }
        }
    }

    @Test("a quoted field spanning many cuts is read whole; an unclosed quote reports its line")
    func longQuotedField() {
        let inner = (0..<200).map { "row \($0), \"\"q\"\", x" }.joined(separator: "\n")
        let text = Array("id,note\r\n1,\"\(inner)\"\r\n2,ok\r\n3,\"open\n4,x\n".utf8)
        let whole = CSVParser.scan(text)
        let parts = CSVChunks.scan(text, delimiter: 0x2C, from: 0, line: 1, threads: 2, rangeBytes: 16)
        #expect(parts.values.flatMap(Self.records) == Self.records(whole.fields))
        #expect(parts.problems == whole.problems && whole.problems.map(\.line) == [203])
        #expect(Self.records(whole.fields).map(\.line) == [1, 2, 202, 203])
    }

    @Test("line breaks counted eight bytes at a time: LF, lone CR, CRLF once, any range", arguments: 0..<50)
    func lineBreaks(seed: Int) {
        var random = Random(state: UInt64(seed) &* 0x9E37_79B9_7F4A_7C15 | 1)
        let pieces: [[UInt8]] = [
            [0x0A], [0x0D], [0x0D, 0x0A], [0x41], [0x2C, 0x22], [0xE5, 0xA4, 0xA9], [0x0D, 0x0D],
        ]
        var bytes: [UInt8] = []
        for _ in 0..<Int(random.next() % 120) { bytes += random.pick(pieces) }
        let start = Int(random.next() % UInt64(bytes.count + 1))
        let end = start + Int(random.next() % UInt64(bytes.count - start + 1))
        var expected = 0
        for k in start..<end
        where bytes[k] == 0x0A || (bytes[k] == 0x0D && !(k + 1 < bytes.count && bytes[k + 1] == 0x0A)) {
            expected += 1
        }
        #expect(CSVChunks.lineBreaks(bytes, start..<end) == expected, "\(bytes) \(start)..<\(end)")
    }

    @Test("UTF-8 checked in ranges: valid exactly when the serial check finds nothing", arguments: 0..<40)
    func utf8InRanges(seed: Int) {
        var random = Random(state: UInt64(seed) &* 0xD1B5_4A32_D192_ED03 | 1)
        var bytes = Array(String(repeating: "GZ-1,天河区 体育中心,é ü 😀,113.26\n", count: 40).utf8)
        for _ in 0..<Int(random.next() % 3) {
            bytes[Int(random.next() % UInt64(bytes.count))] = UInt8(truncatingIfNeeded: random.next())
        }
        if seed % 7 == 0 { bytes += [0x80, 0x80, 0x80, 0x80, 0x80, 0x41] } // continuation bytes at a cut
        let serial = TextDecoding.firstInvalidUTF8Offset(bytes) == nil
        for rangeBytes in [1, 5, 64] {
            #expect(TextDecoding.isUTF8(bytes, threads: 3, rangeBytes: rangeBytes) == serial, "seed \(seed)")
        }
        #expect(TextDecoding.isUTF8(bytes, threads: 1) == serial)
    }
}
