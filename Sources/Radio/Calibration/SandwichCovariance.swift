import Foundation

/// Standard errors of a `CensoredHuberRegression` fit from the robust ("sandwich") covariance of
/// an M-estimator, clustered so that correlated observations are not counted as independent.
///
/// For estimating equations Σ_i Ψ_i(θ) = 0 with θ = (γ, σ):
/// ```
/// Cov(θ̂) = A⁻¹ · B · A⁻ᵀ,   A = Σ_i ∂Ψ_i/∂θ,   B = G/(G−1) · Σ_g (Σ_{i∈g} Ψ_i)(Σ_{i∈g} Ψ_i)ᵀ
/// ```
/// (Huber 1967, "The behavior of maximum likelihood estimates under nonstandard conditions";
/// White 1982; the cluster sum over G groups is Liang & Zeger 1986). With one observation per
/// cluster it is the heteroscedasticity-consistent estimator (HC0 times n/(n−1)); with clusters
/// that hold spatially correlated bins (a site, a spatial block) it stays honest when shadowing is
/// correlated (Gudmundson 1991), where the independent version understates the error.
/// A is evaluated by central differences of Σ Ψ_i.
public enum SandwichCovariance {
    /// The covariance of (γ, σ) — p + 1 rows — or nil when A is singular or there are fewer than
    /// two clusters.
    ///
    /// - Parameter cluster: a cluster label per observation (`nil`: every observation its own).
    /// - Complexity: O(n·p²).
    public static func covariance(
        _ data: CensoredHuberRegression.Data, fit: CensoredHuberRegression.Fit, cluster: [Int]? = nil
    ) -> SmallMatrix? {
        let q = data.parameterCount + 1
        let theta = fit.coefficients + [fit.sigma]
        func total(_ t: [Double]) -> [Double] {
            let rows = CensoredHuberRegression.estimatingFunctions(
                data, gamma: Array(t.prefix(q - 1)), sigma: t[q - 1], fit: fit)
            var sum = [Double](repeating: 0, count: q)
            for row in rows { for j in 0..<q { sum[j] += row[j] } }
            return sum
        }
        var a = SmallMatrix(size: q)
        for j in 0..<q {
            let h = 1e-5 * max(1, abs(theta[j]))
            var plus = theta
            var minus = theta
            plus[j] += h
            minus[j] -= h
            let fp = total(plus)
            let fm = total(minus)
            for i in 0..<q { a[i, j] = (fp[i] - fm[i]) / (2 * h) }
        }
        guard let aInverse = a.inverse() else { return nil }
        let rows = CensoredHuberRegression.estimatingFunctions(
            data, gamma: fit.coefficients, sigma: fit.sigma, fit: fit)
        var sums: [Int: [Double]] = [:]
        for (i, row) in rows.enumerated() {
            let key = cluster?[i] ?? i
            var s = sums[key] ?? [Double](repeating: 0, count: q)
            for j in 0..<q { s[j] += row[j] }
            sums[key] = s
        }
        let groups = sums.count
        guard groups >= 2 else { return nil }
        var b = SmallMatrix(size: q)
        for key in sums.keys.sorted() {
            let s = sums[key]!
            for i in 0..<q { for j in 0..<q { b[i, j] += s[i] * s[j] } }
        }
        let factor = Double(groups) / Double(groups - 1)
        for k in b.values.indices { b.values[k] *= factor }
        return aInverse * b * aInverse.transposed
    }

    /// √diag of a covariance (NaN for a negative diagonal entry, which rounding can produce).
    public static func standardErrors(_ covariance: SmallMatrix) -> [Double] {
        (0..<covariance.size).map { covariance[$0, $0] >= 0 ? covariance[$0, $0].squareRoot() : .nan }
    }
}
