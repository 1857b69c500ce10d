import Testing

@testable import Optimizer

/// Plan combination at city scale (`MinCostHeuristic.mergePlans`): the union of the plans of the
/// greedy from the bound and the refinement rounds solved as a sub-problem. Runs only where the
/// warm start runs, which the grids of `BoundGreedyTests` reproduce at a unit test's size.
///
/// On these grids the merge runs (a union of 320–570 columns from 3–5 plans) but finds no cheaper
/// plan: the plans are within 0.1–0.8 % of their bounds, and the sub-problem returns the incumbent
/// (tried: 18 generated grids — population-weighted and uniform weights, targets 0.8–0.98, discs
/// of radius 6–30 cells; none cheaper with the merge). So this test checks that the merge is safe (never worse, every phase check clean, the
/// same bound, the same plan for 1 and 2 threads); what it gains is measured on the city
/// (docs/solver.md: 7,945.3 → 7,872.1 on the population-weighted job).
@Suite("Plan merge at city scale")
struct PlanMergeTests {
    @Test("population weights: the merge never worsens the plan and keeps the bound; 1 and 2 threads agree")
    func merge() throws {
        for seed in [UInt64(15_80), 15_81, 15_82] {
            let instance = try BoundGreedyTests.populationCity(
                seed: seed, width: 800, height: 400, discs: 6000, existing: 300)
            let (with, without) = try BoundGreedyTests.withAndWithout(instance, off: \.planMerge)
            #expect(with.coveredWeight >= 0.95 * instance.totalWeight - 1e-6)
            #expect(with.lowerBound == without.lowerBound, "the bound does not depend on the plan side")
            #expect(try #require(with.lowerBound) <= with.cost)
            #expect(with.cost <= without.cost + 1e-9, "seed \(seed): with \(with.cost), without \(without.cost)")
            if seed == 15_80 {
                var one = BoundGreedyTests.options
                one.threads = 1
                let single = try solveCovering(instance, objective: .partialCover(targetFraction: 0.95), options: one)
                #expect(single.chosenColumns == with.chosenColumns && single.cost == with.cost)
            }
        }
    }

    /// The cycles after the first start from the merged plan, so more cycles can only keep or
    /// lower the plan's cost (the first cycle is the same run); the bound does not move, and the
    /// perturbed rounds draw from the seed alone, so 1 and 2 threads give the same plan.
    @Test("merge cycles: a second cycle never worsens the plan and keeps the bound; 1 and 2 threads agree")
    func cycles() throws {
        let objective = CoveringObjective.partialCover(targetFraction: 0.95)
        for seed in [UInt64(16_30), 16_31] {
            let instance = try BoundGreedyTests.populationCity(
                seed: seed, width: 800, height: 400, discs: 6000, existing: 300)
            var options = BoundGreedyTests.options
            options.planMergeCycles = 3
            let (three, violations) = try BoundGreedyTests.checkedSolve(instance, objective, options)
            #expect(violations.isEmpty, "\(violations)")
            options.planMergeCycles = 1
            let one = try solveCovering(instance, objective: objective, options: options)
            #expect(three.coveredWeight >= 0.95 * instance.totalWeight - 1e-6)
            #expect(three.lowerBound == one.lowerBound, "the bound does not depend on the plan side")
            #expect(three.cost <= one.cost + 1e-9, "seed \(seed): 3 cycles \(three.cost), 1 cycle \(one.cost)")
            if seed == 16_30 {
                options.planMergeCycles = 3
                options.threads = 1
                let single = try solveCovering(instance, objective: objective, options: options)
                #expect(single.chosenColumns == three.chosenColumns && single.cost == three.cost)
            }
        }
    }

    /// The multipliers' perturbation (`RandomSource.perturbed`): the same vector for the same seed,
    /// every factor inside [1 − a, 1 + a), another vector for another seed, and at a = 0.1 exactly
    /// the factors `0.9 + 0.2 r` the greedy and phase 4 drew before it was shared.
    @Test("perturbation: deterministic for a seed, within the amplitude")
    func perturbation() {
        let u = (0..<500).map { Double($0 % 17) + 0.5 }
        var first = RandomSource(seed: 7)
        var again = RandomSource(seed: 7)
        var other = RandomSource(seed: 8)
        let a = first.perturbed(u, amplitude: 0.25)
        #expect(a == again.perturbed(u, amplitude: 0.25))
        #expect(a != other.perturbed(u, amplitude: 0.25))
        for i in u.indices { #expect(a[i] >= 0.75 * u[i] && a[i] < 1.25 * u[i]) }
        var inline = RandomSource(seed: 9)
        var shared = RandomSource(seed: 9)
        let expected = u.map { $0 * (0.9 + 0.2 * inline.unit()) }
        #expect(shared.perturbed(u, amplitude: 0.1) == expected)
    }
}
