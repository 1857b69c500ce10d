/// A forward cursor over JSON bytes for readers that build their own values instead of a whole
/// `JSONValue` tree (the streaming GeoJSON reader builds features and coordinates directly).
///
/// It accepts exactly the grammar `JSONParser` accepts, but reports no details: any problem is a
/// thrown `Stop`, and the caller falls back to `JSONParser` (and its own checks) on the same bytes,
/// which produces the one exact message. The bytes must outlive the scanner.
public struct JSONScanner {
    /// The text is not what the fast reader handles (invalid, or unusual); use the general path.
    public struct Stop: Error {
        public init() {}
    }

    var cursor: JSONParser.Cursor

    /// A scanner at the start of `bytes`, past a UTF-8 byte-order mark.
    public init(bytes: UnsafeBufferPointer<UInt8>) {
        cursor = JSONParser.Cursor(bytes: bytes)
        if bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF { cursor.index = 3 }
    }

    /// Byte offset of the next byte to read.
    public var index: Int { cursor.index }

    /// The text being read.
    public var bytes: UnsafeBufferPointer<UInt8> { cursor.bytes }

    /// Moves to byte offset `index` (a reader that split the text reads a part from there).
    public mutating func seek(to index: Int) { cursor.index = index }

    /// True when only whitespace is left.
    public mutating func isAtEnd() -> Bool {
        cursor.skipWhitespace()
        return cursor.index >= cursor.bytes.count
    }

    /// The next non-whitespace byte, not consumed; nil at the end.
    @inline(__always)
    public mutating func peek() -> UInt8? {
        cursor.skipWhitespace()
        return cursor.index < cursor.bytes.count ? cursor.bytes[cursor.index] : nil
    }

    /// Consumes `byte` when it is the next non-whitespace byte.
    @inline(__always)
    public mutating func consume(_ byte: UInt8) -> Bool {
        guard peek() == byte else { return false }
        cursor.index += 1
        return true
    }

    /// Consumes `byte`, or stops.
    @inline(__always)
    public mutating func expect(_ byte: UInt8) throws(Stop) {
        guard consume(byte) else { throw Stop() }
    }

    /// After an element of an array or object: true after `,`, false after `close`; else stops.
    @inline(__always)
    public mutating func next(orClose close: UInt8) throws(Stop) -> Bool {
        if consume(UInt8(ascii: ",")) { return true }
        if consume(close) { return false }
        throw Stop()
    }

    /// A member name followed by `:`, as its raw bytes (valid only while the text is); stops on a
    /// name with escapes or invalid UTF-8 (the general path handles those).
    public mutating func memberName() throws(Stop) -> UnsafeBufferPointer<UInt8> {
        guard peek() == UInt8(ascii: "\"") else { throw Stop() }
        let bytes = cursor.bytes
        let start = cursor.index + 1
        let index = plainNameEnd(from: start)
        guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else { throw Stop() }
        cursor.index = index + 1
        try expect(UInt8(ascii: ":"))
        return UnsafeBufferPointer(rebasing: bytes[start..<index])
    }

    /// The index of the first byte from `start` that ends a plain name: a quote, a backslash, a
    /// control character or a non-ASCII byte (or the end of the text).
    @inline(__always)
    func plainNameEnd(from start: Int) -> Int {
        let bytes = cursor.bytes
        var index = start
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") || byte < 0x20 || byte >= 0x80 { break }
            index += 1
        }
        return index
    }

    /// True when `name` (from `memberName`) is `text`.
    @inline(__always)
    public static func equals(_ name: UnsafeBufferPointer<UInt8>, _ text: StaticString) -> Bool {
        guard name.count == text.utf8CodeUnitCount else { return false }
        let other = text.utf8Start
        for k in 0..<name.count where name[k] != other[k] { return false }
        return true
    }

    /// A member name followed by `:`, matched against `names`: the index of the one it equals
    /// (after unescaping), or nil; any valid name is read (escapes and non-ASCII included).
    public mutating func memberName(among names: [StaticString]) throws(Stop) -> Int? {
        guard peek() == UInt8(ascii: "\"") else { throw Stop() }
        let bytes = cursor.bytes
        let start = cursor.index + 1
        let index = plainNameEnd(from: start)
        var found: Int?
        if index < bytes.count, bytes[index] == UInt8(ascii: "\"") {
            // Plain ASCII, the usual name: compared in place.
            cursor.index = index + 1
            let name = UnsafeBufferPointer(rebasing: bytes[start..<index])
            found = names.firstIndex { Self.equals(name, $0) }
        } else {
            let name = try string()
            found = names.firstIndex { name == $0.description }
        }
        try expect(UInt8(ascii: ":"))
        return found
    }

    /// A string value.
    public mutating func string() throws(Stop) -> String {
        guard peek() == UInt8(ascii: "\"") else { throw Stop() }
        do { return try cursor.parseString() } catch { throw Stop() }
    }

    /// A number value as a double (no literal kept).
    @inline(__always)
    public mutating func double() throws(Stop) -> Double {
        guard let first = peek(), first == UInt8(ascii: "-") || first &- 0x30 < 10 else { throw Stop() }
        do {
            let start = try cursor.scanNumber()
            guard let value = DecimalParsing.double(cursor.bytes, start, cursor.index), value.isFinite else {
                throw Stop()
            }
            return value
        } catch {
            throw Stop()
        }
    }

    /// Moves past any value `value(depth:)` would accept, building nothing (`JSONParser.Cursor.checkValue`).
    public mutating func checkValue(depth: Int) throws(Stop) {
        cursor.skipWhitespace()
        do { try cursor.checkValue(depth: depth) } catch { throw Stop() }
    }

    /// Any value, as `JSONParser` builds it; `depth` is the nesting level of the value's container.
    public mutating func value(depth: Int) throws(Stop) -> JSONValue {
        cursor.skipWhitespace()
        do { return try cursor.parseValue(depth: depth) } catch { throw Stop() }
    }
}
