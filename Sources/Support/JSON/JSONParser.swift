import Foundation

/// Where and why JSON text could not be parsed (1-based line and column, in characters).
public struct JSONSyntaxError: Error, Sendable, CustomStringConvertible {
    public let line: Int
    public let column: Int
    public let message: String
    /// The member path of the value being read when the error struck, e.g.
    /// `features[12].geometry.coordinates[0]`; empty at the top level.
    public var path: String = ""
    public var description: String { "line \(line), column \(column): \(message)" }

    public init(line: Int, column: Int, message: String, path: String = "") {
        self.line = line
        self.column = column
        self.message = message
        self.path = path
    }
}

/// A strict RFC 8259 JSON parser producing `JSONValue` with members in source order.
///
/// Why not `JSONSerialization`: it loses member order and number literals (so properties could
/// not be carried through untouched, and Swift's per-process dictionary seeding would make
/// outputs differ from run to run) and does not say where in the file an error is.
/// Strings must be valid UTF-8; a byte-order mark at the start is skipped.
///
/// - Complexity: O(n) in the size of the text; nesting is limited to `maxDepth` levels.
public struct JSONParser {
    /// Deepest nesting accepted; deeper input is rejected rather than overflowing the stack.
    public static let maxDepth = 512

    /// Parses a complete JSON text.
    public static func parse(_ data: Data) throws(JSONSyntaxError) -> JSONValue {
        let result = data.withUnsafeBytes { raw -> Result<JSONValue, ParseFailure> in
            parse(buffer: raw.bindMemory(to: UInt8.self))
        }
        return try located(result, bytes: { [UInt8](data) })
    }

    /// Parses a complete JSON text given as bytes.
    public static func parse(bytes: [UInt8]) throws(JSONSyntaxError) -> JSONValue {
        let result = bytes.withUnsafeBufferPointer { parse(buffer: $0) }
        return try located(result, bytes: { bytes })
    }

    /// The value, or the failure turned into a syntax error with its line, column and member path
    /// (computed from the bytes only on failure).
    static func located(_ result: Result<JSONValue, ParseFailure>, bytes: () -> [UInt8]) throws(JSONSyntaxError)
        -> JSONValue
    {
        switch result {
        case .success(let value): return value
        case .failure(let error):
            let text = bytes()
            let (line, column) = lineAndColumn(of: error.offset, in: text)
            throw JSONSyntaxError(
                line: line, column: column, message: error.message, path: valuePath(at: error.offset, in: text))
        }
    }

    static func parse(buffer: UnsafeBufferPointer<UInt8>) -> Result<JSONValue, ParseFailure> {
        do throws(ParseFailure) {
            var parser = Cursor(bytes: buffer)
            if buffer.count >= 3, buffer[0] == 0xEF, buffer[1] == 0xBB, buffer[2] == 0xBF { parser.index = 3 }
            parser.skipWhitespace()
            let value = try parser.parseValue(depth: 0)
            parser.skipWhitespace()
            if parser.index < buffer.count {
                throw ParseFailure(offset: parser.index, message: "unexpected text after the JSON value")
            }
            return .success(value)
        } catch {
            return .failure(error)
        }
    }

    /// The number of a text that is one JSON number (whitespace around allowed), or nil; the same
    /// as `parse(bytes:)` giving a `.number`, without building anything else.
    public static func number(_ text: String) -> JSONNumber? {
        var text = text
        return text.withUTF8 { buffer -> JSONNumber? in
            var cursor = Cursor(bytes: buffer)
            if buffer.count >= 3, buffer[0] == 0xEF, buffer[1] == 0xBB, buffer[2] == 0xBF { cursor.index = 3 }
            cursor.skipWhitespace()
            guard cursor.index < buffer.count,
                buffer[cursor.index] == UInt8(ascii: "-") || cursor.isDigit(buffer[cursor.index]),
                let number = try? cursor.parseNumber()
            else { return nil }
            cursor.skipWhitespace()
            return cursor.index == buffer.count ? number : nil
        }
    }

    /// The value of bytes that are exactly one JSON number literal (no whitespace), finite; nil
    /// for anything else. The same double `Double(String)` gives for such a literal, read straight
    /// from the bytes (CSV coordinates).
    @inline(__always)
    public static func numberValue(_ bytes: UnsafeBufferPointer<UInt8>) -> Double? {
        guard let first = bytes.first, first == UInt8(ascii: "-") || first &- 0x30 < 10 else { return nil }
        var cursor = Cursor(bytes: bytes)
        guard (try? cursor.scanNumber()) != nil, cursor.index == bytes.count,
            let value = DecimalParsing.double(bytes, 0, bytes.count), value.isFinite
        else { return nil }
        return value
    }

    /// The number of bytes that are exactly one JSON number literal (no whitespace), literal
    /// kept; nil for anything else (`number(_:)` then decides).
    public static func literalNumber(_ bytes: UnsafeBufferPointer<UInt8>) -> JSONNumber? {
        guard let value = numberValue(bytes) else { return nil }
        return JSONNumber(value: value, literal: String(decoding: bytes, as: UTF8.self))
    }

