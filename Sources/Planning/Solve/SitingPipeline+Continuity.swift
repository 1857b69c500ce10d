import Dispatch
import Geo
import Optimizer
import Support

extension SitingPipeline {
    /// Rounds of constraint generation at most; the escalation of `ContinuityRows` ends far sooner.
    static let maxContinuityRounds = 30

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
        let limits = scenario.continuity.resolved(districtNames: grid.districtNames)
        guard !scenario.continuity.isEmpty, !objective.isMaximisation else {
            let solution = try solveRound(
                base, objective: objective, warmStart: [], effortScale: 1, study: study, scenario: scenario,
                options: options)
            return Solved(
                solution: solution, objective: objective,
                ranked: rankByMarginalGain(base, columns: solution.chosenColumns))
        }
        var generator = ContinuityRows(
            base: base, grid: grid, limits: limits, roads: roads?.network,
            maxRoadGapMeters: scenario.continuity.maxRoadGapMeters)
        var start = DispatchTime.now()
        var added = (valid: generator.addAllRoadWindows(), heuristic: 0)
        if !generator.unreachable.isEmpty {
            throw .infeasible(unreachableMessage(generator, roads: roads?.network, scenario: scenario))
        }
        var instance = try continuousInstance(generator)
        // The first round runs at full effort (its bound — the coverage target and the road windows —
        // is the one the rounds rarely improve on); the rounds that repair violations run at a
        // fraction of it; a plan without violations is solved once more at full effort (and checked
        // again) before it is kept.
        var full = true
        var solution = try solveRound(
            instance, objective: objective, warmStart: [], effortScale: 1, study: study, scenario: scenario,
            options: options)
        var best: BoundRecord? = validBound(solution, instance: instance, generator: generator, objective: objective)
            .map { BoundRecord(value: $0, round: 0, validRows: generator.validCount, heuristicRows: 0) }
        var rounds: [ContinuityPlanning.Round] = []
        // The cheapest plan without violations, and how many generated rows its instance had.
        var incumbent: (solution: CoveringSolution, rows: Int)?
        var polishSolves = 0
        for round in 0...maxContinuityRounds {
            let counts = base.coverCounts(of: solution.chosenColumns)
            let coveredCell = counts.prefix(grid.cellCount).map { $0 > 0 }
            let coveredRoad = Array(counts.dropFirst(grid.cellCount).map { $0 > 0 })
            let violations = ContinuityViolations.find(
                grid: grid, coveredCell: coveredCell, limits: limits, roads: roads?.network,
                coveredRoadRow: coveredRoad, maxRoadGapMeters: scenario.continuity.maxRoadGapMeters)
            rounds.append(
                ContinuityPlanning.Round(
                    round: round, validRowsAdded: added.valid, heuristicRowsAdded: added.heuristic,
                    cost: solution.cost, lowerBound: best?.value, holes: violations.holes.count,
                    components: violations.components.count, roadGaps: violations.roadGaps.count,
                    seconds: StageClock.seconds(since: start), fullEffort: full))
            if violations.isEmpty {
                if incumbent == nil || solution.cost < incumbent!.solution.cost - 1e-9 * max(1, solution.cost) {
                    incumbent = (solution, generator.rows.count)
                }
                // Done when a full-effort plan is clean, or after the full-effort attempts.
                if full || polishSolves >= maxPolishSolves { break }
            }
            guard round < maxContinuityRounds else { break }
            start = DispatchTime.now()
            added = (0, 0)
            if !violations.isEmpty {
                added = generator.add(violations, coveredCell: coveredCell)
                if !generator.unreachable.isEmpty {
                    throw .infeasible(unreachableMessage(generator, roads: roads?.network, scenario: scenario))
                }
                instance = try continuousInstance(generator)
            }
            full = violations.isEmpty
            if full { polishSolves += 1 }
            solution = try solveRound(
                instance, objective: objective, warmStart: solution.chosenColumns,
                effortScale: full ? 1 : intermediateEffort, study: study, scenario: scenario, options: options)
            if let value = validBound(solution, instance: instance, generator: generator, objective: objective),
                value > best?.value ?? -.infinity
            {
                best = BoundRecord(
                    value: value, round: round + 1, validRows: generator.validCount,
                    heuristicRows: generator.heuristicCount)
            }
        }
        let chosen = incumbent?.solution ?? solution
        var final = chosen
        final.lowerBound = best.map { min($0.value, chosen.cost) }
        final.gap = final.lowerBound.map { chosen.cost > 0 ? max(0, (chosen.cost - $0) / chosen.cost) : 0 }
        final.provenOptimal = final.gap == 0
        let planning = ContinuityPlanning(
            rounds: rounds, validRows: generator.validCount, heuristicRows: generator.heuristicCount,
            met: incumbent != nil, lowerBound: final.lowerBound, relaxation: relaxation(best, scenario: scenario),
            boundRound: best?.round,
            boundWithHeuristicRows: generator.heuristicCount > 0 ? chosen.lowerBound : nil,
            greenfieldSites: chosen.chosenColumns.count(where: { columns.sites[$0].source == .greenfield }),
            unavoidable: unavoidableGreenfield(
                chosen.chosenColumns, instance: instance, base: base, generator: generator,
                rows: incumbent?.rows ?? generator.rows.count, columns: columns, grid: grid, roads: roads?.network))
        var solved = Solved(
            solution: final, objective: objective, ranked: rankByMarginalGain(base, columns: chosen.chosenColumns))
        solved.planning = planning
        return solved
    }

    /// Full-effort solves after the first, at most: the first plan without violations found by the
    /// cheaper rounds is solved again at full effort; when that plan has violations, the rounds repair
    /// it and one more full-effort solve follows. The cheapest plan without violations is kept.
    static let maxPolishSolves = 2

    /// The effort of the rounds that look for violations, as a fraction of the job's.
    static let intermediateEffort = 0.25

    /// The best valid bound so far: its value, the round it came from and the rows it had.
    struct BoundRecord {
        var value: Double
        var round: Int
        var validRows: Int
        var heuristicRows: Int
    }

    /// The instance of the rows generated so far.
    static func continuousInstance(_ generator: ContinuityRows) throws(PlanningError) -> CoveringInstance {
        do { return try generator.instance() } catch {
            throw .infeasible("internal: the covering instance is malformed: \(error)")
        }
    }

    /// The covering problem over the demand cells, then the road samples (rows `cellCount…`): cell
    /// weights and must-cover cells as in `solve`, road samples weighing width × piece length.
    static func continuousBase(columns: RadioColumns, roads: RoadColumns?, grid: DemandGrid, layers: LayeredDemand)
        throws(PlanningError) -> CoveringInstance
    {
        let matrix = columns.matrix
        var starts = [0]
        var rows: [UInt32] = []
        rows.reserveCapacity(matrix.entryCount + (roads?.rows.count ?? 0))
        let offset = UInt32(grid.cellCount)
        for j in 0..<matrix.siteCount {
            rows += matrix.cells[matrix.entries(of: j)]
            if let roads { for k in roads.starts[j]..<roads.starts[j + 1] { rows.append(offset + roads.rows[k]) } }
            starts.append(rows.count)
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
        let solverOptions = SolverOptions(
            threads: options.threads,
            timeLimitSeconds: scenario.solver.timeLimitSeconds ?? options.solverTimeLimitSeconds,
            seed: scenario.seed, effort: (options.effort ?? scenario.solver.effort) * effortScale)
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

    /// The Lagrangian bound of a round that is valid for the problem with every limit: the solver's
    /// own when every row so far is valid, else its multipliers with the heuristic rows' set to 0.
    static func validBound(
        _ solution: CoveringSolution, instance: CoveringInstance, generator: ContinuityRows,
        objective: CoveringObjective
    ) -> Double? {
        if generator.heuristicCount == 0 { return solution.lowerBound }
        guard let certificate = solution.lagrangianCertificate else { return nil }
        var u = certificate.multipliers
        let m0 = generator.base.rowCount
        for (r, row) in generator.rows.enumerated() where !row.valid { u[m0 + r] = 0 }
        guard let value = minCostLagrangianBound(instance, objective: objective, multipliers: u) else { return nil }
        return LagrangianCertificate.rounded(value, integralCosts: certificate.integralCosts)
    }

    /// What the reported bound bounds, in words.
    static func relaxation(_ bound: BoundRecord?, scenario: Scenario) -> String {
        var target = "the coverage target"
        if case .minCost(let t) = scenario.objective {
            target = t > 0 ? "the coverage target (\(Precision.hundredths.text(t * 100)) %)" : "no coverage target"
        }
        let base = "\(target) with the must-cover cells"
        guard let bound else { return "none" }
        guard bound.validRows > 0 else {
            return "\(base); the continuity limits are not in it (Lagrangian bound of round \(bound.round))"
        }
        let zeroed =
            bound.heuristicRows > 0
            ? " with the \(bound.heuristicRows) heuristic rows' multipliers set to 0" : ""
        return
            "\(base) plus \(bound.validRows) valid rows (road windows that would be gaps over max_road_gap_m, hole pieces that would be holes over their limit); Lagrangian bound at the round-\(bound.round) multipliers\(zeroed)"
    }
}
