import Geo
import Optimizer
import Support

/// Windows of the merged plan re-solved one after another with everything else fixed (docs/scale.md,
/// "merge", step 3): the seam step along the tile borders — where both neighbours built for their
/// own border cells — and passes over the whole area, which move coverage from tiles where it is dear
/// to tiles where it is cheap (the uniform per-tile target cannot).
///
/// Windows are squares of `sideFactor · R` (R: the largest search radius) aligned to the global grid
/// (shifted by `offsetFraction` of a side), taken row-major from the south-west. A window frees the
/// plan's movable columns standing in it and solves, over the cells its movable columns reach that no
/// fixed site covers, a partial cover whose target is the **global** residual: `t·W` minus the weight
/// covered outside those cells (must-cover cells stay must). The re-solve replaces the freed sites
/// only when it is strictly cheaper, so the plan stays feasible and never gets dearer; windows,
/// columns and rows go in fixed orders, so every pass is deterministic.
enum WindowResolve {
    static func run(
        _ state: inout SelectionState, merge: MergeColumns, grid: DemandGrid, manifest: TileManifest,
        targetWeight: Double, must: [Int], scenario: Scenario, options: PlanOptions,
        movable: (Int) -> Bool = { _ in true },
        sideFactor: Double = 4, offsetFraction: Double = 0
    ) -> MergeReport.Step {
        let spec = grid.spec
        let instance = state.instance
        let side = max(1, Int((sideFactor * manifest.rangeMeters / spec.cellMeters).rounded(.up)))
        let offset = Int64(Double(side) * offsetFraction)
        var report = MergeReport.Step(name: "", windowSquares: side)
        report.costBefore = state.cost
        // Seam columns by window (row-major from the south-west).
        var byWindow: [Int64: [Int]] = [:]
        for j in 0..<merge.isSeam.count where movable(j) {
            let p = merge.columns.placements[j].position
            let column = Int64(((p.x - spec.originX) / spec.cellMeters).rounded(.down)) + offset
            let row = Int64(((p.y - spec.originY) / spec.cellMeters).rounded(.down)) + offset
            let key = floorDiv(row, Int64(side)) << 32 + floorDiv(column, Int64(side))
            byWindow[key, default: []].append(j)
        }
        var isMust = [Bool](repeating: false, count: instance.rowCount)
        for i in must { isMust[i] = true }
        if manifest.coverageTarget >= 1 { isMust = [Bool](repeating: true, count: instance.rowCount) }
        let solverOptions = SolverOptions(
            threads: options.threads,
            timeLimitSeconds: scenario.solver.timeLimitSeconds ?? options.solverTimeLimitSeconds,
            seed: scenario.seed, effort: options.effort ?? scenario.solver.effort)
        for key in byWindow.keys.sorted() {
            let window = byWindow[key]!
            report.windows += 1
            let freed = window.filter { state.chosen.contains($0) }
            let freedCost = freed.reduce(0) { $0 + instance.costs[$1] }
            for j in freed { state.remove(j) }
            // Rows: cells the window's columns reach that nothing else covers.
            var local: [Int: Int] = [:]
            var rows: [Int] = []
            for j in window {
                for row in instance.rows(ofColumn: j) where state.count[Int(row)] == 0 && local[Int(row)] == nil {
                    local[Int(row)] = -1
                }
            }
            rows = local.keys.sorted()
            for (k, i) in rows.enumerated() { local[i] = k }
            let need = targetWeight - state.coveredWeight // weight the window must cover
            let selection = solveWindow(
                window, rows: rows, local: local, need: need, isMust: isMust, instance: instance, options: solverOptions
            )
            if let selection, selection.cost < freedCost - 1e-9 * max(1, freedCost) {
                for j in selection.columns { state.add(j) }
                report.windowsImproved += 1
                report.sitesFreed += freed.count
                report.sitesChosen += selection.columns.count
            } else {
                for j in freed { state.add(j) }
            }
        }
        report.costAfter = state.cost
        return report
    }

    static func floorDiv(_ a: Int64, _ b: Int64) -> Int64 { a >= 0 ? a / b : -((-a + b - 1) / b) }

    /// The cheapest selection of `window`'s columns the solver finds that covers `need` weight of
    /// `rows` and every must row among them; nil when it finds none.
    static func solveWindow(
        _ window: [Int], rows: [Int], local: [Int: Int], need: Double, isMust: [Bool], instance: CoveringInstance,
        options: SolverOptions
    ) -> (columns: [Int], cost: Double)? {
        let mustRows = rows.indices.filter { isMust[rows[$0]] }
        if rows.isEmpty || (need <= 0 && mustRows.isEmpty) { return ([], 0) }
        var starts = [0]
        var entries: [UInt32] = []
        for j in window {
            for row in instance.rows(ofColumn: j) {
                if let k = local[Int(row)], k >= 0 { entries.append(UInt32(k)) }
            }
            starts.append(entries.count)
        }
        let weights = rows.map { instance.weights[$0] }
        let total = weights.reduce(0, +)
        let objective: CoveringObjective
        if mustRows.count == rows.count || need >= total * (1 - 1e-12) {
            objective = .setCover
        } else {
            objective = .partialCover(targetFraction: max(0, min(1, need / total)))
        }
        do {
            let sub = try CoveringInstance(
                rowCount: rows.count, columnStarts: starts, columnRows: entries,
                costs: window.map { instance.costs[$0] },
                weights: weights, mustCoverRows: mustRows)
            let solution = try solveCovering(sub, objective: objective, options: options)
            return (solution.chosenColumns.map { window[$0] }, solution.cost)
        } catch {
            return nil
        }
    }
}