    struct ParseFailure: Error, Sendable {
        let offset: Int
        let message: String
    }

    /// The member path (`features[3].geometry.coordinates[1]`) of the innermost value open at byte
    /// `offset`, by a tolerant rescan of the text before it. Only called on the error path, so a
    /// successful parse pays nothing for it. The text before `offset` is valid JSON up to the
    /// failure, which makes the rescan exact.
    /// - Complexity: O(offset).
    static func valuePath(at offset: Int, in bytes: [UInt8]) -> String {
        enum Container {
            case object(key: String?)
            case array(index: Int)
        }
        var stack: [Container] = []
        var index = 0
        let end = min(offset, bytes.count)
        var expectingKey = false
        while index < end {
            let byte = bytes[index]
            switch byte {
            case UInt8(ascii: "{"):
                stack.append(.object(key: nil))
                expectingKey = true
            case UInt8(ascii: "["):
                stack.append(.array(index: 0))
                expectingKey = false
            case UInt8(ascii: "}"), UInt8(ascii: "]"):
                if !stack.isEmpty { stack.removeLast() }
                expectingKey = false
            case UInt8(ascii: ","):
                if case .array(let i)? = stack.last {
                    stack[stack.count - 1] = .array(index: i + 1)
                } else if case .object? = stack.last {
                    stack[stack.count - 1] = .object(key: nil)
                    expectingKey = true
                }
            case UInt8(ascii: "\""):
                // Scan the string (escapes skipped); keep it when it is a member name.
                var text: [UInt8] = []
                index += 1
                while index < end, bytes[index] != UInt8(ascii: "\"") {
                    if bytes[index] == UInt8(ascii: "\\") { index += 1 }
                    if index < end { text.append(bytes[index]) }
                    index += 1
                }
                if expectingKey, case .object? = stack.last {
                    stack[stack.count - 1] = .object(key: String(decoding: text, as: UTF8.self))
                    expectingKey = false
                }
            default:
                break
            }
            index += 1
        }
        var path = ""
        for container in stack {
            switch container {
            case .object(let key?): path += path.isEmpty ? key : ".\(key)"
            case .object(nil): break
            case .array(let i): path += "[\(i)]"
            }
        }
        return path
    }

    /// 1-based line and column (counting UTF-8 scalars, not bytes) of a byte offset.
    static func lineAndColumn(of offset: Int, in bytes: [UInt8]) -> (Int, Int) {
        var line = 1
        var column = 1
        var index = 0
        let end = min(offset, bytes.count)
        while index < end {
            let byte = bytes[index]
            if byte == 0x0A {
                line += 1
                column = 1
            } else if byte & 0xC0 != 0x80 {
                column += 1
            }
            index += 1
        }
        return (line, column)
    }

    struct Cursor {
        let bytes: UnsafeBufferPointer<UInt8>
        var index = 0
        /// Members and elements of the containers being read, innermost last: each container's
        /// array is allocated once at its exact size when it closes, not grown member by member,
        /// and the values are moved into it (`take()`), not copied.
        var members: [(key: String, value: JSONValue)?] = []
        var elements: [JSONValue?] = []

        init(bytes: UnsafeBufferPointer<UInt8>) { self.bytes = bytes }

        mutating func skipWhitespace() {
            while index < bytes.count {
                switch bytes[index] {
                case 0x20, 0x0A, 0x0D, 0x09: index += 1
                default: return
                }
            }
        }

        func describe(_ byte: UInt8) -> String {
            if byte >= 0x20 && byte < 0x7F { return "'\(Character(Unicode.Scalar(byte)))'" }
            return "byte " + NumberText.hex(byte)
        }

        mutating func parseValue(depth: Int) throws(ParseFailure) -> JSONValue {
            guard index < bytes.count else {
                throw ParseFailure(offset: index, message: "unexpected end of text, expected a value")
            }
            switch bytes[index] {
            case UInt8(ascii: "{"): return try parseObject(depth: depth + 1)
            case UInt8(ascii: "["): return try parseArray(depth: depth + 1)
            case UInt8(ascii: "\""): return .string(try parseString())
            case UInt8(ascii: "t"):
                try expectWord("true")
                return .bool(true)
            case UInt8(ascii: "f"):
                try expectWord("false")
                return .bool(false)
            case UInt8(ascii: "n"):
                try expectWord("null")
                return .null
            case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return .number(try parseNumber())
            default:
                if bytes[index] == UInt8(ascii: "N") || bytes[index] == UInt8(ascii: "I") {
                    throw ParseFailure(offset: index, message: "NaN and Infinity are not JSON numbers")
                }
                throw ParseFailure(offset: index, message: "expected a value, found \(describe(bytes[index]))")
            }
        }

