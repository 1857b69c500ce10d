import Dispatch
import Geo
import Optimizer
import Support

/// Constraint generation for continuity limits on a covering problem over the demand cells (rows
/// `0 ..< cellCount`) and road samples (rows `cellCount…`) — docs/solver.md, "Continuity constraints".
///
/// 1. Every road window longer than `max_road_gap_m` becomes a valid row (`addAllRoadWindows`), and
///    the problem is solved at full effort.
/// 2. While the plan has violations (`ContinuityViolations`): rows that break each are added
///    (`ContinuityRows`) and the problem is solved again from the previous plan at a quarter of the
///    effort. A plan without violations is solved once more at full effort and checked again (at most
///    `maxPolishSolves` times, and only while the rounds left could repair it in as many rounds as
///    the last repair took); the cheapest plan without violations is kept.
/// 3. A violation no row can break (places no column reaches) ends the run with `.infeasible`, naming
///    the places.
///
/// The reported lower bound stays a bound on the least cost meeting every limit: the largest, over
/// the rounds, of the solver's bound while every row is valid, or else of the Lagrangian bound at the
/// round's multipliers with the heuristic rows' set to 0 (`minCostLagrangianBound`) — a bound of the
/// coverage-target problem plus the valid rows, a relaxation of the problem with the limits.
enum ContinuityGeneration {
    /// Rounds at most (the escalation of `ContinuityRows` ends far sooner).
    static let maxRounds = 30
    /// Full-effort solves after the first, at most.
    static let maxPolishSolves = 2
    /// The effort of the rounds that repair violations, as a fraction of the job's.
    static let intermediateEffort = 0.25

    /// What the messages and the bound's description need to know of the job.
    struct Job {
        /// The scenario file (messages start with it).
        var file: String
        var coverageTarget: Double?
        var hasGreenfield: Bool

        init(file: String, coverageTarget: Double?, hasGreenfield: Bool) {
            self.file = file
            self.coverageTarget = coverageTarget
            self.hasGreenfield = hasGreenfield
        }

        init(scenario: Scenario) {
            var target: Double?
            if case .minCost(let t) = scenario.objective { target = t }
            self.init(file: scenario.file, coverageTarget: target, hasGreenfield: scenario.greenfield != nil)
        }
    }

    /// The plan kept, with its bound and gap replaced by the valid ones, and how it was found.
    struct Outcome {
        var solution: CoveringSolution
        /// The rounds, rows and bound (no greenfield figures: the caller knows the columns).
        var planning: ContinuityPlanning
        var generator: ContinuityRows
        /// How many generated rows the kept plan was solved with (`generator.instance` holds them all).
        var rows: Int
    }

    /// The best valid bound so far: its value, the round it came from and the rows it had.
    struct BoundRecord {
        var value: Double
        var round: Int
        var validRows: Int
        var heuristicRows: Int
    }

