import Support
import Testing

@testable import Optimizer

/// The heuristic phase's subgradient with the iterations up to the next batch run beside the batch
/// (`SubgradientTrack`, `MinCostHeuristic.subgradient`) against the same loop one step after the
/// other: the same iterations, covers, bound and work counter, bit for bit.
@Suite("Subgradient: iterations beside the batches")
struct SubgradientTrackTests {
    /// The Lagrangian heuristic on `instance` after the construction, as `SolveRun` runs it.
    static func heuristic(_ instance: CoveringInstance, _ objective: CoveringObjective, overlap: Bool, threads: Int)
        throws -> MinCostHeuristic
    {
        var options = SolverOptions(threads: threads, seed: 7, effort: 0.4, exactSearchMaxColumns: 0)
        options.overlapSubgradient = overlap
        let problem = try CoverProblem(instance, objective: objective)
        let clock = SolveClock(limitSeconds: 600)
        var run = SolveRun(problem: problem, options: options, clock: clock)
        try run.constructMinCost(small: false)
        var heuristic = MinCostHeuristic(
            problem: problem, options: options, clock: clock, incumbent: run.best,
            workBudget: max(0, run.workBudget - run.work))
        heuristic.run()
        return heuristic
    }

    @Test("set and partial cover on disc grids: the same run with and without the overlap, at 1–3 threads")
    func sameRun() throws {
        var random = TestRandom(seed: 16_20)
        var kept = 0
        var dropped = 0
        for k in 0..<10 {
            let instance = try GatherCacheTests.instance(&random, k)
            let objective: CoveringObjective =
                k % 3 == 0 ? .setCover : .partialCover(targetFraction: 0.7 + 0.05 * Double(k % 4))
            let plain = try Self.heuristic(instance, objective, overlap: false, threads: 2)
            #expect(plain.overlaps == (0, 0))
            for threads in [1, 2, 3] {
                let overlapped = try Self.heuristic(instance, objective, overlap: true, threads: threads)
                let label = "case \(k), \(threads) threads"
                #expect(overlapped.incumbent == plain.incumbent, "\(label)")
                #expect(overlapped.incumbentCost.bitPattern == plain.incumbentCost.bitPattern, "\(label)")
                #expect(overlapped.lowerBound.bitPattern == plain.lowerBound.bitPattern, "\(label)")
                #expect(overlapped.boundMultipliers == plain.boundMultipliers, "\(label)")
                #expect(overlapped.iterations == plain.iterations, "\(label)")
                #expect(overlapped.work.bitPattern == plain.work.bitPattern, "\(label)")
                #expect(overlapped.localSearchMoves == plain.localSearchMoves, "\(label)")
                #expect(!overlapped.stoppedByTimeLimit)
                if threads == 1 { #expect(overlapped.overlaps == (0, 0), "one thread: one step after the other") }
                kept += overlapped.overlaps.kept
                dropped += overlapped.overlaps.dropped
            }
        }
        // Both ways out of an overlap ran: kept, and dropped (a batch improved the incumbent, or
        // the work budget ran out at the first of the iterations run beside it).
        #expect(kept > 1_000)
        #expect(dropped >= 5)
    }
}
