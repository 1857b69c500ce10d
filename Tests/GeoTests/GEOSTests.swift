import Dispatch
import Foundation
import Testing

@testable import Geo

/// Area of an ellipsoidal quadrangle between two parallels and meridians on WGS-84, in m², from
/// the authalic-latitude closed form A = b²·Δλ·(q(φ2) − q(φ1))/2 with
/// q(φ) = sinφ/(1 − e² sin²φ) − (1/2e)·ln((1 − e sinφ)/(1 + e sinφ)) (Snyder, Map Projections —
/// A Working Manual, USGS PP 1395 (1987), eq. 3-12): independent of GEOS and of the projection.
func ellipsoidalQuadrangleArea(lon1: Double, lon2: Double, lat1: Double, lat2: Double) -> Double {
    let a = 6_378_137.0
    let f = 1 / 298.257223563
    let e2 = f * (2 - f)
    let e = e2.squareRoot()
    let b = a * (1 - f)
    func q(_ latitude: Double) -> Double {
        let s = sin(latitude * .pi / 180)
        return s / (1 - e2 * s * s) - 1 / (2 * e) * log((1 - e * s) / (1 + e * s))
    }
    return b * b * (lon2 - lon1) * .pi / 180 * (q(lat2) - q(lat1)) / 2
}

@Suite("GEOS operations")
struct GEOSTests {
    @Test("area of a 0.5° × 0.5° quadrangle near Guangzhou matches the ellipsoidal formula within 0.1 %")
    func areaAgainstEllipsoid() throws {
        let lon1 = 113.0
        let lon2 = 113.5
        let lat1 = 22.9
        let lat2 = 23.4
        // Densify the edges: parallels are curves in the projection.
        var ring: [Coordinate] = []
        let steps = 50
        for k in 0..<steps { ring.append(Coordinate(x: lon1 + (lon2 - lon1) * Double(k) / Double(steps), y: lat1)) }
        for k in 0..<steps { ring.append(Coordinate(x: lon2, y: lat1 + (lat2 - lat1) * Double(k) / Double(steps))) }
        for k in 0..<steps { ring.append(Coordinate(x: lon2 - (lon2 - lon1) * Double(k) / Double(steps), y: lat2)) }
        for k in 0..<steps { ring.append(Coordinate(x: lon1, y: lat2 - (lat2 - lat1) * Double(k) / Double(steps))) }
        ring.append(ring[0])
        let projection = LocalProjection(centralMeridianDegrees: 113.25, originLatitudeDegrees: 23.15)
        let projected = projection.project(Geometry.polygon(Polygon(exterior: ring)))
        let area = try projected.area()
        let expected = ellipsoidalQuadrangleArea(lon1: lon1, lon2: lon2, lat1: lat1, lat2: lat2)
        #expect(abs(area - expected) / expected < 0.001, "area \(area) vs \(expected)")
        #expect(expected > 2.6e9 && expected < 2.9e9) // ≈ 2.6–2.9 thousand km², a sanity bracket
    }

    @Test("planar polygon with a hole: area, difference, intersection, union, buffer")
    func overlays() throws {
        let square = Geometry.polygon(.rectangle(minX: 0, minY: 0, maxX: 10, maxY: 10))
        let inner = Polygon.rectangle(minX: 2, minY: 2, maxX: 4, maxY: 4)
        let withHole = Geometry.polygon(
            Polygon(exterior: square.polygons[0].exterior, holes: [inner.exterior.reversed()]))
        #expect(try withHole.area() == 96)
        let right = Geometry.polygon(.rectangle(minX: 5, minY: 0, maxX: 15, maxY: 10))
        #expect(try square.difference(right).area() == 50)
        #expect(try square.intersection(right).area() == 50)
        #expect(try square.union(right).area() == 150)
        #expect(try Geometry.unaryUnion([square, right, .polygon(inner)]).area() == 150)
        let disc = try Geometry.point(Coordinate(x: 0, y: 0)).buffer(width: 100, quadrantSegments: 64)
        #expect(abs(try disc.area() - .pi * 100 * 100) / (.pi * 100 * 100) < 0.001)
    }

    @Test("coverage union of grid cells equals unary union and has the cells' total area")
    func coverageUnion() throws {
        var cells: [Polygon] = []
        for i in 0..<20 {
            for j in 0..<20 where (i - 10) * (i - 10) + (j - 10) * (j - 10) < 64 {
                cells.append(
                    .rectangle(
                        minX: Double(i) * 50, minY: Double(j) * 50, maxX: Double(i + 1) * 50, maxY: Double(j + 1) * 50))
            }
        }
        let coverage = try Geometry.coverageUnion(cells)
        let unary = try Geometry.unaryUnion(cells.map { .polygon($0) })
        #expect(try coverage.area() == Double(cells.count) * 2500)
        #expect(abs(try coverage.area() - unary.area()) < 1e-6)
        #expect(coverage.polygons.count == 1)
    }

