import Foundation

/// Linear regression y = X·γ + σ·ε that is robust to outliers (Huber's M-estimator) and treats
/// left-censored observations — "y is at most c", a phone's RSRP at its sensitivity floor — as
/// censored rather than as measurements.
///
/// The estimate (γ, σ) solves the estimating equations
/// ```
/// Σ_uncensored ψ(z_i)·x_i  + Σ_censored E[ψ(Z) | Z ≤ α_i]·x_i  = 0          z_i = (y_i − x_i·γ)/σ
/// Σ_uncensored ψ(z_i)²     + Σ_censored E[ψ(Z)² | Z ≤ α_i]      = m·β_k      α_i = (c_i − x_i·γ)/σ
/// ```
/// with ψ Huber's function (`HuberScore`), β_k = E[ψ(Z)²] and m = n − p (or n without the
/// degrees-of-freedom correction). Each censored term is the expectation of its uncensored
/// score given what is known, so both equations are unbiased at the normal model. Two limits
/// check the construction: without censoring they are Huber's Proposal 2 for regression with a
/// joint scale (Huber 1981, *Robust Statistics*, §7.7–7.8); with k = ∞ and m = n they are the
/// score equations of the Tobit likelihood (Tobin 1958; Amemiya 1973), whose censored terms are
/// −φ(α)/Φ(α) and 1 − α·φ(α)/Φ(α).
///
/// Solved by Huber's iteration with modified residuals (Huber 1981 §7.8; Huber & Dutter 1974):
/// σ² ← σ²·Σ v_i/(m·β_k), then γ ← γ + σ·(X'X)⁻¹·X'u, where u_i, v_i are the scores above. With
/// censoring this is an EM algorithm (Dempster, Laird & Rubin 1977): each censored observation is
/// replaced by its conditional expectation under the current fit. X'X is factored once.
public enum CensoredHuberRegression {
    /// Settings of the fit.
    public struct Options: Sendable, Hashable {
        /// Huber's k in units of σ (`HuberScore.defaultK`); `.infinity` for least squares / Tobit.
        public var huberK: Double = HuberScore.defaultK
        /// Divide the scale equation by n − p instead of n (unbiased σ² for least squares).
        public var degreesOfFreedomCorrection = true
        /// Iteration limit and relative tolerance on γ and σ.
        public var maximumIterations = 5_000
        public var tolerance = 1e-10

        public init(huberK: Double = HuberScore.defaultK, degreesOfFreedomCorrection: Bool = true) {
            self.huberK = huberK
            self.degreesOfFreedomCorrection = degreesOfFreedomCorrection
        }
    }

    /// The data: n observations of p regressors (row-major), responses, censoring flags.
    public struct Data: Sendable {
        public let count: Int
        public let parameterCount: Int
        /// Row-major n × p design matrix.
        public let design: [Double]
        /// The measurement, or the upper bound c when `censored`.
        public let response: [Double]
        public let censored: [Bool]

        public init(design: [Double], parameterCount: Int, response: [Double], censored: [Bool]) {
            precondition(parameterCount > 0 && design.count == response.count * parameterCount)
            precondition(censored.count == response.count)
            self.design = design
            self.parameterCount = parameterCount
            self.response = response
            self.censored = censored
            count = response.count
        }

        /// x_i·γ.
        @inlinable
        public func fitted(_ i: Int, _ gamma: [Double]) -> Double {
            var s = 0.0
            let base = i * parameterCount
            for j in 0..<parameterCount { s += design[base + j] * gamma[j] }
            return s
        }

        /// The observations `rows` as a new data set (for cross-validation).
        public func subset(_ rows: [Int]) -> Data {
            var x: [Double] = []
            x.reserveCapacity(rows.count * parameterCount)
            for i in rows { x += design[(i * parameterCount)..<((i + 1) * parameterCount)] }
            return Data(
                design: x, parameterCount: parameterCount, response: rows.map { response[$0] },
                censored: rows.map { censored[$0] })
        }
    }

    /// The estimate.
    public struct Fit: Sendable {
        public var coefficients: [Double]
        public var sigma: Double
        public var iterations: Int
        public var converged: Bool
        /// The Huber function used.
        public var score: HuberScore
        /// The scale equation's divisor m (n − p, or n).
        public var scaleDivisor: Double
    }

    /// Why a fit could not be made.
    public enum Failure: Error, Sendable, Hashable {
        /// Fewer uncensored observations than parameters + 1.
        case tooFewObservations(uncensored: Int, needed: Int)
        /// Column `column` of the design is a combination of the others (e.g. every bin at one distance).
        case notIdentifiable(column: Int)
    }

