/// The records of a CSV text as byte ranges: what `CSVParser.scan` finds, without a `String` per
/// field, so that a reader builds only the values it keeps (a coordinate is parsed straight from
/// its bytes; the catalogue reader turns the record ranges into features in parallel).
///
/// A field is a contiguous slice of the text (an unquoted field, or the inside of a quoted one
/// without doubled quotes) or, when unescaping changed it (`""` → `"`, text after the closing
/// quote), a slice of `unescaped`.
///
/// Offsets are 32-bit, counted from `base` (where the scan started): a city catalogue's tables
/// (a dozen fields per row, 10⁵–10⁶ rows, kept by its sites for their properties) are half the
/// size, and half the memory is written on load. A record longer than 2 GiB cannot be held (the
/// scan stops the process rather than read it wrong); `CSVParser.parse` reads a file in ranges.
public struct CSVFields: Sendable {
    /// The UTF-8 text the ranges point into.
    public let text: [UInt8]
    /// The byte of `text` that field offsets are counted from.
    let base: Int
    /// The contents of fields that are not a slice of `text`.
    var unescaped: [UInt8] = []
    /// Per field: its first byte and the byte after it, from `base`; `start < 0` means in
    /// `unescaped` at `~start`.
    var starts: [Int32] = []
    var ends: [Int32] = []
    /// Per record: the 1-based line it starts on.
    public private(set) var lines: [Int] = []
    /// Per record: where its fields start in `starts`/`ends` (one more entry than records).
    var firstField: [Int] = [0]

    init(text: [UInt8], base: Int = 0) { (self.text, self.base) = (text, base) }

    /// Number of records (blank records not counted).
    public var count: Int { lines.count }

    /// Number of fields of record `record`.
    @inline(__always)
    public func fieldCount(_ record: Int) -> Int { firstField[record + 1] - firstField[record] }

    /// The bytes of field `field` of record `record`, valid inside `body` only.
    @inline(__always)
    public func withBytes<R>(_ record: Int, _ field: Int, _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
        let k = firstField[record] + field
        let start = Int(starts[k])
        let end = Int(ends[k])
        if start >= 0 {
            return text.withUnsafeBufferPointer {
                body(UnsafeBufferPointer(rebasing: $0[(base + start)..<(base + end)]))
            }
        }
        return unescaped.withUnsafeBufferPointer { body(UnsafeBufferPointer(rebasing: $0[(~start)..<end])) }
    }

    /// Field `field` of record `record` as a string (invalid UTF-8 repaired, as `CSVParser.parse` does).
    @inline(__always)
    public func string(_ record: Int, _ field: Int) -> String {
        withBytes(record, field) { String(decoding: $0, as: UTF8.self) }
    }

    /// True when field `field` of record `record` is empty.
    @inline(__always)
    public func isEmpty(_ record: Int, _ field: Int) -> Bool {
        let k = firstField[record] + field
        return starts[k] >= 0 ? starts[k] == ends[k] : ~starts[k] == ends[k]
    }

    /// Record `record` as a `CSVRecord` of strings.
    public func record(_ record: Int) -> CSVRecord {
        CSVRecord(line: lines[record], fields: (0..<fieldCount(record)).map { string(record, $0) })
    }

    // MARK: Building (CSVParser.scan)

    mutating func reserve(records: Int, fields: Int) {
        starts.reserveCapacity(fields)
        ends.reserveCapacity(fields)
        lines.reserveCapacity(records)
        firstField.reserveCapacity(records + 1)
    }

    /// Adds a field: bytes `start..<end` of `text`, or (`start < 0`) `~start..<end` of `unescaped`.
    @inline(__always)
    mutating func addField(start: Int, end: Int) {
        // Int32(_:) traps on a record over 2 GiB rather than store a wrong offset.
        if start >= 0 {
            starts.append(Int32(start - base))
            ends.append(Int32(end - base))
        } else {
            starts.append(Int32(start))
            ends.append(Int32(end))
        }
    }

    /// Adds `offset` to the line of every record (a range scanned with lines counted from its start).
    mutating func shiftLines(by offset: Int) {
        guard offset != 0 else { return }
        for k in lines.indices { lines[k] += offset }
    }

    /// Ends the record that started on `line`; a record whose fields are all empty is dropped.
    mutating func endRecord(line: Int) {
        let first = firstField[firstField.count - 1]
        var blank = true
        for k in first..<starts.count where (starts[k] >= 0 ? starts[k] : ~starts[k]) != ends[k] {
            blank = false
            break
        }
        if blank {
            starts.removeSubrange(first...)
            ends.removeSubrange(first...)
            return
        }
        lines.append(line)
        firstField.append(starts.count)
    }
}
