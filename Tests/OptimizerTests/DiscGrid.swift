/// Discs on a raster grid of rows (row `y * width + x`, like a plan's cells in raster order): the
/// columns of the city-like test instances (a site and the cells it serves).
enum DiscGrid {
    /// A disc drawn from `random` — centre uniform over the grid in tenths of a cell, then radius in
    /// tenths from `radiusTenths` — as the rows of the cells whose point `(x + cellOffset,
    /// y + cellOffset)` lies in it, ascending (possibly none).
    static func randomDisc(
        _ random: inout TestRandom, width: Int, height: Int, radiusTenths: ClosedRange<Int>, cellOffset: Double
    ) -> [Int] {
        let (cx, cy) = (
            Double(random.int(0...(10 * width - 1))) / 10, Double(random.int(0...(10 * height - 1))) / 10
        )
        let radius = Double(random.int(radiusTenths)) / 10
        var rows: [Int] = []
        for y in max(0, Int(cy - radius))...min(height - 1, Int(cy + radius)) {
            for x in max(0, Int(cx - radius))...min(width - 1, Int(cx + radius)) {
                let (dx, dy) = (Double(x) + cellOffset - cx, Double(y) + cellOffset - cy)
                if dx * dx + dy * dy <= radius * radius { rows.append(y * width + x) }
            }
        }
        return rows
    }
}
