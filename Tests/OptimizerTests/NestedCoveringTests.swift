import Testing

@testable import Optimizer

/// Phased (nested) plans against brute force: every phase's plan contains the earlier ones, meets
/// its own cumulative limit, is the optimum of its phase given the earlier phases, and its
/// from-scratch bound brackets the best plan for its limit alone.
@Suite("Nested covering (phased rollout) vs brute force")
struct NestedCoveringTests {
    /// Two or three phases with cumulative limits: rising coverage targets, rising budgets and
    /// site counts, or budgets then a coverage target.
    static func phases(_ random: inout TestRandom) -> [CoveringObjective] {
        let count = random.int(2...3)
        switch random.int(0...2) {
        case 0:
            var targets = (0..<count).map { _ in Double(random.int(20...100)) / 100 }
            targets.sort()
            return targets.map { .partialCover(targetFraction: $0) }
        case 1:
            var budgets = (0..<count).map { _ in Double(random.int(0...60)) }
            budgets.sort()
            var sites = (0..<count).map { _ in random.int(1...5) }
            sites.sort()
            let useSites = random.chance(0.5)
            return (0..<count).map { .maxCoverage(maxNewColumns: useSites ? sites[$0] : nil, budget: budgets[$0]) }
        default:
            var budgets = (0..<(count - 1)).map { _ in Double(random.int(0...40)) }
            budgets.sort()
            return budgets.map { .maxCoverage(maxNewColumns: nil, budget: $0) }
                + [.partialCover(targetFraction: Double(random.int(50...100)) / 100)]
        }
    }

    /// The value of the cumulative objective for a set of columns: its cost (min cost) or the
    /// weight it covers (max coverage), with the instance's fixed columns on.
    static func coveredWeight(_ instance: CoveringInstance, _ columns: [Int]) -> Double {
        let counts = instance.coverCounts(of: columns)
        return (0..<instance.rowCount).reduce(0) { $0 + (counts[$1] > 0 ? instance.weights[$1] : 0) }
    }

