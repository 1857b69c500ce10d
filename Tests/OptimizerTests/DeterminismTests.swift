import Testing

@testable import Optimizer

/// Results must not depend on the thread count, and the same seed must give the same result.
@Suite("Determinism")
struct DeterminismTests {
    /// A medium random instance (large enough for the parallel paths to run in parallel).
    static func medium(seed: UInt64, fixed: Bool, must: Bool) throws -> CoveringInstance {
        var random = TestRandom(seed: seed)
        let m = 4000
        let n = 700
        var starts = [0]
        var rows: [UInt32] = []
        for _ in 0..<n {
            let centre = random.int(0...(m - 1))
            for i in max(0, centre - 60)...min(m - 1, centre + 60) where random.chance(0.35) { rows.append(UInt32(i)) }
            starts.append(rows.count)
        }
        let costs = (0..<n).map { _ in Double(random.int(1...20)) }
        let weights = (0..<m).map { _ in Double(random.int(1...9)) }
        return try CoveringInstance(
            rowCount: m, columnStarts: starts, columnRows: rows, costs: costs, weights: weights,
            fixedColumns: fixed ? [0, 5, 9] : [], mustCoverRows: must ? [10, 2000, 3999] : [])
    }

    static let objectives: [CoveringObjective] = [
        .partialCover(targetFraction: 0.9),
        .maxCoverage(maxNewColumns: 40, budget: nil),
        .maxCoverage(maxNewColumns: nil, budget: 120),
    ]

    @Test("threads 1, 2 and 3 give bit-identical solutions and bounds", arguments: [false, true])
    func threadCounts(extras: Bool) throws {
        let instance = try Self.medium(seed: 3, fixed: extras, must: extras)
        for objective in Self.objectives {
            var results: [CoveringSolution] = []
            for threads in [1, 2, 3] {
                results.append(
                    try checkedSolve(instance, objective: objective, options: SolverOptions(threads: threads, seed: 9))
                )
            }
            for s in results.dropFirst() {
                #expect(s.chosenColumns == results[0].chosenColumns, "\(objective)")
                #expect(s.lowerBound == results[0].lowerBound)
                #expect(s.upperBound == results[0].upperBound)
                #expect(s.statistics == results[0].statistics)
            }
            #expect(!results[0].stoppedByTimeLimit)
        }
    }

    @Test("set cover: threads 1 and 2 identical, and the same seed repeats the same run")
    func setCoverRepeat() throws {
        var random = TestRandom(seed: 5)
        var columns: [[Int]] = []
        for _ in 0..<600 { columns.append((0..<150).filter { _ in random.chance(0.04) }) }
        for i in 0..<150 { columns[i % 600].append(i) } // every row coverable
        let costs = (0..<600).map { _ in Double(random.int(1...100)) }
        let instance = try CoveringInstance(rowCount: 150, columns: columns, costs: costs)
        let a = try checkedSolve(instance, objective: .setCover, options: SolverOptions(threads: 1, seed: 4))
        let b = try checkedSolve(instance, objective: .setCover, options: SolverOptions(threads: 2, seed: 4))
        let c = try checkedSolve(instance, objective: .setCover, options: SolverOptions(threads: 2, seed: 4))
        #expect(a.chosenColumns == b.chosenColumns)
        #expect(b.chosenColumns == c.chosenColumns)
        #expect(a.lowerBound == b.lowerBound)
        #expect(a.statistics.subgradientIterations == b.statistics.subgradientIterations)
        #expect(a.statistics.subgradientIterations > 0)
    }
}
