import Foundation
import Geo
import Radio

/// What `nrplan calibrate` was asked to do (docs/calibration.md).
public struct CalibrationSettings: Sendable {
    /// How cross-validation groups the bins.
    public enum Grouping: String, Sendable, CaseIterable {
        /// Whole sites held out (every cell of a site together).
        case site
        /// Square spatial blocks of `blockMeters` held out.
        case block
    }

    public var measurements: AuditRequest.File
    public var cells: AuditRequest.File
    /// Coordinate systems of the two files (converted to WGS-84 on reading).
    public var measurementsCRS: CoordinateSystem = .wgs84
    public var cellsCRS: CoordinateSystem = .wgs84
    /// The built-in profile calibrated.
    public var profileName: String
    /// Replacement propagation model and LOS condition (nil: the profile's).
    public var model: PropagationScenario?
    public var los: LOSCondition?
    /// Fit a slope correction as well as the offset.
    public var fitSlope = true
    /// Measurement column naming each sample's clutter class (per-class offsets are fitted).
    public var clutterColumn: String?
    /// Or land-use polygons giving each sample its class (`clutterProperty`, in the measurements' crs).
    public var clutterFile: AuditRequest.File?
    public var clutterProperty = "landuse"

    /// True when clutter offsets are fitted (a clutter column or a clutter file).
    public var fitsClutter: Bool { clutterColumn != nil || clutterFile != nil }
    /// Side of the averaging squares, metres.
    public var binMeters = 20.0
    /// How samples are averaged in a bin (`DriveTestBinning`).
    public var averaging: DriveTestBinning.Averaging = .decibel
    /// Samples nearer to / farther from their cell are dropped, metres.
    public var minimumDistanceMeters = 50.0
    public var maximumDistanceMeters = 20_000.0
    /// The phone's reporting floor: samples at or below it are censored, dBm.
    public var floorDBm = -140.0
    /// Bins whose mean is at most floor + margin are censored at that bound (nil: 3 dB or three
    /// times the within-bin spread of samples, whichever is larger — `DriveTestBinning.censor`).
    public var censorMarginDB: Double?
    /// Huber's k (`.infinity`: least squares / Tobit).
    public var huberK = HuberScore.defaultK
    /// Cross-validation: grouping, number of folds, block side, shuffle seed.
    public var grouping: Grouping = .site
    public var folds = 5
    public var blockMeters = 500.0
    public var seed: UInt64 = 1
    /// d3D at which the slope correction is 0 (nil: the bins' geometric mean, rounded to 10 m).
    public var referenceDistanceMeters: Double?

    public init(measurements: AuditRequest.File, cells: AuditRequest.File, profileName: String) {
        self.measurements = measurements
        self.cells = cells
        self.profileName = profileName
    }
}

/// One fitted parameter with its standard errors.
public struct CalibrationParameter: Sendable {
    public var name: String
    public var value: Double
    /// From the sandwich covariance clustered by the cross-validation groups (sites or blocks):
    /// honest under spatially correlated shadowing.
    public var standardError: Double
    /// The same as if every bin were independent (smaller when shadowing is correlated).
    public var standardErrorIndependent: Double
    public var unit: String
}

/// Error statistics of a prediction over the uncensored bins: residual = measured − predicted.
public struct PredictionError: Sendable {
    public var bins: Int
    public var rmseDB: Double
    /// Mean of measured − predicted (positive: the network is stronger than predicted).
    public var meanDB: Double
    public var standardDeviationDB: Double

    /// The statistics of `residuals` (NaN ones skipped).
    public init(_ residuals: [Double]) {
        let finite = residuals.filter(\.isFinite)
        bins = finite.count
        let n = Double(max(finite.count, 1))
        meanDB = finite.reduce(0, +) / n
        rmseDB = (finite.reduce(0) { $0 + $1 * $1 } / n).squareRoot()
        let m = meanDB
        standardDeviationDB = (finite.reduce(0) { $0 + ($1 - m) * ($1 - m) } / Double(max(finite.count - 1, 1)))
            .squareRoot()
    }
}