    /// Checks one phase against brute force: optimal given the earlier phases (`fixed`), and its
    /// from-scratch bound and gap against the best plan for its limit alone. Returns whether nesting
    /// cost something on this phase (the nested plan is worse than that best plan).
    static func checkAgainstBruteForce(
        _ phase: NestedPhaseSolution, fixed: CoveringInstance, _ instance: CoveringInstance,
        _ objective: CoveringObjective, built: [Int]
    ) throws -> Bool {
        let covered = coveredWeight(instance, built)
        let spent = phase.cumulativeCost
        var nestingCost = false
        // Optimal given the earlier phases: equals brute force on the phase's own problem.
        let reference = bruteForce(fixed, phase.phaseObjective)
        let optimum = try #require(reference.value, "brute force finds the phase infeasible")
        #expect(
            abs(phase.solution.objectiveValue - optimum) < 1e-9,
            "\(phase.phaseObjective): got \(phase.solution.objectiveValue), optimum \(optimum)")
        // From scratch: brute force over every plan for this phase's limit alone.
        let scratch = try #require(bruteForce(instance, objective).value)
        if objective.isMaximisation {
            #expect(covered <= scratch + 1e-9, "a nested plan cannot beat the best plan")
            if let bound = phase.fromScratchBound { #expect(bound >= scratch - 1e-9) }
            if covered < scratch - 1e-9 { nestingCost = true }
        } else {
            #expect(spent >= scratch - 1e-9, "a nested plan cannot cost less than the best plan")
            if let bound = phase.fromScratchBound { #expect(bound <= scratch + 1e-9) }
            if spent > scratch + 1e-9 { nestingCost = true }
        }
        // The from-scratch gap bounds the true loss of nesting.
        if let gap = phase.fromScratchGap {
            let loss =
                objective.isMaximisation
                ? (scratch > 0 ? (scratch - covered) / scratch : 0)
                : (spent > 0 ? (spent - scratch) / spent : 0)
            #expect(gap >= loss - 1e-9, "gap \(gap) below the true nesting loss \(loss)")
        }
        return nestingCost
    }

    @Test("nested, each phase feasible and optimal given the earlier ones; from-scratch bounds bracket the optimum")
    func nestedAgainstBruteForce() throws {
        var random = TestRandom(seed: 17)
        var compared = 0
        var nestingCost = 0
        var failures = 0
        for _ in 0..<300 {
            guard let instance = randomSmallInstance(&random, maxColumns: 11) else { continue }
            let objectives = Self.phases(&random)
            let options = SolverOptions(threads: 1 + random.int(0...1), seed: random.next())
            let result: [NestedPhaseSolution]
            do {
                result = try solveNested(instance, phases: objectives, options: options)
            } catch {
                // The generator's limits never fall below what earlier phases built, so only the
                // solver can fail: a coverage target nothing reaches (earlier phases only add
                // columns, so brute force from scratch fails too), or must-cover rows beyond a
                // max-coverage phase's limits.
                guard case .solver = error.reason else {
                    Issue.record("unexpected failure: \(error)")
                    continue
                }
                if !objectives[error.phase].isMaximisation {
                    #expect(
                        bruteForce(instance, objectives[error.phase]).value == nil,
                        "the solver failed on phase \(error.phase) but brute force reaches its target")
                }
                failures += 1
                continue
            }
            #expect(result.count == objectives.count)
            var built: [Int] = []
            var spent = 0.0
            for (k, phase) in result.enumerated() {
                let fixed = built.isEmpty ? instance : instance.fixing(built)
                // Nested: this phase adds new columns only, none fixed or built before.
                #expect(Set(phase.solution.chosenColumns).isDisjoint(with: built + instance.fixedColumns))
                #expect(Set(phase.ranked) == Set(phase.solution.chosenColumns))
                let before = built
                built += phase.ranked
                #expect(Set(before).isSubset(of: Set(built)))
                spent += phase.solution.cost
                #expect(abs(phase.cumulativeCost - spent) < 1e-9)
                // The phase meets its cumulative limit, measured on every column built so far.
                let covered = Self.coveredWeight(instance, built)
                #expect(abs(covered - phase.solution.coveredWeight) < 1e-9)
                let counts = instance.coverCounts(of: built)
                for row in instance.mustCoverRows { #expect(counts[row] > 0) }
                switch objectives[k] {
                case .setCover: #expect(counts.allSatisfy { $0 > 0 })
                case .partialCover(let t):
                    #expect(covered >= t * instance.totalWeight - 1e-9 * max(1, instance.totalWeight))
                case .maxCoverage(let sites, let budget):
                    if let sites { #expect(built.count <= sites) }
                    if let budget { #expect(spent <= budget + 1e-9 * max(1, budget)) }
                }
                if try Self.checkAgainstBruteForce(phase, fixed: fixed, instance, objectives[k], built: built) {
                    nestingCost += 1
                }
                compared += 1
            }
            // The whole plan: every phase's columns, cumulative cost, the last phase's coverage.
            let whole = NestedPhaseSolution.wholePlan(result)
            #expect(whole.chosenColumns == built.sorted())
            #expect(abs(whole.cost - spent) < 1e-9)
        }
        #expect(compared >= 400, "phases compared: \(compared)")
        // Nesting does cost something on some instances, and the test sees it (so the from-scratch
        // comparison above is not vacuous).
        #expect(nestingCost > 0, "no instance where nesting costs anything")
        #expect(failures > 0, "no infeasible phase drawn")
    }

    @Test("limits below what earlier phases built are refused, naming the phase")
    func limitsBelowBuilt() throws {
        let instance = try CoveringInstance(
            rowCount: 4, columns: [[0], [1], [2], [3]], costs: [1, 2, 3, 4], weights: [1, 1, 1, 1])
        #expect(throws: NestedCoveringError(phase: 1, reason: .sitesBelowBuilt(limit: 1, built: 2))) {
            try solveNested(
                instance,
                phases: [.partialCover(targetFraction: 0.5), .maxCoverage(maxNewColumns: 1, budget: nil)])
        }
        #expect(throws: NestedCoveringError(phase: 1, reason: .budgetBelowSpent(limit: 2, spent: 3))) {
            try solveNested(
                instance, phases: [.partialCover(targetFraction: 0.5), .maxCoverage(maxNewColumns: nil, budget: 2)])
        }
        // Equal limits in two phases: the second phase builds nothing more.
        let same = try solveNested(
            instance,
            phases: [.maxCoverage(maxNewColumns: nil, budget: 5), .maxCoverage(maxNewColumns: nil, budget: 5)])
        #expect(same[1].solution.chosenColumns.isEmpty)
        #expect(same[0].solution.coveredWeight == 2) // two of the four columns fit a budget of 5
    }
}