        mutating func expectWord(_ word: StaticString) throws(ParseFailure) {
            let start = index
            let text = UnsafeBufferPointer(start: word.utf8Start, count: word.utf8CodeUnitCount)
            for expected in text {
                guard index < bytes.count, bytes[index] == expected else {
                    if text.first == UInt8(ascii: "n"), start + 2 < bytes.count, bytes[start + 1] == UInt8(ascii: "a") {
                        throw ParseFailure(offset: start, message: "NaN is not a JSON number")
                    }
                    throw ParseFailure(offset: start, message: "invalid literal, expected \(word)")
                }
                index += 1
            }
        }

        mutating func parseObject(depth: Int) throws(ParseFailure) -> JSONValue {
            guard depth <= JSONParser.maxDepth else {
                throw ParseFailure(offset: index, message: "nesting deeper than \(JSONParser.maxDepth) levels")
            }
            index += 1
            skipWhitespace()
            if index < bytes.count, bytes[index] == UInt8(ascii: "}") {
                index += 1
                return .object([])
            }
            let base = members.count
            defer { members.removeSubrange(base...) }
            while true {
                skipWhitespace()
                guard index < bytes.count else {
                    throw ParseFailure(offset: index, message: "unexpected end of text inside an object")
                }
                guard bytes[index] == UInt8(ascii: "\"") else {
                    throw ParseFailure(
                        offset: index,
                        message: "expected a member name in double quotes, found \(describe(bytes[index]))")
                }
                let key = try parseString()
                skipWhitespace()
                guard index < bytes.count, bytes[index] == UInt8(ascii: ":") else {
                    throw ParseFailure(offset: index, message: "expected ':' after member name \"\(key)\"")
                }
                index += 1
                skipWhitespace()
                let value = try parseValue(depth: depth)
                members.append((key, value))
                skipWhitespace()
                guard index < bytes.count else {
                    throw ParseFailure(offset: index, message: "unexpected end of text inside an object")
                }
                if bytes[index] == UInt8(ascii: ",") {
                    index += 1
                    continue
                }
                if bytes[index] == UInt8(ascii: "}") {
                    index += 1
                    return .object((base..<members.count).map { members[$0].take()! })
                }
                throw ParseFailure(
                    offset: index, message: "expected ',' or '}' in an object, found \(describe(bytes[index]))")
            }
        }

        mutating func parseArray(depth: Int) throws(ParseFailure) -> JSONValue {
            guard depth <= JSONParser.maxDepth else {
                throw ParseFailure(offset: index, message: "nesting deeper than \(JSONParser.maxDepth) levels")
            }
            index += 1
            skipWhitespace()
            if index < bytes.count, bytes[index] == UInt8(ascii: "]") {
                index += 1
                return .array([])
            }
            let base = elements.count
            defer { elements.removeSubrange(base...) }
            while true {
                skipWhitespace()
                let element = try parseValue(depth: depth)
                elements.append(element)
                skipWhitespace()
                guard index < bytes.count else {
                    throw ParseFailure(offset: index, message: "unexpected end of text inside an array")
                }
                if bytes[index] == UInt8(ascii: ",") {
                    index += 1
                    continue
                }
                if bytes[index] == UInt8(ascii: "]") {
                    index += 1
                    return .array((base..<elements.count).map { elements[$0].take()! })
                }
                throw ParseFailure(
                    offset: index, message: "expected ',' or ']' in an array, found \(describe(bytes[index]))")
            }
        }

        mutating func parseNumber() throws(ParseFailure) -> JSONNumber {
            let start = try scanNumber()
            let literal = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self)
            guard let value = DecimalParsing.double(bytes, start, index) else {
                throw ParseFailure(offset: start, message: "invalid number '\(literal)'")
            }
            guard value.isFinite else {
                throw ParseFailure(offset: start, message: "number '\(literal)' is out of the range of a double")
            }
            return JSONNumber(value: value, literal: literal)
        }

        /// Moves past a number literal checked against the JSON grammar; returns where it starts.
        mutating func scanNumber() throws(ParseFailure) -> Int {
            let start = index
            if bytes[index] == UInt8(ascii: "-") { index += 1 }
            guard index < bytes.count, isDigit(bytes[index]) else {
                throw ParseFailure(offset: start, message: "invalid number: a digit must follow '-'")
            }
            if bytes[index] == UInt8(ascii: "0") {
                index += 1
                if index < bytes.count, isDigit(bytes[index]) {
                    throw ParseFailure(offset: start, message: "invalid number: leading zeros are not allowed")
                }
            } else {
                while index < bytes.count, isDigit(bytes[index]) { index += 1 }
            }
            if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
                index += 1
                guard index < bytes.count, isDigit(bytes[index]) else {
                    throw ParseFailure(offset: start, message: "invalid number: a digit must follow '.'")
                }
                while index < bytes.count, isDigit(bytes[index]) { index += 1 }
            }
            if index < bytes.count, bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E") {
                index += 1
                if index < bytes.count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") {
                    index += 1
                }
                guard index < bytes.count, isDigit(bytes[index]) else {
                    throw ParseFailure(offset: start, message: "invalid number: the exponent needs digits")
                }
                while index < bytes.count, isDigit(bytes[index]) { index += 1 }
            }
            return start
        }

        @inline(__always) func isDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }
    }
}
