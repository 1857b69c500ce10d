import Foundation
import Testing

@testable import Geo
@testable import Planning

@Suite("Continuity: holes and components")
struct ContinuityTests {
    let projection = LocalProjection(centralMeridianDegrees: 113.3, originLatitudeDegrees: 23.1)

    func squareGrid(_ n: Int, cell: Double = 50, districts: Int = 1) -> DemandGrid {
        let width = Double(n) * cell
        let parts = (0..<districts).map { d in
            Geometry.polygon(
                .rectangle(
                    minX: width * Double(d) / Double(districts), minY: 0,
                    maxX: width * Double(d + 1) / Double(districts), maxY: width))
        }
        return DemandGridBuilder.build(
            districts: parts, districtNames: (0..<districts).map { "d\($0)" }, exclusions: [],
            cellMeters: cell, projection: projection, threads: 2)
    }

    @Test("an uncovered centre inside a covered ring is one enclosed hole of exactly its area")
    func enclosedHole() throws {
        let grid = squareGrid(20)
        var covered = [Bool](repeating: true, count: grid.cellCount)
        for cell in 0..<grid.cellCount
        where (7...11).contains(grid.cellColumn[cell]) && (8...10).contains(grid.cellRow[cell]) {
            covered[cell] = false
        }
        let report = try Continuity.analyze(grid: grid, covered: covered, threads: 2)
        #expect(report.holes.count == 1)
        #expect(report.holes[0].areaSquareMeters == 15 * 2500)
        #expect(report.holes[0].touchesEdge == false)
        #expect(report.coveredComponents == 1)
        // The outline, measured back in metres, has the hole's area.
        let outline = projection.project(report.holes[0].geometry)
        #expect(abs(try outline.area() - 15 * 2500) < 0.5)
        #expect(outline.polygons[0].exterior.count == 5) // a clean rectangle
    }

    @Test("removing a site from a covered strip splits the covered region in two")
    func splitStrip() throws {
        let grid = squareGrid(30)
        var covered = [Bool](repeating: false, count: grid.cellCount)
        for cell in 0..<grid.cellCount where grid.cellRow[cell] >= 10 && grid.cellRow[cell] < 14 {
            covered[cell] = true
        }
        #expect(try Continuity.analyze(grid: grid, covered: covered, threads: 1).coveredComponents == 1)
        for cell in 0..<grid.cellCount where (14...16).contains(grid.cellColumn[cell]) { covered[cell] = false }
        let report = try Continuity.analyze(grid: grid, covered: covered, threads: 1)
        #expect(report.coveredComponents == 2)
        #expect(report.holes.count == 1) // below and above the strip, joined through the gap
        #expect(report.holes.allSatisfy { $0.touchesEdge })
    }

    @Test("a fully covered district has no hole; holes split at district boundaries")
    func districts() throws {
        let grid = squareGrid(20, districts: 2)
        var covered = [Bool](repeating: true, count: grid.cellCount)
        for cell in 0..<grid.cellCount where grid.cellDistrict[cell] == 1 && grid.cellRow[cell] == 5 {
            covered[cell] = false
        }
        let report = try Continuity.analyze(grid: grid, covered: covered, threads: 2)
        #expect(report.districts[0].holes == 0 && report.districts[0].coverageRatio == 1)
        #expect(report.districts[1].holes == 1)
        #expect(report.holes[0].cells.count == 10)
    }

    @Test(
        "hole areas plus covered area equal the demand area; components match a union-find reference",
        arguments: [1, 2, 3, 4, 5] as [UInt64])
    func randomized(seed: UInt64) throws {
        let grid = squareGrid(40, districts: 3)
        var rng = seed
        func next() -> Double {
            rng = rng &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Double(rng >> 11) / Double(1 << 53)
        }
        let covered = (0..<grid.cellCount).map { _ in next() < 0.55 }
        let report = try Continuity.analyze(grid: grid, covered: covered, threads: 2)
        let holeArea = report.holes.reduce(0) { $0 + $1.areaSquareMeters }
        let coveredArea = Double(report.coveredCells) * grid.cellAreaSquareMeters
        #expect(abs(holeArea + coveredArea - Double(grid.cellCount) * grid.cellAreaSquareMeters) < 1e-6)

        // Union-find over the grid as an independent reference.
        var parent = Array(0..<grid.cellCount)
        func find(_ x: Int) -> Int {
            var x = x
            while parent[x] != x {
                parent[x] = parent[parent[x]]
                x = parent[x]
            }
            return x
        }
        func union(_ a: Int, _ b: Int) {
            let ra = find(a)
            let rb = find(b)
            if ra != rb { parent[max(ra, rb)] = min(ra, rb) }
        }
        for cell in 0..<grid.cellCount {
            let c = Int(grid.cellColumn[cell])
            let r = Int(grid.cellRow[cell])
            for (dc, dr) in [(1, 0), (0, 1)] {
                guard let n = grid.cell(column: c + dc, row: r + dr) else { continue }
                if covered[cell] && covered[n] { union(cell, n) }
                if !covered[cell] && !covered[n] && grid.cellDistrict[cell] == grid.cellDistrict[n] { union(cell, n) }
            }
        }
        let coveredRoots = Set((0..<grid.cellCount).filter { covered[$0] }.map(find))
        let holeRoots = Set((0..<grid.cellCount).filter { !covered[$0] }.map(find))
        #expect(report.coveredComponents == coveredRoots.count)
        #expect(report.holes.count == holeRoots.count)
    }
}

/// The continuity stage reports its progress like coverage and field (issue 14: at city scale it
/// was most of the run and showed only a clock).
@Suite("Continuity progress")
struct ContinuityProgressTests {
    final class Recorder: @unchecked Sendable {
        let lock = NSLock()
        var reports: [StageProgress] = []
        func add(_ progress: StageProgress) { lock.withLock { reports.append(progress) } }
    }

    @Test("counts every cell once per pass and every hole cell as it is outlined; same result without a callback")
    func progress() throws {
        let grid = ContinuityTests().squareGrid(40, districts: 2)
        var covered = [Bool](repeating: true, count: grid.cellCount)
        for cell in 0..<grid.cellCount where (grid.cellColumn[cell] * 7 + grid.cellRow[cell] * 3) % 11 == 0 {
            covered[cell] = false
        }
        let uncovered = covered.filter { !$0 }.count
        let recorder = Recorder()
        let with = try Continuity.analyze(grid: grid, covered: covered, threads: 2) { recorder.add($0) }
        let without = try Continuity.analyze(grid: grid, covered: covered, threads: 2)
        #expect(with.holes.map(\.cells) == without.holes.map(\.cells))
        #expect(with.districts.map(\.holes) == without.districts.map(\.holes))
        let reports = recorder.lock.withLock { recorder.reports }
        #expect(reports.allSatisfy { $0.stage == "continuity" && $0.unit == "cells" })
        #expect(reports.allSatisfy { $0.total == grid.cellCount + uncovered })
        #expect(reports.first?.completed == 0)
        // Reports come from worker threads (at most one per whole percent); the last count is the total.
        #expect(reports.map(\.completed).max() == grid.cellCount + uncovered)
        #expect(reports.count >= 4 && reports.count <= 102)
    }
}
