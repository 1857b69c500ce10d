import Foundation
import Radio
import Testing

@testable import Geo
@testable import Planning

@Suite("Network assessment: radio field and targets")
struct AssessmentTests {
    let projection = LocalProjection(centralMeridianDegrees: 113.3, originLatitudeDegrees: 23.1)

    func grid() -> DemandGrid {
        DemandGridBuilder.build(
            districts: [Geometry.polygon(.rectangle(minX: -1500, minY: -1200, maxX: 1500, maxY: 1300))],
            districtNames: ["d"],
            exclusions: [], cellMeters: 50, projection: projection, threads: 2)
    }

    func sites() -> [SitePlacement] {
        let macro = RadioProfile.named("n78-macro")!
        let small = RadioProfile.named("n78-small-cell")!
        return [
            SitePlacement(position: Coordinate(x: -600, y: 0), heightMeters: 25, profile: macro),
            SitePlacement(position: Coordinate(x: 700, y: 300), heightMeters: 30, profile: macro),
            SitePlacement(position: Coordinate(x: 0, y: -800), heightMeters: 10, profile: small),
            SitePlacement(position: Coordinate(x: 100, y: 900), heightMeters: 8, profile: small),
        ]
    }

    @Test("SINR, best server and overlap equal a brute-force sum over every site")
    func bruteForceSINR() {
        let grid = grid()
        let sites = sites()
        // A floor far below noise makes every site an interferer everywhere, as the brute force assumes.
        let settings = InterferenceSettings(
            loadFraction: 0.7, sinrThresholdDB: 0, overlapWindowDB: 6, interferenceFloorBelowNoiseDB: 80)
        let field = RadioField.build(grid: grid, sites: sites, settings: settings, threads: 2)
        let evaluators = sites.map { CoverageEvaluator(profile: $0.profile, siteHeightMeters: $0.heightMeters) }
        for cell in stride(from: 0, to: grid.cellCount, by: 7) {
            let c = grid.center(of: cell)
            let rsrp = zip(sites, evaluators).map { site, e in
                e.rsrpDBm(eastMeters: c.x - site.position.x, northMeters: c.y - site.position.y)
            }
            let best = rsrp.indices.max { rsrp[$0] < rsrp[$1] || (rsrp[$0] == rsrp[$1] && $0 > $1) }!
            let milliwatts = rsrp.map { pow(10, $0 / 10) }
            let interference = 0.7 * (milliwatts.reduce(0, +) - milliwatts[best])
            let noise = pow(10, evaluators[best].noisePowerPerREDBm / 10)
            let sinr = 10 * log10(milliwatts[best] / (interference + noise))
            let overlap = rsrp.indices.filter {
                rsrp[$0] >= evaluators[$0].rsrpThresholdDBm && rsrp[$0] >= rsrp[best] - 6
            }.count
            #expect(Int(field.bestServer[cell]) == best)
            #expect(abs(Double(field.bestRSRPDBm[cell]) - rsrp[best]) < 1e-3)
            #expect(abs(Double(field.sinrDB[cell]) - sinr) < 1e-3, "cell \(cell): \(field.sinrDB[cell]) vs \(sinr)")
            #expect(Int(field.overlapServers[cell]) == overlap)
        }
        let serial = RadioField.build(grid: grid, sites: sites, settings: settings, threads: 1)
        #expect(serial.sinrDB == field.sinrDB && serial.bestServer == field.bestServer)
    }

    @Test(
        "the default interference radius neglects less than 10 % of noise per site: SINR within 0.5 dB of the full sum")
    func defaultRadius() {
        let grid = grid()
        let sites = sites()
        let near = RadioField.build(grid: grid, sites: sites, settings: InterferenceSettings(), threads: 2)
        let full = RadioField.build(
            grid: grid, sites: sites, settings: InterferenceSettings(interferenceFloorBelowNoiseDB: 80), threads: 2)
        for cell in 0..<grid.cellCount { #expect(abs(near.sinrDB[cell] - full.sinrDB[cell]) < 0.5) }
        #expect(full.linkEvaluations >= near.linkEvaluations)
    }

    @Test("targets: verdicts, shortfalls and a named district that does not exist")
    func targets() throws {
        let grid = grid()
        var covered = [Bool](repeating: true, count: grid.cellCount)
        for cell in 0..<grid.cellCount
        where grid.cellRow[cell] == 10 && grid.cellColumn[cell] > 3 && grid.cellColumn[cell] < 20 {
            covered[cell] = false
        }
        let continuity = try Continuity.analyze(grid: grid, covered: covered, threads: 2)
        let field = RadioField.build(grid: grid, sites: sites(), settings: InterferenceSettings(), threads: 2)
        var targets = CoverageTargets()
        targets.overall = .init(minCoverage: 0.999, maxCoveredComponents: 1)
        targets.maxHoleSquareMeters = 10_000
        targets.maxEnclosedHoles = (0, 10_000)
        targets.districts["nowhere"] = .init(minCoverage: 0.5)
        let verdicts = targets.evaluate(continuity, field: field)
        let hole = 16.0 * 2500
        #expect(
            verdicts.map(\.target) == [
                "min_coverage", "max_covered_components", "max_hole_m2", "max_enclosed_holes_ge_10000_m2",
                "district_exists",
            ])
        #expect(verdicts[0].passed == (1 - 16.0 / Double(grid.cellCount) >= 0.999))
        #expect(verdicts[1].passed && verdicts[1].measured == 1)
        #expect(!verdicts[2].passed && verdicts[2].measured == hole && verdicts[2].shortfall == hole - 10_000)
        #expect(!verdicts[3].passed && verdicts[3].measured == 1)
        #expect(!verdicts[4].passed)
    }

    @Test("nearest-rank percentiles")
    func percentiles() {
        let values = (1...20).map(Double.init)
        #expect(Statistics.percentile(values, 5) == 1)
        #expect(Statistics.percentile(values, 50) == 10)
        #expect(Statistics.percentile(values, 95) == 19)
        #expect(Statistics.percentile(values, 100) == 20)
        #expect(Statistics.percentile([], 50) == -.infinity)
    }
}
