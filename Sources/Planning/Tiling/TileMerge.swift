import Dispatch
import Foundation
import Geo
import Optimizer
import Support

/// `nrplan merge`: the tiles' plans joined into one plan of the whole area (docs/scale.md,
/// "merge"): checks every tile output, takes the union of the tiles' sites, re-solves windows
/// along the tile borders with everything else fixed (the seam step), tops up a shortfall from the
/// tiles' continuation lists, ranks the new sites, and recomputes coverage, continuity (holes,
/// components) and the radio field on the global demand grid — so a hole that crosses a border is
/// one hole, exactly as the single-machine run would find it for the same sites.
///
/// Memory: the global demand grid and the coverage of the plan's sites and seam candidates only
/// (never every candidate: that is the tiles' work).
public enum TileMerge {
    /// Merges the tiles of `manifestURL` (`displayName` as messages name it).
    /// - Throws: `.invalidInput` listing every problem with the tile outputs (missing, another cut,
    ///   another tile, another nrplan version) or inputs changed since the cut; `.infeasible` when
    ///   the merged plan cannot reach the target.
    public static func run(manifestURL: URL, displayName: String, options: PlanOptions) throws(PlanningError) -> (
        plan: Plan, report: MergeReport
    ) {
        let start = DispatchTime.now()
        var clock = StageClock(onStage: options.onStage)
        let folder = manifestURL.deletingLastPathComponent()
        let folderDisplay = (displayName as NSString).deletingLastPathComponent
        let (manifest, results, seamIds) = try clock.run(.load) {
            () throws(PlanningError) -> (TileManifest, [TileResult], Set<String>) in
            let manifest = try TileManifest.read(manifestURL, displayName: displayName)
            let results = try checkTiles(
                manifest, folder: folder, folderDisplay: folderDisplay, manifestDisplay: displayName)
            return (manifest, results, try seamSites(manifest, folder: folder, folderDisplay: folderDisplay))
        }
        let scenarioDisplay = TileRun.Job.join(folderDisplay, manifest.scenario)
        let scenarioURL = folder.appendingPathComponent(manifest.scenario)
        let (scenario, warnings) = try clock.run(.load) { () throws(PlanningError) -> (Scenario, [Problem]) in
            try checkInputs(manifest, scenarioURL: scenarioURL, scenarioDisplay: scenarioDisplay)
            return try ScenarioLoader.load(scenarioURL, displayName: scenarioDisplay).get()
        }
        let study = try clock.run(.grid) { () throws(PlanningError) in
            try StudyArea.prepare(
                districts: scenario.districts, exclusions: scenario.exclusions.map(\.geometry),
                demand: scenario.demand, sourceFile: scenario.file, threads: options.threads, frame: scenario.frame,
                window: GridWindow(projection: manifest.projection, spec: manifest.grid))
        }
        guard study.grid.cellCount == manifest.cells else {
            throw .infeasible(
                "\(scenarioDisplay): the global grid has \(study.grid.cellCount) cells, the manifest \(manifest.cells): the inputs do not give the grid that was cut"
            )
        }
        let owner = cellOwners(manifest, grid: study.grid)
        // Columns: the tiles' new sites, the seam candidates and the continuation lists; then the existing sites.
        let built = try clock.run(.coverage) { () throws(PlanningError) in
            try MergeColumns.build(
                scenario: scenario, study: study, results: results, seamIds: seamIds, options: options)
        }
        let columns = built.columns
        var merged = try clock.run(.solve) { () throws(PlanningError) in
            try MergeSelection.make(
                columns: built, study: study, manifest: manifest, results: results, scenario: scenario,
                options: options)
        }
        let objective: CoveringObjective =
            manifest.coverageTarget >= 1 ? .setCover : .partialCover(targetFraction: manifest.coverageTarget)
        // Every plan's cost is a multiple of the candidates' cost unit, so the bound may be rounded up to it.
        let costUnit = CostUnit.of(scenario.candidates.map(\.cost))
        let bound = MergeBound.compute(
            results: results, owner: owner, merge: built, instance: merged.instance,
            mustCells: study.layers.mustCoverCells, coverageTarget: manifest.coverageTarget,
            ladder: manifest.ladder.values, costUnit: costUnit)
        var solution = CoveringSolution.selection(
            merged.chosen, of: merged.instance, objective: objective, lowerBound: bound.value,
            seconds: clock.seconds.last?.seconds ?? 0, threads: options.threads, seed: scenario.seed)
        solution.costUnit = costUnit
        let solved = SitingPipeline.Solved(
            solution: solution, objective: objective,
            ranked: rankByMarginalGain(merged.instance, columns: merged.chosen))
        var plan = try SitingPipeline.assembleRadio(
            scenario: scenario, study: study, columns: columns, solved: solved,
            warnings: warnings + study.layers.warnings, options: options, clock: clock)
        plan.stageSeconds = plan.stageSeconds.reduce(into: []) { list, stage in
            // Two load steps (tiles, scenario): one line.
            if let k = list.firstIndex(where: { $0.name == stage.name }) {
                list[k].seconds += stage.seconds
            } else {
                list.append(stage)
            }
        }
        merged.report.bound = bound
        merged.report.manifestFile = displayName
        merged.report.tiles = tileFigures(
            manifest, results: results, plan: plan, owner: owner, study: study)
        merged.report.seconds = StageClock.seconds(since: start)
        return (plan, merged.report)
    }

