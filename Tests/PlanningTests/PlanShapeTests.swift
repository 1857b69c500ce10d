import Foundation
import Geo
import Optimizer
import Radio
import Testing

@testable import Planning

/// The shape of a `Plan`: the network (existing sites, then new sites by rank) and the counts
/// derived from it once, against recomputations from the coverage stage's own columns; the radio
/// and service parts present exactly for their kind of run.
@Suite("Plan: network, counts and mode", .serialized)
struct PlanShapeTests {
    static var demoScenario: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
            .appendingPathComponent("geodata/demo/scenario.json")
    }

    @Test("radio plan of the demo: network order, ranks, counts by kind and existing coverage recomputed")
    func radioPlan() throws {
        let (scenario, warnings) = try ScenarioLoader.load(Self.demoScenario).get()
        let plan = try SitingPipeline.run(scenario: scenario, warnings: warnings, options: PlanOptions(threads: 2))
        let radio = try #require(plan.radio)
        #expect(plan.service == nil)
        let network = plan.network
        // The plan keeps the columns without their cells (nothing after the network reads them):
        // the coverage stage rebuilt gives them back, the same columns.
        #expect(radio.columns.matrix.entryCount == 0 && radio.columns.matrix.siteCount == radio.columns.sites.count)
        let columns = try RadioColumns.build(scenario: plan.scenario, study: plan.study, threads: 2)
        #expect(columns.sites.map(\.id) == radio.columns.sites.map(\.id))
        #expect(columns.linkEvaluations == radio.columns.linkEvaluations)
        // Existing sites first, in input order, then new sites.
        #expect(network.existingCount == scenario.existing.count)
        #expect(network.sites[network.existingIndices].map(\.id) == scenario.existing.map(\.id))
        #expect(network.newCount == plan.solution.chosenColumns.count && network.newCount > 0)
        #expect(network.rank(of: 0) == nil && network.rank(of: network.existingCount) == 1)
        // Each site's cells are its coverage column's; ranks follow decreasing marginal gain.
        let columnOfID = Dictionary(uniqueKeysWithValues: columns.sites.enumerated().map { ($1.id, $0) })
        var covered = [Bool](repeating: false, count: plan.grid.cellCount)
        var previousGain = Double.infinity
        for k in network.sites.indices {
            let j = try #require(columnOfID[network.sites[k].id])
            let cells = Array(network.matrix.cells[network.matrix.entries(of: k)])
            #expect(cells == Array(columns.matrix.cells[columns.matrix.entries(of: j)]))
            #expect(network.footprints[k].maxRangeMeters == columns.footprints[j].maxRangeMeters)
            let gain = cells.reduce(0.0) { covered[Int($1)] ? $0 : $0 + plan.grid.weights[Int($1)] }
            if !network.isExisting(k) {
                #expect(gain <= previousGain, "rank \(network.rank(of: k) ?? 0) adds more than the one before")
                previousGain = gain
            }
            for cell in cells { covered[Int(cell)] = true }
        }
        #expect(covered == network.covered)
        // Counts computed once, against a recount.
        var byKind: [String: Int] = [:]
        for k in network.newIndices { byKind[network.sites[k].kind.rawValue, default: 0] += 1 }
        #expect(network.newSitesByType.map(\.type) == SiteKind.allCases.map(\.rawValue).filter { byKind[$0] != nil })
        #expect(network.newSitesByType.allSatisfy { byKind[$0.type] == $0.count })
        #expect(network.newCost == network.newIndices.reduce(0.0) { $0 + network.sites[$1].cost })
        let before = columns.matrix.coveredCells(by: columns.existingColumns)
        let weightBefore = (0..<plan.grid.cellCount).filter { before[$0] }.reduce(0.0) { $0 + plan.grid.weights[$1] }
        #expect(abs(network.existingCoverageRatio - weightBefore / plan.grid.totalWeight) < 1e-12)
        #expect(network.existingCoverageRatio < plan.continuity.coverageRatio)
        // The radio field covers the same network, site by site.
        let field = try #require(radio.field)
        #expect(radio.placements.count == network.sites.count)
        #expect(field.bestServer.allSatisfy { $0 < Int32(network.sites.count) })
        #expect(plan.stageSeconds.map(\.name) == ["grid", "coverage", "solve", "continuity", "field"])
    }

    @Test("service plan: every service type counted (zeros included), no radio part, no field stage")
    func servicePlan() throws {
        // A 2 km × 1 km planar area, catalogue candidates on a 250 m grid, one existing site.
        let area = Geometry.polygon(.rectangle(minX: 0, minY: 0, maxX: 2000, maxY: 1000))
        func site(_ id: String, _ x: Double, _ y: Double, existing: Bool) -> Site {
            Site(
                id: id, name: nil, kind: existing ? .tower : .other, heightMeters: 10, cost: 1, status: .open,
                profileName: "", location: Coordinate(x: x, y: y), properties: [("id", .string(id))],
                sourceFile: "test", sourceLocation: "feature 0")
        }
        var candidates: [Site] = []
        for x in stride(from: 125.0, to: 2000, by: 250) {
            for y in stride(from: 125.0, to: 1000, by: 250) {
                candidates.append(site("C\(x)_\(y)", x, y, existing: false))
            }
        }
        var scenario = Scenario(
            name: "service", file: "service.json", districts: [District(name: "a", geometry: area, properties: [])],
            candidates: candidates, existing: [site("E", 1000, 500, existing: true)], exclusions: [],
            demand: DemandSettings(cellMeters: 50), radio: RadioSettings(profiles: [:], profileForKind: [:]),
            objective: .minCost(coverageTarget: 1), seed: 1)
        scenario.frame = .planar
        scenario.service = ServiceSettings(types: [
            ServiceType(name: "small", radiusMeters: 300, cost: 1),
            ServiceType(name: "unused", radiusMeters: 10, cost: 1000),
        ])
        let plan = try SitingPipeline.run(scenario: scenario, options: PlanOptions(threads: 2))
        #expect(plan.service != nil && plan.radio == nil)
        let network = plan.network
        #expect(network.existingCount == 1 && network.sites[0].id == "E" && network.newCount > 0)
        #expect(network.newSitesByType.map(\.type) == ["small", "unused"])
        #expect(network.newSitesByType.map(\.count) == [network.newCount, 0])
        #expect(network.newSitesByType.reduce(0) { $0 + $1.count } == network.newCount)
        #expect(network.newIndices.allSatisfy { network.sites[$0].serviceType == "small" })
        #expect(network.covered.allSatisfy { $0 }, "coverage target 1")
        #expect(plan.continuity.coverageRatio == 1)
        #expect(plan.stageSeconds.map(\.name) == ["grid", "coverage", "solve", "continuity"])
    }
}
