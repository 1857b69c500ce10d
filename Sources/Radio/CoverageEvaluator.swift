import Foundation

/// The link budget of one profile at one site height, prepared once and then evaluated for
/// millions of demand cells from many threads.
///
/// A small value (scalars only, no references): copying it is free, it is `Sendable`, and
/// evaluating it never allocates. `(eastMeters, northMeters)` is the offset of the demand point
/// from the site in a local metric frame; the bearing is measured clockwise from north.
///
/// Coverage: CL = PL(d2D) + penetration + Φ⁻¹(p)·σ − G_BS(bearing, depression) + cable + body − G_UE;
/// a point is covered when CL ≤ `maxCouplingLossDB` (RSRP ≥ threshold, and the uplink budget closes
/// when the profile requires it).
///
/// Search radius: `maxRangeMeters` is the largest d2D at which the budget closes with the maximum
/// antenna gain, i.e. in the best conceivable direction; every covered point is within it (see
/// `MaxRange`).
///
/// Clutter: a different penetration class or propagation model per demand cell is a different
/// evaluator — build one per class with `init(profile:siteHeightMeters:penetration:pathLossModel:)`
/// (cost: one range search, ~100 budget evaluations).
public struct CoverageEvaluator: Sendable {
    // Propagation.
    @usableFromInline let model: PathLossModel
    /// The model reduced to coefficients for this site (nil for blends and Hata).
    @usableFromInline let kernel: PathLossKernel?
    @usableFromInline let frequencyGHz: Double
    @usableFromInline let bsHeightMeters: Double
    @usableFromInline let utHeightMeters: Double
    // Budget constants.
    @usableFromInline let txPowerPerREDBm: Double
    @usableFromInline let fixedLossesDB: Double // penetration + cable + body − UE gain
    @usableFromInline let marginQuantile: Double
    @usableFromInline let shadowStdOverrideDB: Double // NaN = use the model's σ_SF
    @usableFromInline let penetrationStdDB: Double
    // Antenna.
    @usableFromInline let isSector: Bool
    @usableFromInline let maxGainDBi: Double
    @usableFromInline let sectorAzimuthsDegrees: SIMD8<Double>
    @usableFromInline let sectorCount: Int
    @usableFromInline let downtiltDegrees: Double
    @usableFromInline let horizontalBeamwidthDegrees: Double
    @usableFromInline let verticalBeamwidthDegrees: Double
    @usableFromInline let frontToBackDB: Double
    @usableFromInline let verticalSideLobeDB: Double

    /// The coupling-loss limit in dB (see `RadioProfile.maxCouplingLossDB`).
    public let maxCouplingLossDB: Double
    /// The RSRP threshold in dBm.
    public let rsrpThresholdDBm: Double
    /// True when the uplink budget is part of the coverage test.
    public let requiresUplink: Bool
    /// Largest 2D distance in metres at which any direction can be covered (maximum antenna gain).
    public private(set) var maxRangeMeters: Double
    /// True when `maxRangeMeters` hit the search cap (`MaxRange.capMeters`) — the inputs are implausible.
    public private(set) var maxRangeIsCapped: Bool
    /// Distance-independent validity flags of this site (heights, frequency, environment).
    public let siteValidity: ValidityFlags
    /// Validity flags at `maxRangeMeters` (e.g. the range exceeds the model's 5 km).
    public private(set) var maxRangeValidity: ValidityFlags
    /// Noise power per resource element at the UE, dBm (−174 + 10·log10(SCS) + NF).
    public let noisePowerPerREDBm: Double
    /// Downlink transmit power per resource element, dBm.
    public var txPowerPerResourceElementDBm: Double { txPowerPerREDBm }
    /// The site's antenna height in metres.
    public var siteHeightMeters: Double { bsHeightMeters }

