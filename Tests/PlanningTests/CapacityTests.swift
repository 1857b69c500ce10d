import Foundation
import Optimizer
import Radio
import Support
import Testing

@testable import Planning

/// Load-aware siting: spectral efficiency and site capacity against hand computations, best-server
/// loads against a brute force, and the demo planned with busy-hour traffic (no site over capacity,
/// loads recomputed independently, at least the coverage-only cost).
@Suite("Capacity: spectral efficiency, site capacity, best-server loads, load-aware siting", .serialized)
struct CapacityTests {
    @Test("TR 36.942 A.1 attenuated Shannon: floor, α·log2(1+SINR), 256-QAM cap")
    func spectralEfficiency() {
        let se = SpectralEfficiency()
        // 0.6 × log2(1 + 10) = 0.6 × 3.459432 = 2.075659 bit/s/Hz.
        #expect(abs(se.bitsPerSecondPerHertz(sinrDB: 10) - 2.0756589711823783) < 1e-12)
        // 0 dB: 0.6 × log2(2) = 0.6; −10 dB (the floor itself): 0.6 × log2(1.1) = 0.0825021.
        #expect(abs(se.bitsPerSecondPerHertz(sinrDB: 0) - 0.6) < 1e-12)
        #expect(abs(se.bitsPerSecondPerHertz(sinrDB: -10) - 0.08250211424996101) < 1e-12)
        #expect(se.bitsPerSecondPerHertz(sinrDB: -10.01) == 0)
        // The cap 7.4063 (TS 38.214 Table 5.2.2.1-3, CQI 15) from 10·log10(2^(7.4063/0.6) − 1) = 37.158 dB.
        #expect(abs(se.saturationSINRDB - 37.15780541820954) < 1e-9)
        #expect(se.bitsPerSecondPerHertz(sinrDB: 37.2) == 7.4063)
        #expect(se.bitsPerSecondPerHertz(sinrDB: 37.1) < 7.4063)
        #expect(se.bitsPerSecondPerHertz(sinrDB: .nan) == 0)
    }

    @Test("site capacity: sectors × N_RB·12·SCS × SE × layers × DL share × load target")
    func siteCapacity() {
        var settings = CapacitySettings(traffic: .uniform(mbpsPerSquareKilometer: 0))
        // n78-macro: 273 RB × 12 × 30 kHz = 98.28 MHz; 98.28 × 2.075659 × 2 × 0.743 = 303.1377 Mbps
        // per sector; × 3 sectors × 0.7 = 636.5892 Mbps.
        #expect(SiteCapacity.sectors(.n78Macro) == 3)
        #expect(abs(SiteCapacity.occupiedBandwidthMHz(.n78Macro) - 98.28) < 1e-9)
        #expect(abs(SiteCapacity.sectorPeakMbps(.n78Macro, settings: settings) - 303.13770484007694) < 1e-6)
        #expect(abs(SiteCapacity.mbps(.n78Macro, settings: settings) - 636.5891801641616) < 1e-6)
        // Omni small cell: one sector, 212.1964 Mbps.
        #expect(SiteCapacity.sectors(.n78SmallCell) == 1)
        #expect(abs(SiteCapacity.mbps(.n78SmallCell, settings: settings) - 303.13770484007694 * 0.7) < 1e-6)
        // n28-rural: 106 RB × 12 × 15 kHz = 19.08 MHz; 4 layers, 0 dB (SE 0.6), FDD share 1, target 1:
        // 3 × 19.08 × 0.6 × 4 = 137.376 Mbps.
        settings.mimoLayers = 4
        settings.sinrDB = 0
        settings.downlinkShare = 1
        settings.loadTarget = 1
        #expect(abs(SiteCapacity.mbps(.n28Rural, settings: settings) - 137.376) < 1e-9)
    }

    @Test(
        "best-server loads equal a brute force: each site's load is the traffic of the cells it beats every other site on"
    )
    func bestServerLoads() {
        var random = SplitMix64(seed: 7)
        for trial in 0..<200 {
            let cells = 1 + Int(random.next() % 12)
            let sites = 1 + Int(random.next() % 5)
            var starts = [0]
            var entries: [UInt32] = []
            var rsrp: [Int16] = []
            var table = [[Int16?]](repeating: [Int16?](repeating: nil, count: cells), count: sites)
            for j in 0..<sites {
                for c in 0..<cells where random.next() % 2 == 0 {
                    // Few distinct values so that ties happen.
                    let value = Int16(-10_000 + Int(random.next() % 4) * 100)
                    entries.append(UInt32(c))
                    rsrp.append(value)
                    table[j][c] = value
                }
                starts.append(entries.count)
            }
            let traffic = (0..<cells).map { _ in Double(random.next() % 5) }
            let tieOrder = Array((0..<sites).reversed())
            let matrix = CoverageMatrix(cellCount: cells, columnStarts: starts, cells: entries, rsrpCentiDBm: rsrp)
            let loads = BestServerLoads(matrix: matrix, trafficMbps: traffic, tieOrder: tieOrder)
            var expected = [Double](repeating: 0, count: sites)
            var unserved = 0.0
            for c in 0..<cells {
                let reaching = (0..<sites).filter { table[$0][c] != nil }
                if reaching.isEmpty {
                    unserved += traffic[c]
                    continue
                }
                for j in reaching
                where reaching.allSatisfy({ k in
                    k == j || table[j][c]! > table[k][c]! || (table[j][c]! == table[k][c]! && tieOrder[j] < tieOrder[k])
                }) {
                    expected[j] += traffic[c]
                }
            }
            #expect(loads.loadMbps == expected, "trial \(trial)")
            #expect(loads.unservedMbps == unserved, "trial \(trial)")
        }
    }

