import Foundation
import Geo
import Optimizer
import Radio
import Support

/// The siting pipeline: load → grid → coverage → solve → continuity → field (`PipelineStage`).
/// Every stage is a library call; the CLI only adds argument parsing, progress and file writing.
public enum SitingPipeline {
    /// Loads and checks a scenario file (`ScenarioLoader`, the same checks as `nrplan validate`)
    /// and runs the pipeline on it.
    public static func run(scenarioAt url: URL, displayName: String? = nil, options: PlanOptions) throws(PlanningError)
        -> Plan
    {
        var clock = StageClock(onStage: options.onStage)
        let (scenario, warnings) = try clock.run(.load) { () throws(PlanningError) in
            try ScenarioLoader.load(url, displayName: displayName, threads: options.threads).get()
        }
        return try run(scenario: scenario, warnings: warnings, options: options, clock: clock)
    }

    /// Runs the pipeline on a loaded scenario.
    public static func run(scenario: Scenario, warnings: [Problem] = [], options: PlanOptions) throws(PlanningError)
        -> Plan
    {
        try run(scenario: scenario, warnings: warnings, options: options, clock: StageClock(onStage: options.onStage))
    }

    /// The stages after `load`: grid, then the radio or the service-radius pipeline.
    static func run(scenario: Scenario, warnings: [Problem], options: PlanOptions, clock: StageClock)
        throws(PlanningError) -> Plan
    {
        var clock = clock
        let study = try clock.run(.grid) { () throws(PlanningError) in
            try StudyArea.prepare(
                districts: scenario.districts, exclusions: scenario.exclusions.map(\.geometry),
                demand: scenario.demand, sourceFile: scenario.file, threads: options.threads, frame: scenario.frame,
                extent: scenario.service?.lattice?.bounds)
        }
        let warnings = warnings + study.layers.warnings
        if let service = scenario.service {
            return try runService(
                scenario: scenario, service: service, study: study, warnings: warnings, options: options, clock: clock)
        }
        return try runRadio(scenario: scenario, study: study, warnings: warnings, options: options, clock: clock)
    }

    /// The radio pipeline: coverage by the radio model, solve, continuity and the radio field.
    static func runRadio(
        scenario: Scenario, study: StudyArea, warnings: [Problem], options: PlanOptions, clock: StageClock
    ) throws(PlanningError) -> Plan {
        var clock = clock
        let threads = options.threads
        let (columns, roads) = try clock.run(.coverage) { () throws(PlanningError) in
            // Only a capacity stage that splits cells reads the RSRP of every column; the others
            // need the RSRP of the columns they read only (`RadioColumns.matrix(of:study:threads:)`:
            // the chosen columns, and the best-server capacity stage's relief candidates).
            let columns = try RadioColumns.build(
                scenario: scenario, study: study, threads: threads,
                withRSRP: scenario.capacity?.assignment == .split,
                onProgress: options.onProgress)
            return (
                columns, try RoadColumns.build(scenario: scenario, study: study, columns: columns, threads: threads)
            )
        }
        return try finishRadio(
            scenario: scenario, study: study, columns: consume columns, roads: roads, warnings: warnings,
            options: options,
            clock: clock)
    }

    /// The radio pipeline after the coverage stage: solve, continuity and the radio field (a tile
    /// of a tiled run adjusts its target between coverage and solve). `columns` is consumed: its
    /// cells are freed once the network is built (`assembleRadio`).
    static func finishRadio(
        scenario: Scenario, study: StudyArea, columns given: consuming RadioColumns, roads: RoadColumns? = nil,
        warnings: [Problem], options: PlanOptions, clock: StageClock
    ) throws(PlanningError) -> Plan {
        var clock = clock
        let columns = consume given
        let existingColumns = columns.existingColumns
        let solved = try clock.run(.solve) { () throws(PlanningError) in
            if roads != nil || !scenario.continuity.isEmpty {
                // Roads and continuity limits: SitingPipeline+Continuity.swift.
                return try solveContinuous(
                    columns: columns, roads: roads, study: study, scenario: scenario, options: options)
            }
            return try solve(
                columnStarts: columns.matrix.columnStarts, columnRows: columns.matrix.cells,
                costs: columns.sites.map(\.cost), fixedColumns: existingColumns, packing: nil, grid: study.grid,
                layers: study.layers, scenario: scenario, options: options)
        }
        return try assembleRadio(
            scenario: scenario, study: study, columns: consume columns, roads: roads, solved: solved,
            warnings: warnings,
            options: options, clock: clock)
    }

