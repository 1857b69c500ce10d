import Foundation
import Geo
import Radio
import Support

@testable import Optimizer
@testable import Planning

/// The small hand-made plans the golden files are written from.
///
/// The stages that compute geometry and radio coverage are the real ones (grid, coverage columns,
/// continuity, radio field), but the sites are chosen here, not by the solver, and the solver's
/// figures and every stage time are fixed: the golden bytes change only when a writer, or what a
/// writer is given, changes — never with solver heuristics or the machine's speed.
enum GoldenPlans {
    /// The planning area: 1.6 km × 1.0 km north-east of (113.300° E, 23.100° N), in two districts
    /// split at 113.308° E — one with a CJK name, one with a `|` (escaped in Markdown tables) —
    /// and a lake on the east side.
    static let west = Geometry.polygon(.rectangle(minX: 113.300, minY: 23.100, maxX: 113.308, maxY: 23.109))
    static let east = Geometry.polygon(.rectangle(minX: 113.308, minY: 23.100, maxX: 113.316, maxY: 23.109))
    static let lake = Geometry.polygon(.rectangle(minX: 113.3105, minY: 23.1030, maxX: 113.3130, maxY: 23.1050))
    static let districts = [
        District(name: "天河 West", geometry: west, properties: [("name", .string("天河 West"))]),
        District(name: "East | 东区", geometry: east, properties: [("name", .string("East | 东区"))]),
    ]

    /// A site with catalogue-like properties (a CJK name, an owner with a comma, an extra field).
    static func site(
        _ id: String, _ name: String?, _ kind: SiteKind, _ lon: Double, _ lat: Double, cost: Double,
        status: SiteStatus = .open, height: Double? = nil
    ) -> Site {
        var properties: [(key: String, value: JSONValue)] = [("id", .string(id))]
        if let name { properties.append(("name", .string(name))) }
        properties.append(("owner", .string("广州市 \(id) 办, 总务科")))
        properties.append(("楼宇编码", .string("B-\(id)")))
        return Site(
            id: id, name: name, kind: kind, heightMeters: height ?? kind.defaultHeightMeters, cost: cost,
            status: status, profileName: kind.defaultProfileName, location: Coordinate(x: lon, y: lat),
            properties: properties, sourceFile: "candidates.geojson", sourceLocation: "feature 0")
    }

    /// The radio scenario: an existing lamp-pole small cell, candidates of every fate — chosen,
    /// left out, reserved, in the lake, beyond reach of the area.
    static func radioScenario() -> Scenario {
        let candidates = [
            site("R1", "天河体育中心", .rooftop, 113.3125, 23.1068, cost: 20, height: 30),
            site("P1", "路灯 P-001", .lampPole, 113.3040, 23.1022, cost: 6),
            site("P2", nil, .lampPole, 113.3150, 23.1012, cost: 6),
            site("C1", "预留楼宇", .rooftop, 113.3060, 23.1070, cost: 20, status: .reserved),
            site("L1", "湖心亭", .rooftop, 113.3118, 23.1040, cost: 20),
            site("F1", "远处灯杆", .lampPole, 113.3600, 23.1500, cost: 6),
        ]
        let existing = [site("E1", "既有基站 1", .lampPole, 113.3015, 23.1075, cost: 0)]
        let profiles = ["n78-macro": RadioProfile.n78Macro, "n78-small-cell": RadioProfile.n78SmallCell]
        var scenario = Scenario(
            name: "Golden district | 金色示范区", file: "golden/scenario.json", districts: districts,
            candidates: candidates, existing: existing,
            exclusions: [Exclusion(name: "湖", geometry: lake)], demand: DemandSettings(cellMeters: 100),
            radio: RadioSettings(
                profiles: profiles, profileForKind: [.rooftop: "n78-macro", .lampPole: "n78-small-cell"]),
            objective: .minCost(coverageTarget: 0.9), seed: 7,
            inputs: [
                InputFile(name: "golden/scenario.json", role: "scenario", data: Data("{\"name\": \"golden\"}\n".utf8)),
                InputFile(name: "golden/candidates.geojson", role: "candidates[0]", data: Data("[]\n".utf8)),
            ])
        scenario.frame = .wgs84
        return scenario
    }