    @Test("a self-intersecting polygon is reported invalid and repaired")
    func makeValid() throws {
        let bowTie = Geometry.polygon(
            Polygon(exterior: [
                Coordinate(x: 0, y: 0), Coordinate(x: 10, y: 10), Coordinate(x: 10, y: 0), Coordinate(x: 0, y: 10),
                Coordinate(x: 0, y: 0),
            ]))
        let check = try bowTie.validity()
        #expect(!check.isValid)
        #expect(check.reason?.contains("Self-intersection") == true)
        let (repaired, reason) = try bowTie.repairedIfInvalid()
        #expect(reason != nil)
        #expect(repaired.polygons.count == 2)
        #expect(abs(try repaired.area() - 50) < 1e-9)
        #expect(try repaired.validity().isValid)
        let fine = Geometry.polygon(.rectangle(minX: 0, minY: 0, maxX: 1, maxY: 1))
        #expect(try fine.repairedIfInvalid().invalidReason == nil)
    }

    @Test("GEOS failures become thrown errors carrying GEOS's message")
    func errors() {
        let unclosed = Geometry.polygon(
            Polygon(exterior: [
                Coordinate(x: 0, y: 0), Coordinate(x: 1, y: 0), Coordinate(x: 1, y: 1), Coordinate(x: 0, y: 1),
            ]))
        do {
            _ = try unclosed.area()
            Issue.record("expected a GEOS error")
        } catch {
            guard case .geos(let operation, let message) = error else {
                Issue.record("wrong error \(error)")
                return
            }
            #expect(operation == "create linear ring")
            #expect(message.localizedCaseInsensitiveContains("closed"), "\(message)")
        }
    }

    @Test("prepared point-in-polygon")
    func prepared() throws {
        let context = GEOSContext()
        let donut = Geometry.polygon(
            Polygon(
                exterior: Polygon.rectangle(minX: 0, minY: 0, maxX: 10, maxY: 10).exterior,
                holes: [Polygon.rectangle(minX: 4, minY: 4, maxX: 6, maxY: 6).exterior]))
        let prepared = try PreparedGeometry(donut, in: context)
        #expect(try prepared.contains(Coordinate(x: 1, y: 1)))
        #expect(try !prepared.contains(Coordinate(x: 5, y: 5)))
        #expect(try !prepared.contains(Coordinate(x: 11, y: 5)))
        #expect(try !prepared.contains(Coordinate(x: 0, y: 5))) // boundary is not interior
        #expect(try prepared.intersects(Coordinate(x: 0, y: 5)))
    }

    @Test("GEOS from concurrentPerform with 8 iterations gives the serial results")
    func concurrency() throws {
        @Sendable func work(_ k: Int) throws -> [Double] {
            let context = GEOSContext()
            let base = Double(k)
            let a = Geometry.polygon(.rectangle(minX: base, minY: 0, maxX: base + 10, maxY: 10))
            let b = try Geometry.point(Coordinate(x: base + 10, y: 5)).buffer(width: 3 + base / 10, in: context)
            let prepared = try PreparedGeometry(a, in: context)
            var inside = 0
            for i in 0..<2000
            where try prepared.contains(Coordinate(x: base + Double(i % 50) / 4, y: Double(i / 50) / 4)) { inside += 1 }
            return [
                try a.union(b, in: context).area(in: context), try a.difference(b, in: context).area(in: context),
                try a.intersection(b, in: context).area(in: context), Double(inside),
            ]
        }
        let serial = try (0..<8).map(work)
        let results = UnsafeMutableBufferPointer<[Double]>.allocate(capacity: 8)
        results.initialize(repeating: [])
        defer { results.deallocate() }
        let failures = UnsafeMutableBufferPointer<Bool>.allocate(capacity: 8)
        failures.initialize(repeating: false)
        defer { failures.deallocate() }
        nonisolated(unsafe) let out = results
        nonisolated(unsafe) let failed = failures
        DispatchQueue.concurrentPerform(iterations: 8) { k in
            do { out[k] = try work(k) } catch { failed[k] = true }
        }
        #expect(!failures.contains(true))
        #expect(Array(results) == serial)
    }
}

@Suite("GEOS simplification")
struct SimplifyTests {
    @Test("a micrometre tolerance drops exactly the collinear cell corners")
    func collinear() throws {
        let cells = (0..<10).map {
            Polygon.rectangle(minX: Double($0) * 50, minY: 0, maxX: Double($0 + 1) * 50, maxY: 50)
        }
        let union = try Geometry.coverageUnion(cells)
        let simple = try union.simplified(tolerance: 1e-6)
        #expect(simple.polygons.count == 1)
        #expect(simple.polygons[0].exterior.count == 5)
        #expect(try simple.area() == 25_000)
    }
}
