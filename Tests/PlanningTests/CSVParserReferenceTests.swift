import Foundation
import Testing

@testable import Planning

/// The byte-slice CSV parser and the ASCII-skipping UTF-8 check against their previous, simpler
/// implementations (kept here as the oracle) on generated and adversarial text.
@Suite("CSV parser against the reference implementation")
struct CSVParserReferenceTests {
    /// The parser as it was before it worked on byte slices: one `[UInt8]` buffer per field.
    enum Reference {
        static func parse(_ utf8: [UInt8], delimiter: UInt8 = 0x2C) -> (
            records: [CSVRecord], problems: [CSVParser.SyntaxProblem]
        ) {
            var records: [CSVRecord] = []
            var problems: [CSVParser.SyntaxProblem] = []
            var fields: [String] = []
            var field: [UInt8] = []
            var line = 1
            var recordLine = 1
            var index = 0
            var quotedField = false
            var inQuotes = false
            var afterClosingQuote = false
            var quoteLine = 1
            let count = utf8.count
            func endField() {
                fields.append(String(decoding: field, as: UTF8.self))
                field.removeAll(keepingCapacity: true)
                quotedField = false
                afterClosingQuote = false
            }
            func endRecord() {
                endField()
                if !fields.allSatisfy({ $0.isEmpty }) { records.append(CSVRecord(line: recordLine, fields: fields)) }
                fields.removeAll(keepingCapacity: true)
            }
            while index < count {
                let byte = utf8[index]
                if inQuotes {
                    if byte == 0x22 {
                        if index + 1 < count, utf8[index + 1] == 0x22 {
                            field.append(0x22)
                            index += 2
                            continue
                        }
                        inQuotes = false
                        afterClosingQuote = true
                        index += 1
                        continue
                    }
                    if byte == 0x0A { line += 1 }
                    if byte == 0x0D, !(index + 1 < count && utf8[index + 1] == 0x0A) { line += 1 }
                    field.append(byte)
                    index += 1
                    continue
                }
                switch byte {
                case delimiter:
                    endField()
                    index += 1
                case 0x0D, 0x0A:
                    if byte == 0x0D, index + 1 < count, utf8[index + 1] == 0x0A { index += 1 }
                    index += 1
                    endRecord()
                    line += 1
                    recordLine = line
                case 0x22 where field.isEmpty && !quotedField:
                    quotedField = true
                    inQuotes = true
                    quoteLine = line
                    index += 1
                default:
                    if afterClosingQuote {
                        problems.append(CSVParser.SyntaxProblem(line: line, message: "text after the closing quote"))
                        afterClosingQuote = false
                    }
                    field.append(byte)
                    index += 1
                }
            }
            if inQuotes { problems.append(CSVParser.SyntaxProblem(line: quoteLine, message: "never closed")) }
            if !field.isEmpty || !fields.isEmpty || quotedField { endRecord() }
            return (records, problems)
        }

        static func firstInvalidUTF8Offset(_ bytes: [UInt8]) -> Int? {
            var index = 0
            var iterator = bytes.makeIterator()
            var decoder = UTF8()
            while true {
                switch decoder.decode(&iterator) {
                case .scalarValue(let scalar): index += UTF8.width(scalar)
                case .emptyInput: return nil
                case .error: return index
                }
            }
        }
    }

    /// xorshift64 (Marsaglia 2003), also drawn by CatalogueCSVReferenceTests.
    struct Random {
        var state: UInt64
        mutating func next() -> UInt64 {
            state ^= state << 13
            state ^= state >> 7
            state ^= state << 17
            return state
        }
        mutating func pick<T>(_ items: [T]) -> T { items[Int(next() % UInt64(items.count))] }
    }

    @Test("generated and adversarial text: same records, lines and problem lines", arguments: 0..<300)
    func sameRecords(seed: Int) {
        var random = Random(state: UInt64(seed) &* 0x9E37_79B9_7F4A_7C15 | 1)
        let pieces = [
            "a", "id", "113.26", "天河", "\"", "\"\"", ",", ";", "\t", "\r\n", "\n", "\r", " ", "\"x,y\"",
            "\"line\r\nbreak\"", "", "\u{FEFF}", "é", "\"q\"\"q\"", ",,,", "\r\n\r\n",
        ]
        var text = ""
        for _ in 0..<Int(random.next() % 60) { text += pieces[Int(random.next() % UInt64(pieces.count))] }
        let bytes = Array(text.utf8)
        for delimiter: UInt8 in [0x2C, 0x3B, 0x09] {
            let expected = Reference.parse(bytes, delimiter: delimiter)
            let actual = CSVParser.parse(bytes, delimiter: delimiter)
            #expect(actual.records == expected.records, "\(text.debugDescription)")
            #expect(actual.problems.map(\.line) == expected.problems.map(\.line), "\(text.debugDescription)")
        }
    }

    @Test("a text of several 1 MiB ranges (parse reads in ranges): same records, lines and problems", arguments: 0..<3)
    func severalRanges(seed: Int) {
        var random = Random(state: UInt64(seed) &* 0x9E37_79B9_7F4A_7C15 | 1)
        // Quoted fields with line breaks, doubled quotes and Chinese text, so that cuts fall in them.
        let pieces = [
            "a", "113.26", "天河区体育中心", "\"", "\"\"", ",", "\r\n", "\n", "\r", "\"x,y\"", "\"line\r\nbreak\"",
            "\"two\nlines\n天河\"", "", "\"q\"\"q\"", ",,,", "\"a\"tail", String(repeating: "z", count: 300),
        ]
        var text = ""
        while text.utf8.count < 3 << 20 { text += random.pick(pieces) }
        let bytes = Array(text.utf8)
        let expected = Reference.parse(bytes)
        let actual = CSVParser.parse(bytes)
        #expect(actual.records.count == expected.records.count)
        #expect(actual.records == expected.records)
        #expect(actual.problems.map(\.line) == expected.problems.map(\.line))
        // And exactly what one front-to-back scan finds (messages too).
        #expect(actual.problems == CSVParser.scan(bytes).problems)
    }

    @Test("UTF-8 check: same first invalid offset on random and near-valid bytes", arguments: 0..<200)
    func utf8Offsets(seed: Int) {
        var random = Random(state: UInt64(seed) &* 0xD1B5_4A32_D192_ED03 | 1)
        var bytes = Array("id,name\n1,天河区 体育中心 ok\n2,é ü 😀 plain ascii text here\n".utf8)
        for _ in 0..<Int(random.next() % 4) {
            let position = Int(random.next() % UInt64(bytes.count))
            bytes[position] = UInt8(truncatingIfNeeded: random.next())
        }
        if seed % 5 == 0 { bytes += [UInt8(0xE5), 0xA4] } // truncated sequence at the end
        #expect(TextDecoding.firstInvalidUTF8Offset(bytes) == Reference.firstInvalidUTF8Offset(bytes))
    }

    @Test("trimming a cell equals Foundation's trimmingCharacters(in: .whitespaces)")
    func trimming() {
        let cells = [
            "", " ", "\t", "a", " a ", "\ta\t", "天河", " 天河 ", "\u{3000}天河\u{3000}", "\u{00A0}x", "x\u{00A0}",
            "\u{2003}é", "\n", "\na\n", "a\r", "\u{200B}a", "😀", " 😀", "\u{202F}", "x y", "\u{1680}ok",
        ]
        for cell in cells {
            #expect(
                CatalogueCSVReader.trimmed(cell) == cell.trimmingCharacters(in: .whitespaces),
                "\(cell.debugDescription)")
        }
    }
}
