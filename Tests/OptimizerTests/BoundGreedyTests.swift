import Foundation
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
        var columns: [[Int]] = []
        for _ in 0..<discs {
            let rows = DiscGrid.randomDisc(
                &random, width: width, height: height, radiusTenths: 60...140, cellOffset: 0)
            if !rows.isEmpty { columns.append(rows) }
        }
        let costs = columns.map { _ in 1 + Double(random.int(0...20)) / 10 }
        let weights = (0..<(width * height)).map { _ in random.chance(0.1) ? 0 : Double(random.int(1...400)) / 10 }
        return try CoveringInstance(
            rowCount: width * height, columns: columns, costs: costs, weights: weights,
            fixedColumns: Array(0..<min(existing, columns.count)))
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
}
