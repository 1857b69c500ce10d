import Foundation
import Geo
import Radio
import Support
import Testing

@testable import Planning

/// The coverage matrix by the fast path (`LinkKernel` with `SiteBudget.entry`'s rule) against the
/// same matrix decided by the formula path alone, on a city-like mix: LOS-probability blends, RMa
/// predicted on 200 m blocks, indoor penetration, macro sectors and omni small cells, heights on a
/// 0.1 m grid, a site at the UT's height (no kernel: the formula decides all its links).
@Suite("Coverage matrix: fast path = formula path")
struct CoverageFastPathTests {
    static func layout() throws -> (grid: DemandGrid, clutter: ClutterRaster, sites: [SitePlacement]) {
        let projection = LocalProjection(centralMeridianDegrees: 113.3, originLatitudeDegrees: 23.1)
        let area = Geometry.polygon(.rectangle(minX: -3000, minY: -2500, maxX: 3100, maxY: 2600))
        let grid = DemandGridBuilder.build(
            districts: [area], districtNames: ["d"], exclusions: [], cellMeters: 50, projection: projection,
            threads: 2)
        func rectangle(_ x0: Double, _ y0: Double, _ x1: Double, _ y1: Double) -> Geometry {
            projection.unproject(.polygon(.rectangle(minX: x0, minY: y0, maxX: x1, maxY: y1)))
        }
        let classes = [
            ClutterClass(name: "dense_urban", penetration: .lowLoss),
            ClutterClass(name: "suburban", condition: .probabilistic),
            ClutterClass(name: "rural", scenario: .rma, condition: .probabilistic, predictionCellMeters: 200),
            ClutterClass(name: "park", scenario: .umi, condition: .los),
        ]
        let layer = ClutterLayer(
            file: "c", property: "landuse", classes: classes,
            areas: [
                ClutterArea(geometry: rectangle(-800, -700, 900, 600), classIndex: 0),
                ClutterArea(geometry: rectangle(900, -2500, 3100, 2600), classIndex: 1),
                ClutterArea(geometry: rectangle(-3000, -2500, -800, 2600), classIndex: 2),
                ClutterArea(geometry: rectangle(-800, 1500, 900, 2600), classIndex: 3),
            ])
        let clutter = try #require(
            DemandLayering.apply(DemandSettings(cellMeters: 50, clutter: layer), to: grid).clutter)
        let macro = try #require(RadioProfile.named("n78-macro"))
        var macroLow = macro
        macroLow.rsrpThresholdDBm = -110
        let small = try #require(RadioProfile.named("n78-small-cell"))
        var sites: [SitePlacement] = []
        var generator = SplitMix64(seed: 7)
        for k in 0..<60 {
            let profile = k % 3 == 0 ? small : (k % 3 == 1 ? macro : macroLow)
            let height = profile.name == "n78-small-cell" ? 6 + Double(k % 7) : (15 + Double(k % 11) * 2.3)
            sites.append(
                SitePlacement(
                    position: Coordinate(
                        x: -2900 + 5900 * generator.nextUnit(), y: -2400 + 4900 * generator.nextUnit()),
                    heightMeters: (height * 10).rounded() / 10, profile: profile))
        }
        // An antenna at the UT's height: no kernel (no depression table), the formula decides.
        sites.append(SitePlacement(position: Coordinate(x: 100, y: 50), heightMeters: 1.5, profile: macroLow))
        return (grid, clutter, sites)
    }

    @Test("same columns, cells, RSRP and footprints; few links left to the formula; 1 thread = 2 threads")
    func sameMatrix() throws {
        let (grid, clutter, sites) = try Self.layout()
        let fast = CoverageMatrixBuilder.build(sites: sites, grid: grid, threads: 2, clutter: clutter)
        let formula = CoverageMatrixBuilder.build(
            sites: sites, grid: grid, threads: 2, clutter: clutter, formulaOnly: true)
        let serial = CoverageMatrixBuilder.build(sites: sites, grid: grid, threads: 1, clutter: clutter)
        #expect(fast.matrix.entryCount > 50_000)
        for other in [formula, serial] {
            #expect(fast.matrix.columnStarts == other.matrix.columnStarts)
            #expect(fast.matrix.cells == other.matrix.cells)
            #expect(fast.matrix.rsrpCentiDBm == other.matrix.rsrpCentiDBm)
            #expect(fast.footprints.map(\.maxRangeMeters) == other.footprints.map(\.maxRangeMeters))
            #expect(fast.statistics.linkEvaluations == other.statistics.linkEvaluations)
        }
        // The formula path decides every link of the formula-only build, and of the fast build only
        // the site without a kernel and the links within the tolerance or on a table's kink.
        let evaluations = fast.statistics.linkEvaluations
        #expect(formula.statistics.links.formulaLinks == evaluations)
        let withoutKernel = CoverageMatrixBuilder.build(
            sites: [sites[sites.count - 1]], grid: grid, threads: 1, clutter: clutter
        ).statistics
        #expect(withoutKernel.links.formulaLinks == withoutKernel.linkEvaluations)
        let kernelLinks = evaluations - withoutKernel.linkEvaluations
        let kernelFormulaLinks = fast.statistics.links.formulaLinks - withoutKernel.linkEvaluations
        #expect(kernelFormulaLinks > 0 && Double(kernelFormulaLinks) < 0.01 * Double(kernelLinks))
    }

    @Test("the coverage matrix equals a brute force of the formula path, RSRP to the last 0.01 dB")
    func bruteForce() throws {
        let (grid, clutter, sites) = try Self.layout()
        let built = CoverageMatrixBuilder.build(
            sites: Array(sites.prefix(12)), grid: grid, threads: 2, clutter: clutter)
        for (j, site) in sites.prefix(12).enumerated() {
            let budgets =
                [CoverageEvaluator(profile: site.profile, siteHeightMeters: site.heightMeters)]
                + clutter.classes.map { $0.evaluator(profile: site.profile, siteHeightMeters: site.heightMeters) }
            var cells: [UInt32] = []
            var rsrp: [Int16] = []
            for cell in 0..<grid.cellCount {
                let centre = grid.center(of: cell)
                guard let square = GridSquares.square(of: centre, in: grid.spec) else { continue }
                let k = Int(clutter.classOfSquare[square])
                let column = square % grid.spec.columns
                let row = square / grid.spec.columns
                let point = clutter.predictionPoint(column: column, row: row, classIndex: k)
                let east = point.x - site.position.x
                let north = point.y - site.position.y
                if budgets[k].isCovered(eastMeters: east, northMeters: north) {
                    cells.append(UInt32(cell))
                    rsrp.append(CoverageMatrix.quantize(budgets[k].rsrpDBm(eastMeters: east, northMeters: north)))
                }
            }
            let range = built.matrix.entries(of: j)
            #expect(Array(built.matrix.cells[range]) == cells, "site \(j)")
            #expect(Array(built.matrix.rsrpCentiDBm[range]) == rsrp, "site \(j)")
        }
    }
}
