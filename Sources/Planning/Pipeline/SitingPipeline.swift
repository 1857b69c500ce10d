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
            try ScenarioLoader.load(url, displayName: displayName).get()
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
            let columns = try RadioColumns.build(
                scenario: scenario, study: study, threads: threads, onProgress: options.onProgress)
            return (
                columns, try RoadColumns.build(scenario: scenario, study: study, columns: columns, threads: threads)
            )
        }
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
        // The network: existing sites, then new sites by rank.
        let order = existingColumns + solved.ranked
        let network = PlanNetwork(
            sites: order.map { columns.sites[$0] }, existingCount: existingColumns.count,
            footprints: order.map { columns.footprints[$0] }, matrix: columns.matrix.columns(order), grid: study.grid,
            serviceTypes: nil)
        let placements = order.map { columns.placements[$0] }
        let (continuity, roadReport) = try clock.run(.continuity) { () throws(PlanningError) in
            (
                try Continuity.analyze(grid: study.grid, covered: network.covered, threads: threads),
                roads.map { RoadReport.measure($0.network, coveredRow: $0.coveredRows(by: order)) }
            )
        }
        var field: RadioField?
        if let settings = options.interference {
            field = clock.run(.field) {
                var cellsDone: (@Sendable (Int) -> Void)?
                if let report = options.onProgress {
                    let counter = ProgressCounter(
                        stage: PipelineStage.field.rawValue, total: study.grid.cellCount, unit: "cells", report: report)
                    cellsDone = { counter.add($0) }
                }
                return RadioField.build(
                    grid: study.grid, sites: placements, settings: settings, clutter: study.layers.clutter,
                    threads: threads, progress: cellsDone)
            }
        }
        var warnings = warnings
        if let planning = solved.planning, !planning.met {
            warnings.append(
                Problem(
                    .warning, file: scenario.file, field: "objective",
                    message:
                        "the continuity limits still fail after \(ContinuityGeneration.maxRounds) rounds of constraint generation (\(planning.rounds.last?.violations ?? 0) violations left); the plan does not meet them"
                ))
        }
        return Plan(
            scenario: scenario, study: study, network: network, solution: solved.solution, continuity: continuity,
            screening: columns.screening,
            mode: .radio(RadioPlan(columns: columns, placements: placements, field: field)),
            stageSeconds: clock.seconds, warnings: warnings, threads: threads, roads: roadReport,
            continuityPlanning: solved.planning)
    }
}
