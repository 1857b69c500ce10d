import Foundation

/// 3GPP TR 38.901 (V17.0.0) outdoor path-loss models of Table 7.4.1-1 — RMa, UMa and
/// UMi-Street Canyon, LOS and NLOS — with the LOS probability of Table 7.4.2-1.
///
/// Conventions (the same as ns-3's `ThreeGpp*PropagationLossModel` and MATLAB `nrPathLoss`):
/// - fc is in GHz inside the formulas and in Hz inside the breakpoint distances;
/// - breakpoints use c = 3.0·10⁸ m/s, as the table's notes state;
/// - d3D = √(d2D² + (hBS − hUT)²); the branch (before/after the breakpoint) is chosen on d2D;
/// - UMa and UMi use effective heights h′ = h − hE with hE = 1 m. For UMi the table fixes
///   hE = 1 m. For UMa note 1 makes hE random (1 m with probability 1/(1 + C(d2D, hUT)), else
///   uniform in {12, 15, …, hUT − 1.5}); C = 0 for hUT < 13 m, so hE = 1 m exactly for street-level
///   users. For hUT ≥ 13 m we keep hE = 1 m (the deterministic planning choice, stated here).
/// - NLOS = max(PL_LOS, PL_NLOS′) as the table says.
/// - Shadow fading is not drawn: σ_SF is returned so a reliability margin can be applied.
public enum TR38901 {
    /// Speed of light used by the breakpoint distances, m/s (Table 7.4.1-1 notes 1 and 5).
    public static let speedOfLightMetersPerSecond = 3.0e8
    /// Effective environment height hE in metres for UMa/UMi breakpoints (see type doc).
    public static let effectiveEnvironmentHeightMeters = 1.0

    /// RMa LOS applicability: 10 m ≤ d2D ≤ 10 km, 10 ≤ hBS ≤ 150 m, 1 ≤ hUT ≤ 10 m, 0.5–30 GHz (§7.4.1).
    public static let rmaLOSValidity = ModelValidityRange(
        distanceMeters: 10...10_000, bsHeightMeters: 10...150,
        utHeightMeters: 1...10, frequencyGHz: 0.5...30)
    /// RMa NLOS applicability: 10 m ≤ d2D ≤ 5 km, otherwise as LOS.
    public static let rmaNLOSValidity = ModelValidityRange(
        distanceMeters: 10...5_000, bsHeightMeters: 10...150,
        utHeightMeters: 1...10, frequencyGHz: 0.5...30)
    /// UMa applicability: 10 m ≤ d2D ≤ 5 km, hBS = 25 m (nominal), 1.5 ≤ hUT ≤ 22.5 m, 0.5–100 GHz.
    /// hBS must exceed hE = 1 m for the breakpoint to exist.
    public static let umaValidity = ModelValidityRange(
        distanceMeters: 10...5_000,
        bsHeightMeters: 1...Double.greatestFiniteMagnitude,
        nominalBSHeightMeters: 25, utHeightMeters: 1.5...22.5,
        frequencyGHz: 0.5...100)
    /// UMi-Street Canyon applicability: 10 m ≤ d2D ≤ 5 km, hBS = 10 m (nominal), 1.5 ≤ hUT ≤ 22.5 m, 0.5–100 GHz.
    public static let umiValidity = ModelValidityRange(
        distanceMeters: 10...5_000,
        bsHeightMeters: 1...Double.greatestFiniteMagnitude,
        nominalBSHeightMeters: 10, utHeightMeters: 1.5...22.5,
        frequencyGHz: 0.5...100)

    // MARK: Breakpoints

    /// RMa breakpoint d_BP = 2π·hBS·hUT·fc/c (note 5), in metres; fc in GHz here.
    @inlinable
    public static func rmaBreakpointMeters(frequencyGHz: Double, bsHeightMeters: Double, utHeightMeters: Double)
        -> Double
    {
        2 * Double.pi * bsHeightMeters * utHeightMeters * frequencyGHz * 1e9 / speedOfLightMetersPerSecond
    }

    /// UMa/UMi breakpoint d′_BP = 4·h′BS·h′UT·fc/c with h′ = h − hE, hE = 1 m (note 1), in metres.
    @inlinable
    public static func effectiveBreakpointMeters(frequencyGHz: Double, bsHeightMeters: Double, utHeightMeters: Double)
        -> Double
    {
        4 * (bsHeightMeters - effectiveEnvironmentHeightMeters) * (utHeightMeters - effectiveEnvironmentHeightMeters)
            * frequencyGHz * 1e9 / speedOfLightMetersPerSecond
    }

