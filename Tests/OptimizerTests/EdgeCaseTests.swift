import Testing

@testable import Optimizer

@Suite("Edge cases")
struct EdgeCaseTests {
    static let objectives: [CoveringObjective] = [
        .setCover, .partialCover(targetFraction: 0), .partialCover(targetFraction: 1),
        .maxCoverage(maxNewColumns: 0, budget: nil), .maxCoverage(maxNewColumns: 100, budget: nil),
        .maxCoverage(maxNewColumns: nil, budget: 0), .maxCoverage(maxNewColumns: nil, budget: nil),
    ]

    @Test("empty instances, zero limits and everything fixed give sensible, gap-0 answers")
    func degenerate() throws {
        let empty = try CoveringInstance(rowCount: 0, columns: [])
        for objective in Self.objectives {
            let s = try checkedSolve(empty, objective: objective)
            #expect(s.chosenColumns.isEmpty && s.cost == 0 && s.gap == 0)
        }
        let allFixed = try CoveringInstance(rowCount: 3, columns: [[0, 1, 2], [1]], costs: [5, 1], fixedColumns: [0])
        for objective in Self.objectives {
            let s = try checkedSolve(allFixed, objective: objective)
            #expect(s.chosenColumns.isEmpty, "\(objective)")
            #expect(s.coveredWeight == 3)
            #expect(s.gap == 0)
        }
        let free = try CoveringInstance(rowCount: 2, columns: [[0], [1]], costs: [0, 0])
        let s = try checkedSolve(free, objective: .setCover)
        #expect(s.chosenColumns == [0, 1] && s.cost == 0 && s.gap == 0)
        let none = try CoveringInstance(rowCount: 2, columns: [[0], [1]])
        let zero = try checkedSolve(none, objective: .maxCoverage(maxNewColumns: 0, budget: nil))
        #expect(zero.chosenColumns.isEmpty && zero.coveredWeight == 0)
    }

    @Test("invalid objectives and options are rejected before any work")
    func invalid() throws {
        let inst = try CoveringInstance(rowCount: 1, columns: [[0]])
        #expect(throws: OptimizerError.self) { try checkedSolve(inst, objective: .partialCover(targetFraction: 1.5)) }
        #expect(throws: OptimizerError.self) {
            try checkedSolve(inst, objective: .maxCoverage(maxNewColumns: -1, budget: nil))
        }
        #expect(throws: OptimizerError.self) {
            try checkedSolve(inst, objective: .maxCoverage(maxNewColumns: nil, budget: .nan))
        }
        #expect(throws: OptimizerError.self) {
            try checkedSolve(inst, objective: .setCover, options: SolverOptions(threads: 0))
        }
        #expect(throws: OptimizerError.self) {
            try checkedSolve(inst, objective: .setCover, options: SolverOptions(timeLimitSeconds: 0))
        }
    }

    @Test("a tiny time limit stops early, says so, and still returns a feasible solution")
    func timeLimit() throws {
        var random = TestRandom(seed: 44)
        var columns: [[Int]] = []
        for _ in 0..<3000 { columns.append((0..<400).filter { _ in random.chance(0.03) }) }
        for i in 0..<400 { columns[i].append(i) }
        let inst = try CoveringInstance(
            rowCount: 400, columns: columns, costs: (0..<3000).map { _ in Double(random.int(1...100)) })
        let s = try checkedSolve(
            inst, objective: .setCover, options: SolverOptions(threads: 2, timeLimitSeconds: 0.001))
        #expect(s.stoppedByTimeLimit)
        #expect(inst.uncoveredRows(given: s.chosenColumns).isEmpty)
    }
}
