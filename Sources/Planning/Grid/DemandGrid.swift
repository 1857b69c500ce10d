import Geo
import Support

/// The demand cells of a job: the square cells of a grid in local metres whose centres fall
/// inside the planning area and outside every exclusion, with their weight and district.
///
/// Stored as flat arrays indexed by cell id (no per-cell objects); cell ids run row by row from
/// the south-west, so they are the same whatever the thread count. `cellIndex` maps a grid
/// position to its cell id (or −1), which makes neighbourhood lookups plain arithmetic.
public struct DemandGrid: Sendable {
    /// The grid in local metres of `projection`.
    public let spec: GridSpec
    public let projection: LocalProjection
    /// Grid column and row of each cell.
    public let cellColumn: [Int32]
    public let cellRow: [Int32]
    /// Index of the district (into `Scenario.districts`) each cell belongs to.
    public let cellDistrict: [UInt16]
    /// Demand weight of each cell (default: its area in m²).
    public let weights: [Double]
    /// Cell id at grid position `row * spec.columns + column`, or −1 when that square is not a
    /// demand cell.
    public let cellIndex: [Int32]
    /// Names of the districts, by index.
    public let districtNames: [String]

    /// Number of demand cells.
    public var cellCount: Int { cellColumn.count }
    /// Area of one cell in m².
    public var cellAreaSquareMeters: Double { spec.cellMeters * spec.cellMeters }
    /// Sum of all weights.
    public var totalWeight: Double { weights.reduce(0, +) }

    public init(
        spec: GridSpec, projection: LocalProjection, cellColumn: [Int32], cellRow: [Int32], cellDistrict: [UInt16],
        weights: [Double], cellIndex: [Int32], districtNames: [String]
    ) {
        self.spec = spec
        self.projection = projection
        self.cellColumn = cellColumn
        self.cellRow = cellRow
        self.cellDistrict = cellDistrict
        self.weights = weights
        self.cellIndex = cellIndex
        self.districtNames = districtNames
    }

    /// The cell at a grid position, or `nil` when outside the grid or not a demand cell.
    @inlinable public func cell(column: Int, row: Int) -> Int? {
        guard column >= 0, row >= 0, column < spec.columns, row < spec.rows else { return nil }
        let id = cellIndex[row * spec.columns + column]
        return id >= 0 ? Int(id) : nil
    }

    /// Centre of a cell in local metres.
    @inlinable public func center(of cell: Int) -> Coordinate {
        spec.center(column: Int(cellColumn[cell]), row: Int(cellRow[cell]))
    }

    /// Centre of a cell in WGS-84 degrees.
    public func centerLonLat(of cell: Int) -> Coordinate {
        projection.unproject(center(of: cell))
    }

    /// The 4-neighbours of a cell that are demand cells (west, east, south, north order).
    @inlinable public func forEachNeighbor(of cell: Int, _ body: (Int) -> Void) {
        let c = Int(cellColumn[cell])
        let r = Int(cellRow[cell])
        if let n = self.cell(column: c - 1, row: r) { body(n) }
        if let n = self.cell(column: c + 1, row: r) { body(n) }
        if let n = self.cell(column: c, row: r - 1) { body(n) }
        if let n = self.cell(column: c, row: r + 1) { body(n) }
    }

    /// True when some 4-neighbour square of the cell is not a demand cell (outside the area, in an
    /// exclusion, or off the grid): the cell lies on the edge of the demand region.
    @inlinable public func isOnEdge(_ cell: Int) -> Bool {
        let c = Int(cellColumn[cell])
        let r = Int(cellRow[cell])
        return self.cell(column: c - 1, row: r) == nil || self.cell(column: c + 1, row: r) == nil
            || self.cell(column: c, row: r - 1) == nil || self.cell(column: c, row: r + 1) == nil
    }
}

/// Builds the demand grid of an area by scanline rasterisation, rows in parallel.
public enum DemandGridBuilder {
    /// Builds the grid.
    /// - Parameters:
    ///   - districts: district polygons in local metres (index = district id).
    ///   - exclusions: exclusion polygons in local metres.
    ///   - cellMeters: side of a cell.
    ///   - spec: the grid to rasterise on (a window of a larger run's grid); default: the smallest
    ///     grid aligned to multiples of `cellMeters` that covers the districts.
    /// - Complexity: O(rows × (edges crossing a row) + cells); rows run on up to `threads` threads.
    public static func build(
        districts: [Geometry], districtNames: [String], exclusions: [Geometry], cellMeters: Double,
        projection: LocalProjection, threads: Int, spec given: GridSpec? = nil
    ) -> DemandGrid {
        var box: BoundingBox?
        for geometry in districts {
            if let b = geometry.boundingBox {
                if box == nil { box = b } else { box!.include(b) }
            }
        }
        let spec =
            given
            ?? GridSpec.covering(
                box ?? BoundingBox(minX: 0, minY: 0, maxX: cellMeters, maxY: cellMeters), cellMeters: cellMeters)
        let districtRasters = districts.map(ScanlineRasterizer.init)
        let exclusionRasters = exclusions.map(ScanlineRasterizer.init)
        let columns = spec.columns

        // One work item per block of rows; each returns the (column, district) runs of its rows.
        let blocks = Parallel.chunks(count: spec.rows, parts: max(1, spec.rows / 16))
        let rowsPerBlock: [[[(column: Int32, district: UInt16)]]] = Parallel.map(count: blocks.count, threads: threads)
        { b in
            var label = [UInt16](repeating: 0, count: columns) // 0 = none, d + 1 = district d
            var result: [[(column: Int32, district: UInt16)]] = []
            for row in blocks[b] {
                for c in 0..<columns { label[c] = 0 }
                for (d, raster) in districtRasters.enumerated() {
                    raster.forEachSpan(row: row, of: spec) { first, last in
                        for c in first...last where label[c] == 0 { label[c] = UInt16(d + 1) }
                    }
                }
                for raster in exclusionRasters {
                    raster.forEachSpan(row: row, of: spec) { first, last in
                        for c in first...last { label[c] = 0 }
                    }
                }
                var cells: [(column: Int32, district: UInt16)] = []
                for c in 0..<columns where label[c] != 0 { cells.append((Int32(c), label[c] - 1)) }
                result.append(cells)
            }
            return result
        }

        var cellColumn: [Int32] = []
        var cellRow: [Int32] = []
        var cellDistrict: [UInt16] = []
        let total = rowsPerBlock.reduce(0) { $0 + $1.reduce(0) { $0 + $1.count } }
        cellColumn.reserveCapacity(total)
        cellRow.reserveCapacity(total)
        cellDistrict.reserveCapacity(total)
        var cellIndex = [Int32](repeating: -1, count: spec.cellCount)
        var row = 0
        for block in rowsPerBlock {
            for cells in block {
                for cell in cells {
                    cellIndex[row * columns + Int(cell.column)] = Int32(cellColumn.count)
                    cellColumn.append(cell.column)
                    cellRow.append(Int32(row))
                    cellDistrict.append(cell.district)
                }
                row += 1
            }
        }
        let weights = [Double](repeating: cellMeters * cellMeters, count: cellColumn.count)
        return DemandGrid(
            spec: spec, projection: projection, cellColumn: cellColumn, cellRow: cellRow, cellDistrict: cellDistrict,
            weights: weights, cellIndex: cellIndex, districtNames: districtNames)
    }
}