    @inlinable
    static func distance3D(_ d2D: Double, _ hBS: Double, _ hUT: Double) -> Double {
        let dh = hBS - hUT
        return (d2D * d2D + dh * dh).squareRoot()
    }

    // MARK: RMa

    @inlinable
    static func rmaPL1(_ d: Double, fc: Double, h: Double) -> Double {
        let h172 = pow(h, 1.72)
        return 20 * log10(40 * Double.pi * d * fc / 3) + min(0.03 * h172, 10) * log10(d)
            - min(0.044 * h172, 14.77) + 0.002 * log10(h) * d
    }

    @inlinable
    static func environmentFlags(h: Double, w: Double) -> ValidityFlags {
        (5...50).contains(h) && (5...50).contains(w) ? [] : .environmentOutOfRange
    }

    /// RMa LOS, Table 7.4.1-1:
    /// PL1 = 20·log10(40π·d3D·fc/3) + min(0.03h^1.72, 10)·log10(d3D) − min(0.044h^1.72, 14.77) + 0.002·log10(h)·d3D
    /// for 10 m ≤ d2D ≤ d_BP (σ_SF = 4 dB); PL2 = PL1(d_BP) + 40·log10(d3D/d_BP) for d_BP ≤ d2D ≤ 10 km (σ_SF = 6 dB).
    /// - Parameters: `buildingHeightMeters` h (default 5 m), `streetWidthMeters` W (default 20 m; unused by LOS
    ///   but range-checked).
    /// - Complexity: O(1).
    @inlinable
    public static func rmaLOS(
        frequencyGHz fc: Double, bsHeightMeters hBS: Double, utHeightMeters hUT: Double,
        distance2DMeters d2D: Double, buildingHeightMeters h: Double = 5,
        streetWidthMeters w: Double = 20
    ) -> PathLossEstimate {
        let d3D = distance3D(d2D, hBS, hUT)
        let dBP = rmaBreakpointMeters(frequencyGHz: fc, bsHeightMeters: hBS, utHeightMeters: hUT)
        let flags = rmaLOSValidity.flags(
            frequencyGHz: fc, bsHeightMeters: hBS, utHeightMeters: hUT, distanceMeters: d2D
        )
        .union(environmentFlags(h: h, w: w))
        if d2D <= dBP {
            return PathLossEstimate(
                pathLossDB: rmaPL1(d3D, fc: fc, h: h), shadowFadingStdDB: 4, losProbability: 1, validity: flags)
        }
        let loss = rmaPL1(dBP, fc: fc, h: h) + 40 * log10(d3D / dBP)
        return PathLossEstimate(pathLossDB: loss, shadowFadingStdDB: 6, losProbability: 1, validity: flags)
    }

    /// RMa NLOS, Table 7.4.1-1: PL = max(PL_RMa-LOS, PL′) with
    /// PL′ = 161.04 − 7.1·log10(W) + 7.5·log10(h) − (24.37 − 3.7(h/hBS)²)·log10(hBS)
    ///       + (43.42 − 3.1·log10(hBS))·(log10(d3D) − 3) + 20·log10(fc) − (3.2(log10(11.75·hUT))² − 4.97),
    /// 10 m ≤ d2D ≤ 5 km, σ_SF = 8 dB.
    /// - Complexity: O(1).
    @inlinable
    public static func rmaNLOS(
        frequencyGHz fc: Double, bsHeightMeters hBS: Double, utHeightMeters hUT: Double,
        distance2DMeters d2D: Double, buildingHeightMeters h: Double = 5,
        streetWidthMeters w: Double = 20
    ) -> PathLossEstimate {
        let los = rmaLOS(
            frequencyGHz: fc, bsHeightMeters: hBS, utHeightMeters: hUT, distance2DMeters: d2D,
            buildingHeightMeters: h, streetWidthMeters: w)
        let d3D = distance3D(d2D, hBS, hUT)
        let logHBS = log10(hBS)
        let hRatio = h / hBS
        let logUT = log10(11.75 * hUT)
        let nlosPrime =
            161.04 - 7.1 * log10(w) + 7.5 * log10(h) - (24.37 - 3.7 * hRatio * hRatio) * logHBS
            + (43.42 - 3.1 * logHBS) * (log10(d3D) - 3) + 20 * log10(fc) - (3.2 * logUT * logUT - 4.97)
        let flags = rmaNLOSValidity.flags(
            frequencyGHz: fc, bsHeightMeters: hBS, utHeightMeters: hUT, distanceMeters: d2D
        )
        .union(environmentFlags(h: h, w: w))
        return PathLossEstimate(
            pathLossDB: max(los.pathLossDB, nlosPrime), shadowFadingStdDB: 8,
            losProbability: 0, validity: flags)
    }