    static var demoScenario: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
            .appendingPathComponent("geodata/demo/scenario.json")
    }

    @Test(
        "the demo with busy-hour traffic: no site over capacity, loads recomputed, coverage sites kept, cost ≥ coverage only",
        arguments: [CapacitySettings.Assignment.bestServer, .split])
    func demoWithTraffic(assignment: CapacitySettings.Assignment) throws {
        // scenario-capacity.json: the demo plus 0.05 Mbps per resident, more than the coverage sites carry.
        let file = Self.demoScenario.deletingLastPathComponent().appendingPathComponent("scenario-capacity.json")
        var (scenario, warnings) = try ScenarioLoader.load(file).get()
        var settings = try #require(scenario.capacity)
        settings.assignment = assignment
        scenario.capacity = nil
        let options = PlanOptions(threads: 2, interference: nil)
        let coverageOnly = try SitingPipeline.run(scenario: scenario, warnings: warnings, options: options)
        #expect(coverageOnly.capacity == nil)
        scenario.capacity = settings
        let plan = try SitingPipeline.run(scenario: scenario, warnings: warnings, options: options)
        let capacity = try #require(plan.capacity)
        let network = plan.network
        let radio = try #require(plan.radio)
        #expect(plan.stageSeconds.map(\.name) == ["grid", "coverage", "solve", "capacity", "continuity"])
        // The coverage plan is kept whole, sites are added after it.
        let coverageIDs = coverageOnly.network.sites.map(\.id)
        #expect(Array(network.sites.prefix(coverageIDs.count).map(\.id)) == coverageIDs)
        #expect(capacity.addedCount == network.sites.count - coverageIDs.count)
        #expect(capacity.addedCount > 0, "the traffic should need more sites than coverage")
        #expect(capacity.coverageOnlyNewSites == coverageOnly.network.newCount)
        #expect(abs(capacity.coverageOnlyCost - coverageOnly.network.newCost) < 1e-6)
        #expect(capacity.coverageOnlyOverloaded > 0)
        #expect(network.newCost >= coverageOnly.network.newCost)
        // No site over capacity, utilisation ≤ 1.
        #expect(capacity.overloaded.allSatisfy { !$0 })
        #expect(capacity.utilisation.allSatisfy { $0 <= 1 + 1e-9 })
        // Traffic conservation: carried + unserved = total.
        let carried = capacity.loadMbps.reduce(0, +)
        #expect(abs(carried + capacity.unservedMbps - capacity.totalTrafficMbps) < 1e-6 * capacity.totalTrafficMbps)
        // Capacity of each site from its profile.
        for k in network.sites.indices {
            #expect(capacity.capacityMbps[k] == SiteCapacity.mbps(radio.placements[k].profile, settings: settings))
        }
        if assignment == .bestServer {
            // Loads recomputed by the best-server rule on the final network (ties to the lower column).
            let columnOfID = Dictionary(uniqueKeysWithValues: radio.columns.sites.enumerated().map { ($1.id, $0) })
            let order = network.sites.map { columnOfID[$0.id]! }
            let recomputed = BestServerLoads(matrix: network.matrix, trafficMbps: capacity.trafficMbps, tieOrder: order)
            for k in network.sites.indices {
                #expect(abs(recomputed.loadMbps[k] - capacity.loadMbps[k]) <= 1e-9 * max(1, recomputed.loadMbps[k]))
            }
        }
        // The bound on the added cost is at most the added cost.
        let addedCost = network.sites.suffix(capacity.addedCount).reduce(0) { $0 + $1.cost }
        #expect((capacity.addedCostLowerBound ?? -1) <= addedCost + 1e-6)
        #expect(capacity.districts.reduce(0) { $0 + $1.capacitySites } == capacity.addedCount)
    }

    @Test("capacity section errors name the field; service + capacity and continuity limits + capacity refused")
    func loaderErrors() throws {
        let folder = Self.demoScenario.deletingLastPathComponent()
        func problems(_ capacity: String, limits: String = "") -> [String] {
            let text = """
                {"area": "area.geojson", "candidates": ["catalogue.geojson"], "demand": {"cell_m": 50},
                 "objective": {"type": "min_cost", "coverage_target": 0.95\(limits)}, "capacity": \(capacity)}
                """
            let loaded = ScenarioLoader.load(
                folder.appendingPathComponent("capacity-test.json"), contents: Data(text.utf8))
            return loaded.diagnostics.problems.filter { $0.severity == .error }.map { "\($0)" }
        }
        #expect(problems(#"{"traffic_mbps_per_km2": 100}"#).isEmpty)
        #expect(
            problems(#"{"traffic": {"file": "density.geojson", "property": "pop_per_km2", "mbps_per_unit": 0.1}}"#)
                .isEmpty)
        #expect(problems("{}").contains { $0.contains("capacity.traffic") && $0.contains("neither") })
        #expect(problems(#"{"traffic_mbps_per_km2": -1}"#).contains { $0.contains("capacity.traffic_mbps_per_km2") })
        #expect(
            problems(#"{"traffic_mbps_per_km2": 1, "assignment": "nearest"}"#).contains {
                $0.contains("capacity.assignment") && $0.contains("'nearest'")
            })
        #expect(problems(#"{"traffic": {"file": "density.geojson"}}"#).contains { $0.contains("property") })
        #expect(problems(#"{"traffic_mbps_per_km2": 1, "load_target": 1.5}"#).contains { $0.contains("load_target") })
        // Continuity limits with a capacity stage: refused (sites added for load could enclose a hole).
        #expect(
            problems(#"{"traffic_mbps_per_km2": 100}"#, limits: #", "max_hole_m2": 10000"#).contains {
                $0.contains("field 'capacity'") && $0.contains("no capacity section with continuity limits")
            })
    }
}
