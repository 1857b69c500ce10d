/// The packing knapsack `max Σ p_k x_k  s.t.  Σ w_k x_k ≤ C`, with items of profit `p > 0` and
/// weight `w ≥ 0`, in both forms the capacitated Lagrangian needs:
///
/// - continuous (`0 ≤ x ≤ 1`): Dantzig's greedy by ratio `p/w` (1957), the critical item
///   fractional, found by weighted quickselect instead of a sort (Balas & Zemel 1980);
/// - 0-1 (`x ∈ {0,1}`): depth-first branch and bound in ratio order with Dantzig's bound, taken
///   from prefix sums by binary search (Horowitz & Sahni 1974; Martello & Toth 1990, §2.5), up to
///   a node limit; when that stops it and the weights are whole multiples of their greatest common
///   divisor `g` with `items · ⌊C/g⌋` small, dynamic programming over the capacity (Bellman 1957)
///   finishes exactly (equal facility capacities defeat the bound, not the recursion). Otherwise
///   `upperBound` is the continuous optimum (≥ the 0-1 optimum), so a Lagrangian bound built on
///   it stays valid.
///
/// Items are sorted by ratio, then by their given order, so results are deterministic.
/// Scratch arrays are kept between calls (one instance per thread of work).
///
/// - Complexity: continuous O(r) expected for r items; 0-1 O(r log r + nodes · log r).
struct PackingKnapsack {
    /// Items of the current problem: profit, weight, caller's id.
    private(set) var profits: [Double] = []
    private(set) var weights: [Double] = []
    private(set) var ids: [Int32] = []
    private var order: [Int32] = []
    private var ratios: [Double] = []
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

    /// Replaces the items by `count` items read from the buffers at `offset` (ids = positions).
    mutating func load(
        profits p: UnsafeBufferPointer<Double>, weights w: UnsafeBufferPointer<Double>, range: Range<Int>
    ) {
        profits.removeAll(keepingCapacity: true)
        weights.removeAll(keepingCapacity: true)
        ids.removeAll(keepingCapacity: true)
        profits.append(contentsOf: UnsafeBufferPointer(rebasing: p[range]))
        weights.append(contentsOf: UnsafeBufferPointer(rebasing: w[range]))
    }

    /// Adds an item (`profit > 0`, `weight ≥ 0`) with the caller's id.
    @inline(__always) mutating func add(profit: Double, weight: Double, id: Int) {
        profits.append(profit)
        weights.append(weight)
        ids.append(Int32(truncatingIfNeeded: id))
    }

    /// The continuous knapsack with capacity `capacity`, by weighted quickselect on the ratio
    /// (three-way partitions around a median-of-three pivot chosen by position, so deterministic):
    /// items above the critical ratio are taken whole, items at it share the room left equally.
    ///
    /// - Complexity: O(r) expected.
    mutating func solveContinuous(capacity given: Double) -> Result {
        let capacity = given + 1e-12 * max(1, abs(given))
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
        ratios.removeAll(keepingCapacity: true)
        for k in 0..<n { ratios.append(weights[k] > 0 ? profits[k] / weights[k] : .infinity) }
        order.removeAll(keepingCapacity: true)
        order.append(contentsOf: 0..<Int32(n))
        var lo = 0
        var hi = n
        var room = capacity
        var value = 0.0
        while lo < hi {
            let pivot = medianRatio(lo, hi)
            // Three-way partition of order[lo..<hi]: ratio > pivot | == pivot | < pivot.
            var lt = lo
            var i = lo
            var gt = hi
            while i < gt {
                let r = ratios[Int(order[i])]
                if r > pivot {
                    order.swapAt(lt, i)
                    lt += 1
                    i += 1
                } else if r < pivot {
                    gt -= 1
                    order.swapAt(i, gt)
                } else {
                    i += 1
                }
            }
            work += hi - lo
            var above = 0.0
            for p in lo..<lt { above += weights[Int(order[p])] }
            if above > room {
                hi = lt
                continue
            }
            for p in lo..<lt {
                let k = Int(order[p])
                fractions[k] = 1
                value += profits[k]
            }
            room -= above
            var tied = 0.0
            var tiedProfit = 0.0
            for p in lt..<gt {
                tied += weights[Int(order[p])]
                tiedProfit += profits[Int(order[p])]
            }
            if tied >= room {
                let share = tied > 0 ? room / tied : 1
                for p in lt..<gt { fractions[Int(order[p])] = share }
                value += share * tiedProfit
                break
            }
            for p in lt..<gt { fractions[Int(order[p])] = 1 }
            value += tiedProfit
            room -= tied
            lo = gt
        }
        return Result(value: value, upperBound: value, exact: true)
    }

