/// Which clutter classes have demand cells in each run of 32 grid squares of a row: lets the
/// coverage matrix skip, around a site, the stretches of its search disc that only a class absent
/// there could reach (a rural model reaching three times further than the urban ones makes the disc
/// nine times the urban one; in a city centre most of it holds no rural cell).
struct ClassPresence: Sendable {
    /// Squares per chunk.
    static let chunkSquares = 32
    /// Per row, per chunk of 32 squares: bit k set when class index k (k ≥ 63: bit 63) has a
    /// demand cell in the chunk.
    private let masks: [UInt64]
    private let chunksPerRow: Int

    /// The presence of `clutter`'s classes among the demand cells of `grid`.
    /// - Complexity: O(grid squares).
    init(clutter: ClutterRaster, grid: DemandGrid) {
        let spec = grid.spec
        chunksPerRow = (spec.columns + Self.chunkSquares - 1) / Self.chunkSquares
        var masks = [UInt64](repeating: 0, count: spec.rows * chunksPerRow)
        for row in 0..<spec.rows {
            for column in 0..<spec.columns where grid.cellIndex[row * spec.columns + column] >= 0 {
                let k = Int(clutter.classOfSquare[row * spec.columns + column])
                masks[row * chunksPerRow + column / Self.chunkSquares] |= Self.bit(k)
            }
        }
        self.masks = masks
    }

    /// The bit of class index `k`.
    static func bit(_ k: Int) -> UInt64 { 1 << UInt64(min(k, 63)) }

    /// Visits, in ascending order, the column ranges of `columns` in `row` that are either inside
    /// `inner` or in a chunk holding a class of `wanted`.
    @inline(__always)
    func forEachRange(
        row: Int, columns: ClosedRange<Int>, inner: ClosedRange<Int>?, wanted: UInt64,
        _ body: (ClosedRange<Int>) -> Void
    ) {
        guard let inner, inner.lowerBound <= columns.upperBound, inner.upperBound >= columns.lowerBound else {
            filtered(row: row, from: columns.lowerBound, to: columns.upperBound, wanted: wanted, body)
            return
        }
        let first = max(inner.lowerBound, columns.lowerBound)
        let last = min(inner.upperBound, columns.upperBound)
        filtered(row: row, from: columns.lowerBound, to: first - 1, wanted: wanted, body)
        body(first...last)
        filtered(row: row, from: last + 1, to: columns.upperBound, wanted: wanted, body)
    }

    @inline(__always)
    private func filtered(row: Int, from: Int, to: Int, wanted: UInt64, _ body: (ClosedRange<Int>) -> Void) {
        var column = from
        while column <= to {
            let chunk = column / Self.chunkSquares
            let end = min(to, chunk * Self.chunkSquares + Self.chunkSquares - 1)
            if masks[row * chunksPerRow + chunk] & wanted != 0 { body(column...end) }
            column = end + 1
        }
    }
}
