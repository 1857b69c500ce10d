import Foundation
import Geo
import Optimizer
import Radio
import Support

extension SitingPipeline {
    /// The service-radius pipeline (docs/scenario.md, `service`): the same stages as the radio one —
    /// coverage (here: footprints of site types on catalogue and lattice locations), solve (with the
    /// packing constraints), continuity; no radio field (footprints have no signal level). Lattice
    /// positions never become `Site` records unless chosen.
    static func runService(
        scenario: Scenario, service: ServiceSettings, study: StudyArea, warnings: [Problem], options: PlanOptions,
        clock: StageClock
    ) throws(PlanningError) -> Plan {
        var clock = clock
        let grid = study.grid
        let threads = options.threads
        let (columns, packing) = try clock.run(.coverage) { () throws(PlanningError) in
            let columns = try ServiceColumns.build(scenario: scenario, service: service, grid: grid, threads: threads)
            return (columns, try columns.packing(spacing: service.minimumSpacingMeters))
        }
        var bound = LatticeBound(candidatesBound: nil, skippedReducedCost: nil, scope: "lattice")
        let solved = try clock.run(.solve) { () throws(PlanningError) in
            var solved = try solve(
                columnStarts: columns.starts, columnRows: columns.cells, costs: columns.costs,
                fixedColumns: columns.existingColumns, packing: packing, grid: grid, layers: study.layers,
                scenario: scenario, options: options)
            bound = extendBoundToLattice(&solved, columns: columns, service: service, grid: grid, threads: threads)
            return solved
        }
        let network = serviceNetwork(
            columns: columns, order: columns.existingColumns + solved.ranked, scenario: scenario, service: service,
            grid: grid)
        let (continuity, phases) = try clock.run(.continuity) { () throws(PlanningError) in
            let continuity = try Continuity.analyze(
                grid: grid, covered: network.covered, threads: threads, onProgress: options.onProgress)
            return (
                continuity,
                try planPhases(
                    solved, network: network, scenario: scenario, grid: grid, final: continuity, threads: threads)
            )
        }
        let part = servicePlan(
            columns: columns, packing: packing, solved: solved, bound: bound, settings: service)
        return Plan(
            scenario: scenario, study: study, network: network, solution: solved.solution, continuity: continuity,
            screening: columns.screening, mode: .service(part), stageSeconds: clock.seconds, warnings: warnings,
            threads: threads, phases: phases)
    }

    /// The network of a service plan: the sites of the columns in `order` (existing, then new by
    /// rank), each serving the cells of its column within its type's radius.
    static func serviceNetwork(
        columns: ServiceColumns, order: [Int], scenario: Scenario, service: ServiceSettings, grid: DemandGrid
    ) -> PlanNetwork {
        var sites: [Site] = []
        var starts = [0]
        var cells: [UInt32] = []
        var footprints: [SiteFootprint] = []
        for j in order {
            sites.append(site(of: j, columns: columns, scenario: scenario, service: service, grid: grid))
            cells += columns.cells[columns.starts[j]..<columns.starts[j + 1]]
            starts.append(cells.count)
            footprints.append(SiteFootprint(maxRangeMeters: service.types[columns.types[j]].radiusMeters, validity: []))
        }
        let matrix = CoverageMatrix(cellCount: grid.cellCount, columnStarts: starts, cells: cells, rsrpCentiDBm: [])
        return PlanNetwork(
            sites: sites, existingCount: columns.existingColumns.count, footprints: footprints, matrix: matrix,
            grid: grid, serviceTypes: service.types)
    }

    /// The service part of a plan: how the columns were made and what the bound covers.
    static func servicePlan(
        columns: ServiceColumns, packing: ColumnPacking, solved: Solved, bound: LatticeBound, settings: ServiceSettings
    ) -> ServicePlan {
        ServicePlan(
            settings: settings, columns: columns.columnCount,
            catalogueColumns: columns.sources.filter {
                if case .candidate = $0 { return true }
                return false
            }.count,
            latticeColumns: columns.sources.filter {
                if case .lattice = $0 { return true }
                return false
            }.count,
            latticePositions: columns.latticeClasses.reduce(0) { $0 + $1.statistics.positions },
            latticeDominated: columns.latticeClasses.reduce(0) { $0 + $1.statistics.dominated },
            latticeForbidden: columns.latticeForbidden, candidatesNearExisting: columns.candidatesNearExisting,
            locations: packing.locationCount,
            candidatesBound: solved.objective.isMaximisation ? nil : bound.candidatesBound,
            skippedReducedCost: bound.skippedReducedCost, boundScope: bound.scope,
            boundIncludesSpacing: solved.solution.boundAccountsForPacking)
    }

    /// The `Site` record of a plan column (chosen or existing).
    static func site(of j: Int, columns: ServiceColumns, scenario: Scenario, service: ServiceSettings, grid: DemandGrid)
        -> Site
    {
        let type = service.types[columns.types[j]]
        let azimuths = type.orientations[columns.orientations[j]]
        var site: Site
        switch columns.sources[j] {
        case .candidate(let index):
            site = scenario.candidates[index]
            site.cost = columns.costs[j]
        case .existing(let index):
            site = scenario.existing[index]
        case .lattice(let square):
            let spec = grid.spec
            let centre = spec.center(column: square % spec.columns, row: square / spec.columns)
            let location = grid.projection.unproject(centre)
            // Planar lattices are named by their coordinates, geographic ones by grid square.
            let id =
                grid.projection.isPlanar
                ? "L" + Precision.meters.text(location.x) + "_" + Precision.meters.text(location.y)
                : "L\(square % spec.columns)_\(square / spec.columns)"
            site = Site(
                id: id, name: nil, kind: .other, heightMeters: SiteKind.other.defaultHeightMeters,
                cost: columns.costs[j], status: .open,
                profileName: "", location: location, properties: [("id", .string(id))], sourceFile: "lattice",
                sourceLocation: "square \(square % spec.columns),\(square / spec.columns)")
            site.source = .lattice
        }
        site.serviceType = type.name
        site.azimuthsDegrees = azimuths
        return site
    }
}
