/// Consistency checks after every phase of a solve, in the spirit of OR-Tools' `CheckConsistency`:
/// the working `CoverState` of each phase is recomputed from scratch (`checkInvariants`) and the
/// phase's selection must be a feasible solution (min-cost: must rows and the weight target met;
/// max coverage: must rows covered within K and the budget; no packing conflict).
///
/// Off in production: a solve without checks only `assert`s the invariants, which optimised builds
/// compile out. The tests, built optimised, run solves through `solveCovering(_:objective:options:checks:)`
/// and expect `violations` to be empty and the phases they exercise to appear in `phases`.
struct PhaseChecks: Sendable {
    /// How many times each phase was checked.
    private(set) var phases: [String: Int] = [:]
    /// Every failed check: the phase and what was wrong.
    private(set) var violations: [String] = []

    /// Checks `state` after `phase`: its invariants, and that it is a feasible solution.
    mutating func check(_ state: CoverState, after phase: String) {
        phases[phase, default: 0] += 1
        do { try state.checkInvariants() } catch { violations.append("\(phase): \(error)") }
        if let problem = Self.infeasibility(of: state) {
            violations.append("\(phase): \(problem)")
        }
    }

    /// Checks that `columns` (a phase's result) build a state with every one of them on, then that state.
    mutating func check(columns: [Int], of problem: CoverProblem, after phase: String) {
        let state = CoverState(problem: problem, columns: columns)
        if state.chosenCount != Set(columns).count {
            phases[phase, default: 0] += 1
            violations.append("\(phase): \(columns.count - state.chosenCount) of its columns conflict or are fixed")
            return
        }
        check(state, after: phase)
    }

    /// Merges the checks another part of the solve ran.
    mutating func merge(_ other: PhaseChecks) {
        for (phase, count) in other.phases { phases[phase, default: 0] += count }
        violations += other.violations
    }

    /// Why `state` is not a feasible solution of its problem, or nil.
    static func infeasibility(of state: CoverState) -> String? {
        let problem = state.problem
        switch problem.kind {
        case .minCost:
            if !state.allMustCovered { return "\(problem.mustCount - state.coveredMust) must row(s) uncovered" }
            if !state.isFeasibleMinCost {
                return "covered weight \(state.coveredWeight) below the target \(problem.targetWeight)"
            }
        case .maxCoverage:
            if !state.allMustCovered { return "\(problem.mustCount - state.coveredMust) must row(s) uncovered" }
            if !problem.fitsLimits(count: state.chosenCount, cost: state.cost) {
                return "\(state.chosenCount) columns costing \(state.cost) exceed K or the budget"
            }
        }
        return nil
    }
}

extension SolveRun {
    /// After a phase: the full checks when the solve runs them, else a debug-build assertion.
    mutating func checkpoint(_ state: CoverState, after phase: String) {
        if checks != nil {
            checks?.check(state, after: phase)
        } else {
            state.assertInvariants(phase)
        }
    }

    /// After a phase that produced a column list (`best`).
    mutating func checkpoint(columns: [Int], after phase: String) {
        checks?.check(columns: columns, of: problem, after: phase)
    }
}
