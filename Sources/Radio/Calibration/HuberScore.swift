import Foundation

/// Huber's ψ function and its moments under a standard normal, including the moments conditional
/// on a left-censored observation (Z ≤ α). They turn Huber's M-estimator into one that treats a
/// sample at the phone's sensitivity floor as "at most this" (`CensoredHuberRegression`).
///
/// ψ_k(z) = max(−k, min(k, z))   (Huber 1964, "Robust estimation of a location parameter",
/// Ann. Math. Statist. 35(1)); k = 1.345 gives 95 % efficiency at the normal (Holland & Welsch
/// 1977). k = ∞ is least squares, and the censored moments then reduce to the Tobit (Tobin 1958)
/// likelihood scores: E[Z | Z ≤ α] = −φ(α)/Φ(α), E[Z² | Z ≤ α] = 1 − α·φ(α)/Φ(α).
///
/// For Z ~ N(0, 1) and −k < α ≤ k (φ, Φ the normal density and distribution):
/// ```
/// E[ψ(Z)·1(Z ≤ α)]  = −k·Φ(−k) + φ(k) − φ(α)
/// E[ψ(Z)²·1(Z ≤ α)] = k²·Φ(−k) + Φ(α) − Φ(−k) − α·φ(α) − k·φ(k)        (∫z²φ = Φ − zφ)
/// ```
/// below −k ψ is the constant −k; above k the integrals add k·(Φ(α) − Φ(k)) and k²·(Φ(α) − Φ(k)).
/// β_k = E[ψ(Z)²] = 2k²·Φ(−k) + 1 − 2Φ(−k) − 2k·φ(k) (0.7102 at k = 1.345) makes the scale
/// estimate consistent at the normal (Huber's Proposal 2, Huber 1981, *Robust Statistics* §7.7).
public struct HuberScore: Sendable, Hashable {
    /// The tuning constant k (in units of σ); `.infinity` for least squares.
    public let k: Double
    /// E[ψ_k(Z)²] for Z ~ N(0, 1).
    public let betaK: Double

    /// Huber's recommended constant: 95 % asymptotic efficiency at the normal.
    public static let defaultK = 1.345
    /// The largest finite k accepted; larger values are least squares for any practical purpose.
    public static let maximumFiniteK = 10.0

    /// ψ with tuning constant `k` in (0, 10] or `.infinity`.
    public init(k: Double) {
        precondition(k > 0 && (k <= HuberScore.maximumFiniteK || k == .infinity), "HuberScore: k out of range")
        self.k = k
        if k == .infinity {
            betaK = 1
        } else {
            let tail = Normal.cdf(-k)
            betaK = 2 * k * k * tail + 1 - 2 * tail - 2 * k * Normal.pdf(k)
        }
    }

    /// ψ_k(z).
    @inlinable
    public func psi(_ z: Double) -> Double { min(k, max(-k, z)) }

    /// E[ψ(Z) | Z ≤ α] for Z ~ N(0, 1): the score of an observation censored at α (in σ units).
    public func censoredMean(_ alpha: Double) -> Double {
        if k == .infinity { return -Normal.millsRatioBelow(alpha) }
        if alpha <= -k { return -k }
        let tail = Normal.cdf(-k)
        let below = Normal.cdf(alpha)
        if alpha <= k { return (-k * tail + Normal.pdf(k) - Normal.pdf(alpha)) / below }
        return (-k * tail + k * (below - Normal.cdf(k))) / below
    }

    /// E[ψ(Z)² | Z ≤ α] for Z ~ N(0, 1): the scale score of an observation censored at α.
    public func censoredSecondMoment(_ alpha: Double) -> Double {
        if k == .infinity { return 1 - alpha * Normal.millsRatioBelow(alpha) }
        if alpha <= -k { return k * k }
        let tail = Normal.cdf(-k)
        let below = Normal.cdf(alpha)
        let inner = k * k * tail - tail - k * Normal.pdf(k)
        if alpha <= k { return (inner + below - alpha * Normal.pdf(alpha)) / below }
        let central = Normal.cdf(k) - k * Normal.pdf(k)
        return (inner + central + k * k * (below - Normal.cdf(k))) / below
    }
}

/// The standard normal density, distribution and the inverse Mills ratio.
public enum Normal {
    /// φ(z) = exp(−z²/2)/√(2π).
    @inlinable
    public static func pdf(_ z: Double) -> Double { exp(-0.5 * z * z) / (2 * Double.pi).squareRoot() }

    /// Φ(z) = erfc(−z/√2)/2 (C99 `erfc`, accurate in the lower tail down to about z = −37).
    @inlinable
    public static func cdf(_ z: Double) -> Double { 0.5 * erfc(-z / 2.0.squareRoot()) }

    /// φ(α)/Φ(α), the inverse Mills ratio of the lower tail (so E[Z | Z ≤ α] = −φ(α)/Φ(α)).
    /// Below α = −30 Φ loses precision; there the asymptotic series of Mills' ratio
    /// R(x) = Φ(−x)/φ(x) ≈ 1/x − 1/x³ + 3/x⁵ − 15/x⁷ (Abramowitz & Stegun 26.2.12) is used,
    /// relative error below 2·10⁻¹⁰.
    public static func millsRatioBelow(_ alpha: Double) -> Double {
        if alpha > -30 { return pdf(alpha) / cdf(alpha) }
        let x = -alpha
        let x2 = x * x
        let r = (1 - (1 - (3 - 15 / x2) / x2) / x2) / x
        return 1 / r
    }
}