    /// Prepares the budget of `profile` for a site whose antenna is `siteHeightMeters` above ground.
    ///
    /// - Parameters:
    ///   - penetration: building penetration replacing the profile's (for per-cell clutter).
    ///   - pathLossModel: propagation model replacing the profile's (for per-cell clutter).
    /// - Complexity: O(log(range/precision)) budget evaluations for the range search; O(4 900)
    ///   in the rare non-monotone case (see `MaxRange`).
    public init(
        profile: RadioProfile, siteHeightMeters: Double, penetration: BuildingPenetration? = nil,
        pathLossModel: PathLossModel? = nil
    ) {
        var profile = profile
        if let penetration { profile.penetration = penetration }
        if let pathLossModel { profile.pathLossModel = pathLossModel }
        model = profile.pathLossModel
        kernel = PathLossKernel(
            model: profile.pathLossModel, frequencyGHz: profile.frequencyGHz,
            bsHeightMeters: siteHeightMeters, utHeightMeters: profile.utHeightMeters)
        frequencyGHz = profile.frequencyGHz
        bsHeightMeters = siteHeightMeters
        utHeightMeters = profile.utHeightMeters
        txPowerPerREDBm = profile.txPowerPerResourceElementDBm
        fixedLossesDB = profile.penetrationLossDB + profile.cableLossDB + profile.bodyLossDB - profile.ueGainDBi
        marginQuantile = profile.marginQuantile
        shadowStdOverrideDB = profile.shadowFadingStdDB ?? .nan
        penetrationStdDB = profile.penetration.standardDeviationDB
        let antenna = profile.antenna
        isSector = antenna.pattern == .sector && !antenna.azimuthsDegrees.isEmpty
        maxGainDBi = antenna.maxGainDBi
        var azimuths = SIMD8<Double>(repeating: 0)
        let count = min(antenna.azimuthsDegrees.count, Antenna.maxSectorCount)
        for index in 0..<count {
            // Normalised to [0, 360) so the hot path can wrap differences without fmod.
            var azimuth = antenna.azimuthsDegrees[index].truncatingRemainder(dividingBy: 360)
            if azimuth < 0 { azimuth += 360 }
            azimuths[index] = azimuth
        }
        sectorAzimuthsDegrees = azimuths
        sectorCount = count
        downtiltDegrees = antenna.downtiltDegrees
        horizontalBeamwidthDegrees = antenna.horizontalBeamwidthDegrees
        verticalBeamwidthDegrees = antenna.verticalBeamwidthDegrees
        frontToBackDB = antenna.frontToBackDB
        verticalSideLobeDB = antenna.verticalSideLobeDB
        maxCouplingLossDB = profile.maxCouplingLossDB
        rsrpThresholdDBm = profile.rsrpThresholdDBm
        requiresUplink = profile.requiresUplink
        noisePowerPerREDBm = profile.noisePowerPerResourceElementDBm
        siteValidity = profile.pathLossModel.siteValidity(
            frequencyGHz: profile.frequencyGHz,
            bsHeightMeters: siteHeightMeters,
            utHeightMeters: profile.utHeightMeters)
        // Range search on the max-gain envelope (needs the stored constants above).
        maxRangeMeters = 0
        maxRangeIsCapped = false
        maxRangeValidity = []
        let monotone = model.isMonotoneInDistance(utHeightMeters: utHeightMeters, marginQuantile: marginQuantile)
        let evaluator = self
        let search = MaxRange.largestDistance(monotone: monotone) { evaluator.boresightMarginDB(distance2DMeters: $0) }
        maxRangeMeters = search.distanceMeters
        maxRangeIsCapped = search.isCapped
        maxRangeValidity =
            model.evaluate(
                frequencyGHz: frequencyGHz, bsHeightMeters: bsHeightMeters,
                utHeightMeters: utHeightMeters, distance2DMeters: search.distanceMeters
            ).validity
    }

    // MARK: Hot path

    /// Path loss plus shadow margin at a horizontal distance (no antenna, no fixed losses), dB.
    /// - Complexity: O(1), allocation-free.
    @inlinable
    public func pathLossWithMarginDB(distance2DMeters d: Double) -> Double {
        if let kernel {
            let pl = kernel.evaluate(distance2DMeters: d)
            let sf = shadowStdOverrideDB.isNaN ? pl.shadowFadingStdDB : shadowStdOverrideDB
            return pl.pathLossDB + marginQuantile * (sf * sf + penetrationStdDB * penetrationStdDB).squareRoot()
        }
        let pl = model.evaluate(
            frequencyGHz: frequencyGHz, bsHeightMeters: bsHeightMeters,
            utHeightMeters: utHeightMeters, distance2DMeters: d)
        let sf = shadowStdOverrideDB.isNaN ? pl.shadowFadingStdDB : shadowStdOverrideDB
        let sigma = (sf * sf + penetrationStdDB * penetrationStdDB).squareRoot()
        return pl.pathLossDB + marginQuantile * sigma
    }

