/// Solves a capacitated facility-location problem under an assignment rule.
///
/// Pipeline (`FacilityLocationRun`): feasibility checks → every facility open (the first
/// solution and the first multipliers) → subgradient optimisation of the Lagrangian bound of
/// Beasley (1988) with a Lagrangian heuristic (each iteration's open set, repaired when needed,
/// evaluated exactly — transportation simplex for `split`, GAP heuristic for `singleSource`,
/// forced assignment for `bestServer`) → local search over open sets (open/close/swap ranked by the
/// transportation duals) from the best sets → further subgradient rounds from the best
/// multipliers with the improved upper bound, until the work budget is spent or the gap closes.
///
/// - Parameters:
///   - instance: facilities, customers, allowed pairs and costs.
///   - rule: split (multi-source), single-source or best-server assignment.
///   - options: `threads` (does not change the result), `timeLimitSeconds` (safety net),
///     `seed`, `effort` (scales the work budget), `useLagrangian`, `useLocalSearch`.
/// - Throws: `OptimizerError.uncoverableRows` (customers with no allowed facility, 0-based),
///   `.infeasibleFacilityLocation` (capacity short of demand, or no feasible assignment found),
///   `.invalidOptions`.
///   - greedyStart: start from `GreedyOpening` (the always-open facilities plus the openings that
///     remove the most overload per cost) instead of every facility open: for large sparse
///     instances where most facilities are not needed (radio sites), so the search starts near
///     a good set rather than closing thousands of facilities one by one.
public func solveFacilityLocation(
    _ instance: FacilityLocationInstance, rule: AssignmentRule, options: SolverOptions = SolverOptions(),
    greedyStart: Bool = false
) throws(OptimizerError) -> FacilityLocationSolution {
    try options.validate()
    let clock = SolveClock(limitSeconds: options.timeLimitSeconds)
    try FacilityLocationRun.checkFeasibility(instance, rule: rule)
    var run = FacilityLocationRun(instance: instance, rule: rule, options: options, clock: clock)
    try run.solve(greedyStart: greedyStart)
    return run.makeSolution()
}

extension FacilityLocationRun {
    /// Infeasibilities that need no search: customers without an allowed facility, total capacity
    /// below total demand, and (single-source rules) customers larger than every allowed facility.
    static func checkFeasibility(_ instance: FacilityLocationInstance, rule: AssignmentRule) throws(OptimizerError) {
        let lonely = (0..<instance.customerCount).filter { instance.entries(ofCustomer: $0).isEmpty }
        if !lonely.isEmpty { throw .uncoverableRows(rows: Array(lonely.prefix(50)), count: lonely.count) }
        var capacity = 0.0
        for j in 0..<instance.facilityCount { capacity += instance.usableCapacity(j) }
        if capacity < instance.totalDemand * (1 - 1e-12) {
            throw .infeasibleFacilityLocation(
                reason:
                    "the total capacity \(formatNumber(capacity)) of all facilities is below the total demand \(formatNumber(instance.totalDemand))",
                proven: true)
        }
        guard rule != .split else { return }
        for i in 0..<instance.customerCount {
            let fits = instance.entries(ofCustomer: i).contains {
                instance.capacities[Int(instance.customerFacilities[$0])] >= instance.demands[i]
            }
            if !fits {
                throw .infeasibleFacilityLocation(
                    reason:
                        "customer \(i) (0-based) has demand \(formatNumber(instance.demands[i])), more than the capacity of every facility allowed to serve it, so it cannot be served by one facility",
                    proven: true)
            }
        }
    }
}
