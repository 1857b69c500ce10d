import Foundation
import Testing

@testable import Geo

@Suite("Cell region tracer (cell dissolve) against GEOS")
struct CellRegionTracerTests {
    let spec = GridSpec(originX: -47_150, originY: 12_300, cellMeters: 50, columns: 400, rows: 400)

    func randomCells(_ n: Int, density: Double, seed: UInt64) -> [(column: Int32, row: Int32)] {
        var state = seed
        var cells: [(column: Int32, row: Int32)] = []
        for row in 0..<n {
            for column in 0..<n {
                state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
                if Double(state >> 11) / Double(1 << 53) < density { cells.append((Int32(column + 3), Int32(row + 5))) }
            }
        }
        return cells
    }

    @Test(
        "random cell sets: same region as GEOS unary union, valid, rings oriented, no collinear vertices",
        arguments: [(12, 0.5, 1), (20, 0.3, 2), (25, 0.6, 3), (30, 0.75, 4), (18, 0.9, 5), (40, 0.45, 6)]
            as [(Int, Double, UInt64)])
    func againstGEOS(n: Int, density: Double, seed: UInt64) throws {
        let cells = randomCells(n, density: density, seed: seed)
        let traced = CellRegionTracer.geometry(cells: cells, spec: spec)
        let context = GEOSContext()
        let check = try traced.validity(in: context)
        #expect(check.isValid, "\(check.reason ?? "")")
        #expect(try traced.area(in: context) == Double(cells.count) * 2500)
        let squares = cells.map { Geometry.polygon(spec.cellPolygon(column: Int($0.column), row: Int($0.row))) }
        let reference = try Geometry.unaryUnion(squares, in: context)
        #expect(try traced.difference(reference, in: context).area(in: context) < 1e-6)
        #expect(try reference.difference(traced, in: context).area(in: context) < 1e-6)
        for polygon in traced.polygons {
            #expect(Ring.signedArea(polygon.exterior) > 0)
            #expect(polygon.holes.allSatisfy { Ring.signedArea($0) < 0 })
            for ring in polygon.rings {
                for k in 1..<(ring.count - 1) {
                    let a = ring[k - 1]
                    let b = ring[k]
                    let c = ring[k + 1]
                    #expect((b.x - a.x) * (c.y - b.y) - (b.y - a.y) * (c.x - b.x) != 0, "collinear vertex")
                }
            }
        }
    }

    @Test("two cells touching at a corner are two polygons meeting at a point; a ring of cells has one hole")
    func pinchAndHole() throws {
        let diagonal = CellRegionTracer.polygons(cells: [(0, 0), (1, 1)], spec: spec)
        #expect(diagonal.count == 2 && diagonal.allSatisfy { $0.exterior.count == 5 })
        #expect(try Geometry.multiPolygon(diagonal).validity().isValid)
        var ring: [(column: Int32, row: Int32)] = []
        for c in 0..<5 {
            for r in 0..<5 where c == 0 || c == 4 || r == 0 || r == 4 { ring.append((Int32(c), Int32(r))) }
        }
        let polygons = CellRegionTracer.polygons(cells: ring, spec: spec)
        #expect(polygons.count == 1)
        #expect(polygons[0].holes.count == 1 && polygons[0].holes[0].count == 5 && polygons[0].exterior.count == 5)
        #expect(try Geometry.polygon(polygons[0]).area() == 16 * 2500)
        // A hole touching its shell at one vertex (corner-connected): still valid.
        var notch = ring
        notch.removeAll { $0.column == 4 && $0.row == 4 }
        notch += [(5, 5)]
        let touching = CellRegionTracer.geometry(cells: notch, spec: spec)
        #expect(try touching.validity().isValid)
        #expect(try touching.area() == Double(notch.count) * 2500)
    }

    @Test("a checkerboard (every cell corner-touching) dissolves into single cells")
    func checkerboard() throws {
        var cells: [(column: Int32, row: Int32)] = []
        for c in 0..<10 { for r in 0..<10 where (c + r) % 2 == 0 { cells.append((Int32(c), Int32(r))) } }
        let polygons = CellRegionTracer.polygons(cells: cells, spec: spec)
        #expect(polygons.count == 50)
        #expect(try Geometry.multiPolygon(polygons).validity().isValid)
    }
}
