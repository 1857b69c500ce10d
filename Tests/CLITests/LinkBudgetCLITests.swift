import Foundation
import Testing

/// End-to-end tests of `nrplan linkbudget`: they run the built binary (build it first with
/// `swift build --product nrplan`) and check exit codes, stderr and the JSON fields.
@Suite("nrplan linkbudget (end to end)")
struct LinkBudgetCLITests {
    /// Issue 3 acceptance: UMa NLOS at 200 m, 3.5 GHz, hBS 25 m, hUT 1.5 m. TR 38.901 Table 7.4.1-1:
    /// PL = max(PL_LOS, 13.54 + 39.08·log10(d3D) + 20·log10(fc) − 0.6(hUT − 1.5)); d′_BP = 560 m, so
    /// PL_LOS = 28 + 22·log10(d3D) + 20·log10(fc) is the smaller one here.
    @Test("UMa NLOS --d2d 200 --json: pathloss_db matches the TR 38.901 formula")
    func umaNLOS200() throws {
        let run = try CLI.run([
            "linkbudget", "--model", "uma", "--los", "nlos", "--fc-ghz", "3.5",
            "--h-bs", "25", "--h-ut", "1.5", "--d2d", "200", "--json",
        ])
        #expect(run.status == 0)
        #expect(run.stderr.isEmpty)
        let object = try run.json()
        let d3D = (200.0 * 200 + 23.5 * 23.5).squareRoot()
        let nlosPrime = 13.54 + 39.08 * log10(d3D) + 20 * log10(3.5)
        let los = 28 + 22 * log10(d3D) + 20 * log10(3.5)
        let pathLoss = try #require(object["pathloss_db"] as? Double)
        #expect(abs(pathLoss - max(nlosPrime, los)) < 1e-9)
        #expect(abs(pathLoss - 114.462) < 0.001)
        #expect(object["rsrp_dbm"] == nil) // no profile, no budget
        #expect(object["max_range_m"] == nil)
        #expect((object["validity"] as? [Any])?.isEmpty == true)
    }

    @Test("--range --profile n78-macro: a macro range of a few hundred metres and the matching RSRP")
    func macroRange() throws {
        let run = try CLI.run(["linkbudget", "--range", "--profile", "n78-macro", "--json"])
        #expect(run.status == 0)
        let object = try run.json()
        let range = try #require(object["max_range_m"] as? Double)
        #expect((200...1_500).contains(range))
        let rsrp = try #require(object["rsrp_dbm"] as? Double)
        let threshold = try #require(object["rsrp_threshold_dbm"] as? Double)
        #expect(threshold == -105)
        #expect(rsrp >= threshold && rsrp - threshold <= 0.01)
        #expect(object["pathloss_db"] is Double)
        #expect(object["d2d_m"] as? Double == range)
        #expect(object["limiting_link"] as? String == "downlink")
        #expect(object["profile"] as? String == "n78-macro")
    }

    @Test("Small cell range is shorter than the macro one")
    func smallCellRange() throws {
        let macro = try CLI.run(["linkbudget", "--range", "--profile", "n78-macro", "--json"]).json()
        let small = try CLI.run(["linkbudget", "--range", "--profile", "n78-small-cell", "--json"]).json()
        let macroRange = try #require(macro["max_range_m"] as? Double)
        let smallRange = try #require(small["max_range_m"] as? Double)
        #expect(smallRange < macroRange)
    }

    @Test("--d2d with a profile prints the RSRP and whether it is covered")
    func profileAtDistance() throws {
        let near = try CLI.run(["linkbudget", "--profile", "n78-macro", "--d2d", "300", "--json"])
        #expect(near.status == 0)
        let object = try near.json()
        #expect(object["covered"] as? Bool == true)
        #expect((object["rsrp_dbm"] as? Double ?? -999) > -105)
        let far = try CLI.run(["linkbudget", "--profile", "n78-macro", "--d2d", "2000", "--json"]).json()
        #expect(far["covered"] as? Bool == false)
    }

    @Test("Out-of-validity inputs: warnings on stderr, JSON still clean on stdout")
    func warnings() throws {
        let run = try CLI.run([
            "linkbudget", "--model", "uma", "--fc-ghz", "3.5", "--h-bs", "40",
            "--d2d", "6000", "--json",
        ])
        #expect(run.status == 0)
        #expect(run.stderr.contains("warning: uma/nlos: d2D 6000 m is above the validity range 10...5000 m"))
        #expect(run.stderr.contains("differs from the table's hBS = 25 m"))
        let object = try run.json()
        #expect((object["validity"] as? [String]) == ["distance_above_range", "bs_height_not_nominal"])
        #expect((object["warnings"] as? [String])?.count == 2)
        let text = try CLI.run([
            "linkbudget", "--model", "hata", "--fc-ghz", "3.5", "--h-bs", "25",
            "--d2d", "500",
        ])
        #expect(text.status == 0)
        #expect(text.stderr.contains("frequency 3.5 GHz is outside 1.5...2 GHz (COST 231 §4.4.1)"))
        #expect(text.stdout.contains("path loss"))
    }

