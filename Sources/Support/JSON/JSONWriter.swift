/// Serialises `JSONValue` as compact or indented JSON text (members in their stored order).
///
/// Strings are escaped per RFC 8259 and otherwise written as UTF-8 (Chinese names stay readable);
/// numbers are written from their literal text.
public enum JSONWriter {
    /// Appends the JSON text of `value` to `output`.
    /// - Parameter indent: spaces per level for pretty output; `nil` for compact output.
    public static func write(_ value: JSONValue, into output: inout String, indent: Int? = nil, level: Int = 0) {
        switch value {
        case .null: output += "null"
        case .bool(let flag): output += flag ? "true" : "false"
        case .number(let number): output += number.literal
        case .string(let text): appendString(text, into: &output)
        case .array(let elements):
            if elements.isEmpty {
                output += "[]"
                return
            }
            output += "["
            for (position, element) in elements.enumerated() {
                if position > 0 { output += "," }
                newline(&output, indent, level + 1)
                write(element, into: &output, indent: indent, level: level + 1)
            }
            newline(&output, indent, level)
            output += "]"
        case .object(let members):
            if members.isEmpty {
                output += "{}"
                return
            }
            output += "{"
            for (position, member) in members.enumerated() {
                if position > 0 { output += "," }
                newline(&output, indent, level + 1)
                appendString(member.key, into: &output)
                output += indent == nil ? ":" : ": "
                write(member.value, into: &output, indent: indent, level: level + 1)
            }
            newline(&output, indent, level)
            output += "}"
        }
    }

    /// The JSON text of `value`.
    public static func string(_ value: JSONValue, indent: Int? = nil) -> String {
        var output = ""
        write(value, into: &output, indent: indent)
        return output
    }

    private static func newline(_ output: inout String, _ indent: Int?, _ level: Int) {
        guard let indent else { return }
        output += "\n"
        output += String(repeating: " ", count: indent * level)
    }

    /// Appends `text` as a JSON string literal.
    public static func appendString(_ text: String, into output: inout String) {
        output += "\""
        var needsEscape = false
        for unit in text.utf8 where unit < 0x20 || unit == 0x22 || unit == 0x5C {
            needsEscape = true
            break
        }
        if !needsEscape {
            output += text
        } else {
            for scalar in text.unicodeScalars {
                switch scalar {
                case "\"": output += "\\\""
                case "\\": output += "\\\\"
                case "\n": output += "\\n"
                case "\r": output += "\\r"
                case "\t": output += "\\t"
                default:
                    if scalar.value < 0x20 {
                        let hex = String(scalar.value, radix: 16)
                        output += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                    } else {
                        output.unicodeScalars.append(scalar)
                    }
                }
            }
        }
        output += "\""
    }
}
