import Foundation
import Testing

@testable import Planning

/// Plumbing of the tiled-run tests (issue 16): cut, run tiles, merge, compare outputs timings aside,
/// and the single-machine covering problem solved exactly by HiGHS (`highspy`).
enum Tiled {
    /// `nrplan tile SCENARIO --out DIR --grid-km K`; the manifest.
    static func cut(_ scenario: URL, gridKm: String, into folder: URL) throws -> URL {
        let run = try CLI.run(["tile", scenario.path, "--out", folder.path, "--grid-km", gridKm, "--quiet"])
        #expect(run.status == 0, "nrplan tile: \(run.stderr)")
        return folder.appendingPathComponent("manifest.json")
    }

    /// The manifest's tile count.
    static func tileCount(_ manifest: URL) throws -> Int {
        let object = try #require(
            JSONSerialization.jsonObject(with: Data(contentsOf: manifest)) as? [String: Any])
        return try #require(object["tiles"] as? [Any]).count
    }

    /// `nrplan tile-run MANIFEST --index I` for `indices` in that order.
    static func runTiles(_ manifest: URL, _ indices: [Int], threads: Int = 2, force: Bool = false) throws {
        for index in indices {
            let run = try CLI.run(
                ["tile-run", manifest.path, "--index", "\(index)", "--threads", "\(threads)", "--quiet"]
                    + (force ? ["--force"] : []))
            #expect(run.status == 0, "tile-run \(index): \(run.stderr)")
        }
    }

    /// `nrplan merge MANIFEST --out DIR`; the run.
    @discardableResult
    static func merge(_ manifest: URL, out: URL, threads: Int = 2, extra: [String] = []) throws -> CLI.Run {
        try CLI.run(["merge", manifest.path, "--out", out.path, "--threads", "\(threads)", "--quiet"] + extra)
    }

    /// A JSON file's object.
    static func json(_ url: URL) throws -> [String: Any] {
        try #require(JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any])
    }

    /// Members that measure the run rather than the plan: removed before comparing two runs.
    static let timingKeys: Set<String> = ["seconds", "stage_seconds", "peak_rss_bytes", "threads"]

    /// A JSON file re-serialised with sorted keys and the timing members removed at every depth.
    static func withoutTimings(_ url: URL) throws -> Data {
        func strip(_ value: Any) -> Any {
            if let object = value as? [String: Any] {
                return object.filter { !timingKeys.contains($0.key) }.mapValues(strip)
            }
            if let array = value as? [Any] { return array.map(strip) }
            return value
        }
        let value = try JSONSerialization.jsonObject(with: Data(contentsOf: url))
        return try JSONSerialization.data(withJSONObject: strip(value), options: [.sortedKeys])
    }

    /// The files of two merged plans that differ, timings aside (summary.json without its timing
    /// members; every other file byte for byte; report.md is left out: it prints stage times).
    static func differences(_ a: URL, _ b: URL) throws -> [String] {
        var differ: [String] = []
        for name in ["sites.geojson", "sites.csv", "holes.geojson", "coverage.geojson", "map.svg"] {
            let x = try Data(contentsOf: a.appendingPathComponent(name))
            let y = try Data(contentsOf: b.appendingPathComponent(name))
            if x != y { differ.append(name) }
        }
        let x = try withoutTimings(a.appendingPathComponent("summary.json"))
        let y = try withoutTimings(b.appendingPathComponent("summary.json"))
        if x != y { differ.append("summary.json") }
        return differ
    }

    // MARK: - The single-machine problem, solved by HiGHS

    /// Whether python3 with highspy is here (pip install highspy; CI installs it).
    static let hasHiGHS: Bool = {
        let probe = try? CLI.run(
            ["python3", "-c", "import highspy, numpy"], executable: URL(fileURLWithPath: "/usr/bin/env"))
        return probe?.status == 0
    }()

    /// The global covering problem of a scenario exactly as `nrplan solve` builds it (same grid,
    /// coverage, costs, existing sites fixed, must-cover cells, target), solved by HiGHS as an LP
    /// and as a MIP: min Σ c_j x_j s.t. Σ_{j∋i} x_j ≥ z_i, Σ w_i z_i ≥ t·W, z_i = 1 on must cells,
    /// x_j = 1 on existing sites, 0 ≤ x, z ≤ 1 (x integer for the MIP).
    static func highsOptima(_ scenarioURL: URL, in folder: URL) throws -> (lp: Double, mip: Double) {
        let (scenario, _) = try ScenarioLoader.load(scenarioURL).get()
        let study = try StudyArea.prepare(
            districts: scenario.districts, exclusions: scenario.exclusions.map(\.geometry), demand: scenario.demand,
            sourceFile: scenario.file, threads: 2, frame: scenario.frame)
        let columns = try RadioColumns.build(scenario: scenario, study: study, threads: 2)
        guard case .minCost(let target) = scenario.objective else {
            throw CocoaError(.featureUnsupported, userInfo: [NSLocalizedDescriptionKey: "not min_cost"])
        }
        let instance: [String: Any] = [
            "rows": study.grid.cellCount, "starts": columns.matrix.columnStarts,
            "cells": columns.matrix.cells.map { Int($0) }, "costs": columns.sites.map(\.cost),
            "fixed": columns.existingColumns, "weights": study.grid.weights, "must": study.layers.mustCoverCells,
            "target": target * study.grid.totalWeight,
        ]
        let file = folder.appendingPathComponent("instance.json")
        try JSONSerialization.data(withJSONObject: instance).write(to: file)
        let run = try CLI.run(
            ["python3", CLI.repositoryRoot.appendingPathComponent("scripts/highs-cover.py").path, file.path],
            executable: URL(fileURLWithPath: "/usr/bin/env"))
        #expect(run.status == 0, "HiGHS: \(run.stderr)")
        // HiGHS prints a banner on stdout; the figures are on the line "optima LP MIP".
        let line = try #require(run.stdout.split(separator: "\n").last { $0.hasPrefix("optima ") }, "\(run.stdout)")
        let values = line.split(separator: " ").dropFirst().compactMap { Double($0) }
        try #require(values.count == 2, "\(line)")
        return (values[0], values[1])
    }

}

