/// Which grid cells have their centre inside a polygonal region, row by row, by scanline
/// crossing (even–odd over all rings, so holes are excluded) — exact, and without GEOS, so it
/// scales to millions of cells and runs on any thread.
///
/// A centre lying exactly on an edge counts as inside when the edge is crossed going up
/// (half-open rule: an edge spans y0 ≤ y < y1), so cells shared by two districts that tile the
/// area fall in exactly one of them.
public struct ScanlineRasterizer: Sendable {
    /// Edges of every ring (planar coordinates), with y0 < y1.
    private let edgeX0: [Double]
    private let edgeY0: [Double]
    private let edgeX1: [Double]
    private let edgeY1: [Double]
    /// Edge indices sorted by lower y, for a quick start per row.
    private let order: [Int32]
    private let maxEdgeHeight: Double
    public let boundingBox: BoundingBox?

    /// Prepares the polygons of `geometry` (Polygon/MultiPolygon; other parts are ignored).
    public init(_ geometry: Geometry) {
        var x0: [Double] = []
        var y0: [Double] = []
        var x1: [Double] = []
        var y1: [Double] = []
        var box: BoundingBox?
        var tallest = 0.0
        for polygon in geometry.polygons {
            for ring in polygon.rings where ring.count >= 2 {
                for k in 0..<(ring.count - 1) {
                    let a = ring[k]
                    let b = ring[k + 1]
                    if box == nil { box = BoundingBox(minX: a.x, minY: a.y, maxX: a.x, maxY: a.y) }
                    box!.include(a)
                    box!.include(b)
                    if a.y == b.y { continue }
                    let (lo, hi) = a.y < b.y ? (a, b) : (b, a)
                    x0.append(lo.x)
                    y0.append(lo.y)
                    x1.append(hi.x)
                    y1.append(hi.y)
                    tallest = max(tallest, hi.y - lo.y)
                }
                if let first = ring.first, let last = ring.last, first != last, first.y != last.y {
                    let (lo, hi) = last.y < first.y ? (last, first) : (first, last)
                    x0.append(lo.x)
                    y0.append(lo.y)
                    x1.append(hi.x)
                    y1.append(hi.y)
                    tallest = max(tallest, hi.y - lo.y)
                }
            }
        }
        edgeX0 = x0
        edgeY0 = y0
        edgeX1 = x1
        edgeY1 = y1
        order = (0..<Int32(y0.count)).sorted { y0[Int($0)] < y0[Int($1)] || (y0[Int($0)] == y0[Int($1)] && $0 < $1) }
        maxEdgeHeight = tallest
        boundingBox = box
    }

    /// The x positions where the horizontal line at `y` crosses the region's boundary, sorted.
    /// Pairs (x[0], x[1]), (x[2], x[3]), … bound the inside spans.
    public func crossings(atY y: Double) -> [Double] {
        var xs: [Double] = []
        // Edges with y0 ≤ y: binary search the sorted order for the last one, then walk back
        // while an edge could still reach y (y0 ≥ y − tallest edge).
        var lo = 0
        var hi = order.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if edgeY0[Int(order[mid])] <= y { lo = mid + 1 } else { hi = mid }
        }
        var k = lo - 1
        while k >= 0 {
            let e = Int(order[k])
            if edgeY0[e] < y - maxEdgeHeight { break }
            if y < edgeY1[e] {
                let t = (y - edgeY0[e]) / (edgeY1[e] - edgeY0[e])
                xs.append(edgeX0[e] + t * (edgeX1[e] - edgeX0[e]))
            }
            k -= 1
        }
        xs.sort()
        return xs
    }

    /// Calls `body(firstColumn, lastColumn)` for each run of cells in `row` of `grid` whose
    /// centres lie inside the region (columns clamped to the grid, inclusive bounds).
    public func forEachSpan(row: Int, of grid: GridSpec, _ body: (Int, Int) -> Void) {
        let y = grid.originY + (Double(row) + 0.5) * grid.cellMeters
        let xs = crossings(atY: y)
        var k = 0
        while k + 1 < xs.count {
            // Centre x_c = originX + (c + 0.5)·cell inside when xs[k] ≤ x_c < xs[k+1].
            let first = Int(((xs[k] - grid.originX) / grid.cellMeters - 0.5).rounded(.up))
            let last = Int(((xs[k + 1] - grid.originX) / grid.cellMeters - 0.5).rounded(.up)) - 1
            let a = max(first, 0)
            let b = min(last, grid.columns - 1)
            if a <= b { body(a, b) }
            k += 2
        }
    }
}
