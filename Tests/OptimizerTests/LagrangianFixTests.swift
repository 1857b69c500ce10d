import Support
import Testing

@testable import Optimizer

/// `MinCostLagrangian.fix` with the knapsack's rows compacted once before the next evaluation
/// (`compactKnapsackRows`) instead of after every fixed column.
@Suite("Fixed columns and the knapsack's rows")
struct LagrangianFixTests {
    /// `L(u)` of partial cover computed independently: the fixed columns' cost, the free columns'
    /// negative reduced costs, and the fractional knapsack over the active rows solved by sorting
    /// them by `u_i / w_i` (Dantzig), with no must rows on these grids.
    static func reference(_ lag: MinCostLagrangian) -> Double {
        let core = lag.core
        var value = lag.fixedCost
        for j in 0..<core.columnCount where lag.columnFree[j] == 1 {
            var r = core.costs[j]
            for k in core.columnStarts[j]..<core.columnStarts[j + 1] { r -= lag.u[Int(core.columnRows[k])] }
            value += min(0, r)
        }
        let rows = (0..<core.rowCount).filter { lag.rowActive[$0] == 1 && core.weights[$0] > 0 }
            .sorted { lag.u[$0] / core.weights[$0] < lag.u[$1] / core.weights[$1] }
        var need = lag.remainingTarget
        for i in rows where need > 0 {
            let take = min(1, need / core.weights[i])
            value += take * lag.u[i]
            need -= take * core.weights[i]
        }
        return value
    }

    @Test("many fixes, then one evaluation: the same L(u) as evaluating after every fix, and the reference's")
    func compactsBeforeEvaluating() throws {
        var random = TestRandom(seed: 17_03)
        for k in 0..<12 {
            let instance = try WarmStartTests.grid(&random, width: 20 + k, height: 12, discs: 60)
            let problem = try CoverProblem(instance, objective: .partialCover(targetFraction: 0.9))
            let relevant = RelevantRows(state: CoverState(problem: problem))
            let core = CoreMatrix(
                problem: problem, columns: (0..<instance.columnCount).map { Int32($0) }, relevant: relevant)
            #expect(core.isMust.allSatisfy { $0 == 0 })
            var lazy = MinCostLagrangian(core: core, parallel: Parallel(threads: 1))
            lazy.u = lazy.u.map { $0 * Double(random.int(5...20)) / 10 }
            var eager = lazy
            _ = lazy.evaluate()
            // Fix a few columns at a time, as the refinement rounds do, evaluating only at the end.
            let fixes = (0..<(4 + k % 5)).map { _ in random.int(0...(core.columnCount - 1)) }
            for j in fixes {
                lazy.fix(column: j)
                eager.fix(column: j)
                _ = eager.evaluate()
            }
            let (value, norm2) = lazy.evaluate()
            let (eagerValue, eagerNorm2) = eager.evaluate()
            #expect(value == eagerValue, "case \(k)")
            #expect(norm2 == eagerNorm2, "case \(k)")
            #expect(lazy.subgradient == eager.subgradient, "case \(k)")
            let expected = Self.reference(lazy)
            #expect(abs(value - expected) <= 1e-9 * max(1, abs(expected)), "case \(k): \(value) vs \(expected)")
            let active = (0..<core.rowCount).filter { lazy.rowActive[$0] == 1 && core.weights[$0] > 0 }
            #expect(lazy.knapsackRows.map { Int($0) } == active, "case \(k)")
            // The knapsack's price is read with the rows compacted too.
            var threshold = eager
            threshold.fix(column: fixes[0] == 0 ? 1 : 0)
            var thresholdEager = threshold
            _ = thresholdEager.evaluate()
            #expect(threshold.knapsackThreshold() == thresholdEager.knapsackThreshold(), "case \(k)")
        }
    }
}
