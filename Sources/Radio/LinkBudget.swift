import Foundation

/// Every term of one evaluated link (site → demand point), for the CLI, reports and audits.
public struct LinkBudgetResult: Sendable, Hashable {
    /// Horizontal distance, metres.
    public var distance2DMeters: Double
    /// Path loss, σ_SF, LOS probability and validity at this distance.
    public var pathLoss: PathLossEstimate
    /// BS antenna gain toward the point, dBi.
    public var antennaGainDBi: Double
    /// O2I penetration loss, dB.
    public var penetrationLossDB: Double
    /// Combined σ = √(σ_SF² + σ_P²) used for the margin, dB.
    public var shadowStdDB: Double
    /// Shadow-fading margin Φ⁻¹(p)·σ, dB.
    public var shadowMarginDB: Double
    /// Coupling loss CL, dB (see `RadioProfile`).
    public var couplingLossDB: Double
    /// Downlink SS-RSRP, dBm.
    public var rsrpDBm: Double
    /// Uplink power received at the gNB, dBm.
    public var uplinkReceivedDBm: Double
    /// RSRP − threshold, dB (≥ 0 when the downlink closes).
    public var downlinkMarginDB: Double
    /// UL received − gNB sensitivity, dB (≥ 0 when the uplink closes).
    public var uplinkMarginDB: Double
    /// True when the budgets the profile requires all close.
    public var isCovered: Bool
}

extension RadioProfile {
    /// The shadow σ combined with the penetration σ_P: √(σ_SF² + σ_P²), using the profile's σ
    /// override when set.
    @inlinable
    public func combinedShadowStdDB(modelStdDB: Double) -> Double {
        let sf = shadowFadingStdDB ?? modelStdDB
        let sp = penetration.standardDeviationDB
        return (sf * sf + sp * sp).squareRoot()
    }

    /// The full link budget at a horizontal distance with a given BS antenna gain.
    ///
    /// - Parameters:
    ///   - distance2DMeters: horizontal site–point distance.
    ///   - antennaGainDBi: BS gain toward the point (use `antenna.maxGainDBi` for boresight).
    ///   - siteHeightMeters: BS antenna height; `nil` = `bsHeightMeters`.
    /// - Complexity: O(1).
    public func linkBudget(
        distance2DMeters: Double, antennaGainDBi: Double,
        siteHeightMeters: Double? = nil
    ) -> LinkBudgetResult {
        let hBS = siteHeightMeters ?? bsHeightMeters
        let pl = pathLossModel.evaluate(
            frequencyGHz: frequencyGHz, bsHeightMeters: hBS, utHeightMeters: utHeightMeters,
            distance2DMeters: distance2DMeters)
        let sigma = combinedShadowStdDB(modelStdDB: pl.shadowFadingStdDB)
        let margin = sigma * marginQuantile
        let penetrationDB = penetrationLossDB
        let coupling = pl.pathLossDB + penetrationDB + margin - antennaGainDBi + cableLossDB + bodyLossDB - ueGainDBi
        let rsrp = txPowerPerResourceElementDBm - coupling
        let ulReceived = ueTxPowerDBm - coupling
        let dlMargin = rsrp - rsrpThresholdDBm
        let ulMargin = ulReceived - gnbSensitivityDBm
        let covered = dlMargin >= 0 && (!requiresUplink || ulMargin >= 0)
        return LinkBudgetResult(
            distance2DMeters: distance2DMeters, pathLoss: pl, antennaGainDBi: antennaGainDBi,
            penetrationLossDB: penetrationDB, shadowStdDB: sigma, shadowMarginDB: margin,
            couplingLossDB: coupling, rsrpDBm: rsrp, uplinkReceivedDBm: ulReceived,
            downlinkMarginDB: dlMargin, uplinkMarginDB: ulMargin, isCovered: covered)
    }
}
