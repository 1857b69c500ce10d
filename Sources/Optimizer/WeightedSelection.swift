/// The fractional covering knapsack `min Σ u_i z_i  s.t.  Σ w_i z_i ≥ T, 0 ≤ z_i ≤ 1` over a set of
/// rows, solved by weighted quickselect on the ratio `u_i / w_i` (Dantzig's greedy for the
/// continuous knapsack, without a full sort).
///
/// Rows with the smallest ratios are taken whole (`z = 1`) until the next ratio class would
/// overshoot `T`; that class (`ratio == threshold`) is taken fractionally, all its rows at the same
/// `z`. Rows with weight 0 are never taken. Pivots are chosen by position (median of three), so the
/// result is deterministic.
///
/// - Complexity: O(r) expected for r rows; no allocation after the first call.
struct CoveringKnapsack {
    /// Scratch: candidate rows (local ids) and their ratios `u_i / w_i`, permuted together.
    private var scratch: [Int32] = []
    private var ratios: [Double] = []

    /// Result of one solve.
    struct Result {
        /// Optimal value of the continuous knapsack.
        var value: Double
        /// Rows with ratio below `threshold` have z = 1; rows at `threshold` have z = `fraction`; others 0.
        var threshold: Double
        var fraction: Double
        /// False when the rows cannot reach `T` (value is then +∞).
        var feasible: Bool
    }

    /// Solves the knapsack over `rows` (local ids with weight > 0) for the multipliers `u`.
    mutating func solve(rows: [Int32], u: UnsafeBufferPointer<Double>, w: UnsafeBufferPointer<Double>, target: Double)
        -> Result
    {
        if target <= 0 { return Result(value: 0, threshold: -.infinity, fraction: 0, feasible: true) }
        scratch.removeAll(keepingCapacity: true)
        scratch.append(contentsOf: rows)
        // Each ratio is divided out once, not at every level of the selection.
        ratios.removeAll(keepingCapacity: true)
        for r in rows { ratios.append(u[Int(r)] / w[Int(r)]) }
        return scratch.withUnsafeMutableBufferPointer { a -> Result in
            ratios.withUnsafeMutableBufferPointer { key -> Result in
                Self.select(a, key, u: u, w: w, target: target)
            }
        }
    }

    /// The weighted quickselect on `a` (rows) and `key` (their ratios, swapped alongside).
    private static func select(
        _ a: UnsafeMutableBufferPointer<Int32>, _ key: UnsafeMutableBufferPointer<Double>,
        u: UnsafeBufferPointer<Double>, w: UnsafeBufferPointer<Double>, target: Double
    ) -> Result {
        var need = target
        var value = 0.0
        var lo = 0
        var hi = a.count
        @inline(__always) func swap(_ x: Int, _ y: Int) {
            a.swapAt(x, y)
            key.swapAt(x, y)
        }
        while lo < hi {
            // Median-of-three pivot by position.
            let mid = lo + (hi - lo) / 2
            let x = key[lo]
            let y = key[mid]
            let z = key[hi - 1]
            let pivot = max(min(x, y), min(max(x, y), z))
            // Three-way partition: [lo, lt) < pivot, [lt, gt) == pivot, [gt, hi) > pivot.
            var lt = lo
            var i = lo
            var gt = hi
            while i < gt {
                let r = key[i]
                if r < pivot {
                    swap(lt, i)
                    lt += 1
                    i += 1
                } else if r > pivot {
                    gt -= 1
                    swap(i, gt)
                } else {
                    i += 1
                }
            }
            var lowWeight = 0.0
            var lowValue = 0.0
            for k in lo..<lt {
                let r = Int(a[k])
                lowWeight += w[r]
                lowValue += u[r]
            }
            if lowWeight >= need {
                hi = lt
                continue
            }
            var eqWeight = 0.0
            var eqValue = 0.0
            for k in lt..<gt {
                let r = Int(a[k])
                eqWeight += w[r]
                eqValue += u[r]
            }
            if lowWeight + eqWeight >= need {
                let fraction = (need - lowWeight) / eqWeight
                return Result(
                    value: value + lowValue + fraction * eqValue, threshold: pivot, fraction: fraction,
                    feasible: true)
            }
            need -= lowWeight + eqWeight
            value += lowValue + eqValue
            lo = gt
        }
        return Result(value: .infinity, threshold: .infinity, fraction: 1, feasible: false)
    }
}
