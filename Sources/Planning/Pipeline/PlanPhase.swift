import Optimizer

/// One phase of a phased plan (`objective.phases`, docs/scenario.md): the sites it builds and what
/// the network reaches by its end — the existing sites and every new site of this phase and the
/// earlier ones (the plans are nested).
public struct PlanPhase: Sendable {
    public let name: String
    /// The phase's objective as the scenario gives it (cumulative limits).
    public let objective: ObjectiveSettings
    /// This phase's new sites: indices into `PlanNetwork.sites`, by rank (the earlier phases' new
    /// sites come before them, the later phases' after).
    public let sites: Range<Int>
    /// Cost of this phase's new sites.
    public let cost: Double
    /// Cost of every new site up to the end of this phase.
    public let cumulativeCost: Double
    /// Coverage, holes and covered components of the network at the end of the phase.
    public let continuity: Continuity
    /// The phase's solve (earlier phases fixed: its bound and gap hold given them) and the same
    /// limits solved from scratch (a bound for any plan, nested or not).
    public let solve: NestedPhaseSolution

    /// New sites built up to the end of this phase (this one's and the earlier phases').
    public let cumulativeNewCount: Int
}

extension Plan {
    /// The phase (index into `phases`) that builds site `k` of the network; nil for existing sites
    /// and for plans without phases.
    public func phase(ofSite k: Int) -> Int? {
        phases.firstIndex { $0.sites.contains(k) }
    }
}
