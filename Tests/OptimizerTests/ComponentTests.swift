import Foundation
import Support
import Testing

@testable import Optimizer

@Suite("Components")
struct ComponentTests {
    @Test("CoverState keeps counts, sole coverers and critical weights exact through random moves")
    func coverStateInvariants() throws {
        var random = TestRandom(seed: 31)
        for _ in 0..<40 {
            guard let inst = randomSmallInstance(&random) else { continue }
            let problem = try CoverProblem(inst, objective: .partialCover(targetFraction: 0.5))
            var state = CoverState(problem: problem)
            for _ in 0..<60 {
                let j = random.int(0...(inst.columnCount - 1))
                if problem.isFixed[j] == 1 { continue }
                if state.isChosen[j] == 1 { state.remove(j) } else { state.add(j) }
                #expect(throws: Never.self) { try state.checkInvariants() }
                for i in 0..<inst.rowCount where state.count[i] == 1 {
                    let j = state.soleCoverer(ofRow: i)
                    #expect(inst.rows(ofColumn: j).contains(UInt32(i)))
                }
            }
        }
    }

    @Test("the continuous covering knapsack equals a sorted reference solution")
    func knapsack() {
        var random = TestRandom(seed: 8)
        var solver = CoveringKnapsack()
        for _ in 0..<300 {
            let n = random.int(1...40)
            let u = (0..<n).map { _ in Double(random.int(0...30)) }
            let w = (0..<n).map { _ in Double(random.int(1...10)) }
            let target = Double(random.int(0...(10 * n)))
            let rows = (0..<n).map { Int32($0) }
            let result = u.withUnsafeBufferPointer { uu in
                w.withUnsafeBufferPointer { ww in solver.solve(rows: rows, u: uu, w: ww, target: target) }
            }
            // Reference: Dantzig's greedy on a full sort.
            let order = (0..<n).sorted { u[$0] / w[$0] < u[$1] / w[$1] }
            var need = target
            var value = 0.0
            for i in order where need > 0 {
                let take = min(1, need / w[i])
                value += take * u[i]
                need -= take * w[i]
            }
            if need > 1e-9 {
                #expect(!result.feasible)
            } else {
                #expect(result.feasible)
                #expect(abs(result.value - value) < 1e-6 * max(1, value), "got \(result.value), expected \(value)")
            }
        }
    }

    @Test("the submodular bound at any set is at least the brute-force max-coverage optimum")
    func submodularBound() throws {
        var random = TestRandom(seed: 12)
        var checked = 0
        for _ in 0..<200 {
            guard let inst = randomSmallInstance(&random, withExtras: false) else { continue }
            let objective = CoveringObjective.maxCoverage(
                maxNewColumns: random.int(1...4), budget: random.chance(0.5) ? Double(random.int(5...40)) : nil)
            guard let optimum = bruteForce(inst, objective).value else { continue }
            let problem = try CoverProblem(inst, objective: objective)
            let set = (0..<inst.columnCount).filter { _ in random.chance(0.3) }
            let state = CoverState(problem: problem, columns: set)
            let bound = MaxCoverageBounds.submodular(state, parallel: Parallel(threads: 1))
            #expect(bound >= optimum - 1e-9)
            let lagrangian = MaxCoverageBounds.lagrangian(
                CoverState(problem: problem), parallel: Parallel(threads: 1), iterations: 50,
                clock: SolveClock(limitSeconds: 60))
            #expect(lagrangian >= optimum - 1e-9)
            checked += 1
        }
        #expect(checked > 100)
    }

