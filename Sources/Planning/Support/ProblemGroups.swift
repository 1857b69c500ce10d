/// Problems of one kind — the same severity, file, field and expectation or message, whatever was
/// found and wherever — such as the 15,620 features of one file that lack an `id`: shown as a few
/// examples and one line for the rest, "… and 15,617 more like this (features 3–15619)".
///
/// Messages are compared with their numbers and quoted values blanked (`Self-intersection[113.3
/// 23.1]` and `Self-intersection[113.4 23.2]` are one kind), so a file with thousands of the same
/// mistake reads as a handful of lines on a terminal, in `validate --json` and in `summary.json`.
public struct ProblemGroup: Sendable {
    /// Every problem of the group, in the order found.
    public var problems: [Problem]

    /// The first problem, which names the kind.
    public var first: Problem { problems[0] }
    public var count: Int { problems.count }

    /// The examples to show: the first `limit`.
    public func shown(limit: Int) -> ArraySlice<Problem> { problems.prefix(limit) }

    /// "FILE: field 'F': … and N more like this (features a–b)" for the problems after the first
    /// `limit`, or nil when there are none. The range spans the locations of the problems not shown.
    public func moreLine(limit: Int) -> String? {
        let hidden = problems.dropFirst(limit)
        guard !hidden.isEmpty else { return nil }
        var line = first.file + ": " + (first.field.map { "field '\($0)': " } ?? "")
        line += "… and \(ProblemGroup.grouped(hidden.count)) more like this"
        if let range = ProblemGroup.locationRange(hidden) { line += " (\(range))" }
        return line
    }

    /// "features 3–15619" / "lines 2–901" / "feature 7" when every problem has a location of the
    /// same kind; nil otherwise.
    public static func locationRange<C: Collection>(_ problems: C) -> String? where C.Element == Problem {
        var label: String?
        var low = Int.max
        var high = Int.min
        for problem in problems {
            guard let location = problem.location, let parsed = numberedLocation(location) else { return nil }
            if label == nil { label = parsed.label } else if label != parsed.label { return nil }
            low = min(low, parsed.number)
            high = max(high, parsed.number)
        }
        guard let label else { return nil }
        return low == high ? "\(label) \(low)" : "\(label)s \(low)–\(high)"
    }

    /// `feature 12` → ("feature", 12); `line 7, column 3` → ("line", 7); nil for other locations.
    static func numberedLocation(_ location: String) -> (label: String, number: Int)? {
        let words = location.split(separator: " ", maxSplits: 1)
        guard words.count == 2, words[0] == "feature" || words[0] == "line" else { return nil }
        let digits = words[1].prefix { $0.isNumber }
        guard let number = Int(digits) else { return nil }
        return (String(words[0]), number)
    }

    /// The key two problems of one kind share.
    static func kind(_ problem: Problem) -> String {
        [
            problem.severity.rawValue, problem.file, problem.field ?? "", blanked(problem.expected ?? ""),
            blanked(problem.message ?? ""),
        ].joined(separator: "\u{1F}")
    }

    /// The text with digit runs and quoted values replaced, so that instances of one message compare equal.
    static func blanked(_ text: String) -> String {
        var out = ""
        var inQuote = false
        var lastWasDigit = false
        for character in text {
            if character == "'" {
                inQuote.toggle()
                if inQuote { out.append("'…'") }
                lastWasDigit = false
                continue
            }
            if inQuote { continue }
            if character.isNumber || (lastWasDigit && (character == "." || character == "-")) {
                if !lastWasDigit { out.append("#") }
                lastWasDigit = true
                continue
            }
            lastWasDigit = false
            out.append(character)
        }
        return out
    }

    /// 15620 → "15,620".
    static func grouped(_ value: Int) -> String {
        let digits = String(value)
        var out = ""
        for (i, character) in digits.enumerated() {
            if i > 0 && (digits.count - i) % 3 == 0 { out += "," }
            out.append(character)
        }
        return out
    }
}

extension Problem {
    /// The problems grouped by kind, groups in the order of their first problem.
    /// - Complexity: O(problems) expected (a hash of each problem's kind).
    public static func groups<C: Sequence>(_ problems: C) -> [ProblemGroup] where C.Element == Problem {
        var index: [String: Int] = [:]
        var groups: [ProblemGroup] = []
        for problem in problems {
            let kind = ProblemGroup.kind(problem)
            if let k = index[kind] {
                groups[k].problems.append(problem)
            } else {
                index[kind] = groups.count
                groups.append(ProblemGroup(problems: [problem]))
            }
        }
        return groups
    }

    /// The lines a person reads: at most `limit` of each kind (each `SEVERITY: TEXT` when
    /// `severityPrefix`), then one "… and N more like this (…)" line per kind with more; in the
    /// order found. `limit` nil lists every problem.
    public static func lines<C: Sequence>(_ problems: C, limit: Int? = 3, severityPrefix: Bool = true) -> [String]
    where C.Element == Problem {
        func text(_ problem: Problem) -> String {
            severityPrefix ? "\(problem.severity.rawValue): \(problem)" : problem.description
        }
        guard let limit else { return problems.map(text) }
        var lines: [String] = []
        for group in groups(problems) {
            lines += group.shown(limit: limit).map(text)
            if let more = group.moreLine(limit: limit) {
                lines.append(severityPrefix ? "\(group.first.severity.rawValue): \(more)" : more)
            }
        }
        return lines
    }
}
