import Foundation
import Support
import Testing

@testable import Optimizer

/// The plan side at city scale (`MinCostHeuristic.greedyFromBound`): the Lagrangian greedy at the
/// global bound's multipliers when phase 1 spent the budget. On by itself only in the city regime
/// (warm start on, budget spent), which these grids reproduce at a unit test's size.
@Suite("Lagrangian greedy from the bound at city scale")
struct BoundGreedyTests {
    /// A city-like partial-cover instance: a `width × height` grid of rows in raster order (like a
    /// plan's cells), `discs` sites of radius 6–14 cells, costs 1–3, 10 % weightless rows, and
    /// `existing` sites fixed on (existing sites, always on).
    static func city(seed: UInt64, width: Int, height: Int, discs: Int, existing: Int) throws -> CoveringInstance {
        var random = TestRandom(seed: seed)
        let (columns, costs) = Self.discSites(&random, width: width, height: height, discs: discs)
        let weights = (0..<(width * height)).map { _ in random.chance(0.1) ? 0 : Double(random.int(1...400)) / 10 }
        return try CoveringInstance(
            rowCount: width * height, columns: columns, costs: costs, weights: weights,
            fixedColumns: Array(0..<min(existing, columns.count)))
    }

    /// `discs` random sites of radius 6–14 cells on a `width × height` grid (empty ones dropped)
    /// and their costs 1–3: the columns of `city` and `populationCity`, drawn in that order.
    static func discSites(_ random: inout TestRandom, width: Int, height: Int, discs: Int)
        -> (columns: [[Int]], costs: [Double])
    {
        var columns: [[Int]] = []
        for _ in 0..<discs {
            let rows = DiscGrid.randomDisc(
                &random, width: width, height: height, radiusTenths: 60...140, cellOffset: 0)
            if !rows.isEmpty { columns.append(rows) }
        }
        return (columns, columns.map { _ in 1 + Double(random.int(0...20)) / 10 })
    }

    static let options = SolverOptions(threads: 2, effort: 0.01, exactSearchMaxColumns: 0)

    /// Solves with the phase checks on; returns the solution and the checks' violations.
    static func checkedSolve(
        _ instance: CoveringInstance, _ objective: CoveringObjective, _ options: SolverOptions
    ) throws -> (CoveringSolution, [String]) {
        var checks: PhaseChecks? = PhaseChecks()
        let solution = try solveCovering(instance, objective: objective, options: options, checks: &checks)
        return (solution, checks?.violations ?? ["no checks"])
    }

    /// The 95 % plan with `options` (phase checks on, none may fail) and with one plan-side step
    /// switched off, to compare.
    static func withAndWithout(
        _ instance: CoveringInstance, off step: WritableKeyPath<SolverOptions, Bool>
    ) throws -> (with: CoveringSolution, without: CoveringSolution) {
        let objective = CoveringObjective.partialCover(targetFraction: 0.95)
        let (with, violations) = try checkedSolve(instance, objective, options)
        var off = options
        off[keyPath: step] = false
        let without = try solveCovering(instance, objective: objective, options: off)
        #expect(violations.isEmpty, "\(violations)")
        return (with, without)
    }

    @Test("city-like grids: the greedy from the bound lowers the plan's cost, every plan feasible")
    func improvesPlan() throws {
        for (seed, target) in [(UInt64(15_50), 0.95), (15_51, 0.9)] {
            let instance = try Self.city(seed: seed, width: 800, height: 400, discs: 6000, existing: 300)
            let objective = CoveringObjective.partialCover(targetFraction: target)
            let (with, violations) = try Self.checkedSolve(instance, objective, Self.options)
            var off = Self.options
            off.greedyFromBound = false
            let (without, offViolations) = try Self.checkedSolve(instance, objective, off)
            #expect(violations.isEmpty && offViolations.isEmpty, "\(violations) \(offViolations)")
            #expect(with.coveredWeight >= target * instance.totalWeight - 1e-6)
            #expect(with.lowerBound == without.lowerBound, "the bound does not depend on the plan side")
            #expect(with.cost < without.cost, "with \(with.cost), without \(without.cost)")
            #expect(try #require(with.lowerBound) <= with.cost)
        }
    }

