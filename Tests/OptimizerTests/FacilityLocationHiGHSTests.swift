import Foundation
import Testing

@testable import Optimizer

/// The facility-location solver against an exact MIP solver: HiGHS (through `highspy`) solves
/// the strong formulation of `FacilityLocationInstance` for the split and single-source rules on
/// random instances larger than brute force can handle. Disabled with a message when `python3`
/// cannot import `highspy` (CI installs it with pip).
@Suite(
    "Facility location against HiGHS",
    .enabled(if: HiGHS.available, "python3 with highspy is not available (pip install highspy)"))
struct FacilityLocationHiGHSTests {
    @Test("cost ≥ the HiGHS optimum and usually equal; bound ≤ it", arguments: [AssignmentRule.split, .singleSource])
    func againstHiGHS(rule: AssignmentRule) throws {
        var random = TestRandom(seed: rule == .split ? 11 : 12)
        var instances: [FacilityLocationInstance] = []
        for index in 0..<24 {
            instances.append(
                try FacilityLocationTests.randomInstance(
                    &random, facilities: random.int(8...14), customers: random.int(25...45), sparse: index % 2 == 0,
                    extras: index % 3 == 0, looseness: [1.3, 1.8, 3.0][index % 3]))
        }
        let optima = try HiGHS.optima(instances, singleSource: rule == .singleSource)
        var compared = 0
        var optimal = 0
        var gaps: [Double] = []
        for (index, (instance, optimum)) in zip(instances, optima).enumerated() {
            let solution: FacilityLocationSolution
            do {
                solution = try solveFacilityLocation(instance, rule: rule, options: SolverOptions(threads: 2))
            } catch {
                #expect(optimum == nil, "case \(index): \(error), HiGHS optimum \(optimum ?? 0)")
                continue
            }
            guard let optimum else {
                Issue.record("case \(index): HiGHS says infeasible, the solver found \(solution.cost)")
                continue
            }
            compared += 1
            FacilityLocationTests.checkSolution(solution, instance)
            let tolerance = 1e-6 * max(1, optimum)
            #expect(solution.cost >= optimum - tolerance, "case \(index): \(solution.cost) below \(optimum)")
            #expect((solution.lowerBound ?? -.infinity) <= optimum + tolerance, "case \(index): bound above optimum")
            if solution.cost <= optimum + tolerance { optimal += 1 }
            gaps.append((solution.cost - optimum) / optimum)
        }
        let mean = gaps.reduce(0, +) / Double(max(1, gaps.count))
        #expect(compared >= 18, "\(compared) feasible instances compared")
        // Split: the open-set search with exact transportation finds the optimum almost always.
        // Single source: each open set's assignment is a GAP solved heuristically (rounding,
        // regret, bounded exact search), so the bar is lower (measured: optimum on 14 of 24,
        // mean gap 0.57 %).
        let (share, meanLimit) = rule == .split ? (0.8, 0.005) : (0.5, 0.01)
        #expect(Double(optimal) >= share * Double(compared), "optimum on \(optimal) of \(compared)")
        #expect(mean <= meanLimit, "mean gap \(mean)")
    }
}

/// Runs HiGHS on instances written as JSON (one python3 process for a batch).
enum HiGHS {
    static let available: Bool = {
        guard let python = python3 else { return false }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments = ["-c", "import highspy"]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        guard (try? process.run()) != nil else { return false }
        process.waitUntilExit()
        return process.terminationStatus == 0
    }()

    /// The first `python3` on PATH (as a shell would run it), else the system one.
    static var python3: String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? ""
        let candidates = path.split(separator: ":").map { "\($0)/python3" } + ["/usr/bin/python3"]
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    /// The strong formulation (y binary; x continuous, or binary for single source; demand rows,
    /// capacity rows, x ≤ y) with `mip_rel_gap` 1e-9; one optimum per instance, `nil` when infeasible.
    static let script = """
        from json import load as json_load, dumps as json_dumps
        from sys import argv
        from numpy import array, int32, ones
        from highspy import Highs, HighsVarType, kHighsInf
        out = []
        for data in json_load(open(argv[1])):
            h = Highs(); h.setOptionValue('output_flag', False)
            h.setOptionValue('mip_rel_gap', 1e-9); h.setOptionValue('mip_abs_gap', 1e-9)
            n = len(data['fixed']); single = data['single']
            for j in range(n):
                h.addVar(1.0 if j in data['open'] else 0.0, 1.0)
                h.changeColCost(j, 0.0 if j in data['open'] else data['fixed'][j])
                h.changeColIntegrality(j, HighsVarType.kInteger)
            rows = {}
            caps = {j: [] for j in range(n)}
            for k, (i, j, c) in enumerate(data['pairs']):
                col = n + k
                h.addVar(0.0, 1.0); h.changeColCost(col, c)
                if single: h.changeColIntegrality(col, HighsVarType.kInteger)
                rows.setdefault(i, []).append(col)
                caps[j].append((col, data['demand'][i]))
                h.addRow(-kHighsInf, 0.0, 2, array([col, j], dtype=int32), array([1.0, -1.0]))
            for i, cols in rows.items():
                h.addRow(1.0, 1.0, len(cols), array(cols, dtype=int32), ones(len(cols)))
            for j in range(n):
                idx = [c for c, _ in caps[j]] + [j]
                val = [d for _, d in caps[j]] + [-min(data['capacity'][j], sum(data['demand']))]
                h.addRow(-kHighsInf, 0.0, len(idx), array(idx, dtype=int32), array(val, dtype=float))
            h.run()
            status = h.modelStatusToString(h.getModelStatus())
            out.append(h.getInfo().objective_function_value if status == 'Optimal' else None)
        print(json_dumps(out))
        """

    static func optima(_ instances: [FacilityLocationInstance], singleSource: Bool) throws -> [Double?] {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("nrplan-highs-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let objects: [[String: Any]] = instances.map { instance in
            var pairs: [[Any]] = []
            for i in 0..<instance.customerCount {
                for k in instance.entries(ofCustomer: i) {
                    pairs.append([i, Int(instance.customerFacilities[k]), instance.assignmentCosts[k]])
                }
            }
            return [
                "fixed": instance.fixedCosts, "capacity": instance.capacities, "demand": instance.demands,
                "pairs": pairs, "open": instance.alwaysOpen, "single": singleSource,
            ]
        }
        let input = folder.appendingPathComponent("instances.json")
        try JSONSerialization.data(withJSONObject: objects).write(to: input)
        let scriptURL = folder.appendingPathComponent("solve.py")
        try script.write(to: scriptURL, atomically: true, encoding: .utf8)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try #require(python3))
        process.arguments = [scriptURL.path, input.path]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "the HiGHS script failed")
        // HiGHS prints its banner on stdout before the options take effect: the answer is the last line.
        let lastLine = String(decoding: data, as: UTF8.self).split(separator: "\n").last.map(String.init) ?? ""
        let values = try #require(JSONSerialization.jsonObject(with: Data(lastLine.utf8)) as? [Any])
        return values.map { ($0 as? NSNumber)?.doubleValue }
    }
}
