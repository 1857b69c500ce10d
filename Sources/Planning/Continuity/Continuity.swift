import Geo
import Support

/// A coverage hole: a 4-connected set of uncovered demand cells within one district.
public struct Hole: Sendable {
    /// 1-based number, in the order of the hole's first cell (south-west first).
    public var number: Int
    /// District index.
    public var district: Int
    /// The hole's cells (ascending ids).
    public var cells: [Int32]
    /// Area in m² (cells × cell area).
    public var areaSquareMeters: Double
    /// Uncovered demand weight.
    public var uncoveredWeight: Double
    /// Centroid of the cell centres in WGS-84 degrees.
    public var centroid: Coordinate
    /// True when the hole reaches the edge of the demand region (area boundary or an exclusion);
    /// false for a hole enclosed by coverage.
    public var touchesEdge: Bool
    /// The hole's outline in WGS-84 degrees (Polygon or MultiPolygon): its cells dissolved by
    /// `CellRegionTracer` (exact; checked against GEOS in the tests).
    public var geometry: Geometry
}

/// Coverage figures of one district.
public struct DistrictCoverage: Sendable {
    public var name: String
    public var cells: Int
    public var coveredCells: Int
    public var weight: Double
    public var coveredWeight: Double
    public var holes: Int
    public var largestHoleSquareMeters: Double
    /// 4-connected components of the district's covered cells (1 = continuous within the district).
    public var coveredComponents: Int

    /// Covered weight / weight (1 for an empty district).
    public var coverageRatio: Double { weight > 0 ? coveredWeight / weight : 1 }
    /// Covered cells / cells.
    public var areaCoverageRatio: Double { cells > 0 ? Double(coveredCells) / Double(cells) : 1 }
}

/// The continuity of a coverage: holes, covered-region components and per-district figures.
public struct ContinuityReport: Sendable {
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
}

/// Finds and measures coverage holes; shared by `solve` and `audit`.
public enum ContinuityAnalysis {
    /// Analyses which cells are covered.
    /// - Parameters:
    ///   - covered: one flag per demand cell.
    ///   - threads: threads for the hole outlines.
    /// - Complexity: O(cells) for the components; outlines O(cells of holes) in GEOS.
    public static func analyze(grid: DemandGrid, covered: [Bool], threads: Int) throws(PlanningError)
        -> ContinuityReport
    {
        // Holes: uncovered cells, 4-connected, within one district.
        let holeCells = Components.find(count: grid.cellCount, include: { !covered[$0] }) { cell, visit in
            let district = grid.cellDistrict[cell]
            grid.forEachNeighbor(of: cell) { n in
                if grid.cellDistrict[n] == district { visit(n) }
            }
        }
        let coveredComponents = Components.find(count: grid.cellCount, include: { covered[$0] }) { cell, visit in
            grid.forEachNeighbor(of: cell, visit)
        }.count
        let districtComponents = Components.find(count: grid.cellCount, include: { covered[$0] }) { cell, visit in
            let district = grid.cellDistrict[cell]
            grid.forEachNeighbor(of: cell) { n in
                if grid.cellDistrict[n] == district { visit(n) }
            }
        }

        let cellArea = grid.cellAreaSquareMeters
        let outlines: [Geometry] = Parallel.map(count: holeCells.count, threads: threads) { h in
            let cells = holeCells[h].map { (column: grid.cellColumn[Int($0)], row: grid.cellRow[Int($0)]) }
            return grid.projection.unproject(CellRegionTracer.geometry(cells: cells, spec: grid.spec))
        }
        var holes: [Hole] = []
        holes.reserveCapacity(holeCells.count)
        for (h, cells) in holeCells.enumerated() {
            let geometry = outlines[h]
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
                    areaSquareMeters: n * cellArea, uncoveredWeight: weight, centroid: centroid,
                    touchesEdge: edge, geometry: geometry))
        }

        var districts = grid.districtNames.map {
            DistrictCoverage(
                name: $0, cells: 0, coveredCells: 0, weight: 0, coveredWeight: 0, holes: 0, largestHoleSquareMeters: 0,
                coveredComponents: 0)
        }
        for component in districtComponents {
            districts[Int(grid.cellDistrict[Int(component[0])])].coveredComponents += 1
        }
        var coveredCells = 0
        var coveredWeight = 0.0
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
        for hole in holes {
            districts[hole.district].holes += 1
            districts[hole.district].largestHoleSquareMeters = max(
                districts[hole.district].largestHoleSquareMeters, hole.areaSquareMeters)
        }
        return ContinuityReport(
            holes: holes, districts: districts, coveredComponents: coveredComponents, coveredCells: coveredCells,
            coveredWeight: coveredWeight, totalWeight: grid.totalWeight)
    }
}
