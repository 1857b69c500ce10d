import Foundation
import Geo
import Radio
import Testing

@testable import Planning

/// Demand layers, priority zones and clutter on a grid, against brute-force point-in-polygon
/// models of the documented rules.
@Suite("Demand layers, priority zones, clutter")
struct DemandLayerTests {
    /// A 2 km × 2 km square district at (113.30, 23.12) with 100 m cells.
    static func grid(cellMeters: Double = 100) -> DemandGrid {
        let projection = LocalProjection(centralMeridianDegrees: 113.30, originLatitudeDegrees: 23.12)
        let district = Geometry.polygon(.rectangle(minX: -1000, minY: -1000, maxX: 1000, maxY: 1000))
        return DemandGridBuilder.build(
            districts: [district], districtNames: ["d"], exclusions: [], cellMeters: cellMeters,
            projection: projection, threads: 2)
    }

    /// A rectangle given in local metres, as a WGS-84 polygon (layers are read in degrees).
    static func rectangle(_ grid: DemandGrid, _ x0: Double, _ y0: Double, _ x1: Double, _ y1: Double) -> Geometry {
        grid.projection.unproject(.polygon(.rectangle(minX: x0, minY: y0, maxX: x1, maxY: y1)))
    }

    /// Brute force: does the cell's centre lie in the rectangle (half-open like the rasteriser)?
    static func inside(_ grid: DemandGrid, _ cell: Int, _ x0: Double, _ y0: Double, _ x1: Double, _ y1: Double) -> Bool
    {
        let c = grid.center(of: cell)
        return c.x >= x0 && c.x < x1 && c.y >= y0 && c.y < y1
    }

