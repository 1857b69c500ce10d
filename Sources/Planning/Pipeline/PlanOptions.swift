import Optimizer

/// Options of a siting run.
public struct PlanOptions: Sendable {
    /// Worker threads for every parallel stage (≥ 1). Does not change the result.
    public var threads: Int
    /// Wall-clock safety net for the solver, in seconds. The deterministic work budgets end every
    /// solve long before it on a quiet machine; 600 s by default because at 120 s the city-scale
    /// jobs of `make bench-city` reached it on a loaded 2-core machine, where the plan then depends
    /// on the machine's load (docs/solver.md).
    public var solverTimeLimitSeconds: Double
    /// Called at the start of each stage with its name (for progress messages).
    public var onStage: (@Sendable (String) -> Void)?
    /// Settings of the radio field stage (SINR, overlap) of a radio plan, or `nil` to skip it.
    public var interference: InterferenceSettings?
    /// Called with the counts of long stages (coverage: sites done; field: cells done), at most once per
    /// whole percent, from worker threads; keep it cheap (store the numbers, draw elsewhere).
    public var onProgress: (@Sendable (StageProgress) -> Void)?
    /// Solver effort, overriding the scenario's `solver.effort` (nil: the scenario's, default 1).
    public var effort: Double?
    /// Called in the solve stage with the covering instance and objective exactly as the solver
    /// gets them, before it runs (`nrplan solve --write-instance`); an error it throws ends the run
    /// with `PlanningError.output`.
    public var onInstance: (@Sendable (CoveringInstance, CoveringObjective) throws -> Void)?

    public init(
        threads: Int, solverTimeLimitSeconds: Double = 600,
        interference: InterferenceSettings? = InterferenceSettings(),
        onStage: (@Sendable (String) -> Void)? = nil
    ) {
        self.threads = max(1, threads)
        self.solverTimeLimitSeconds = solverTimeLimitSeconds
        self.interference = interference
        self.onStage = onStage
    }
}
