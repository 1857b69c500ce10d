/// Ways an input lies outside the range a propagation model was fitted or specified for.
///
/// Models never clamp or silently extrapolate: they evaluate their formula and report here what
/// was out of range, so the caller decides (the CLI prints a warning per flag; the pipeline
/// can count sites and cells).
public struct ValidityFlags: OptionSet, Sendable, Hashable, CustomStringConvertible {
    /// The bits of the set.
    public let rawValue: UInt16
    /// Creates the set from its raw bits.
    public init(rawValue: UInt16) { self.rawValue = rawValue }

    /// The 2D (or, for free space, 3D) distance is shorter than the model's minimum.
    public static let distanceBelowRange = ValidityFlags(rawValue: 1 << 0)
    /// The distance is longer than the model's maximum.
    public static let distanceAboveRange = ValidityFlags(rawValue: 1 << 1)
    /// The BS antenna height is outside the model's applicability range.
    public static let bsHeightOutOfRange = ValidityFlags(rawValue: 1 << 2)
    /// The model's table gives a single nominal BS height (UMa 25 m, UMi 10 m) and this one differs.
    /// The formula is still evaluated with the actual height (as ns-3 and MATLAB do).
    public static let bsHeightNotNominal = ValidityFlags(rawValue: 1 << 3)
    /// The UT height is outside the model's applicability range.
    public static let utHeightOutOfRange = ValidityFlags(rawValue: 1 << 4)
    /// The carrier frequency is outside the model's applicability range.
    public static let frequencyOutOfRange = ValidityFlags(rawValue: 1 << 5)
    /// RMa average building height or street width outside 5...50 m.
    public static let environmentOutOfRange = ValidityFlags(rawValue: 1 << 6)

    /// The flags that do not depend on distance (heights, frequency, environment).
    public static let siteFlags: ValidityFlags = [
        .bsHeightOutOfRange, .bsHeightNotNominal,
        .utHeightOutOfRange, .frequencyOutOfRange,
        .environmentOutOfRange,
    ]

    /// Short machine-friendly names, e.g. `["distance_below_range"]`, in a fixed order.
    public var names: [String] {
        var result: [String] = []
        if contains(.distanceBelowRange) { result.append("distance_below_range") }
        if contains(.distanceAboveRange) { result.append("distance_above_range") }
        if contains(.bsHeightOutOfRange) { result.append("bs_height_out_of_range") }
        if contains(.bsHeightNotNominal) { result.append("bs_height_not_nominal") }
        if contains(.utHeightOutOfRange) { result.append("ut_height_out_of_range") }
        if contains(.frequencyOutOfRange) { result.append("frequency_out_of_range") }
        if contains(.environmentOutOfRange) { result.append("environment_out_of_range") }
        return result
    }

    /// The names joined with commas, or `valid`.
    public var description: String { isEmpty ? "valid" : names.joined(separator: ",") }
}

/// The applicability range of one propagation model (from its source table), used both to set
/// `ValidityFlags` and to word warnings.
public struct ModelValidityRange: Sendable, Hashable {
    /// Allowed distance in metres (2D for 3GPP and Hata, 3D for free space).
    public var distanceMeters: ClosedRange<Double>
    /// Allowed BS height in metres.
    public var bsHeightMeters: ClosedRange<Double>
    /// The table's single nominal BS height, when it gives one (UMa 25 m, UMi 10 m).
    public var nominalBSHeightMeters: Double?
    /// Allowed UT height in metres.
    public var utHeightMeters: ClosedRange<Double>
    /// Allowed carrier frequency in GHz.
    public var frequencyGHz: ClosedRange<Double>

    /// Creates a range description.
    public init(
        distanceMeters: ClosedRange<Double>, bsHeightMeters: ClosedRange<Double>,
        nominalBSHeightMeters: Double? = nil, utHeightMeters: ClosedRange<Double>,
        frequencyGHz: ClosedRange<Double>
    ) {
        self.distanceMeters = distanceMeters
        self.bsHeightMeters = bsHeightMeters
        self.nominalBSHeightMeters = nominalBSHeightMeters
        self.utHeightMeters = utHeightMeters
        self.frequencyGHz = frequencyGHz
    }

    /// The flags for one evaluation. Non-finite inputs are flagged as out of range.
    public func flags(
        frequencyGHz fc: Double, bsHeightMeters hBS: Double, utHeightMeters hUT: Double,
        distanceMeters d: Double
    ) -> ValidityFlags {
        var flags: ValidityFlags = []
        if !(d >= distanceMeters.lowerBound) { flags.insert(.distanceBelowRange) }
        if d > distanceMeters.upperBound { flags.insert(.distanceAboveRange) }
        if !bsHeightMeters.contains(hBS) { flags.insert(.bsHeightOutOfRange) }
        if let nominal = nominalBSHeightMeters, hBS != nominal { flags.insert(.bsHeightNotNominal) }
        if !utHeightMeters.contains(hUT) { flags.insert(.utHeightOutOfRange) }
        if !frequencyGHz.contains(fc) { flags.insert(.frequencyOutOfRange) }
        return flags
    }
}
