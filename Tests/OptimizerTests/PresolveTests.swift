import Testing

@testable import Optimizer

/// The exact presolve of `solveCovering` (`Presolve`): the reduced instance against an independent
/// count of its rows, solves with and without it against brute force, and the Lagrangian
/// certificate it maps back against `L(u)` written out on the original rows.
@Suite("Presolve")
struct PresolveTests {
    /// A random instance of repeated row patterns (`RowMergingTests.duplicatedInstance`) with, at
    /// times, one or two fixed columns.
    static func instance(_ random: inout TestRandom) -> CoveringInstance? {
        guard
            let base = RowMergingTests.duplicatedInstance(
                &random, n: random.int(2...10), base: random.int(1...6), mustChance: 0.15)
        else { return nil }
        let fixed =
            random.chance(0.4) ? (0..<random.int(1...2)).map { _ in random.int(0...(base.columnCount - 1)) } : []
        let columns = (0..<base.columnCount).map { base.rows(ofColumn: $0).map(Int.init) }
        return try? CoveringInstance(
            rowCount: base.rowCount, columns: columns, costs: base.costs, weights: base.weights,
            fixedColumns: fixed, mustCoverRows: base.mustCoverRows)
    }

    /// Rows the presolve should keep, counted independently: distinct column lists among rows not
    /// covered by a fixed column that carry weight or must be covered (a list counts when any of
    /// its rows does), plus one row for all rows a fixed column covers when they carry anything.
    static func expectedRows(_ inst: CoveringInstance, allMust: Bool) -> Int {
        let fixed = Set(inst.fixedColumns)
        let must = Set(inst.mustCoverRows)
        var lists: Set<[UInt32]> = []
        var fixedCarries = false
        for i in 0..<inst.rowCount {
            let carries = inst.weights[i] > 0 || allMust || must.contains(i)
            let list = Array(inst.columns(ofRow: i))
            if list.contains(where: { fixed.contains(Int($0)) }) {
                fixedCarries = fixedCarries || carries
            } else if carries {
                lists.insert(list)
            }
        }
        return lists.count + (fixedCarries ? 1 : 0)
    }

    @Test(
        "the reduced instance has one row per distinct column list (plus one for fixed coverage) and the same total weight"
    )
    func rowCounts() {
        var random = TestRandom(seed: 515)
        var reduced = 0
        for _ in 0..<300 {
            guard let inst = Self.instance(&random) else { continue }
            for objective in [CoveringObjective.setCover, .partialCover(targetFraction: 0.7)] {
                let expected = Self.expectedRows(inst, allMust: objective == .setCover)
                guard let presolve = Presolve.reduce(inst, objective: objective) else {
                    #expect(expected >= inst.rowCount, "no presolve although \(expected) < \(inst.rowCount) rows")
                    continue
                }
                reduced += 1
                #expect(presolve.reduced.rowCount == expected)
                #expect(abs(presolve.reduced.totalWeight - inst.totalWeight) <= 1e-9 * max(1, inst.totalWeight))
                #expect(presolve.reduced.fixedColumns == inst.fixedColumns)
                #expect(presolve.reduced.columnCount == inst.columnCount)
            }
        }
        #expect(reduced > 200)
    }

