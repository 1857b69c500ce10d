import Foundation
import Geo
import Planning
import Support

/// Where coverage appeared and disappeared between two runs: each run's covered demand (the
/// best-server areas of coverage.geojson) and uncovered demand (holes.geojson) rasterised on
/// one grid, every cell classed as covered in both, gained (covered in B, a hole in A), lost
/// (covered in A, a hole in B), uncovered in both, or demand of one run only.
///
/// The grid is laid in a transverse Mercator plane centred on both runs' outlines, with A's
/// cell size and A's cell corners (read off a vertex of A's outlines): the runs' own plane is
/// centred on the planning area, a few hundred metres away at most, which turns its grid by
/// well under a centimetre per kilometre, so on the same scenario the cells coincide with the
/// runs' and the counts are exact. A cell belongs to a polygon when its centre does
/// (`ScanlineRasterizer`). Grids over `CoverageRaster.maxPixels` cells use coarser squares.
enum CoverageChange {
    static let classes: [(title: String, color: String)] = [
        ("covered in A and B", "#cfe6c7"), ("covered in B only (gained)", "#23a047"),
        ("covered in A only (lost)", "#e4572e"), ("uncovered in A and B", "#f5b9c0"),
        ("demand of one run only", "#c9ced4"),
    ]

    struct Result: Sendable {
        var raster: ClassRaster
        /// Demand area in each class (m²), in `classes` order.
        var areaSquareMeters: [Double]
    }

    /// The change raster, or nil when a run has no coverage.geojson or neither has any outline.
    static func compute(_ a: RunFolder, _ b: RunFolder, threads: Int) -> Result? {
        guard let coverageA = a.coverage, let coverageB = b.coverage else { return nil }
        let layers: [[Geometry]] = [coverageA, a.holes.map(\.geometry), coverageB, b.holes.map(\.geometry)]
        var lonLat: BoundingBox?
        for geometry in layers.joined() {
            guard let box = geometry.boundingBox else { continue }
            if lonLat == nil { lonLat = box } else { lonLat!.include(box) }
        }
        guard let lonLat else { return nil }
        let projection = LocalProjection.centered(on: lonLat)
        let projected = layers.map { $0.map { projection.project($0) } }
        var cell = min(a.cellMeters ?? 50, b.cellMeters ?? 50)
        var box: BoundingBox?
        for geometry in projected.joined() {
            guard let g = geometry.boundingBox else { continue }
            if box == nil { box = g } else { box!.include(g) }
        }
        guard var box else { return nil }
        while (box.width / cell) * (box.height / cell) > Double(CoverageRaster.maxPixels) { cell *= 2 }
        // Align cell corners with a vertex of A's outlines (one of its grid's corners).
        var corner = Coordinate(x: 0, y: 0)
        if let first = (projected[0] + projected[1]).lazy.compactMap({ $0.polygons.first?.exterior.first }).first {
            corner = first
        }
        func align(_ v: Double, _ origin: Double) -> Double { origin + ((v - origin) / cell).rounded(.down) * cell }
        box.minX = align(box.minX, corner.x)
        box.minY = align(box.minY, corner.y)
        let spec = GridSpec(
            originX: box.minX, originY: box.minY, cellMeters: cell,
            columns: max(1, Int(((box.maxX - box.minX) / cell).rounded(.up))),
            rows: max(1, Int(((box.maxY - box.minY) / cell).rounded(.up))))
        let flags = layerFlags(projected, spec: spec, threads: threads)
        var area = [Double](repeating: 0, count: classes.count)
        var pixels = [UInt8](repeating: 0, count: spec.cellCount)
        for row in 0..<spec.rows {
            let target = (spec.rows - 1 - row) * spec.columns
            for c in 0..<spec.columns {
                let f = flags[row * spec.columns + c]
                guard f != 0 else { continue }
                // A hole wins over a best-server area: a phase of a phased solve is read as the
                // final network's areas less that phase's holes (RunFolder+Phase.swift).
                let holeA = f & 2 != 0
                let holeB = f & 8 != 0
                let covA = f & 1 != 0 && !holeA
                let covB = f & 4 != 0 && !holeB
                let k: UInt8 =
                    covA && covB ? 1 : covB && holeA ? 2 : covA && holeB ? 3 : holeA && holeB ? 4 : 5
                pixels[target + c] = k
                area[Int(k) - 1] += cell * cell
            }
        }
        let width = Double(spec.columns) * cell
        let height = Double(spec.rows) * cell
        let raster = ClassRaster(
            id: "coverage-change", title: "Coverage change", width: spec.columns, height: spec.rows, pixels: pixels,
            lattice: CoverageRaster.lattice(
                projection: projection, x0: spec.originX, y1: spec.originY + height, widthMeters: width,
                heightMeters: height),
            classes: classes,
            note:
                "Each run's covered demand (coverage.geojson) and holes (holes.geojson) on one grid of \(MapSVG.fmt(cell, 1)) m cells (\(spec.columns) × \(spec.rows)): gained \(ReportFigures.area(area[1])), lost \(ReportFigures.area(area[2]))."
        )
        return Result(raster: raster, areaSquareMeters: area)
    }

    /// Bit k of a cell is set when the cell's centre is in a polygon of layer k (0 A covered,
    /// 1 A hole, 2 B covered, 3 B hole).
    static func layerFlags(_ projected: [[Geometry]], spec: GridSpec, threads: Int) -> [UInt8] {
        let cell = spec.cellMeters
        var flags = [UInt8](repeating: 0, count: spec.cellCount)
        for (k, geometries) in projected.enumerated() {
            let bit = UInt8(1 << k)
            let rasterizers = Parallel.map(count: geometries.count, threads: threads) {
                ScanlineRasterizer(geometries[$0])
            }
            for rasterizer in rasterizers {
                guard let g = rasterizer.boundingBox else { continue }
                let r0 = max(0, Int(((g.minY - spec.originY) / cell).rounded(.down)))
                let r1 = min(spec.rows - 1, Int(((g.maxY - spec.originY) / cell).rounded(.up)))
                guard r0 <= r1 else { continue }
                for row in r0...r1 {
                    rasterizer.forEachSpan(row: row, of: spec) { first, last in
                        for c in first...last { flags[row * spec.columns + c] |= bit }
                    }
                }
            }
        }
        return flags
    }
}
