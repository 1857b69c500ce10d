import Foundation

/// Free-space path loss (Friis transmission equation).
///
/// FSPL = 20·log10(4π·d3D·f / c) dB, with c = 299 792 458 m/s (exact, as MATLAB `fspl` and
/// Proakis use), f in Hz and d3D = √(d2D² + (hBS − hUT)²) in metres.
/// Source: H. T. Friis, "A note on a simple transmission formula", Proc. IRE 34 (1946);
/// ITU-R P.525-4 §2.2.
/// Validity: far field only, d3D > λ/(4π) (below that the formula would give a gain);
/// `distanceBelowRange` is set there and the formula value is still returned.
public enum FreeSpace {
    /// Speed of light in vacuum, m/s (exact SI value).
    public static let speedOfLightMetersPerSecond = 299_792_458.0

    /// FSPL in dB for a 3D distance.
    /// - Complexity: O(1).
    @inlinable
    public static func pathLossDB(frequencyGHz: Double, distance3DMeters: Double) -> Double {
        20 * log10(4 * Double.pi * distance3DMeters * frequencyGHz * 1e9 / speedOfLightMetersPerSecond)
    }

    /// FSPL at a BS/UT geometry, σ_SF = 0 dB (no shadowing in free space).
    /// - Complexity: O(1).
    @inlinable
    public static func pathLoss(
        frequencyGHz: Double, bsHeightMeters: Double, utHeightMeters: Double,
        distance2DMeters: Double
    ) -> PathLossEstimate {
        let dh = bsHeightMeters - utHeightMeters
        let d3 = (distance2DMeters * distance2DMeters + dh * dh).squareRoot()
        var flags: ValidityFlags = []
        let wavelength = speedOfLightMetersPerSecond / (frequencyGHz * 1e9)
        if !(d3 > wavelength / (4 * Double.pi)) { flags.insert(.distanceBelowRange) }
        if !(frequencyGHz > 0) { flags.insert(.frequencyOutOfRange) }
        if !(bsHeightMeters >= 0) { flags.insert(.bsHeightOutOfRange) }
        if !(utHeightMeters >= 0) { flags.insert(.utHeightOutOfRange) }
        return PathLossEstimate(
            pathLossDB: pathLossDB(frequencyGHz: frequencyGHz, distance3DMeters: d3),
            shadowFadingStdDB: 0, losProbability: 1, validity: flags)
    }
}
