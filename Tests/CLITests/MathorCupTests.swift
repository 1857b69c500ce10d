import Foundation
import MathorCupCheck
import Testing

/// The independent MathorCup checker (`MathorCupCheck`, Foundation only) on hand-made cases — it
/// must be right before it judges nrplan's plans.
@Suite("MathorCup checker (hand-made cases)")
struct MathorCupCheckerTests {
    static let data = MathorCupCheck.Attachments(
        points: [
            .init(x: 100, y: 100, traffic: 5), .init(x: 110, y: 100, traffic: 3), .init(x: 100, y: 111, traffic: 2),
            .init(x: 130, y: 100, traffic: 1), .init(x: 100, y: 70, traffic: 4),
        ],
        existing: [(x: 200, y: 200)])

    @Test(
        "circles are inclusive, traffic counts once, spacing strictly more than 10 from new and existing sites, costs 10 / 1"
    )
    func circles() {
        let v = MathorCupCheck.check(
            [
                .init(x: 100, y: 100, type: "micro", azimuths: []),
                .init(x: 100, y: 100 + 10, type: "micro", azimuths: []),
                .init(x: 100, y: 100, type: "macro", azimuths: []), .init(x: 206, y: 208, type: "micro", azimuths: []),
            ], Self.data)
        #expect(v.cost == 13)
        // Every point, each once (the macro reaches (130,100) and (100,70) at exactly 30).
        #expect(v.coveredTraffic == 15)
        #expect(v.newNewViolations == 3) // (100,100)×2 at 0, (100,100)–(100,110) twice at 10
        #expect(v.newExistingViolations == 1) // (206,208) is exactly 10 from (200,200)
        let ok = MathorCupCheck.check(
            [.init(x: 100, y: 100, type: "micro", azimuths: []), .init(x: 107, y: 108, type: "micro", azimuths: [])],
            Self.data)
        #expect(ok.newNewViolations == 0) // √113 > 10
        #expect(ok.coveredTraffic == 10)
    }

    @Test("sectors: azimuths clockwise from +y, reach r(1 − φ/120°) within ±60°, directions ≥ 45° apart")
    func sectors() {
        #expect(MathorCupCheck.inSector(dx: 0, dy: 10, r: 10, azimuths: [0]))
        #expect(!MathorCupCheck.inSector(dx: 10, dy: 0, r: 10, azimuths: [0]))
        #expect(MathorCupCheck.inSector(dx: 10, dy: 0, r: 10, azimuths: [90]))
        #expect(MathorCupCheck.inSector(dx: 3, dy: 4, r: 10, azimuths: [0])) // φ ≈ 36.9°, reach 6.9 ≥ 5
        #expect(!MathorCupCheck.inSector(dx: 6, dy: 8, r: 10, azimuths: [0])) // φ ≈ 36.9°, 10 > 6.9
        let v = MathorCupCheck.check([.init(x: 100, y: 100, type: "micro", azimuths: [0, 30, 200])], Self.data)
        #expect(v.azimuthViolations == 1)
        // (100,111) is 11 north: out of reach; (110,100) is 90° east of 0° and 30°: not covered.
        #expect(v.coveredTraffic == 5 + 2 * 0)
    }
}

/// MathorCup 2022 D end to end: `nrplan-bench mathorcup` (the bench of `make bench-mathorcup`) runs
/// Problems 1–3 through `nrplan solve` and `nrplan cluster`; this test then recomputes every plan
/// with the independent checker. Needs `../shared/benchmarks/mathorcup2022d`; reported as skipped
/// without it.
@Suite(
    "MathorCup 2022 D end to end (needs ../shared/benchmarks/mathorcup2022d)",
    .enabled(if: SharedMathorCup.data != nil, "../shared/benchmarks/mathorcup2022d is not present"), .serialized)
struct MathorCupEndToEndTests {
    static var data: URL? { SharedMathorCup.data }

