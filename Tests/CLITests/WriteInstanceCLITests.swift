import Foundation
import Testing

/// `nrplan solve --write-instance`: the exported instance is the one the solver solved — the JSON
/// re-solved by `solve-matrix` gives the same cost and bound, and the MPS solved by HiGHS (where
/// python3 has highspy) has its optimum between nrplan's bound and nrplan's cost.
@Suite("solve --write-instance (end to end)")
struct WriteInstanceCLITests {
    static func json(_ url: URL) throws -> [String: Any] {
        try #require(JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any])
    }

    @Test("the JSON re-solved by solve-matrix: same cost and bound; the MPS by HiGHS: within bound and cost")
    func roundTrip() throws {
        let folder = try CLI.temporaryFolder("write-instance")
        defer { try? FileManager.default.removeItem(at: folder) }
        let scenario = try CLI.smallScenario(in: folder, target: 0.8)
        let jsonFile = folder.appendingPathComponent("instance.json")
        let mpsFile = folder.appendingPathComponent("instance.mps")
        let solve = try CLI.run([
            "solve", scenario.path, "--out", folder.appendingPathComponent("a").path, "--quiet",
            "--write-instance", jsonFile.path,
        ])
        #expect(solve.status == 0, "\(solve.stderr)")
        let again = try CLI.run([
            "solve", scenario.path, "--out", folder.appendingPathComponent("b").path, "--quiet",
            "--write-instance", mpsFile.path,
        ])
        #expect(again.status == 0, "\(again.stderr)")
        let summary = try Self.json(folder.appendingPathComponent("a/summary.json"))
        let cost = try #require(summary["cost_total"] as? Double)
        let bound = try #require(summary["lower_bound"] as? Double)

        let matrix = try CLI.run(["solve-matrix", "--mclp", jsonFile.path, "--json", "--threads", "2"])
        #expect(matrix.status == 0, "\(matrix.stderr)")
        let result = try #require(
            JSONSerialization.jsonObject(with: Data(matrix.stdout.utf8)) as? [String: Any])
        #expect(result["problem"] as? String == "partial_cover")
        #expect(abs((result["cost"] as? Double ?? .nan) - cost) < 1e-3)
        #expect(abs((result["lower_bound"] as? Double ?? .nan) - bound) < 1e-3)
        #expect((result["columns"] as? [Any])?.count == summary["sites_new"] as? Int)

        let mps = try String(contentsOf: mpsFile, encoding: .utf8)
        #expect(mps.contains(" G TARGET") && mps.hasSuffix("ENDATA\n"))
        guard let solved = try InstanceWriterHiGHS.solve(mpsFile.path) else {
            print("WriteInstanceCLITests: python3 with highspy not available; HiGHS comparison not run")
            return
        }
        #expect(solved.status == "Optimal")
        #expect(bound <= solved.objective + 1e-6 * max(1, cost))
        #expect(solved.objective <= cost + 1e-6 * max(1, cost))
    }

    @Test("a file that is neither .json nor .mps is a usage error (exit 2), before anything runs")
    func badExtension() throws {
        let folder = try CLI.temporaryFolder("write-instance-bad")
        defer { try? FileManager.default.removeItem(at: folder) }
        let scenario = try CLI.smallScenario(in: folder)
        let out = folder.appendingPathComponent("out")
        let run = try CLI.run([
            "solve", scenario.path, "--out", out.path, "--write-instance", folder.appendingPathComponent("x.lp").path,
        ])
        #expect(run.status == 2)
        #expect(run.stderr.contains("--write-instance"))
        #expect(!FileManager.default.fileExists(atPath: out.path))
    }
}

/// HiGHS (python3 + highspy) on one MPS file: status and objective, nil when unavailable.
enum InstanceWriterHiGHS {
    static func solve(_ path: String) throws -> (status: String, objective: Double)? {
        let script = """
            sys = __import__("sys")
            try:
                highspy = __import__("highspy")
            except ImportError:
                print("NO_HIGHSPY"); sys.exit(0)
            h = highspy.Highs()
            h.setOptionValue("output_flag", False)
            h.setOptionValue("mip_rel_gap", 0.0)
            h.readModel(sys.argv[1])
            h.run()
            status = h.modelStatusToString(h.getModelStatus()).replace(" ", "_")
            print("RESULT", status, repr(h.getInfo().objective_function_value), flush=True)
            """
        let run = try CLI.run(["python3", "-c", script, path], executable: URL(fileURLWithPath: "/usr/bin/env"))
        guard run.status == 0, !run.stdout.contains("NO_HIGHSPY"),
            let line = run.stdout.split(separator: "\n").last(where: { $0.hasPrefix("RESULT ") })
        else { return nil }
        let parts = line.split(separator: " ")
        return (String(parts[1]), Double(parts[2]) ?? .nan)
    }
}
