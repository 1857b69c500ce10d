import Foundation

/// A JSON number kept with its literal text, so values read from an input are written back exactly
/// as they came (`25` stays `25`, `1e-3` stays `1e-3`, a 20-digit id keeps every digit).
public struct JSONNumber: Sendable, Hashable {
    /// The number as a double (nearest representable value of the literal).
    public let value: Double
    /// The literal as written in the source, or a canonical rendering for computed numbers.
    public let literal: String

    /// A number read from JSON text.
    public init(value: Double, literal: String) {
        self.value = value
        self.literal = literal
    }

    /// A computed number, written as `NumberText.shortest` writes it (integral values within
    /// ±9·10^15 without a fraction).
    public init(_ value: Double) {
        self.value = value
        self.literal = NumberText.shortest(value)
    }

    /// A computed number rounded to `precision` (`Precision.rounded`).
    public init(_ value: Double, _ precision: Precision) { self.init(precision.rounded(value)) }

    /// The value as an integer when it is integral and exactly representable.
    public var intValue: Int? {
        guard value.isFinite, value == value.rounded(), abs(value) < 9.0e15 else { return nil }
        return Int(value)
    }

}

/// A JSON value whose objects keep their members in source order.
///
/// nrplan parses its own JSON (scenario files, GeoJSON properties) into this type so that
/// catalogue properties are carried through to the outputs untouched: same keys, same order,
/// same number literals. Objects are arrays of members; lookups are linear, which is right for
/// the handful of members a feature or scenario object has.
public enum JSONValue: Sendable, Hashable {
    case null
    case bool(Bool)
    case number(JSONNumber)
    case string(String)
    case array([JSONValue])
    case object([(key: String, value: JSONValue)])

    public static func == (lhs: JSONValue, rhs: JSONValue) -> Bool {
        switch (lhs, rhs) {
        case (.null, .null): return true
        case (.bool(let a), .bool(let b)): return a == b
        case (.number(let a), .number(let b)): return a.value == b.value
        case (.string(let a), .string(let b)): return a == b
        case (.array(let a), .array(let b)): return a == b
        case (.object(let a), .object(let b)):
            return a.count == b.count && zip(a, b).allSatisfy { $0.key == $1.key && $0.value == $1.value }
        default: return false
        }
    }

    public func hash(into hasher: inout Hasher) {
        switch self {
        case .null: hasher.combine(0)
        case .bool(let b): hasher.combine(b)
        case .number(let n): hasher.combine(n.value)
        case .string(let s): hasher.combine(s)
        case .array(let a): hasher.combine(a)
        case .object(let members):
            hasher.combine(members.count)
            for member in members {
                hasher.combine(member.key)
                hasher.combine(member.value)
            }
        }
    }

    /// A number value from a double.
    public static func number(_ value: Double) -> JSONValue { .number(JSONNumber(value)) }

    /// A number value rounded to `precision` (e.g. `.number(centroid.x, .degrees)`).
    public static func number(_ value: Double, _ precision: Precision) -> JSONValue {
        .number(JSONNumber(value, precision))
    }

    /// The member `key` of an object (the last one when a key repeats), or `nil`.
    public subscript(key: String) -> JSONValue? {
        guard case .object(let members) = self else { return nil }
        return members.last(where: { $0.key == key })?.value
    }

    /// The members of an object, or `nil` when this is not an object.
    public var objectMembers: [(key: String, value: JSONValue)]? {
        if case .object(let members) = self { return members }
        return nil
    }

    /// The elements of an array, or `nil`.
    public var arrayValue: [JSONValue]? {
        if case .array(let elements) = self { return elements }
        return nil
    }

    /// The string, or `nil`.
    public var stringValue: String? {
        if case .string(let text) = self { return text }
        return nil
    }

    /// The number as a double, or `nil`.
    public var doubleValue: Double? {
        if case .number(let number) = self { return number.value }
        return nil
    }

    /// The boolean, or `nil`.
    public var boolValue: Bool? {
        if case .bool(let flag) = self { return flag }
        return nil
    }

    /// True for `null`.
    public var isNull: Bool {
        if case .null = self { return true }
        return false
    }

    /// A short name of the value's JSON type, for error messages ("a string", "an object").
    public var typeDescription: String {
        switch self {
        case .null: return "null"
        case .bool: return "a boolean"
        case .number: return "a number"
        case .string: return "a string"
        case .array: return "an array"
        case .object: return "an object"
        }
    }

    /// The value as Foundation's `JSONSerialization` would have produced it (`[String: Any]`,
    /// `[Any]`, `String`, `Double`/`Int`, `Bool`, `NSNull`), for APIs that take untyped JSON.
    public var foundationObject: Any {
        switch self {
        case .null: return NSNull()
        case .bool(let b): return b
        case .number(let n): return n.intValue.map { $0 as Any } ?? n.value
        case .string(let s): return s
        case .array(let a): return a.map(\.foundationObject)
        case .object(let members):
            var dictionary: [String: Any] = [:]
            for member in members { dictionary[member.key] = member.value.foundationObject }
            return dictionary
        }
    }
}
