import Geo
import Support

/// Builds a demand grid from weighted points (`demand.points`): each point becomes the demand cell
/// of the grid square holding it, in the same flat `DemandGrid` arrays as polygon demand.
///
/// The grid is aligned so that cell centres fall on multiples of the cell size: square column `c`
/// has its centre at `(c₀ + c) · cell_m`. A point therefore sits at the centre of its cell when its
/// coordinates are multiples of `cell_m` — an integer lattice with `cell_m` 1 is represented exactly,
/// and a service radius is then compared with exact squared integer distances. Points sharing a
/// cell are merged (weights summed, a warning counts them); points outside every district or inside
/// an exclusion (judged by their cell's centre, the polygon grid's rule) are left out with a warning.
///
/// - Complexity: O(points log points + squares of the grid's box) time and one `Int32` + one
///   `UInt16` per square of memory (6.25 M squares for a 2500 × 2500 m lattice at 1 m).
enum PointDemandGrid {
    /// What happened to the points, for warnings.
    struct Report {
        var merged = 0
        var firstMerge: (kept: Int, merged: Int)?
        var outside = 0
        var firstOutside: Int?
        var inExclusion = 0
        var firstInExclusion: Int?
    }

    /// The largest grid (in squares) a points demand may span.
    static let maximumSquares = 400_000_000

    /// - Parameters:
    ///   - points: positions in the grid's frame (local metres), with their weights.
    ///   - extent: a box (local metres) the grid must cover besides the points (the lattice bounds).
    ///   - districts, exclusions: polygons in local metres.
    static func build(
        points: [Coordinate], weights: [Double], cellMeters: Double, extent: BoundingBox?, districts: [Geometry],
        districtNames: [String], exclusions: [Geometry], projection: LocalProjection,
        sourceFile: String
    ) throws(PlanningError) -> (grid: DemandGrid, report: Report) {
        let spec = try gridSpec(points: points, extent: extent, cellMeters: cellMeters, sourceFile: sourceFile)
        let (label, excluded) = squareLabels(districts: districts, exclusions: exclusions, spec: spec)

        // Points by square (stable: input order within a square).
        var report = Report()
        var keyed: [(square: Int, index: Int)] = []
        keyed.reserveCapacity(points.count)
        for (i, p) in points.enumerated() {
            guard let square = GridSquares.square(of: p, in: spec) else { continue }
            if !excluded.isEmpty && excluded[square] {
                report.inExclusion += 1
                if report.firstInExclusion == nil { report.firstInExclusion = i }
                continue
            }
            if label[square] == 0 {
                report.outside += 1
                if report.firstOutside == nil { report.firstOutside = i }
                continue
            }
            keyed.append((square, i))
        }
        keyed.sort { $0.square < $1.square || ($0.square == $1.square && $0.index < $1.index) }
        var cellColumn: [Int32] = []
        var cellRow: [Int32] = []
        var cellDistrict: [UInt16] = []
        var cellWeights: [Double] = []
        var cellIndex = [Int32](repeating: -1, count: spec.cellCount)
        var previous = -1
        var keptIndex = -1
        for (square, i) in keyed {
            if square == previous {
                cellWeights[cellWeights.count - 1] += weights[i]
                report.merged += 1
                if report.firstMerge == nil { report.firstMerge = (keptIndex, i) }
                continue
            }
            previous = square
            keptIndex = i
            cellIndex[square] = Int32(cellColumn.count)
            cellColumn.append(Int32(square % spec.columns))
            cellRow.append(Int32(square / spec.columns))
            cellDistrict.append(label[square] - 1)
            cellWeights.append(weights[i])
        }
        let grid = DemandGrid(
            spec: spec, projection: projection, cellColumn: cellColumn, cellRow: cellRow, cellDistrict: cellDistrict,
            weights: cellWeights, cellIndex: cellIndex, districtNames: districtNames)
        return (grid, report)
    }

    /// The grid over the points and `extent`, its cell centres on multiples of the cell size.
    /// - Throws: `.invalidInput` when it would exceed `maximumSquares`.
    static func gridSpec(points: [Coordinate], extent: BoundingBox?, cellMeters cell: Double, sourceFile: String)
        throws(PlanningError) -> GridSpec
    {
        var box = BoundingBox(minX: points[0].x, minY: points[0].y, maxX: points[0].x, maxY: points[0].y)
        for p in points { box.include(p) }
        if let extent { box.include(extent) }
        let firstColumn = (box.minX / cell + 0.5).rounded(.down)
        let firstRow = (box.minY / cell + 0.5).rounded(.down)
        let originX = (firstColumn - 0.5) * cell
        let originY = (firstRow - 0.5) * cell
        let columnsD = ((box.maxX - originX) / cell).rounded(.down) + 1
        let rowsD = ((box.maxY - originY) / cell).rounded(.down) + 1
        guard columnsD * rowsD <= Double(maximumSquares) else {
            throw .invalidInput([
                Problem(
                    .error, file: sourceFile, field: "demand.cell_m",
                    expected:
                        "a cell size giving at most \(maximumSquares) grid squares over the demand points' extent",
                    found: "\(Int(columnsD)) × \(Int(rowsD)) squares of \(Precision.hundredths.text(cell)) m")
            ])
        }
        return GridSpec(originX: originX, originY: originY, cellMeters: cell, columns: Int(columnsD), rows: Int(rowsD))
    }

    /// The district of every square (1-based, 0: none; the first district wins), by centre, and
    /// whether an exclusion holds it (empty without exclusions).
    static func squareLabels(districts: [Geometry], exclusions: [Geometry], spec: GridSpec) -> (
        label: [UInt16], excluded: [Bool]
    ) {
        var label = [UInt16](repeating: 0, count: spec.cellCount)
        for (d, geometry) in districts.enumerated() {
            GridSquares.forEachSpan(of: geometry, in: spec) { row, first, last in
                let base = row * spec.columns
                for c in first...last where label[base + c] == 0 { label[base + c] = UInt16(d + 1) }
            }
        }
        var excluded = [Bool]()
        if !exclusions.isEmpty {
            excluded = [Bool](repeating: false, count: spec.cellCount)
            for geometry in exclusions {
                GridSquares.forEachSpan(of: geometry, in: spec) { row, first, last in
                    for c in first...last { excluded[row * spec.columns + c] = true }
                }
            }
        }
        return (label, excluded)
    }
}
