import Dispatch
import Foundation
import Geo
import Optimizer
import Radio
import Support

/// Options of a siting run.
public struct PlanOptions: Sendable {
    /// Worker threads for every parallel stage (≥ 1). Does not change the result.
    public var threads: Int
    /// Wall-clock safety net for the solver, in seconds.
    public var solverTimeLimitSeconds: Double
    /// Called at the start of each stage with its name (for progress messages).
    public var onStage: (@Sendable (String) -> Void)?
    /// Settings of the SINR analysis of the plan, or `nil` to skip it.
    public var interference: InterferenceSettings?
    /// Called with the counts of long stages (the coverage matrix: sites done), at most once per
    /// whole percent, from worker threads; keep it cheap (store the numbers, draw elsewhere).
    public var onProgress: (@Sendable (StageProgress) -> Void)?
    /// Solver effort, overriding the scenario's `solver.effort` (nil: the scenario's, default 1).
    public var effort: Double?

    public init(
        threads: Int, solverTimeLimitSeconds: Double = 120,
        interference: InterferenceSettings? = InterferenceSettings(),
        onStage: (@Sendable (String) -> Void)? = nil
    ) {
        self.threads = max(1, threads)
        self.solverTimeLimitSeconds = solverTimeLimitSeconds
        self.interference = interference
        self.onStage = onStage
    }
}

/// Why candidates did not become columns of the covering problem.
public struct CandidateScreening: Sendable {
    /// Candidates whose status is not `open`.
    public var notOpen = 0
    /// Candidates inside an exclusion zone.
    public var inExclusion = 0
    /// Open candidates whose footprint covers no demand cell.
    public var coversNothing = 0
    /// Service-radius jobs: candidates within the minimum spacing of an existing site.
    public var nearExisting = 0
}

/// A finished siting run: every intermediate result a report needs.
public struct Plan: Sendable {
    public let scenario: Scenario
    public let grid: DemandGrid
    /// The sites that became columns: eligible candidates first (catalogue order), then existing sites.
    public let sites: [Site]
    /// True for the columns that are existing sites.
    public let isExisting: [Bool]
    public let footprints: [SiteFootprint]
    public let matrix: CoverageMatrix
    public let solution: CoveringSolution
    /// New sites chosen, as column indices, ranked: rank 1 adds the most demand given the existing
    /// sites, rank 2 the most given those, and so on.
    public let rankedNewColumns: [Int]
    /// Existing-site columns.
    public let existingColumns: [Int]
    /// Coverage flag per demand cell with the plan built.
    public let covered: [Bool]
    /// Continuity and radio field of the plan (the same analysis `audit` runs).
    public let assessment: NetworkAssessment
    /// The placements (local metres, profile) of `sites`, by column.
    public let placements: [SitePlacement]
    public let screening: CandidateScreening
    /// Area of the planning area (districts) in m², measured with GEOS in the local projection.
    public let areaSquareMeters: Double
    /// Seconds per stage, in run order.
    public var stageSeconds: [(name: String, seconds: Double)]
    public let warnings: [Problem]
    public let threads: Int
    public let linkEvaluations: Int

    /// Total cost of the new sites.
    public var newCost: Double { rankedNewColumns.reduce(0) { $0 + sites[$1].cost } }
    /// Demand layers, priority zones (must-cover cells) and clutter as applied to the grid.
    public let layers: LayeredDemand
    /// Service-radius runs: how the columns were made and what the bound covers (nil for radio runs).
    /// Their columns are the chosen new sites and the existing sites only, and `placements` is empty.
    public var service: ServiceRun? = nil

    /// Holes, components and per-district coverage of the plan.
    public var continuity: ContinuityReport { assessment.continuity }
    /// Columns of the built network (existing sites, then new sites by rank).
    public var builtColumns: [Int] { existingColumns + rankedNewColumns }
}

/// The siting pipeline: project → demand grid → coverage matrix → solve → continuity.
/// Every stage is a library call; the CLI only adds argument parsing, progress and file writing.
public enum SitingPipeline {
    /// Loads and validates a scenario file (`ScenarioValidation`, the same checks as
    /// `nrplan validate`) and runs the pipeline on it.
    public static func run(scenarioAt url: URL, displayName: String? = nil, options: PlanOptions) throws(PlanningError)
        -> Plan
    {
        options.onStage?("load")
        let start = DispatchTime.now()
        let (scenario, warnings) = try ScenarioValidation.load(url: url, displayName: displayName)
        let loadSeconds = seconds(since: start)
        var plan = try run(scenario: scenario, warnings: warnings, options: options)
        plan.stageSeconds.insert(("load", loadSeconds), at: 0)
        return plan
    }

