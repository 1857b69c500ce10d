import Testing

@testable import Optimizer

/// The consistency checks after every solver phase (`PhaseChecks`, `CoverState.checkInvariants`):
/// that they run on every phase the solver has, find nothing on correct runs, and do fail on a
/// broken state or an infeasible selection. (The brute-force, packing, greedy and row-merging
/// suites solve through `checkedSolve`, so every one of their instances is checked the same way.)
@Suite("Consistency checks after every phase")
struct PhaseCheckTests {
    static let minCostPhases: Set = [
        "greedy", "redundancy", "local search", "slack exchange", "lagrangian heuristic",
        "lagrangian: redundancy", "lagrangian: local search", "exact search",
    ]
    static let maxCoveragePhases: Set = [
        "must rows", "greedy", "greedy per cost", "redundancy", "local search", "lagrangian heuristic",
        "lagrangian: local search", "exact search",
    ]

    /// Solves with checks on and returns what was checked.
    static func checks(
        _ instance: CoveringInstance, _ objective: CoveringObjective, _ options: SolverOptions
    ) -> PhaseChecks? {
        var checks: PhaseChecks? = PhaseChecks()
        guard (try? solveCovering(instance, objective: objective, options: options, checks: &checks)) != nil else {
            return nil
        }
        return checks
    }

    @Test("every phase of min-cost and max-coverage solves is checked, with and without packing, and holds")
    func everyPhaseChecked() throws {
        var random = TestRandom(seed: 77)
        var seen: [Bool: [String: Int]] = [false: [:], true: [:]]
        var solves = 0
        for round in 0..<240 {
            // Up to 40 columns: the heuristics run without the exact search (exactSearchMaxColumns 0)
            // or with it (the default, ≤ 20 relevant columns).
            guard let base = randomSmallInstance(&random, maxColumns: 40) else { continue }
            let instance = round % 2 == 0 ? base : try Self.withPacking(base, &random)
            let objectives: [CoveringObjective] = [
                .setCover, .partialCover(targetFraction: Double(random.int(30...95)) / 100),
                .maxCoverage(maxNewColumns: random.int(1...6), budget: Double(random.int(10...80))),
                .maxCoverage(maxNewColumns: random.int(1...6), budget: nil),
            ]
            for objective in objectives {
                let exact = random.chance(0.3)
                let options = SolverOptions(
                    threads: 1 + random.int(0...1), seed: random.next(), effort: 0.3,
                    exactSearchMaxColumns: exact ? 20 : 0)
                guard let checks = Self.checks(instance, objective, options) else { continue }
                solves += 1
                #expect(checks.violations.isEmpty, "\(objective): \(checks.violations)")
                for (phase, count) in checks.phases {
                    seen[objective.isMaximisation, default: [:]][phase, default: 0] += count
                }
            }
        }
        #expect(solves > 500)
        let minCost = Set(seen[false, default: [:]].keys)
        let maxCoverage = Set(seen[true, default: [:]].keys)
        #expect(minCost == Self.minCostPhases, "min-cost phases checked: \(seen[false] ?? [:])")
        #expect(maxCoverage == Self.maxCoveragePhases, "max-coverage phases checked: \(seen[true] ?? [:])")
    }

    /// `base` with every column at one of a few locations and some conflicting location pairs.
    static func withPacking(_ base: CoveringInstance, _ random: inout TestRandom) throws -> CoveringInstance {
        let n = base.columnCount
        let locations = random.int(max(1, n / 2)...max(1, n))
        let location = (0..<n).map { _ in random.int(0...(locations - 1)) }
        var pairs: [(Int, Int)] = []
        for a in 0..<locations where random.chance(0.1) && a + 1 < locations { pairs.append((a, a + 1)) }
        let packing = try ColumnPacking(
            locationOfColumn: location, locationCount: locations, conflictingLocations: pairs)
        return try CoveringInstance(
            rowCount: base.rowCount, columns: (0..<n).map { base.rows(ofColumn: $0).map { Int($0) } },
            costs: base.costs, weights: base.weights, fixedColumns: base.fixedColumns,
            mustCoverRows: base.mustCoverRows, packing: packing)
    }

    @Test("an infeasible selection and conflicting columns are reported")
    func infeasibleReported() throws {
        // Rows 0-2; columns {0,1}, {2}, {1,2}; columns 0 and 2 share a location.
        let packing = try ColumnPacking(locationOfColumn: [0, 1, 0], locationCount: 2, conflictingLocations: [])
        let instance = try CoveringInstance(
            rowCount: 3, columns: [[0, 1], [2], [1, 2]], costs: [1, 1, 1], packing: packing)
        let problem = try CoverProblem(instance, objective: .setCover)
        var checks = PhaseChecks()
        checks.check(CoverState(problem: problem, columns: [0]), after: "partial")
        checks.check(CoverState(problem: problem, columns: [0, 1]), after: "complete")
        checks.check(columns: [0, 1, 2], of: problem, after: "conflicting")
        #expect(checks.phases == ["partial": 1, "complete": 1, "conflicting": 1])
        #expect(checks.violations.count == 2, "\(checks.violations)")
        #expect(checks.violations.first == "partial: 1 must row(s) uncovered", "\(checks.violations)")
        #expect(checks.violations.last == "conflicting: 1 of its columns conflict or are fixed")
        let budget = try CoverProblem(instance, objective: .maxCoverage(maxNewColumns: 1, budget: nil))
        var limits = PhaseChecks()
        limits.check(CoverState(problem: budget, columns: [0, 1]), after: "over K")
        #expect(limits.violations == ["over K: 2 columns costing 2.0 exceed K or the budget"])
    }

    #if !DEBUG
        /// Optimised builds compile `add`'s and `remove`'s preconditions out, so a misuse corrupts
        /// the incremental figures silently: exactly what the checks are for.
        @Test("checkInvariants finds the state a misused add leaves behind (optimised builds)")
        func brokenStateFound() throws {
            let instance = try CoveringInstance(rowCount: 3, columns: [[0, 1], [1, 2], [2]], costs: [2, 3, 1])
            let problem = try CoverProblem(instance, objective: .setCover)
            var state = CoverState(problem: problem, columns: [0, 1])
            #expect(throws: Never.self) { try state.checkInvariants() }
            state.add(0) // already chosen
            #expect(throws: CoverStateViolation.self) { try state.checkInvariants() }
            var checks = PhaseChecks()
            checks.check(state, after: "misuse")
            #expect(checks.violations.first?.hasPrefix("misuse: ") == true)
        }
    #endif
}
