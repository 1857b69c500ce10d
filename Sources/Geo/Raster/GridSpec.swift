/// A square grid in a planar frame: cell (column, row) spans
/// [originX + column·cell, originX + (column+1)·cell) × [originY + row·cell, …), rows going north.
public struct GridSpec: Sendable, Hashable {
    public let originX: Double
    public let originY: Double
    public let cellMeters: Double
    public let columns: Int
    public let rows: Int

    public init(originX: Double, originY: Double, cellMeters: Double, columns: Int, rows: Int) {
        self.originX = originX
        self.originY = originY
        self.cellMeters = cellMeters
        self.columns = columns
        self.rows = rows
    }

    /// The smallest grid aligned to multiples of `cellMeters` that covers `box`.
    public static func covering(_ box: BoundingBox, cellMeters: Double) -> GridSpec {
        let minColumn = (box.minX / cellMeters).rounded(.down)
        let minRow = (box.minY / cellMeters).rounded(.down)
        let maxColumn = (box.maxX / cellMeters).rounded(.up)
        let maxRow = (box.maxY / cellMeters).rounded(.up)
        return GridSpec(
            originX: minColumn * cellMeters, originY: minRow * cellMeters, cellMeters: cellMeters,
            columns: max(1, Int(maxColumn - minColumn)), rows: max(1, Int(maxRow - minRow)))
    }

    /// Number of cells in the grid.
    public var cellCount: Int { columns * rows }

    /// Centre of cell (column, row).
    @inlinable public func center(column: Int, row: Int) -> Coordinate {
        Coordinate(x: originX + (Double(column) + 0.5) * cellMeters, y: originY + (Double(row) + 0.5) * cellMeters)
    }

    /// The square of cell (column, row) as a counter-clockwise polygon.
    public func cellPolygon(column: Int, row: Int) -> Polygon {
        let x0 = originX + Double(column) * cellMeters
        let y0 = originY + Double(row) * cellMeters
        return .rectangle(minX: x0, minY: y0, maxX: x0 + cellMeters, maxY: y0 + cellMeters)
    }
}
