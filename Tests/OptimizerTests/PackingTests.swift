import Testing

@testable import Optimizer

/// Packing side constraints (location groups, conflicting locations, minimum spacing) against a
/// brute-force reference that models them with its own data, not with `ColumnPacking`.
@Suite("Packing constraints: groups, conflicts, spacing")
struct PackingTests {
    /// A random small instance with locations: every column sits at one of a few locations (so
    /// several columns share one: "site types"), and some location pairs conflict.
    struct Case {
        let instance: CoveringInstance
        let location: [Int]
        let pairs: Set<[Int]>

        /// The test's own conflict model: same location, or a listed pair.
        func conflict(_ j: Int, _ k: Int) -> Bool {
            let a = location[j]
            let b = location[k]
            return a == b || pairs.contains([min(a, b), max(a, b)])
        }
    }

    static func randomCase(_ random: inout TestRandom) -> Case? {
        guard let base = randomSmallInstance(&random) else { return nil }
        let n = base.columnCount
        let locations = random.int(1...max(1, n))
        let location = (0..<n).map { _ in random.int(0...(locations - 1)) }
        var pairs = Set<[Int]>()
        for a in 0..<locations {
            for b in (a + 1)..<max(a + 1, locations) where random.chance(0.2) { pairs.insert([a, b]) }
        }
        guard
            let packing = try? ColumnPacking(
                locationOfColumn: location, locationCount: locations,
                conflictingLocations: pairs.map { ($0[0], $0[1]) })
        else { return nil }
        let columns = (0..<n).map { j in base.rows(ofColumn: j).map { Int($0) } }
        guard
            let instance = try? CoveringInstance(
                rowCount: base.rowCount, columns: columns, costs: base.costs, weights: base.weights,
                fixedColumns: base.fixedColumns, mustCoverRows: base.mustCoverRows, packing: packing)
        else { return nil }
        return Case(instance: instance, location: location, pairs: pairs)
    }

