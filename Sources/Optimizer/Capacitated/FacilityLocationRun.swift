/// One facility-location solve in progress: the phases in order, the best solution so far, the
/// best bound (see `solveFacilityLocation`).
struct FacilityLocationRun {
    let instance: FacilityLocationInstance
    let rule: AssignmentRule
    let options: SolverOptions
    let clock: SolveClock
    let parallel: Parallel
    var search: OpenSetSearch
    /// Best solution so far.
    var best: OpenSetValue?
    /// A few good distinct open sets of the Lagrangian heuristic, cheapest first (local-search starts).
    var elite: [OpenSetValue] = []
    var lowerBound = -Double.infinity
    var bestLambda: [Double] = []
    var statistics = FacilityLocationStatistics()
    var stoppedByTimeLimit = false
    /// Work of the Lagrangian evaluations (the search counts its own).
    var lagrangianWork = 0
    /// Deterministic work budget of the whole solve (see `workBudget(for:effort:)`).
    let workBudget: Double

    init(instance: FacilityLocationInstance, rule: AssignmentRule, options: SolverOptions, clock: SolveClock) {
        self.instance = instance
        self.rule = rule
        self.options = options
        self.clock = clock
        parallel = Parallel(threads: options.threads)
        search = OpenSetSearch(instance: instance, rule: rule, parallel: parallel)
        workBudget = Self.workBudget(for: instance, effort: options.effort)
    }

    /// The work budget at `effort` 1: 40 000 passes over the assignment matrix (entries +
    /// customers + facilities), at least 2·10⁸ and at most 3·10¹⁰ units. Every stopping rule derives
    /// from it or from convergence, so results do not depend on machine speed.
    static func workBudget(for instance: FacilityLocationInstance, effort: Double) -> Double {
        let pass = Double(instance.entryCount + instance.customerCount + instance.facilityCount)
        return effort * min(3e10, max(2e8, 40_000 * pass))
    }

    var work: Double { Double(search.work + lagrangianWork) }

    mutating func outOfBudget() -> Bool {
        if clock.expired {
            stoppedByTimeLimit = true
            return true
        }
        return work >= workBudget
    }

    /// Whether the bound leaves no room below the best cost.
    var closed: Bool {
        guard let best else { return false }
        return lowerBound >= best.cost - 1e-9 * max(1, abs(best.cost))
    }

    mutating func consider(_ value: OpenSetValue) {
        if best == nil || value.cost < best!.cost - 1e-9 * max(1, abs(value.cost)) { best = value }
        guard !elite.contains(where: { $0.open == value.open }) else { return }
        elite.append(value)
        elite.sort { ($0.cost, $0.open.count) < ($1.cost, $1.open.count) }
        if elite.count > 4 { elite.removeLast() }
    }

    mutating func solve() throws(OptimizerError) {
        let all = Array(0..<instance.facilityCount)
        if let first = search.evaluate([all])[0] {
            consider(first)
            statistics.initialCost = first.cost
        } else if rule == .split {
            throw .infeasibleFacilityLocation(
                reason:
                    "even with every facility open the customers' demand cannot be served within the capacities of the facilities allowed to serve them",
                proven: true)
        }
        var lag = CapacitatedLagrangian(
            instance: instance, binary: rule != .split, parallel: parallel, lambda: initialMultipliers())
        var round = 0
        while !closed && !outOfBudget() {
            let before = (best?.cost, lowerBound)
            if options.useLagrangian {
                if round > 0 { lag.lambda = bestLambda }
                subgradient(&lag, stepScale: round == 0 ? 2 : 0.5, maxIterations: round == 0 ? 2_000 : 600)
                if round == 0 { statistics.lagrangianHeuristicCost = best?.cost }
            }
            if options.useLocalSearch && !closed {
                for start in elite where !outOfBudget() {
                    let improved = search.improve(
                        start, maxSteps: 1_000, candidatesPerStep: 10_000,
                        stop: { [self] in work >= workBudget || clock.expired })
                    consider(improved)
                }
            }
            round += 1
            if !options.useLagrangian || (best?.cost, lowerBound) == before || round >= 20 { break }
        }
        if clock.expired { stoppedByTimeLimit = true }
        guard best != nil else {
            throw .infeasibleFacilityLocation(
                reason:
                    "the search found no open set whose customers can all be served under the \(rule.rawValue) rule",
                proven: false)
        }
    }

    /// The demand duals of the all-open transportation problem when it is feasible, else each
    /// customer's cheapest assignment cost.
    func initialMultipliers() -> [Double] {
        var pricing = SplitAssignment(instance)
        if pricing.solve(instance, open: Array(0..<instance.facilityCount)) != nil {
            return (0..<instance.customerCount).map { pricing.demandDual(ofCustomer: $0) * instance.demands[$0] }
        }
        return (0..<instance.customerCount).map { i in
            instance.entries(ofCustomer: i).map { instance.assignmentCosts[$0] }.min() ?? 0
        }
    }

    func makeSolution() -> FacilityLocationSolution {
        let value = best!
        var evaluator = OpenSetEvaluator(instance, rule: rule)
        let again = evaluator.evaluate(instance, open: value.evaluated)
        let assignment = evaluator.assignment(instance)
        var loadOf = [Double](repeating: 0, count: instance.facilityCount)
        for i in 0..<instance.customerCount {
            for p in assignment.starts[i]..<assignment.starts[i + 1] {
                loadOf[assignment.facilities[p]] += assignment.fractions[p] * instance.demands[i]
            }
        }
        let open = again?.open ?? value.open
        var fixed = 0.0
        for j in open where !instance.alwaysOpenFlags[j] { fixed += instance.fixedCosts[j] }
        let cost = again?.cost ?? value.cost
        // Rounding may put a bound that meets the cost a hair above it; anything more is kept (and tested).
        let bound: Double? =
            lowerBound.isFinite ? (lowerBound > cost && lowerBound <= cost * (1 + 1e-9) ? cost : lowerBound) : nil
        let gap = bound.map { cost > 0 ? max(0, (cost - $0) / cost) : 0 }
        var stats = statistics
        stats.openSetsEvaluated = search.evaluations
        stats.localSearchMoves = search.moves
        stats.work = Int(work)
        return FacilityLocationSolution(
            rule: rule, openFacilities: open, loads: open.map { loadOf[$0] }, fixedCost: fixed,
            assignmentCost: again?.assignmentCost ?? value.assignmentCost, cost: cost, lowerBound: bound, gap: gap,
            provenOptimal: (gap ?? 1) <= 1e-9, servingStarts: assignment.starts,
            servingFacilities: assignment.facilities, servingFractions: assignment.fractions,
            seconds: clock.elapsed, stoppedByTimeLimit: stoppedByTimeLimit, threads: options.threads,
            seed: options.seed, statistics: stats)
    }
}