    @Test("no layer: weights stay the cell area; density layers: density × km², default outside; point layers add up")
    func weights() {
        let grid = Self.grid()
        #expect(DemandLayering.apply(DemandSettings(cellMeters: 100), to: grid).weights == grid.weights)

        let density = DemandLayer(
            file: "d.geojson", property: "pop",
            content: .density([
                DensityArea(geometry: Self.rectangle(grid, -1000, -1000, 0, 1000), perSquareKilometer: 20_000),
                // Overlaps the first: the first wins.
                DensityArea(geometry: Self.rectangle(grid, -500, -1000, 500, 0), perSquareKilometer: 999),
            ]), defaultDensity: 100)
        let points = DemandLayer(
            file: "p.geojson", property: "users",
            content: .points([
                WeightedPoint(location: grid.projection.unproject(Coordinate(x: 450, y: 450)), weight: 7),
                WeightedPoint(location: grid.projection.unproject(Coordinate(x: 420, y: 480)), weight: 3),
                // Outside the grid.
                WeightedPoint(location: grid.projection.unproject(Coordinate(x: 5000, y: 5000)), weight: 1000),
            ]))
        let layered = DemandLayering.apply(DemandSettings(cellMeters: 100, layers: [density, points]), to: grid)
        var expectedOutsideDensity = 0
        for cell in 0..<grid.cellCount {
            var expected: Double
            if Self.inside(grid, cell, -1000, -1000, 0, 1000) {
                expected = 20_000 * 0.01
            } else if Self.inside(grid, cell, -500, -1000, 500, 0) {
                expected = 999 * 0.01
            } else {
                expected = 100 * 0.01
                expectedOutsideDensity += 1
            }
            if Self.inside(grid, cell, 400, 400, 500, 500) { expected += 10 }
            #expect(abs(layered.weights[cell] - expected) < 1e-9, "cell \(cell)")
        }
        let warnings = layered.warnings.map(\.description)
        #expect(
            warnings.contains(
                "d.geojson: field 'pop': \(expectedOutsideDensity) of \(grid.cellCount) demand cells lie in no polygon of this layer; they get the default density 100 per km²"
            ))
        #expect(
            warnings.contains(
                "p.geojson: 1 of 3 points lie outside every demand cell (outside the area or in an exclusion) and are ignored"
            ))
    }

    @Test(
        "priority zones: the largest weight multiplies, must-cover cells are listed with their zone, empty zones warn")
    func priorityZones() {
        let grid = Self.grid()
        let zones = [
            PriorityZone(
                name: "A", geometry: Self.rectangle(grid, -300, -300, 300, 300), weight: 3, mustCover: false,
                sourceFile: "z", sourceLocation: "feature 0"),
            PriorityZone(
                name: "B", geometry: Self.rectangle(grid, 0, 0, 500, 500), weight: 5, mustCover: true, sourceFile: "z",
                sourceLocation: "feature 1"),
            PriorityZone(
                name: "C", geometry: Self.rectangle(grid, 200, 200, 700, 700), weight: 0.5, mustCover: true,
                sourceFile: "z", sourceLocation: "feature 2"),
            PriorityZone(
                name: "far", geometry: Self.rectangle(grid, 5000, 5000, 6000, 6000), weight: 2, mustCover: true,
                sourceFile: "z", sourceLocation: "feature 3"),
        ]
        let layered = DemandLayering.apply(DemandSettings(cellMeters: 100, priorityZones: zones), to: grid)
        var must: [Int] = []
        var mustZone: [Int] = []
        for cell in 0..<grid.cellCount {
            let inA = Self.inside(grid, cell, -300, -300, 300, 300)
            let inB = Self.inside(grid, cell, 0, 0, 500, 500)
            let inC = Self.inside(grid, cell, 200, 200, 700, 700)
            var multipliers: [Double] = []
            if inA { multipliers.append(3) }
            if inB { multipliers.append(5) }
            if inC { multipliers.append(0.5) }
            let expected = 10_000 * (multipliers.max() ?? 1)
            #expect(layered.weights[cell] == expected, "cell \(cell)")
            if inB || inC {
                must.append(cell)
                mustZone.append(inB ? 1 : 2)
            }
        }
        #expect(layered.mustCoverCells == must)
        #expect(layered.mustCoverZone == mustZone)
        #expect(layered.zoneCellCounts == [36, 25, 25, 0])
        #expect(layered.zoneIndex(ofMustCoverCell: must[0]) == 1)
        #expect(layered.zoneIndex(ofMustCoverCell: 0) == nil)
        #expect(
            layered.warnings.map(\.description) == [
                "z: feature 3: field 'geometry': priority zone 'far' holds no demand cell (outside the area, in an exclusion, or smaller than a cell)"
            ])
    }

    @Test("clutter: each cell is evaluated with its class's budget, exactly as a brute force over the grid")
    func clutterMatrix() throws {
        let grid = Self.grid(cellMeters: 50)
        let classes = [
            ClutterClass(name: "rural", scenario: .rma, condition: .los, penetration: BuildingPenetration.none),
            ClutterClass(name: "dense", penetration: .highLoss),
        ]
        // West half rural, a block in the east dense, the rest the profile's own model.
        let layer = ClutterLayer(
            file: "c", property: "landuse", classes: classes,
            areas: [
                ClutterArea(geometry: Self.rectangle(grid, -1000, -1000, 0, 1000), classIndex: 0),
                ClutterArea(geometry: Self.rectangle(grid, 300, -400, 800, 400), classIndex: 1),
            ])
        let layered = DemandLayering.apply(DemandSettings(cellMeters: 50, clutter: layer), to: grid)
        let clutter = try #require(layered.clutter)
        let profile = try #require(RadioProfile.named("n78-small-cell"))
        let sites = [
            SitePlacement(position: Coordinate(x: -200, y: 0), heightMeters: 10, profile: profile),
            SitePlacement(position: Coordinate(x: 500, y: 100), heightMeters: 10, profile: profile),
        ]
        let built = CoverageMatrixBuilder.build(sites: sites, grid: grid, threads: 2, clutter: clutter)
        let evaluators =
            [CoverageEvaluator(profile: profile, siteHeightMeters: 10)]
            + classes.map { $0.evaluator(profile: profile, siteHeightMeters: 10) }
        for (j, site) in sites.enumerated() {
            var expected: [UInt32] = []
            var expectedRSRP: [Int16] = []
            for cell in 0..<grid.cellCount {
                let c = grid.center(of: cell)
                let k =
                    Self.inside(grid, cell, -1000, -1000, 0, 1000)
                    ? 1 : (Self.inside(grid, cell, 300, -400, 800, 400) ? 2 : 0)
                #expect(clutter.classIndex(at: c) == k)
                if evaluators[k].isCovered(eastMeters: c.x - site.position.x, northMeters: c.y - site.position.y) {
                    expected.append(UInt32(cell))
                    expectedRSRP.append(
                        CoverageMatrix.quantize(
                            evaluators[k].rsrpDBm(eastMeters: c.x - site.position.x, northMeters: c.y - site.position.y)
                        ))
                }
            }
            #expect(Array(built.matrix.cells[built.matrix.entries(of: j)]) == expected, "site \(j)")
            #expect(Array(built.matrix.rsrpCentiDBm[built.matrix.entries(of: j)]) == expectedRSRP, "site \(j)")
        }
        // Footprint ranges: the class each site stands in (rural LOS reaches further than UMi NLOS outdoors).
        #expect(built.footprints[0].maxRangeMeters == evaluators[1].maxRangeMeters)
        #expect(built.footprints[1].maxRangeMeters == evaluators[2].maxRangeMeters)
        #expect(evaluators[1].maxRangeMeters > evaluators[0].maxRangeMeters)
        #expect(evaluators[2].maxRangeMeters < evaluators[0].maxRangeMeters)
    }

    /// The cells and quantised RSRP of `site`'s column by brute force: the west half (rural,
    /// `evaluators[1]`) predicted at the centre of its 4 × 4 block of grid squares, counted from the
    /// grid's origin independently of the code under test; the rest per cell with `evaluators[0]`.
    static func bruteForceColumn(grid: DemandGrid, site: SitePlacement, evaluators: [CoverageEvaluator]) -> (
        cells: [UInt32], rsrp: [Int16], ruralCells: Int
    ) {
        let spec = grid.spec
        var cells: [UInt32] = []
        var rsrp: [Int16] = []
        var rural = 0
        for cell in 0..<grid.cellCount {
            let c = grid.center(of: cell)
            let k = inside(grid, cell, -1000, -1000, 0, 1000) ? 1 : 0
            var point = c
            if k == 1 {
                let column = Int(((c.x - spec.originX) / 50).rounded(.down))
                let row = Int(((c.y - spec.originY) / 50).rounded(.down))
                point = Coordinate(
                    x: spec.originX + Double(column - column % 4) * 50 + 100,
                    y: spec.originY + Double(row - row % 4) * 50 + 100)
                rural += 1
            }
            let east = point.x - site.position.x
            let north = point.y - site.position.y
            if evaluators[k].isCovered(eastMeters: east, northMeters: north) {
                cells.append(UInt32(cell))
                rsrp.append(CoverageMatrix.quantize(evaluators[k].rsrpDBm(eastMeters: east, northMeters: north)))
            }
        }
        return (cells, rsrp, rural)
    }

    /// Expects every rural cell of a 4 × 4 block to have its block's server, RSRP, SINR and overlap;
    /// returns how many cells shared their block's values.
    static func expectBlocksShare(_ field: RadioField, grid: DemandGrid) -> Int {
        var blocks: [Int: Int] = [:]
        var shared = 0
        for cell in 0..<grid.cellCount where inside(grid, cell, -1000, -1000, 0, 1000) {
            let column = Int(grid.cellColumn[cell])
            let row = Int(grid.cellRow[cell])
            let key = (row / 4) * 10_000 + column / 4
            if let first = blocks[key] {
                #expect(
                    field.bestServer[cell] == field.bestServer[first]
                        && field.bestRSRPDBm[cell] == field.bestRSRPDBm[first]
                        && field.sinrDB[cell] == field.sinrDB[first]
                        && field.overlapServers[cell] == field.overlapServers[first])
                shared += 1
            } else {
                blocks[key] = cell
            }
        }
        return shared
    }

    @Test(
        "a land use with a coarser prediction cell: each block predicted once at its centre, exactly as a brute force; SINR shared per block"
    )
    func coarsePrediction() throws {
        let grid = Self.grid(cellMeters: 50)
        // West half rural on a 200 m prediction grid (4 × 4 cells), the rest the profile's own model per cell.
        let classes = [
            ClutterClass(
                name: "rural", scenario: .rma, condition: .los, penetration: BuildingPenetration.none,
                predictionCellMeters: 200)
        ]
        let layer = ClutterLayer(
            file: "c", property: "landuse", classes: classes,
            areas: [
                ClutterArea(geometry: Self.rectangle(grid, -1000, -1000, 0, 1000), classIndex: 0)
            ])
        let clutter = try #require(
            DemandLayering.apply(DemandSettings(cellMeters: 50, clutter: layer), to: grid).clutter)
        #expect(clutter.blockSquares == [1, 4])
        let profile = try #require(RadioProfile.named("n78-small-cell"))
        let sites = [
            SitePlacement(position: Coordinate(x: -230, y: 35), heightMeters: 10, profile: profile),
            SitePlacement(position: Coordinate(x: 120, y: -60), heightMeters: 10, profile: profile),
            SitePlacement(position: Coordinate(x: -700, y: 600), heightMeters: 10, profile: profile),
        ]
        let built = CoverageMatrixBuilder.build(sites: sites, grid: grid, threads: 2, clutter: clutter)
        let evaluators = [
            CoverageEvaluator(profile: profile, siteHeightMeters: 10),
            classes[0].evaluator(profile: profile, siteHeightMeters: 10),
        ]
        var rural = 0
        for (j, site) in sites.enumerated() {
            let expected = Self.bruteForceColumn(grid: grid, site: site, evaluators: evaluators)
            if j == 0 { rural = expected.ruralCells }
            let range = built.matrix.entries(of: j)
            #expect(Array(built.matrix.cells[range]) == expected.cells, "site \(j)")
            #expect(Array(built.matrix.rsrpCentiDBm[range]) == expected.rsrp, "site \(j)")
        }
        #expect(rural > 300)
        // Far fewer budgets than cells scanned: one per rural block and site.
        let fine = CoverageMatrixBuilder.build(
            sites: sites, grid: grid, threads: 1,
            clutter: DemandLayering.apply(
                DemandSettings(
                    cellMeters: 50,
                    clutter: ClutterLayer(
                        file: "c", property: "landuse",
                        classes: [
                            ClutterClass(
                                name: "rural", scenario: .rma, condition: .los, penetration: BuildingPenetration.none)
                        ],
                        areas: layer.areas)), to: grid
            ).clutter)
        #expect(built.statistics.linkEvaluations < fine.statistics.linkEvaluations)
        // The radio field: every rural cell of a block has its block's server, RSRP, SINR and overlap; same for 1 and 2 threads.
        let field = RadioField.build(
            grid: grid, sites: sites, settings: InterferenceSettings(), clutter: clutter, threads: 2)
        let serial = RadioField.build(
            grid: grid, sites: sites, settings: InterferenceSettings(), clutter: clutter, threads: 1)
        #expect(field.sinrDB == serial.sinrDB && field.bestServer == serial.bestServer)
        let shared = Self.expectBlocksShare(field, grid: grid)
        #expect(shared > 200)
    }

    @Test("a clutter layer whose classes change nothing builds the same matrix as no clutter")
    func neutralClutter() throws {
        let grid = Self.grid(cellMeters: 50)
        let layer = ClutterLayer(
            file: "c", property: "landuse", classes: [ClutterClass(name: "urban")],
            areas: [ClutterArea(geometry: Self.rectangle(grid, -1000, -1000, 1000, 1000), classIndex: 0)])
        let clutter = try #require(
            DemandLayering.apply(DemandSettings(cellMeters: 50, clutter: layer), to: grid).clutter)
        let profile = try #require(RadioProfile.named("n78-macro"))
        let sites = (0..<5).map {
            SitePlacement(
                position: Coordinate(x: Double($0) * 300 - 600, y: Double($0 % 2) * 200), heightMeters: 25,
                profile: profile)
        }
        let plain = CoverageMatrixBuilder.build(sites: sites, grid: grid, threads: 1)
        let withClutter = CoverageMatrixBuilder.build(sites: sites, grid: grid, threads: 2, clutter: clutter)
        #expect(plain.matrix.cells == withClutter.matrix.cells)
        #expect(plain.matrix.rsrpCentiDBm == withClutter.matrix.rsrpCentiDBm)
        #expect(plain.matrix.columnStarts == withClutter.matrix.columnStarts)
        #expect(plain.footprints.map(\.maxRangeMeters) == withClutter.footprints.map(\.maxRangeMeters))
    }

    @Test("progress: coverage reports 0 … total sites, field 0 … total cells, at most once per percent")
    func progress() throws {
        let grid = Self.grid(cellMeters: 50)
        let profile = try #require(RadioProfile.named("n78-small-cell"))
        let sites = (0..<300).map {
            SitePlacement(
                position: Coordinate(x: Double($0 % 20) * 90 - 900, y: Double($0 / 20) * 120 - 900), heightMeters: 8,
                profile: profile)
        }
        final class Log: @unchecked Sendable {
            let lock = NSLock()
            var events: [StageProgress] = []
        }
        let log = Log()
        let counter = ProgressCounter(stage: "coverage", total: sites.count, unit: "sites") { event in
            log.lock.withLock { log.events.append(event) }
        }
        _ = CoverageMatrixBuilder.build(sites: sites, grid: grid, threads: 2, progress: { counter.add($0) })
        let events = log.lock.withLock { log.events }
        #expect(events.first == StageProgress(stage: "coverage", completed: 0, total: 300, unit: "sites"))
        #expect(events.last?.completed == 300)
        #expect(events.count <= 102)
        // One report per whole percent: no count is reported twice.
        #expect(Set(events.map(\.completed)).count == events.count)

        // The field stage counts demand cells: every cell once, the same field with or without it.
        let fieldLog = Log()
        let cells = ProgressCounter(stage: "field", total: grid.cellCount, unit: "cells") { event in
            fieldLog.lock.withLock { fieldLog.events.append(event) }
        }
        let field = RadioField.build(
            grid: grid, sites: Array(sites.prefix(40)), settings: InterferenceSettings(), threads: 2,
            progress: { cells.add($0) })
        let plain = RadioField.build(
            grid: grid, sites: Array(sites.prefix(40)), settings: InterferenceSettings(), threads: 1)
        #expect(field.sinrDB == plain.sinrDB)
        let fieldEvents = fieldLog.lock.withLock { fieldLog.events }
        #expect(fieldEvents.first?.completed == 0 && fieldEvents.last?.completed == grid.cellCount)
        #expect(fieldEvents.count <= 102 && fieldEvents.allSatisfy { $0.stage == "field" && $0.unit == "cells" })
    }
}
