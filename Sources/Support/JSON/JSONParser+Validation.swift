/// Checking a value without building it: what a reader that keeps a value as text (a GeoJSON
/// site's `properties`, parsed when a writer asks: `JSONText`) runs on load, so that the text is
/// known to parse later. Accepts exactly what `parseValue` accepts (an invalid value throws the
/// same failure), allocating nothing for valid values (a string with escapes is built once and
/// dropped: rare in the files nrplan reads).
extension JSONParser.Cursor {
    /// Moves past the value at `index` (`depth`: as `parseValue` takes it), checking it.
    mutating func checkValue(depth: Int) throws(JSONParser.ParseFailure) {
        guard index < bytes.count else {
            _ = try parseValue(depth: depth) // the failure at the end of the text
            return
        }
        switch bytes[index] {
        case UInt8(ascii: "{"): try checkObject(depth: depth + 1)
        case UInt8(ascii: "["): try checkArray(depth: depth + 1)
        case UInt8(ascii: "\""): try checkString()
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            let start = try scanNumber()
            guard let value = DecimalParsing.double(bytes, start, index), value.isFinite else {
                index = start
                _ = try parseNumber() // the failure `parseValue` gives
                return
            }
        default: _ = try parseValue(depth: depth) // a literal (nothing to allocate), or the failure
        }
    }

    /// `parseObject` without the members; a failure is found again by `parseObject` (same message).
    mutating func checkObject(depth: Int) throws(JSONParser.ParseFailure) {
        let start = index
        do throws(JSONParser.ParseFailure) {
            guard depth <= JSONParser.maxDepth else { throw JSONParser.ParseFailure(offset: index, message: "") }
            index += 1
            skipWhitespace()
            if index < bytes.count, bytes[index] == UInt8(ascii: "}") {
                index += 1
                return
            }
            while true {
                skipWhitespace()
                guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else {
                    throw JSONParser.ParseFailure(offset: index, message: "")
                }
                try checkString()
                skipWhitespace()
                guard index < bytes.count, bytes[index] == UInt8(ascii: ":") else {
                    throw JSONParser.ParseFailure(offset: index, message: "")
                }
                index += 1
                skipWhitespace()
                try checkValue(depth: depth)
                if try !checkSeparator(close: UInt8(ascii: "}")) { return }
            }
        } catch {
            index = start
            _ = try parseObject(depth: depth)
        }
    }

    /// `parseArray` without the elements; a failure is found again by `parseArray` (same message).
    mutating func checkArray(depth: Int) throws(JSONParser.ParseFailure) {
        let start = index
        do throws(JSONParser.ParseFailure) {
            guard depth <= JSONParser.maxDepth else { throw JSONParser.ParseFailure(offset: index, message: "") }
            index += 1
            skipWhitespace()
            if index < bytes.count, bytes[index] == UInt8(ascii: "]") {
                index += 1
                return
            }
            while true {
                skipWhitespace()
                try checkValue(depth: depth)
                if try !checkSeparator(close: UInt8(ascii: "]")) { return }
            }
        } catch {
            index = start
            _ = try parseArray(depth: depth)
        }
    }

    /// After an element of an array or object: true after `,` (another element follows), false
    /// after `close`; anything else is a failure (found again, with its message, by the caller's
    /// `parseObject`/`parseArray`).
    mutating func checkSeparator(close: UInt8) throws(JSONParser.ParseFailure) -> Bool {
        skipWhitespace()
        guard index < bytes.count else { throw JSONParser.ParseFailure(offset: index, message: "") }
        if bytes[index] == UInt8(ascii: ",") {
            index += 1
            return true
        }
        if bytes[index] == close {
            index += 1
            return false
        }
        throw JSONParser.ParseFailure(offset: index, message: "")
    }

    /// `parseString` without the string: the bytes up to the closing quote are checked in place
    /// (no control character, valid UTF-8); a string with an escape is built by `parseString`.
    mutating func checkString() throws(JSONParser.ParseFailure) {
        let start = index + 1
        var end = start
        var high: UInt8 = 0 // the bits of every byte: ASCII when below 0x80
        while end < bytes.count {
            let byte = bytes[end]
            if byte == UInt8(ascii: "\"") { break }
            if byte == UInt8(ascii: "\\") || byte < 0x20 { break }
            high |= byte
            end += 1
        }
        guard end < bytes.count, bytes[end] == UInt8(ascii: "\""),
            high < 0x80 || JSONParser.isValidUTF8(UnsafeBufferPointer(rebasing: bytes[start..<end]))
        else {
            _ = try parseString() // an escape, or the failure
            return
        }
        index = end + 1
    }
}
