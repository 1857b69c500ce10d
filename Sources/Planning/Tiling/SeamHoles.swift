import Geo
import Optimizer
import Support

/// The merge's last step (docs/scale.md, "merge", step 5): every **enclosed hole at a seam** of the
/// merged plan — 4-connected uncovered cells of one district, none on the edge of the demand region,
/// at least one of them next to a cell of another tile — that the merge's columns can cover is
/// closed. Each tile saw only its side of such a hole, so neither built for it; the single-machine
/// run, which sees both sides, usually would have.
///
/// Columns `0..<positions.count` of the state's instance are candidates (`positions`: where each
/// stands, local metres); the rest (existing sites) are fixed.
/// Each hole, in the order of its smallest cell, is closed by the cheaper of
/// - **a window re-solve**: the candidates that can cover a cell of the hole, the plan's sites
///   sharing a cell with them and every candidate within `radiusMeters` (the merge passes the
///   largest search radius R) of the hole, freed and re-solved as in `WindowResolve` with the
///   hole's cells and every seam cell the freed sites covered as must-cover rows and the global
///   residual target — room to move the sites around the hole rather than add one;
/// - **a direct cover**: the cheapest set of candidates covering every cell of the hole, added.
///
/// Neither uncovers a seam cell (the direct cover uncovers nothing), so no seam hole opens; the
/// re-solve is still taken only when the plan then has fewer enclosed seam holes (a check). Either way the count falls with every
/// hole closed, and holes are listed again after each. A hole with a cell that no column of the
/// merge reaches, or whose closing would take the step's added cost past `budgetFraction` (1 %) of
/// the plan's cost, is left (counted as `unclosable`). Windows, columns and rows go in fixed orders:
/// deterministic.
enum SeamHoles {
    // Long because: one loop told in order — pick the next hole, its direct cover, its window, the
    // tentative re-solve checked against the hole count, the fallback — each step using the last one's state.
    static func close(
        _ state: inout SelectionState, positions: [Coordinate], radiusMeters: Double, grid: DemandGrid,
        owner: [Int32], targetWeight: Double, must: [Int], coverageTarget: Double, options: SolverOptions,
        budgetFraction: Double = 0.01
    ) -> MergeReport.SeamHoles {
        let candidates = positions.count
        let instance = state.instance
        var report = MergeReport.SeamHoles()
        report.costBefore = state.cost
        let seam = seamFlags(grid: grid, owner: owner)
        var isMust = [Bool](repeating: coverageTarget >= 1, count: instance.rowCount)
        for i in must { isMust[i] = true }
        var current = holes(grid: grid, count: state.count, seam: seam)
        report.found = current.count
        var unclosable = Set<Int32>() // smallest cell of each hole found unclosable
        // Each pass closes one hole and lowers the count, or marks one unclosable: it ends.
        while let hole = current.first(where: { !unclosable.contains($0[0]) }) {
            let cells = hole.map(Int.init)
            var reach = Set<Int>()
            var coverable = true
            for i in cells {
                let columns = instance.columns(ofRow: i).map(Int.init).filter { $0 < candidates }
                if columns.isEmpty { coverable = false }
                reach.formUnion(columns)
            }
            let direct =
                coverable
                ? WindowResolve.solveWindow(
                    reach.sorted(), rows: cells,
                    local: Dictionary(uniqueKeysWithValues: cells.enumerated().map { ($1, $0) }), need: 0,
                    isMust: [Bool](repeating: true, count: instance.rowCount), instance: instance, options: options)
                : nil
            guard let direct else {
                unclosable.insert(hole[0])
                continue
            }
            // Window: the hole's candidates, the plan's sites that share a cell with them, and every
            // candidate standing within `radiusMeters` of the hole's cells.
            var window = reach
            let first = grid.center(of: cells[0])
            var box = BoundingBox(minX: first.x, minY: first.y, maxX: first.x, maxY: first.y)
            for i in cells { box.include(grid.center(of: i)) }
            for j in 0..<candidates {
                let p = positions[j]
                if p.x >= box.minX - radiusMeters, p.x <= box.maxX + radiusMeters, p.y >= box.minY - radiusMeters,
                    p.y <= box.maxY + radiusMeters
                {
                    window.insert(j)
                }
            }
            for j in reach {
                for row in instance.rows(ofColumn: j) {
                    for k in instance.columns(ofRow: Int(row)) where state.chosen.contains(Int(k)) {
                        window.insert(Int(k))
                    }
                }
            }
            let columns = window.sorted()
            let freed = columns.filter { state.chosen.contains($0) }
            let freedCost = freed.reduce(0) { $0 + instance.costs[$1] }
            for j in freed { state.remove(j) }
            var local: [Int: Int] = [:]
            for j in columns {
                for row in instance.rows(ofColumn: j) where state.count[Int(row)] == 0 { local[Int(row)] = -1 }
            }
            let rows = local.keys.sorted()
            for (k, i) in rows.enumerated() { local[i] = k }
            // Must: the hole, and every seam cell the freed sites covered that nothing else covers now.
            var protected = Set(cells)
            for j in freed {
                for row in instance.rows(ofColumn: j) where state.count[Int(row)] == 0 && seam[Int(row)] {
                    protected.insert(Int(row))
                }
            }
            let mustRows = protected.sorted()
            let saved = mustRows.map { isMust[$0] }
            for i in mustRows { isMust[i] = true }
            let resolved = WindowResolve.solveWindow(
                columns, rows: rows, local: local, need: targetWeight - state.coveredWeight, isMust: isMust,
                instance: instance, options: options)
            for (i, was) in zip(mustRows, saved) { isMust[i] = was }
            // The re-solve is taken when it is cheaper than adding the direct cover and leaves fewer
            // enclosed seam holes; else the direct cover, which uncovers nothing.
            // Budget: closing holes may add at most `budgetFraction` of the plan's cost before the step.
            let cheapest = min(direct.cost, resolved.map { $0.cost - freedCost } ?? .infinity)
            if state.cost + freedCost + cheapest > report.costBefore * (1 + budgetFraction) + 1e-9 {
                for j in freed { state.add(j) }
                unclosable.insert(hole[0])
                continue
            }
            var taken = false
            if let resolved, resolved.cost < freedCost + direct.cost - 1e-9 * max(1, freedCost + direct.cost) {
                for j in resolved.columns { state.add(j) }
                let after = holes(grid: grid, count: state.count, seam: seam)
                if after.count < current.count {
                    current = after
                    report.sitesFreed += freed.count
                    report.sitesAdded += resolved.columns.count
                    taken = true
                } else {
                    for j in resolved.columns { state.remove(j) }
                }
            }
            if !taken {
                for j in freed { state.add(j) }
                for j in direct.columns { state.add(j) }
                report.sitesAdded += direct.columns.count
                current = holes(grid: grid, count: state.count, seam: seam)
            }
            report.cells += cells.count
        }
        // A cover may close a neighbouring hole too, and a hole marked unclosable may be closed later
        // by another's cover: count both from the holes left.
        report.closed = report.found - current.count
        report.unclosable = current.count
        report.costAfter = state.cost
        return report
    }

    /// Cells with a 4-neighbour in another tile.
    static func seamFlags(grid: DemandGrid, owner: [Int32]) -> [Bool] {
        var seam = [Bool](repeating: false, count: grid.cellCount)
        for cell in 0..<grid.cellCount {
            grid.forEachNeighbor(of: cell) { n in if owner[n] != owner[cell] { seam[cell] = true } }
        }
        return seam
    }

    /// Enclosed holes holding a seam cell, each as its cells ascending, ordered by the smallest.
    static func holes(grid: DemandGrid, count: [Int32], seam: [Bool]) -> [[Int32]] {
        let components = Components.find(count: grid.cellCount, include: { count[$0] == 0 }) { cell, visit in
            let district = grid.cellDistrict[cell]
            grid.forEachNeighbor(of: cell) { n in if grid.cellDistrict[n] == district { visit(n) } }
        }
        return components.filter { hole in
            hole.contains { seam[Int($0)] } && !hole.contains { grid.isOnEdge(Int($0)) }
        }
    }
}
