import Testing

@testable import Optimizer

/// Plan combination at city scale (`MinCostHeuristic.mergePlans`): the union of the plans of the
/// greedy from the bound and the refinement rounds solved as a sub-problem. Runs only where the
/// warm start runs, which the grids of `BoundGreedyTests` reproduce at a unit test's size.
@Suite("Plan merge at city scale")
struct PlanMergeTests {
    @Test("population weights: the merge never worsens the plan, improves one, keeps the bound; 1 and 2 threads agree")
    func merge() throws {
        var improved: [Double] = []
        for seed in [UInt64(15_80), 15_81, 15_82] {
            let instance = try BoundGreedyTests.populationCity(
                seed: seed, width: 800, height: 400, discs: 6000, existing: 300)
            let (with, without) = try BoundGreedyTests.withAndWithout(instance, off: \.planMerge)
            #expect(with.coveredWeight >= 0.95 * instance.totalWeight - 1e-6)
            #expect(with.lowerBound == without.lowerBound, "the bound does not depend on the plan side")
            #expect(try #require(with.lowerBound) <= with.cost)
            #expect(with.cost <= without.cost + 1e-9, "seed \(seed): with \(with.cost), without \(without.cost)")
            if with.cost < without.cost - 1e-9 { improved.append(without.cost - with.cost) }
            if seed == 15_80 {
                var one = BoundGreedyTests.options
                one.threads = 1
                let single = try solveCovering(instance, objective: .partialCover(targetFraction: 0.95), options: one)
                #expect(single.chosenColumns == with.chosenColumns && single.cost == with.cost)
            }
        }
        #expect(!improved.isEmpty, "the merge improved none of the three plans")
    }
}
