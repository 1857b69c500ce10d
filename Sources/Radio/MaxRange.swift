/// The inverse link budget: the largest distance at which a budget margin is still ≥ 0.
///
/// Method. The margin m(d) = limit − CL(d, G_max) is evaluated on the maximum-gain envelope.
/// - Monotone case (every fixed LOS/NLOS model; blends whose P_LOS decreases with distance; see
///   `PathLossModel.isMonotoneInDistance`): m never increases with d, so bracket by doubling from
///   1 m, then bisect to 1 µm. Exact: m(range) ≥ 0 and m(d) < 0 for every d > range. Where m is
///   continuous, m(range) is 0 to within ~10⁻⁶ dB; at a jump (the RMa σ_SF step from 4 to 6 dB at
///   d_BP) the range is the jump point and m(range) may be well above 0 — that is the honest answer.
/// - Non-monotone case (UMa blend with hUT > 13 m, or reliability below 50 % on a blend): scan
///   outward on a geometric grid (ratio 1.0025, 0–200 km), take the last grid point with m ≥ 0 and
///   bisect to the next. A covered sliver narrower than one grid step (0.25 %) beyond the last
///   sign change could be missed; the models are smooth on that scale.
public enum MaxRange {
    /// Search cap in metres; a range reaching it is reported as capped.
    public static let capMeters = 200_000.0
    /// Bisection stops when the bracket is narrower than this, metres.
    public static let precisionMeters = 1e-6
    /// Grid ratio of the non-monotone scan.
    public static let scanRatio = 1.0025

    /// The outcome of a range search.
    public struct Result: Sendable, Hashable {
        /// Largest distance with margin ≥ 0 (0 when even the closest point fails).
        public var distanceMeters: Double
        /// True when the margin was still ≥ 0 at `capMeters`.
        public var isCapped: Bool
    }

    /// Largest d in [0, capMeters] with `margin(d) >= 0` (see type doc for the guarantee).
    /// - Complexity: O(log(cap/precision)) margin evaluations when monotone, O(4 900) otherwise.
    public static func largestDistance(monotone: Bool, margin: (Double) -> Double) -> Result {
        if margin(capMeters) >= 0 { return Result(distanceMeters: capMeters, isCapped: true) }
        var lo = 0.0
        var hi = 1.0
        if monotone {
            if !(margin(0) >= 0) { return Result(distanceMeters: 0, isCapped: false) }
            while margin(hi) >= 0 {
                lo = hi
                hi *= 2
                if hi >= capMeters {
                    hi = capMeters
                    break
                }
            }
        } else {
            var found = false
            if margin(0) >= 0 {
                found = true
                lo = 0
                hi = 1
            }
            var d = 1.0
            while d < capMeters {
                if margin(d) >= 0 {
                    found = true
                    lo = d
                    hi = min(d * scanRatio, capMeters)
                }
                d *= scanRatio
            }
            if !found { return Result(distanceMeters: 0, isCapped: false) }
        }
        while hi - lo > precisionMeters {
            let mid = 0.5 * (lo + hi)
            if margin(mid) >= 0 { lo = mid } else { hi = mid }
        }
        return Result(distanceMeters: lo, isCapped: false)
    }
}
