import Foundation
import Geo
import Planning
import Support

/// The coverage layer of `report.html`: the best-server RSRP class of every covered demand cell
/// (the classes of `map.svg`), one image pixel per grid cell.
///
/// A city's per-site coverage polygons run to tens of megabytes; the class image of the same
/// cells, run-length encoded (`ReportData`), is a few hundred kilobytes and draws in one call.
/// The image stays in the grid's own plane (no resampling); a lattice of control points gives
/// the Web Mercator position of the grid plane every `latticeSpacingMeters` (the grid's
/// transverse Mercator unprojected to WGS-84, then spherical Mercator, EPSG:3857), and the page
/// draws the image with the affine map fitted to the lattice cell at the view's centre: within
/// 0.1 m of the exact position near it, cell edges exact on screen when zoomed in. The map bends
/// by about 5·10⁻⁸ per metre, so a view of a whole city is drawn in blocks, each with the affine
/// map of its own centre, keeping every cell within half a pixel (ReportHTMLTests checks both on
/// a Guangzhou-sized grid). Grids of more than `maxPixels` cells are sampled at every k-th cell
/// (the cell at each k × k block's centre).
enum CoverageRaster {
    /// Web Mercator (EPSG:3857) sphere radius in metres.
    static let earthRadius = 6_378_137.0
    /// The largest image made (pixels): a Guangzhou-sized city (~8,000 km²) stays under it at 50 m.
    static let maxPixels = 16_000_000
    /// Target spacing of the control lattice (grid-plane metres).
    static let latticeSpacingMeters = 2000.0

    /// The class of each demand cell: 0 uncovered, k ≥ 1 the k-th of `bands` (by best-server RSRP).
    static func cellClasses(_ view: NetworkView, bands: [MapSVG.CoverageClass]) -> [UInt8] {
        (0..<view.grid.cellCount).map { cell in
            guard view.covered[cell] else { return 0 }
            let rsrp = Double(view.bestRSRPDBm[cell])
            return UInt8((bands.firstIndex { rsrp >= $0.minimumDBm } ?? bands.count - 1) + 1)
        }
    }

    /// The raster of the view, or nil when the grid has no demand cell.
    static func make(_ view: NetworkView, threads: Int) -> ClassRaster? {
        let grid = view.grid
        guard grid.cellCount > 0 else { return nil }
        let bands =
            view.hasSignalLevels
            ? MapSVG.classes(threshold: view.rsrpThresholdDBm)
            : [MapSVG.CoverageClass(name: "covered (service radius)", color: "#4cb963", minimumDBm: -.infinity)]
        let image = Self.image(view, classes: cellClasses(view, bands: bands), threads: threads)
        let (width, height, step) = (image.width, image.height, image.step)
        let cell = view.grid.spec.cellMeters
        let sampling =
            step == 1 ? "one pixel per cell" : "one pixel per \(step) × \(step) cells (the centre cell's class)"
        return ClassRaster(
            id: "coverage", title: "Coverage by best-server RSRP", visible: true, width: width, height: height,
            pixels: image.pixels, lattice: image.lattice,
            classes: bands.map { (title: $0.name, color: $0.color) },
            note:
                "Covered demand cells (\(MapSVG.fmt(cell, 1)) m) by the RSRP of their best server, \(sampling) (\(width) × \(height)). coverage.geojson holds each site's best-server area as polygons."
        )
    }

    /// The image of per-cell classes (`classes[cell]`, 0 = nothing) over the grid rectangle holding
    /// every demand cell, north row first, with its control lattice; `step` > 1 when the grid is
    /// sampled at every step-th cell (more than `maxPixels` cells).
    static func image(_ view: NetworkView, classes: [UInt8], threads: Int) -> (
        width: Int, height: Int, step: Int, pixels: [UInt8], lattice: (columns: Int, rows: Int, points: [Coordinate])
    ) {
        let grid = view.grid
        // The grid rectangle holding every demand cell.
        var c0 = Int.max
        var c1 = Int.min
        var r0 = Int.max
        var r1 = Int.min
        for cell in 0..<grid.cellCount {
            c0 = min(c0, Int(grid.cellColumn[cell]))
            c1 = max(c1, Int(grid.cellColumn[cell]))
            r0 = min(r0, Int(grid.cellRow[cell]))
            r1 = max(r1, Int(grid.cellRow[cell]))
        }
        let columns = c1 - c0 + 1
        let rows = r1 - r0 + 1
        var step = 1
        while (columns / step) * (rows / step) > maxPixels { step += 1 }
        let width = (columns + step - 1) / step
        let height = (rows + step - 1) / step
        let (left, right, bottom, top, stride) = (c0, c1, r0, r1, step)
        let image: [[UInt8]] = Parallel.map(count: height, threads: threads) { j in
            // Image row j is grid row r1 − j·step − step/2 (north first), clamped into the rectangle.
            let row = max(bottom, top - j * stride - stride / 2)
            return (0..<width).map { i in
                grid.cell(column: min(right, left + i * stride + stride / 2), row: row).map { classes[$0] } ?? 0
            }
        }
        let spec = grid.spec
        let cell = spec.cellMeters
        // Image point (u, v) is grid-plane point (x0 + u·pixel, y1 − v·pixel).
        let pixel = cell * Double(step)
        let lattice = Self.lattice(
            projection: grid.projection, x0: spec.originX + Double(c0) * cell, y1: spec.originY + Double(r1 + 1) * cell,
            widthMeters: Double(width) * pixel, heightMeters: Double(height) * pixel)
        return (width, height, step, image.flatMap { $0 }, lattice)
    }

    /// The control lattice of an image covering the grid-plane rectangle from (x0, y1 − height) to
    /// (x0 + width, y1): nodes every ~`latticeSpacingMeters` (at most 65 a side), north row first,
    /// at their Web Mercator positions (planar frames: the rectangle's corners, unchanged).
    static func lattice(projection: LocalProjection, x0: Double, y1: Double, widthMeters: Double, heightMeters: Double)
        -> (columns: Int, rows: Int, points: [Coordinate])
    {
        let planar = projection.isPlanar
        let nodesX = planar ? 2 : max(2, min(65, Int((widthMeters / latticeSpacingMeters).rounded(.up)) + 1))
        let nodesY = planar ? 2 : max(2, min(65, Int((heightMeters / latticeSpacingMeters).rounded(.up)) + 1))
        var points: [Coordinate] = []
        for b in 0..<nodesY {
            for a in 0..<nodesX {
                let p = Coordinate(
                    x: x0 + widthMeters * Double(a) / Double(nodesX - 1),
                    y: y1 - heightMeters * Double(b) / Double(nodesY - 1))
                points.append(planar ? p : mercatorOf(projection.unproject(p)))
            }
        }
        return (nodesX, nodesY, points)
    }

    /// Web Mercator metres of a WGS-84 position.
    static func mercatorOf(_ c: Coordinate) -> Coordinate {
        let latitude = max(-85.051_128_78, min(85.051_128_78, c.y)) * .pi / 180
        return Coordinate(x: earthRadius * c.x * .pi / 180, y: earthRadius * log(tan(.pi / 4 + latitude / 2)))
    }
}
