import Testing

@testable import Optimizer

/// The cost unit a min-cost lower bound is rounded up to (issue 14: with every candidate costing
/// 20, a provably optimal plan of 100 was reported with "bound 92").
@Suite("Cost unit of a lower bound")
struct CostUnitTests {
    @Test(
        "the largest decimal unit every cost is a multiple of",
        arguments: [
            ([20.0, 20, 40, 60], 20.0), ([6, 20, 35], 1), ([1.5, 2, 3.5], 0.5), ([0.1, 0.3, 1.2], 0.1),
            ([21.5, 20, 6], 0.5), ([0.0, 35, 0], 35), ([2.5e-5, 5e-5], 2.5e-5),
        ] as [([Double], Double)])
    func units(costs: [Double], unit: Double) throws {
        let found = try #require(CostUnit.of(costs))
        #expect(abs(found.value - unit) <= 1e-12 * unit)
        // Every cost is a whole multiple of the unit, and no larger multiple of the unit divides them all.
        for cost in costs { #expect(abs((cost / found.value).rounded() * found.value - cost) < 1e-9) }
    }

    @Test("no unit: all costs zero, or costs that need more than 6 decimals")
    func noUnit() {
        #expect(CostUnit.of([0.0, 0]) == nil)
        #expect(CostUnit.of([1.0 / 3, 1]) == nil)
        #expect(CostUnit.of([Double]()) == nil)
    }

    @Test("rounding up: to the next multiple, a bound a rounding error above a multiple stays there")
    func roundUp() {
        let twenty = CostUnit(count: 20, decimals: 0)
        #expect(twenty.roundUp(92) == 100)
        #expect(twenty.roundUp(100) == 100)
        #expect(twenty.roundUp(100.000_000_01) == 100)
        #expect(twenty.roundUp(80.5) == 100)
        #expect(twenty.roundUp(60) == 60)
        let tenth = CostUnit(count: 1, decimals: 1)
        #expect(tenth.roundUp(971.61) == 971.7)
        #expect(tenth.roundUp(971.6) == 971.6)
        #expect(CostUnit.roundUp(3.3, unit: nil) == 3.3)
    }

    @Test("an odd cycle costing 20 per column: the LP bound 30 becomes 40, the optimum, proven; brute force agrees")
    func oddCycle() throws {
        // Rows 0..4 in a 5-cycle, each column covers two neighbours: LP optimum 2.5 columns, integer 3.
        let columns = (0..<5).map { [$0, ($0 + 1) % 5] }
        let instance = try CoveringInstance(
            rowCount: 5, columns: columns, costs: [Double](repeating: 20, count: 5))
        var options = SolverOptions(threads: 1, timeLimitSeconds: 30, seed: 1)
        options.exactSearchMaxColumns = 0 // the bound must come from the Lagrangian, not exhaustive search
        let solution = try solveCovering(instance, objective: .setCover, options: options)
        let reference = try #require(bruteForce(instance, .setCover).value)
        #expect(solution.cost == reference)
        #expect(solution.cost == 60)
        #expect(solution.costUnit == CostUnit(count: 20, decimals: 0))
        let bound = try #require(solution.lowerBound)
        #expect(bound.truncatingRemainder(dividingBy: 20) == 0)
        #expect(bound <= reference)
        #expect(bound == 60 && solution.gap == 0 && solution.provenOptimal)
    }
}
