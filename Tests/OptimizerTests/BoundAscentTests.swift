import Support
import Testing

@testable import Optimizer

/// The coordinate ascent of the city-scale bound (`MinCostLagrangian.ascend`): a move of the
/// multipliers that must never lower `L(u)`, whatever `u` it starts from.
@Suite("Coordinate ascent on the Lagrangian dual")
struct BoundAscentTests {
    /// `L(u)` before and after two sweeps from random multipliers, for set cover, partial cover
    /// (exact knapsack) and partial cover with the target priced (the warm start's blocks).
    @Test("ascent never lowers L(u), and raises it from most starts")
    func neverLowers() throws {
        var random = TestRandom(seed: 15_47)
        var (checked, raised) = (0, 0)
        for k in 0..<36 {
            let instance = try WarmStartTests.grid(&random, width: 14 + k % 5, height: 9, discs: 40)
            let objective: CoveringObjective = k % 3 == 0 ? .setCover : .partialCover(targetFraction: 0.85)
            let problem = try CoverProblem(instance, objective: objective)
            let relevant = RelevantRows(state: CoverState(problem: problem))
            let core = CoreMatrix(
                problem: problem, columns: (0..<instance.columnCount).map { Int32($0) }, relevant: relevant)
            var lag = MinCostLagrangian(core: core, parallel: Parallel(threads: 1))
            if k % 3 == 2 { lag.targetPrice = Double(random.int(1...20)) / 100 }
            // Multipliers around the initial ones, some far too high, some zero.
            lag.u = lag.u.map { $0 * Double(random.int(0...30)) / 10 }
            let before = lag.evaluate().value
            let gain = lag.ascend(sweeps: 2)
            let after = lag.evaluate().value
            #expect(after >= before - 1e-9 * max(1, abs(before)), "case \(k): \(before) → \(after)")
            #expect(gain >= -1e-9 * max(1, abs(before)))
            #expect(lag.u.allSatisfy { $0 >= 0 })
            if after > before + 1e-6 { raised += 1 }
            checked += 1
        }
        #expect(checked == 36)
        #expect(raised >= 30, "raised \(raised) of \(checked)")
    }
}
