import Geo
import Support

/// Typed access to the members of a JSON object with problems recorded, not thrown, so that one
/// pass over a scenario reports every mistake.
struct JSONFields {
    let file: String
    let location: String?
    let prefix: String
    let value: JSONValue

    init(_ value: JSONValue, file: String, location: String? = nil, prefix: String = "") {
        self.value = value
        self.file = file
        self.location = location
        self.prefix = prefix
    }

    func path(_ key: String) -> String { prefix.isEmpty ? key : "\(prefix).\(key)" }

    func has(_ key: String) -> Bool { value[key] != nil && value[key] != .null }

    func string(_ key: String, required: Bool = false, _ diagnostics: inout Diagnostics) -> String? {
        guard let member = value[key], member != .null else {
            if required { diagnostics.error(file, location, field: path(key), expected: "a string", found: "nothing") }
            return nil
        }
        guard let text = member.stringValue else {
            diagnostics.error(file, location, field: path(key), expected: "a string", found: describe(member))
            return nil
        }
        return text
    }

    func number(
        _ key: String, required: Bool = false, in range: ClosedRange<Double>? = nil, rangeText: String? = nil,
        _ diagnostics: inout Diagnostics
    ) -> Double? {
        guard let member = value[key], member != .null else {
            if required {
                diagnostics.error(file, location, field: path(key), expected: rangeText ?? "a number", found: "nothing")
            }
            return nil
        }
        guard let number = member.doubleValue else {
            diagnostics.error(
                file, location, field: path(key), expected: rangeText ?? "a number", found: describe(member))
            return nil
        }
        if let range, !range.contains(number) {
            diagnostics.error(
                file, location, field: path(key), expected: rangeText ?? "a number in \(range)", found: describe(member)
            )
            return nil
        }
        return number
    }

    func integer(_ key: String, required: Bool = false, minimum: Int, _ diagnostics: inout Diagnostics) -> Int? {
        guard let member = value[key], member != .null else {
            if required {
                diagnostics.error(
                    file, location, field: path(key), expected: "an integer ≥ \(minimum)", found: "nothing")
            }
            return nil
        }
        guard case .number(let number) = member, let integer = number.intValue, integer >= minimum else {
            diagnostics.error(
                file, location, field: path(key), expected: "an integer ≥ \(minimum)", found: describe(member))
            return nil
        }
        return integer
    }

    func object(_ key: String, required: Bool = false, _ diagnostics: inout Diagnostics) -> JSONFields? {
        guard let member = value[key], member != .null else {
            if required { diagnostics.error(file, location, field: path(key), expected: "an object", found: "nothing") }
            return nil
        }
        guard case .object = member else {
            diagnostics.error(file, location, field: path(key), expected: "an object", found: describe(member))
            return nil
        }
        return JSONFields(member, file: file, location: location, prefix: path(key))
    }

    /// Members not in `known`, reported as warnings (a typo in a key should not pass silently).
    func warnUnknownKeys(_ known: Set<String>, _ diagnostics: inout Diagnostics) {
        for member in value.objectMembers ?? [] where !known.contains(member.key) {
            diagnostics.warning(
                file, location, field: path(member.key),
                message: "unknown member, ignored (known: \(known.sorted().joined(separator: ", ")))")
        }
    }
}

/// A value as a person reads it in a message: strings quoted, others as JSON, long ones cut.
func describe(_ value: JSONValue) -> String {
    var text: String
    switch value {
    case .string(let s): text = "'\(s)'"
    case .object: text = "an object"
    case .array(let a): text = "an array of \(a.count)"
    default: text = JSONWriter.string(value)
    }
    if text.count > 60 { text = String(text.prefix(57)) + "..." }
    return text
}
