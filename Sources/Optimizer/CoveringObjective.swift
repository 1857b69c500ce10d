import Foundation

/// Which covering problem to solve on a `CoveringInstance`.
///
/// With `x_j ∈ {0,1}` (column chosen), `F` the fixed columns (`x_j = 1`, cost 0), `z_i ∈ {0,1}`
/// (row covered, `z_i ≤ Σ_{j ∋ i} x_j`), `M` the must-cover rows and `W = Σ_i w_i`:
///
/// - `setCover` — weighted set covering / LSCP (Toregas et al. 1971):
///   `min Σ_j c_j x_j` s.t. `Σ_{j ∋ i} x_j ≥ 1` for every row `i`.
/// - `partialCover(targetFraction: t)` — least cost with a coverage target:
///   `min Σ_j c_j x_j` s.t. `Σ_i w_i z_i ≥ t·W`, `z_i = 1` for `i ∈ M`.
/// - `maxCoverage(maxNewColumns: K, budget: B)` — MCLP (Church & ReVelle 1974), optionally with a budget:
///   `max Σ_i w_i z_i` s.t. `Σ_{j ∉ F} x_j ≤ K`, `Σ_{j ∉ F} c_j x_j ≤ B`, `z_i = 1` for `i ∈ M`.
///   `nil` means no limit of that kind.
public enum CoveringObjective: Sendable, Equatable, CustomStringConvertible {
    /// Cover every row at least cost.
    case setCover
    /// Least cost such that covered weight ≥ `targetFraction` × total weight and every must-cover row is covered.
    case partialCover(targetFraction: Double)
    /// Most covered weight with at most `maxNewColumns` new columns and/or new cost ≤ `budget`.
    case maxCoverage(maxNewColumns: Int?, budget: Double?)

    /// True for the maximisation objective (`maxCoverage`).
    public var isMaximisation: Bool {
        if case .maxCoverage = self { return true }
        return false
    }

    /// A short name for reports: `set_cover`, `partial_cover`, `max_coverage`.
    public var name: String {
        switch self {
        case .setCover: return "set_cover"
        case .partialCover: return "partial_cover"
        case .maxCoverage: return "max_coverage"
        }
    }

    public var description: String {
        switch self {
        case .setCover: return "set cover"
        case .partialCover(let t): return "partial cover (target \(percent(t)))"
        case .maxCoverage(let k, let b):
            var limits: [String] = []
            if let k { limits.append("K = \(k)") }
            if let b { limits.append("budget \(formatNumber(b))") }
            return "max coverage (\(limits.isEmpty ? "no limit" : limits.joined(separator: ", ")))"
        }
    }

    /// Checks the parameters.
    func validate() throws(OptimizerError) {
        switch self {
        case .setCover: break
        case .partialCover(let t):
            guard t.isFinite, t >= 0, t <= 1 else { throw .invalidObjective("targetFraction \(t) must be in 0...1") }
        case .maxCoverage(let k, let b):
            if let k, k < 0 { throw .invalidObjective("maxNewColumns \(k) must be ≥ 0") }
            if let b { guard b.isFinite, b >= 0 else { throw .invalidObjective("budget \(b) must be finite and ≥ 0") } }
        }
    }
}

