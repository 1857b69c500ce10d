/// The packing knapsack `max Σ p_k x_k  s.t.  Σ w_k x_k ≤ C`, with items of profit `p > 0` and
/// weight `w ≥ 0`, in both forms the capacitated Lagrangian needs:
///
/// - continuous (`0 ≤ x ≤ 1`): Dantzig's greedy by ratio `p/w` (1957), the last item fractional;
/// - 0-1 (`x ∈ {0,1}`): depth-first branch and bound in ratio order with Dantzig's bound, taken
///   from prefix sums by binary search (Horowitz & Sahni 1974; Martello & Toth 1990, §2.5), up to
///   a node limit. When the limit stops it, `upperBound` is the continuous optimum (≥ the 0-1
///   optimum), so a Lagrangian bound built on it stays valid.
///
/// Items are sorted by ratio, then by their given order, so results are deterministic.
/// Scratch arrays are kept between calls (one instance per thread of work).
///
/// - Complexity: continuous O(r log r) for r items (O(r) when they all fit); 0-1 O(nodes · log r).
struct PackingKnapsack {
    /// Items of the current problem: profit, weight, caller's id.
    private(set) var profits: [Double] = []
    private(set) var weights: [Double] = []
    private(set) var ids: [Int32] = []
    private var order: [Int32] = []
    private var prefixWeight: [Double] = []
    private var prefixProfit: [Double] = []
    private var taken: [Bool] = []
    private var bestTaken: [Bool] = []
    /// Nodes explored by the last 0-1 solve; work counts items sorted and nodes over all calls.
    private(set) var nodes = 0
    var work = 0

    /// Solution of one solve: the value reached, an upper bound on the optimum, and the fraction of
    /// each item taken (indexed like the items added).
    struct Result {
        var value: Double
        var upperBound: Double
        var exact: Bool
    }

    /// Fraction taken of each item after the last solve (0, 1, or in between for the continuous form).
    private(set) var fractions: [Double] = []

    mutating func removeAll() {
        profits.removeAll(keepingCapacity: true)
        weights.removeAll(keepingCapacity: true)
        ids.removeAll(keepingCapacity: true)
    }

    /// Adds an item (`profit > 0`, `weight ≥ 0`) with the caller's id.
    @inline(__always) mutating func add(profit: Double, weight: Double, id: Int) {
        profits.append(profit)
        weights.append(weight)
        ids.append(Int32(truncatingIfNeeded: id))
    }

    /// The continuous knapsack with capacity `capacity`.
    mutating func solveContinuous(capacity: Double) -> Result {
        let n = profits.count
        fractions.removeAll(keepingCapacity: true)
        fractions.append(contentsOf: repeatElement(0, count: n))
        var totalWeight = 0.0
        var totalProfit = 0.0
        for k in 0..<n {
            totalWeight += weights[k]
            totalProfit += profits[k]
        }
        work += n
        if totalWeight <= capacity {
            for k in 0..<n { fractions[k] = 1 }
            return Result(value: totalProfit, upperBound: totalProfit, exact: true)
        }
        sortByRatio()
        var room = capacity
        var value = 0.0
        for o in order {
            let k = Int(o)
            if weights[k] <= room {
                fractions[k] = 1
                room -= weights[k]
                value += profits[k]
            } else {
                let f = room / weights[k]
                fractions[k] = f
                value += f * profits[k]
                break
            }
        }
        return Result(value: value, upperBound: value, exact: true)
    }

