/// One phase of a phased rollout (`objective.phases`, docs/scenario.md): a name (a year, a stage)
/// and what the plan must reach by the end of that phase — a coverage target at least cost, or the
/// most coverage within a budget and/or a number of new sites. Limits are cumulative: a phase's
/// budget, site count and target include every earlier phase's, and a site built in one phase
/// stays in every later one.
public struct RolloutPhase: Sendable, Hashable {
    /// The phase's name as the scenario gives it (unique within the scenario), e.g. `2021`.
    public var name: String
    /// The phase's objective with cumulative limits.
    public var objective: ObjectiveSettings

    public init(name: String, objective: ObjectiveSettings) {
        self.name = name
        self.objective = objective
    }
}