    /// Runs the rounds.
    /// - Parameter solve: one solve of an instance, from a warm start, at a fraction of the effort.
    /// - Parameter base: the problem without generated rows; consumed, so that the rounds' rows grow
    ///   in its only copy (`ContinuityRows.instance`).
    static func run(
        base: consuming CoveringInstance, objective: CoveringObjective, grid: DemandGrid, limits: ContinuityLimits,
        roads: RoadNetwork?, job: Job,
        solve: (CoveringInstance, _ warmStart: [Int], _ effortScale: Double) throws(PlanningError) -> CoveringSolution
    ) throws(PlanningError) -> Outcome {
        let resolved = limits.resolved(districtNames: grid.districtNames)
        var generator = ContinuityRows(
            base: base, grid: grid, limits: resolved, roads: roads, maxRoadGapMeters: limits.maxRoadGapMeters)
        var start = DispatchTime.now()
        var added = (valid: generator.addAllRoadWindows(), heuristic: 0)
        if !generator.unreachable.isEmpty {
            throw .infeasible(unreachableMessage(generator, job: job))
        }
        try update(&generator)
        var full = true
        var solution = try solve(generator.instance, [], 1)
        var best = validBound(solution, generator: generator, objective: objective).map {
            BoundRecord(value: $0, round: 0, validRows: generator.validCount, heuristicRows: 0)
        }
        var rounds: [ContinuityPlanning.Round] = []
        // The cheapest plan without violations, and how many generated rows its instance had.
        var incumbent: (solution: CoveringSolution, rows: Int)?
        var polish = Polish()
        for round in 0...maxRounds {
            let counts = generator.instance.coverCounts(of: solution.chosenColumns)
            let coveredCell = counts.prefix(grid.cellCount).map { $0 > 0 }
            let coveredRoad = Array(counts[grid.cellCount..<generator.baseRowCount].map { $0 > 0 })
            let violations = ContinuityViolations.find(
                grid: grid, coveredCell: coveredCell, limits: resolved, roads: roads, coveredRoadRow: coveredRoad,
                maxRoadGapMeters: limits.maxRoadGapMeters)
            rounds.append(
                ContinuityPlanning.Round(
                    round: round, validRowsAdded: added.valid, heuristicRowsAdded: added.heuristic,
                    cost: solution.cost, lowerBound: best?.value, holes: violations.holes.count,
                    components: violations.components.count, roadGaps: violations.roadGaps.count,
                    seconds: StageClock.seconds(since: start), fullEffort: full))
            if violations.isEmpty {
                if incumbent == nil || solution.cost < (incumbent?.solution.cost ?? 0) - 1e-9 * max(1, solution.cost) {
                    incumbent = (solution, generator.rows.count)
                }
                if polish.stops(cleanRound: round, fullEffort: full) { break }
            }
            guard round < maxRounds else { break }
            start = DispatchTime.now()
            added = (0, 0)
            if !violations.isEmpty {
                added = generator.add(violations, coveredCell: coveredCell)
                if !generator.unreachable.isEmpty { throw .infeasible(unreachableMessage(generator, job: job)) }
                try update(&generator)
            }
            full = violations.isEmpty
            if full { polish.starts(round: round + 1) }
            solution = try solve(generator.instance, solution.chosenColumns, full ? 1 : intermediateEffort)
            if let value = validBound(solution, generator: generator, objective: objective),
                value > best?.value ?? -.infinity
            {
                best = BoundRecord(
                    value: value, round: round + 1, validRows: generator.validCount,
                    heuristicRows: generator.heuristicCount)
            }
        }
        let kept = incumbent?.solution ?? solution
        var final = kept
        final.lowerBound = best.map { min($0.value, kept.cost) }
        final.gap = final.lowerBound.map { kept.cost > 0 ? max(0, (kept.cost - $0) / kept.cost) : 0 }
        final.provenOptimal = final.gap == 0
        let planning = ContinuityPlanning(
            rounds: rounds, validRows: generator.validCount, heuristicRows: generator.heuristicCount,
            met: incumbent != nil, lowerBound: final.lowerBound, relaxation: relaxation(best, job: job),
            boundRound: best?.round, boundWithHeuristicRows: generator.heuristicCount > 0 ? kept.lowerBound : nil,
            greenfieldSites: 0, unavoidable: [])
        return Outcome(
            solution: final, planning: planning, generator: generator, rows: incumbent?.rows ?? generator.rows.count)
    }

    /// The full-effort re-solves of clean plans: how many ran, the round of the last full-effort
    /// solve and how many rounds the last repair took.
    struct Polish {
        var solves = 0
        var lastFullRound = 0
        var repairRounds = 0

        /// Whether the rounds stop at a clean plan: when it is a full-effort one, after the
        /// full-effort attempts, or when the rounds left could not repair another full-effort plan
        /// in as many rounds as the last repair took.
        mutating func stops(cleanRound round: Int, fullEffort: Bool) -> Bool {
            if !fullEffort { repairRounds = round - lastFullRound }
            return fullEffort || solves >= maxPolishSolves || maxRounds - round <= repairRounds
        }

        mutating func starts(round: Int) {
            solves += 1
            lastFullRound = round
        }
    }

    /// The generator's instance brought up to the rows generated so far.
    static func update(_ generator: inout ContinuityRows) throws(PlanningError) {
        do { try generator.updateInstance() } catch {
            throw .infeasible("internal: the covering instance is malformed: \(error)")
        }
    }

    /// The Lagrangian bound of a round that is valid for the problem with every limit: the solver's
    /// own when every row so far is valid, else its multipliers with the heuristic rows' set to 0.
    static func validBound(_ solution: CoveringSolution, generator: ContinuityRows, objective: CoveringObjective)
        -> Double?
    {
        if generator.heuristicCount == 0 { return solution.lowerBound }
        guard let certificate = solution.lagrangianCertificate else { return nil }
        var u = certificate.multipliers
        let m0 = generator.baseRowCount
        for (r, row) in generator.rows.enumerated() where !row.valid { u[m0 + r] = 0 }
        guard let value = minCostLagrangianBound(generator.instance, objective: objective, multipliers: u) else {
            return nil
        }
        return LagrangianCertificate.rounded(value, costUnit: certificate.costUnit)
    }

    /// What the reported bound bounds, in words.
    static func relaxation(_ bound: BoundRecord?, job: Job) -> String {
        var target = "the coverage target"
        if let t = job.coverageTarget {
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
