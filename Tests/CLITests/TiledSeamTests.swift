import Foundation
import Testing

/// Issue 16's seam criterion on the small scenario, end to end: cut, every tile, merge, and the
/// single-machine `nrplan solve` of the same scenario; both plans' coverage recomputed on the
/// global grid from their `sites.geojson` (`TilingComparison`, independent of the merge's own
/// figures). The merged plan has no more enclosed holes at a seam than the single run, none the
/// single run does not have, and meets the target. The cuts with 1 and 1.5 km tiles (4 × 4 km
/// area, coverage ranges near 700 m: tiles barely larger than their halo) each had enclosed seam
/// holes the single run has not (2 and 1 before the merge closed them); closing them costs whole
/// sites, +24 % and +12 % there, printed, not asserted — the 2 % of the acceptance is asserted on
/// the 2.5 km cut here and measured on the demo (SlurmEngineTests) and `make bench-province`.
@Suite("Tiled runs: seams against the single run")
struct TiledSeamTests {
    @Test(
        "merged vs single on the small scenario: enclosed seam holes, new seam holes, target, cost",
        arguments: [("0.8", "1", false), ("0.8", "1.5", false), ("0.85", "2.5", true)])
    func seamsAgainstSingle(target: String, gridKm: String, costWithin2Percent: Bool) throws {
        let folder = try CLI.temporaryFolder("tiled-seams")
        defer { try? FileManager.default.removeItem(at: folder) }
        let scenario = try CLI.smallScenario(in: folder, target: Double(target)!)
        let manifest = try Tiled.cut(scenario, gridKm: gridKm, into: folder.appendingPathComponent("run"))
        try Tiled.runTiles(manifest, Array(0..<Tiled.tileCount(manifest)))
        let merged = folder.appendingPathComponent("merged")
        let merge = try Tiled.merge(manifest, out: merged)
        #expect(merge.status == 0, "merge: \(merge.stderr)")
        let single = folder.appendingPathComponent("single")
        let solve = try CLI.run(["solve", scenario.path, "--out", single.path, "--threads", "2", "--quiet"])
        #expect(solve.status == 0, "solve: \(solve.stderr)")
        let check = try TiledComparisonCheck.compare(manifest: manifest, single: single, merged: merged)
        let step = try #require(
            (Tiled.json(merged.appendingPathComponent("summary.json"))["merge"] as? [String: Any])?["seam_holes"]
                as? [String: Any])
        print(
            "small scenario, target \(target), \(gridKm) km tiles: \(check.text); merge closed \(step["closed"] ?? "?") of \(step["found"] ?? "?") seam holes (cost \(step["cost_before"] ?? "?") → \(step["cost_after"] ?? "?"))"
        )
        #expect(check.mergedSeamHoles <= check.singleSeamHoles, "\(check.text)")
        #expect(check.newSeamHoles == 0, "\(check.text)")
        #expect(check.mergedCoverage >= check.target - 1e-9, "\(check.text)")
        if costWithin2Percent { #expect(check.mergedCost <= check.singleCost * 1.02 + 1e-9, "\(check.text)") }
        // The step's own account agrees with the recount: nothing it could close was left.
        #expect(step["found"] as? Int == (step["closed"] as? Int ?? -1) + (step["unclosable"] as? Int ?? -1))
        #expect(check.mergedSeamHoles == step["unclosable"] as? Int, "\(check.text)")
    }
}
