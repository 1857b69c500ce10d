import Support

/// The Lagrangian heuristic for the min-cost problems (set cover, partial cover), after Beasley
/// (1990) and Caprara, Fischetti & Toth (1999, "CFT"):
///
/// 1. **Subgradient phase** on the whole residual problem: maximise `L(u)` (see `MinCostLagrangian`);
///    the best value is the reported lower bound.
/// 2. **Heuristic phase**: from the best multipliers, more subgradient steps; each step's
///    multipliers go through the Lagrangian-cost greedy (`LagrangianGreedy`) and every improved
///    cover through local search on the full instance.
/// 3. **Column fixing**: the first columns the greedy picks at the best multipliers are fixed to 1,
///    their rows leave the problem, and 1–2 repeat on the smaller problem until its bound shows
///    no improvement is possible.
/// 4. **Refinement**: the best cover's columns with the least "Lagrangian waste"
///    `δ_j = max(c̃_j, 0) + Σ_{i ∈ j} u_i (k_i − 1)/k_i` (k_i = cover count of row i) are fixed until
///    a fraction π of the rows is covered, and 1–3 run on the rest; π grows each round; rounds after
///    the first perturb the multipliers with the seed.
///
/// Packing constraints (location groups, minimum spacing) are kept throughout: the Lagrangian
/// greedy skips blocked columns, fixing a column takes every conflicting column out of the
/// sub-problem, and local search only makes feasible moves. The lower bound ignores them (a
/// relaxation, so it stays valid).
///
/// Every loop has an iteration budget derived from the instance size and `SolverOptions.effort`;
/// the wall clock only cuts it short as a safety net.
struct MinCostHeuristic {
    let problem: CoverProblem
    let options: SolverOptions
    let clock: SolveClock
    let parallel: Parallel
    /// Best cover found (instance column ids, ascending) and its cost.
    var incumbent: [Int]
    var incumbentCost: Double
    /// Best valid lower bound on the optimum (`-∞` until computed).
    var lowerBound = -Double.infinity
    /// The multipliers (local rows of `boundCore`) at which `lowerBound` was attained, and that core.
    var boundMultipliers: [Double]?
    var boundCore: CoreMatrix?
    var iterations = 0
    /// Hashes of the covers already improved by local search.
    var seenCovers = Set<UInt64>()
    /// The plans `consider` ended with (after local search), kept for `mergePlans` while not nil.
    var localOptima: [[Int]]?
    /// Instance column → core column (−1 when not in the core).
    var localColumn: [Int32] = []
    /// Nonzero visits spent so far and allowed in all (deterministic stopping rule).
    var work = 0.0
    let workBudget: Double
    /// Column fixing takes `max(1, active rows / fixingDivisor)` columns per round (CFT use m/200).
    private let fixingDivisor = 200
    var batchGreedies: [LagrangianGreedy] = Array(repeating: LagrangianGreedy(), count: MinCostHeuristic.batchSize)
    /// Multiplier vectors whose greedy covers are computed together (in parallel), independent of `threads`.
    static let batchSize = 4
    var stoppedByTimeLimit = false
    var localSearchMoves = 0
    var greedy = LagrangianGreedy()
    var random: RandomSource
    /// Columns on before the Lagrangian phase (zero-cost free columns), instance ids.
    var baseColumns: [Int] = []
    /// Consistency checks of every cover the local search improves (tests), or nil (`PhaseChecks`).
    var checks: PhaseChecks?
    /// How often the iterations run beside a batch were kept, and dropped (run again after it): `subgradient`.
    var overlaps = (kept: 0, dropped: 0)
    /// The local searches' gathers kept between passes and covers (`GatherCache`), made on first use.
    private var gatherCache: GatherCache?

    init(problem: CoverProblem, options: SolverOptions, clock: SolveClock, incumbent: [Int], workBudget: Double) {
        self.workBudget = workBudget
        self.problem = problem
        self.options = options
        self.clock = clock
        parallel = Parallel(threads: options.threads)
        self.incumbent = incumbent
        var cost = 0.0
        for j in incumbent { cost += problem.instance.costs[j] }
        incumbentCost = cost
        random = RandomSource(seed: options.seed)
    }

    /// A bound value rounded up to the cost unit (every cover, the optimum too, is a multiple of it).
    func rounded(_ bound: Double) -> Double { CostUnit.roundUp(bound, unit: problem.costUnit) }

    /// Whether `value` (a residual bound plus fixed cost) leaves no room below the incumbent.
    func closes(_ value: Double) -> Bool { Self.closes(value, incumbentCost: incumbentCost, problem: problem) }

    /// Whether `value` leaves no room below a cover costing `incumbentCost`.
    static func closes(_ value: Double, incumbentCost: Double, problem: CoverProblem) -> Bool {
        CostUnit.roundUp(value, unit: problem.costUnit) >= incumbentCost - problem.costTolerance
    }

