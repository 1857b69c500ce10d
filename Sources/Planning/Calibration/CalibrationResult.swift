import Foundation
import Geo
import Radio

/// Everything a calibration found: the inputs' provenance, what was dropped, the bins, the fit
/// with standard errors, errors before/after/cross-validated, and the radio override it implies.
public struct CalibrationResult: Sendable {
    public var settings: CalibrationSettings
    /// The profile the samples were predicted with (built-in, with `--model`/`--los`).
    public var baseProfile: RadioProfile
    /// Input files with size and SHA-256.
    public var inputs: [(name: String, bytes: Int, sha256: String)]
    public var cells: [DriveTestCell]
    /// Cells of the calibrated profile, and of those the ones with at least one bin.
    public var cellsCalibrated: Int
    public var cellsWithBins: Int
    public var sitesWithBins: Int
    public var linesRead: Int
    public var samplesUsed: Int
    public var samplesCensored: Int
    public var tally: SampleTally
    public var extraColumns: [String]
    public var bins: [CalibrationBin]
    /// Within-bin spread of single samples (fast fading), dB, when measurable.
    public var fadingSpreadDB: Double?
    /// Bins with a mean at or below this are censored ("at most this"), dBm.
    public var censorBoundDBm: Double

    // The fit.
    public var design: CalibrationDesign
    public var fit: CensoredHuberRegression.Fit
    public var parameters: [CalibrationParameter]
    /// σ of the fit (the calibrated shadow σ) and its standard errors.
    public var sigma: CalibrationParameter
    /// The model's own slope over the bins (least squares of its path loss on log10 d3D), and the
    /// calibrated model's (model + correction), dB/decade.
    public var modelSlopeDBPerDecade: Double
    public var slopeDBPerDecade: Double

    // Per bin (same order as `bins`).
    /// The calibrated prediction, dBm.
    public var calibratedDBm: [Double]
    /// The cross-validated prediction (fitted without the bin's fold), dBm; NaN when that fold failed.
    public var crossValidatedDBm: [Double]
    public var foldOfBin: [Int]
    /// The cross-validation group of each bin (site index or block label).
    public var groupOfBin: [Int]

    // Errors over the uncensored bins.
    public var before: PredictionError
    public var after: PredictionError
    public var crossValidated: PredictionError
    /// The same errors over the bins whose calibrated prediction is at least 2σ above the censoring
    /// bound: there censoring removes almost no bin, so the mean error shows the calibration's bias
    /// (over all uncensored bins, bins near the bound survive only when they came out strong).
    public var clearBefore: PredictionError
    public var clearAfter: PredictionError
    public var clearCrossValidated: PredictionError
    public var folds: [CrossValidation.Fold]
    /// Groups (sites or blocks) the bins fall into.
    public var groups: Int

    /// The fit that treats every censored bin as a measurement at its bound ("as measured"), for
    /// comparison: offset, slope correction (0 when not fitted) and σ.
    public var asMeasured: (offsetDB: Double, slopeCorrection: Double, sigmaDB: Double)?

    /// The profile override (snake_case field → value) a scenario's `radio.overrides` takes.
    public var overrideFields: [(key: String, value: Double)]
    /// Replacement model/LOS, when `--model`/`--los` changed them (also in the override).
    public var overrideChoices: [(key: String, value: String)]
    /// Per clutter class (other than the reference): `pathloss_offset_db` for `demand.clutter.classes`.
    public var clutterOffsets: [(name: String, offsetDB: Double)]
    /// Clutter classes with too few bins or groups, fitted with the reference class.
    public var mergedClutterClasses: [String]
    public var warnings: [Problem]
    public var seconds: Double
}
