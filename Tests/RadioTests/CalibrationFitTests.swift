import Foundation
import Testing

@testable import Radio

/// A small deterministic generator for the tests (LCG + Box–Muller), independent of the code under test.
struct TestRandom {
    var state: UInt64
    mutating func unit() -> Double {
        state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
        return (Double(state >> 11) + 0.5) / Double(1 << 53)
    }
    mutating func normal() -> Double { (-2 * log(unit())).squareRoot() * cos(2 * Double.pi * unit()) }
}

/// y = a + b·x + σ·ε on x uniform in [0, 2]; rows (1, x).
func lineData(n: Int, a: Double, b: Double, sigma: Double, seed: UInt64) -> (x: [Double], y: [Double]) {
    var random = TestRandom(state: seed)
    var xs: [Double] = []
    var ys: [Double] = []
    for _ in 0..<n {
        let x = 2 * random.unit()
        xs.append(x)
        ys.append(a + b * x + sigma * random.normal())
    }
    return (xs, ys)
}

func design(_ xs: [Double]) -> [Double] { xs.flatMap { [1, $0] } }

@Suite("Calibration fit: censored Huber regression against closed forms and known truths")
struct CalibrationFitTests {
    /// Hand-made data: the least-squares line through them computed here in closed form.
    static let handX: [Double] = [0.2, 0.5, 0.9, 1.3, 1.6, 2.1, 2.4, 3.0]
    static let handY: [Double] = [1.9, 3.1, 3.8, 5.2, 5.6, 7.3, 7.9, 9.9]

    static func closedForm(_ x: [Double], _ y: [Double]) -> (a: Double, b: Double, sigma: Double) {
        let n = Double(x.count)
        let mx = x.reduce(0, +) / n
        let my = y.reduce(0, +) / n
        let sxy = zip(x, y).reduce(0) { $0 + ($1.0 - mx) * ($1.1 - my) }
        let sxx = x.reduce(0) { $0 + ($1 - mx) * ($1 - mx) }
        let b = sxy / sxx
        let a = my - b * mx
        let rss = zip(x, y).reduce(0) { $0 + ($1.1 - a - b * $1.0) * ($1.1 - a - b * $1.0) }
        return (a, b, (rss / (n - 2)).squareRoot())
    }

    @Test("k = ∞ without censoring is least squares: the closed-form line and σ² = RSS/(n − 2)")
    func leastSquares() throws {
        let data = CensoredHuberRegression.Data(
            design: design(Self.handX), parameterCount: 2, response: Self.handY,
            censored: [Bool](repeating: false, count: Self.handX.count))
        let fit = try CensoredHuberRegression.fit(data, options: .init(huberK: .infinity)).get()
        let reference = Self.closedForm(Self.handX, Self.handY)
        #expect(fit.converged)
        #expect(abs(fit.coefficients[0] - reference.a) < 1e-9)
        #expect(abs(fit.coefficients[1] - reference.b) < 1e-9)
        #expect(abs(fit.sigma - reference.sigma) < 1e-9)
    }

    @Test("Huber with every residual inside k·σ is least squares, σ = σ_LS/√β_k (Proposal 2)")
    func huberInsideIsLeastSquares() throws {
        let reference = Self.closedForm(Self.handX, Self.handY)
        let residuals = zip(Self.handX, Self.handY).map { $1 - reference.a - reference.b * $0 }
        let score = HuberScore(k: HuberScore.defaultK)
        // Precondition of the test: no residual is clipped at the Huber scale.
        #expect(residuals.allSatisfy { abs($0) < score.k * reference.sigma / score.betaK.squareRoot() })
        let data = CensoredHuberRegression.Data(
            design: design(Self.handX), parameterCount: 2, response: Self.handY,
            censored: [Bool](repeating: false, count: Self.handX.count))
        let fit = try CensoredHuberRegression.fit(data).get()
        #expect(abs(fit.coefficients[0] - reference.a) < 1e-8)
        #expect(abs(fit.coefficients[1] - reference.b) < 1e-8)
        #expect(abs(fit.sigma - reference.sigma / score.betaK.squareRoot()) < 1e-8)
    }

