import Optimizer
import Support

/// Deterministic synthetic covering instances of any size, city-like: demand cells on a square
/// grid with a dense core, candidate sites at random cells each covering the cells within a radius
/// (a disk of `radius` cells), 2 % of them existing (fixed) sites. Row ids within a column come out
/// ascending, so the CSR needs no sorting.
///
/// - Complexity: O(nnz) time and memory.
enum GeneratedCoverage {
    static func make(rows: Int, columns: Int, radiusCells: Int, seed: UInt64) throws -> CoveringInstance {
        let width = max(1, Int((Double(rows) * 4 / 3).squareRoot().rounded()))
        let height = max(1, rows / width)
        let cellCount = width * height
        var random = SplitMix64(seed: seed)
        // Weight: a dense core fading to the edges, times a random factor in 1...4.
        var weights = [Double](repeating: 0, count: cellCount)
        let cx = Double(width) / 2
        let cy = Double(height) / 2
        let scale = Double(max(width, height)) / 3
        for y in 0..<height {
            for x in 0..<width {
                let d2 = ((Double(x) - cx) * (Double(x) - cx) + (Double(y) - cy) * (Double(y) - cy)) / (scale * scale)
                let density = 1 + 9 / (1 + d2)
                weights[y * width + x] = (density * Double(1 + random.next() % 4)).rounded()
            }
        }
        var offsets: [(Int, Int)] = []
        for dy in -radiusCells...radiusCells {
            for dx in -radiusCells...radiusCells where dx * dx + dy * dy <= radiusCells * radiusCells {
                offsets.append((dy, dx))
            }
        }
        var starts = [Int](repeating: 0, count: columns + 1)
        var cells: [UInt32] = []
        cells.reserveCapacity(columns * offsets.count)
        var costs = [Double](repeating: 0, count: columns)
        for j in 0..<columns {
            let x = Int(random.next() % UInt64(width))
            let y = Int(random.next() % UInt64(height))
            for (dy, dx) in offsets {
                let yy = y + dy
                let xx = x + dx
                if yy >= 0 && yy < height && xx >= 0 && xx < width { cells.append(UInt32(yy * width + xx)) }
            }
            starts[j + 1] = cells.count
            costs[j] = Double(2 + random.next() % 7) // 2…8: rooftop vs tower-like prices
        }
        let fixed = stride(from: 0, to: columns, by: 50).map { $0 }
        return try CoveringInstance(
            rowCount: cellCount, columnStarts: starts, columnRows: cells, costs: costs,
            weights: weights, fixedColumns: fixed)
    }
}
