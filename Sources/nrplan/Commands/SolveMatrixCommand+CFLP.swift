import Foundation
import Optimizer
import Support

/// The `--cflp` options of `nrplan solve-matrix`.
struct FacilityLocationArguments {
    /// `--capacity C`: the value of capacities written as the word `capacity`.
    let capacity: Double?
    let rule: AssignmentRule
    /// True when any of the options was given.
    let given: Bool

    init(_ arguments: ParsedArguments) throws(UsageError) {
        capacity = try arguments.double("--capacity", in: 0...Double.greatestFiniteMagnitude)
        let single = arguments.flag("--single-source")
        let bestServer = arguments.flag("--best-server")
        if single && bestServer { throw UsageError("give at most one of --single-source and --best-server") }
        rule = single ? .singleSource : bestServer ? .bestServer : .split
        given = capacity != nil || single || bestServer
    }
}

/// `nrplan solve-matrix --cflp FILE`: capacitated facility location on an OR-Library file.
extension SolveMatrixCommand {
    func runFacilityLocation(path: String) throws -> Int32 {
        let started = Date()
        let instance: FacilityLocationInstance
        do {
            instance = try ORLibraryCFLPReader.read(path: path, capacity: facilityLocation.capacity)
        } catch {
            throw CommandFailure(exitCode: ExitCode.badInput, message: "error: \(error)")
        }
        let readSeconds = Date().timeIntervalSince(started)
        var options = SolverOptions(threads: threads, timeLimitSeconds: timeLimit, seed: seed)
        options.effort = effort
        let solution: FacilityLocationSolution
        do {
            solution = try solveFacilityLocation(instance, rule: facilityLocation.rule, options: options)
        } catch {
            throw CommandFailure(exitCode: ExitCode.badInput, message: "error: \(path): \(error)")
        }
        if json {
            print(Self.facilityLocationJSON(solution, instance: instance, file: path, readSeconds: readSeconds))
        } else {
            print(Self.facilityLocationText(solution, instance: instance, file: path, readSeconds: readSeconds))
        }
        return ExitCode.success
    }

    /// One JSON object, keys in a fixed order; `assignment` lists per customer its
    /// `[facility, fraction]` pairs (0-based).
    static func facilityLocationJSON(
        _ s: FacilityLocationSolution, instance: FacilityLocationInstance, file: String, readSeconds: Double
    ) -> String {
        func figure(_ value: Double?, _ precision: Precision = .figure) -> JSONValue {
            value.map { .number($0, precision) } ?? .null
        }
        func count(_ value: Int) -> JSONValue { .number(Double(value)) }
        let st = s.statistics
        let assignment: [JSONValue] = (0..<instance.customerCount).map { i in
            .array(
                s.serving(customer: i).map {
                    .array([count($0.facility), figure($0.fraction, Precision(decimals: 9))])
                })
        }
        let fields: [(key: String, value: JSONValue)] = [
            ("file", .string(file)),
            ("problem", .string("facility_location")),
            ("rule", .string(s.rule.rawValue)),
            ("facilities", count(instance.facilityCount)),
            ("customers", count(instance.customerCount)),
            ("total_demand", figure(instance.totalDemand)),
            ("objective", figure(s.cost)),
            ("lower_bound", figure(s.lowerBound)),
            ("gap", figure(s.gap, .fraction)),
            ("proven_optimal", .bool(s.provenOptimal)),
            ("fixed_cost", figure(s.fixedCost)),
            ("assignment_cost", figure(s.assignmentCost)),
            ("seconds", figure(s.seconds, Precision(decimals: 4))),
            ("read_seconds", figure(readSeconds, Precision(decimals: 4))),
            ("stopped_by_time_limit", .bool(s.stoppedByTimeLimit)),
            ("threads", count(s.threads)),
            ("seed", .number(JSONNumber(value: Double(s.seed), literal: String(s.seed)))),
            (
                "statistics",
                .object([
                    ("initial_cost", figure(st.initialCost)),
                    ("lagrangian_heuristic_cost", figure(st.lagrangianHeuristicCost)),
                    ("subgradient_iterations", count(st.subgradientIterations)),
                    ("open_sets_evaluated", count(st.openSetsEvaluated)),
                    ("local_search_moves", count(st.localSearchMoves)),
                    ("work", count(st.work)),
                ])
            ),
            ("open_facilities", .array(s.openFacilities.map(count))),
            ("loads", .array(s.loads.map { figure($0) })),
            ("assignment", .array(assignment)),
        ]
        return JSONWriter.string(.object(fields))
    }

    /// A short table for people.
    static func facilityLocationText(
        _ s: FacilityLocationSolution, instance: FacilityLocationInstance, file: String, readSeconds: Double
    ) -> String {
        var lines: [String] = []
        func row(_ label: String, _ value: String) {
            lines.append(label.padding(toLength: 12, withPad: " ", startingAt: 0) + value)
        }
        let rules: [AssignmentRule: String] = [
            .split: "demand may be split over several facilities",
            .singleSource: "each customer served by one facility",
            .bestServer: "each customer served by its cheapest open facility",
        ]
        row(
            "instance",
            "\(file) (\(instance.facilityCount) facilities, \(instance.customerCount) customers, total demand \(number(instance.totalDemand)))"
        )
        row("problem", "capacitated facility location, \(rules[s.rule] ?? s.rule.rawValue)")
        row(
            "objective", "cost \(number(s.cost)) (fixed \(number(s.fixedCost)), assignment \(number(s.assignmentCost)))"
        )
        let bound = s.lowerBound.map { "lower bound \(number($0))" } ?? "no lower bound"
        let gap = s.gap.map { "gap \(number($0 * 100, decimals: 3)) %" } ?? "gap unknown"
        row("bound", "\(bound), \(gap)\(s.provenOptimal ? " (proven optimal)" : "")")
        let shown = zip(s.openFacilities, s.loads).prefix(40).map { "\($0.0) (load \(number($0.1, decimals: 2)))" }
        row(
            "open",
            "\(s.openFacilities.count) facilities (0-based): " + shown.joined(separator: ", ")
                + (s.openFacilities.count > 40 ? " …" : ""))
        row(
            "time",
            "solve \(number(s.seconds, decimals: 3)) s, read \(number(readSeconds, decimals: 3)) s, \(s.threads) thread(s), seed \(s.seed)"
                + (s.stoppedByTimeLimit ? " — stopped by the time limit (result may depend on machine speed)" : ""))
        return lines.joined(separator: "\n")
    }
}