    /// The median of the ratios at the first, middle and last positions of `order[lo..<hi]`.
    private func medianRatio(_ lo: Int, _ hi: Int) -> Double {
        let a = ratios[Int(order[lo])]
        let b = ratios[Int(order[(lo + hi - 1) / 2])]
        let c = ratios[Int(order[hi - 1])]
        return max(min(a, b), min(max(a, b), c))
    }

    /// The 0-1 knapsack; `tableLimit` caps the dynamic-programming table (cells) tried when the
    /// branch and bound stops at `nodeLimit`.
    mutating func solveBinary(capacity given: Double, nodeLimit: Int, tableLimit: Int = 4_000_000) -> Result {
        // Weights that add up to the capacity exactly may exceed it by a rounding error.
        let capacity = given + 1e-12 * max(1, abs(given))
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
        if smallTable(capacity: capacity), let exact = solveByDynamicProgramming(capacity: capacity, cellLimit: 200_000)
        {
            return Result(value: exact, upperBound: exact, exact: true)
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
        if !complete, let exact = solveByDynamicProgramming(capacity: capacity, cellLimit: tableLimit) {
            return Result(value: exact, upperBound: exact, exact: true)
        }
        for (position, o) in order.enumerated() where bestTaken[position] { fractions[Int(o)] = 1 }
        return Result(value: best, upperBound: complete ? best : max(best, root), exact: complete)
    }

    /// Whether the dynamic-programming table is certainly small (capacity ≤ 2000 weight units of
    /// the smallest positive weight), a cheap test before trying it first.
    private func smallTable(capacity: Double) -> Bool {
        var smallest = Double.infinity
        for w in weights where w > 0 { smallest = min(smallest, w) }
        return smallest.isFinite && capacity / smallest * Double(profits.count) <= 200_000
    }

    /// Exact 0-1 knapsack by dynamic programming over capacity in units of the weights' greatest
    /// common divisor; `nil` when the weights are not whole numbers or the table would exceed
    /// `cellLimit` cells. Sets `fractions`.
    private mutating func solveByDynamicProgramming(capacity: Double, cellLimit: Int) -> Double? {
        let n = profits.count
        var divisor: Int64 = 0
        for w in weights where w > 0 {
            guard w == w.rounded(), w < 0x1p52 else { return nil }
            var (a, b) = (divisor, Int64(w))
            while b != 0 { (a, b) = (b, a % b) }
            divisor = a
        }
        guard divisor > 0, capacity.isFinite else { return nil }
        let units = Int(min(Double(Int32.max), (capacity / Double(divisor)).rounded(.down)))
        guard units >= 0, (units + 1) * n <= cellLimit else { return nil }
        var best = [Double](repeating: 0, count: units + 1)
        var keep = [Bool](repeating: false, count: (units + 1) * n)
        var zeroWeight = 0.0
        for k in 0..<n {
            let w = Int(Int64(weights[k]) / divisor)
            if w == 0 {
                zeroWeight += profits[k]
                continue
            }
            guard w <= units else { continue }
            for c in stride(from: units, through: w, by: -1) where best[c - w] + profits[k] > best[c] {
                best[c] = best[c - w] + profits[k]
                keep[k * (units + 1) + c] = true
            }
        }
        work += n * (units + 1)
        var c = units
        for k in stride(from: n - 1, through: 0, by: -1) {
            let w = Int(Int64(weights[k]) / divisor)
            if w == 0 {
                fractions[k] = 1
            } else if w <= units && keep[k * (units + 1) + c] {
                fractions[k] = 1
                c -= w
            }
        }
        return best[units] + zeroWeight
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