    /// The 0-1 knapsack with capacity `capacity`, exploring at most `nodeLimit` nodes.
    mutating func solveBinary(capacity: Double, nodeLimit: Int) -> Result {
        let n = profits.count
        fractions.removeAll(keepingCapacity: true)
        fractions.append(contentsOf: repeatElement(0, count: n))
        var totalWeight = 0.0
        var totalProfit = 0.0
        for k in 0..<n {
            totalWeight += weights[k]
            totalProfit += profits[k]
        }
        work += n
        nodes = 0
        if totalWeight <= capacity {
            for k in 0..<n { fractions[k] = 1 }
            return Result(value: totalProfit, upperBound: totalProfit, exact: true)
        }
        sortByRatio()
        prefixWeight.removeAll(keepingCapacity: true)
        prefixProfit.removeAll(keepingCapacity: true)
        prefixWeight.append(0)
        prefixProfit.append(0)
        for o in order {
            prefixWeight.append(prefixWeight.last! + weights[Int(o)])
            prefixProfit.append(prefixProfit.last! + profits[Int(o)])
        }
        let root = dantzigBound(from: 0, room: capacity)
        taken.removeAll(keepingCapacity: true)
        taken.append(contentsOf: repeatElement(false, count: n))
        bestTaken = taken
        var best = 0.0
        // Greedy first: take in ratio order whatever fits (a good first incumbent).
        var room = capacity
        for (position, o) in order.enumerated() where weights[Int(o)] <= room {
            room -= weights[Int(o)]
            best += profits[Int(o)]
            bestTaken[position] = true
        }
        let tolerance = 1e-12 * max(1, root)
        var complete = true
        search(
            position: 0, profit: 0, room: capacity, best: &best, limit: nodeLimit, tolerance: tolerance,
            complete: &complete)
        work += nodes * 8
        for (position, o) in order.enumerated() where bestTaken[position] { fractions[Int(o)] = 1 }
        return Result(value: best, upperBound: complete ? best : max(best, root), exact: complete)
    }

    /// Depth first, "take" before "skip", pruned by Dantzig's bound.
    private mutating func search(
        position: Int, profit: Double, room: Double, best: inout Double, limit: Int, tolerance: Double,
        complete: inout Bool
    ) {
        nodes += 1
        if nodes > limit {
            complete = false
            return
        }
        if profit > best + tolerance {
            best = profit
            for p in 0..<order.count { bestTaken[p] = p < position && taken[p] }
        }
        guard position < order.count, profit + dantzigBound(from: position, room: room) > best + tolerance else {
            return
        }
        let k = Int(order[position])
        if weights[k] <= room {
            taken[position] = true
            search(
                position: position + 1, profit: profit + profits[k], room: room - weights[k], best: &best,
                limit: limit, tolerance: tolerance, complete: &complete)
            taken[position] = false
            if !complete { return }
        }
        search(
            position: position + 1, profit: profit, room: room, best: &best, limit: limit, tolerance: tolerance,
            complete: &complete)
    }

    /// The continuous optimum of the items from `position` on (in ratio order) with `room` left.
    private func dantzigBound(from position: Int, room: Double) -> Double {
        let base = prefixWeight[position]
        // Largest end with prefixWeight[end] − base ≤ room.
        var lo = position
        var hi = order.count
        while lo < hi {
            let mid = (lo + hi + 1) / 2
            if prefixWeight[mid] - base <= room { lo = mid } else { hi = mid - 1 }
        }
        var value = prefixProfit[lo] - prefixProfit[position]
        if lo < order.count {
            let k = Int(order[lo])
            let left = room - (prefixWeight[lo] - base)
            if weights[k] > 0 { value += profits[k] * left / weights[k] }
        }
        return value
    }

    /// `order` = item indices by decreasing `p/w` (weight 0 first), ties by index.
    private mutating func sortByRatio() {
        order.removeAll(keepingCapacity: true)
        order.append(contentsOf: (0..<Int32(profits.count)))
        order.sort { a, b in
            let (pa, wa, pb, wb) = (profits[Int(a)], weights[Int(a)], profits[Int(b)], weights[Int(b)])
            // p_a / w_a > p_b / w_b without dividing (weights may be 0).
            let lhs = pa * wb
            let rhs = pb * wa
            return lhs != rhs ? lhs > rhs : a < b
        }
        work += profits.count * 4
    }
}
