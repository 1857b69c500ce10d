import Foundation
import Testing

/// `solve` and `audit` with a calibrated profile: the overrides apply, and summary.json and
/// report.md name the calibration with the SHA-256 that `sha256sum` prints.
@Suite("solve and audit with radio.calibration / --calibration (end to end)")
struct CalibrationProvenanceCLITests {
    /// A calibration.json as `nrplan calibrate` writes it (the members the loader reads).
    static let calibration = """
        {"version":"test","command":"calibrate","profile":"n78-macro","samples_used":1234,"cv_rmse_db":7.1,
         "overrides":{"n78-macro":{"pathloss_offset_db":3,"pathloss_slope_correction_db_per_decade":-2,
         "pathloss_reference_m":500,"shadow_std_db":7.1}}}
        """

    static func sha256sum(_ url: URL) throws -> String {
        let run = try CLI.run([url.path], executable: URL(fileURLWithPath: "/usr/bin/sha256sum"))
        return String(run.stdout.prefix(64))
    }

    static func json(_ url: URL) throws -> [String: Any] {
        try #require(JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any])
    }

    @Test("solve applies radio.calibration and reports file, profiles and sha256 (as sha256sum computes it)")
    func solve() throws {
        let folder = try CLI.temporaryFolder("cal-solve")
        defer { try? FileManager.default.removeItem(at: folder) }
        let scenario = try CLI.smallScenario(in: folder, target: 0.5)
        try FileManager.default.createDirectory(
            at: folder.appendingPathComponent("c"), withIntermediateDirectories: true)
        let calibrated = try CLI.smallScenario(in: folder.appendingPathComponent("c"), target: 0.5) { files in
            files["scenario.json"] = files["scenario.json"]!.replacingOccurrences(
                of: #""radio":{"#, with: #""radio":{"calibration":"cal.json","#)
            files["cal.json"] = Self.calibration
        }
        let plain = try CLI.run([
            "solve", scenario.path, "--out", folder.appendingPathComponent("plain").path, "--quiet",
        ])
        let run = try CLI.run(["solve", calibrated.path, "--out", folder.appendingPathComponent("cal").path, "--quiet"])
        #expect(plain.status == 0 && run.status == 0, "\(run.stderr)")
        let summary = try Self.json(folder.appendingPathComponent("cal/summary.json"))
        let entries = try #require(summary["calibrations"] as? [[String: Any]])
        let sha = try Self.sha256sum(folder.appendingPathComponent("c/cal.json"))
        #expect(entries.count == 1)
        #expect(entries.first?["sha256"] as? String == sha)
        #expect(entries.first?["profiles"] as? [String] == ["n78-macro"])
        #expect(entries.first?["cv_rmse_db"] as? Double == 7.1)
        #expect(
            (summary["inputs"] as? [[String: Any]])?.contains { ($0["file"] as? String)?.hasSuffix("cal.json") == true }
                == true)
        let report = try String(contentsOf: folder.appendingPathComponent("cal/report.md"), encoding: .utf8)
        #expect(report.contains("radio calibration") && report.contains(sha))
        // 3 dB more loss on the macros: the existing macro covers less, and the plan costs no less.
        let before = try Self.json(folder.appendingPathComponent("plain/summary.json"))
        #expect((before["calibrations"] as? [Any])?.isEmpty == true)
        let existingBefore = try #require(before["coverage_ratio_existing"] as? Double)
        let existingAfter = try #require(summary["coverage_ratio_existing"] as? Double)
        #expect(existingAfter < existingBefore)
        let costBefore = try #require(before["cost_total"] as? Double)
        let costAfter = try #require(summary["cost_total"] as? Double)
        #expect(costAfter >= costBefore)
    }

    @Test(
        "a calibration reference that is missing or not a calibration: exit 2 naming radio.calibration",
        arguments: [
            ("\"missing.json\"", "missing.json"),
            ("\"area.geojson\"", "field 'radio.calibration': expected a calibration.json written by nrplan calibrate"),
        ])
    func badReference(value: String, message: String) throws {
        let folder = try CLI.temporaryFolder("cal-bad-ref")
        defer { try? FileManager.default.removeItem(at: folder) }
        let scenario = try CLI.smallScenario(in: folder) { files in
            files["scenario.json"] = files["scenario.json"]!.replacingOccurrences(
                of: #""radio":{"#, with: #""radio":{"calibration":\#(value),"#)
        }
        let run = try CLI.run(["solve", scenario.path, "--out", folder.appendingPathComponent("out").path])
        #expect(run.status == 2)
        #expect(run.stderr.contains(message), "\(run.stderr)")
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("out").path))
    }

    @Test("audit --profile --calibration applies the overrides and reports the calibration")
    func audit() throws {
        let folder = try CLI.temporaryFolder("cal-audit")
        defer { try? FileManager.default.removeItem(at: folder) }
        _ = try CLI.smallScenario(in: folder)
        try CLI.write(Self.calibration, "cal.json", in: folder)
        func audit(_ extra: [String], _ out: String) throws -> [String: Any] {
            let run = try CLI.run(
                [
                    "audit", "--area", folder.appendingPathComponent("area.geojson").path, "--sites",
                    folder.appendingPathComponent("candidates.geojson").path, "--profile", "n78-macro", "--out",
                    folder.appendingPathComponent(out).path, "--quiet",
                ] + extra)
            #expect(run.status == 0, "\(run.stderr)")
            return try Self.json(folder.appendingPathComponent("\(out)/summary.json"))
        }
        let plain = try audit([], "plain")
        let calibrated = try audit(["--calibration", folder.appendingPathComponent("cal.json").path], "cal")
        let entries = try #require(calibrated["calibrations"] as? [[String: Any]])
        #expect(entries.first?["sha256"] as? String == (try Self.sha256sum(folder.appendingPathComponent("cal.json"))))
        let before = try #require(plain["coverage_ratio"] as? Double)
        let after = try #require(calibrated["coverage_ratio"] as? Double)
        #expect(after < before)
        let conflict = try CLI.run([
            "audit", "--area", "a", "--sites", "s", "--scenario", "x.json", "--calibration", "c.json", "--out", "o",
        ])
        #expect(conflict.status == 2 && conflict.stderr.contains("--calibration goes without --scenario"))
    }
}
