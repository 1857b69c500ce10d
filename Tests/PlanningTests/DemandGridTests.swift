import Foundation
import Testing

@testable import Geo
@testable import Planning

@Suite("Demand grid")
struct DemandGridTests {
    let projection = LocalProjection(centralMeridianDegrees: 113.3, originLatitudeDegrees: 23.1)

    /// A star-shaped polygon with a hole, in metres.
    func star(points: Int, inner: Double, outer: Double, seed: UInt64) -> Polygon {
        var rng = seed
        func next() -> Double {
            rng = rng &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Double(rng >> 11) / Double(1 << 53)
        }
        var ring: [Coordinate] = []
        for k in 0..<(2 * points) {
            let angle = Double(k) * .pi / Double(points)
            let radius = (k % 2 == 0 ? outer : inner) * (0.8 + 0.4 * next())
            ring.append(Coordinate(x: 1234.5 + radius * cos(angle), y: -777.7 + radius * sin(angle)))
        }
        ring.append(ring[0])
        let hole = [
            Coordinate(x: 1134.5, y: -877.7), Coordinate(x: 1134.5, y: -577.7), Coordinate(x: 1434.5, y: -577.7),
            Coordinate(x: 1434.5, y: -877.7), Coordinate(x: 1134.5, y: -877.7),
        ]
        return Polygon(exterior: ring, holes: [hole])
    }

    @Test("scanline cells equal GEOS prepared point-in-polygon on every cell centre", arguments: [1, 2, 3] as [UInt64])
    func scanlineMatchesGEOS(seed: UInt64) throws {
        let area = Geometry.polygon(star(points: 9, inner: 900, outer: 2500, seed: seed))
        let exclusion = Geometry.polygon(.rectangle(minX: 2000, minY: -1000, maxX: 2600, maxY: 200))
        let grid = DemandGridBuilder.build(
            districts: [area], districtNames: ["d"], exclusions: [exclusion], cellMeters: 37,
            projection: projection, threads: 2)
        let context = GEOSContext()
        let inside = try PreparedGeometry(area, in: context)
        let excluded = try PreparedGeometry(exclusion, in: context)
        var expected = 0
        for row in 0..<grid.spec.rows {
            for column in 0..<grid.spec.columns {
                let c = grid.spec.center(column: column, row: row)
                let isDemand = try inside.contains(c) && !excluded.intersects(c)
                if isDemand { expected += 1 }
                #expect((grid.cell(column: column, row: row) != nil) == isDemand, "cell \(column),\(row)")
            }
        }
        #expect(grid.cellCount == expected)
        #expect(expected > 1000)
    }

    @Test("districts that share a boundary split the cells without overlap or gap")
    func sharedBoundary() {
        let west = Geometry.polygon(
            Polygon(exterior: [
                Coordinate(x: 0, y: 0), Coordinate(x: 1000, y: 0), Coordinate(x: 1500, y: 2000),
                Coordinate(x: 0, y: 2000), Coordinate(x: 0, y: 0),
            ]))
        let east = Geometry.polygon(
            Polygon(exterior: [
                Coordinate(x: 1000, y: 0), Coordinate(x: 3000, y: 0), Coordinate(x: 3000, y: 2000),
                Coordinate(x: 1500, y: 2000), Coordinate(x: 1000, y: 0),
            ]))
        let both = DemandGridBuilder.build(
            districts: [west, east], districtNames: ["w", "e"], exclusions: [], cellMeters: 50,
            projection: projection, threads: 1)
        #expect(both.cellCount == 60 * 40)
        // Each cell belongs to the district holding its centre: west of the shared edge
        // x = 1000 + y / 4 (no centre lies on it), else east.
        var westCells = 0
        for cell in 0..<both.cellCount {
            let c = both.center(of: cell)
            let expected: UInt16 = c.x < 1000 + c.y / 4 ? 0 : 1
            if expected == 0 { westCells += 1 }
            #expect(both.cellDistrict[cell] == expected, "cell \(cell) at \(c)")
        }
        #expect(westCells > 400 && westCells < 2000)
    }

    @Test("the grid is the same for 1 and 4 threads")
    func threadIndependent() {
        let area = Geometry.polygon(star(points: 7, inner: 500, outer: 3000, seed: 9))
        let a = DemandGridBuilder.build(
            districts: [area], districtNames: ["d"], exclusions: [], cellMeters: 25, projection: projection, threads: 1)
        let b = DemandGridBuilder.build(
            districts: [area], districtNames: ["d"], exclusions: [], cellMeters: 25, projection: projection, threads: 4)
        #expect(a.cellColumn == b.cellColumn && a.cellRow == b.cellRow && a.cellIndex == b.cellIndex)
    }
}
