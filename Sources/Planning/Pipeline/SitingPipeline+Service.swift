import Dispatch
import Foundation
import Geo
import Optimizer
import Radio
import Support

/// What a service-radius run adds to a `Plan`: the settings, how the columns were made, and what
/// the bound covers.
public struct ServiceRun: Sendable {
    public var settings: ServiceSettings
    /// Columns of the covering problem (catalogue, lattice and existing-site columns).
    public var columns: Int
    /// Of which: catalogue columns and lattice columns.
    public var catalogueColumns: Int
    public var latticeColumns: Int
    /// Lattice positions that could serve demand (per class, summed), and those dropped as dominated.
    public var latticePositions: Int
    public var latticeDominated: Int
    /// Base-lattice positions excluded: in an exclusion or within the spacing of an existing site.
    public var latticeForbidden: Int
    /// Locations of the packing constraints.
    public var locations: Int
    /// The solver's own lower bound, on the columns it was given (min-cost objectives).
    public var candidatesBound: Double?
    /// `Σ min(0, reduced cost)` over lattice positions a coarser search step skipped, at the bound's
    /// multipliers (0 or nil when nothing was skipped).
    public var skippedReducedCost: Double?
    /// What the reported bound is valid for: `"lattice"` (every lattice position and catalogue
    /// candidate) or `"candidates"` (the columns searched; a coarser search step without a Lagrangian
    /// certificate).
    public var boundScope: String
    /// Whether the reported bound accounts for the spacing / one-per-location constraints.
    public var boundIncludesSpacing: Bool
}

extension SitingPipeline {
    /// The service-radius pipeline (docs/scenario.md, `service`): the same stages as the radio one —
    /// grid, coverage (here: footprints of site types on catalogue and lattice locations), solve
    /// (with the packing constraints), continuity — and a `Plan` whose columns are the new sites
    /// chosen and the existing sites, in that order (lattice positions never become `Site` records
    /// unless chosen).
    static func runService(
        scenario: Scenario, service: ServiceSettings, study: StudyArea, warnings: [Problem], options: PlanOptions,
        stages initial: [(name: String, seconds: Double)]
    ) throws(PlanningError) -> Plan {
        var stages = initial
        var clock = DispatchTime.now()
        func endStage(_ name: String) {
            stages.append((name, seconds(since: clock)))
            clock = DispatchTime.now()
        }
        let grid = study.grid
        let layers = study.layers
        let threads = options.threads

        // Coverage: the columns.
        options.onStage?("coverage")
        let columns = try ServiceColumns.build(scenario: scenario, service: service, grid: grid, threads: threads)
        let packing = try columns.packing(spacing: service.minimumSpacingMeters)
        endStage("coverage")

        // Solve.
        options.onStage?("solve")
        var (solution, objective) = try solve(
            columnStarts: columns.starts, columnRows: columns.cells, costs: columns.costs,
            fixedColumns: columns.existingColumns, packing: packing, grid: grid, layers: layers,
            scenario: scenario, options: options, threads: threads)
        // The bound on the whole lattice: extend the Lagrangian bound to positions a coarser search skipped.
        let candidatesBound = solution.lowerBound
        var skipped: Double?
        var scope = "lattice"
        let coarse = columns.latticeClasses.contains { $0.footprint.stepSquares > (columns.lattice?.stepSquares ?? 1) }
        if coarse, let lattice = columns.lattice {
            if !objective.isMaximisation, let certificate = solution.lagrangianCertificate {
                let generator = LatticeCandidates(grid: grid)
                let prefix = generator.multiplierPrefix(certificate.multipliers)
                var total = 0.0
                for (footprint, _) in columns.latticeClasses where footprint.stepSquares > lattice.stepSquares {
                    total += generator.skippedReducedCost(
                        of: footprint, cost: service.types[footprint.type].cost ?? 0, lattice: lattice,
                        allowed: columns.allowed, multiplierPrefix: prefix, threads: threads)
                }
                skipped = total
                let bound = min(
                    LagrangianCertificate.rounded(certificate.value + total, integralCosts: certificate.integralCosts),
                    solution.cost)
                solution.lowerBound = bound
                solution.gap = solution.cost > 0 ? max(0, (solution.cost - bound) / solution.cost) : 0
                solution.provenOptimal = solution.gap == 0
            } else {
                scope = "candidates"
            }
        }
        endStage("solve")

        // The plan's columns: new sites (ascending column), then existing sites.
        let chosen = solution.chosenColumns
        let kept = chosen + columns.existingColumns
        var sites: [Site] = []
        var starts = [0]
        var cells: [UInt32] = []
        var footprints: [SiteFootprint] = []
        for j in kept {
            sites.append(site(of: j, columns: columns, scenario: scenario, service: service, grid: grid))
            cells += columns.cells[columns.starts[j]..<columns.starts[j + 1]]
            starts.append(cells.count)
            footprints.append(SiteFootprint(maxRangeMeters: service.types[columns.types[j]].radiusMeters, validity: []))
        }
        let matrix = CoverageMatrix(cellCount: grid.cellCount, columnStarts: starts, cells: cells, rsrpCentiDBm: [])
        let newColumns = Array(0..<chosen.count)
        let existingColumns = Array(chosen.count..<kept.count)
        let ranked = rank(newColumns, existing: existingColumns, matrix: matrix, weights: grid.weights)
        solution.chosenColumns = newColumns
        solution.fixedColumns = existingColumns

        // Continuity: the same assessment `audit` runs (no radio field: footprints have no signal level).
        options.onStage?("continuity")
        let covered = matrix.coveredCells(by: existingColumns + ranked)
        let assessment = try NetworkAssessor.assess(
            grid: grid, covered: covered, sites: [], interference: nil, threads: threads)
        endStage("continuity")

        let run = ServiceRun(
            settings: service, columns: columns.columnCount,
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
            latticeForbidden: columns.latticeForbidden, locations: packing.locationCount,
            candidatesBound: objective.isMaximisation ? nil : candidatesBound, skippedReducedCost: skipped,
            boundScope: scope,
            boundIncludesSpacing: solution.boundAccountsForPacking)
        let screening = columns.screening
        var plan = Plan(
            scenario: scenario, grid: grid, sites: sites, isExisting: kept.indices.map { $0 >= chosen.count },
            footprints: footprints,
            matrix: matrix, solution: solution, rankedNewColumns: ranked, existingColumns: existingColumns,
            covered: covered,
            assessment: assessment, placements: [], screening: screening, areaSquareMeters: study.areaSquareMeters,
            stageSeconds: stages, warnings: warnings, threads: threads, linkEvaluations: 0, layers: layers)
        plan.service = run
        return plan
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
        }
        site.serviceType = type.name
        site.azimuthsDegrees = azimuths
        return site
    }
}
