import Foundation

/// A measured correction of a path-loss model: an offset and a change of the distance slope, as a
/// drive-test calibration (`nrplan calibrate`, docs/calibration.md) fits them.
///
/// ```
/// ΔPL(d3D) = offsetDB + slopeCorrectionDBPerDecade · log10(d3D / referenceDistanceMeters)
/// PL_calibrated(d) = PL_model(d) + ΔPL(d3D)
/// ```
///
/// This is the "K1 / K2" tuning of the standard propagation model that commercial planning tools
/// calibrate (e.g. the Standard Propagation Model of Atoll, after the COST 231 Hata form
/// `K1 + K2·log10(d)`): the offset moves the whole curve, the slope correction tilts it about the
/// reference distance. Because every TR 38.901 branch, free space and Hata are affine in
/// log10(d3D) (COST 231 final report §4.4; TR 38.901 Table 7.4.1-1), a corrected model is still one
/// `a + b·log10(d3D)` per branch, so `PathLossKernel` folds the correction into its coefficients
/// and the coverage hot path costs nothing more.
///
/// The slope correction is limited to ±20 dB/decade so that a corrected model still increases with
/// distance (every model's slope is at least 20 dB/decade: free space), which the range search
/// (`MaxRange`) relies on.
public struct PathLossCorrection: Sendable, Hashable {
    /// Added to the path loss at every distance when the slope correction is 0; at the reference
    /// distance otherwise, in dB.
    public var offsetDB: Double
    /// Added to the model's distance slope, in dB per decade of d3D.
    public var slopeCorrectionDBPerDecade: Double
    /// The d3D in metres at which the slope correction adds nothing (so `offsetDB` is the
    /// correction there).
    public var referenceDistanceMeters: Double

    /// The largest slope correction a profile accepts, dB/decade (keeps every model increasing).
    public static let slopeLimitDBPerDecade = 20.0

    /// No correction.
    public static let none = PathLossCorrection()

    /// Creates a correction (default: none, reference 1 km).
    public init(offsetDB: Double = 0, slopeCorrectionDBPerDecade: Double = 0, referenceDistanceMeters: Double = 1_000) {
        self.offsetDB = offsetDB
        self.slopeCorrectionDBPerDecade = slopeCorrectionDBPerDecade
        self.referenceDistanceMeters = referenceDistanceMeters
    }

    /// True when the correction adds nothing at any distance.
    public var isZero: Bool { offsetDB == 0 && slopeCorrectionDBPerDecade == 0 }

    /// ΔPL in dB at a 3D distance in metres.
    /// - Complexity: O(1); one `log10` when the slope correction is not 0.
    @inlinable
    public func correctionDB(distance3DMeters: Double) -> Double {
        if slopeCorrectionDBPerDecade == 0 { return offsetDB }
        return offsetDB + slopeCorrectionDBPerDecade * log10(distance3DMeters / referenceDistanceMeters)
    }

    /// The correction as terms of `a + b·log10(d3D)`: what `PathLossKernel` adds to each branch.
    public var affineTerms: (a: Double, b: Double) {
        (offsetDB - slopeCorrectionDBPerDecade * log10(referenceDistanceMeters), slopeCorrectionDBPerDecade)
    }
}
