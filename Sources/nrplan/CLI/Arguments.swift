import Foundation

/// One option a command accepts: `--name VALUE` (when `valueName` is set) or a `--name` flag.
struct OptionSpec: Sendable {
    /// Long name including the dashes, e.g. `--out`.
    let name: String
    /// Placeholder shown in help (`DIR`, `N`); `nil` makes the option a boolean flag.
    let valueName: String?
    /// One line of help.
    let help: String
    /// When true the option may be given several times (values are kept in order).
    var repeatable: Bool = false

    static func value(_ name: String, _ valueName: String, _ help: String, repeatable: Bool = false) -> OptionSpec {
        OptionSpec(name: name, valueName: valueName, help: help, repeatable: repeatable)
    }
    static func flag(_ name: String, _ help: String) -> OptionSpec {
        OptionSpec(name: name, valueName: nil, help: help)
    }
}

/// A usage mistake on the command line; reported with the command's usage line, exit code 2.
struct UsageError: Error, CustomStringConvertible {
    let message: String
    var description: String { message }
    init(_ message: String) { self.message = message }
}

/// The command line of one command, split into positionals, option values and flags.
///
/// Accepts `--name value` and `--name=value`; `--` ends options. Unknown options and missing
/// values are usage errors, reported before any work starts.
struct ParsedArguments {
    private(set) var positionals: [String] = []
    private var values: [String: [String]] = [:]
    private var flags: Set<String> = []

    init(_ arguments: [String], options: [OptionSpec]) throws(UsageError) {
        let byName = Dictionary(options.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
        var index = 0
        var optionsEnded = false
        while index < arguments.count {
            let argument = arguments[index]
            index += 1
            if optionsEnded || !argument.hasPrefix("-") || argument == "-" {
                positionals.append(argument)
                continue
            }
            if argument == "--" {
                optionsEnded = true
                continue
            }
            var name = argument
            var inlineValue: String?
            if let equals = argument.firstIndex(of: "=") {
                name = String(argument[..<equals])
                inlineValue = String(argument[argument.index(after: equals)...])
            }
            guard let spec = byName[name] else {
                throw UsageError("unknown option '\(name)'")
            }
            if spec.valueName == nil {
                if inlineValue != nil { throw UsageError("option '\(name)' takes no value") }
                flags.insert(name)
                continue
            }
            let value: String
            if let inlineValue {
                value = inlineValue
            } else {
                guard index < arguments.count else {
                    throw UsageError("option '\(name)' needs a value (\(spec.valueName!))")
                }
                value = arguments[index]
                index += 1
            }
            if values[name] != nil && !spec.repeatable {
                throw UsageError("option '\(name)' given more than once")
            }
            values[name, default: []].append(value)
        }
    }

    /// True when the flag was given.
    func flag(_ name: String) -> Bool { flags.contains(name) }

    /// The value of an option given at most once, or `nil`.
    func string(_ name: String) -> String? { values[name]?.last }

    /// Every value of a repeatable option, in command-line order.
    func strings(_ name: String) -> [String] { values[name] ?? [] }

    /// The value of a required option.
    func required(_ name: String) throws(UsageError) -> String {
        guard let value = string(name) else { throw UsageError("missing required option '\(name)'") }
        return value
    }

    /// An integer option within `range`, or `nil` when absent.
    func int(_ name: String, in range: ClosedRange<Int> = Int.min...Int.max) throws(UsageError) -> Int? {
        guard let text = string(name) else { return nil }
        guard let value = Int(text), range.contains(value) else {
            throw UsageError(
                "option '\(name)' expects an integer in \(range.lowerBound)...\(range.upperBound), found '\(text)'")
        }
        return value
    }

    /// A finite floating-point option within `range`, or `nil` when absent.
    func double(
        _ name: String, in range: ClosedRange<Double> = -Double.greatestFiniteMagnitude...Double.greatestFiniteMagnitude
    ) throws(UsageError) -> Double? {
        guard let text = string(name) else { return nil }
        guard let value = Double(text), value.isFinite, range.contains(value) else {
            throw UsageError(
                "option '\(name)' expects a number in \(range.lowerBound)...\(range.upperBound), found '\(text)'")
        }
        return value
    }

    /// One value out of a fixed set, or `nil` when absent.
    func choice(_ name: String, _ allowed: [String]) throws(UsageError) -> String? {
        guard let text = string(name) else { return nil }
        guard allowed.contains(text) else {
            throw UsageError("option '\(name)' expects one of \(allowed.joined(separator: "|")), found '\(text)'")
        }
        return text
    }

    /// Exactly `count` positionals, named in `names` for the message.
    func positionals(exactly names: [String]) throws(UsageError) -> [String] {
        guard positionals.count == names.count else {
            if positionals.count < names.count {
                throw UsageError("missing argument \(names[positionals.count])")
            }
            throw UsageError("unexpected argument '\(positionals[names.count])'")
        }
        return positionals
    }
}