    /// BS antenna gain in dBi toward the offset, from the best sector (TR 38.901 Table 7.3-1).
    /// - Complexity: O(sectors), allocation-free.
    @inlinable
    public func antennaGainDBi(eastMeters: Double, northMeters: Double) -> Double {
        guard isSector else { return maxGainDBi }
        let d2D = (eastMeters * eastMeters + northMeters * northMeters).squareRoot()
        let degreesPerRadian = 180 / Double.pi
        let bearing = atan2(eastMeters, northMeters) * degreesPerRadian
        let depression = atan2(bsHeightMeters - utHeightMeters, d2D) * degreesPerRadian
        // bearing ∈ [−180, 180], azimuths ∈ [0, 360): the difference is in [−540, 180].
        var smallest = Double.infinity
        for index in 0..<sectorCount {
            var difference = bearing - sectorAzimuthsDegrees[index]
            if difference < -180 { difference += 360 }
            if difference < -180 { difference += 360 }
            smallest = min(smallest, abs(difference))
        }
        let aH = Antenna.horizontalAttenuationDB(
            offBoresightDegrees: smallest, beamwidthDegrees: horizontalBeamwidthDegrees,
            frontToBackDB: frontToBackDB)
        let aV = Antenna.verticalAttenuationDB(
            depressionDegrees: depression, downtiltDegrees: downtiltDegrees,
            beamwidthDegrees: verticalBeamwidthDegrees, sideLobeDB: verticalSideLobeDB)
        return maxGainDBi - min(-(aH + aV), frontToBackDB)
    }

    /// Coupling loss CL toward the offset, dB.
    /// - Complexity: O(1), allocation-free.
    @inlinable
    public func couplingLossDB(eastMeters: Double, northMeters: Double) -> Double {
        let d2D = (eastMeters * eastMeters + northMeters * northMeters).squareRoot()
        return pathLossWithMarginDB(distance2DMeters: d2D) + fixedLossesDB
            - antennaGainDBi(eastMeters: eastMeters, northMeters: northMeters)
    }

    /// SS-RSRP at the offset, dBm, with the best sector's gain toward its bearing and elevation,
    /// the shadow margin for the edge reliability and every profile loss.
    /// - Complexity: O(1), allocation-free.
    @inlinable
    public func rsrpDBm(eastMeters: Double, northMeters: Double) -> Double {
        txPowerPerREDBm - couplingLossDB(eastMeters: eastMeters, northMeters: northMeters)
    }

    /// True when the downlink RSRP meets the threshold and, if the profile requires it, the
    /// uplink budget closes. NaN budgets (invalid inputs) are not covered.
    /// - Complexity: O(1), allocation-free.
    @inlinable
    public func isCovered(eastMeters: Double, northMeters: Double) -> Bool {
        couplingLossDB(eastMeters: eastMeters, northMeters: northMeters) <= maxCouplingLossDB
    }

    /// Budget margin in dB at a horizontal distance in the best direction (maximum antenna gain):
    /// `maxCouplingLossDB` − CL(G_max). ≥ 0 where coverage is possible; the envelope the range
    /// search inverts.
    @inlinable
    public func boresightMarginDB(distance2DMeters: Double) -> Double {
        maxCouplingLossDB - (pathLossWithMarginDB(distance2DMeters: distance2DMeters) + fixedLossesDB - maxGainDBi)
    }

    /// RSRP in dBm at a horizontal distance in the best direction (maximum antenna gain).
    @inlinable
    public func boresightRSRPDBm(distance2DMeters: Double) -> Double {
        txPowerPerREDBm - (pathLossWithMarginDB(distance2DMeters: distance2DMeters) + fixedLossesDB - maxGainDBi)
    }

    /// Path-loss validity flags at a horizontal distance.
    public func validity(distance2DMeters: Double) -> ValidityFlags {
        model.evaluate(
            frequencyGHz: frequencyGHz, bsHeightMeters: bsHeightMeters, utHeightMeters: utHeightMeters,
            distance2DMeters: distance2DMeters
        ).validity
    }
}