    mutating func run() {
        let inst = problem.instance
        var base = CoverState(problem: problem)
        // Zero-cost columns never raise the cost, so they are taken first — unless packing
        // constraints make every choice a commitment.
        for j in 0..<inst.columnCount
        where problem.packing == nil && problem.isFixed[j] == 0 && inst.costs[j] == 0 && base.gain(of: j) > 0 {
            base.add(j)
            baseColumns.append(j)
        }
        if base.isFeasibleMinCost {
            lowerBound = 0
            consider(core: nil, localColumns: [], fixedLocal: [])
            return
        }
        let relevant = RelevantRows(state: base)
        let columns = (0..<inst.columnCount).filter {
            problem.isFixed[$0] == 0 && base.isChosen[$0] == 0 && base.canAdd($0)
        }.map { Int32($0) }
        let core = CoreMatrix(problem: problem, columns: columns, relevant: relevant)
        boundCore = core
        localColumn = [Int32](repeating: -1, count: inst.columnCount)
        for (k, j) in core.columnOriginal.enumerated() { localColumn[Int(j)] = Int32(k) }
        var lag = MinCostLagrangian(core: core, parallel: parallel)

        // 1. Subgradient phase on the whole problem: the global lower bound (at city scale from
        // the multipliers of spatial blocks, `blockMultipliers`).
        var lambda = 1.0
        let blocks = warmStartBlocks(core)
        if !blocks.isEmpty {
            _ = blockMultipliers(&lag, blocks: blocks)
            lambda = Self.warmStartLambda
        }
        let volume = !blocks.isEmpty && options.volumeBound != false
        let phase1 = boundSubgradient(&lag, maxIterations: 2000, lambda: lambda, volume: volume)
        if !blocks.isEmpty { greedyFromBound(&lag, u: phase1.bestU) }
        if closes(lowerBound) || outOfBudget() { return }

        // 2–3. Heuristic phase and column fixing from the best multipliers.
        let bestU = phase1.bestU
        threePhase(&lag, startU: bestU)

        // 4. Refinement rounds, until the work budget is spent.
        var pi = 0.3
        var round = 0
        while !closes(lowerBound) && !outOfBudget() {
            var refined = MinCostLagrangian(core: core, parallel: parallel)
            let before = incumbentCost
            fixForRefinement(&refined, u: bestU, pi: pi)
            work += 10 * iterationCost(core) // the round's set-up, charged so that rounds that close at once still end
            var startU = bestU
            for i in 0..<core.rowCount where refined.rowActive[i] == 0 { startU[i] = 0 }
            if round > 0 { startU = random.perturbed(startU, amplitude: 0.1) }
            threePhase(&refined, startU: startU)
            pi = incumbentCost < before - problem.costTolerance ? 0.3 : pi * 1.1
            if pi >= 1 { pi = 0.3 }
            round += 1
        }
    }

    /// The work charged for one pass over the core: its nonzeros plus its rows and columns and a
    /// constant, so that tiny instances (where fixed costs dominate) also end in a bounded time.
    func iterationCost(_ core: CoreMatrix) -> Double { Self.iterationCost(core) }

    static func iterationCost(_ core: CoreMatrix) -> Double {
        Double(core.nonzeroCount + core.rowCount + core.columnCount + 1000)
    }

    /// True when the deterministic work budget is spent (or, as a safety net, the time limit hit).
    mutating func outOfBudget() -> Bool {
        work >= workBudget || timeUp()
    }

    mutating func timeUp() -> Bool {
        if clock.expired { stoppedByTimeLimit = true }
        return stoppedByTimeLimit
    }

    /// Subgradient + heuristic + column fixing on `lag` (whose fixed columns stay fixed).
    private mutating func threePhase(_ lag: inout MinCostLagrangian, startU: [Double]) {
        lag.u = startU
        var fixingRounds = 0
        while lag.needsMore && !outOfBudget() {
            let result = subgradient(&lag, maxIterations: fixingRounds == 0 ? 200 : 60)
            if closes(result.bestValue) { return }
            // Column fixing: the first greedy picks at the best multipliers.
            lag.u = result.bestU
            _ = lag.evaluate()
            work += iterationCost(lag.core)
            guard let cover = greedy.run(lag) else { return }
            consider(core: lag.core, localColumns: cover.columns, fixedLocal: fixedColumns(of: lag))
            let toFix = max(1, lag.activeRowCount / fixingDivisor)
            var fixed = 0
            for j in cover.columns where fixed < toFix {
                fix(&lag, column: Int(j))
                fixed += 1
            }
            fixingRounds += 1
        }
        if !lag.needsMore {
            consider(core: lag.core, localColumns: [], fixedLocal: fixedColumns(of: lag))
        }
    }

    func fixedColumns(of lag: MinCostLagrangian) -> [Int32] {
        lag.fixedOrder
    }

