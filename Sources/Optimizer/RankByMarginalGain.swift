/// Orders columns by marginal gain: first the column that covers the most weight the fixed columns
/// leave uncovered, then the one that adds the most given the fixed columns and the first, and so on
/// — the greedy sequence of a max-coverage problem limited to `columns`. Ties go to the lower column
/// index; columns that add nothing (every row they cover is already covered, or weighs 0) come last,
/// in ascending order.
///
/// This is how a plan's new sites get their rank (rank 1 adds the most demand given the existing
/// sites): it runs the solver's own lazy greedy (`LazyGreedy.completeMaxCoverage`, CELF: Minoux
/// 1978), whose gains are upper bounds that only shrink, so each step is the true best column.
///
/// - Parameters:
///   - instance: the covering instance the columns belong to (its fixed columns count as covered
///     from the start; its costs and must-cover rows play no part).
///   - columns: distinct, non-fixed columns of `instance` that respect its packing constraints
///     together, e.g. a solution's `chosenColumns`.
/// - Returns: `columns` reordered.
/// - Complexity: O(rows + columns) to set up, then O(nonzeros of `columns` + k log k) for the first
///   gains and about one re-evaluation per column in practice.
public func rankByMarginalGain(_ instance: CoveringInstance, columns: [Int]) -> [Int] {
    // No limits: every column may be taken while it adds weight (must rows play no part here).
    let problem: CoverProblem
    do {
        problem = try CoverProblem(instance, objective: .maxCoverage(maxNewColumns: nil, budget: nil))
    } catch {
        return columns.sorted() // unreachable: an objective without limits always validates
    }
    var state = CoverState(problem: problem)
    var order: [Int] = []
    order.reserveCapacity(columns.count)
    LazyGreedy.completeMaxCoverage(&state, perCost: false, order: &order, among: columns)
    if order.count < columns.count {
        let ranked = Set(order)
        order += columns.filter { !ranked.contains($0) }.sorted()
    }
    return order
}
