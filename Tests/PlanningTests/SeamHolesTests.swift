import Foundation
import Optimizer
import Testing

@testable import Geo
@testable import Planning

/// The merge's seam-hole step (`SeamHoles`, docs/scale.md "merge", step 5) on a constructed case:
/// two tiles side by side whose plans each stop short of the border cell they did not see as theirs.
@Suite("Merge: enclosed holes at a seam")
struct SeamHolesTests {
    let projection = LocalProjection(centralMeridianDegrees: 113.3, originLatitudeDegrees: 23.1)

    /// A 12 × 12 grid of 50 m cells; tile 0 owns columns 0–5, tile 1 columns 6–11.
    func grid() -> DemandGrid {
        DemandGridBuilder.build(
            districts: [.polygon(.rectangle(minX: 0, minY: 0, maxX: 600, maxY: 600))], districtNames: ["d"],
            exclusions: [], cellMeters: 50, projection: projection, threads: 2)
    }

    @Test(
        "every coverable enclosed seam hole is closed at its cheapest cover; edge, interior and unreachable holes stay; no seam hole is opened"
    )
    func closesSeamHoles() throws {
        let grid = grid()
        func cell(_ c: Int, _ r: Int) -> Int { grid.cell(column: c, row: r)! }
        let owner = (0..<grid.cellCount).map { Int32(grid.cellColumn[$0] < 6 ? 0 : 1) }
        // Holes of the tiles' plans: a 1-cell seam hole (5,6), a 2-cell seam hole across the border
        // (5,3)-(6,3), a seam cell on the region's edge (6,0), an interior hole (2,2) and a seam hole
        // (6,9) that no candidate reaches.
        let seamOne = [cell(5, 6)]
        let seamTwo = [cell(5, 3), cell(6, 3)]
        let holes = Set(seamOne + seamTwo + [cell(6, 0), cell(2, 2), cell(6, 9)])
        let left = (0..<grid.cellCount).filter { grid.cellColumn[$0] < 6 && !holes.contains($0) }
        let right = (0..<grid.cellCount).filter { grid.cellColumn[$0] >= 6 && !holes.contains($0) }
        // Columns: the two plans (chosen), then candidates: for the 1-cell hole 3.0 and 2.0 (the
        // cheapest), for the 2-cell hole one covering both at 5.0 and one per cell at 1.0 each (the
        // cheapest cover: 2.0); one covering the edge cell and the interior one at 0.5 (never needed).
        let columnCells: [[Int]] = [
            left, right, seamOne + [cell(4, 6)], seamOne, seamTwo, [seamTwo[0]], [seamTwo[1], cell(7, 3)],
            [cell(6, 0), cell(2, 2)],
        ]
        let costs = [10.0, 10, 3, 2, 5, 1, 1, 0.5]
        var starts = [0]
        var rows: [UInt32] = []
        for cells in columnCells {
            rows += cells.sorted().map { UInt32($0) }
            starts.append(rows.count)
        }
        let instance = try CoveringInstance(
            rowCount: grid.cellCount, columnStarts: starts, columnRows: rows, costs: costs, weights: grid.weights)
        var state = SelectionState(instance: instance, chosen: [0, 1])
        let target = 0.9 * grid.totalWeight
        let before = SeamHoles.holes(grid: grid, count: state.count, seam: seamFlags(grid, owner))
        #expect(before.count == 3, "enclosed seam holes before: \(before)")

        let report = SeamHoles.close(
            &state, positions: positions(costs.count), radiusMeters: 0, grid: grid, owner: owner, targetWeight: target,
            must: [],
            coverageTarget: 0.9, options: SolverOptions(threads: 2, seed: 1), budgetFraction: .infinity)
        #expect(report.found == 3)
        #expect(report.closed == 2)
        #expect(report.unclosable == 1)
        #expect(report.cells == 3)
        #expect(report.costBefore == 20)
        #expect(report.costAfter == 24, "the cheapest covers cost 2.0 + 2.0")
        #expect(state.chosen == [0, 1, 3, 5, 6])
        for i in seamOne + seamTwo { #expect(state.count[i] > 0, "cell \(i) still uncovered") }
        for i in [cell(6, 0), cell(2, 2), cell(6, 9)] { #expect(state.count[i] == 0) }
        let after = SeamHoles.holes(grid: grid, count: state.count, seam: seamFlags(grid, owner))
        #expect(after.map { $0.map(Int.init) } == [[cell(6, 9)]])
        #expect(state.coveredWeight >= target)

        // Closing again changes nothing: the step is idempotent and deterministic.
        let again = SeamHoles.close(
            &state, positions: positions(costs.count), radiusMeters: 0, grid: grid, owner: owner, targetWeight: target,
            must: [],
            coverageTarget: 0.9, options: SolverOptions(threads: 1, seed: 1), budgetFraction: .infinity)
        #expect(again.found == 1 && again.closed == 0 && again.costAfter == 24)
    }

    @Test("a window re-solve that is cheaper than adding a cover replaces the plan's sites there")
    func windowResolveWins() throws {
        let grid = grid()
        func cell(_ c: Int, _ r: Int) -> Int { grid.cell(column: c, row: r)! }
        let owner = (0..<grid.cellCount).map { Int32(grid.cellColumn[$0] < 6 ? 0 : 1) }
        let hole = cell(5, 6)
        // Plans: everything but the hole, split into a left part, a right part and a small site near
        // the hole (cost 4). A candidate covering the small site's cells and the hole costs 4.5: the
        // direct cover (another site for the hole) costs 3, the re-solve swaps 4 for 4.5 (+0.5). The
        // target (99 % of 144 cells) needs the small site's cells, so the re-solve cannot just drop it.
        let near = [cell(4, 6), cell(4, 5), cell(5, 5)]
        let left = (0..<grid.cellCount).filter { grid.cellColumn[$0] < 6 && $0 != hole && !near.contains($0) }
        let right = (0..<grid.cellCount).filter { grid.cellColumn[$0] >= 6 }
        let columnCells: [[Int]] = [left, right, near, near + [hole], [hole]]
        let costs = [10.0, 10, 4, 4.5, 3]
        var starts = [0]
        var rows: [UInt32] = []
        for cells in columnCells {
            rows += cells.sorted().map { UInt32($0) }
            starts.append(rows.count)
        }
        let instance = try CoveringInstance(
            rowCount: grid.cellCount, columnStarts: starts, columnRows: rows, costs: costs, weights: grid.weights)
        var state = SelectionState(instance: instance, chosen: [0, 1, 2])
        let report = SeamHoles.close(
            &state, positions: positions(costs.count), radiusMeters: 0, grid: grid, owner: owner,
            targetWeight: 0.99 * grid.totalWeight,
            must: [], coverageTarget: 0.99, options: SolverOptions(threads: 2, seed: 1), budgetFraction: .infinity)
        #expect(report.closed == 1 && report.sitesFreed == 1 && report.sitesAdded == 1)
        #expect(state.chosen == [0, 1, 3])
        #expect(report.costAfter == 24.5)
    }

    /// Candidate positions far from every hole: with radius 0 the windows are the holes' own columns.
    func positions(_ count: Int) -> [Coordinate] { Array(repeating: Coordinate(x: -1e6, y: -1e6), count: count) }

    func seamFlags(_ grid: DemandGrid, _ owner: [Int32]) -> [Bool] {
        (0..<grid.cellCount).map { cell in
            var seam = false
            grid.forEachNeighbor(of: cell) { n in if owner[n] != owner[cell] { seam = true } }
            return seam
        }
    }
}
