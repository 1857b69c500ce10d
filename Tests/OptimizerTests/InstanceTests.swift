import Testing

@testable import Optimizer

@Suite("CoveringInstance")
struct InstanceTests {
    @Test("the transpose lists, per row, exactly the columns covering it, ascending")
    func transposeMatchesColumns() throws {
        var random = TestRandom(seed: 7)
        for _ in 0..<50 {
            guard let inst = randomSmallInstance(&random) else { continue }
            for i in 0..<inst.rowCount {
                let expected = (0..<inst.columnCount).filter { inst.rows(ofColumn: $0).contains(UInt32(i)) }
                #expect(inst.columns(ofRow: i).map(Int.init) == expected)
            }
        }
    }

    @Test("unsorted columns with duplicates are normalised")
    func normalisesColumns() throws {
        let inst = try CoveringInstance(rowCount: 4, columns: [[3, 1, 1, 0], [2]])
        #expect(Array(inst.rows(ofColumn: 0)) == [0, 1, 3])
        #expect(inst.nonzeroCount == 4)
        #expect(inst.totalWeight == 4)
    }

    @Test("malformed arrays are rejected with a message naming the problem")
    func rejectsMalformed() {
        #expect(throws: OptimizerError.self) { try CoveringInstance(rowCount: 2, columns: [[2]]) }
        #expect(throws: OptimizerError.self) {
            try CoveringInstance(rowCount: 2, columnStarts: [0, 1], columnRows: [0, 1], costs: [1], weights: [1, 1])
        }
        #expect(throws: OptimizerError.self) { try CoveringInstance(rowCount: 1, columns: [[0]], costs: [-1]) }
        #expect(throws: OptimizerError.self) { try CoveringInstance(rowCount: 1, columns: [[0]], weights: [.nan]) }
        #expect(throws: OptimizerError.self) { try CoveringInstance(rowCount: 1, columns: [[0]], fixedColumns: [1]) }
        #expect(throws: OptimizerError.self) { try CoveringInstance(rowCount: 1, columns: [[0]], mustCoverRows: [3]) }
        do {
            _ = try CoveringInstance(rowCount: 2, columns: [[0], [5]])
            Issue.record("expected an error")
        } catch {
            #expect(error.description.contains("column 1 lists row 5"))
        }
    }
}
