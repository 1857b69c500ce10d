import Support
import Testing

@testable import Optimizer

/// The Lagrangian phase merges rows with identical column lists (`CoreMatrix`). These tests check
/// the merge against an independent grouping, the multipliers it hands back against the
/// Lagrangian function evaluated directly on the instance, and the solver on instances made of
/// duplicated rows against brute force.
@Suite("Identical-row merging")
struct RowMergingTests {
    /// `base` random rows over `n` columns, each repeated 1–4 times with its own weight; some rows
    /// must be covered. Returns the instance with its rows shuffled.
    static func duplicatedInstance(_ random: inout TestRandom, n: Int, base: Int, mustChance: Double)
        -> CoveringInstance?
    {
        var patterns: [[Int]] = []
        for _ in 0..<base { patterns.append((0..<n).filter { _ in random.chance(0.3) }) }
        var rows: [[Int]] = []
        for p in patterns { for _ in 0..<random.int(1...4) { rows.append(p) } }
        for k in stride(from: rows.count - 1, to: 0, by: -1) { rows.swapAt(k, random.int(0...k)) }
        var columns = [[Int]](repeating: [], count: n)
        for (i, p) in rows.enumerated() { for j in p { columns[j].append(i) } }
        let weights = rows.map { _ in Double(random.int(0...20)) }
        let must = (0..<rows.count).filter { !rows[$0].isEmpty && random.chance(mustChance) }
        let costs = (0..<n).map { _ in Double(random.int(1...30)) }
        return try? CoveringInstance(
            rowCount: rows.count, columns: columns, costs: costs, weights: weights, mustCoverRows: must)
    }

    /// `L(u)` of the partial-cover relaxation on the instance's own rows (no merging), written out
    /// from its definition: `Σ_j min(0, c_j − Σ_{i∈j} u_i) + Σ_{i∈M} u_i + K(u)`, with `K` the
    /// continuous knapsack over the non-must rows, items taken by increasing `u_i / w_i`.
    static func lagrangianOnInstance(_ inst: CoveringInstance, u: [Double], target: Double, must: Set<Int>) -> Double {
        var value = 0.0
        for j in 0..<inst.columnCount {
            var reduced = inst.costs[j]
            for k in inst.columnStarts[j]..<inst.columnStarts[j + 1] { reduced -= u[Int(inst.columnRows[k])] }
            value += min(0, reduced)
        }
        var mustWeight = 0.0
        for i in must {
            value += u[i]
            mustWeight += inst.weights[i]
        }
        var need = target - mustWeight
        let items = (0..<inst.rowCount).filter { !must.contains($0) && inst.weights[$0] > 0 }
            .sorted { u[$0] / inst.weights[$0] < u[$1] / inst.weights[$1] }
        for i in items where need > 0 {
            let take = min(1, need / inst.weights[i])
            value += take * u[i]
            need -= take * inst.weights[i]
        }
        return value
    }

