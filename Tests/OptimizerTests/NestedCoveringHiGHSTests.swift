import Foundation
import Testing

@testable import Optimizer

/// Phased plans on instances too large for brute force (40–60 columns, 150–300 rows) against exact
/// optima from HiGHS (highspy, Tests/reference/highs_covering.py): each phase's own problem (the
/// earlier phases' columns fixed) and the phase's limit from scratch.
@Suite("Nested covering vs HiGHS")
struct NestedCoveringHiGHSTests {
    static let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("reference/highs_covering.py")

    /// python3 with highspy importable, else nil.
    static let python: String? = {
        for folder in (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin").split(separator: ":") {
            let path = "\(folder)/python3"
            guard FileManager.default.isExecutableFile(atPath: path) else { continue }
            let process = Process()
            process.executableURL = URL(fileURLWithPath: path)
            process.arguments = ["-c", "import highspy"]
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            guard (try? process.run()) != nil else { continue }
            process.waitUntilExit()
            return process.terminationStatus == 0 ? path : nil
        }
        return nil
    }()

    /// A random instance: each column covers the rows within a random window of a ring of rows (as a
    /// site covers nearby cells), costs 1–30, weights 1–50.
    static func instance(_ random: inout TestRandom) throws -> CoveringInstance {
        let m = random.int(150...300)
        let n = random.int(40...60)
        let columns = (0..<n).map { _ -> [Int] in
            let start = random.int(0...(m - 1))
            let width = random.int(5...25)
            return Array(Set((0..<width).map { (start + $0 + random.int(0...3)) % m })).sorted()
        }
        return try CoveringInstance(
            rowCount: m, columns: columns, costs: (0..<n).map { _ in Double(random.int(1...30)) },
            weights: (0..<m).map { _ in Double(random.int(1...50)) })
    }

    /// The problem in the script's JSON form.
    static func problem(_ instance: CoveringInstance, fixed: [Int], _ objective: CoveringObjective) -> [String: Any] {
        var p: [String: Any] = [
            "rows": instance.rowCount, "costs": instance.costs, "weights": instance.weights,
            "columns": (0..<instance.columnCount).map { instance.rows(ofColumn: $0).map(Int.init) },
            "fixed": fixed + instance.fixedColumns, "must": instance.mustCoverRows,
        ]
        switch objective {
        case .setCover:
            // Every row, weightless ones too (a target of 100 % alone would leave those uncovered).
            p["objective"] = ["kind": "partial", "target": 1.0]
            p["must"] = Array(0..<instance.rowCount)
        case .partialCover(let t): p["objective"] = ["kind": "partial", "target": t]
        case .maxCoverage(let k, let b):
            p["objective"] = [
                "kind": "max", "sites": k.map { $0 as Any } ?? NSNull(), "budget": b.map { $0 as Any } ?? NSNull(),
            ]
        }
        return p
    }

    /// Expects lower bound ≤ HiGHS's optimum ≤ plan cost (to 1e-6 relative) for each solution and
    /// returns each bound as a fraction of its optimum.
    static func expectBracketed(_ solutions: [CoveringSolution], by optima: [Double?]) throws -> [Double] {
        try zip(solutions, optima).map { solution, optimum in
            let optimum = try #require(optimum)
            let bound = try #require(solution.lowerBound)
            let tolerance = 1e-6 * max(1, optimum)
            #expect(bound <= optimum + tolerance, "bound \(bound) above HiGHS's optimum \(optimum)")
            #expect(solution.cost >= optimum - tolerance, "plan \(solution.cost) below HiGHS's optimum \(optimum)")
            return bound / optimum
        }
    }

    /// HiGHS's optimum of each problem (nil when infeasible).
    static func highs(_ problems: [[String: Any]], python: String) throws -> [Double?] {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments = [script.path]
        let input = Pipe()
        let output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        input.fileHandleForWriting.write(try JSONSerialization.data(withJSONObject: problems))
        try input.fileHandleForWriting.close()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        let results = try #require(try JSONSerialization.jsonObject(with: data) as? [[String: Any]])
        #expect(results.count == problems.count)
        return results.map { result in
            #expect(["optimal", "infeasible"].contains(result["status"] as? String ?? ""), "HiGHS: \(result)")
            return result["value"] as? Double
        }
    }

    @Test(
        "each phase given the earlier ones, and each limit from scratch, against HiGHS's optimum",
        .enabled(if: python != nil, "python3 with highspy is not installed (CI installs it)"))
    func againstHiGHS() throws {
        let python = try #require(Self.python)
        var random = TestRandom(seed: 2026)
        var phasesChecked = 0
        var exact = 0
        var nestingLoss = 0
        for _ in 0..<12 {
            let instance = try Self.instance(&random)
            let objectives = NestedCoveringTests.phases(&random)
            guard let result = try? solveNested(instance, phases: objectives) else { continue }
            var problems: [[String: Any]] = []
            var built: [Int] = []
            for (k, phase) in result.enumerated() {
                problems.append(Self.problem(instance, fixed: built, phase.phaseObjective))
                problems.append(Self.problem(instance, fixed: [], objectives[k]))
                built += phase.ranked
            }
            let optima = try Self.highs(problems, python: python)
            for (k, phase) in result.enumerated() {
                let given = try #require(optima[2 * k], "HiGHS finds phase \(k) infeasible, the solver solved it")
                let scratch = try #require(optima[2 * k + 1])
                let s = phase.solution
                let tolerance = 1e-6 * max(1, abs(given))
                if objectives[k].isMaximisation {
                    // Given the earlier phases: found ≤ optimum ≤ the solver's upper bound.
                    #expect(s.coveredWeight <= given + tolerance)
                    if let ub = s.upperBound {
                        #expect(ub >= given - tolerance, "phase \(k): bound \(ub) < optimum \(given)")
                    }
                    if abs(s.coveredWeight - given) <= tolerance { exact += 1 }
                    // From scratch: the nested plan ≤ optimum ≤ the from-scratch bound.
                    #expect(s.coveredWeight <= scratch + tolerance)
                    if let bound = phase.fromScratchBound { #expect(bound >= scratch - tolerance) }
                    if s.coveredWeight < scratch - tolerance { nestingLoss += 1 }
                } else {
                    #expect(s.cost >= given - tolerance)
                    if let lb = s.lowerBound {
                        #expect(lb <= given + tolerance, "phase \(k): bound \(lb) > optimum \(given)")
                    }
                    if abs(s.cost - given) <= tolerance { exact += 1 }
                    #expect(phase.cumulativeCost >= scratch - tolerance)
                    if let bound = phase.fromScratchBound { #expect(bound <= scratch + tolerance) }
                    if phase.cumulativeCost > scratch + tolerance { nestingLoss += 1 }
                }
                if s.provenOptimal {
                    #expect(abs(s.objectiveValue - given) <= tolerance, "proven optimal but HiGHS finds \(given)")
                }
                phasesChecked += 1
            }
        }
        print(
            "nested vs HiGHS: \(phasesChecked) phases, \(exact) at HiGHS's optimum given the earlier phases, \(nestingLoss) where nesting cost something against the from-scratch optimum"
        )
        #expect(phasesChecked >= 20)
        #expect(exact * 10 >= phasesChecked * 8, "\(exact) of \(phasesChecked) phases at the optimum")
    }
}