    /// Runs the pipeline on a loaded scenario.
    public static func run(scenario: Scenario, warnings: [Problem] = [], options: PlanOptions) throws(PlanningError)
        -> Plan
    {
        var stages: [(name: String, seconds: Double)] = []
        var clock = DispatchTime.now()
        func endStage(_ name: String) {
            stages.append((name, seconds(since: clock)))
            clock = DispatchTime.now()
        }
        let threads = options.threads

        // Project to local metres and build the demand grid.
        options.onStage?("grid")
        let study = try StudyArea.prepare(
            districts: scenario.districts, exclusions: scenario.exclusions.map(\.geometry),
            demand: scenario.demand, sourceFile: scenario.file, threads: threads, frame: scenario.frame,
            extent: scenario.service?.lattice?.bounds)
        let projection = study.projection
        let grid = study.grid
        let areaSquareMeters = study.areaSquareMeters
        let layers = study.layers
        let warnings = warnings + layers.warnings
        endStage("grid")
        if let service = scenario.service {
            return try runService(
                scenario: scenario, service: service, study: study, warnings: warnings, options: options, stages: stages
            )
        }

        // Coverage matrix: eligible candidates, then existing sites.
        options.onStage?("coverage")
        var screening = CandidateScreening()
        let inExclusion = try flagsInside(
            exclusions: scenario.exclusions.map(\.geometry), points: scenario.candidates.map(\.location),
            threads: threads)
        var columnSites: [Site] = []
        for (index, site) in scenario.candidates.enumerated() {
            if site.status != .open {
                screening.notOpen += 1
                continue
            }
            if inExclusion[index] {
                screening.inExclusion += 1
                continue
            }
            columnSites.append(site)
        }
        let candidateColumnCount = columnSites.count
        columnSites += scenario.existing
        var placements: [SitePlacement] = []
        placements.reserveCapacity(columnSites.count)
        for site in columnSites {
            guard let profile = scenario.radio.profiles[site.profileName] else {
                throw .invalidInput([
                    Problem(
                        .error, file: site.sourceFile, location: site.sourceLocation, field: "profile",
                        expected: "a known radio profile", found: "'\(site.profileName)'")
                ])
            }
            placements.append(
                SitePlacement(
                    position: projection.project(SitePlacement.snap(site.location)), heightMeters: site.heightMeters,
                    profile: profile))
        }
        var sitesDone: (@Sendable (Int) -> Void)?
        if let report = options.onProgress {
            let counter = ProgressCounter(stage: "coverage", total: placements.count, unit: "sites", report: report)
            sitesDone = { counter.add($0) }
        }
        let built = CoverageMatrixBuilder.build(
            sites: placements, grid: grid, threads: threads, clutter: layers.clutter,
            progress: sitesDone)
        // Drop candidates that cover nothing (they cannot help); keep every existing site.
        var keep: [Int] = []
        for j in 0..<columnSites.count {
            if j < candidateColumnCount && built.matrix.entries(of: j).isEmpty {
                screening.coversNothing += 1
                continue
            }
            keep.append(j)
        }
        let matrix = keep.count == columnSites.count ? built.matrix : subset(built.matrix, columns: keep)
        let sites = keep.map { columnSites[$0] }
        let keptPlacements = keep.map { placements[$0] }
        let footprints = keep.map { built.footprints[$0] }
        let isExisting = keep.map { $0 >= candidateColumnCount }
        endStage("coverage")

        // Solve.
        options.onStage?("solve")
        let existingColumns = (0..<sites.count).filter { isExisting[$0] }
        let (solution, _) = try solve(
            columnStarts: matrix.columnStarts, columnRows: matrix.cells, costs: sites.map(\.cost),
            fixedColumns: existingColumns, packing: nil, grid: grid, layers: layers,
            scenario: scenario, options: options, threads: threads)
        let ranked = rank(solution.chosenColumns, existing: existingColumns, matrix: matrix, weights: grid.weights)
        endStage("solve")

        // Continuity (and the radio field): the same assessment `audit` runs.
        options.onStage?("continuity")
        let builtColumns = existingColumns + ranked
        let covered = matrix.coveredCells(by: builtColumns)
        let assessment = try NetworkAssessor.assess(
            grid: grid, covered: covered, sites: builtColumns.map { keptPlacements[$0] },
            interference: options.interference, clutter: layers.clutter, threads: threads)
        endStage("continuity")

        return Plan(
            scenario: scenario, grid: grid, sites: sites, isExisting: isExisting, footprints: footprints,
            matrix: matrix,
            solution: solution, rankedNewColumns: ranked, existingColumns: existingColumns, covered: covered,
            assessment: assessment, placements: keptPlacements, screening: screening,
            areaSquareMeters: areaSquareMeters,
            stageSeconds: stages, warnings: warnings, threads: threads,
            linkEvaluations: built.statistics.linkEvaluations,
            layers: layers)
    }

