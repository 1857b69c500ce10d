import Support
import Testing

@testable import Optimizer

/// The Lagrangian greedy's first scores read from the evaluation (`MinCostLagrangian.evaluated`:
/// the reduced costs and the per-column row values) against the same run summing them, on the
/// multipliers of the subgradient loop, after columns are fixed and with restricted pricing.
@Suite("Lagrangian greedy: first scores from the evaluation")
struct GreedyScoresTests {
    /// The greedy on `lag` as it is and on a copy whose reduced costs are marked stale (so every
    /// score is summed): the same cover, cost and visits.
    static func compare(_ lag: MinCostLagrangian, candidates: [Int32]?, _ label: String) {
        var read = LagrangianGreedy()
        var summed = LagrangianGreedy()
        var stale = lag
        stale.u = lag.u
        #expect(!stale.reducedIsCurrent)
        let a = read.run(lag, columns: candidates)
        let b = summed.run(stale, columns: candidates)
        #expect(a?.columns == b?.columns, "\(label)")
        #expect(a?.cost == b?.cost, "\(label)")
        #expect(read.lastVisits == summed.lastVisits, "\(label)")
    }

    @Test("read and summed first scores give the same covers, through fixing, restored batches and restricted pricing")
    func sameCovers() throws {
        var random = TestRandom(seed: 15_70)
        var fastRuns = 0
        for k in 0..<24 {
            let instance = try WarmStartTests.grid(&random, width: 14 + k % 5, height: 9, discs: 40)
            let objective: CoveringObjective = k % 3 == 0 ? .setCover : .partialCover(targetFraction: 0.85)
            let problem = try CoverProblem(instance, objective: objective)
            let relevant = RelevantRows(state: CoverState(problem: problem))
            let core = CoreMatrix(
                problem: problem, columns: (0..<instance.columnCount).map { Int32($0) }, relevant: relevant)
            var lag = MinCostLagrangian(core: core, parallel: Parallel(threads: 1 + k % 2))
            if k % 4 == 3 {
                let priced = (0..<core.columnCount).filter { _ in random.chance(0.7) }.map { Int32($0) }
                lag.restrictPricing(to: priced)
            }
            for round in 0..<4 {
                lag.u = lag.u.enumerated().map { i, u in
                    lag.rowActive[i] == 0 ? 0 : u * Double(random.int(5...20)) / 10
                }
                let (value, norm2) = lag.evaluate()
                #expect(lag.reducedIsCurrent && lag.columnValueIsCurrent)
                #expect(LagrangianGreedy.inactiveMultipliersAreZero(lag))
                let snapshot = lag.evaluated
                let candidates: [Int32]? =
                    round % 2 == 0 ? nil : (0..<core.columnCount).filter { _ in random.chance(0.6) }.map { Int32($0) }
                Self.compare(lag, candidates: candidates, "case \(k) round \(round)")
                fastRuns += 1
                // A batch: the snapshot restored on a copy after the multipliers moved on.
                lag.step(lambda: 0.5, value: value, norm2: norm2, target: value + 10)
                _ = lag.evaluate()
                var restored = lag
                restored.restore(snapshot)
                #expect(restored.reducedIsCurrent && restored.u == snapshot.u)
                Self.compare(restored, candidates: candidates, "case \(k) round \(round), restored")
                // Fixing changes the active rows: the column values are summed again by `evaluate`.
                if let j = (0..<core.columnCount).first(where: { lag.columnFree[$0] == 1 && random.chance(0.3) }) {
                    lag.fix(column: j)
                    #expect(!lag.reducedIsCurrent && !lag.columnValueIsCurrent)
                }
            }
        }
        #expect(fastRuns == 96)
    }
}