    /// Fixed stage times (seconds), in run order.
    static let stageSeconds: [(name: String, seconds: Double)] = [
        ("load", 0.011), ("grid", 0.022), ("coverage", 0.033), ("solve", 0.044), ("continuity", 0.055),
        ("field", 0.066),
    ]

    /// The solver's figures for a plan whose sites were chosen by hand: cost, coverage and counts
    /// from the network, a bound 5 % under the cost, fixed statistics and time.
    static func solution(
        network: PlanNetwork, grid: DemandGrid, chosen: [Int], fixed: [Int], objective: CoveringObjective
    ) -> CoveringSolution {
        var covered = 0.0
        for cell in 0..<grid.cellCount where network.covered[cell] { covered += grid.weights[cell] }
        var statistics = SolverStatistics()
        statistics.greedyObjective = network.newCost + 6
        statistics.lagrangianObjective = network.newCost
        statistics.subgradientIterations = 321
        statistics.localSearchMoves = 4
        let bound = (network.newCost * 0.95).rounded(.up)
        return CoveringSolution(
            chosenColumns: chosen.sorted(), fixedColumns: fixed, cost: network.newCost, coveredWeight: covered,
            totalWeight: grid.totalWeight, coveredRowCount: network.covered.filter { $0 }.count,
            objective: objective, lowerBound: bound, upperBound: network.newCost,
            gap: (network.newCost - bound) / network.newCost, provenOptimal: false, seconds: 0.0425,
            stoppedByTimeLimit: false, threads: 2, seed: 7, statistics: statistics)
    }

    /// The radio plan: R1 (rank 1) and P1 (rank 2) on top of the existing E1.
    static func radioPlan(threads: Int = 2) throws -> Plan {
        let scenario = radioScenario()
        let study = try StudyArea.prepare(
            districts: scenario.districts, exclusions: scenario.exclusions.map(\.geometry), demand: scenario.demand,
            sourceFile: scenario.file, threads: threads)
        let columns = try RadioColumns.build(scenario: scenario, study: study, threads: threads)
        let chosen = try ["R1", "P1"].map { id in
            guard let j = columns.sites.firstIndex(where: { $0.id == id }) else { throw GoldenError.missing(id) }
            return j
        }
        let order = columns.existingColumns + chosen
        let network = PlanNetwork(
            sites: order.map { columns.sites[$0] }, existingCount: columns.existingColumns.count,
            footprints: order.map { columns.footprints[$0] }, matrix: columns.matrix.columns(order), grid: study.grid,
            serviceTypes: nil)
        let placements = order.map { columns.placements[$0] }
        let continuity = try Continuity.analyze(grid: study.grid, covered: network.covered, threads: threads)
        let field = RadioField.build(
            grid: study.grid, sites: placements, settings: InterferenceSettings(), clutter: study.layers.clutter,
            threads: threads)
        let warning = Problem(
            .warning, file: "golden/candidates.geojson", location: "feature 5", field: "lon",
            message: "F1 lies 6 km outside the area")
        return Plan(
            scenario: scenario, study: study, network: network,
            solution: solution(
                network: network, grid: study.grid, chosen: chosen, fixed: columns.existingColumns,
                objective: .partialCover(targetFraction: 0.9)),
            continuity: continuity, screening: columns.screening,
            mode: .radio(RadioPlan(columns: columns, placements: placements, field: field)),
            stageSeconds: stageSeconds, warnings: [warning], threads: threads)
    }