    /// Fixes the incumbent's columns with the least Lagrangian waste until a fraction `pi` of the rows is covered.
    mutating func fixForRefinement(_ lag: inout MinCostLagrangian, u: [Double], pi: Double) {
        let core = lag.core
        let chosen = incumbent.compactMap { localColumn[$0] >= 0 ? Int(localColumn[$0]) : nil }
        var count = [Int32](repeating: 0, count: core.rowCount)
        for j in chosen {
            for k in core.columnStarts[j]..<core.columnStarts[j + 1] { count[Int(core.columnRows[k])] += 1 }
        }
        var waste: [(Double, Int)] = []
        for j in chosen {
            var reduced = core.costs[j]
            var extra = 0.0
            for k in core.columnStarts[j]..<core.columnStarts[j + 1] {
                let i = Int(core.columnRows[k])
                reduced -= u[i]
                extra += u[i] * Double(count[i] - 1) / Double(count[i])
            }
            waste.append((max(reduced, 0) + extra, j))
        }
        waste.sort { $0.0 < $1.0 || ($0.0 == $1.0 && $0.1 < $1.1) }
        let goal = pi * Double(core.rowCount)
        var covered = 0
        var seen = [UInt8](repeating: 0, count: core.rowCount)
        for (_, j) in waste {
            if Double(covered) >= goal { break }
            fix(&lag, column: j)
            for k in core.columnStarts[j]..<core.columnStarts[j + 1] where seen[Int(core.columnRows[k])] == 0 {
                seen[Int(core.columnRows[k])] = 1
                covered += 1
            }
        }
    }

    /// Fixes local column `j` to 1 and, with packing constraints, takes every core column in conflict
    /// with it out of the sub-problem.
    func fix(_ lag: inout MinCostLagrangian, column j: Int) {
        guard lag.columnFree[j] == 1 else { return }
        lag.fix(column: j)
        guard let packing = problem.packing else { return }
        let location = Int(lag.core.columnLocation[j])
        guard location >= 0 else { return }
        packing.forEachConflict(ofLocation: location) { l in
            for k in packing.locationColumnStarts[l]..<packing.locationColumnStarts[l + 1] {
                let local = Int(localColumn[Int(packing.locationColumns[k])])
                if local >= 0 && local != j { lag.forbid(column: local) }
            }
        }
    }

    /// Turns a core cover into an instance solution; keeps it (after local search) when cheaper.
    /// `maxPasses`: the local-search (and slack-exchange) passes the cover may get.
    /// `window`: how far above the incumbent (a fraction of its cost) a cover may start and still
    /// get the local search.
    mutating func consider(
        core: CoreMatrix?, localColumns: [Int32], fixedLocal: [Int32], maxPasses: Int = 50, window: Double = 0.01
    ) {
        var columns = baseColumns
        if let core {
            for j in fixedLocal { columns.append(Int(core.columnOriginal[Int(j)])) }
            for j in localColumns { columns.append(Int(core.columnOriginal[Int(j)])) }
        }
        var cost = 0.0
        for j in columns { cost += problem.instance.costs[j] }
        // Covers up to 1 % (`window`; at least one cost unit when there is one) above the incumbent also get
        // the local search: swaps often take such a cover below the incumbent.
        let slack = max(window * incumbentCost, problem.costUnit?.value ?? 0)
        guard cost < incumbentCost + slack - problem.costTolerance || cost < incumbentCost - problem.costTolerance
        else { return }
        // Greedy runs at nearby multipliers often return the same cover: search from each only once.
        columns.sort()
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for j in columns { hash = (hash ^ UInt64(j)) &* 0x100_0000_01b3 }
        guard seenCovers.insert(hash).inserted else { return }
        let pass = Double(problem.instance.nonzeroCount + problem.instance.rowCount + problem.instance.columnCount)
        work += pass // building the state and removing redundant columns
        var state = CoverState(problem: problem, columns: columns)
        guard state.isFeasibleMinCost else { return }
        Redundancy.removeMinCost(&state)
        checks?.check(state, after: "lagrangian: redundancy")
        if options.useLocalSearch {
            if gatherCache == nil { gatherCache = GatherCache(instance: problem.instance) }
            let result = MinCostLocalSearch.improve(
                &state, parallel: parallel, maxPasses: maxPasses, clock: clock, cache: gatherCache)
            localSearchMoves += result.moves
            work += Double(result.passes) * pass
            if state.cost < incumbentCost + slack - problem.costTolerance {
                let exchange = SlackExchange.improve(
                    &state, parallel: parallel, maxRounds: 50, passesPerRound: 10, maxPasses: maxPasses, clock: clock,
                    cache: gatherCache)
                localSearchMoves += exchange.rounds
                work += Double(exchange.passes) * pass
            }
            checks?.check(state, after: "lagrangian: local search")
        }
        state.recomputeCoveredWeight()
        localOptima?.append(state.sortedChosen)
        if state.cost < incumbentCost - problem.costTolerance {
            incumbent = state.sortedChosen
            incumbentCost = state.cost
        }
    }
}
