import Foundation
import Geo
import Planning
import Support

/// `nrplan validate SCENARIO.json`: reads every input and reports every problem, writing nothing.
struct ValidateCommand: Command {
    static let name = "validate"
    static let abstract = "Check a scenario and every file it names; report every problem at once."
    static let usage = "nrplan validate SCENARIO.json [--json] [--all] [--quiet]"
    static let discussion = """
        Runs exactly the checks `solve` and `audit` run before any work: the scenario's members, every
        file it names (GeoJSON and CSV, any declared coordinate system), every feature and CSV line,
        ids across files, and whether each catalogue lies in or near the planning area. Each problem is
        printed on stderr as FILE: LOCATION: field 'FIELD': expected …, found … — at most three of each
        kind (same file, field and expectation), then "… and N more like this (features a–b)"; --all
        lists every one. Exit status 2 when there is any error, 0 when there are only warnings (or
        none). Nothing is written.
        """
    static let options: [OptionSpec] = [
        .flag("--json", "Print the problems (grouped by kind, as on stderr) and counts as one JSON object on stdout."),
        .flag("--all", "List every problem, not three of each kind."),
        .flag("--quiet", "Print nothing; only the exit status tells."),
    ]
    static let exitCodes = ExitCode.ofReaders

    let scenarioPath: String
    let json: Bool
    let all: Bool
    let quiet: Bool

    init(arguments: ParsedArguments) throws(UsageError) {
        scenarioPath = try arguments.positionals(exactly: ["SCENARIO.json"])[0]
        json = arguments.flag("--json")
        all = arguments.flag("--all")
        quiet = arguments.flag("--quiet")
    }

    func run() throws -> Int32 {
        let loaded = ScenarioLoader.load(URL(fileURLWithPath: scenarioPath), displayName: scenarioPath)
        let (scenario, diagnostics) = (loaded.scenario, loaded.diagnostics)
        let errors = diagnostics.errors.count
        let warnings = diagnostics.warnings.count
        let status = diagnostics.hasErrors || scenario == nil ? ExitCode.badInput : ExitCode.success
        if quiet { return status }
        if json {
            print(JSONWriter.string(Self.report(scenario, diagnostics, limit: all ? nil : 3), indent: 2))
            return status
        }
        for line in Problem.lines(diagnostics.problems, limit: all ? nil : 3) { printError(line) }
        if let scenario, status == ExitCode.success {
            print("\(scenarioPath): ok — \(Self.contents(scenario))" + (warnings > 0 ? "; \(warnings) warning(s)" : ""))
        } else {
            print("\(scenarioPath): \(errors) error(s), \(warnings) warning(s)")
        }
        return status
    }

    /// "4 districts, 1,672 candidates, 40 existing sites, 1 exclusion(s), 1 demand layer(s), …".
    static func contents(_ scenario: Scenario) -> String {
        var parts = [
            "\(scenario.districts.count) district(s)", "\(scenario.candidates.count) candidates",
            "\(scenario.existing.count) existing sites", "\(scenario.exclusions.count) exclusion(s)",
            "cell \(JSONNumber(scenario.demand.cellMeters).literal) m",
        ]
        if !scenario.demand.layers.isEmpty { parts.append("\(scenario.demand.layers.count) demand layer(s)") }
        if let points = scenario.demand.points { parts.append("\(points.positions.count) demand points") }
        if let service = scenario.service {
            parts.append(
                "service types \(service.types.map { "\($0.name) (r \(JSONNumber($0.radiusMeters).literal) m)" }.joined(separator: ", "))"
            )
            if let lattice = service.lattice {
                parts.append("lattice step \(JSONNumber(lattice.stepMeters).literal) m")
            }
            if let spacing = service.minimumSpacingMeters { parts.append("spacing > \(JSONNumber(spacing).literal) m") }
        }
        if scenario.frame.isPlanar { parts.append("planar") }
        let zones = scenario.demand.priorityZones
        if !zones.isEmpty {
            parts.append("\(zones.count) priority zone(s), \(zones.filter(\.mustCover).count) must-cover")
        }
        if let clutter = scenario.demand.clutter {
            var text = "clutter: \(clutter.areas.count) polygon(s) in \(clutter.classes.count) class(es)"
            let coarse = clutter.classes.compactMap { c in
                c.predictionCellMeters.map { "\(c.name) on \(JSONNumber($0).literal) m" }
            }
            if !coarse.isEmpty { text += " (predicted: \(coarse.joined(separator: ", ")))" }
            parts.append(text)
        }
        return parts.joined(separator: ", ")
    }

    /// The `--json` object: validity, counts, what the scenario holds, the problems grouped by
    /// kind (`groups`: count, location range, the line for the rest) and the problems shown (at
    /// most `limit` of each kind; every one when nil), each with its group's index.
    static func report(_ scenario: Scenario?, _ diagnostics: Diagnostics, limit: Int? = 3) -> JSONValue {
        func optional(_ text: String?) -> JSONValue { text.map { .string($0) } ?? .null }
        var problems: [JSONValue] = []
        var groups: [JSONValue] = []
        for (index, group) in Problem.groups(diagnostics.problems).enumerated() {
            let shown = limit.map { group.shown(limit: $0) } ?? group.problems[...]
            for problem in shown {
                problems.append(
                    .object([
                        ("severity", .string(problem.severity.rawValue)), ("file", .string(problem.file)),
                        ("location", optional(problem.location)), ("field", optional(problem.field)),
                        ("expected", optional(problem.expected)), ("found", optional(problem.found)),
                        ("message", optional(problem.message)), ("text", .string(problem.description)),
                        ("group", .number(Double(index))),
                    ]))
            }
            let first = group.first
            groups.append(
                .object([
                    ("severity", .string(first.severity.rawValue)), ("file", .string(first.file)),
                    ("field", optional(first.field)), ("expected", optional(first.expected)),
                    ("count", .number(Double(group.count))), ("shown", .number(Double(shown.count))),
                    ("locations", optional(ProblemGroup.locationRange(group.problems))),
                    ("more", optional(limit.flatMap { group.moreLine(limit: $0) })),
                ]))
        }
        var members: [(key: String, value: JSONValue)] = [
            ("valid", .bool(scenario != nil && !diagnostics.hasErrors)),
            ("errors", .number(Double(diagnostics.errors.count))),
            ("warnings", .number(Double(diagnostics.warnings.count))),
        ]
        if let scenario {
            members += [
                ("districts", .number(Double(scenario.districts.count))),
                ("candidates", .number(Double(scenario.candidates.count))),
                ("existing", .number(Double(scenario.existing.count))),
                ("priority_zones", .number(Double(scenario.demand.priorityZones.count))),
                ("must_cover_zones", .number(Double(scenario.demand.priorityZones.filter(\.mustCover).count))),
                ("demand_layers", .number(Double(scenario.demand.layers.count))),
            ]
        }
        members.append(("groups", .array(groups)))
        members.append(("problems", .array(problems)))
        return .object(members)
    }
}
