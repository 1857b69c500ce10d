import Foundation
import Testing

@testable import Optimizer

/// `InstanceWriter` (`nrplan solve --write-instance`): the JSON file reads back bit-identical, and
/// the MPS file, solved by an independent exact solver (HiGHS through `highspy`), has an optimum
/// between nrplan's lower bound and nrplan's cost — and equal to the brute-force optimum.
@Suite("Instance export (JSON, MPS) against HiGHS")
struct InstanceWriterTests {
    static func objectives(_ random: inout TestRandom) -> [CoveringObjective] {
        [
            .setCover,
            .partialCover(targetFraction: Double(random.int(50...100)) / 100),
            .maxCoverage(maxNewColumns: random.int(1...4), budget: nil),
            .maxCoverage(maxNewColumns: random.int(1...5), budget: Double(random.int(5...40))),
        ]
    }

    @Test("JSON: matrix, costs, weights, fixed and must rows and the objective read back exactly")
    func jsonRoundTrip() throws {
        var random = TestRandom(seed: 15)
        var checked = 0
        while checked < 40 {
            guard let instance = randomSmallInstance(&random) else { continue }
            for objective in Self.objectives(&random) {
                let text = try InstanceWriter.text(instance, objective: objective, format: .json, name: "t\(checked)")
                let read = try JSONInstanceReader.parse(data: Data(text.utf8), file: "t.json")
                #expect(read.instance.columnStarts == instance.columnStarts)
                #expect(read.instance.columnRows == instance.columnRows)
                #expect(read.instance.costs == instance.costs)
                #expect(read.instance.weights == instance.weights)
                #expect(read.instance.fixedColumns == instance.fixedColumns)
                #expect(read.instance.mustCoverRows == instance.mustCoverRows)
                #expect(read.objective == objective)
                #expect(read.name == "t\(checked)")
            }
            checked += 1
        }
    }

    @Test("JSON refuses packing constraints (MPS holds them)")
    func jsonRefusesPacking() throws {
        let packing = try ColumnPacking(locationOfColumn: [0, 0, 1])
        let instance = try CoveringInstance(rowCount: 2, columns: [[0], [1], [0, 1]], packing: packing)
        #expect(throws: OptimizerError.self) {
            _ = try InstanceWriter.text(instance, objective: .setCover, format: .json)
        }
        let mps = try InstanceWriter.text(instance, objective: .setCover, format: .mps)
        #expect(mps.contains(" L P0"))
    }

    /// HiGHS's status and objective for each MPS text (one python3 process for all), or nil when
    /// python3 with highspy is not available.
    static func highs(_ models: [String]) throws -> [(status: String, objective: Double)]? {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("nrplan-mps-\(getpid())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        var paths: [String] = []
        for (k, mps) in models.enumerated() {
            let file = folder.appendingPathComponent("instance\(k).mps")
            try mps.write(to: file, atomically: true, encoding: .utf8)
            paths.append(file.path)
        }
        let script = """
            sys = __import__("sys")
            try:
                highspy = __import__("highspy")
            except ImportError:
                print("NO_HIGHSPY"); sys.exit(0)
            for path in sys.argv[1:]:
                h = highspy.Highs()
                h.setOptionValue("output_flag", False)
                h.setOptionValue("mip_rel_gap", 0.0)
                h.setOptionValue("mip_abs_gap", 0.0)
                h.readModel(path)
                h.run()
                status = h.modelStatusToString(h.getModelStatus()).replace(" ", "_")
                print("RESULT", status, repr(h.getInfo().objective_function_value), flush=True)
            """
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", script] + paths
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        do { try process.run() } catch { return nil }
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        guard process.terminationStatus == 0, !output.contains("NO_HIGHSPY") else { return nil }
        let results = output.split(separator: "\n").filter { $0.hasPrefix("RESULT ") }.map { line in
            let parts = line.split(separator: " ")
            return (status: String(parts[1]), objective: Double(parts[2]) ?? .nan)
        }
        return results.count == models.count ? results : nil
    }

    @Test(
        "MPS solved by HiGHS: nrplan's bound ≤ HiGHS's optimum ≤ nrplan's cost, = brute force (set, partial, max cover)"
    )
    func mpsAgainstHiGHS() throws {
        var random = TestRandom(seed: 1512)
        var cases: [(instance: CoveringInstance, objective: CoveringObjective, mps: String)] = []
        while cases.count < 48 {
            guard let instance = randomSmallInstance(&random) else { continue }
            for objective in Self.objectives(&random) {
                cases.append(
                    (instance, objective, try InstanceWriter.text(instance, objective: objective, format: .mps)))
            }
        }
        guard let solved = try Self.highs(cases.map(\.mps)) else {
            print(
                "InstanceWriterTests: python3 with highspy not available (pip install highspy); HiGHS comparison not run"
            )
            return
        }
        var compared = 0
        for (c, highs) in zip(cases, solved) {
            let objective = c.objective
            guard let optimum = bruteForce(c.instance, objective).value else {
                #expect(highs.status == "Infeasible", "\(objective): brute force infeasible, HiGHS \(highs.status)")
                continue
            }
            #expect(highs.status == "Optimal", "\(objective): HiGHS \(highs.status)")
            #expect(abs(highs.objective - optimum) <= 1e-6 * max(1, abs(optimum)), "\(objective)")
            guard let s = try? solveCovering(c.instance, objective: objective) else {
                Issue.record("nrplan failed on a feasible instance (\(objective))")
                continue
            }
            let tolerance = 1e-6 * max(1, abs(optimum))
            switch objective {
            case .maxCoverage:
                #expect(s.coveredWeight <= highs.objective + tolerance)
                #expect(highs.objective <= (s.upperBound ?? .infinity) + tolerance)
            default:
                #expect((s.lowerBound ?? -.infinity) <= highs.objective + tolerance)
                #expect(highs.objective <= s.cost + tolerance)
            }
            compared += 1
        }
        #expect(compared >= 30)
    }
}