    @Test("rows with the same columns become one row: weights summed, must when any member must, columns kept")
    func mergesLikeAnIndependentGrouping() throws {
        var random = TestRandom(seed: 31)
        var merged = 0
        for _ in 0..<50 {
            guard
                let inst = Self.duplicatedInstance(
                    &random, n: random.int(3...10), base: random.int(2...12), mustChance: 0.2),
                let problem = try? CoverProblem(inst, objective: .partialCover(targetFraction: 0.6))
            else { continue }
            let relevant = RelevantRows(state: CoverState(problem: problem))
            let core = CoreMatrix(
                problem: problem, columns: (0..<inst.columnCount).map { Int32($0) }, relevant: relevant)
            // Independent grouping of the relevant rows by their column lists.
            var groups: [[UInt32]: [Int32]] = [:]
            for i in relevant.rows {
                groups[Array(inst.rowColumns[inst.rowStarts[Int(i)]..<inst.rowStarts[Int(i) + 1]]), default: []].append(
                    i)
            }
            #expect(core.rowCount == groups.count)
            #expect(core.unmergedRowCount == relevant.rows.count)
            #expect(core.memberRows.sorted() == relevant.rows)
            for r in 0..<core.rowCount {
                let members = Array(core.memberRows[core.memberStarts[r]..<core.memberStarts[r + 1]])
                #expect(members == members.sorted())
                let key = Array(inst.rowColumns[inst.rowStarts[Int(members[0])]..<inst.rowStarts[Int(members[0]) + 1]])
                #expect(groups[key] == members)
                #expect(core.weights[r] == members.reduce(0.0) { $0 + inst.weights[Int($1)] })
                #expect(core.isMust[r] == (members.contains { problem.isMust[Int($0)] == 1 } ? 1 : 0))
                let localColumns = core.rowColumns[core.rowStarts[r]..<core.rowStarts[r + 1]].map {
                    Int(core.columnOriginal[Int($0)])
                }
                #expect(localColumns == key.map { Int($0) })
                if r > 0 { #expect(core.memberRows[core.memberStarts[r - 1]] < members[0]) }
            }
            merged += relevant.rows.count - core.rowCount
        }
        #expect(merged > 100)
    }

    @Test("multipliers handed back to the instance give the same Lagrangian value as on the merged rows")
    func multipliersKeepTheBound() throws {
        var random = TestRandom(seed: 8)
        var checked = 0
        for _ in 0..<60 {
            guard
                let inst = Self.duplicatedInstance(
                    &random, n: random.int(3...10), base: random.int(2...12), mustChance: 0.15)
            else { continue }
            let fraction = Double(random.int(20...90)) / 100
            guard let problem = try? CoverProblem(inst, objective: .partialCover(targetFraction: fraction)) else {
                continue
            }
            let relevant = RelevantRows(state: CoverState(problem: problem))
            let core = CoreMatrix(
                problem: problem, columns: (0..<inst.columnCount).map { Int32($0) }, relevant: relevant)
            var lag = MinCostLagrangian(core: core, parallel: Parallel(threads: 1))
            lag.u = (0..<core.rowCount).map { _ in Double(random.int(0...40)) / 4 }
            let merged = lag.evaluate().value
            let u = core.instanceMultipliers(
                lag.u, instanceRowCount: inst.rowCount, isMust: problem.isMust, weights: inst.weights)
            let must = Set((0..<inst.rowCount).filter { problem.isMust[$0] == 1 })
            let direct = Self.lagrangianOnInstance(inst, u: u, target: problem.targetWeight, must: must)
            #expect(abs(merged - direct) < 1e-9 * max(1, abs(direct)), "merged \(merged), on the instance \(direct)")
            checked += 1
        }
        #expect(checked >= 40)
    }

    @Test("on instances of duplicated rows the solver still finds the brute-force optimum and its bound stays below it")
    func duplicatedRowsAgainstBruteForce() throws {
        var random = TestRandom(seed: 4242)
        var compared = 0
        for _ in 0..<150 {
            guard
                let inst = Self.duplicatedInstance(
                    &random, n: random.int(4...12), base: random.int(3...15), mustChance: 0.1)
            else { continue }
            for objective in [
                CoveringObjective.setCover, .partialCover(targetFraction: Double(random.int(30...95)) / 100),
            ] {
                guard let optimum = bruteForce(inst, objective).value else { continue }
                var options = SolverOptions(threads: 2, seed: 3)
                options.exactSearchMaxColumns = 0 // the Lagrangian heuristic and bound, not enumeration
                let s = try checkedSolve(inst, objective: objective, options: options)
                BruteForceTests.checkFeasible(s, inst, objective)
                #expect(s.cost >= optimum - 1e-9)
                if let lb = s.lowerBound {
                    #expect(lb <= optimum + 1e-9, "bound \(lb) above the optimum \(optimum) (\(objective))")
                }
                let exact = try checkedSolve(inst, objective: objective, options: SolverOptions(threads: 1))
                #expect(abs(exact.cost - optimum) < 1e-9)
                compared += 1
            }
        }
        #expect(compared >= 150)
    }
}
