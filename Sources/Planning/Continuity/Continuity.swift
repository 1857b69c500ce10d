import Geo
import Support

/// The continuity of a network's coverage — the `continuity` stage of `solve` and `audit`: holes
/// (4-connected uncovered cells within one district), components of the covered region, and
/// per-district figures. The radio field (best server, SINR) is the next stage, `RadioField`.
public struct Continuity: Sendable {
    public var holes: [Hole]
    public var districts: [DistrictCoverage]
    /// 4-connected components of the covered cells (1 means the covered region is continuous).
    public var coveredComponents: Int
    public var coveredCells: Int
    public var coveredWeight: Double
    public var totalWeight: Double

    /// Covered demand weight / total demand weight.
    public var coverageRatio: Double { totalWeight > 0 ? coveredWeight / totalWeight : 1 }
    public var largestHoleSquareMeters: Double { holes.map(\.areaSquareMeters).max() ?? 0 }

    /// Analyses which cells are covered: the one implementation behind `solve` and `audit`.
    /// - Parameters:
    ///   - covered: one flag per demand cell.
    ///   - threads: threads for the hole outlines.
    ///   - onProgress: told how far the stage is, in cells: each demand cell once for the three
    ///     component passes (a third per pass), then each uncovered cell as its hole is outlined —
    ///     `cells + uncovered cells` in all. Called from worker threads; keep it cheap.
    /// - Complexity: O(cells) for the components; outlines O(cells of holes).
    public static func analyze(
        grid: DemandGrid, covered: [Bool], threads: Int, onProgress: (@Sendable (StageProgress) -> Void)? = nil
    ) throws(PlanningError) -> Continuity {
        let uncovered = covered.reduce(0) { $0 + ($1 ? 0 : 1) }
        let counter = onProgress.map {
            ProgressCounter(
                stage: PipelineStage.continuity.rawValue, total: grid.cellCount + uncovered, unit: "cells", report: $0)
        }
        let pass = [grid.cellCount / 3, grid.cellCount / 3, grid.cellCount - 2 * (grid.cellCount / 3)]
        // Holes: uncovered cells, 4-connected, within one district.
        let holeCells = Components.find(count: grid.cellCount, include: { !covered[$0] }) { cell, visit in
            let district = grid.cellDistrict[cell]
            grid.forEachNeighbor(of: cell) { n in
                if grid.cellDistrict[n] == district { visit(n) }
            }
        }
        counter?.add(pass[0])
        let coveredComponents = Components.find(count: grid.cellCount, include: { covered[$0] }) { cell, visit in
            grid.forEachNeighbor(of: cell, visit)
        }.count
        counter?.add(pass[1])
        var continuity = Continuity(
            holes: [], districts: [], coveredComponents: coveredComponents, coveredCells: 0, coveredWeight: 0,
            totalWeight: grid.totalWeight)
        continuity.addDistrictFigures(grid: grid, covered: covered)
        counter?.add(pass[2])
        var holeDone: (@Sendable (Int) -> Void)?
        if let counter { holeDone = { counter.add($0) } }
        continuity.holes = measure(holeCells, grid: grid, threads: threads, progress: holeDone)
        continuity.addHoleFigures()
        return continuity
    }

    /// Each hole's outline (its cells dissolved by `CellRegionTracer`, exact), area, uncovered
    /// weight, centroid and whether it reaches the edge of the demand region.
    /// - Parameter progress: called with the cells of each hole once it is outlined.
    static func measure(
        _ holeCells: [[Int32]], grid: DemandGrid, threads: Int, progress: (@Sendable (Int) -> Void)? = nil
    ) -> [Hole] {
        let outlines: [Geometry] = Parallel.map(count: holeCells.count, threads: threads) { h in
            let cells = holeCells[h].map { (column: grid.cellColumn[Int($0)], row: grid.cellRow[Int($0)]) }
            defer { progress?(cells.count) }
            return grid.projection.unproject(CellRegionTracer.geometry(cells: cells, spec: grid.spec))
        }
        var holes: [Hole] = []
        holes.reserveCapacity(holeCells.count)
        for (h, cells) in holeCells.enumerated() {
            var sumX = 0.0
            var sumY = 0.0
            var weight = 0.0
            var edge = false
            for cell in cells {
                let c = grid.center(of: Int(cell))
                sumX += c.x
                sumY += c.y
                weight += grid.weights[Int(cell)]
                if !edge && grid.isOnEdge(Int(cell)) { edge = true }
            }
            let n = Double(cells.count)
            let centroid = grid.projection.unproject(Coordinate(x: sumX / n, y: sumY / n))
            holes.append(
                Hole(
                    number: h + 1, district: Int(grid.cellDistrict[Int(cells[0])]), cells: cells,
                    areaSquareMeters: n * grid.cellAreaSquareMeters, uncoveredWeight: weight, centroid: centroid,
                    touchesEdge: edge, geometry: outlines[h]))
        }
        return holes
    }

    /// Per-district cells, weights and covered components, and the covered totals (the holes are
    /// added by `addHoleFigures`).
    mutating func addDistrictFigures(grid: DemandGrid, covered: [Bool]) {
        districts = grid.districtNames.map {
            DistrictCoverage(
                name: $0, cells: 0, coveredCells: 0, weight: 0, coveredWeight: 0, holes: 0, largestHoleSquareMeters: 0,
                coveredComponents: 0)
        }
        let districtComponents = Components.find(count: grid.cellCount, include: { covered[$0] }) { cell, visit in
            let district = grid.cellDistrict[cell]
            grid.forEachNeighbor(of: cell) { n in
                if grid.cellDistrict[n] == district { visit(n) }
            }
        }
        for component in districtComponents {
            districts[Int(grid.cellDistrict[Int(component[0])])].coveredComponents += 1
        }
        for cell in 0..<grid.cellCount {
            let d = Int(grid.cellDistrict[cell])
            districts[d].cells += 1
            districts[d].weight += grid.weights[cell]
            if covered[cell] {
                districts[d].coveredCells += 1
                districts[d].coveredWeight += grid.weights[cell]
                coveredCells += 1
                coveredWeight += grid.weights[cell]
            }
        }
    }

    /// Per-district hole counts and largest holes.
    mutating func addHoleFigures() {
        for hole in holes {
            districts[hole.district].holes += 1
            districts[hole.district].largestHoleSquareMeters = max(
                districts[hole.district].largestHoleSquareMeters, hole.areaSquareMeters)
        }
    }
}
