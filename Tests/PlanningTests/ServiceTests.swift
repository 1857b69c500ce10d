import Foundation
import Geo
import Testing

@testable import Planning

/// Service-radius coverage: footprints (discs and sectors, the angle convention), lattice
/// candidates with dominance, the bound extension, point demand grids and clusters — each against a
/// brute-force model written here.
@Suite("Service-radius siting: footprints, lattice, points, clusters")
struct ServiceTests {
    struct Random {
        var state: UInt64
        mutating func next() -> UInt64 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return state >> 11
        }
        mutating func int(_ range: ClosedRange<Int>) -> Int { range.lowerBound + Int(next() % UInt64(range.count)) }
    }

    @Test(
        "the angle convention: azimuths clockwise from +y; reach r on the main direction, r/2 at ±60°, nothing beyond")
    func sectorConvention() {
        let north = ServiceFootprint(radiusMeters: 10, azimuthsDegrees: [0])
        #expect(north.covers(dx: 0, dy: 10)) // due north, full reach
        #expect(!north.covers(dx: 0, dy: -1)) // behind
        #expect(!north.covers(dx: 10, dy: 0)) // east, 90° off
        let east = ServiceFootprint(radiusMeters: 10, azimuthsDegrees: [90])
        #expect(east.covers(dx: 10, dy: 0))
        #expect(!east.covers(dx: 0, dy: 10))
        // 60° off the main direction: reach r/2 = 5 (inclusive), not beyond.
        let s = sin(Double.pi / 3)
        let c = cos(Double.pi / 3)
        #expect(north.covers(dx: 5 * s, dy: 5 * c))
        #expect(!north.covers(dx: 5.01 * s, dy: 5.01 * c))
        // 30° off: reach 10 · (1 − 30/120) = 7.5.
        let s30 = sin(Double.pi / 6)
        let c30 = cos(Double.pi / 6)
        #expect(north.covers(dx: 7.49 * s30, dy: 7.49 * c30))
        #expect(!north.covers(dx: 7.6 * s30, dy: 7.6 * c30))
        // Wrapping: azimuth 350° serves a point at bearing 10° (20° off).
        #expect(
            ServiceFootprint(radiusMeters: 10, azimuthsDegrees: [350]).covers(dx: 3 * sin(0.1745), dy: 3 * cos(0.1745)))
        // The site's own position is served; a full disc is inclusive at r on integer offsets.
        #expect(north.covers(dx: 0, dy: 0))
        let disc = ServiceFootprint(radiusMeters: 10)
        #expect(disc.covers(dx: 6, dy: 8))
        #expect(!disc.covers(dx: 7, dy: 8))
    }

    @Test("footprint runs hold exactly the offsets the predicate serves (discs and three-sector sites)")
    func runsMatchPredicate() {
        let footprints = [
            ServiceFootprint(radiusMeters: 10), ServiceFootprint(radiusMeters: 30),
            ServiceFootprint(radiusMeters: 10, azimuthsDegrees: [15, 135, 255]),
            ServiceFootprint(radiusMeters: 30, azimuthsDegrees: [0, 45, 90]),
        ]
        for footprint in footprints {
            for cell in [1.0, 2.0] {
                var fromRuns = Set<[Int]>()
                for run in footprint.runs(cellMeters: cell) {
                    for c in run.first...run.last { fromRuns.insert([Int(c), Int(run.row)]) }
                }
                let reach = Int((footprint.radiusMeters / cell).rounded(.up))
                var expected = Set<[Int]>()
                for dr in -reach...reach {
                    for dc in -reach...reach where footprint.covers(dx: Double(dc) * cell, dy: Double(dr) * cell) {
                        expected.insert([dc, dr])
                    }
                }
                #expect(fromRuns == expected)
            }
        }
        // The integer disc of radius 10 has 317 lattice points.
        #expect(
            ServiceFootprint(radiusMeters: 10).runs(cellMeters: 1).reduce(0) { $0 + Int($1.last - $1.first + 1) } == 317
        )
    }

    /// A points grid of random integer points on a `side` × `side` lattice.
    static func randomGrid(_ random: inout Random, side: Int, count: Int) throws -> DemandGrid {
        var points = Set<[Int]>()
        while points.count < count { points.insert([random.int(0...(side - 1)), random.int(0...(side - 1))]) }
        let sorted = points.sorted { $0[1] < $1[1] || ($0[1] == $1[1] && $0[0] < $1[0]) }
        let box = Geometry.polygon(
            Polygon(exterior: [
                Coordinate(x: -0.5, y: -0.5), Coordinate(x: Double(side) - 0.5, y: -0.5),
                Coordinate(x: Double(side) - 0.5, y: Double(side) - 0.5), Coordinate(x: -0.5, y: Double(side) - 0.5),
                Coordinate(x: -0.5, y: -0.5),
            ]))
        return try PointDemandGrid.build(
            points: sorted.map { Coordinate(x: Double($0[0]), y: Double($0[1])) },
            weights: sorted.map { _ in Double(random.int(1...9)) }, cellMeters: 1,
            extent: BoundingBox(minX: 0, minY: 0, maxX: Double(side - 1), maxY: Double(side - 1)),
            districts: [box], districtNames: ["box"], exclusions: [], projection: .planar, sourceFile: "test"
        ).grid
    }

    @Test(
        "lattice dominance: kept columns list exactly the cells each serves, and every position that serves demand is covered by a kept column's superset"
    )
    func latticeDominance() throws {
        var random = Random(state: 42)
        for round in 0..<12 {
            let side = 24
            let grid = try Self.randomGrid(&random, side: side, count: random.int(5...60))
            let footprint =
                round % 3 == 2
                ? ServiceFootprint(radiusMeters: 4, azimuthsDegrees: [0, 120, 240])
                : ServiceFootprint(radiusMeters: Double(3 + round % 3))
            let step = 1 + round % 2
            let runs = footprint.runs(cellMeters: 1)
            let spec = grid.spec
            var allowed = [Bool](repeating: false, count: spec.cellCount)
            for r in stride(from: 0, to: side, by: step) {
                for c in stride(from: 0, to: side, by: step) where random.int(0...9) > 0 {
                    allowed[r * spec.columns + c] = true
                }
            }
            let lattice = LatticeCandidates.Lattice(
                firstColumn: 0, lastColumn: side - 1, firstRow: 0, lastRow: side - 1, stepSquares: step)
            let generator = LatticeCandidates(grid: grid)
            let (columns, statistics) = generator.columns(
                of: .init(type: 0, orientation: 0, runs: runs, stepSquares: step), lattice: lattice,
                allowed: allowed, threads: 2)
            func served(_ square: Int) -> Set<UInt32> {
                let c = square % spec.columns
                let r = square / spec.columns
                var cells = Set<UInt32>()
                for i in 0..<grid.cellCount
                where footprint.covers(
                    dx: Double(grid.cellColumn[i]) - Double(c), dy: Double(grid.cellRow[i]) - Double(r))
                {
                    cells.insert(UInt32(i))
                }
                return cells
            }
            var keptSets: [Set<UInt32>] = []
            for k in 0..<columns.squares.count {
                let listed = Array(columns.cells[columns.starts[k]..<columns.starts[k + 1]])
                #expect(listed == listed.sorted())
                #expect(Set(listed) == served(Int(columns.squares[k])))
                keptSets.append(Set(listed))
            }
            var positions = 0
            for square in 0..<spec.cellCount where allowed[square] {
                let s = served(square)
                guard !s.isEmpty else { continue }
                positions += 1
                #expect(keptSets.contains { s.isSubset(of: $0) }, "position \(square) is dominated by no kept column")
            }
            #expect(statistics.positions == positions)
            #expect(statistics.kept + statistics.dominated == positions)
        }
    }

    @Test("the reduced cost of skipped lattice positions equals a brute-force sum")
    func skippedReducedCost() throws {
        var random = Random(state: 7)
        let grid = try Self.randomGrid(&random, side: 20, count: 50)
        let footprint = ServiceFootprint(radiusMeters: 4)
        let runs = footprint.runs(cellMeters: 1)
        let spec = grid.spec
        let allowed = [Bool](repeating: true, count: spec.cellCount)
        let u = (0..<grid.cellCount).map { _ in Double(random.int(0...40)) / 10 }
        let generator = LatticeCandidates(grid: grid)
        let lattice = LatticeCandidates.Lattice(
            firstColumn: 0, lastColumn: 19, firstRow: 0, lastRow: 19, stepSquares: 1)
        let cost = 6.0
        let value = generator.skippedReducedCost(
            of: .init(type: 0, orientation: 0, runs: runs, stepSquares: 3), cost: cost, lattice: lattice,
            allowed: allowed, multiplierPrefix: generator.multiplierPrefix(u), threads: 2)
        var expected = 0.0
        for r in 0..<20 {
            for c in 0..<20 where !(r % 3 == 0 && c % 3 == 0) {
                var reduced = cost
                for i in 0..<grid.cellCount
                where footprint.covers(
                    dx: Double(grid.cellColumn[i]) - Double(c), dy: Double(grid.cellRow[i]) - Double(r))
                { reduced -= u[i] }
                expected += min(0, reduced)
            }
        }
        #expect(abs(value - expected) < 1e-9)
    }

    @Test(
        "point demand: integer points sit at cell centres, duplicates merge with summed weights, points outside the area are left out"
    )
    func pointGrid() throws {
        let area = Geometry.polygon(
            Polygon(exterior: [
                Coordinate(x: -0.5, y: -0.5), Coordinate(x: 9.5, y: -0.5), Coordinate(x: 9.5, y: 9.5),
                Coordinate(x: -0.5, y: 9.5), Coordinate(x: -0.5, y: -0.5),
            ]))
        let points = [
            Coordinate(x: 3, y: 4), Coordinate(x: 3, y: 4), Coordinate(x: 0, y: 0), Coordinate(x: 9, y: 9),
            Coordinate(x: 20, y: 20),
        ]
        let (grid, report) = try PointDemandGrid.build(
            points: points, weights: [1, 2, 3, 4, 5], cellMeters: 1, extent: nil, districts: [area],
            districtNames: ["a"], exclusions: [], projection: .planar, sourceFile: "t")
        #expect(grid.cellCount == 3)
        #expect(report.merged == 1)
        #expect(report.outside == 1)
        #expect(grid.weights == [3, 3, 4])
        #expect(grid.center(of: 0) == Coordinate(x: 0, y: 0))
        #expect(grid.center(of: 1) == Coordinate(x: 3, y: 4))
        #expect(grid.center(of: 2) == Coordinate(x: 9, y: 9))
        #expect(grid.totalWeight == 10)
    }

    @Test("clusters equal a brute-force union of all pairs within the distance (inclusive), for several distances")
    func clustersMatchBruteForce() {
        var random = Random(state: 99)
        for round in 0..<30 {
            let n = random.int(1...400)
            let x = (0..<n).map { _ in Double(random.int(0...300)) }
            let y = (0..<n).map { _ in Double(random.int(0...300)) }
            let distance = Double([0, 5, 10, 20, 35][round % 5])
            let result = PointClusters.find(x: x, y: y, distance: distance)
            var parent = Array(0..<n)
            func root(_ i: Int) -> Int {
                var i = i
                while parent[i] != i { i = parent[i] }
                return i
            }
            var pairs = 0
            for a in 0..<n {
                for b in (a + 1)..<n
                where (x[a] - x[b]) * (x[a] - x[b]) + (y[a] - y[b]) * (y[a] - y[b]) <= distance * distance {
                    pairs += 1
                    let ra = root(a)
                    let rb = root(b)
                    if ra != rb { parent[max(ra, rb)] = min(ra, rb) }
                }
            }
            #expect(result.clusters.count == (0..<n).filter { root($0) == $0 }.count)
            #expect(result.pairsWithinDistance == pairs)
            for a in 0..<n {
                for b in 0..<n where root(a) == root(b) {
                    #expect(result.clusterOfPoint[a] == result.clusterOfPoint[b])
                }
            }
            #expect(result.clusters.map(\.count).reduce(0, +) == n)
        }
    }

    @Test("sector orientations: even sets rotate by the step, 'any' sets keep the separation")
    func orientations() {
        let even = SectorSettings(count: 3, azimuthStepDegrees: 15, arrangement: .even).orientations()
        #expect(even.count == 8)
        #expect(even[0] == [0, 120, 240])
        #expect(even[1] == [15, 135, 255])
        let any = SectorSettings(count: 3, minimumSeparationDegrees: 45, azimuthStepDegrees: 45, arrangement: .any)
            .orientations()
        #expect(any.count == 56)
        for set in any {
            for a in 0..<3 {
                for b in (a + 1)..<3 {
                    let d = abs(set[a] - set[b])
                    #expect(min(d, 360 - d) >= 45)
                }
            }
        }
    }
}
