import Geo

/// Which squares of a grid have their centre inside a polygon, by rows within the polygon's
/// bounding box only — so rasterising many small polygons costs their own rows, not the grid's.
enum GridSquares {
    /// Calls `body(row, firstColumn, lastColumn)` for every run of squares of `spec` whose
    /// centres lie inside `geometry` (planar, same frame as `spec`), rows ascending.
    /// - Complexity: O(rows of the polygon's box × (log edges + crossings)).
    static func forEachSpan(of geometry: Geometry, in spec: GridSpec, _ body: (Int, Int, Int) -> Void) {
        let raster = ScanlineRasterizer(geometry)
        guard let box = raster.boundingBox else { return }
        let firstRow = max(0, Int(((box.minY - spec.originY) / spec.cellMeters - 0.5).rounded(.down)))
        let lastRow = min(spec.rows - 1, Int(((box.maxY - spec.originY) / spec.cellMeters - 0.5).rounded(.up)))
        guard firstRow <= lastRow else { return }
        for row in firstRow...lastRow {
            raster.forEachSpan(row: row, of: spec) { first, last in body(row, first, last) }
        }
    }

    /// The grid square (row * columns + column) holding a planar point, or nil outside the grid.
    static func square(of point: Coordinate, in spec: GridSpec) -> Int? {
        let column = ((point.x - spec.originX) / spec.cellMeters).rounded(.down)
        let row = ((point.y - spec.originY) / spec.cellMeters).rounded(.down)
        guard column.isFinite, row.isFinite, column >= 0, row >= 0, column < Double(spec.columns),
            row < Double(spec.rows)
        else { return nil }
        return Int(row) * spec.columns + Int(column)
    }
}