    @Test("with and without presolve: feasible, bounds bracketing the brute-force optimum, almost always at it")
    func sameOptimum() throws {
        var random = TestRandom(seed: 516)
        var compared = 0
        var optimal = (presolved: 0, plain: 0)
        for _ in 0..<200 {
            guard let inst = Self.instance(&random) else { continue }
            for objective in BruteForceTests.objectives(&random) {
                let reference = bruteForce(inst, objective)
                // Exact search off: the heuristics and bounds themselves run on the reduced instance.
                var plain = SolverOptions(threads: 1 + random.int(0...1), seed: 3)
                plain.exactSearchMaxColumns = 0
                plain.presolve = false
                var presolved = plain
                presolved.presolve = true
                guard let optimum = reference.value else {
                    #expect(throws: OptimizerError.self) {
                        try solveCovering(inst, objective: objective, options: presolved)
                    }
                    continue
                }
                // Without exact search a must cover that fits K may go unfound (as in `heuristicsAlone`).
                guard let a = try? checkedSolve(inst, objective: objective, options: presolved),
                    let b = try? solveCovering(inst, objective: objective, options: plain)
                else { continue }
                BruteForceTests.checkFeasible(a, inst, objective)
                #expect(a.coveredRowCount == inst.coverCounts(of: a.chosenColumns).filter { $0 > 0 }.count)
                #expect(a.totalWeight == inst.totalWeight)
                if objective.isMaximisation {
                    #expect(a.objectiveValue <= optimum + 1e-9)
                    if let ub = a.upperBound { #expect(ub >= optimum - 1e-9) }
                } else {
                    #expect(a.objectiveValue >= optimum - 1e-9)
                    if let lb = a.lowerBound { #expect(lb <= optimum + 1e-9) }
                }
                compared += 1
                if abs(a.objectiveValue - optimum) < 1e-9 { optimal.presolved += 1 }
                if abs(b.objectiveValue - optimum) < 1e-9 { optimal.plain += 1 }
            }
        }
        #expect(compared > 500)
        #expect(
            Double(optimal.presolved) >= 0.95 * Double(compared),
            "presolved optimal on \(optimal.presolved) of \(compared)")
        #expect(
            optimal.presolved >= optimal.plain - compared / 100,
            "presolved \(optimal.presolved), plain \(optimal.plain)")
    }

    @Test("the certificate mapped to the original rows gives the same L(u) there, at most the optimum")
    func certificateOnOriginalRows() throws {
        var random = TestRandom(seed: 517)
        var checked = 0
        for _ in 0..<200 {
            guard let inst = Self.instance(&random) else { continue }
            let t = Double(random.int(30...100)) / 100
            var options = SolverOptions(threads: 1, seed: 1)
            options.exactSearchMaxColumns = 0
            guard let s = try? solveCovering(inst, objective: .partialCover(targetFraction: t), options: options),
                let certificate = s.lagrangianCertificate
            else { continue }
            #expect(certificate.multipliers.count == inst.rowCount)
            // L(u) on the original instance, with fixed columns' coverage given: their rows are
            // covered for free and count toward the target (the certificate gives them u = 0).
            let counts = inst.coverCounts(of: [])
            var free = inst
            let coveredByFixed = (0..<inst.rowCount).filter { counts[$0] > 0 }
            for i in coveredByFixed { #expect(certificate.multipliers[i] == 0) }
            let fixedWeight = coveredByFixed.reduce(0.0) { $0 + inst.weights[$1] }
            let must = Set(inst.mustCoverRows).subtracting(coveredByFixed)
            let columns = (0..<inst.columnCount).map { j in
                inst.fixedColumns.contains(j) ? [] : inst.rows(ofColumn: j).map(Int.init).filter { counts[$0] == 0 }
            }
            let weights = (0..<inst.rowCount).map { counts[$0] > 0 ? 0 : inst.weights[$0] }
            free = try CoveringInstance(rowCount: inst.rowCount, columns: columns, costs: inst.costs, weights: weights)
            let target = t * inst.totalWeight - 1e-9 * max(1, inst.totalWeight) - fixedWeight
            let direct = RowMergingTests.lagrangianOnInstance(
                free, u: certificate.multipliers, target: target, must: must)
            #expect(
                abs(direct - certificate.value) <= 1e-6 * max(1, abs(direct)), "L(u) \(direct) vs \(certificate.value)")
            #expect(certificate.value <= (bruteForce(inst, .partialCover(targetFraction: t)).value ?? .infinity) + 1e-9)
            checked += 1
        }
        #expect(checked > 50)
    }
}
