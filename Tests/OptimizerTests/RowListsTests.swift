import Testing

@testable import Optimizer

/// Instances built without row lists (`CoveringInstance(…, rowLists: false)`, the planning
/// pipeline's): the column-wise classes of identical rows against a brute-force grouping of the
/// rows' column lists, and every solve against the same solve of the instance with row lists.
@Suite("Row lists")
struct RowListsTests {
    /// A random matrix with repeated row patterns (`PresolveTests.instance`), at times with
    /// packing conflicts, some of them with a fixed column (so that some columns are forbidden).
    static func instance(_ random: inout TestRandom) -> CoveringInstance? {
        guard let base = PresolveTests.instance(&random) else { return nil }
        var packing: ColumnPacking?
        if random.chance(0.4) {
            let pairs = (0..<random.int(1...4)).map { _ in
                (random.int(0...(base.columnCount - 1)), random.int(0...(base.columnCount - 1)))
            }.filter { $0.0 != $0.1 }
            packing = try? ColumnPacking(
                locationOfColumn: Array(0..<base.columnCount), conflictingLocations: pairs)
        }
        return try? CoveringInstance(
            rowCount: base.rowCount, columnStarts: base.columnStarts, columnRows: base.columnRows,
            costs: base.costs, weights: base.weights, fixedColumns: base.fixedColumns,
            mustCoverRows: base.mustCoverRows, packing: packing)
    }

    /// `inst` built again from its columns without row lists.
    static func withoutRowLists(_ inst: CoveringInstance) throws -> CoveringInstance {
        try CoveringInstance(
            rowCount: inst.rowCount, columnStarts: inst.columnStarts, columnRows: inst.columnRows, costs: inst.costs,
            weights: inst.weights, fixedColumns: inst.fixedColumns, mustCoverRows: inst.mustCoverRows,
            packing: inst.packing, rowLists: false)
    }

    @Test("identical-row classes read by column are the classes of equal column lists, numbered by first row")
    func identicalRowsByColumn() {
        var random = TestRandom(seed: 1507)
        var merged = 0
        for _ in 0..<300 {
            guard let inst = Self.instance(&random) else { continue }
            let classes = CoreMatrix.identicalRows(
                rowCount: inst.rowCount, columnStarts: inst.columnStarts, columnRows: inst.columnRows)
            // Brute force: each row's list compared with the lists of the classes seen so far.
            var lists: [[UInt32]] = []
            var expectedClass: [Int32] = []
            var expectedFirst: [Int32] = []
            for i in 0..<inst.rowCount {
                let list = Array(inst.columns(ofRow: i))
                if let c = lists.firstIndex(of: list) {
                    expectedClass.append(Int32(c))
                } else {
                    expectedClass.append(Int32(lists.count))
                    expectedFirst.append(Int32(i))
                    lists.append(list)
                }
            }
            #expect(classes.classOf == expectedClass)
            #expect(classes.representatives == expectedFirst)
            if lists.count < inst.rowCount { merged += 1 }
        }
        #expect(merged > 200)
    }

    @Test("an instance without row lists has none, builds the init's transpose on demand and appends rows alike")
    func buildOnDemand() throws {
        var random = TestRandom(seed: 1508)
        for _ in 0..<100 {
            guard var full = Self.instance(&random) else { continue }
            var bare = try Self.withoutRowLists(full)
            #expect(!bare.hasRowLists && bare.rowStarts.isEmpty && bare.rowColumns.isEmpty)
            #expect(full.hasRowLists)
            let transpose = (starts: full.rowStarts, columns: full.rowColumns)
            var appended = bare
            let newRows = [[UInt32(0)], [UInt32(bare.columnCount - 1), 0]]
            try appended.appendRows(newRows, weights: [1, 2], mustCover: false)
            try full.appendRows(newRows, weights: [1, 2], mustCover: false)
            #expect(appended.rowStarts == full.rowStarts && appended.rowColumns == full.rowColumns)
            #expect(appended.columnStarts == full.columnStarts && appended.columnRows == full.columnRows)
            bare.buildRowLists()
            #expect(bare.hasRowLists)
            #expect(bare.rowStarts == transpose.starts && bare.rowColumns == transpose.columns)
        }
    }

    @Test("every solve, and every infeasibility error, is the same with and without row lists")
    func sameSolve() throws {
        var random = TestRandom(seed: 1509)
        var solved = 0
        var failed = 0
        for _ in 0..<200 {
            guard let full = Self.instance(&random) else { continue }
            let bare = try Self.withoutRowLists(full)
            #expect(!bare.hasRowLists && full.hasRowLists)
            for objective in BruteForceTests.objectives(&random) {
                var options = SolverOptions(threads: 1 + random.int(0...1), seed: 5)
                options.exactSearchMaxColumns = random.chance(0.5) ? 0 : options.exactSearchMaxColumns
                options.presolve = random.chance(0.8)
                do {
                    let a = try solveCovering(bare, objective: objective, options: options)
                    let b = try solveCovering(full, objective: objective, options: options)
                    #expect(a.chosenColumns == b.chosenColumns)
                    #expect(a.cost == b.cost && a.coveredWeight == b.coveredWeight)
                    #expect(a.lowerBound == b.lowerBound && a.upperBound == b.upperBound)
                    #expect(a.statistics.activeRows == b.statistics.activeRows)
                    #expect(a.statistics.presolvedRows == b.statistics.presolvedRows)
                    solved += 1
                } catch {
                    var other: OptimizerError?
                    do { _ = try solveCovering(full, objective: objective, options: options) } catch { other = error }
                    #expect(other.map { "\($0)" } == "\(error)")
                    failed += 1
                }
            }
        }
        #expect(solved > 300)
        #expect(failed > 0)
    }
}