    @Test("β_k and the censored moments agree with numerical integration of the normal density")
    func moments() {
        func integrate(_ f: (Double) -> Double, _ a: Double, _ b: Double) -> Double {
            let steps = 200_000
            let h = (b - a) / Double(steps)
            var s = 0.5 * (f(a) + f(b))
            for i in 1..<steps { s += f(a + Double(i) * h) }
            return s * h
        }
        for k in [0.8, 1.345, 2.5, Double.infinity] {
            let score = HuberScore(k: k)
            let phi = { (z: Double) in exp(-z * z / 2) / (2 * Double.pi).squareRoot() }
            let beta = integrate({ score.psi($0) * score.psi($0) * phi($0) }, -40, 40)
            #expect(abs(score.betaK - beta) < 1e-7, "β_k at k = \(k)")
            for alpha in [-3.0, -1.2, -0.3, 0.0, 0.7, 1.9, 4.0] {
                let mass = integrate(phi, -40, alpha)
                let m1 = integrate({ score.psi($0) * phi($0) }, -40, alpha) / mass
                let m2 = integrate({ score.psi($0) * score.psi($0) * phi($0) }, -40, alpha) / mass
                #expect(abs(score.censoredMean(alpha) - m1) < 1e-6, "E[ψ | Z ≤ \(alpha)] at k = \(k)")
                #expect(abs(score.censoredSecondMoment(alpha) - m2) < 1e-6, "E[ψ² | Z ≤ \(alpha)] at k = \(k)")
            }
        }
        // Far in the tail, Mills' ratio follows its asymptote −α.
        #expect(abs(Normal.millsRatioBelow(-50) - 50.02) < 0.01)
    }

    @Test("Huber resists gross outliers that move least squares")
    func robust() throws {
        var (x, y) = lineData(n: 400, a: 5, b: -2, sigma: 1, seed: 7)
        for i in stride(from: 0, to: 400, by: 10) { y[i] += 25 } // 10 % gross errors
        let data = CensoredHuberRegression.Data(
            design: design(x), parameterCount: 2, response: y, censored: [Bool](repeating: false, count: 400))
        let huber = try CensoredHuberRegression.fit(data).get()
        let ls = try CensoredHuberRegression.fit(data, options: .init(huberK: .infinity)).get()
        #expect(abs(huber.coefficients[0] - 5) < 0.5)
        #expect(abs(huber.coefficients[1] + 2) < 0.3)
        // At x = 1 (the middle of the data) the truth is 3; least squares is pulled up by ~2.5 dB.
        #expect(ls.coefficients[0] + ls.coefficients[1] - 3 > 2)
        #expect(abs(huber.coefficients[0] + huber.coefficients[1] - 3) < 0.3)
        #expect(huber.sigma < 2 && ls.sigma > 5)
    }

    /// Data censored from below at `c` (values ≤ c reported as c).
    static func censoredData(seed: UInt64, c: Double) -> (data: CensoredHuberRegression.Data, share: Double) {
        let (x, y) = lineData(n: 3_000, a: 2, b: 1.5, sigma: 1, seed: seed)
        let censored = y.map { $0 <= c }
        let reported = y.map { max($0, c) }
        let data = CensoredHuberRegression.Data(
            design: design(x), parameterCount: 2, response: reported, censored: censored)
        return (data, Double(censored.filter { $0 }.count) / Double(y.count))
    }

    @Test(
        "censoring: the censored fit recovers the truth; values at the floor taken as measurements bias it up and flatten it",
        arguments: [Double.infinity, HuberScore.defaultK])
    func censoring(k: Double) throws {
        let (data, share) = Self.censoredData(seed: 11, c: 3)
        #expect(share > 0.25 && share < 0.5)
        let fit = try CensoredHuberRegression.fit(data, options: .init(huberK: k)).get()
        #expect(abs(fit.coefficients[0] - 2) < 0.12)
        #expect(abs(fit.coefficients[1] - 1.5) < 0.1)
        #expect(abs(fit.sigma - 1) < 0.06)
        let naive = CensoredHuberRegression.Data(
            design: data.design, parameterCount: 2, response: data.response,
            censored: [Bool](repeating: false, count: data.count))
        let biased = try CensoredHuberRegression.fit(naive, options: .init(huberK: k)).get()
        // The floor is above the true values it replaces: a higher intercept (more signal where it is
        // weak), a flatter slope (the weak end is held up), a smaller σ (the tail is cut off).
        #expect(biased.coefficients[0] > 2.3)
        #expect(biased.coefficients[1] < 1.3)
        #expect(biased.sigma < 0.85)
    }