    /// The plan of chosen columns: the network (existing sites, then new sites by rank), its
    /// continuity and radio field (the merge of a tiled run chooses the columns itself).
    ///
    /// Once the network and its capacity figures are built, no later stage reads the cells of the
    /// columns not chosen: `columns` is consumed and the plan keeps it without them
    /// (`RadioColumns.withoutCells`), so the continuity and field stages and the writing run
    /// without the all-candidate matrix (about a gigabyte on the generated Guangzhou-sized city).
    static func assembleRadio(
        scenario: Scenario, study: StudyArea, columns given: consuming RadioColumns, roads: RoadColumns? = nil,
        solved: Solved, warnings: [Problem], options: PlanOptions, clock: StageClock
    ) throws(PlanningError) -> Plan {
        var clock = clock
        var columns = consume given
        let threads = options.threads
        let existingColumns = columns.existingColumns
        // The network: existing sites, then new sites by rank, then the sites added for capacity.
        var order = existingColumns + solved.ranked
        var capacityStage: (result: CapacitySiting.Result, traffic: [Double])?
        var warnings = warnings
        if let settings = scenario.capacity {
            capacityStage = try clock.run(.capacity) { () throws(PlanningError) in
                let (traffic, trafficWarnings) = CapacitySiting.traffic(
                    settings, grid: study.grid, demand: scenario.demand)
                warnings += trafficWarnings
                // Leaves `columns` without its cells; the network's matrix is the result's.
                let result = try CapacitySiting.run(
                    columns: &columns, coverage: order, trafficMbps: traffic, settings: settings, study: study,
                    scenario: scenario, options: options)
                return (result, traffic)
            }
            order += capacityStage?.result.added ?? []
        }
        let network = PlanNetwork(
            sites: order.map { columns.sites[$0] }, existingCount: existingColumns.count,
            footprints: order.map { columns.footprints[$0] },
            matrix: capacityStage?.result.networkMatrix ?? columns.matrix(of: order, study: study, threads: threads),
            grid: study.grid,
            serviceTypes: nil)
        let placements = order.map { columns.placements[$0] }
        var capacity: CapacityPlan?
        if let settings = scenario.capacity, let (result, traffic) = capacityStage {
            capacity = CapacityPlan(
                settings: settings, columns: columns, order: order, coverageCount: order.count - result.added.count,
                result: result, trafficMbps: traffic, networkMatrix: network.matrix)
            capacity?.assignDistricts(grid: study.grid, network: network, placements: placements)
        }
        columns = columns.withoutCells()
        HeapMemory.releaseFreePages()
        let (continuity, roadReport, phases) = try clock.run(.continuity) { () throws(PlanningError) in
            let continuity = try Continuity.analyze(
                grid: study.grid, covered: network.covered, threads: threads, onProgress: options.onProgress)
            return (
                continuity,
                roads.map { RoadReport.measure($0.network, coveredRow: $0.coveredRows(by: order)) },
                try planPhases(
                    solved, network: network, scenario: scenario, grid: study.grid, final: continuity, threads: threads)
            )
        }
        let field = radioField(placements: placements, study: study, options: options, clock: &clock)
        warnings += limitsWarning(solved.planning, scenario: scenario)
        let assumptions = RadioAssumptions(
            sites: network.sites, placements: placements, footprints: network.footprints,
            overridden: scenario.radio.overriddenFields)
        var plan = Plan(
            scenario: scenario, study: study, network: network, solution: solved.solution, continuity: continuity,
            screening: columns.screening,
            mode: .radio(RadioPlan(columns: columns, placements: placements, field: field)),
            stageSeconds: clock.seconds, warnings: warnings + assumptions.validityWarnings, threads: threads,
            roads: roadReport, continuityPlanning: solved.planning, phases: phases)
        plan.capacity = capacity
        return plan
    }

    /// The `field` stage — best server, RSRP, SINR and overlap on every cell — or nil when
    /// `options.interference` switches it off.
    static func radioField(
        placements: [SitePlacement], study: StudyArea, options: PlanOptions, clock: inout StageClock
    ) -> RadioField? {
        guard let settings = options.interference else { return nil }
        return clock.run(.field) {
            var cellsDone: (@Sendable (Int) -> Void)?
            if let report = options.onProgress {
                let counter = ProgressCounter(
                    stage: PipelineStage.field.rawValue, total: study.grid.cellCount, unit: "cells", report: report)
                cellsDone = { counter.add($0) }
            }
            return RadioField.build(
                grid: study.grid, sites: placements, settings: settings, clutter: study.layers.clutter,
                threads: options.threads, progress: cellsDone)
        }
    }

    /// A warning when constraint generation stopped with continuity limits still failing.
    static func limitsWarning(_ planning: ContinuityPlanning?, scenario: Scenario) -> [Problem] {
        guard let planning, !planning.met else { return [] }
        return [
            Problem(
                .warning, file: scenario.file, field: "objective",
                message:
                    "the continuity limits still fail after \(ContinuityGeneration.maxRounds) rounds of constraint generation (\(planning.rounds.last?.violations ?? 0) violations left); the plan does not meet them"
            )
        ]
    }
}