    // MARK: UMa

    /// UMa LOS, Table 7.4.1-1: PL1 = 28.0 + 22·log10(d3D) + 20·log10(fc) for 10 m ≤ d2D ≤ d′_BP,
    /// PL2 = 28.0 + 40·log10(d3D) + 20·log10(fc) − 9·log10(d′_BP² + (hBS − hUT)²) for d′_BP ≤ d2D ≤ 5 km;
    /// σ_SF = 4 dB; d′_BP with hE = 1 m (see type doc).
    /// - Complexity: O(1).
    @inlinable
    public static func umaLOS(
        frequencyGHz fc: Double, bsHeightMeters hBS: Double, utHeightMeters hUT: Double,
        distance2DMeters d2D: Double
    ) -> PathLossEstimate {
        let d3D = distance3D(d2D, hBS, hUT)
        let dBP = effectiveBreakpointMeters(frequencyGHz: fc, bsHeightMeters: hBS, utHeightMeters: hUT)
        let loss: Double
        if d2D <= dBP {
            loss = 28.0 + 22 * log10(d3D) + 20 * log10(fc)
        } else {
            let dh = hBS - hUT
            loss = 28.0 + 40 * log10(d3D) + 20 * log10(fc) - 9 * log10(dBP * dBP + dh * dh)
        }
        let flags = umaValidity.flags(frequencyGHz: fc, bsHeightMeters: hBS, utHeightMeters: hUT, distanceMeters: d2D)
        return PathLossEstimate(pathLossDB: loss, shadowFadingStdDB: 4, losProbability: 1, validity: flags)
    }

    /// UMa NLOS, Table 7.4.1-1: PL = max(PL_UMa-LOS, PL′), PL′ = 13.54 + 39.08·log10(d3D) + 20·log10(fc) − 0.6(hUT − 1.5),
    /// 10 m ≤ d2D ≤ 5 km, σ_SF = 6 dB.
    /// - Complexity: O(1).
    @inlinable
    public static func umaNLOS(
        frequencyGHz fc: Double, bsHeightMeters hBS: Double, utHeightMeters hUT: Double,
        distance2DMeters d2D: Double
    ) -> PathLossEstimate {
        let los = umaLOS(frequencyGHz: fc, bsHeightMeters: hBS, utHeightMeters: hUT, distance2DMeters: d2D)
        let d3D = distance3D(d2D, hBS, hUT)
        let nlosPrime = 13.54 + 39.08 * log10(d3D) + 20 * log10(fc) - 0.6 * (hUT - 1.5)
        return PathLossEstimate(
            pathLossDB: max(los.pathLossDB, nlosPrime), shadowFadingStdDB: 6,
            losProbability: 0, validity: los.validity)
    }

    // MARK: UMi-Street Canyon

    /// UMi-Street Canyon LOS, Table 7.4.1-1: PL1 = 32.4 + 21·log10(d3D) + 20·log10(fc) for 10 m ≤ d2D ≤ d′_BP,
    /// PL2 = 32.4 + 40·log10(d3D) + 20·log10(fc) − 9.5·log10(d′_BP² + (hBS − hUT)²) for d′_BP ≤ d2D ≤ 5 km;
    /// σ_SF = 4 dB; d′_BP with hE = 1 m.
    /// - Complexity: O(1).
    @inlinable
    public static func umiLOS(
        frequencyGHz fc: Double, bsHeightMeters hBS: Double, utHeightMeters hUT: Double,
        distance2DMeters d2D: Double
    ) -> PathLossEstimate {
        let d3D = distance3D(d2D, hBS, hUT)
        let dBP = effectiveBreakpointMeters(frequencyGHz: fc, bsHeightMeters: hBS, utHeightMeters: hUT)
        let loss: Double
        if d2D <= dBP {
            loss = 32.4 + 21 * log10(d3D) + 20 * log10(fc)
        } else {
            let dh = hBS - hUT
            loss = 32.4 + 40 * log10(d3D) + 20 * log10(fc) - 9.5 * log10(dBP * dBP + dh * dh)
        }
        let flags = umiValidity.flags(frequencyGHz: fc, bsHeightMeters: hBS, utHeightMeters: hUT, distanceMeters: d2D)
        return PathLossEstimate(pathLossDB: loss, shadowFadingStdDB: 4, losProbability: 1, validity: flags)
    }