    /// No two chosen columns, and no chosen and fixed column, conflict (checked with the test's model).
    static func expectPackingKept(_ s: CoveringSolution, _ c: Case) {
        let chosen = s.chosenColumns
        for (a, j) in chosen.enumerated() {
            for k in chosen[(a + 1)...] { #expect(!c.conflict(j, k), "chosen columns \(j) and \(k) conflict") }
            for k in c.instance.fixedColumns {
                #expect(!c.conflict(j, k), "chosen column \(j) conflicts with fixed column \(k)")
            }
        }
    }

    @Test(
        "with groups and conflicts, every result equals the brute-force optimum and never breaks a packing constraint")
    func equalsBruteForce() throws {
        var random = TestRandom(seed: 808)
        var compared = 0
        var infeasible = 0
        for _ in 0..<400 {
            guard let c = Self.randomCase(&random) else { continue }
            for objective in BruteForceTests.objectives(&random) {
                let reference = bruteForce(c.instance, objective, conflict: c.conflict)
                let options = SolverOptions(threads: 1 + random.int(0...1), seed: random.next())
                do {
                    let s = try checkedSolve(c.instance, objective: objective, options: options)
                    guard let optimum = reference.value else {
                        Issue.record(
                            "solver returned a solution for an instance infeasible under packing (\(objective))")
                        continue
                    }
                    BruteForceTests.checkFeasible(s, c.instance, objective)
                    Self.expectPackingKept(s, c)
                    #expect(
                        abs(s.objectiveValue - optimum) < 1e-9,
                        "\(objective): got \(s.objectiveValue), optimum \(optimum)")
                    if let lb = s.lowerBound, !objective.isMaximisation { #expect(lb <= optimum + 1e-9) }
                    if let ub = s.upperBound, objective.isMaximisation { #expect(ub >= optimum - 1e-9) }
                    compared += 1
                } catch {
                    #expect(
                        reference.value == nil,
                        "solver failed (\(error)) but brute force found \(reference.value ?? .nan)")
                    infeasible += 1
                }
            }
        }
        #expect(compared >= 1200)
        #expect(infeasible > 0)
    }

    @Test(
        "with exact search off, greedy, local search and the Lagrangian heuristic keep every packing constraint and valid bounds"
    )
    func heuristicsKeepPacking() throws {
        var random = TestRandom(seed: 909)
        var compared = 0
        var optimal = 0
        for _ in 0..<400 {
            guard let c = Self.randomCase(&random) else { continue }
            for objective in BruteForceTests.objectives(&random) {
                let reference = bruteForce(c.instance, objective, conflict: c.conflict)
                var options = SolverOptions(threads: 2, seed: 3)
                options.exactSearchMaxColumns = 0
                guard let s = try? checkedSolve(c.instance, objective: objective, options: options) else { continue }
                guard let optimum = reference.value else {
                    Issue.record("solution for an instance infeasible under packing")
                    continue
                }
                BruteForceTests.checkFeasible(s, c.instance, objective)
                Self.expectPackingKept(s, c)
                if objective.isMaximisation {
                    #expect(s.objectiveValue <= optimum + 1e-9)
                    if let ub = s.upperBound { #expect(ub >= optimum - 1e-9) }
                } else {
                    #expect(s.objectiveValue >= optimum - 1e-9)
                    if let lb = s.lowerBound {
                        #expect(lb <= optimum + 1e-9, "lower bound \(lb) above the optimum \(optimum)")
                    }
                }
                if c.instance.packing != nil && !s.provenOptimal { #expect(!s.boundAccountsForPacking) }
                compared += 1
                if abs(s.objectiveValue - optimum) < 1e-9 { optimal += 1 }
            }
        }
        #expect(compared >= 1000)
        #expect(Double(optimal) >= 0.85 * Double(compared), "heuristics optimal on \(optimal) of \(compared)")
        print("packing, heuristics alone: optimal on \(optimal) of \(compared) random instances")
    }

    @Test(
        "spatial conflicts equal the brute-force distance test (≤ spacing conflicts, > spacing does not) on random and integer points"
    )
    func spacingNeighbours() throws {
        var random = TestRandom(seed: 31)
        for round in 0..<20 {
            let count = random.int(1...300)
            let integer = round % 2 == 0
            let x = (0..<count).map { _ in integer ? Double(random.int(0...60)) : Double(random.int(0...100_000)) / 1000
            }
            let y = (0..<count).map { _ in integer ? Double(random.int(0...60)) : Double(random.int(0...100_000)) / 1000
            }
            let spacing = integer ? 10.0 : Double(random.int(0...30))
            let packing = try ColumnPacking(locationOfColumn: Array(0..<count), x: x, y: y, minimumSpacing: spacing)
            for a in 0..<count {
                var found: [Int] = []
                packing.forEachConflict(ofLocation: a) { found.append($0) }
                let expected = (0..<count).filter { b in
                    let dx = x[a] - x[b]
                    let dy = y[a] - y[b]
                    return dx * dx + dy * dy <= spacing * spacing
                }
                #expect(found.sorted() == expected, "location \(a)")
            }
        }
        // Exactly at the spacing conflicts; just beyond does not (√101 > 10 on the integer grid).
        let packing = try ColumnPacking(
            locationOfColumn: [0, 1, 2], x: [0, 10, 10], y: [0, 0, 1], minimumSpacing: 10)
        #expect(packing.locationsConflict(0, 1))
        #expect(!packing.locationsConflict(0, 2))
    }

    @Test(
        "a lattice with a minimum spacing: no two chosen sites within the spacing, same columns for 1, 2 and 3 threads")
    func latticeSpacing() throws {
        // Demand points on a 40 × 40 integer lattice (every third point, weights varying), candidate
        // sites of two types (radius 3 cost 1; radius 7 cost 6) at every lattice point, spacing 4.
        var random = TestRandom(seed: 4)
        var points: [(Int, Int, Double)] = []
        for y in stride(from: 0, to: 40, by: 2) {
            for x in stride(from: 0, to: 40, by: 3) { points.append((x, y, Double(random.int(1...20)))) }
        }
        var columns: [[Int]] = []
        var costs: [Double] = []
        var location: [Int] = []
        var xs: [Double] = []
        var ys: [Double] = []
        for y in 0..<40 {
            for x in 0..<40 {
                xs.append(Double(x))
                ys.append(Double(y))
                for (radius, cost) in [(3, 1.0), (7, 6.0)] {
                    columns.append(
                        points.indices.filter {
                            let p = points[$0]
                            return (p.0 - x) * (p.0 - x) + (p.1 - y) * (p.1 - y) <= radius * radius
                        })
                    costs.append(cost)
                    location.append(y * 40 + x)
                }
            }
        }
        let packing = try ColumnPacking(locationOfColumn: location, x: xs, y: ys, minimumSpacing: 4)
        let instance = try CoveringInstance(
            rowCount: points.count, columns: columns, costs: costs, weights: points.map(\.2), packing: packing)
        var results: [[Int]] = []
        for threads in [1, 2, 3] {
            let s = try checkedSolve(
                instance, objective: .partialCover(targetFraction: 0.9),
                options: SolverOptions(threads: threads, effort: 0.3))
            #expect(s.coveredFraction >= 0.9 - 1e-9)
            for (a, j) in s.chosenColumns.enumerated() {
                for k in s.chosenColumns[(a + 1)...] {
                    let dx = xs[location[j]] - xs[location[k]]
                    let dy = ys[location[j]] - ys[location[k]]
                    #expect(dx * dx + dy * dy > 16, "sites \(j) and \(k) are \((dx * dx + dy * dy).squareRoot()) apart")
                }
            }
            #expect(packing.violations(columns: s.chosenColumns).isEmpty)
            #expect(!s.boundAccountsForPacking || s.provenOptimal)
            results.append(s.chosenColumns)
        }
        #expect(results[0] == results[1])
        #expect(results[0] == results[2])
    }

    @Test("fixed columns forbid the free columns they conflict with; rows only they could cover are unreachable")
    func fixedColumnsForbid() throws {
        // Column 0 fixed at location 0; column 1 at location 0 too (same place), column 2 conflicts
        // through a pair; column 3 is free. Row 1 is covered only by column 1.
        let packing = try ColumnPacking(locationOfColumn: [0, 0, 1, 2], conflictingLocations: [(0, 1)])
        let instance = try CoveringInstance(
            rowCount: 3, columns: [[0], [1], [2], [2]], costs: [0, 1, 1, 5], fixedColumns: [0], packing: packing)
        let s = try checkedSolve(
            instance, objective: .partialCover(targetFraction: 2.0 / 3), options: SolverOptions(threads: 1))
        #expect(s.chosenColumns == [3])
        #expect(throws: OptimizerError.self) { try checkedSolve(instance, objective: .setCover) }
    }

    @Test(
        "the Lagrangian certificate extends the bound to omitted columns: L(u) + Σ min(0, reduced cost) ≤ the full optimum"
    )
    func certificateExtendsBound() throws {
        var random = TestRandom(seed: 515)
        var checked = 0
        for _ in 0..<80 {
            let m = random.int(15...40)
            let n = random.int(10...16)
            var columns: [[Int]] = []
            for _ in 0..<n { columns.append((0..<m).filter { _ in random.chance(0.3) }) }
            let costs = (0..<n).map { _ in Double(random.int(1...20)) }
            let weights = (0..<m).map { _ in Double(random.int(1...30)) }
            let objective = CoveringObjective.partialCover(targetFraction: Double(random.int(40...90)) / 100)
            let full = try CoveringInstance(rowCount: m, columns: columns, costs: costs, weights: weights)
            guard let optimum = bruteForce(full, objective).value else { continue }
            // Leave out a third of the columns; bound the full problem from the rest.
            let kept = (0..<n).filter { $0 % 3 != 0 }
            let part = try CoveringInstance(
                rowCount: m, columns: kept.map { columns[$0] }, costs: kept.map { costs[$0] }, weights: weights)
            var options = SolverOptions(threads: 1)
            options.exactSearchMaxColumns = 0
            guard let s = try? checkedSolve(part, objective: objective, options: options),
                let certificate = s.lagrangianCertificate
            else { continue }
            var bound = certificate.value
            for j in 0..<n where j % 3 == 0 {
                let reduced = costs[j] - columns[j].reduce(0.0) { $0 + certificate.multipliers[$1] }
                bound += min(0, reduced)
            }
            bound = LagrangianCertificate.rounded(bound, costUnit: CostUnit(count: 1, decimals: 0))
            #expect(bound <= optimum + 1e-9, "extended bound \(bound) above the full optimum \(optimum)")
            #expect(certificate.multipliers.allSatisfy { $0 >= 0 })
            checked += 1
        }
        #expect(checked >= 40)
    }
}