    /// Seconds since `start`.
    static func seconds(since start: DispatchTime) -> Double {
        Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1e9
    }

    /// For each point (WGS-84), whether it lies inside (or on the boundary of) any exclusion —
    /// GEOS prepared geometries, one context and preparation per block of points.
    static func flagsInside(exclusions: [Geometry], points: [Coordinate], threads: Int) throws(PlanningError) -> [Bool]
    {
        guard !exclusions.isEmpty, !points.isEmpty else { return [Bool](repeating: false, count: points.count) }
        let blocks = Parallel.chunks(count: points.count, parts: max(1, points.count / 4096))
        let union = Geometry.multiPolygon(exclusions.flatMap(\.polygons))
        let results: [Result<[Bool], GeoError>] = Parallel.map(count: blocks.count, threads: threads) { b in
            do throws(GeoError) {
                let context = GEOSContext()
                let prepared = try PreparedGeometry(union, in: context)
                var flags: [Bool] = []
                flags.reserveCapacity(blocks[b].count)
                for k in blocks[b] { flags.append(try prepared.intersects(points[k])) }
                return .success(flags)
            } catch {
                return .failure(error)
            }
        }
        var flags: [Bool] = []
        for result in results {
            switch result {
            case .success(let part): flags += part
            case .failure(let error): throw .geometry(error)
            }
        }
        return flags
    }

    /// The matrix restricted to some columns (in the given order).
    static func subset(_ matrix: CoverageMatrix, columns: [Int]) -> CoverageMatrix {
        var starts = [0]
        starts.reserveCapacity(columns.count + 1)
        var cells: [UInt32] = []
        var rsrp: [Int16] = []
        for j in columns {
            let range = matrix.entries(of: j)
            cells += matrix.cells[range]
            rsrp += matrix.rsrpCentiDBm[range]
            starts.append(cells.count)
        }
        return CoverageMatrix(cellCount: matrix.cellCount, columnStarts: starts, cells: cells, rsrpCentiDBm: rsrp)
    }

    /// Orders chosen columns greedily by the demand weight each adds given the existing sites and
    /// the columns ranked before it (ties: lower column index first).
    /// - Complexity: O(k · entries) in the worst case, much less with lazy evaluation.
    static func rank(_ chosen: [Int], existing: [Int], matrix: CoverageMatrix, weights: [Double]) -> [Int] {
        var covered = matrix.coveredCells(by: existing)
        var remaining = Set(chosen)
        var ranked: [Int] = []
        // Lazy greedy: gains only shrink as coverage grows, so a stale gain is an upper bound.
        var stale: [(gain: Double, column: Int)] = chosen.map { j in
            (
                matrix.entries(of: j).reduce(0.0) {
                    covered[Int(matrix.cells[$1])] ? $0 : $0 + weights[Int(matrix.cells[$1])]
                }, j
            )
        }
        while !remaining.isEmpty {
            stale.sort { $0.gain > $1.gain || ($0.gain == $1.gain && $0.column < $1.column) }
            let top = stale[0]
            let fresh = matrix.entries(of: top.column).reduce(0.0) {
                covered[Int(matrix.cells[$1])] ? $0 : $0 + weights[Int(matrix.cells[$1])]
            }
            if stale.count == 1 || fresh >= stale[1].gain {
                ranked.append(top.column)
                remaining.remove(top.column)
                stale.removeFirst()
                for k in matrix.entries(of: top.column) { covered[Int(matrix.cells[k])] = true }
            } else {
                stale[0].gain = fresh
            }
        }
        return ranked
    }

