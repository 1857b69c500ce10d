import Foundation
import Radio
import Testing

@testable import Geo
@testable import Planning

/// What the coverage stage keeps to stay small at city scale — a matrix without RSRP, the chosen
/// columns' RSRP built again, blocks freed as they are copied — against the plain build.
@Suite("Coverage matrix: memory-saving builds give the same columns")
struct CoverageMemoryTests {
    static var demoScenario: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
            .appendingPathComponent("geodata/demo/scenario.json")
    }

    @Test("a build without RSRP has the same cells; 20 blocks of sites assemble to the sites built one by one")
    func withoutRSRP() throws {
        let projection = LocalProjection(centralMeridianDegrees: 113.3, originLatitudeDegrees: 23.1)
        let area = Geometry.polygon(.rectangle(minX: -2000, minY: -2000, maxX: 2000, maxY: 2000))
        let grid = DemandGridBuilder.build(
            districts: [area], districtNames: ["d"], exclusions: [], cellMeters: 50,
            projection: projection, threads: 2)
        let profile = try #require(RadioProfile.named("n78-small-cell"))
        // 1,250 sites on a 70 × 140 m lattice: 20 blocks of 64, so the copy runs in its 16 rounds.
        var sites: [SitePlacement] = []
        for k in 0..<1250 {
            sites.append(
                SitePlacement(
                    position: Coordinate(x: Double(k % 50) * 70 - 1750, y: Double(k / 50) * 140 - 1750),
                    heightMeters: 10 + Double(k % 7), profile: profile))
        }
        let full = CoverageMatrixBuilder.build(sites: sites, grid: grid, threads: 2)
        let lean = CoverageMatrixBuilder.build(sites: sites, grid: grid, threads: 2, withRSRP: false)
        #expect(full.matrix.entryCount > 20_000)
        #expect(full.matrix.rsrpCentiDBm.count == full.matrix.entryCount)
        #expect(lean.matrix.rsrpCentiDBm.isEmpty)
        #expect(lean.matrix.cells == full.matrix.cells && lean.matrix.columnStarts == full.matrix.columnStarts)
        for j in stride(from: 0, to: sites.count, by: 97) {
            let alone = CoverageMatrixBuilder.build(sites: [sites[j]], grid: grid, threads: 1).matrix
            #expect(alone.cells == Array(full.matrix.cells[full.matrix.entries(of: j)]), "site \(j)")
            #expect(alone.rsrpCentiDBm == Array(full.matrix.rsrpCentiDBm[full.matrix.entries(of: j)]), "site \(j)")
        }
    }

    @Test("the demo's columns without RSRP give a network matrix equal to the one copied from columns with RSRP")
    func chosenColumnsRebuilt() throws {
        let (scenario, _) = try ScenarioLoader.load(Self.demoScenario).get()
        let study = try StudyArea.prepare(
            districts: scenario.districts, exclusions: scenario.exclusions.map(\.geometry), demand: scenario.demand,
            sourceFile: scenario.file, threads: 2, frame: scenario.frame, extent: nil)
        let full = try RadioColumns.build(scenario: scenario, study: study, threads: 2)
        let lean = try RadioColumns.build(scenario: scenario, study: study, threads: 2, withRSRP: false)
        #expect(lean.matrix.rsrpCentiDBm.isEmpty && lean.matrix.cells == full.matrix.cells)
        // Existing sites first, then candidates out of order, as a network lists them.
        let order = lean.existingColumns + [17, 3, 250, 1, lean.candidateCount - 1, 90]
        let rebuilt = lean.matrix(of: order, study: study, threads: 2)
        let copied = full.matrix.columns(order)
        #expect(rebuilt.columnStarts == copied.columnStarts)
        #expect(rebuilt.cells == copied.cells)
        #expect(rebuilt.rsrpCentiDBm == copied.rsrpCentiDBm && !copied.rsrpCentiDBm.isEmpty)
        // With RSRP kept, the network's matrix is a plain copy.
        #expect(full.matrix(of: order, study: study, threads: 2).rsrpCentiDBm == copied.rsrpCentiDBm)
        // What a plan keeps: every column, none of their cells.
        let kept = lean.withoutCells()
        #expect(kept.matrix.siteCount == lean.sites.count && kept.matrix.entryCount == 0)
        #expect(kept.sites.map(\.id) == lean.sites.map(\.id) && kept.linkEvaluations == lean.linkEvaluations)
    }

    @Test(
        "the capacity stage on columns without RSRP (the relief candidates' built again) equals the stage on columns with RSRP, and gives the network's matrix"
    )
    func capacityStageRebuildsRSRP() throws {
        let file = Self.demoScenario.deletingLastPathComponent().appendingPathComponent("scenario-capacity.json")
        let (scenario, _) = try ScenarioLoader.load(file).get()
        let settings = try #require(scenario.capacity)
        let study = try StudyArea.prepare(
            districts: scenario.districts, exclusions: scenario.exclusions.map(\.geometry), demand: scenario.demand,
            sourceFile: scenario.file, threads: 2, frame: scenario.frame, extent: nil)
        let full = try RadioColumns.build(scenario: scenario, study: study, threads: 2)
        let lean = try RadioColumns.build(scenario: scenario, study: study, threads: 2, withRSRP: false)
        let (traffic, _) = CapacitySiting.traffic(settings, grid: study.grid, demand: scenario.demand)
        // A thin coverage plan (every 9th candidate beside the existing sites, not ascending) that
        // the busy-hour traffic overloads.
        let coverage = lean.existingColumns + stride(from: lean.candidateCount - 1, to: 0, by: -9).map { $0 }
        let options = PlanOptions(threads: 2, interference: nil)
        var (fullAfter, leanAfter) = (full, lean)
        let a = try CapacitySiting.run(
            columns: &fullAfter, coverage: coverage, trafficMbps: traffic, settings: settings, study: study,
            scenario: scenario, options: options)
        let b = try CapacitySiting.run(
            columns: &leanAfter, coverage: coverage, trafficMbps: traffic, settings: settings, study: study,
            scenario: scenario, options: options)
        #expect(a.overloadedCoverageSites > 0 && a.instanceCustomers > 0 && !a.added.isEmpty)
        // The stage lets the cells of every column go, and gives the network's matrix: the
        // coverage sites' and the added sites' entries with their RSRP, as copied from the full matrix.
        #expect(fullAfter.matrix.entryCount == 0 && leanAfter.matrix.entryCount == 0)
        #expect(leanAfter.matrix.siteCount == lean.sites.count)
        let network = full.matrix.columns(coverage + a.added)
        for result in [a, b] {
            #expect(result.networkMatrix.columnStarts == network.columnStarts)
            #expect(result.networkMatrix.cells == network.cells)
            #expect(result.networkMatrix.rsrpCentiDBm == network.rsrpCentiDBm)
        }
        #expect(a.added == b.added && a.loadByColumn == b.loadByColumn && a.unservedMbps == b.unservedMbps)
        #expect(a.lowerBound == b.lowerBound && a.restrictedLowerBound == b.restrictedLowerBound)
        #expect(a.instanceCustomers == b.instanceCustomers && a.instanceFacilities == b.instanceFacilities)
        #expect(a.instanceEntries == b.instanceEntries && a.overloadedCoverageSites == b.overloadedCoverageSites)
    }
}
