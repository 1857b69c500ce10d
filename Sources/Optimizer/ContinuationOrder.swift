/// The columns a lazy greedy would add next to a solution: given the fixed columns and `chosen`,
/// repeatedly the column with the most newly covered weight per unit cost (CELF: Minoux 1978; ties
/// to the lower index), at most `maxColumns` of them, stopping when none adds weight.
///
/// A tile of a tiled run exports this list so that the merge can top up coverage elsewhere when a
/// tile could not reach its target (docs/scale.md, "Top-up").
///
/// - Returns: the added columns in the order the greedy takes them.
public func continuationByGainPerCost(_ instance: CoveringInstance, after chosen: [Int], maxColumns: Int) -> [Int] {
    guard maxColumns > 0 else { return [] }
    let problem: CoverProblem
    do {
        problem = try CoverProblem(
            instance, objective: .maxCoverage(maxNewColumns: chosen.count + maxColumns, budget: nil))
    } catch {
        return [] // unreachable: a column limit ≥ 0 without a budget always validates
    }
    var state = CoverState(problem: problem, columns: chosen)
    let taken = Set(chosen).union(instance.fixedColumns)
    var order: [Int] = []
    LazyGreedy.completeMaxCoverage(
        &state, perCost: true, order: &order, among: (0..<instance.columnCount).filter { !taken.contains($0) })
    return order
}
