import Foundation
import Geo
import Radio
import Testing

@testable import Planning

/// Issue 6 acceptance on the committed demo (geodata/demo): a must-cover priority zone the plan
/// left uncovered gets covered, and a clutter layer marking part of the area rural changes the
/// predicted ranges there and only there.
@Suite("Demo: must-cover zones and clutter (issue 6 acceptance)", .serialized)
struct DemoLayerAcceptanceTests {
    static var demoScenario: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
            .appendingPathComponent("geodata/demo/scenario.json")
    }

    static func options() -> PlanOptions { PlanOptions(threads: 2, interference: nil) }

    @Test("adding a must-cover zone over cells the plan left uncovered makes the plan cover every cell of it")
    func mustCoverZoneGetsCovered() throws {
        let (scenario, warnings) = try ScenarioLoader.load(Self.demoScenario).get()
        let before = try SitingPipeline.run(scenario: scenario, warnings: warnings, options: Self.options())
        let grid = before.grid
        // Cells some candidate or existing site can cover.
        let columns = try RadioColumns.build(scenario: scenario, study: before.study, threads: 2)
        var coverable = [Bool](repeating: false, count: grid.cellCount)
        for k in columns.matrix.cells.indices { coverable[Int(columns.matrix.cells[k])] = true }
        // A 3 × 3 block of demand cells, all coverable, whose centre cell the plan left uncovered.
        var block: [Int] = []
        search: for cell in 0..<grid.cellCount where !before.network.covered[cell] && coverable[cell] {
            let c = Int(grid.cellColumn[cell])
            let r = Int(grid.cellRow[cell])
            var cells: [Int] = []
            for dr in -1...1 {
                for dc in -1...1 {
                    guard let n = grid.cell(column: c + dc, row: r + dr), coverable[n] else { continue search }
                    cells.append(n)
                }
            }
            block = cells
            break
        }
        try #require(block.count == 9, "no uncovered, coverable 3 × 3 block in the demo plan")
        let uncoveredBefore = block.filter { !before.network.covered[$0] }.count
        #expect(uncoveredBefore >= 1)

        // The zone: the block's square (150 m), in WGS-84 like a priority.geojson polygon.
        let spec = grid.spec
        let centre = grid.center(of: block[4])
        let half = 1.5 * spec.cellMeters
        let zone = grid.projection.unproject(
            .polygon(
                .rectangle(
                    minX: centre.x - half, minY: centre.y - half,
                    maxX: centre.x + half, maxY: centre.y + half)))
        var withZone = scenario
        withZone.demand.priorityZones = [
            PriorityZone(
                name: "测试站", geometry: zone, weight: 1, mustCover: true,
                sourceFile: "test-priority.geojson", sourceLocation: "feature 0")
        ]
        let after = try SitingPipeline.run(scenario: withZone, options: Self.options())
        #expect(after.study.layers.mustCoverCells == block.sorted())
        #expect(block.allSatisfy { after.network.covered[$0] }, "every cell of the must-cover zone is covered")
        #expect(
            Set(after.network.newIndices.map { after.network.sites[$0].id })
                != Set(before.network.newIndices.map { before.network.sites[$0].id }),
            "the plan changed")
        #expect(after.continuity.coverageRatio >= 0.95)
    }

    @Test("a must-cover zone no candidate reaches is an error naming the zone and the cells' lon/lat")
    func unreachableZone() throws {
        let (scenario, _) = try ScenarioLoader.load(Self.demoScenario).get()
        // No candidates and only the eastern existing sites: the western cells of a must-cover
        // zone spanning the whole area cannot be covered by anything.
        let box = try #require(
            scenario.districts.compactMap(\.geometry.boundingBox).reduce(nil as BoundingBox?) { acc, b in
                var out = acc ?? b
                out.include(b)
                return out
            })
        var far = scenario
        let cornerZone = Geometry.polygon(.rectangle(minX: box.minX, minY: box.minY, maxX: box.maxX, maxY: box.maxY))
        far.candidates = []
        far.existing = scenario.existing.filter { $0.location.x > box.center.x } // only the east half
        far.objective = .minCost(coverageTarget: 0.01)
        far.demand.priorityZones = [
            PriorityZone(
                name: "全区", geometry: cornerZone, weight: 1, mustCover: true,
                sourceFile: "p.geojson", sourceLocation: "feature 0")
        ]
        do {
            _ = try SitingPipeline.run(scenario: far, options: Self.options())
            Issue.record("expected the must-cover zone to be unreachable")
        } catch {
            let text = error.description
            #expect(text.contains("must be covered but no candidate reaches them"), "\(text)")
            #expect(text.contains("priority zone '全区' (p.geojson feature 0)"), "\(text)")
            #expect(text.contains("at lon/lat (113."), "\(text)")
        }
    }

    @Test("a clutter layer marking the west of the demo rural changes the predicted ranges there, and only there")
    func ruralClutterChangesRanges() throws {
        let (scenario, warnings) = try ScenarioLoader.load(Self.demoScenario).get()
        let plain = try SitingPipeline.run(scenario: scenario, warnings: warnings, options: Self.options())
        let box = try #require(
            scenario.districts.compactMap(\.geometry.boundingBox).reduce(nil as BoundingBox?) { acc, b in
                var out = acc ?? b
                out.include(b)
                return out
            })
        let westEdge = box.minX + box.width / 3
        var rural = scenario
        rural.demand.clutter = ClutterLayer(
            file: "landuse.geojson", property: "landuse",
            classes: [ClutterClass(name: "rural", scenario: .rma, condition: .probabilistic)],
            areas: [
                ClutterArea(
                    geometry: .polygon(
                        .rectangle(
                            minX: box.minX - 0.01, minY: box.minY - 0.01,
                            maxX: westEdge, maxY: box.maxY + 0.01)), classIndex: 0)
            ])
        let withClutter = try SitingPipeline.run(scenario: rural, options: Self.options())
        var rangeBefore: [String: Double] = [:]
        let plainColumns = try RadioColumns.build(scenario: plain.scenario, study: plain.study, threads: 2)
        let clutterColumns = try RadioColumns.build(scenario: rural, study: withClutter.study, threads: 2)
        for (j, site) in plainColumns.sites.enumerated() {
            rangeBefore[site.id] = plainColumns.footprints[j].maxRangeMeters
        }
        var changedWest = 0
        var west = 0
        var east = 0
        var changedEast = 0
        for (j, site) in clutterColumns.sites.enumerated() {
            guard let before = rangeBefore[site.id] else { continue }
            let after = clutterColumns.footprints[j].maxRangeMeters
            // Sites well inside either part (a cell's width from the boundary).
            if site.location.x < westEdge - 0.001 {
                west += 1
                if abs(after - before) > 1 { changedWest += 1 }
            } else if site.location.x > westEdge + 0.001 {
                east += 1
                if after != before { changedEast += 1 }
            }
        }
        #expect(west > 50 && east > 50)
        #expect(changedWest == west, "\(changedWest) of \(west) western sites changed range")
        #expect(changedEast == 0, "\(changedEast) of \(east) eastern sites changed range")
        // The coverage matrix changes with it.
        #expect(clutterColumns.matrix.cells != plainColumns.matrix.cells)
    }
}
