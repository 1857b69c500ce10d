import Geo

/// One problem found in the inputs: where it is and what is wrong, in the words a planner needs.
///
/// Rendered as `FILE: LOCATION: field 'FIELD': expected EXPECTED, found FOUND` (parts that do
/// not apply are left out), e.g. `catalogue.csv: line 12: field 'lat': expected a number, found 'abc'`.
public struct Problem: Sendable, Hashable, CustomStringConvertible {
    public enum Severity: String, Sendable, Hashable { case error, warning }
    public var severity: Severity
    /// The file as the user named it (relative to the scenario when it came from one).
    public var file: String
    /// "feature 12" (0-based), "line 7" (1-based), "radio.profiles" …; `nil` for the whole file.
    public var location: String?
    /// The member or column at fault.
    public var field: String?
    /// What was expected and what was found, when that is how the problem reads best.
    public var expected: String?
    public var found: String?
    /// A free-form explanation when expected/found do not fit.
    public var message: String?

    public init(
        _ severity: Severity, file: String, location: String? = nil, field: String? = nil,
        expected: String? = nil, found: String? = nil, message: String? = nil
    ) {
        self.severity = severity
        self.file = file
        self.location = location
        self.field = field
        self.expected = expected
        self.found = found
        self.message = message
    }

    public var description: String {
        var parts = [file]
        if let location { parts.append(location) }
        var tail = ""
        if let field { tail += "field '\(field)'" }
        if let expected {
            tail += (tail.isEmpty ? "" : ": ") + "expected \(expected)"
            if let found { tail += ", found \(found)" }
        }
        if let message { tail += (tail.isEmpty ? "" : ": ") + message }
        if !tail.isEmpty { parts.append(tail) }
        return parts.joined(separator: ": ")
    }

    /// The problem of a Geo error (GeoJSON structure, JSON syntax, I/O).
    public init(_ error: GeoError) {
        switch error {
        case .geoJSON(let file, let location, let field, let expected, let found):
            self.init(.error, file: file, location: location, field: field, expected: expected, found: found)
        case .json(let file, let line, let column, let message):
            self.init(
                .error, file: file, location: "line \(line), column \(column)", message: "invalid JSON: \(message)")
        case .io(let file, let message):
            self.init(.error, file: file, message: message)
        case .output(let failure):
            self.init(.error, file: failure.path, message: failure.message)
        case .geos:
            self.init(.error, file: "(geometry)", message: error.description)
        }
    }
}

/// Every problem found while reading inputs; loading goes on after an error where it can, so
/// that a planner learns about all of them at once.
public struct Diagnostics: Sendable {
    public private(set) var problems: [Problem] = []

    public init() {}

    public var errors: [Problem] { problems.filter { $0.severity == .error } }
    public var warnings: [Problem] { problems.filter { $0.severity == .warning } }
    public var hasErrors: Bool { problems.contains { $0.severity == .error } }

    public mutating func add(_ problem: Problem) { problems.append(problem) }

    public mutating func error(
        _ file: String, _ location: String? = nil, field: String? = nil, expected: String? = nil,
        found: String? = nil, message: String? = nil
    ) {
        problems.append(
            Problem(
                .error, file: file, location: location, field: field, expected: expected, found: found, message: message
            ))
    }

    public mutating func warning(
        _ file: String, _ location: String? = nil, field: String? = nil, expected: String? = nil,
        found: String? = nil, message: String? = nil
    ) {
        problems.append(
            Problem(
                .warning, file: file, location: location, field: field, expected: expected, found: found,
                message: message))
    }

    public mutating func merge(_ other: Diagnostics) { problems += other.problems }
}

/// Why a planning run stopped.
public enum PlanningError: Error, Sendable, CustomStringConvertible {
    /// The inputs have errors (every one of them is kept; `description` shows at most three of
    /// each kind, `Problem.lines`); nothing was computed.
    case invalidInput([Problem])
    /// The inputs are well-formed but the job cannot be done as asked (e.g. the coverage target
    /// is out of reach of every candidate together).
    case infeasible(String)
    /// A geometry operation failed.
    case geometry(GeoError)
    /// Writing an output failed.
    case output(String)

    public var description: String {
        switch self {
        case .invalidInput(let problems):
            return Problem.lines(problems.filter { $0.severity == .error }).joined(separator: "\n")
        case .infeasible(let message):
            return "error: \(message)"
        case .geometry(let error):
            return "error: \(error)"
        case .output(let message):
            return "error: \(message)"
        }
    }
}
