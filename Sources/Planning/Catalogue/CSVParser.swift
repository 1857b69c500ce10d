/// One record of a CSV file: its fields and the 1-based line it starts on.
public struct CSVRecord: Sendable, Hashable {
    /// Line of the record's first character (a quoted field may span lines).
    public var line: Int
    public var fields: [String]
}

/// A CSV parser following RFC 4180: fields separated by a delimiter, records by CRLF or LF;
/// a field in double quotes may hold delimiters, line breaks and doubled quotes (`""` → `"`).
///
/// Tolerances, as spreadsheets need them: the delimiter is the one of `,`, `;` or tab that occurs
/// most in the header line outside quotes (comma on a tie); a lone CR also ends a record; a quote
/// inside an unquoted field is kept as a character; blank lines and records whose fields are all
/// empty (Excel's trailing `,,,,` rows) are skipped. Strictness where data would be lost: text
/// after a closing quote and a quote left open at the end of the file are errors with their line.
///
/// - Complexity: O(n) in the bytes of the text.
public enum CSVParser {
    /// A syntax problem and the line it is on.
    public struct SyntaxProblem: Sendable, Hashable {
        public var line: Int
        public var message: String
    }

    /// The delimiter of a text: the most frequent of `,`, `;`, tab in its first line outside quotes.
    public static func detectDelimiter(_ utf8: [UInt8]) -> UInt8 {
        var comma = 0
        var semicolon = 0
        var tab = 0
        var quoted = false
        for byte in utf8 {
            if byte == 0x22 {
                quoted.toggle()
                continue
            }
            if quoted { continue }
            if byte == 0x0A || byte == 0x0D { break }
            switch byte {
            case 0x2C: comma += 1
            case 0x3B: semicolon += 1
            case 0x09: tab += 1
            default: break
            }
        }
        if semicolon > comma && semicolon >= tab { return 0x3B }
        if tab > comma && tab > semicolon { return 0x09 }
        return 0x2C
    }

    /// Splits UTF-8 text into records. Problems are returned, not thrown, so that a caller can
    /// report every one; records that hold a problem are still returned as read.
    public static func parse(_ utf8: [UInt8], delimiter: UInt8 = 0x2C) -> (
        records: [CSVRecord], problems: [SyntaxProblem]
    ) {
        var scanner = Scanner(utf8, delimiter: delimiter)
        while scanner.index < utf8.count {
            if scanner.inQuotes { scanner.quoted() } else { scanner.unquoted() }
        }
        if scanner.inQuotes {
            scanner.problems.append(
                SyntaxProblem(line: scanner.quoteLine, message: "a quoted field opened on this line is never closed"))
        }
        if !scanner.field.isEmpty || !scanner.fields.isEmpty || scanner.quotedField { scanner.endRecord() }
        return (scanner.records, scanner.problems)
    }

    /// The parser's state: where it is in the text, the record and field being read, and what it
    /// found so far.
    struct Scanner {
        let utf8: [UInt8]
        let delimiter: UInt8
        var records: [CSVRecord] = []
        var problems: [SyntaxProblem] = []
        var fields: [String] = []
        var field: [UInt8] = []
        var line = 1
        var recordLine = 1
        var index = 0
        /// The current field started with a quote.
        var quotedField = false
        /// Inside the quotes of that field.
        var inQuotes = false
        var afterClosingQuote = false
        var quoteLine = 1

        init(_ utf8: [UInt8], delimiter: UInt8) {
            self.utf8 = utf8
            self.delimiter = delimiter
        }

        mutating func endField() {
            fields.append(String(decoding: field, as: UTF8.self))
            field.removeAll(keepingCapacity: true)
            quotedField = false
            afterClosingQuote = false
        }

        mutating func endRecord() {
            endField()
            if !fields.allSatisfy({ $0.isEmpty }) {
                records.append(CSVRecord(line: recordLine, fields: fields))
            }
            fields.removeAll(keepingCapacity: true)
        }

        /// One step inside quotes: a doubled quote, the closing quote, or a character (line breaks counted).
        mutating func quoted() {
            let count = utf8.count
            let byte = utf8[index]
            if byte == 0x22 {
                if index + 1 < count, utf8[index + 1] == 0x22 {
                    field.append(0x22)
                    index += 2
                    return
                }
                inQuotes = false
                afterClosingQuote = true
                index += 1
                return
            }
            if byte == 0x0A { line += 1 }
            if byte == 0x0D, !(index + 1 < count && utf8[index + 1] == 0x0A) { line += 1 }
            field.append(byte)
            index += 1
        }

        /// One step outside quotes: a delimiter, a line end, an opening quote, or a character.
        mutating func unquoted() {
            let byte = utf8[index]
            switch byte {
            case delimiter:
                endField()
                index += 1
            case 0x0D, 0x0A:
                // CRLF, LF or a lone CR ends the record.
                if byte == 0x0D, index + 1 < utf8.count, utf8[index + 1] == 0x0A { index += 1 }
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
                    problems.append(
                        SyntaxProblem(
                            line: line,
                            message:
                                "text after the closing quote of a field (a quoted field must end at a delimiter or the end of the line; write a quote inside quotes as \"\")"
                        ))
                    afterClosingQuote = false
                }
                field.append(byte)
                index += 1
            }
        }
    }
}