    @Test(
        "Problems 1-3: P1 feasible and below the published 6,328, P2 within the P1 cost with valid sectors, P3 equal to brute force on 5,000 points and to the 898 components"
    )
    func problems() throws {
        let data = try #require(Self.data)
        let out = try CLI.temporaryFolder("mathorcup")
        defer { try? FileManager.default.removeItem(at: out) }
        // Effort 2 keeps the test near a minute; the bench runs the scenarios' own effort.
        let run = try CLI.run(
            ["mathorcup", "--out", out.path, "--threads", "2", "--effort", "2", "--data", data.path],
            binary: "nrplan-bench",
            in: CLI.repositoryRoot)
        #expect(run.status == 0, "\(run.stderr)\n\(run.stdout)")
        let attachments = try MathorCupCheck.readAttachments(folder: data)
        #expect(abs(attachments.totalTraffic - 7_056_230.114628) < 1e-3)

        // Problem 1.
        let p1 = MathorCupCheck.check(
            try MathorCupCheck.readSites(out.appendingPathComponent("p1/sites.csv")), attachments)
        #expect(
            p1.feasible(coverageTarget: 0.9),
            "coverage \(p1.coverage), spacing \(p1.newNewViolations)+\(p1.newExistingViolations), positions \(p1.badPositions)"
        )
        #expect(p1.cost < 6_328)
        let s1 = try #require(
            JSONSerialization.jsonObject(with: Data(contentsOf: out.appendingPathComponent("p1/summary.json")))
                as? [String: Any])
        #expect(s1["cost_total"] as? Double == Double(p1.cost))
        #expect(abs((s1["coverage_ratio"] as? Double ?? 0) - p1.coverage) < 1e-6)
        let types = try #require(s1["sites_new_by_type"] as? [String: Any])
        #expect(types["macro"] as? Int == p1.macro)
        #expect(types["micro"] as? Int == p1.micro)
        let bound = try #require(s1["lower_bound"] as? Double)
        #expect(bound > 0 && bound <= Double(p1.cost))
        #expect(s1["bound_includes_spacing"] as? Bool == false)

        // Problem 2: sectors, budget = the Problem 1 cost.
        let p2 = MathorCupCheck.check(
            try MathorCupCheck.readSites(out.appendingPathComponent("p2/sites.csv")), attachments)
        #expect(
            p2.feasible(coverageTarget: 0),
            "spacing \(p2.newNewViolations)+\(p2.newExistingViolations), azimuths \(p2.azimuthViolations)")
        #expect(p2.cost <= p1.cost)
        let s2 = try #require(
            JSONSerialization.jsonObject(with: Data(contentsOf: out.appendingPathComponent("p2/summary.json")))
                as? [String: Any])
        #expect(abs((s2["coverage_ratio"] as? Double ?? 0) - p2.coverage) < 1e-6)
        #expect(p2.coverage > 0.8)

        // Problem 3: the full run (898 components, README's derived check) and the 5,000-point sample.
        let s3 = try #require(
            JSONSerialization.jsonObject(with: Data(contentsOf: out.appendingPathComponent("p3/summary.json")))
                as? [String: Any])
        #expect(s3["clusters"] as? Int == 898)
        #expect(s3["largest_cluster"] as? Int == 13_344)
        let sample = try #require(
            JSONSerialization.jsonObject(
                with: Data(contentsOf: out.appendingPathComponent("p3-sample/out/summary.json"))) as? [String: Any])
        #expect(
            sample["clusters"] as? Int
                == MathorCupCheck.bruteForceClusterCount(Array(attachments.points.prefix(5000)), distance: 20))

        // The checker reproduces the published verification of the GeYuYao plan (6,328 at 90.0098 %).
        let published = data.appendingPathComponent("published_solutions/geyuyao_q1_sites.csv")
        if FileManager.default.fileExists(atPath: published.path) {
            let reference = MathorCupCheck.check(try MathorCupCheck.readSites(published), attachments)
            #expect(reference.cost == 6_328)
            #expect(reference.macro == 372 && reference.micro == 2_608)
            #expect(abs(reference.coverage - 0.900098) < 5e-7)
            #expect(reference.feasible(coverageTarget: 0.9))
        }
    }
}

/// Where the competition's attachments are (next to the repository, as on CI), or nil.
enum SharedMathorCup {
    static var data: URL? {
        let url = CLI.repositoryRoot.appendingPathComponent("../shared/benchmarks/mathorcup2022d").standardizedFileURL
        return FileManager.default.fileExists(atPath: url.appendingPathComponent("attachment1_weak_points.csv").path)
            ? url : nil
    }
}
