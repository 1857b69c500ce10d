/// Every error the Radio module throws: a bad profile name, or a scenario override that names an
/// unknown field, has the wrong JSON type or a value outside its range.
///
/// Each case carries what a person needs to fix the input: the `source` (file and JSON path, e.g.
/// `scenario.json: radio.profiles.n78-macro`), the field, what was expected and what was found.
public enum RadioError: Error, CustomStringConvertible, Equatable, Sendable {
    /// `RadioProfile.named(_:)` / `resolve` got a name that is not a built-in profile.
    case unknownProfile(name: String, source: String, known: [String])
    /// An override key that no profile field has.
    case unknownField(source: String, field: String, known: [String])
    /// An override value of the wrong JSON type (`expected` e.g. "a number", found e.g. "a string \"abc\"").
    case wrongType(source: String, field: String, expected: String, found: String)
    /// A value of the right type outside the field's allowed range or set.
    case invalidValue(source: String, field: String, expected: String, found: String)

    /// One line naming the source, the field, what was expected and what was found.
    public var description: String {
        switch self {
        case .unknownProfile(let name, let source, let known):
            return "\(source): unknown radio profile '\(name)'; expected one of \(known.joined(separator: ", "))"
        case .unknownField(let source, let field, let known):
            return "\(source): unknown field '\(field)'; expected one of \(known.joined(separator: ", "))"
        case .wrongType(let source, let field, let expected, let found):
            return "\(source): field '\(field)' expects \(expected), found \(found)"
        case .invalidValue(let source, let field, let expected, let found):
            return "\(source): field '\(field)' expects \(expected), found \(found)"
        }
    }
}