    @Test("the greedy from the bound: 1 and 2 threads give the same plan")
    func deterministic() throws {
        let instance = try Self.city(seed: 15_52, width: 800, height: 400, discs: 6000, existing: 200)
        let objective = CoveringObjective.partialCover(targetFraction: 0.95)
        var one = Self.options
        one.threads = 1
        let a = try solveCovering(instance, objective: objective, options: one)
        let b = try solveCovering(instance, objective: objective, options: Self.options)
        #expect(a.chosenColumns == b.chosenColumns && a.cost == b.cost && a.lowerBound == b.lowerBound)
    }

    /// A population-weighted city-like instance: the grid and discs of `city`, but weights spanning
    /// five orders of magnitude (`centres` urban peaks `a·exp(−d²/r²)` over a rural floor of 0.02,
    /// times a factor in 0.5–2; 10 % weightless) and two must-cover zones of 30 × 20 cells (only
    /// their cells some disc reaches) — the regime where a few must rows are left when the
    /// weight target is met.
    static func populationCity(seed: UInt64, width: Int, height: Int, discs: Int, existing: Int) throws
        -> CoveringInstance
    {
        var random = TestRandom(seed: seed)
        let (columns, costs) = Self.discSites(&random, width: width, height: height, discs: discs)
        let centres = (0..<6).map { _ in
            (
                x: Double(random.int(0...width)), y: Double(random.int(0...height)),
                r: Double(random.int(20...80)), a: Double(random.int(200...2000))
            )
        }
        var weights: [Double] = []
        for y in 0..<height {
            for x in 0..<width {
                var w = 0.02
                for c in centres {
                    let d2 =
                        ((Double(x) - c.x) * (Double(x) - c.x) + (Double(y) - c.y) * (Double(y) - c.y)) / (c.r * c.r)
                    if d2 < 20 { w += c.a * exp(-d2) }
                }
                w *= 0.5 + 1.5 * random.generator.nextUnit()
                weights.append(random.chance(0.1) ? 0 : w)
            }
        }
        var reached = [Bool](repeating: false, count: width * height)
        for rows in columns { for i in rows { reached[i] = true } }
        var must: [Int] = []
        for _ in 0..<2 {
            let (x0, y0) = (random.int(0...(width - 30)), random.int(0...(height - 20)))
            for y in y0..<(y0 + 20) {
                for x in x0..<(x0 + 30) where reached[y * width + x] { must.append(y * width + x) }
            }
        }
        return try CoveringInstance(
            rowCount: width * height, columns: columns, costs: costs, weights: weights,
            fixedColumns: Array(0..<min(existing, columns.count)), mustCoverRows: must)
    }

    /// The test's own ratio greedy (Chvátal 1979): must rows first by cost per new must row, then
    /// cost per new weight until the target; returns the cost of the columns it took.
    static func ratioGreedyCost(_ instance: CoveringInstance, target: Double) -> Double {
        let columns = (0..<instance.columnCount).map { instance.rows(ofColumn: $0).map { Int($0) } }
        var covered = [Bool](repeating: false, count: instance.rowCount)
        var isMust = [Bool](repeating: false, count: instance.rowCount)
        for i in instance.mustCoverRows { isMust[i] = true }
        var (weight, mustLeft, cost) = (0.0, instance.mustCoverRows.count, 0.0)
        func cover(_ j: Int) {
            for i in columns[j] where !covered[i] {
                covered[i] = true
                weight += instance.weights[i]
                if isMust[i] { mustLeft -= 1 }
            }
        }
        for j in instance.fixedColumns { cover(j) }
        let free = Set(0..<instance.columnCount).subtracting(instance.fixedColumns).sorted()
        /// The free column of least cost per gain (ties: lowest id), gains > 0 only.
        func best(_ gain: (Int) -> Double) -> Int {
            var (pick, ratio) = (-1, Double.infinity)
            for j in free {
                let g = gain(j)
                if g > 0 && instance.costs[j] / g < ratio { (pick, ratio) = (j, instance.costs[j] / g) }
            }
            return pick
        }
        while mustLeft > 0 {
            let j = best { j in Double(columns[j].filter { !covered[$0] && isMust[$0] }.count) }
            cost += instance.costs[j]
            cover(j)
        }
        while weight < target * instance.totalWeight {
            let j = best { j in columns[j].reduce(0.0) { covered[$1] ? $0 : $0 + instance.weights[$1] } }
            cost += instance.costs[j]
            cover(j)
        }
        return cost
    }

