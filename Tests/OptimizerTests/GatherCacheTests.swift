import Support
import Testing

@testable import Optimizer

/// The local searches' gathers read from `GatherCache` against gathering them anew
/// (`TouchedColumns.gather`): the same gain and touched columns bit for bit after any sequence of
/// changes, and the same local optima with and without the cache.
@Suite("Local search: gathers kept between passes")
struct GatherCacheTests {
    /// A disc grid (`WarmStartTests.grid`) with a few fixed columns and must rows.
    static func instance(_ random: inout TestRandom, _ k: Int) throws -> CoveringInstance {
        let grid = try WarmStartTests.grid(&random, width: 12 + k % 5, height: 9, discs: 36)
        let columns = (0..<grid.columnCount).map { grid.rows(ofColumn: $0).map { Int($0) } }
        let fixed = (0..<grid.columnCount).filter { _ in random.chance(0.05) }
        let must = (0..<grid.rowCount).filter { _ in random.chance(k % 2 == 0 ? 0.1 : 0) }
        return try CoveringInstance(
            rowCount: grid.rowCount, columns: columns, costs: grid.costs, weights: grid.weights, fixedColumns: fixed,
            mustCoverRows: must)
    }

    /// What a gather of `k` on `state` gave: gain, then per touched column (first-touch order) its
    /// id, shared weight and must rows; doubles as bit patterns.
    static func record(_ gain: Double, _ touched: TouchedColumns) -> [UInt64] {
        var result = [gain.bitPattern]
        for t in 0..<touched.count {
            result += [UInt64(touched.columns[t]), touched.weight[t].bitPattern, UInt64(touched.must[t])]
        }
        return result
    }

    @Test("cached gathers equal fresh ones after random adds and removes, for both problems on the instance")
    func sameGathers() throws {
        var random = TestRandom(seed: 15_90)
        var reads = 0
        for k in 0..<12 {
            let instance = try Self.instance(&random, k)
            let problems = [
                try CoverProblem(instance, objective: .partialCover(targetFraction: 0.8)),
                try CoverProblem(instance, objective: .maxCoverage(maxNewColumns: 8, budget: nil)),
            ]
            let cache = GatherCache(instance: instance)
            var state = CoverState(problem: problems[0])
            for step in 0..<30 {
                // A few random changes, then every candidate read through the cache (twice: the
                // second read comes from the entry the first one kept).
                for _ in 0..<random.int(0...3) {
                    let j = random.int(0...(instance.columnCount - 1))
                    guard problems[0].isFixed[j] == 0 else { continue }
                    if state.isChosen[j] == 1 { state.remove(j) } else { state.add(j) }
                }
                let viewed = CoverState(problem: problems[step % 2], columns: state.sortedChosen)
                cache.refresh(viewed, parallel: Parallel(threads: 1 + step % 2))
                var fresh = TouchedColumns()
                var cached = TouchedColumns()
                for j in 0..<instance.columnCount where random.chance(0.7) {
                    let expected = Self.record(fresh.gather(adding: j, to: viewed), fresh)
                    for _ in 0..<2 {
                        let got = Self.record(cache.gather(adding: j, to: viewed, into: &cached), cached)
                        #expect(got == expected, "case \(k) step \(step) column \(j)")
                        for t in 0..<fresh.count { #expect(cached.contains(fresh.columns[t])) }
                        reads += 1
                    }
                }
            }
        }
        #expect(reads > 5_000)
    }

    @Test("the local searches and the slack exchange reach the same plans with and without the cache")
    func sameLocalOptima() throws {
        var random = TestRandom(seed: 15_91)
        for k in 0..<16 {
            let instance = try Self.instance(&random, k)
            let problem = try CoverProblem(instance, objective: .partialCover(targetFraction: 0.85))
            let cache = GatherCache(instance: instance)
            for start in 0..<4 {
                // A random feasible start: columns in random order until the target holds.
                var begin = CoverState(problem: problem)
                for j in (0..<instance.columnCount).filter({ _ in random.chance(0.5) })
                    + Array(0..<instance.columnCount)
                where !begin.isFeasibleMinCost && begin.isChosen[j] == 0 && problem.isFixed[j] == 0 {
                    begin.add(j)
                }
                guard begin.isFeasibleMinCost else { continue }
                let parallel = Parallel(threads: 1 + start % 2)
                var plain = begin
                var cached = begin
                let a = MinCostLocalSearch.improve(&plain, parallel: parallel, maxPasses: 20)
                let b = MinCostLocalSearch.improve(&cached, parallel: parallel, maxPasses: 20, cache: cache)
                #expect(a.moves == b.moves && a.passes == b.passes, "case \(k) start \(start)")
                #expect(plain.sortedChosen == cached.sortedChosen, "case \(k) start \(start)")
                let c = SlackExchange.improve(&plain, parallel: parallel, maxRounds: 10, passesPerRound: 5)
                let d = SlackExchange.improve(
                    &cached, parallel: parallel, maxRounds: 10, passesPerRound: 5, cache: cache)
                #expect(c.rounds == d.rounds && c.passes == d.passes, "case \(k) start \(start), slack exchange")
                #expect(plain.sortedChosen == cached.sortedChosen, "case \(k) start \(start), slack exchange")
                #expect(plain.cost.bitPattern == cached.cost.bitPattern, "case \(k) start \(start)")
            }
        }
    }
}
