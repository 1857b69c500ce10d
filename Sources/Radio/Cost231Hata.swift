import Foundation

/// COST-231 extension of the Hata model ("COST-231 Hata").
///
/// L = 46.3 + 33.9·log10(f) − 13.82·log10(hb) − a(hm) + (44.9 − 6.55·log10(hb))·log10(d) + C_M
///
/// with a(hm) = (1.1·log10(f) − 0.7)·hm − (1.56·log10(f) − 0.8) (Hata's medium/small-city
/// mobile-height correction), f in MHz, hb and hm in metres, d = d2D in km, C_M = 0 dB for
/// medium-sized cities and suburban centres, 3 dB for metropolitan centres.
/// Source: COST Action 231, "Digital mobile radio towards future generation systems", final
/// report (EUR 18957, 1999), §4.4.1; M. Hata, IEEE Trans. VT-29 (1980).
/// Validity: 1500 ≤ f ≤ 2000 MHz, 30 ≤ hb ≤ 200 m, 1 ≤ hm ≤ 10 m, 1 ≤ d ≤ 20 km. Outside that
/// range (e.g. n78 at 3.5 GHz) the formula is still evaluated and flagged.
/// COST 231 gives no shadow-fading σ; `defaultShadowFadingStdDB` (8 dB) is a common planning
/// value for urban macro cells, not part of the model.
public enum Cost231Hata {
    /// Applicability range of the model.
    public static let validity = ModelValidityRange(
        distanceMeters: 1_000...20_000, bsHeightMeters: 30...200,
        utHeightMeters: 1...10, frequencyGHz: 1.5...2.0)
    /// σ used with Hata when a profile does not set one (typical planning value).
    public static let defaultShadowFadingStdDB = 8.0

    /// Median path loss in dB (formula above).
    /// - Complexity: O(1).
    @inlinable
    public static func pathLossDB(
        frequencyMHz f: Double, bsHeightMeters hb: Double, utHeightMeters hm: Double,
        distanceKilometers d: Double, environment: HataEnvironment
    ) -> Double {
        let logF = log10(f)
        let aHm = (1.1 * logF - 0.7) * hm - (1.56 * logF - 0.8)
        let logHb = log10(hb)
        return 46.3 + 33.9 * logF - 13.82 * logHb - aHm + (44.9 - 6.55 * logHb) * log10(d) + environment.correctionDB
    }

    /// Path loss at a geometry with validity flags; σ_SF = `defaultShadowFadingStdDB`.
    /// - Complexity: O(1).
    @inlinable
    public static func pathLoss(
        frequencyGHz: Double, bsHeightMeters: Double, utHeightMeters: Double,
        distance2DMeters: Double, environment: HataEnvironment
    ) -> PathLossEstimate {
        let loss = pathLossDB(
            frequencyMHz: frequencyGHz * 1_000, bsHeightMeters: bsHeightMeters,
            utHeightMeters: utHeightMeters, distanceKilometers: distance2DMeters / 1_000,
            environment: environment)
        let flags = validity.flags(
            frequencyGHz: frequencyGHz, bsHeightMeters: bsHeightMeters,
            utHeightMeters: utHeightMeters, distanceMeters: distance2DMeters)
        return PathLossEstimate(
            pathLossDB: loss, shadowFadingStdDB: defaultShadowFadingStdDB,
            losProbability: 0, validity: flags)
    }
}
