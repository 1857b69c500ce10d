import Dispatch
import Geo
import Optimizer
import Support

/// The merged plan's new sites: the union of the tiles' plans, improved along the tile borders by
/// the seam step, topped up when a tile fell short (docs/scale.md, "merge", steps 2–4).
struct MergeSelection {
    /// The global covering problem over the merge's columns (rows: every demand cell).
    var instance: CoveringInstance
    /// Chosen candidate columns, ascending.
    var chosen: [Int]
    var report: MergeReport

    static func make(
        columns merge: MergeColumns, study: StudyArea, manifest: TileManifest, results: [TileResult],
        scenario: Scenario, options: PlanOptions
    ) throws(PlanningError) -> MergeSelection {
        let columns = merge.columns
        let grid = study.grid
        let instance: CoveringInstance
        do {
            instance = try CoveringInstance(
                rowCount: grid.cellCount, columnStarts: columns.matrix.columnStarts, columnRows: columns.matrix.cells,
                costs: columns.sites.map(\.cost), weights: grid.weights, fixedColumns: columns.existingColumns,
                mustCoverRows: study.layers.mustCoverCells)
        } catch {
            throw .infeasible("internal: the merged covering instance is malformed: \(error)")
        }
        var union = Set<Int>()
        for result in results { for id in result.newSites { if let j = merge.columnOfId[id] { union.insert(j) } } }
        var state = SelectionState(instance: instance, chosen: union.sorted())
        var report = MergeReport(
            manifestFile: "", cut: cutText(manifest.cut), haloMeters: manifest.haloMeters, tiles: [],
            unionCost: state.cost, unionSites: union.count, seamCandidates: merge.seamCandidates,
            columns: columns.candidateCount, steps: [], topUp: MergeReport.TopUp(),
            bound: MergeReport.Bound(value: 0, must: 0, interior: 0, border: 0, knapsack: 0, lambda: 0, rounded: false),
            seconds: 0)
        let targetWeight = manifest.coverageTarget * grid.totalWeight
        // Windows along the seams (only seam candidates move), then over the whole area (every
        // column moves; windows twice as large, then shifted by half), then the polish.
        let passes: [(name: String, side: Double, offset: Double, seamOnly: Bool)] = [
            ("seam", 4, 0, true), ("area", 8, 0, false), ("area-shifted", 8, 0.5, false),
        ]
        for pass in passes {
            let start = DispatchTime.now()
            var step = WindowResolve.run(
                &state, merge: merge, grid: grid, manifest: manifest, targetWeight: targetWeight,
                must: study.layers.mustCoverCells, scenario: scenario, options: options,
                movable: pass.seamOnly ? { merge.isSeam[$0] } : { _ in true }, sideFactor: pass.side,
                offsetFraction: pass.offset)
            step.name = pass.name
            step.seconds = StageClock.seconds(since: start)
            report.steps.append(step)
        }
        report.steps.append(polish(&state, manifest: manifest, scenario: scenario, options: options))
        let tolerance = 1e-9 * max(1, grid.totalWeight)
        if state.coveredWeight < targetWeight - tolerance {
            report.topUp = try topUp(&state, merge: merge, results: results, targetWeight: targetWeight, grid: grid)
        }
        let uncovered = study.layers.mustCoverCells.filter { state.count[$0] == 0 }
        if !uncovered.isEmpty {
            throw .infeasible(
                "\(manifest.tiles.count) tiles merged: \(uncovered.count) must-cover cell(s) are not covered (please report this: every tile covers its own)"
            )
        }
        return MergeSelection(instance: instance, chosen: state.chosen.sorted(), report: report)
    }