    /// A planar service-radius scenario: sectorised macro sites and micro sites, a minimum
    /// spacing, one existing micro site, a candidate too close to it.
    static func serviceScenario() -> Scenario {
        let area = Geometry.polygon(.rectangle(minX: 0, minY: 0, maxX: 1200, maxY: 800))
        func point(_ id: String, _ x: Double, _ y: Double, type: String? = nil) -> Site {
            var site = Site(
                id: id, name: nil, kind: .other, heightMeters: 20, cost: 3, status: .open, profileName: "",
                location: Coordinate(x: x, y: y), properties: [("id", .string(id)), ("街道", .string("示范街"))],
                sourceFile: "points.csv", sourceLocation: "line 2")
            site.serviceType = type
            return site
        }
        var scenario = Scenario(
            name: "Golden service plan", file: "golden/service.json",
            districts: [District(name: "P区", geometry: area, properties: [])],
            candidates: [
                point("M1", 300, 400), point("M2", 900, 400), point("S1", 600, 650, type: "micro"),
                point("S2", 600, 150, type: "micro"), point("N1", 560, 440),
            ],
            existing: [point("X1", 620, 420, type: "micro")], exclusions: [],
            demand: DemandSettings(cellMeters: 50), radio: RadioSettings(profiles: [:], profileForKind: [:]),
            objective: .minCost(coverageTarget: 0.8), seed: 3)
        scenario.frame = .planar
        scenario.service = ServiceSettings(
            types: [
                ServiceType(name: "macro", radiusMeters: 400, cost: 8, sectors: SectorSettings()),
                ServiceType(name: "micro", radiusMeters: 150, cost: 1),
            ],
            minimumSpacingMeters: 100)
        return scenario
    }

    /// The service plan: M1 and M2 as macro sites (first and third orientation), then S2.
    static func servicePlan(threads: Int = 2) throws -> Plan {
        let scenario = serviceScenario()
        guard let service = scenario.service else { throw GoldenError.missing("service") }
        let study = try StudyArea.prepare(
            districts: scenario.districts, exclusions: [], demand: scenario.demand, sourceFile: scenario.file,
            threads: threads, frame: .planar)
        let columns = try ServiceColumns.build(scenario: scenario, service: service, grid: study.grid, threads: threads)
        let packing = try columns.packing(spacing: service.minimumSpacingMeters)
        func column(_ candidate: Int, type: Int, orientation: Int) throws -> Int {
            guard
                let j = columns.sources.indices.first(where: {
                    columns.sources[$0] == .candidate(candidate) && columns.types[$0] == type
                        && columns.orientations[$0] == orientation
                })
            else { throw GoldenError.missing("candidate \(candidate)") }
            return j
        }
        let chosen = [
            try column(0, type: 0, orientation: 0), try column(1, type: 0, orientation: 2),
            try column(3, type: 1, orientation: 0),
        ]
        let network = SitingPipeline.serviceNetwork(
            columns: columns, order: columns.existingColumns + chosen, scenario: scenario, service: service,
            grid: study.grid)
        let objective = CoveringObjective.partialCover(targetFraction: 0.8)
        var figures = solution(
            network: network, grid: study.grid, chosen: chosen, fixed: columns.existingColumns, objective: objective)
        figures.boundAccountsForPacking = false
        let solved = SitingPipeline.Solved(solution: figures, objective: objective, ranked: chosen)
        let bound = SitingPipeline.LatticeBound(candidatesBound: 16, skippedReducedCost: nil, scope: "candidates")
        let continuity = try Continuity.analyze(grid: study.grid, covered: network.covered, threads: threads)
        return Plan(
            scenario: scenario, study: study, network: network, solution: figures, continuity: continuity,
            screening: columns.screening,
            mode: .service(
                SitingPipeline.servicePlan(
                    columns: columns, packing: packing, solved: solved, bound: bound, settings: service)),
            stageSeconds: Array(stageSeconds.dropLast()), warnings: [], threads: threads)
    }

    enum GoldenError: Error { case missing(String) }
}