    /// COST-231 Hata (COST 231 final report §4.4.1) at 2114 MHz, 2 km, h_b 30 m, h_m 1 m: 150.64 dB
    /// for a medium city (ns-3 `okumura-hata-test-suite.cc`), and C_M = 3 dB more for a
    /// metropolitan centre. And by hand at 1800 MHz, 2 km, 30 m / 1.5 m: a(h_m) = (1.1·3.2553 − 0.7)·1.5
    /// − (1.56·3.2553 − 0.8) = 0.0430 dB, L = 46.3 + 110.3538 − 20.4138 − 0.0430 + 35.2249·0.30103
    /// = 146.80 dB (149.80 metropolitan).
    @Test(
        "--hata-environment sets COST-231's C_M: urban (the default) and metropolitan (+3 dB) against published values",
        arguments: [
            ("2.114", "1", 150.64), ("1.8", "1.5", 146.8007),
        ])
    func hataEnvironment(frequency: String, utHeight: String, urban: Double) throws {
        let base = [
            "linkbudget", "--model", "hata", "--fc-ghz", frequency, "--h-bs", "30", "--h-ut", utHeight, "--d2d", "2000",
            "--json",
        ]
        var losses: [String: Double] = [:]
        for environment in [nil, "urban", "metropolitan"] as [String?] {
            let run = try CLI.run(base + (environment.map { ["--hata-environment", $0] } ?? []))
            #expect(run.status == 0, "\(run.stderr)")
            let object = try run.json()
            #expect(object["model_name"] as? String == "hata/\(environment ?? "urban")")
            losses[environment ?? "default"] = try #require(object["pathloss_db"] as? Double)
        }
        #expect(abs((losses["urban"] ?? 0) - urban) < 0.01, "\(losses)")
        #expect(losses["default"] == losses["urban"])
        #expect(abs((losses["metropolitan"] ?? 0) - (losses["urban"] ?? 0) - 3) < 1e-9, "\(losses)")
        #expect(abs((losses["metropolitan"] ?? 0) - (urban + 3)) < 0.01, "\(losses)")
        let text = try CLI.run(Array(base.dropLast()) + ["--hata-environment", "metropolitan"])
        #expect(text.stdout.contains("model          hata/metropolitan"), "\(text.stdout)")
    }

    @Test("--hata-environment is refused for other models and for other values")
    func hataEnvironmentErrors() throws {
        let uma = try CLI.run([
            "linkbudget", "--model", "uma", "--fc-ghz", "3.5", "--h-bs", "25", "--d2d", "100", "--hata-environment",
            "metropolitan",
        ])
        #expect(uma.status == 2)
        #expect(uma.stderr.contains("--hata-environment applies to --model hata only, not 'uma'"), "\(uma.stderr)")
        let rural = try CLI.run([
            "linkbudget", "--model", "hata", "--fc-ghz", "1.8", "--h-bs", "30", "--d2d", "2000", "--hata-environment",
            "rural",
        ])
        #expect(rural.status == 2)
        #expect(rural.stderr.contains("urban|metropolitan"), "\(rural.stderr)")
        #expect(rural.stdout.isEmpty)
    }

    @Test(
        "Usage errors exit 2 with the usage line",
        arguments: [
            [],
            ["--d2d", "100", "--range", "--profile", "n78-macro"],
            ["--range", "--model", "uma", "--fc-ghz", "3.5", "--h-bs", "25"],
            ["--d2d", "100"],
            ["--d2d", "100", "--profile", "n99-macro"],
            ["--d2d", "100", "--model", "cost"],
            ["--d2d", "100", "--model", "hata", "--los", "los", "--fc-ghz", "1.8", "--h-bs", "30"],
            ["--d2d", "abc", "--model", "uma", "--fc-ghz", "3.5", "--h-bs", "25"],
            ["--d2d", "100", "--model", "uma", "--h-bs", "25"],
            ["--d2d", "100", "--profile", "n78-macro", "--frequency", "3"],
        ])
    func usageErrors(_ arguments: [String]) throws {
        let run = try CLI.run(["linkbudget"] + arguments)
        #expect(run.status == 2)
        #expect(run.stderr.contains("error: "))
        #expect(run.stderr.contains("usage: nrplan linkbudget (--d2d M | --range)"))
        #expect(run.stdout.isEmpty)
    }

    @Test("--help exits 0 and the command is listed")
    func help() throws {
        let help = try CLI.run(["linkbudget", "--help"])
        #expect(help.status == 0)
        #expect(help.stdout.contains("USAGE: nrplan linkbudget"))
        #expect(help.stdout.contains("--range"))
        let top = try CLI.run(["--help"])
        #expect(top.stdout.contains("linkbudget"))
    }
}
