import Support

/// Every failure of the Geo module, with what a person needs to fix it.
public enum GeoError: Error, Sendable, CustomStringConvertible, Equatable {
    /// GEOS reported an error (its own message) during `operation`.
    case geos(operation: String, message: String)
    /// An input file could not be read.
    case io(file: String, message: String)
    /// An output could not be written (disk full, permission, interrupted).
    case output(OutputError)
    /// The file is not valid JSON.
    case json(file: String, line: Int, column: Int, message: String)
    /// The JSON is valid but not the GeoJSON expected: `location` is e.g. "feature 12" or
    /// "top level", `field` the member at fault.
    case geoJSON(file: String, location: String, field: String, expected: String, found: String)

    public var description: String {
        switch self {
        case .geos(let operation, let message):
            return "GEOS \(operation) failed: \(message)"
        case .io(let file, let message):
            return "\(file): \(message)"
        case .output(let error):
            return error.description
        case .json(let file, let line, let column, let message):
            return "\(file): line \(line), column \(column): invalid JSON: \(message)"
        case .geoJSON(let file, let location, let field, let expected, let found):
            return "\(file): \(location): field '\(field)': expected \(expected), found \(found)"
        }
    }
}

/// A problem that did not stop the work but that a person should know about (a repaired polygon,
/// an unclosed ring that was closed).
public struct GeoWarning: Sendable, Hashable, CustomStringConvertible {
    public let file: String
    public let location: String
    public let message: String

    public init(file: String, location: String, message: String) {
        self.file = file
        self.location = location
        self.message = message
    }

    public var description: String { "\(file): \(location): \(message)" }
}
