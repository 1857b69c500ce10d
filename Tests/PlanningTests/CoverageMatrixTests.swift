import Foundation
import Radio
import Testing

@testable import Geo
@testable import Planning

@Suite("Coverage matrix")
struct CoverageMatrixTests {
    @Test("grid-arithmetic search finds exactly the cells a brute-force all-pairs evaluation covers")
    func bruteForce() throws {
        let projection = LocalProjection(centralMeridianDegrees: 113.3, originLatitudeDegrees: 23.1)
        let area = Geometry.polygon(.rectangle(minX: -3000, minY: -2500, maxX: 3100, maxY: 2600))
        let grid = DemandGridBuilder.build(
            districts: [area], districtNames: ["d"], exclusions: [], cellMeters: 40,
            projection: projection, threads: 2)
        var sites: [SitePlacement] = []
        for (k, name) in ["n78-macro", "n78-small-cell", "n41-macro", "n28-rural"].enumerated() {
            guard let profile = RadioProfile.named(name) else {
                Issue.record("missing profile \(name)")
                return
            }
            sites.append(
                SitePlacement(
                    position: Coordinate(x: Double(k) * 700 - 1000, y: Double(k) * 300 - 400),
                    heightMeters: 8 + Double(k) * 9, profile: profile))
            sites.append(
                SitePlacement(
                    position: Coordinate(x: 2900, y: -2400 + Double(k) * 20), heightMeters: 30, profile: profile))
        }
        let built = CoverageMatrixBuilder.build(sites: sites, grid: grid, threads: 2)
        for (j, site) in sites.enumerated() {
            let evaluator = CoverageEvaluator(profile: site.profile, siteHeightMeters: site.heightMeters)
            var expected: [UInt32] = []
            for cell in 0..<grid.cellCount {
                let c = grid.center(of: cell)
                if evaluator.isCovered(eastMeters: c.x - site.position.x, northMeters: c.y - site.position.y) {
                    expected.append(UInt32(cell))
                }
            }
            let found = Array(built.matrix.cells[built.matrix.entries(of: j)])
            #expect(found == expected, "site \(j) (\(site.profile.name))")
            #expect(!expected.isEmpty)
            for k in built.matrix.entries(of: j) {
                let c = grid.center(of: Int(built.matrix.cells[k]))
                let rsrp = evaluator.rsrpDBm(eastMeters: c.x - site.position.x, northMeters: c.y - site.position.y)
                // The fast path's entries are the formula path's, to the last 0.01 dB.
                #expect(built.matrix.rsrpCentiDBm[k] == CoverageMatrix.quantize(rsrp))
            }
        }
        let serial = CoverageMatrixBuilder.build(sites: sites, grid: grid, threads: 1)
        #expect(serial.matrix.cells == built.matrix.cells && serial.matrix.columnStarts == built.matrix.columnStarts)
    }
}
