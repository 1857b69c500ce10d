import Testing

@testable import Optimizer

/// The solver against the brute-force reference on hundreds of random instances with ≤ 12 columns.
@Suite("Brute-force reference")
struct BruteForceTests {
    /// Objectives drawn for one instance: set cover, partial cover, and max coverage with K, a budget, or both.
    static func objectives(_ random: inout TestRandom) -> [CoveringObjective] {
        [
            .setCover,
            .partialCover(targetFraction: Double(random.int(0...100)) / 100),
            .maxCoverage(maxNewColumns: random.int(0...5), budget: nil),
            .maxCoverage(maxNewColumns: nil, budget: Double(random.int(0...60))),
            .maxCoverage(maxNewColumns: random.int(1...4), budget: Double(random.int(5...50))),
        ]
    }

    /// Checks feasibility of a reported solution under the objective's semantics.
    static func checkFeasible(_ s: CoveringSolution, _ inst: CoveringInstance, _ objective: CoveringObjective) {
        let counts = inst.coverCounts(of: s.chosenColumns)
        #expect(s.chosenColumns == s.chosenColumns.sorted())
        #expect(Set(s.chosenColumns).count == s.chosenColumns.count)
        #expect(Set(s.chosenColumns).isDisjoint(with: inst.fixedColumns))
        for i in inst.mustCoverRows { #expect(counts[i] > 0, "must row \(i) uncovered") }
        switch objective {
        case .setCover: #expect(counts.allSatisfy { $0 > 0 })
        case .partialCover(let t): #expect(s.coveredWeight >= t * inst.totalWeight - 1e-9 * max(1, inst.totalWeight))
        case .maxCoverage(let k, let b):
            if let k { #expect(s.chosenColumns.count <= k) }
            if let b { #expect(s.cost <= b + 1e-9 * max(1, b)) }
        }
        let cost = s.chosenColumns.reduce(0.0) { $0 + inst.costs[$1] }
        #expect(abs(cost - s.cost) < 1e-9)
    }

    @Test("every result equals the brute-force optimum, and the bounds bracket it (default options)")
    func equalsBruteForce() throws {
        var random = TestRandom(seed: 2024)
        var compared = 0
        var infeasible = 0
        for _ in 0..<400 {
            guard let inst = randomSmallInstance(&random) else { continue }
            for objective in Self.objectives(&random) {
                let reference = bruteForce(inst, objective)
                let options = SolverOptions(threads: 1 + random.int(0...1), seed: random.next())
                do {
                    let s = try checkedSolve(inst, objective: objective, options: options)
                    guard let optimum = reference.value else {
                        Issue.record("solver returned a solution for an infeasible instance (\(objective))")
                        continue
                    }
                    Self.checkFeasible(s, inst, objective)
                    #expect(
                        abs(s.objectiveValue - optimum) < 1e-9,
                        "\(objective): got \(s.objectiveValue), optimum \(optimum)")
                    if let lb = s.lowerBound, !objective.isMaximisation { #expect(lb <= optimum + 1e-9) }
                    if let ub = s.upperBound, objective.isMaximisation { #expect(ub >= optimum - 1e-9) }
                    #expect(s.gap != nil)
                    compared += 1
                } catch {
                    #expect(
                        reference.value == nil,
                        "solver failed (\(error)) but brute force found \(reference.value ?? .nan)")
                    infeasible += 1
                }
            }
        }
        #expect(compared >= 1500)
        #expect(infeasible > 0) // the generator does produce infeasible cases, and they are reported
    }

    @Test(
        "with exact search off, the heuristics alone stay feasible, bounds stay valid, and almost always hit the optimum"
    )
    func heuristicsAlone() throws {
        var random = TestRandom(seed: 77)
        var compared = 0
        var optimal = 0
        for _ in 0..<400 {
            guard let inst = randomSmallInstance(&random) else { continue }
            for objective in Self.objectives(&random) {
                let reference = bruteForce(inst, objective)
                var options = SolverOptions(threads: 2, seed: 5)
                options.exactSearchMaxColumns = 0
                guard let s = try? checkedSolve(inst, objective: objective, options: options) else { continue }
                guard let optimum = reference.value else {
                    Issue.record("solution for an infeasible instance")
                    continue
                }
                Self.checkFeasible(s, inst, objective)
                if objective.isMaximisation {
                    #expect(s.objectiveValue <= optimum + 1e-9)
                    if let ub = s.upperBound {
                        #expect(ub >= optimum - 1e-9, "upper bound \(ub) below the optimum \(optimum)")
                    }
                } else {
                    #expect(s.objectiveValue >= optimum - 1e-9)
                    if let lb = s.lowerBound {
                        #expect(lb <= optimum + 1e-9, "lower bound \(lb) above the optimum \(optimum)")
                    }
                }
                compared += 1
                if abs(s.objectiveValue - optimum) < 1e-9 { optimal += 1 }
            }
        }
        #expect(compared >= 1300)
        #expect(Double(optimal) >= 0.95 * Double(compared), "heuristics optimal on \(optimal) of \(compared)")
        print("heuristics alone: optimal on \(optimal) of \(compared) random instances")
    }

    @Test("the partial-cover Lagrangian bound never exceeds the brute-force optimum on larger instances")
    func partialCoverBoundValid() throws {
        var random = TestRandom(seed: 99)
        var checked = 0
        for _ in 0..<60 {
            let m = random.int(20...60)
            let n = random.int(13...16)
            var columns: [[Int]] = []
            for _ in 0..<n { columns.append((0..<m).filter { _ in random.chance(0.25) }) }
            let costs = (0..<n).map { _ in Double(random.int(1...40)) }
            let weights = (0..<m).map { _ in Double(random.int(1...30)) }
            let must = random.chance(0.5) ? [random.int(0...(m - 1))] : []
            guard
                let inst = try? CoveringInstance(
                    rowCount: m, columns: columns, costs: costs, weights: weights, mustCoverRows: must)
            else { continue }
            let objective = CoveringObjective.partialCover(targetFraction: Double(random.int(50...95)) / 100)
            guard let optimum = bruteForce(inst, objective).value else { continue }
            var options = SolverOptions(threads: 2)
            options.exactSearchMaxColumns = 0
            let s = try checkedSolve(inst, objective: objective, options: options)
            let lb = try #require(s.lowerBound)
            #expect(lb <= optimum + 1e-9, "bound \(lb) > optimum \(optimum)")
            #expect(s.cost >= optimum - 1e-9)
            // The gap is the one its definition gives (CoveringSolution), from the reported figures.
            let gap = try #require(s.gap)
            #expect(
                abs(gap - (s.cost > 0 ? (s.cost - lb) / s.cost : 0)) < 1e-12, "gap \(gap), cost \(s.cost), bound \(lb)")
            checked += 1
        }
        #expect(checked >= 40)
    }

    @Test("the fixture tiny30x10_p3 (optimum 508 by enumeration) is solved exactly")
    func tinyFixture() throws {
        // Inlined from ../shared/benchmarks/mclp/tiny30x10_p3.json so the test runs everywhere.
        let weights: [Double] = [
            38, 40, 28, 19, 15, 21, 39, 28, 10, 13, 10, 22, 15, 7, 32, 35, 17, 5, 20, 14, 19, 11, 2, 7, 42, 27, 27, 10,
            34, 37,
        ]
        let cover = [
            [0, 5, 9, 13, 15, 17, 25, 26, 28], [1, 11, 18, 22, 23], [3, 6, 7, 10, 12, 20, 26, 29],
            [1, 5, 9, 17, 22, 23, 27, 28],
            [3, 7, 10, 12, 14, 20, 24], [3, 14, 20, 24], [4, 6, 9, 10, 12, 15, 20, 23, 26, 27, 28, 29],
            [0, 2, 13, 16, 19],
            [0, 5, 9, 13, 16, 17, 21, 25], [0, 4, 9, 13, 15, 25, 26],
        ]
        let inst = try CoveringInstance(rowCount: 30, columns: cover, weights: weights)
        let s = try checkedSolve(
            inst, objective: .maxCoverage(maxNewColumns: 3, budget: nil), options: SolverOptions(threads: 2))
        #expect(s.coveredWeight == 508)
        #expect(s.chosenColumns == [4, 6, 8])
        #expect(s.gap == 0)
        #expect(bruteForce(inst, .maxCoverage(maxNewColumns: 3, budget: nil)).value == 508)
    }
}
