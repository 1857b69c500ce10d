import Foundation
import Planning
import Support

/// `nrplan-bench compare-tiles MANIFEST --single DIR --merged DIR`: a merged plan against the
/// single-machine plan of the same scenario (issue 16's acceptance): cost, coverage, and enclosed
/// holes at a seam the single plan does not have — both plans' coverage recomputed on the global
/// grid from their sites.geojson. Prints one JSON line.
enum CompareTilesCommand {
    static let usage = "USAGE: nrplan-bench compare-tiles MANIFEST --single DIR --merged DIR [--threads N]"

    static var command: BenchCommand {
        BenchCommand(
            name: "compare-tiles", abstract: "compare a merged tiled plan with the single-machine plan", run: run)
    }

    static func run(_ arguments: [String]) throws -> Int32 {
        var positional: [String] = []
        var values: [String: String] = [:]
        var rest = arguments[...]
        while let argument = rest.popFirst() {
            if argument.hasPrefix("--") {
                guard let value = rest.popFirst() else {
                    print(usage)
                    return 2
                }
                values[argument] = value
            } else {
                positional.append(argument)
            }
        }
        guard positional.count == 1, let single = values["--single"], let merged = values["--merged"] else {
            print(usage)
            return 2
        }
        let threads = values["--threads"].flatMap { Int($0) } ?? 2
        let result = try compare(
            manifest: URL(fileURLWithPath: positional[0]), single: URL(fileURLWithPath: single),
            merged: URL(fileURLWithPath: merged), threads: threads)
        print(JSONWriter.string(result))
        return 0
    }

    /// The comparison as a JSON object (costs from the summaries, coverage and seam holes recomputed).
    static func compare(manifest manifestURL: URL, single: URL, merged: URL, threads: Int) throws -> JSONValue {
        let manifest = try TileManifest.read(manifestURL, displayName: manifestURL.path)
        let scenarioURL = manifestURL.deletingLastPathComponent().appendingPathComponent(manifest.scenario)
        let (scenario, _) = try ScenarioLoader.load(scenarioURL).get()
        let study = try StudyArea.prepare(
            districts: scenario.districts, exclusions: scenario.exclusions.map(\.geometry), demand: scenario.demand,
            sourceFile: scenario.file, threads: threads,
            window: GridWindow(projection: manifest.projection, spec: manifest.grid))
        let a = try TilingComparison.covered(
            sitesFile: single.appendingPathComponent("sites.geojson"), scenario: scenario, study: study,
            threads: threads)
        let b = try TilingComparison.covered(
            sitesFile: merged.appendingPathComponent("sites.geojson"), scenario: scenario, study: study,
            threads: threads)
        let c = try TilingComparison.compare(
            grid: study.grid, owner: TilingComparison.owners(manifest, grid: study.grid), single: a, merged: b,
            threads: threads)
        func summary(_ folder: URL) throws -> JSONValue {
            try JSONParser.parse(Data(contentsOf: folder.appendingPathComponent("summary.json")))
        }
        let s = try summary(single)
        let m = try summary(merged)
        let singleCost = s["cost_total"]?.doubleValue ?? .nan
        let mergedCost = m["cost_total"]?.doubleValue ?? .nan
        return .object([
            ("tiles", .number(Double(manifest.tiles.count))),
            ("cells", .number(Double(c.cells))),
            ("seam_cells", .number(Double(c.seamCells))),
            ("single_cost", .number(singleCost)),
            ("merged_cost", .number(mergedCost)),
            ("cost_ratio", .number(mergedCost / singleCost, .figure)),
            ("single_lower_bound", s["lower_bound"] ?? .null),
            ("merged_lower_bound", m["lower_bound"] ?? .null),
            ("target", .number(manifest.coverageTarget)),
            ("single_coverage", .number(c.singleCoverage, .figure)),
            ("merged_coverage", .number(c.mergedCoverage, .figure)),
            ("single_sites_new", s["sites_new"] ?? .null),
            ("merged_sites_new", m["sites_new"] ?? .null),
            ("single_seam_holes", .number(Double(c.singleSeamHoles))),
            ("merged_seam_holes", .number(Double(c.mergedSeamHoles))),
            ("new_seam_holes", .number(Double(c.newSeamHoles))),
            ("new_seam_hole_cells", .number(Double(c.newSeamHoleCells))),
            ("single_tile_coverage", .array(c.singleTileCoverage.map { .number($0, .figure) })),
            ("merged_tile_coverage", .array(c.mergedTileCoverage.map { .number($0, .figure) })),
        ])
    }
}