    @Test("k = ∞ without the n − p correction is the Tobit maximum-likelihood estimate (log-likelihood gradient 0)")
    func tobitLikelihood() throws {
        let (data, _) = Self.censoredData(seed: 3, c: 2.8)
        var options = CensoredHuberRegression.Options(huberK: .infinity, degreesOfFreedomCorrection: false)
        options.tolerance = 1e-12
        let fit = try CensoredHuberRegression.fit(data, options: options).get()
        // The Tobit log-likelihood written out independently (Tobin 1958).
        func logLikelihood(_ a: Double, _ b: Double, _ s: Double) -> Double {
            var total = 0.0
            for i in 0..<data.count {
                let mu = a + b * data.design[2 * i + 1]
                let z = (data.response[i] - mu) / s
                total += data.censored[i] ? log(0.5 * erfc(-z / 2.0.squareRoot())) : -log(s) - z * z / 2
            }
            return total
        }
        let theta = [fit.coefficients[0], fit.coefficients[1], fit.sigma]
        for j in 0..<3 {
            var plus = theta
            var minus = theta
            plus[j] += 1e-5
            minus[j] -= 1e-5
            let gradient =
                (logLikelihood(plus[0], plus[1], plus[2]) - logLikelihood(minus[0], minus[1], minus[2])) / 2e-5
            #expect(abs(gradient) < 1e-3, "∂logL/∂θ\(j) = \(gradient)")
        }
    }

    @Test("sandwich standard errors match the spread of estimates over 300 independent data sets")
    func standardErrors() throws {
        var intercepts: [Double] = []
        var slopes: [Double] = []
        var reported: [(Double, Double)] = []
        for seed in 1...300 {
            let (x, y) = lineData(n: 150, a: 1, b: 2, sigma: 2, seed: UInt64(seed) * 7_919)
            let censored = y.map { $0 <= 1.5 }
            let data = CensoredHuberRegression.Data(
                design: design(x), parameterCount: 2, response: y.map { max($0, 1.5) }, censored: censored)
            let fit = try CensoredHuberRegression.fit(data).get()
            let covariance = try #require(SandwichCovariance.covariance(data, fit: fit))
            let se = SandwichCovariance.standardErrors(covariance)
            intercepts.append(fit.coefficients[0])
            slopes.append(fit.coefficients[1])
            reported.append((se[0], se[1]))
        }
        func spread(_ v: [Double]) -> Double {
            let m = v.reduce(0, +) / Double(v.count)
            return (v.reduce(0) { $0 + ($1 - m) * ($1 - m) } / Double(v.count - 1)).squareRoot()
        }
        let meanSE0 = reported.reduce(0) { $0 + $1.0 } / 300
        let meanSE1 = reported.reduce(0) { $0 + $1.1 } / 300
        #expect(
            abs(meanSE0 / spread(intercepts) - 1) < 0.15, "intercept: SE \(meanSE0) vs spread \(spread(intercepts))")
        #expect(abs(meanSE1 / spread(slopes) - 1) < 0.15, "slope: SE \(meanSE1) vs spread \(spread(slopes))")
    }

    @Test("too few observations and a collinear design are reported, not fitted")
    func failures() {
        let flat = CensoredHuberRegression.Data(
            design: [1, 2, 1, 2, 1, 2, 1, 2], parameterCount: 2, response: [1, 2, 3, 4],
            censored: [false, false, false, false])
        if case .failure(.notIdentifiable(let column)) = CensoredHuberRegression.fit(flat) {
            #expect(column == 1)
        } else {
            Issue.record("a collinear design was fitted")
        }
        let few = CensoredHuberRegression.Data(
            design: [1, 0, 1, 1, 1, 2], parameterCount: 2, response: [1, 2, 3], censored: [false, true, true])
        #expect(throws: CensoredHuberRegression.Failure.self) { try CensoredHuberRegression.fit(few).get() }
    }

    @Test("SmallMatrix: inverse and Cholesky solve")
    func smallMatrix() throws {
        let m = SmallMatrix(rows: [[4, 1, 0.5], [1, 3, 0.2], [0.5, 0.2, 2]])
        let inverse = try #require(m.inverse())
        let product = m * inverse
        for i in 0..<3 { for j in 0..<3 { #expect(abs(product[i, j] - (i == j ? 1 : 0)) < 1e-12) } }
        let l = try m.cholesky().get()
        let x = l.choleskySolve([1, 2, 3])
        let back = m.times(x)
        for i in 0..<3 { #expect(abs(back[i] - Double(i + 1)) < 1e-12) }
    }
}