    /// The covering problem of a job — demand cells as rows with their weights and must-cover
    /// cells, the given columns — solved for the scenario's objective and solver settings.
    ///
    /// - Throws: `.infeasible` with a planner-facing message when the solver cannot meet the objective.
    static func solve(
        columnStarts: [Int], columnRows: [UInt32], costs: [Double], fixedColumns: [Int], packing: ColumnPacking?,
        grid: DemandGrid, layers: LayeredDemand, scenario: Scenario, options: PlanOptions,
        threads: Int
    ) throws(PlanningError) -> (solution: CoveringSolution, objective: CoveringObjective) {
        let instance: CoveringInstance
        do {
            instance = try CoveringInstance(
                rowCount: grid.cellCount, columnStarts: columnStarts, columnRows: columnRows, costs: costs,
                weights: grid.weights, fixedColumns: fixedColumns, mustCoverRows: layers.mustCoverCells,
                packing: packing)
        } catch {
            throw .infeasible("internal: the covering instance is malformed: \(error)")
        }
        let objective: CoveringObjective
        switch scenario.objective {
        case .minCost(let target): objective = target >= 1 ? .setCover : .partialCover(targetFraction: target)
        case .maxCoverage(let k, let budget): objective = .maxCoverage(maxNewColumns: k, budget: budget)
        }
        let solverOptions = SolverOptions(
            threads: threads, timeLimitSeconds: scenario.solver.timeLimitSeconds ?? options.solverTimeLimitSeconds,
            seed: scenario.seed, effort: options.effort ?? scenario.solver.effort)
        do {
            return (try solveCovering(instance, objective: objective, options: solverOptions), objective)
        } catch {
            throw .infeasible(describeSolverFailure(error, grid: grid, scenario: scenario, layers: layers))
        }
    }

    static func describeSolverFailure(
        _ error: OptimizerError, grid: DemandGrid, scenario: Scenario, layers: LayeredDemand
    ) -> String {
        switch error {
        case .infeasibleTarget(let target, let best):
            return
                "\(scenario.file): objective.coverage_target \(Precision.hundredths.text(target * 100))% cannot be met: every open candidate and existing site together cover at most \(Precision.hundredths.text(best * 100))% of the demand; add candidates, relax the target or the radio threshold"
        case .uncoverableRows(let rows, let count):
            // Group the listed cells by the must-cover zone that holds them, so the planner sees
            // which priority zone (rail station, hospital …) no candidate can reach.
            var groups: [(zone: Int?, cells: [Int])] = []
            for row in rows {
                let zone = layers.zoneIndex(ofMustCoverCell: row)
                if let k = groups.firstIndex(where: { $0.zone == zone }) {
                    groups[k].cells.append(row)
                } else {
                    groups.append((zone, [row]))
                }
            }
            let parts = groups.map { group -> String in
                let places = group.cells.prefix(5).map { row -> String in
                    let c = grid.centerLonLat(of: row)
                    return "(\(Precision.figure.text(c.x)), \(Precision.figure.text(c.y)))"
                }.joined(separator: ", ")
                let place =
                    group.zone.map { "priority zone \(scenario.demand.priorityZones[$0].label)" }
                    ?? "cells outside priority zones (coverage_target 1 needs every cell)"
                return "\(place): \(group.cells.count) listed cell(s) at lon/lat \(places)"
            }.joined(separator: "; ")
            return
                "\(scenario.file): \(count) demand cell(s) must be covered but no candidate reaches them (nor any existing site) — \(parts)\(count > rows.count ? " (first \(rows.count) listed)" : ""); add candidates near them or relax the zone's must_cover"
        case .mustCoverExceedsLimits(let mustCoverRows, let neededColumns, let neededCost, _):
            let zones = scenario.demand.priorityZones.filter(\.mustCover).map(\.label).joined(separator: ", ")
            return
                "\(scenario.file): the \(mustCoverRows) must-cover cell(s) of \(zones.isEmpty ? "the priority zones" : zones) do not fit objective.sites/objective.budget: covering them needs \(neededColumns) new site(s) costing \(Precision.hundredths.text(neededCost)); raise the limits or relax must_cover"
        default:
            return "\(scenario.file): the solver failed: \(error)"
        }
    }
}