    /// UMi-Street Canyon NLOS, Table 7.4.1-1: PL = max(PL_UMi-LOS, PL′),
    /// PL′ = 35.3·log10(d3D) + 22.4 + 21.3·log10(fc) − 0.3(hUT − 1.5), 10 m ≤ d2D ≤ 5 km, σ_SF = 7.82 dB.
    /// - Complexity: O(1).
    @inlinable
    public static func umiNLOS(
        frequencyGHz fc: Double, bsHeightMeters hBS: Double, utHeightMeters hUT: Double,
        distance2DMeters d2D: Double
    ) -> PathLossEstimate {
        let los = umiLOS(frequencyGHz: fc, bsHeightMeters: hBS, utHeightMeters: hUT, distance2DMeters: d2D)
        let d3D = distance3D(d2D, hBS, hUT)
        let nlosPrime = 35.3 * log10(d3D) + 22.4 + 21.3 * log10(fc) - 0.3 * (hUT - 1.5)
        return PathLossEstimate(
            pathLossDB: max(los.pathLossDB, nlosPrime), shadowFadingStdDB: 7.82,
            losProbability: 0, validity: los.validity)
    }

    // MARK: LOS probability

    /// Outdoor LOS probability, TR 38.901 Table 7.4.2-1:
    /// - RMa: 1 for d2D ≤ 10 m, else exp(−(d2D − 10)/1000);
    /// - UMi-Street Canyon: 1 for d2D ≤ 18 m, else 18/d2D + exp(−d2D/36)·(1 − 18/d2D);
    /// - UMa: 1 for d2D ≤ 18 m, else [18/d2D + exp(−d2D/63)·(1 − 18/d2D)]·[1 + C′(hUT)·(5/4)·(d2D/100)³·exp(−d2D/150)]
    ///   with C′ = 0 for hUT ≤ 13 m and ((hUT − 13)/10)^1.5 for 13 < hUT ≤ 23 m.
    /// Free space returns 1 and Hata 0 (no LOS notion).
    /// - Complexity: O(1).
    @inlinable
    public static func losProbability(
        _ scenario: PropagationScenario, distance2DMeters d: Double,
        utHeightMeters hUT: Double
    ) -> Double {
        switch scenario {
        case .freeSpace: return 1
        case .cost231Hata: return 0
        case .rma:
            return d <= 10 ? 1 : exp(-(d - 10) / 1_000)
        case .umi:
            return d <= 18 ? 1 : 18 / d + exp(-d / 36) * (1 - 18 / d)
        case .uma:
            if d <= 18 { return 1 }
            let cPrime = hUT <= 13 ? 0 : pow((hUT - 13) / 10, 1.5)
            let ratio = d / 100
            return (18 / d + exp(-d / 63) * (1 - 18 / d)) * (1 + cPrime * 1.25 * ratio * ratio * ratio * exp(-d / 150))
        }
    }

    /// The LOS-probability blend of a LOS and an NLOS estimate at the same geometry:
    /// PL = P·PL_LOS + (1 − P)·PL_NLOS (the expected loss in dB) and σ = P·σ_LOS + (1 − P)·σ_NLOS.
    /// Validity flags are the union of both. This is a planning approximation (the true loss is a
    /// LOS/NLOS mixture); it is what the issue calls the third, probability-weighted variant.
    /// - Complexity: O(1).
    @inlinable
    public static func blend(los: PathLossEstimate, nlos: PathLossEstimate, losProbability p: Double)
        -> PathLossEstimate
    {
        PathLossEstimate(
            pathLossDB: p * los.pathLossDB + (1 - p) * nlos.pathLossDB,
            shadowFadingStdDB: p * los.shadowFadingStdDB + (1 - p) * nlos.shadowFadingStdDB,
            losProbability: p, validity: los.validity.union(nlos.validity))
    }
}