    /// The polish: the global problem restricted to the merge's columns (the tiles' plans, the seam
    /// candidates, the continuation lists) solved as one; taken when strictly cheaper.
    static func polish(
        _ state: inout SelectionState, manifest: TileManifest, scenario: Scenario, options: PlanOptions
    ) -> MergeReport.Step {
        let start = DispatchTime.now()
        var step = MergeReport.Step(name: "polish", windows: 1)
        step.costBefore = state.cost
        let objective: CoveringObjective =
            manifest.coverageTarget >= 1 ? .setCover : .partialCover(targetFraction: manifest.coverageTarget)
        let solverOptions = SolverOptions(
            threads: options.threads,
            timeLimitSeconds: scenario.solver.timeLimitSeconds ?? options.solverTimeLimitSeconds, seed: scenario.seed,
            effort: options.effort ?? scenario.solver.effort)
        if let solution = try? solveCovering(state.instance, objective: objective, options: solverOptions),
            solution.cost < state.cost - 1e-9 * max(1, state.cost)
        {
            let before = state.chosen
            state = SelectionState(instance: state.instance, chosen: solution.chosenColumns)
            step.windowsImproved = 1
            step.sitesFreed = before.subtracting(state.chosen).count
            step.sitesChosen = state.chosen.subtracting(before).count
        }
        step.costAfter = state.cost
        step.seconds = StageClock.seconds(since: start)
        return step
    }

    static func cutText(_ cut: TileManifest.Cut) -> String {
        switch cut {
        case .grid(let km): return "grid \(NumberText.message(km)) km"
        case .district: return "district"
        }
    }

    /// A lazy greedy over the tiles' continuation lists (best weight per cost on the current plan;
    /// ties: the lower tile, then list order) until the plan reaches the target.
    static func topUp(
        _ state: inout SelectionState, merge: MergeColumns, results: [TileResult], targetWeight: Double,
        grid: DemandGrid
    ) throws(PlanningError) -> MergeReport.TopUp {
        var report = MergeReport.TopUp(shortfallWeight: targetWeight - state.coveredWeight)
        var pool: [Int] = []
        var seen = Set(state.chosen)
        for result in results {
            for entry in result.continuation {
                if let j = merge.columnOfId[entry.id], seen.insert(j).inserted { pool.append(j) }
            }
        }
        let tolerance = 1e-9 * max(1, grid.totalWeight)
        while state.coveredWeight < targetWeight - tolerance {
            var best: (score: Double, k: Int)?
            for (k, j) in pool.enumerated() {
                let gain = state.gain(of: j)
                guard gain > 0 else { continue }
                let score = gain / max(state.instance.costs[j], 1e-12)
                if best == nil || score > best!.score { best = (score, k) }
            }
            guard let pick = best else {
                let short = results.filter { $0.shortfallWeight > 0 }.map { "tile \($0.index) (\($0.name))" }
                throw .infeasible(
                    "the merged plan covers \(Precision.hundredths.text(state.coveredWeight / max(grid.totalWeight, 1e-300) * 100))% of the demand, below the target \(Precision.hundredths.text(targetWeight / max(grid.totalWeight, 1e-300) * 100))%, and the tiles' continuation lists are used up; short tiles: \(short.joined(separator: ", ")); add candidates there or relax the target"
                )
            }
            let j = pool.remove(at: pick.k)
            state.add(j)
            report.sites += 1
            report.cost += state.instance.costs[j]
        }
        return report
    }
}

/// The chosen columns with per-cell cover counts (fixed columns included) and the covered weight.
struct SelectionState {
    let instance: CoveringInstance
    var chosen: Set<Int>
    var count: [Int32]
    var coveredWeight: Double
    var cost: Double

    init(instance: CoveringInstance, chosen: [Int]) {
        self.instance = instance
        self.chosen = Set(chosen)
        count = instance.coverCounts(of: chosen)
        var weight = 0.0
        for i in 0..<instance.rowCount where count[i] > 0 { weight += instance.weights[i] }
        coveredWeight = weight
        cost = chosen.reduce(0) { $0 + instance.costs[$1] }
    }

    /// Weight `j` would add.
    func gain(of j: Int) -> Double {
        var gain = 0.0
        for row in instance.rows(ofColumn: j) where count[Int(row)] == 0 { gain += instance.weights[Int(row)] }
        return gain
    }

    mutating func add(_ j: Int) {
        guard chosen.insert(j).inserted else { return }
        cost += instance.costs[j]
        for row in instance.rows(ofColumn: j) {
            let i = Int(row)
            if count[i] == 0 { coveredWeight += instance.weights[i] }
            count[i] += 1
        }
    }

    mutating func remove(_ j: Int) {
        guard chosen.remove(j) != nil else { return }
        cost -= instance.costs[j]
        for row in instance.rows(ofColumn: j) {
            let i = Int(row)
            count[i] -= 1
            if count[i] == 0 { coveredWeight -= instance.weights[i] }
        }
    }
}
