/// The largest cost unit every free column's cost is a whole multiple of — 1 for integer costs,
/// 20 when every candidate costs 20 or 40, 0.5 for costs 1.5 and 2 — so that a lower bound may be
/// rounded **up** to the next multiple: every cover costs a multiple of the unit, hence so does the
/// optimum, and no cover can cost less than the next multiple at or above the bound.
///
/// Found among decimal units: the costs are scaled by 10^d for the smallest d ≤ 6 that makes every
/// one a whole number (to 10⁻⁹ relative), and the unit is the greatest common divisor of the scaled
/// costs divided by 10^d. Costs that need more than 6 decimals have no unit (nil); so do columns that
/// all cost 0.
public struct CostUnit: Sendable, Hashable {
    /// The unit as a whole number of 10^-`decimals`: unit = `count` / 10^`decimals`.
    public let count: Int64
    /// Decimal places of the unit's scale (0…6).
    public let decimals: Int

    /// The unit `count` / 10^`decimals` (`count` > 0, `decimals` in 0…6).
    public init(count: Int64, decimals: Int) {
        self.count = count
        self.decimals = decimals
    }

    /// The unit's value.
    public var value: Double { Double(count) / CostUnit.scale(decimals) }

    /// The unit of `costs`, or nil when there is none (see the type's documentation).
    /// - Complexity: O(costs · 7).
    public static func of<C: Collection>(_ costs: C) -> CostUnit? where C.Element == Double {
        guard costs.contains(where: { $0 != 0 }) else { return nil }
        for decimals in 0...6 {
            let scale = Self.scale(decimals)
            var divisor: Int64 = 0
            var whole = true
            for cost in costs {
                let scaled = cost * scale
                guard scaled.isFinite, abs(scaled) < 9e15 else { return nil }
                let rounded = scaled.rounded()
                if abs(scaled - rounded) > 1e-9 * max(1, abs(scaled)) {
                    whole = false
                    break
                }
                divisor = gcd(divisor, Int64(abs(rounded)))
            }
            if whole && divisor > 0 { return CostUnit(count: divisor, decimals: decimals) }
        }
        return nil
    }

    /// `bound` rounded up to the next multiple of the unit, with a relative slack of 10⁻⁶ so that a
    /// bound a rounding error above a multiple stays at that multiple; non-finite bounds unchanged.
    public func roundUp(_ bound: Double) -> Double {
        guard bound.isFinite else { return bound }
        let scale = Self.scale(decimals)
        let slack = 1e-6 * max(1, abs(bound))
        let multiples = ((bound - slack) * scale / Double(count)).rounded(.up)
        return multiples * Double(count) / scale
    }

    /// A bound rounded up with `unit` when there is one.
    public static func roundUp(_ bound: Double, unit: CostUnit?) -> Double {
        unit?.roundUp(bound) ?? bound
    }

    static func scale(_ decimals: Int) -> Double {
        var scale = 1.0
        for _ in 0..<decimals { scale *= 10 }
        return scale
    }

    static func gcd(_ a: Int64, _ b: Int64) -> Int64 {
        var (x, y) = (a, b)
        while y != 0 { (x, y) = (y, x % y) }
        return x
    }
}
