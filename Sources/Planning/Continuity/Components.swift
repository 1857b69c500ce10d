/// Connected components of a subset of items under a neighbour relation, by breadth-first search
/// in item order — the one implementation behind coverage holes, covered-region components and
/// demand-point clusters.
///
/// Components are numbered in the order of their smallest member, and each component's members
/// come out in ascending order, so the result depends on the inputs only.
public enum Components {
    /// Labels the items `i` with `include(i)` by component.
    /// - Parameters:
    ///   - count: number of items.
    ///   - include: whether an item takes part.
    ///   - neighbors: calls its argument with each neighbour of an item (neighbours that are not
    ///     included, or are out of range, are ignored).
    /// - Returns: each component's members, ascending, components ordered by their first member.
    /// - Complexity: O(items + neighbour calls).
    public static func find(count: Int, include: (Int) -> Bool, neighbors: (Int, (Int) -> Void) -> Void) -> [[Int32]] {
        var label = [Int32](repeating: -1, count: count)
        var components: [[Int32]] = []
        var queue: [Int32] = []
        var found: [Int] = []
        for start in 0..<count where label[start] < 0 && include(start) {
            let id = Int32(components.count)
            label[start] = id
            queue.removeAll(keepingCapacity: true)
            queue.append(Int32(start))
            var head = 0
            while head < queue.count {
                let item = Int(queue[head])
                head += 1
                found.removeAll(keepingCapacity: true)
                neighbors(item) { n in found.append(n) }
                for n in found where n >= 0 && n < count && label[n] < 0 && include(n) {
                    label[n] = id
                    queue.append(Int32(n))
                }
            }
            components.append(queue.sorted())
        }
        return components
    }
}
