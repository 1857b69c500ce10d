import Testing

@testable import Optimizer

/// `CoveringInstance.appendRows` against the instance the initialiser builds from the same columns
/// with the new rows after each column's own (what constraint generation used to rebuild each round).
@Suite("CoveringInstance.appendRows")
struct AppendRowsTests {
    @Test("rows appended in rounds give the instance built from scratch: columns, transpose, weights, must rows")
    func matchesFreshInstance() throws {
        var random = TestRandom(seed: 15)
        var compared = 0
        for trial in 0..<200 {
            guard var grown = randomSmallInstance(&random) else { continue }
            let base = grown
            var columns = (0..<base.columnCount).map { base.rows(ofColumn: $0).map(Int.init) }
            var weights = base.weights
            var must = base.mustCoverRows
            for _ in 0..<random.int(1...3) {
                // Rows given unsorted and with repeats: each is a set of columns.
                let rows: [[UInt32]] = (0..<random.int(0...4)).map { _ in
                    (0..<random.int(0...5)).map { _ in UInt32(random.int(0...(base.columnCount - 1))) }
                }
                let rowWeights = rows.map { _ in Double(random.int(0...3)) }
                let mustCover = random.chance(0.5)
                let first = grown.rowCount
                try grown.appendRows(rows, weights: rowWeights, mustCover: mustCover)
                for (r, row) in rows.enumerated() {
                    for j in Set(row).sorted() { columns[Int(j)].append(first + r) }
                    weights.append(rowWeights[r])
                    if mustCover { must.append(first + r) }
                }
            }
            let fresh = try CoveringInstance(
                rowCount: weights.count, columns: columns, costs: base.costs, weights: weights,
                fixedColumns: base.fixedColumns, mustCoverRows: must)
            #expect(grown.rowCount == fresh.rowCount, "trial \(trial)")
            #expect(grown.columnStarts == fresh.columnStarts, "trial \(trial)")
            #expect(grown.columnRows == fresh.columnRows, "trial \(trial)")
            #expect(grown.rowStarts == fresh.rowStarts, "trial \(trial)")
            #expect(grown.rowColumns == fresh.rowColumns, "trial \(trial)")
            #expect(grown.weights == fresh.weights, "trial \(trial)")
            #expect(grown.totalWeight == fresh.totalWeight, "trial \(trial)")
            #expect(grown.mustCoverRows == fresh.mustCoverRows, "trial \(trial)")
            #expect(grown.fixedColumns == fresh.fixedColumns && grown.costs == fresh.costs, "trial \(trial)")
            // The instance it grew from shared its arrays, and is unchanged (copy on write).
            let baseColumns = columns.map { $0.filter { $0 < base.rowCount } }
            #expect((0..<base.columnCount).allSatisfy { base.rows(ofColumn: $0).map(Int.init) == baseColumns[$0] })
            #expect(base.rowStarts.count == base.rowCount + 1 && base.weights.count == base.rowCount)
            compared += 1
        }
        #expect(compared >= 150)
    }

    @Test("a column out of range, a bad weight or a weight per row missing is refused and changes nothing")
    func rejectsMalformed() throws {
        var instance = try CoveringInstance(rowCount: 2, columns: [[0], [1]])
        let before = instance
        #expect(throws: OptimizerError.self) { try instance.appendRows([[2]], weights: [0], mustCover: true) }
        #expect(throws: OptimizerError.self) { try instance.appendRows([[0]], weights: [-1], mustCover: true) }
        #expect(throws: OptimizerError.self) { try instance.appendRows([[0]], weights: [.nan], mustCover: false) }
        #expect(throws: OptimizerError.self) { try instance.appendRows([[0], [1]], weights: [0], mustCover: true) }
        #expect(instance.rowCount == before.rowCount && instance.columnRows == before.columnRows)
        #expect(instance.rowColumns == before.rowColumns && instance.mustCoverRows == before.mustCoverRows)
    }
}
