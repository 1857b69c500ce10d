import CityGenerator
import Foundation

/// A stationary Gaussian random field on the plane with covariance σ²·exp(−|h|/L): the spatially
/// correlated shadowing of one site (Gudmundson 1991, "Correlation model for shadow fading in
/// mobile radio systems", Electron. Lett. 27(23), generalised isotropically to two dimensions).
///
/// Random Fourier features (Rahimi & Recht 2007, "Random features for large-scale kernel
/// machines"): S(x) = σ·√(2/M)·Σ_m cos(ω_m·x + φ_m) with φ_m uniform on [0, 2π) and ω_m drawn from
/// the field's spectral distribution. For the exponential covariance in two dimensions that is the
/// bivariate Cauchy distribution of scale 1/L, whose characteristic function is exp(−|h|/L):
/// ω = g/(L·|c|) with g ~ N(0, I₂) and c ~ N(0, 1). Each term has variance σ²/M, so S has variance σ²
/// and covariance σ²·E[cos(ω·h)] = σ²·exp(−|h|/L); with M = 256 terms it is Gaussian to the eye.
struct ShadowField {
    let sigmaDB: Double
    let frequencies: [(Double, Double)]
    let phases: [Double]

    /// Draws a field from `random`.
    init(sigmaDB: Double, correlationMeters: Double, terms: Int = 256, random: inout Xoshiro256StarStar) {
        self.sigmaDB = sigmaDB
        var frequencies: [(Double, Double)] = []
        var phases: [Double] = []
        for _ in 0..<terms {
            let gx = ShadowField.gaussian(&random)
            let gy = ShadowField.gaussian(&random)
            let c = max(abs(ShadowField.gaussian(&random)), 1e-12)
            frequencies.append((gx / (correlationMeters * c), gy / (correlationMeters * c)))
            phases.append(random.uniform(0, 2 * Double.pi))
        }
        self.frequencies = frequencies
        self.phases = phases
    }

    /// S at a point of the local metric frame, dB.
    func valueDB(eastMeters x: Double, northMeters y: Double) -> Double {
        var sum = 0.0
        for (k, w) in frequencies.enumerated() { sum += cos(w.0 * x + w.1 * y + phases[k]) }
        return sigmaDB * (2 / Double(frequencies.count)).squareRoot() * sum
    }

    /// A standard normal draw (Box–Muller).
    static func gaussian(_ random: inout Xoshiro256StarStar) -> Double {
        let u = max(random.unit(), 1e-300)
        let v = random.unit()
        return (-2 * log(u)).squareRoot() * cos(2 * Double.pi * v)
    }

    /// 10·log10 of a Gamma(m, 1/m) draw (mean power 1): Nakagami-m fading of a power sample, as
    /// the sum of m unit exponentials divided by m (m a positive integer).
    static func fadingDB(m: Int, _ random: inout Xoshiro256StarStar) -> Double {
        var sum = 0.0
        for _ in 0..<m { sum -= log(max(random.unit(), 1e-300)) }
        return 10 * log10(sum / Double(m))
    }
}
