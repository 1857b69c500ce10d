import Support

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
    /// Open sets local search has started from (each is searched once).
    var searched = Set<[Int]>()
    /// Moves evaluated per local-search step before it gives up: every move on small instances,
    /// the 48 best-estimated on large ones (about 2·10⁶ entries of transportation work per step).
    var candidatesPerStep: Int { max(48, 2_000_000 / max(1, instance.entryCount)) }

    init(instance: FacilityLocationInstance, rule: AssignmentRule, options: SolverOptions, clock: SolveClock) {
        self.instance = instance
        self.rule = rule
        self.options = options
        self.clock = clock
        parallel = Parallel(threads: options.threads)
        search = OpenSetSearch(instance: instance, rule: rule, parallel: parallel, clock: clock)
        workBudget = Self.workBudget(for: instance, effort: options.effort)
        search.workLimit = workBudget
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

    mutating func solve(greedyStart: Bool = false) throws(OptimizerError) {
        let all = Array(0..<instance.facilityCount)
        var started = false
        if greedyStart {
            var greedyWork = 0
            if let set = GreedyOpening.construct(instance, work: &greedyWork), let value = search.evaluate([set])[0] {
                consider(value)
                statistics.initialCost = value.cost
                started = true
            }
            lagrangianWork += greedyWork
        }
        if started {
            // The greedy set is the first solution; every facility open would only be a worse one.
        } else if let first = search.evaluate([all])[0] ?? (rule == .split ? nil : search.repair(all)) {
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
        var random = RandomSource(seed: options.seed)
        while !closed && !outOfBudget() {
            let before = (best?.cost, lowerBound)
            if options.useLagrangian {
                if round > 0 { lag.lambda = bestLambda }
                subgradient(&lag, stepScale: round == 0 ? 2 : 0.5, maxIterations: round == 0 ? 2_000 : 600)
                if round == 0 { statistics.lagrangianHeuristicCost = best?.cost }
            }
            search.workLimit = workBudget - Double(lagrangianWork)
            if best == nil && rule != .split && options.useLagrangian, let value = search.repair(lagrangianSet(lag).set)
            {
                consider(value)
            }
            if options.useLocalSearch && !closed {
                for start in elite where !outOfBudget() && searched.insert(start.open).inserted {
                    let improved = search.improve(
                        start, maxSteps: 1_000, candidatesPerStep: candidatesPerStep)
                    consider(improved)
                }
                if options.useLagrangian { perturb(&random, values: lag.facilityValues, kicks: 8) }
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

    /// Iterated local search: `kicks` times, close one or two random open facilities of the best
    /// solution and open as many among the closed ones of least Lagrangian value `v_j(λ)`, then
    /// search locally from there (Lourenço, Martin & Stützle 2003); keeps any improvement.
    mutating func perturb(_ random: inout RandomSource, values: [Double], kicks: Int) {
        for _ in 0..<kicks {
            guard let base = best, !closed, !outOfBudget() else { return }
            let closable = base.open.filter { !instance.alwaysOpenFlags[$0] }
            let count = 1 + Int(random.next() % 2)
            guard closable.count >= count else { return }
            var set = Set(base.open)
            var removed: [Int] = []
            for _ in 0..<count {
                let candidates = closable.filter { set.contains($0) }
                let j = candidates[Int(random.next() % UInt64(candidates.count))]
                set.remove(j)
                removed.append(j)
            }
            var pool = (0..<instance.facilityCount).filter {
                !set.contains($0) && !removed.contains($0) && instance.usableCapacity($0) > 0
            }
            pool.sort { (values[$0], $0) < (values[$1], $1) }
            pool = Array(pool.prefix(4 * count))
            for _ in 0..<count where !pool.isEmpty {
                set.insert(pool.remove(at: Int(random.next() % UInt64(pool.count))))
            }
            guard let start = search.evaluate([set.sorted()])[0] else { continue }
            let improved = search.improve(
                start, maxSteps: 1_000, candidatesPerStep: candidatesPerStep)
            consider(improved)
        }
    }

    /// The demand duals of the all-open transportation problem when it is feasible, else each
    /// customer's cheapest assignment cost. When every assignment cost is 0 (the radio capacity
    /// stage: only fixed costs) every feasible flow is optimal and the duals are 0, so the
    /// transportation problem — minutes of network simplex on a city's millions of arcs — is skipped.
    func initialMultipliers() -> [Double] {
        if instance.assignmentCostsAreZero {
            return [Double](repeating: 0, count: instance.customerCount)
        }
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
