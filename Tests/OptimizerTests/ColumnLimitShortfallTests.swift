import Testing

@testable import Optimizer

/// Max coverage asked for K columns and got fewer (issue 14: "asking for 20 sites silently returned
/// 7"): the solution says why, and the reason is checked against the instance.
@Suite("Max coverage: fewer columns than the limit")
struct ColumnLimitShortfallTests {
    @Test("two columns cover every coverable row: 2 of 5 chosen, nothing else adds coverage (brute force agrees)")
    func nothingAdds() throws {
        let instance = try CoveringInstance(
            rowCount: 6, columns: [[0, 1, 2], [3, 4], [1, 2], [4], [0]], costs: [1, 1, 1, 1, 1],
            weights: [1, 1, 1, 1, 1, 7])
        let objective = CoveringObjective.maxCoverage(maxNewColumns: 5, budget: nil)
        let solution = try solveCovering(instance, objective: objective, options: SolverOptions(threads: 1))
        #expect(solution.coveredWeight == 5)
        #expect(solution.coveredWeight == bruteForce(instance, objective).value)
        #expect(solution.chosenColumns.count == 2)
        let shortfall = try #require(solution.columnLimitShortfall)
        #expect(shortfall.limit == 5 && shortfall.chosen == 2 && shortfall.reason == .nothingAddsCoverage)
    }

    @Test("a budget that leaves no room for the last useful column: the budget is the reason")
    func budget() throws {
        let instance = try CoveringInstance(
            rowCount: 3, columns: [[0], [1], [2]], costs: [1, 1, 10], weights: [1, 1, 5])
        let objective = CoveringObjective.maxCoverage(maxNewColumns: 3, budget: 2)
        let solution = try solveCovering(instance, objective: objective, options: SolverOptions(threads: 1))
        #expect(solution.coveredWeight == bruteForce(instance, objective).value)
        #expect(solution.columnLimitShortfall?.reason == .budget)
    }

    @Test("the limit used in full, or no limit: no shortfall")
    func none() throws {
        let instance = try CoveringInstance(rowCount: 4, columns: [[0], [1], [2], [3]])
        let limited = try solveCovering(
            instance, objective: .maxCoverage(maxNewColumns: 2, budget: nil), options: SolverOptions(threads: 1))
        #expect(limited.chosenColumns.count == 2 && limited.columnLimitShortfall == nil)
        let budgetOnly = try solveCovering(
            instance, objective: .maxCoverage(maxNewColumns: nil, budget: 10), options: SolverOptions(threads: 1))
        #expect(budgetOnly.columnLimitShortfall == nil)
    }
}
