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
        // In ranges (`CSVChunks`, one thread): the records and problems of one scan, with tables
        // whose 32-bit offsets fit whatever the file's size.
        let parts = CSVChunks.scan(utf8, delimiter: delimiter, from: 0, line: 1, threads: 1)
        return (parts.values.flatMap { table in (0..<table.count).map { table.record($0) } }, parts.problems)
    }

    /// What `scan` read: the records, their problems, and where it stopped (the byte after the
    /// last record read and the line that byte is on).
    public struct Scanned: Sendable {
        public var fields: CSVFields
        public var problems: [SyntaxProblem]
        public var end: Int
        public var endLine: Int
    }

    /// Splits UTF-8 text into records of byte ranges (`CSVFields`): the same records, lines and
    /// problems as `parse`, without building a string per field.
    ///
    /// From byte `start` (the start of a record, on line `line`) to the first record end at or
    /// after byte `limit` (the end of the text by default): scanning several ranges this way gives
    /// the records of one scan from `start` when each range starts where the one before it ended.
    /// `capacity` is the records and fields expected (the tables' first allocation).
    // Long because: one pass over the bytes with the RFC 4180 state (quoted field, doubled quote,
    // text after a closing quote, line counting) in local variables; split, it would carry them all.
    public static func scan(
        _ utf8: [UInt8], delimiter: UInt8 = 0x2C, from start: Int = 0, line startLine: Int = 1, until limit: Int = .max,
        capacity: (records: Int, fields: Int) = (0, 0)
    ) -> Scanned {
        var table = CSVFields(text: utf8, base: start)
        table.reserve(records: capacity.records, fields: capacity.fields)
        var problems: [SyntaxProblem] = []
        let count = utf8.count
        var line = startLine
        var recordLine = startLine
        var index = start
        utf8.withUnsafeBufferPointer { bytes in
            while index < count {
                // At the start of a field.
                if bytes[index] != 0x22 {
                    let start = index
                    // Eight bytes at a time to the first delimiter or line break (exact matches).
                    while index + 8 <= count, let base = bytes.baseAddress {
                        let word = UnsafeRawPointer(base + index).loadUnaligned(as: UInt64.self)
                        let hits =
                            CSVChunks.matches(word, delimiter) | CSVChunks.matches(word, 0x0A)
                            | CSVChunks.matches(word, 0x0D)
                        if hits != 0 {
                            index += hits.littleEndian.trailingZeroBitCount / 8
                            break
                        }
                        index += 8
                    }
                    while index < count {
                        let byte = bytes[index]
                        if byte == delimiter || byte == 0x0A || byte == 0x0D { break }
                        index += 1
                    }
                    table.addField(start: start, end: index)
                } else {
                    let quoteLine = line
                    index += 1
                    var pieceStart = index
                    var copied: Int? // where the field starts in `unescaped` once it needed copying
                    var closed = false
                    while index < count {
                        let byte = bytes[index]
                        if byte == 0x22 {
                            if index + 1 < count, bytes[index + 1] == 0x22 {
                                if copied == nil { copied = table.unescaped.count }
                                table.unescaped.append(contentsOf: bytes[pieceStart...index])
                                index += 2
                                pieceStart = index
                                continue
                            }
                            closed = true
                            break
                        }
                        if byte == 0x0A { line += 1 }
                        if byte == 0x0D, !(index + 1 < count && bytes[index + 1] == 0x0A) { line += 1 }
                        index += 1
                    }
                    let pieceEnd = index
                    var after: Range<Int>?
                    if closed {
                        index += 1
                        // Text after the closing quote is kept, with one problem per field.
                        let start = index
                        while index < count {
                            let byte = bytes[index]
                            if byte == delimiter || byte == 0x0A || byte == 0x0D { break }
                            index += 1
                        }
                        if index > start {
                            problems.append(SyntaxProblem(line: line, message: textAfterQuote))
                            after = start..<index
                        }
                    } else {
                        problems.append(
                            SyntaxProblem(
                                line: quoteLine, message: "a quoted field opened on this line is never closed"))
                    }
                    if copied == nil && after == nil {
                        table.addField(start: pieceStart, end: pieceEnd)
                    } else {
                        let first = copied ?? table.unescaped.count
                        table.unescaped.append(contentsOf: bytes[pieceStart..<pieceEnd])
                        if let after { table.unescaped.append(contentsOf: bytes[after]) }
                        table.addField(start: ~first, end: table.unescaped.count)
                    }
                }
                // After a field: a delimiter, a line end or the end of the text.
                if index == count {
                    table.endRecord(line: recordLine)
                    break
                }
                let byte = bytes[index]
                index += 1
                if byte == delimiter {
                    if index == count {
                        table.addField(start: index, end: index)
                        table.endRecord(line: recordLine)
                    }
                    continue
                }
                // CRLF, LF or a lone CR ends the record.
                if byte == 0x0D, index < count, bytes[index] == 0x0A { index += 1 }
                table.endRecord(line: recordLine)
                line += 1
                recordLine = line
                if index >= limit { break }
            }
        }
        return Scanned(fields: table, problems: problems, end: index, endLine: line)
    }

    static let textAfterQuote =
        "text after the closing quote of a field (a quoted field must end at a delimiter or the end of the line; write a quote inside quotes as \"\")"
}