    /// Fits γ and σ.
    /// - Complexity: O(n·p) per iteration plus O(n·p²) once for X'X.
    public static func fit(_ data: Data, options: Options = Options()) -> Result<Fit, Failure> {
        let n = data.count
        let p = data.parameterCount
        let uncensored = data.censored.filter { !$0 }.count
        guard uncensored >= p + 1 else { return .failure(.tooFewObservations(uncensored: uncensored, needed: p + 1)) }
        let normal = normalMatrix(data)
        let factor: SmallMatrix
        switch normal.cholesky() {
        case .success(let l): factor = l
        case .failure(let deficiency): return .failure(.notIdentifiable(column: deficiency.column))
        }
        let score = HuberScore(k: options.huberK)
        let divisor = Double(options.degreesOfFreedomCorrection ? n - p : n)
        // Start: least squares on every value (censored ones at their bound), scale from the MAD.
        var gamma = factor.choleskySolve(crossProduct(data, data.response))
        let residuals = (0..<n).map { data.response[$0] - data.fitted($0, gamma) }
        var sigma = 1.482_6 * median(residuals.map(abs))
        if !(sigma > 0) {
            let rss = residuals.reduce(0) { $0 + $1 * $1 }
            sigma = max((rss / max(divisor, 1)).squareRoot(), 1e-9)
        }
        var u = [Double](repeating: 0, count: n)
        var iterations = 0
        var converged = false
        while iterations < options.maximumIterations {
            iterations += 1
            // Scale step (Proposal 2), then the location step with modified residuals σ·u_i.
            var sumV = 0.0
            for i in 0..<n { sumV += scores(data, i, gamma, sigma, score).v }
            let newSigma = sigma * (sumV / (divisor * score.betaK)).squareRoot()
            for i in 0..<n { u[i] = newSigma * scores(data, i, gamma, newSigma, score).u }
            let step = factor.choleskySolve(crossProduct(data, u))
            var largest = 0.0
            for j in 0..<p {
                gamma[j] += step[j]
                largest = max(largest, abs(step[j]) / (1 + abs(gamma[j])))
            }
            let sigmaChange = abs(newSigma - sigma) / max(newSigma, 1e-12)
            sigma = newSigma
            if largest < options.tolerance && sigmaChange < options.tolerance {
                converged = true
                break
            }
        }
        return .success(
            Fit(
                coefficients: gamma, sigma: sigma, iterations: iterations, converged: converged, score: score,
                scaleDivisor: divisor))
    }

    /// The scores (u_i, v_i) of observation i: ψ(z), ψ(z)² when measured; their conditional
    /// expectations given Z ≤ α when censored.
    static func scores(_ data: Data, _ i: Int, _ gamma: [Double], _ sigma: Double, _ score: HuberScore) -> (
        u: Double, v: Double
    ) {
        let z = (data.response[i] - data.fitted(i, gamma)) / sigma
        if data.censored[i] { return (score.censoredMean(z), score.censoredSecondMoment(z)) }
        let psi = score.psi(z)
        return (psi, psi * psi)
    }

    /// Each observation's contribution to the estimating equations at (γ, σ): p entries for γ,
    /// then one for σ (v_i − β_k·m/n), so that they sum to zero at the estimate.
    public static func estimatingFunctions(_ data: Data, gamma: [Double], sigma: Double, fit: Fit) -> [[Double]] {
        let p = data.parameterCount
        let share = fit.score.betaK * fit.scaleDivisor / Double(data.count)
        return (0..<data.count).map { i in
            let s = scores(data, i, gamma, sigma, fit.score)
            var row = [Double](repeating: 0, count: p + 1)
            for j in 0..<p { row[j] = s.u * data.design[i * p + j] }
            row[p] = s.v - share
            return row
        }
    }

    /// X'X.
    static func normalMatrix(_ data: Data) -> SmallMatrix {
        let p = data.parameterCount
        var m = SmallMatrix(size: p)
        for i in 0..<data.count {
            let base = i * p
            for a in 0..<p {
                let xa = data.design[base + a]
                if xa == 0 { continue }
                for b in a..<p { m[a, b] += xa * data.design[base + b] }
            }
        }
        for a in 0..<p { for b in 0..<a { m[a, b] = m[b, a] } }
        return m
    }

    /// X'v.
    static func crossProduct(_ data: Data, _ v: [Double]) -> [Double] {
        let p = data.parameterCount
        var out = [Double](repeating: 0, count: p)
        for i in 0..<data.count where v[i] != 0 {
            let base = i * p
            for j in 0..<p { out[j] += data.design[base + j] * v[i] }
        }
        return out
    }

    /// The median (the mean of the middle two for an even count); 0 for none.
    static func median(_ values: [Double]) -> Double {
        guard !values.isEmpty else { return 0 }
        let sorted = values.sorted()
        let mid = sorted.count / 2
        return sorted.count % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2
    }
}