    @Test("population weights: at u = 0 the Lagrangian greedy is the ratio greedy, not twice its cost")
    func greedyAtZero() throws {
        let instance = try Self.populationCity(seed: 15_60, width: 400, height: 200, discs: 1500, existing: 80)
        let problem = try CoverProblem(instance, objective: .partialCover(targetFraction: 0.95))
        let base = CoverState(problem: problem)
        let columns = (0..<instance.columnCount).filter { problem.isFixed[$0] == 0 }.map { Int32($0) }
        let core = CoreMatrix(problem: problem, columns: columns, relevant: RelevantRows(state: base))
        var lag = MinCostLagrangian(core: core, parallel: Parallel(threads: 1))
        lag.u = [Double](repeating: 0, count: core.rowCount)
        var greedy = LagrangianGreedy()
        let found = greedy.run(lag)
        let cover = try #require(found)
        let state = CoverState(problem: problem, columns: cover.columns.map { Int(core.columnOriginal[Int($0)]) })
        #expect(state.isFeasibleMinCost)
        let reference = Self.ratioGreedyCost(instance, target: 0.95)
        #expect(cover.cost <= 1.05 * reference, "Lagrangian greedy \(cover.cost), ratio greedy \(reference)")
    }

    @Test("population weights: the greedy from the bound takes the plan within 1 % of the bound")
    func populationPlan() throws {
        let instance = try Self.populationCity(seed: 15_61, width: 800, height: 400, discs: 6000, existing: 300)
        let (with, without) = try Self.withAndWithout(instance, off: \.greedyFromBound)
        let bound = try #require(with.lowerBound)
        #expect(with.lowerBound == without.lowerBound, "the bound does not depend on the plan side")
        #expect(with.cost < without.cost, "with \(with.cost), without \(without.cost)")
        #expect(with.cost - bound <= 0.01 * with.cost, "plan \(with.cost), bound \(bound)")
    }

    @Test("population weights: refinement from the bound never worsens the plan, improves one; 1 and 2 threads agree")
    func refinement() throws {
        var improved: [Double] = []
        for seed in [UInt64(15_70), 15_71, 15_72] {
            let instance = try Self.populationCity(seed: seed, width: 800, height: 400, discs: 6000, existing: 300)
            let (with, without) = try Self.withAndWithout(instance, off: \.boundRefinement)
            #expect(with.coveredWeight >= 0.95 * instance.totalWeight - 1e-6)
            #expect(with.lowerBound == without.lowerBound, "the bound does not depend on the plan side")
            #expect(with.cost <= without.cost + 1e-9, "seed \(seed): with \(with.cost), without \(without.cost)")
            if with.cost < without.cost - 1e-9 { improved.append(without.cost - with.cost) }
            if seed == 15_70 {
                var one = Self.options
                one.threads = 1
                let single = try solveCovering(instance, objective: .partialCover(targetFraction: 0.95), options: one)
                #expect(single.chosenColumns == with.chosenColumns && single.cost == with.cost)
            }
        }
        #expect(!improved.isEmpty, "the refinement improved none of the three plans")
    }
}
