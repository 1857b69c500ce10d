/// Max coverage with a column limit K: why the solution uses fewer than K new columns. The solver
/// never leaves a column out that would add coverage within the limits, so a shorter solution is a
/// finding about the instance, which a planner who asked for K sites must be told.
public struct ColumnLimitShortfall: Sendable, Hashable {
    /// Why no further column was chosen.
    public enum Reason: String, Sendable, Hashable {
        /// No column left out covers a row of positive weight that is not covered already.
        case nothingAddsCoverage = "no_candidate_adds_coverage"
        /// Columns that would add coverage cost more than the budget leaves.
        case budget
        /// Columns that would add coverage conflict with chosen or fixed ones (location groups,
        /// minimum spacing).
        case packing = "spacing"
        /// A column would still add coverage within the limits: the solver stopped early (its
        /// time limit).
        case stoppedEarly = "solver_stopped"
    }

    /// The column limit asked for (`maxNewColumns`).
    public var limit: Int
    /// New columns chosen.
    public var chosen: Int
    public var reason: Reason

    /// The shortfall of `chosen` under `problem`'s limits, or nil when the limit is used or absent.
    /// - Complexity: O(nonzeros).
    static func of(_ chosen: [Int], problem: CoverProblem) -> ColumnLimitShortfall? {
        guard problem.kind == .maxCoverage, problem.maxColumns != Int.max, chosen.count < problem.maxColumns
        else { return nil }
        let instance = problem.instance
        let counts = instance.coverCounts(of: chosen)
        var isChosen = [Bool](repeating: false, count: instance.columnCount)
        var cost = 0.0
        for j in chosen {
            isChosen[j] = true
            cost += instance.costs[j]
        }
        var gainWithinBudget = false
        var gainOverBudget = false
        for j in 0..<instance.columnCount where !isChosen[j] && problem.isEligible(j) {
            var gain = 0.0
            for k in instance.columnStarts[j]..<instance.columnStarts[j + 1] {
                let row = Int(instance.columnRows[k])
                if counts[row] == 0 { gain += instance.weights[row] }
            }
            guard gain > problem.weightTolerance else { continue }
            if cost + instance.costs[j] <= problem.budget + problem.costTolerance {
                gainWithinBudget = true
                break
            }
            gainOverBudget = true
        }
        let reason: Reason =
            gainWithinBudget
            ? (problem.packing != nil ? .packing : .stoppedEarly) : (gainOverBudget ? .budget : .nothingAddsCoverage)
        return ColumnLimitShortfall(limit: problem.maxColumns, chosen: chosen.count, reason: reason)
    }
}
