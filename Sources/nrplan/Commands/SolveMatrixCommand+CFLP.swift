import Foundation
import Optimizer

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
        let st = s.statistics
        let assignment = (0..<instance.customerCount).map { i in
            "["
                + s.serving(customer: i).map { "[\($0.facility),\(number($0.fraction, decimals: 9))]" }
                .joined(separator: ",") + "]"
        }
        let fields: [(String, String)] = [
            ("file", quoted(file)),
            ("problem", quoted("facility_location")),
            ("rule", quoted(s.rule.rawValue)),
            ("facilities", "\(instance.facilityCount)"),
            ("customers", "\(instance.customerCount)"),
            ("total_demand", number(instance.totalDemand)),
            ("objective", number(s.cost)),
            ("lower_bound", s.lowerBound.map { number($0) } ?? "null"),
            ("gap", s.gap.map { number($0, decimals: 8) } ?? "null"),
            ("proven_optimal", s.provenOptimal ? "true" : "false"),
            ("fixed_cost", number(s.fixedCost)),
            ("assignment_cost", number(s.assignmentCost)),
            ("seconds", number(s.seconds, decimals: 4)),
            ("read_seconds", number(readSeconds, decimals: 4)),
            ("stopped_by_time_limit", s.stoppedByTimeLimit ? "true" : "false"),
            ("threads", "\(s.threads)"),
            ("seed", "\(s.seed)"),
            (
                "statistics",
                "{"
                    + [
                        "\"initial_cost\":" + (st.initialCost.map { number($0) } ?? "null"),
                        "\"lagrangian_heuristic_cost\":" + (st.lagrangianHeuristicCost.map { number($0) } ?? "null"),
                        "\"subgradient_iterations\":\(st.subgradientIterations)",
                        "\"open_sets_evaluated\":\(st.openSetsEvaluated)",
                        "\"local_search_moves\":\(st.localSearchMoves)",
                        "\"work\":\(st.work)",
                    ].joined(separator: ",") + "}"
            ),
            ("open_facilities", "[" + s.openFacilities.map(String.init).joined(separator: ",") + "]"),
            ("loads", "[" + s.loads.map { number($0) }.joined(separator: ",") + "]"),
            ("assignment", "[" + assignment.joined(separator: ",") + "]"),
        ]
        return "{" + fields.map { "\"\($0.0)\":\($0.1)" }.joined(separator: ",") + "}"
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
