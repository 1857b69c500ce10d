import Support

/// The plan side at city scale: the Lagrangian greedy at the global bound's multipliers.
///
/// On city-sized matrices the bound's phase 1 (`boundSubgradient`, with the warm start of
/// `blockMultipliers`) spends the whole work budget, so the heuristic phase (phases 2–4 of
/// `MinCostHeuristic`) never runs and the plan is the construction's (lazy greedy, local search,
/// slack exchange), which never sees the multipliers. Near-optimal multipliers price every row at
/// what covering it is worth (`u_i`, and for partial cover the knapsack's price at which rows stop
/// being worth covering), so the Lagrangian-cost greedy (`LagrangianGreedy`, CFT's scores) at them
/// builds a cover that follows the relaxation, and `consider` takes it through redundancy removal,
/// local search and slack exchange, keeping it only when it beats the incumbent.
///
/// Measured on the Guangzhou-sized city (docs/solver.md): on the area-weighted job the cover at
/// the unperturbed multipliers is the cheapest (0.04 % above the incumbent before its local
/// search) and ends 1.4 % below it; all four covers through 50 passes each gave the same plan,
/// slower. On the population-weighted job the covers cost twice the incumbent until the greedy
/// stopped buying weight for its last must rows (`LagrangianGreedy`); now the unperturbed cover
/// costs 0.07 % above the incumbent and ends 2.1 % below it. The multipliers are capped at what
/// covering a row is worth to the target (`targetCappedMultipliers`).
///
/// Runs only where the warm start runs (city scale), so smaller instances (OR-Library, SJC,
/// MathorCup, the demo) are solved exactly as before; there also when phase 1 stopped before the
/// budget was spent (the rural-200 m job: its stopping rule fired after 701 iterations), since
/// phase 2's greedy runs at uncapped multipliers and, with full passes, at few of them. Not
/// charged: like phase 1's minimum iterations it is a fixed amount of work (four greedy runs and
/// one local search, then the refinement rounds of `refineFromBound`), deterministic and
/// independent of the thread count.
extension MinCostHeuristic {
    /// Multiplier vectors the greedy runs at: the bound's best and `count − 1` perturbations of it
    /// (each `u_i` scaled by a factor in 0.9–1.1 from the seed), in parallel.
    static let boundGreedyRuns = 4
    /// Local-search passes (and slack-exchange passes) the chosen cover gets (`consider` gives
    /// phase 2's covers 50): on the city the 20 reach the same plan as 50.
    static let boundGreedyPasses = 20

    /// The Lagrangian greedy at `u` (the bound's best multipliers, local rows of `lag.core`) and
    /// perturbations of it, on the core columns of `u` (per row its 5 of least reduced cost, plus
    /// every negative one); the cheapest cover (ties: the earlier vector) goes to `consider`. Only
    /// one: at city scale the local search, not the greedy, is the expensive part. Then the
    /// refinement rounds of `refineFromBound`, and the merge of the plans all these reached
    /// (`mergePlans`); then `SolverOptions.planMergeCycles − 1` more cycles of rounds and merge
    /// from the merged plan, with perturbed multipliers (`cyclePerturbation`).
    mutating func greedyFromBound(_ lag: inout MinCostLagrangian, u: [Double]) {
        guard options.greedyFromBound, !timeUp(), !closes(lowerBound) else { return }
        lag.u = u
        _ = lag.evaluate()
        localOptima = [incumbent]
        let candidates = coreColumns(lag)
        if let best = cheapestGreedy(lag, u: u, candidates: candidates) {
            consider(
                core: lag.core, localColumns: best.columns, fixedLocal: fixedColumns(of: lag),
                maxPasses: Self.boundGreedyPasses)
        }
        let cycles = options.planMerge && !options.repairsWarmStart ? max(1, options.planMergeCycles) : 1
        for cycle in 0..<cycles {
            if cycle > 0 {
                if timeUp() || closes(lowerBound) { break }
                localOptima = [incumbent]
            }
            if options.boundRefinement, !options.repairsWarmStart {
                refineFromBound(
                    core: lag.core, u: u, candidates: candidates,
                    perturbation: cycle > 0 ? Self.cyclePerturbation : 0)
            }
            mergePlans()
        }
    }

    /// The cheapest of the Lagrangian greedy's covers of `lag`'s active rows at `u` and
    /// `boundGreedyRuns − 1` perturbations of it (ties: the earlier vector), each capped at what
    /// covering a row is worth to the target on those rows (`targetCappedMultipliers`, so with
    /// fixed columns the knapsack is priced again on the rest); nil when none covers.
    mutating func cheapestGreedy(_ lag: MinCostLagrangian, u: [Double], candidates: [Int32])
        -> LagrangianGreedy.Cover?
    {
        var multipliers = [u]
        for _ in 1..<Self.boundGreedyRuns { multipliers.append(random.perturbed(u, amplitude: 0.1)) }
        multipliers = multipliers.map { v in
            var copy = lag
            copy.u = v
            return copy.targetCappedMultipliers()
        }
        let covers: [LagrangianGreedy.Cover?] = parallel.map(
            multipliers.indices.map { $0..<($0 + 1) }, work: multipliers.count * lag.core.nonzeroCount
        ) { range in
            var copy = lag
            copy.u = multipliers[range.lowerBound]
            var greedy = LagrangianGreedy()
            return greedy.run(copy, columns: candidates)
        }
        var best: LagrangianGreedy.Cover?
        for cover in covers {
            if let cover, cover.cost < (best?.cost ?? .infinity) { best = cover }
        }
        return best
    }
}