/// Knobs of `solveCovering`. Defaults suit interactive use; every stopping rule is a deterministic
/// work budget (iteration counts scaled by the instance size), so the same inputs and seed give the
/// same solution for any `threads`. `timeLimitSeconds` is only a safety net: when it fires the
/// solution says `stoppedByTimeLimit`, and then the result may depend on machine speed.
public struct SolverOptions: Sendable, Equatable {
    /// Worker threads for the parallel parts (≥ 1). Does not change the result.
    public var threads: Int
    /// Wall-clock safety net in seconds (> 0; `.infinity` for none).
    public var timeLimitSeconds: Double
    /// Seed of the pseudo-random choices (perturbations between restarts).
    public var seed: UInt64
    /// Scales every work budget (1 = default; 0.2 ≈ quick; 5 = thorough). Must be > 0.
    public var effort: Double
    /// Free columns up to which the exact branch and bound runs after the heuristics (0 disables it).
    public var exactSearchMaxColumns: Int
    /// Node limit of that branch and bound; when reached its incumbent is kept but not proven.
    public var exactSearchNodeLimit: Int
    /// Whether to run the Lagrangian phase (heuristic and bound). Off = greedy + local search only.
    public var useLagrangian: Bool
    /// Whether to run local search after the constructive phases.
    public var useLocalSearch: Bool
    /// Whether to run the exact presolve first (`Presolve`: identical rows merged, rows covered by
    /// fixed columns made one, weightless optional rows dropped). Off only to compare (tests, benchmarks).
    public var presolve = true
    /// Price a core of columns in the global bound's subgradient phase even when the budget pays
    /// for full passes (`MinCostHeuristic.boundSubgradient`; tests on small matrices).
    var alwaysPriceCore = false
    /// Blocks of the warm start of the global bound (`MinCostHeuristic.blockMultipliers`): nil =
    /// automatic (city scale only), < 2 = never, else always that many (tests on small matrices).
    var warmStartBlockCount: Int?
    /// Volume-algorithm steps and the coordinate-ascent polish in the global bound's phase 1
    /// (`MinCostHeuristic.boundSubgradient`): nil = with the warm start (city scale), false =
    /// never (tests comparing with plain subgradient steps).
    var volumeBound: Bool?
    /// Whether the plan side gets the Lagrangian greedy at the global bound's multipliers when the
    /// bound's phase spent the budget (`MinCostHeuristic.greedyFromBound`; off only to compare).
    var greedyFromBound = true
    /// Whether the greedy from the bound is followed by the refinement rounds of
    /// `MinCostHeuristic.refineFromBound` (off only to compare).
    var boundRefinement = true
    /// Whether the plans of the greedy from the bound and the refinement rounds are then merged
    /// (`MinCostHeuristic.mergePlans`; off only to compare, and in the merge's own sub-solve).
    var planMerge = true
    /// Whether the heuristic phase's subgradient runs the iterations up to the next batch beside
    /// the batch's greedy covers and local searches when there is more than one thread
    /// (`MinCostHeuristic.subgradient`; the same result either way, off only to compare).
    var overlapSubgradient = true
    /// Cycles of refinement rounds and plan merge (`MinCostHeuristic.greedyFromBound`): the cycles
    /// after the first start from the merged plan, with perturbed multipliers (1 only to compare).
    var planMergeCycles = 2
    /// The solve repairs its warm start: the continuity rounds' reduced-effort re-solves after rows
    /// were added. The plan side then keeps to improving that plan — no refinement rounds and no
    /// plan merge, which rebuild up to half of a plan and so open holes elsewhere (docs/solver.md,
    /// "Continuity constraints").
    public var repairsWarmStart = false

    /// Default options: all cores, 60 s safety net, seed 1.
    public init(
        threads: Int = defaultThreadCount(), timeLimitSeconds: Double = 60, seed: UInt64 = 1,
        effort: Double = 1, exactSearchMaxColumns: Int = 20, exactSearchNodeLimit: Int = 2_000_000,
        useLagrangian: Bool = true, useLocalSearch: Bool = true
    ) {
        self.threads = threads
        self.timeLimitSeconds = timeLimitSeconds
        self.seed = seed
        self.effort = effort
        self.exactSearchMaxColumns = exactSearchMaxColumns
        self.exactSearchNodeLimit = exactSearchNodeLimit
        self.useLagrangian = useLagrangian
        self.useLocalSearch = useLocalSearch
    }

    /// Only the lazy greedy and redundancy removal (the fast first answer).
    public static func greedyOnly(threads: Int = 1, seed: UInt64 = 1) -> SolverOptions {
        SolverOptions(
            threads: threads, seed: seed, exactSearchMaxColumns: 0, useLagrangian: false, useLocalSearch: false)
    }

    func validate() throws(OptimizerError) {
        guard threads >= 1 else { throw .invalidOptions("threads \(threads) must be ≥ 1") }
        guard timeLimitSeconds > 0, !timeLimitSeconds.isNaN else {
            throw .invalidOptions("timeLimitSeconds \(timeLimitSeconds) must be > 0")
        }
        guard effort > 0, effort.isFinite else { throw .invalidOptions("effort \(effort) must be finite and > 0") }
        guard exactSearchMaxColumns >= 0, exactSearchMaxColumns <= 40 else {
            throw .invalidOptions("exactSearchMaxColumns \(exactSearchMaxColumns) must be in 0...40")
        }
        guard exactSearchNodeLimit >= 0 else { throw .invalidOptions("exactSearchNodeLimit must be ≥ 0") }
    }
}

/// The number of active processors.
public func defaultThreadCount() -> Int {
    max(1, ProcessInfo.processInfo.activeProcessorCount)
}