    /// The tile owning each global cell: by window (grid cuts) or district (district cuts).
    static func cellOwners(_ manifest: TileManifest, grid: DemandGrid) -> [Int32] {
        var owner = [Int32](repeating: -1, count: grid.cellCount)
        var tileOfDistrict: [Int: Int] = [:]
        for tile in manifest.tiles { if let d = tile.district { tileOfDistrict[d] = tile.index } }
        for cell in 0..<grid.cellCount {
            if case .district = manifest.cut {
                owner[cell] = Int32(tileOfDistrict[Int(grid.cellDistrict[cell])] ?? -1)
                continue
            }
            let c = Int(grid.cellColumn[cell])
            let r = Int(grid.cellRow[cell])
            if let tile = manifest.tiles.first(where: {
                c >= $0.window[0] && c < $0.window[2] && r >= $0.window[1] && r < $0.window[3]
            }) {
                owner[cell] = Int32(tile.index)
            }
        }
        return owner
    }

    /// The tile whose core holds a site: the owner of the cell under it, else the tile whose
    /// window is nearest (ties: the lower index).
    static func siteOwner(_ position: Coordinate, manifest: TileManifest, grid: DemandGrid, owner: [Int32]) -> Int {
        let spec = grid.spec
        let column = Int(((position.x - spec.originX) / spec.cellMeters).rounded(.down))
        let row = Int(((position.y - spec.originY) / spec.cellMeters).rounded(.down))
        if let cell = grid.cell(column: column, row: row), owner[cell] >= 0 { return Int(owner[cell]) }
        var best = 0
        var bestDistance = Double.infinity
        for tile in manifest.tiles {
            let w = tile.window
            let dc = Double(max(0, w[0] - column, column - (w[2] - 1)))
            let dr = Double(max(0, w[1] - row, row - (w[3] - 1)))
            let distance = dc * dc + dr * dr
            if distance < bestDistance {
                bestDistance = distance
                best = tile.index
            }
        }
        return best
    }

    /// Per tile: as solved, and its share of the merged plan.
    static func tileFigures(
        _ manifest: TileManifest, results: [TileResult], plan: Plan, owner: [Int32], study: StudyArea
    ) -> [MergeReport.TileFigures] {
        var covered = [Double](repeating: 0, count: manifest.tiles.count)
        for cell in 0..<study.grid.cellCount where plan.network.covered[cell] && owner[cell] >= 0 {
            covered[Int(owner[cell])] += study.grid.weights[cell]
        }
        var sites = [Int](repeating: 0, count: manifest.tiles.count)
        var cost = [Double](repeating: 0, count: manifest.tiles.count)
        if let radio = plan.radio {
            for k in plan.network.newIndices {
                let t = siteOwner(radio.placements[k].position, manifest: manifest, grid: study.grid, owner: owner)
                sites[t] += 1
                cost[t] += plan.network.sites[k].cost
            }
        }
        return results.map { r in
            MergeReport.TileFigures(
                index: r.index, name: r.name, cells: r.cells, weight: r.weight, tileCoveredWeight: r.coveredWeight,
                coveredWeight: covered[r.index], shortfallWeight: r.shortfallWeight, tileSites: r.newSites.count,
                tileCost: r.cost, tileLowerBound: r.lowerBound, sitesOwned: sites[r.index], costOwned: cost[r.index],
                seconds: r.stageSeconds.reduce(0) { $0 + $1.seconds }, peakRSSBytes: r.peakRSSBytes)
        }
    }
}
