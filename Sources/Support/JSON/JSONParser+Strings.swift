/// String literals: the fast path for strings without escapes, the escaped path, `\u` escapes.
extension JSONParser.Cursor {
    /// The string whose opening quote is at `index`; `index` ends after its closing quote.
    mutating func parseString() throws(JSONParser.ParseFailure) -> String {
        let quote = index
        index += 1
        let start = index
        var high: UInt8 = 0 // the bits of every byte: ASCII when below 0x80
        // Fast path: no escapes.
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") {
                let slice = UnsafeBufferPointer(rebasing: bytes[start..<index])
                index += 1
                // `String(validating:)` is generic and looks up type metadata on every call;
                // decoding after an exact validity check gives the same strings.
                guard high < 0x80 || JSONParser.isValidUTF8(slice) else {
                    throw JSONParser.ParseFailure(
                        offset: start,
                        message: "string is not valid UTF-8 (a GBK/GB18030 export? convert it to UTF-8)")
                }
                return String(decoding: slice, as: UTF8.self)
            }
            high |= byte
            if byte == UInt8(ascii: "\\") { break }
            if byte < 0x20 {
                throw JSONParser.ParseFailure(
                    offset: index, message: "control character in a string (strings must escape it)")
            }
            index += 1
        }
        guard index < bytes.count else { throw JSONParser.ParseFailure(offset: quote, message: "unterminated string") }
        return try parseEscaped(quote: quote, start: start)
    }

    /// The rest of a string from its first backslash at `index` (`start`: its first character).
    mutating func parseEscaped(quote: Int, start: Int) throws(JSONParser.ParseFailure) -> String {
        var output = [UInt8](UnsafeBufferPointer(rebasing: bytes[start..<index]))
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") {
                index += 1
                guard let text = String(validating: output, as: UTF8.self) else {
                    throw JSONParser.ParseFailure(
                        offset: start,
                        message: "string is not valid UTF-8 (a GBK/GB18030 export? convert it to UTF-8)")
                }
                return text
            }
            if byte < 0x20 {
                throw JSONParser.ParseFailure(
                    offset: index, message: "control character in a string (strings must escape it)")
            }
            if byte != UInt8(ascii: "\\") {
                output.append(byte)
                index += 1
                continue
            }
            index += 1
            guard index < bytes.count else { break }
            let escape = bytes[index]
            index += 1
            switch escape {
            case UInt8(ascii: "\""): output.append(0x22)
            case UInt8(ascii: "\\"): output.append(0x5C)
            case UInt8(ascii: "/"): output.append(0x2F)
            case UInt8(ascii: "b"): output.append(0x08)
            case UInt8(ascii: "f"): output.append(0x0C)
            case UInt8(ascii: "n"): output.append(0x0A)
            case UInt8(ascii: "r"): output.append(0x0D)
            case UInt8(ascii: "t"): output.append(0x09)
            case UInt8(ascii: "u"): output.append(contentsOf: try parseUnicodeEscape())
            default:
                throw JSONParser.ParseFailure(
                    offset: index - 2,
                    message: "invalid escape '\\\(Character(Unicode.Scalar(escape)))' in a string")
            }
        }
        throw JSONParser.ParseFailure(offset: quote, message: "unterminated string")
    }

    /// The UTF-8 bytes of a `\u` escape whose hex digits start at `index` (a surrogate pair when
    /// the first is a high surrogate).
    mutating func parseUnicodeEscape() throws(JSONParser.ParseFailure) -> [UInt8] {
        var scalar = try parseHex4()
        if scalar >= 0xD800 && scalar < 0xDC00 {
            guard index + 1 < bytes.count, bytes[index] == UInt8(ascii: "\\"), bytes[index + 1] == UInt8(ascii: "u")
            else {
                throw JSONParser.ParseFailure(offset: index, message: "unpaired UTF-16 surrogate in \\u escape")
            }
            index += 2
            let low = try parseHex4()
            guard low >= 0xDC00 && low < 0xE000 else {
                throw JSONParser.ParseFailure(offset: index, message: "invalid UTF-16 low surrogate in \\u escape")
            }
            scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
        } else if scalar >= 0xDC00 && scalar < 0xE000 {
            throw JSONParser.ParseFailure(offset: index, message: "unpaired UTF-16 surrogate in \\u escape")
        }
        guard let unicode = Unicode.Scalar(scalar) else {
            throw JSONParser.ParseFailure(offset: index, message: "invalid \\u escape")
        }
        return Array(String(Character(unicode)).utf8)
    }

    mutating func parseHex4() throws(JSONParser.ParseFailure) -> UInt32 {
        guard index + 4 <= bytes.count else {
            throw JSONParser.ParseFailure(offset: index, message: "\\u escape needs four hex digits")
        }
        var value: UInt32 = 0
        for _ in 0..<4 {
            let byte = bytes[index]
            let digit: UInt32
            switch byte {
            case 0x30...0x39: digit = UInt32(byte - 0x30)
            case 0x41...0x46: digit = UInt32(byte - 0x41 + 10)
            case 0x61...0x66: digit = UInt32(byte - 0x61 + 10)
            default: throw JSONParser.ParseFailure(offset: index, message: "\\u escape needs four hex digits")
            }
            value = value * 16 + digit
            index += 1
        }
        return value
    }
}

extension JSONParser {
    /// True when `bytes` are well-formed UTF-8 (Unicode 15, Table 3-7: no overlong forms, no
    /// surrogates, nothing above U+10FFFF, no truncated sequence) — what `String(validating:)` accepts.
    public static func isValidUTF8(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        var i = 0
        let n = bytes.count
        while i < n {
            let c = bytes[i]
            if c < 0x80 {
                i += 1
                continue
            }
            @inline(__always) func continuation(_ k: Int) -> Bool { i + k < n && bytes[i + k] & 0xC0 == 0x80 }
            switch c {
            case 0xC2...0xDF:
                guard continuation(1) else { return false }
                i += 2
            case 0xE0...0xEF:
                guard continuation(1), continuation(2) else { return false }
                let c1 = bytes[i + 1]
                if c == 0xE0 && c1 < 0xA0 || c == 0xED && c1 >= 0xA0 { return false }
                i += 3
            case 0xF0...0xF4:
                guard continuation(1), continuation(2), continuation(3) else { return false }
                let c1 = bytes[i + 1]
                if c == 0xF0 && c1 < 0x90 || c == 0xF4 && c1 >= 0x90 { return false }
                i += 4
            default:
                return false
            }
        }
        return true
    }
}
