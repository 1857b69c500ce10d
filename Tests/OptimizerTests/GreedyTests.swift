import Testing

@testable import Optimizer

@Suite("Lazy greedy")
struct GreedyTests {
    @Test("greedy-only solutions are feasible for every objective and reported consistently")
    func greedyFeasible() throws {
        var random = TestRandom(seed: 11)
        var checked = 0
        for _ in 0..<300 {
            guard let inst = randomSmallInstance(&random) else { continue }
            let t = Double(random.int(0...100)) / 100
            let objectives: [CoveringObjective] = [
                .setCover, .partialCover(targetFraction: t),
                .maxCoverage(maxNewColumns: random.int(0...4), budget: nil),
                .maxCoverage(maxNewColumns: nil, budget: Double(random.int(0...40))),
            ]
            for objective in objectives {
                let reference = bruteForce(inst, objective)
                do {
                    let s = try checkedSolve(inst, objective: objective, options: .greedyOnly())
                    #expect(reference.value != nil, "solver found a solution the brute force calls infeasible")
                    let counts = inst.coverCounts(of: s.chosenColumns)
                    #expect(s.chosenColumns == s.chosenColumns.sorted())
                    #expect(Set(s.chosenColumns).isDisjoint(with: inst.fixedColumns))
                    for i in inst.mustCoverRows { #expect(counts[i] > 0) }
                    switch objective {
                    case .setCover: #expect(counts.allSatisfy { $0 > 0 })
                    case .partialCover(let t):
                        #expect(s.coveredWeight >= t * inst.totalWeight - 1e-9 * max(1, inst.totalWeight))
                    case .maxCoverage(let k, let b):
                        if let k { #expect(s.chosenColumns.count <= k) }
                        if let b { #expect(s.cost <= b + 1e-9) }
                    }
                    if let v = reference.value {
                        if objective.isMaximisation {
                            #expect(s.objectiveValue <= v + 1e-9)
                        } else {
                            #expect(s.objectiveValue >= v - 1e-9)
                        }
                    }
                    checked += 1
                } catch {
                    // Min-cost infeasibility must be real; max-coverage must-cover failure may be heuristic.
                    if !objective.isMaximisation { #expect(reference.value == nil, "\(error)") }
                }
            }
        }
        #expect(checked > 500)
    }

    @Test("set cover with an uncoverable row names it")
    func uncoverable() throws {
        let inst = try CoveringInstance(rowCount: 3, columns: [[0], [1]])
        #expect(throws: OptimizerError.uncoverableRows(rows: [2], count: 1)) {
            try checkedSolve(inst, objective: .setCover, options: .greedyOnly())
        }
    }

    @Test("an unreachable partial-cover target reports the best reachable fraction")
    func unreachableTarget() throws {
        let inst = try CoveringInstance(rowCount: 4, columns: [[0], [1]], weights: [1, 1, 1, 1])
        #expect(throws: OptimizerError.infeasibleTarget(targetFraction: 0.9, bestReachableFraction: 0.5)) {
            try checkedSolve(inst, objective: .partialCover(targetFraction: 0.9), options: .greedyOnly())
        }
    }

    @Test("fixed columns are free and count toward coverage")
    func fixedColumnsCount() throws {
        let inst = try CoveringInstance(
            rowCount: 3, columns: [[0, 1], [2], [0, 1, 2]], costs: [5, 1, 100], fixedColumns: [0])
        let s = try checkedSolve(inst, objective: .setCover, options: .greedyOnly())
        #expect(s.chosenColumns == [1])
        #expect(s.cost == 1)
        #expect(s.fixedColumns == [0])
        #expect(s.coveredWeight == 3)
    }
}