/// A merged plan against the single-machine plan (both plans' coverage recomputed on the global grid
/// from their sites.geojson by `TilingComparison`, costs and bounds from their summaries).
struct TiledComparisonCheck {
    var target: Double
    var singleCost: Double
    var mergedCost: Double
    var singleBound: Double
    var mergedBound: Double
    var singleCoverage: Double
    var mergedCoverage: Double
    var singleSeamHoles: Int
    var mergedSeamHoles: Int
    var newSeamHoles: Int

    var text: String {
        let ratio = String(format: "%+.2f %%", (mergedCost / singleCost - 1) * 100)
        return
            "single cost \(singleCost) (bound \(singleBound)), merged \(mergedCost) (\(ratio), bound \(mergedBound)); coverage \(singleCoverage) vs \(mergedCoverage) (target \(target)); enclosed seam holes \(singleSeamHoles) vs \(mergedSeamHoles), new \(newSeamHoles)"
    }

    static func compare(manifest url: URL, single: URL, merged: URL) throws -> TiledComparisonCheck {
        let manifest = try TileManifest.read(url, displayName: url.path)
        let scenarioURL = url.deletingLastPathComponent().appendingPathComponent(manifest.scenario)
        let (scenario, _) = try ScenarioLoader.load(scenarioURL).get()
        let study = try StudyArea.prepare(
            districts: scenario.districts, exclusions: scenario.exclusions.map(\.geometry), demand: scenario.demand,
            sourceFile: scenario.file, threads: 2,
            window: GridWindow(projection: manifest.projection, spec: manifest.grid))
        func covered(_ folder: URL) throws -> [Bool] {
            try TilingComparison.covered(
                sitesFile: folder.appendingPathComponent("sites.geojson"), scenario: scenario, study: study, threads: 2)
        }
        let c = try TilingComparison.compare(
            grid: study.grid, owner: TilingComparison.owners(manifest, grid: study.grid), single: covered(single),
            merged: covered(merged), threads: 2)
        let s = try Tiled.json(single.appendingPathComponent("summary.json"))
        let m = try Tiled.json(merged.appendingPathComponent("summary.json"))
        return TiledComparisonCheck(
            target: manifest.coverageTarget, singleCost: try #require(s["cost_total"] as? Double),
            mergedCost: try #require(m["cost_total"] as? Double), singleBound: s["lower_bound"] as? Double ?? .nan,
            mergedBound: m["lower_bound"] as? Double ?? .nan, singleCoverage: c.singleCoverage,
            mergedCoverage: c.mergedCoverage, singleSeamHoles: c.singleSeamHoles, mergedSeamHoles: c.mergedSeamHoles,
            newSeamHoles: c.newSeamHoles)
    }
}
