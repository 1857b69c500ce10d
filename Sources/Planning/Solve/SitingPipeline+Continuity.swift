import Dispatch
import Geo
import Optimizer
import Support

extension SitingPipeline {
    /// The solve stage of a radio job with roads or continuity limits (docs/solver.md, "Continuity
    /// constraints"): the covering problem over the demand cells and the road samples, solved, its
    /// plan checked against the limits (`ContinuityViolations`), rows that break every violation
    /// added (`ContinuityRows`), and solved again from the previous plan, until nothing is violated.
    ///
    /// The reported lower bound stays a bound on the least cost that meets every limit: the largest of
    /// the first round's bound (the coverage target alone is a relaxation) and, for each later round,
    /// the Lagrangian bound at that round's multipliers with the heuristic rows' multipliers set to 0
    /// (`minCostLagrangianBound`) — a bound of the coverage-target problem plus the valid rows.
    ///
    /// - Throws: `.infeasible` naming the places no candidate reaches when a violation cannot be
    ///   broken, or the solver's planner-facing failure.
    static func solveContinuous(
        columns: RadioColumns, roads: RoadColumns?, study: StudyArea, scenario: Scenario, options: PlanOptions
    ) throws(PlanningError) -> Solved {
        let grid = study.grid
        let base = try continuousBase(columns: columns, roads: roads, grid: grid, layers: study.layers)
        let objective: CoveringObjective
        switch scenario.objective {
        case .minCost(let target): objective = target >= 1 ? .setCover : .partialCover(targetFraction: target)
        case .maxCoverage(let k, let budget): objective = .maxCoverage(maxNewColumns: k, budget: budget)
        }
        guard !scenario.continuity.isEmpty, !objective.isMaximisation else {
            let solution = try solveRound(
                base, objective: objective, warmStart: [], effortScale: 1, study: study, scenario: scenario,
                options: options)
            return Solved(
                solution: solution, objective: objective,
                ranked: rankByMarginalGain(base, columns: solution.chosenColumns))
        }
        // The base is consumed: the rounds add their rows to its only copy (ContinuityRows.instance).
        let outcome = try ContinuityGeneration.run(
            base: consume base, objective: objective, grid: grid, limits: scenario.continuity, roads: roads?.network,
            job: ContinuityGeneration.Job(scenario: scenario)
        ) { (instance, warmStart, effortScale) throws(PlanningError) in
            try solveRound(
                instance, objective: objective, warmStart: warmStart, effortScale: effortScale, study: study,
                scenario: scenario, options: options)
        }
        var planning = outcome.planning
        planning.greenfieldSites = outcome.solution.chosenColumns.count(where: {
            columns.sites[$0].source == .greenfield
        })
        planning.unavoidable = unavoidableGreenfield(
            outcome.solution.chosenColumns, generator: outcome.generator, rows: outcome.rows, columns: columns,
            grid: grid, roads: roads?.network)
        // The generated rows weigh nothing: ranked on the last instance as on the base.
        var solved = Solved(
            solution: outcome.solution, objective: objective,
            ranked: rankByMarginalGain(outcome.generator.instance, columns: outcome.solution.chosenColumns))
        solved.planning = planning
        return solved
    }

    /// The covering problem over the demand cells, then the road samples (rows `cellCount…`): cell
    /// weights and must-cover cells as in `solve`, road samples weighing width × piece length.
    static func continuousBase(columns: RadioColumns, roads: RoadColumns?, grid: DemandGrid, layers: LayeredDemand)
        throws(PlanningError) -> CoveringInstance
    {
        let matrix = columns.matrix
        // Without roads the columns are the matrix's own arrays, shared rather than copied (a
        // gigabyte on the Guangzhou-sized city).
        var starts = matrix.columnStarts
        var rows = matrix.cells
        if let roads {
            starts = [0]
            rows = []
            rows.reserveCapacity(matrix.entryCount + roads.rows.count)
            let offset = UInt32(grid.cellCount)
            for j in 0..<matrix.siteCount {
                rows += matrix.cells[matrix.entries(of: j)]
                for k in roads.starts[j]..<roads.starts[j + 1] { rows.append(offset + roads.rows[k]) }
                starts.append(rows.count)
            }
        }
        do {
            return try CoveringInstance(
                rowCount: grid.cellCount + (roads?.network.rowCount ?? 0), columnStarts: starts, columnRows: rows,
                costs: columns.sites.map(\.cost), weights: grid.weights + (roads?.network.rowWeights ?? []),
                fixedColumns: columns.existingColumns, mustCoverRows: layers.mustCoverCells)
        } catch {
            throw .infeasible("internal: the covering instance is malformed: \(error)")
        }
    }

    /// One solve of a round, with the scenario's solver settings and its planner-facing failures.
    static func solveRound(
        _ instance: CoveringInstance, objective: CoveringObjective, warmStart: [Int], effortScale: Double,
        study: StudyArea, scenario: Scenario, options: PlanOptions
    ) throws(PlanningError) -> CoveringSolution {
        let grid = study.grid
        var solverOptions = SolverOptions(
            threads: options.threads,
            timeLimitSeconds: scenario.solver.timeLimitSeconds ?? options.solverTimeLimitSeconds,
            seed: scenario.seed, effort: (options.effort ?? scenario.solver.effort) * effortScale)
        // A continuity round's reduced-effort re-solve repairs the previous plan; rebuilding half
        // of it made the rounds oscillate (bench-city's continuity job: limits met at round 28 of
        // 30). The full-effort solves (the first and the polish) rebuild freely.
        solverOptions.repairsWarmStart = effortScale < 1
        do {
            return try solveCovering(instance, objective: objective, options: solverOptions, warmStart: warmStart)
        } catch {
            if case .infeasibleTarget = error, instance.rowCount > grid.cellCount {
                // The roads' weight is part of the target; say so.
                throw .infeasible(
                    describeSolverFailure(error, grid: grid, scenario: scenario, layers: study.layers)
                        + " (road samples count towards the target with their width × length)")
            }
            throw .infeasible(describeSolverFailure(error, grid: grid, scenario: scenario, layers: study.layers))
        }
    }
}
