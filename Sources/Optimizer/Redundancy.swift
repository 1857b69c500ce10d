/// Removal of redundant columns: a chosen column whose removal keeps the solution feasible.
///
/// Min-cost: columns are tried in decreasing cost (ties: higher id first) and dropped when every
/// must row they cover is covered by another column and the weight target still holds — the
/// classic clean-up after greedy (Chvátal 1979; Beasley 1990). Max coverage: columns that alone
/// cover no weight and no must row are dropped (they only use up K or budget).
///
/// - Complexity: O(k log k + Σ rows of the dropped columns) for k chosen columns.
enum Redundancy {
    /// Drops redundant columns; returns how many were dropped.
    @discardableResult
    static func removeMinCost(_ state: inout CoverState) -> Int {
        let costs = state.problem.instance.costs
        let order = state.chosen.sorted { costs[$0] > costs[$1] || (costs[$0] == costs[$1] && $0 > $1) }
        var dropped = 0
        for j in order where state.canDropMinCost(j) {
            state.remove(j)
            dropped += 1
        }
        return dropped
    }

    /// Drops chosen columns that contribute nothing to a max-coverage solution.
    @discardableResult
    static func removeMaxCoverage(_ state: inout CoverState) -> Int {
        let costs = state.problem.instance.costs
        let order = state.chosen.sorted { costs[$0] > costs[$1] || (costs[$0] == costs[$1] && $0 > $1) }
        var dropped = 0
        for j in order where state.criticalMust[j] == 0 && state.criticalWeight[j] <= state.problem.weightTolerance {
            state.remove(j)
            dropped += 1
        }
        return dropped
    }
}