    @Test(
        "the bound from the min-cost side is at least the brute-force max-coverage optimum (budget, K, must rows, fixed columns)"
    )
    func minCostSideBound() throws {
        var random = TestRandom(seed: 21)
        var checked = 0
        var tighter = 0
        for _ in 0..<300 {
            guard let inst = randomSmallInstance(&random, maxColumns: 14) else { continue }
            let objective: CoveringObjective
            switch random.int(0...2) {
            case 0: objective = .maxCoverage(maxNewColumns: random.int(1...5), budget: nil)
            case 1: objective = .maxCoverage(maxNewColumns: nil, budget: Double(random.int(5...60)))
            default: objective = .maxCoverage(maxNewColumns: random.int(1...4), budget: Double(random.int(5...50)))
            }
            guard let optimum = bruteForce(inst, objective).value,
                let problem = try? CoverProblem(inst, objective: objective)
            else { continue }
            let result = try #require(
                MaxCoverageBounds.viaMinCost(
                    problem: problem, parallel: Parallel(threads: 1 + random.int(0...1)),
                    iterations: 200, clock: SolveClock(limitSeconds: 60)))
            #expect(result.bound >= optimum - 1e-9, "bound \(result.bound) below the optimum \(optimum) (\(objective))")
            #expect(result.bound <= inst.totalWeight + 1e-9)
            let submodular = MaxCoverageBounds.submodular(CoverState(problem: problem), parallel: Parallel(threads: 1))
            if result.bound < submodular - 1e-9 { tighter += 1 }
            checked += 1
        }
        #expect(checked > 200)
        #expect(tighter > 20) // it does bite: below the submodular bound at the empty set on many instances
        // Neither a budget nor a column limit: no bound from this side.
        let open = try CoverProblem(
            try CoveringInstance(rowCount: 2, columns: [[0], [1]]),
            objective: .maxCoverage(maxNewColumns: nil, budget: nil))
        #expect(
            MaxCoverageBounds.viaMinCost(
                problem: open, parallel: Parallel(threads: 1), iterations: 10, clock: SolveClock(limitSeconds: 60))
                == nil)
    }

    @Test("the OR-Library reader handles both layouts, 1-based ids and unit weights")
    func orlibLayouts() throws {
        let rowOriented = Array("2 3\n 5 1 2\n2 1 3\n1 2\n".utf8)
        let a = try ORLibraryReader.parse(bytes: rowOriented, file: "a.txt", layout: .rowOriented)
        #expect(a.rowCount == 2 && a.columnCount == 3)
        #expect(a.costs == [5, 1, 2])
        #expect(
            Array(a.rows(ofColumn: 0)) == [0] && Array(a.rows(ofColumn: 1)) == [1] && Array(a.rows(ofColumn: 2)) == [0])
        #expect(a.weights == [1, 1])
        let columnOriented = Array("2 2\n3 2 1 2\n4 1 2\n".utf8)
        let b = try ORLibraryReader.parse(bytes: columnOriented, file: "rail.txt", layout: .columnOriented)
        #expect(b.costs == [3, 4])
        #expect(Array(b.rows(ofColumn: 0)) == [0, 1] && Array(b.rows(ofColumn: 1)) == [1])
    }

    @Test("reader errors name the file, the line, what was expected and what was found")
    func readerErrors() {
        func message(_ text: String) -> String {
            do {
                _ = try ORLibraryReader.parse(bytes: Array(text.utf8), file: "x.txt", layout: .rowOriented)
                return ""
            } catch { return error.description }
        }
        #expect(
            message("2 3\n1 1 1\n1 4\n")
                == "x.txt:3: expected column index covering row 1 (an integer in 1...3), found 4")
        #expect(message("2 3\n1 1 one\n").hasPrefix("x.txt:2: expected cost of column 3 of 3"))
        #expect(message("2 1\n1\n1 1\n1 1\n9\n").contains("expected end of file"))
        #expect(message("2 1\n1\n1 1\n").contains("found end of file"))
        do {
            _ = try JSONInstanceReader.parse(
                data: Data(#"{"weights":[1,2],"cover":[[0],[1]],"costs":[1]}"#.utf8), file: "j.json")
            Issue.record("expected an error")
        } catch {
            #expect(
                error.description.contains("j.json") && error.description.contains("'costs' with one entry per column"))
        }
        do {
            _ = try JSONInstanceReader.parse(data: Data(#"{"weights":[1,-2],"cover":[]}"#.utf8), file: "j.json")
            Issue.record("expected an error")
        } catch {
            #expect(error.description.contains("'weights[1]'"))
        }
    }

    @Test("the JSON reader accepts the issue's format with optional members")
    func jsonFormat() throws {
        let text =
            #"{"weights":[3,1,2],"cover":[[0,2],[1],[2,1]],"costs":[2,1,1.5],"fixed":[1],"must_cover":[0],"p":2,"budget":4.5,"name":"t","extra":true}"#
        let file = try JSONInstanceReader.parse(data: Data(text.utf8), file: "t.json")
        #expect(file.instance.rowCount == 3 && file.instance.columnCount == 3)
        #expect(file.instance.fixedColumns == [1] && file.instance.mustCoverRows == [0])
        #expect(file.sites == 2 && file.budget == 4.5 && file.name == "t")
        #expect(Array(file.instance.rows(ofColumn: 2)) == [1, 2])
    }

    @Test("max coverage with must-cover rows that cannot fit K is reported, proven by exhaustive search")
    func mustCoverInfeasible() throws {
        let inst = try CoveringInstance(rowCount: 3, columns: [[0], [1], [2]], mustCoverRows: [0, 1])
        do {
            _ = try checkedSolve(inst, objective: .maxCoverage(maxNewColumns: 1, budget: nil))
            Issue.record("expected an error")
        } catch {
            guard case .mustCoverExceedsLimits(let rows, let columns, _, let proven) = error else {
                Issue.record("unexpected \(error)")
                return
            }
            #expect(rows == 2 && columns == 2 && proven)
            #expect(error.description.contains("(proven)"))
        }
        let ok = try checkedSolve(inst, objective: .maxCoverage(maxNewColumns: 2, budget: nil))
        #expect(ok.chosenColumns == [0, 1])
    }
}
