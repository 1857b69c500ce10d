import Foundation

/// The regression behind a path-loss calibration: what is fitted to the binned drive-test
/// samples, and how the fitted coefficients become a `PathLossCorrection`.
///
/// For bin i with measured local-mean RSRP y_i, RSRP p_i predicted by the uncalibrated profile
/// (median: no shadow margin), mean log10(d3D_i) and clutter class k_i:
/// ```
/// y_i − p_i = −[a + b·log10(d3D_i / d_ref) + c_{k_i}] + σ·ε_i
/// ```
/// a is the path-loss offset (dB), b the slope correction (dB/decade), c_k the offset of clutter
/// class k relative to the reference class (the one with most bins, c = 0), σ the residual standard
/// deviation — the shadow fading the calibrated profile plans with. The design row is
/// x_i = (−1, −log10(d3D_i/d_ref), −1(k_i = k)…), so the coefficients are (a, b, c_k…) directly.
/// A censored bin (y_i ≤ u_i) is censored in the response: y_i − p_i ≤ u_i − p_i.
///
/// d_ref defaults to the geometric mean of the bins' d3D (rounded to 10 m): there the offset is
/// nearly uncorrelated with the slope, so each has its smallest standard error.
public struct CalibrationDesign: Sendable {
    /// Parameter names in column order: `offset_db`, `slope_correction_db_per_decade` (when the
    /// slope is fitted), then `clutter_offset_db[CLASS]` per non-reference class.
    public let parameterNames: [String]
    public let data: CensoredHuberRegression.Data
    public let referenceDistanceMeters: Double
    public let fitsSlope: Bool
    /// Classes with an offset column, in column order.
    public let clutterClasses: [String]
    /// The class whose offset is the profile's (no column), when clutter is fitted.
    public let referenceClass: String?

    /// Builds the design.
    /// - Parameters:
    ///   - clutter: a class name per bin, or nil to fit no clutter offsets.
    ///   - referenceDistanceMeters: nil for the geometric mean of the bins' d3D.
    public init(
        measuredDBm: [Double], predictedDBm: [Double], censored: [Bool], log10Distance3D: [Double],
        clutter: [String]?, fitSlope: Bool, referenceDistanceMeters: Double? = nil
    ) {
        let n = measuredDBm.count
        let meanLog = n > 0 ? log10Distance3D.reduce(0, +) / Double(n) : 3
        let reference = referenceDistanceMeters ?? max(10, (pow(10, meanLog) / 10).rounded() * 10)
        self.referenceDistanceMeters = reference
        fitsSlope = fitSlope
        var classes: [String] = []
        var referenceClass: String?
        if let clutter {
            var counts: [String: Int] = [:]
            for name in clutter { counts[name, default: 0] += 1 }
            let ordered = counts.keys.sorted()
            referenceClass = ordered.max { (counts[$0]!, $1) < (counts[$1]!, $0) }
            classes = ordered.filter { $0 != referenceClass }
        }
        self.referenceClass = referenceClass
        clutterClasses = classes
        parameterNames =
            ["offset_db"] + (fitSlope ? ["slope_correction_db_per_decade"] : [])
            + classes.map { "clutter_offset_db[\($0)]" }
        let p = parameterNames.count
        let logReference = log10(reference)
        var x = [Double](repeating: 0, count: n * p)
        var column: [String: Int] = [:]
        for (k, name) in classes.enumerated() { column[name] = (fitSlope ? 2 : 1) + k }
        for i in 0..<n {
            x[i * p] = -1
            if fitSlope { x[i * p + 1] = -(log10Distance3D[i] - logReference) }
            if let clutter, let c = column[clutter[i]] { x[i * p + c] = -1 }
        }
        data = CensoredHuberRegression.Data(
            design: x, parameterCount: p, response: (0..<n).map { measuredDBm[$0] - predictedDBm[$0] },
            censored: censored)
    }

    /// ΔPL of bin i for coefficients γ: what the calibration adds to the bin's path loss (dB).
    public func pathLossCorrectionDB(_ i: Int, coefficients: [Double]) -> Double {
        -data.fitted(i, coefficients)
    }

    /// The profile-wide correction (the reference class's) for coefficients γ.
    public func correction(_ coefficients: [Double]) -> PathLossCorrection {
        PathLossCorrection(
            offsetDB: coefficients[0], slopeCorrectionDBPerDecade: fitsSlope ? coefficients[1] : 0,
            referenceDistanceMeters: referenceDistanceMeters)
    }
}
