import Foundation

/// The family of a propagation model: free space, COST-231 Hata, or one of the 3GPP TR 38.901
/// outdoor scenarios (RMa, UMa, UMi-Street Canyon).
public enum PropagationScenario: String, Sendable, Hashable, CaseIterable {
    /// Free-space path loss (Friis): `FreeSpace`.
    case freeSpace = "fspl"
    /// COST-231 extension of the Hata model (urban / metropolitan): `Cost231Hata`.
    case cost231Hata = "hata"
    /// TR 38.901 Rural Macro.
    case rma
    /// TR 38.901 Urban Macro.
    case uma
    /// TR 38.901 Urban Micro – Street Canyon.
    case umi

    /// True for the TR 38.901 scenarios, which have LOS/NLOS variants and a LOS probability.
    public var isThreeGPP: Bool { self == .rma || self == .uma || self == .umi }
}

/// Which TR 38.901 path-loss variant to use.
public enum LOSCondition: String, Sendable, Hashable, CaseIterable {
    /// Line of sight: PL_LOS.
    case los
    /// Non line of sight: PL_NLOS = max(PL_LOS, PL_NLOS′).
    case nlos
    /// The LOS-probability blend: P_LOS·PL_LOS + (1 − P_LOS)·PL_NLOS with P_LOS from Table 7.4.2-1.
    case probabilistic = "prob"
}

/// The COST-231 Hata area correction C_M.
public enum HataEnvironment: String, Sendable, Hashable, CaseIterable {
    /// Medium-sized city and suburban centres: C_M = 0 dB.
    case urban
    /// Metropolitan centres: C_M = 3 dB.
    case metropolitan

    /// C_M in dB (COST 231 final report, §4.4.1).
    public var correctionDB: Double { self == .metropolitan ? 3 : 0 }
}

/// One path-loss evaluation: the median loss, the shadow-fading standard deviation that goes with
/// it, the LOS probability used, and what was outside the model's validity range.
public struct PathLossEstimate: Sendable, Hashable {
    /// Median path loss in dB.
    public var pathLossDB: Double
    /// Log-normal shadow-fading standard deviation σ_SF in dB (TR 38.901 Table 7.4.1-1).
    public var shadowFadingStdDB: Double
    /// The LOS probability the value assumes: 1 (LOS), 0 (NLOS), Table 7.4.2-1 (blend);
    /// 0 for the non-3GPP models, which have no LOS notion.
    public var losProbability: Double
    /// Inputs outside the model's validity range.
    public var validity: ValidityFlags

    /// Creates an estimate.
    public init(pathLossDB: Double, shadowFadingStdDB: Double, losProbability: Double, validity: ValidityFlags) {
        self.pathLossDB = pathLossDB
        self.shadowFadingStdDB = shadowFadingStdDB
        self.losProbability = losProbability
        self.validity = validity
    }
}

/// A complete choice of propagation model: scenario, LOS variant and the scenario's
/// environment parameters. A small value type; evaluating it is a pure function of
/// (fc, hBS, hUT, d2D).
public struct PathLossModel: Sendable, Hashable, CustomStringConvertible {
    /// Model family.
    public var scenario: PropagationScenario
    /// LOS variant (TR 38.901 scenarios only; ignored by free space and Hata).
    public var condition: LOSCondition
    /// Area correction (COST-231 Hata only).
    public var hataEnvironment: HataEnvironment
    /// RMa average building height h in metres (Table 7.4.1-1 default 5 m, range 5–50 m).
    public var rmaBuildingHeightMeters: Double
    /// RMa average street width W in metres (Table 7.4.1-1 default 20 m, range 5–50 m).
    public var rmaStreetWidthMeters: Double
    /// A measured offset and slope correction added to the model's loss (`PathLossCorrection`,
    /// fitted by `nrplan calibrate`); none by default.
    public var correction: PathLossCorrection = .none

    /// Creates a model; the environment parameters default to the TR 38.901 / COST 231 defaults.
    public init(
        scenario: PropagationScenario, condition: LOSCondition = .nlos,
        hataEnvironment: HataEnvironment = .urban,
        rmaBuildingHeightMeters: Double = 5, rmaStreetWidthMeters: Double = 20
    ) {
        self.scenario = scenario
        self.condition = condition
        self.hataEnvironment = hataEnvironment
        self.rmaBuildingHeightMeters = rmaBuildingHeightMeters
        self.rmaStreetWidthMeters = rmaStreetWidthMeters
    }

    /// Free-space path loss.
    public static let freeSpace = PathLossModel(scenario: .freeSpace)
    /// COST-231 Hata, medium city / suburban (C_M = 0 dB).
    public static let hataUrban = PathLossModel(scenario: .cost231Hata, hataEnvironment: .urban)
    /// COST-231 Hata, metropolitan centre (C_M = 3 dB).
    public static let hataMetropolitan = PathLossModel(scenario: .cost231Hata, hataEnvironment: .metropolitan)
    /// TR 38.901 RMa LOS with h = 5 m, W = 20 m.
    public static let rmaLOS = PathLossModel(scenario: .rma, condition: .los)
    /// TR 38.901 RMa NLOS with h = 5 m, W = 20 m.
    public static let rmaNLOS = PathLossModel(scenario: .rma, condition: .nlos)
    /// TR 38.901 RMa LOS-probability blend.
    public static let rmaBlend = PathLossModel(scenario: .rma, condition: .probabilistic)
    /// TR 38.901 UMa LOS.
    public static let umaLOS = PathLossModel(scenario: .uma, condition: .los)
    /// TR 38.901 UMa NLOS.
    public static let umaNLOS = PathLossModel(scenario: .uma, condition: .nlos)
    /// TR 38.901 UMa LOS-probability blend.
    public static let umaBlend = PathLossModel(scenario: .uma, condition: .probabilistic)
    /// TR 38.901 UMi-Street Canyon LOS.
    public static let umiLOS = PathLossModel(scenario: .umi, condition: .los)
    /// TR 38.901 UMi-Street Canyon NLOS.
    public static let umiNLOS = PathLossModel(scenario: .umi, condition: .nlos)
    /// TR 38.901 UMi-Street Canyon LOS-probability blend.
    public static let umiBlend = PathLossModel(scenario: .umi, condition: .probabilistic)

    /// A short name such as `uma/nlos`, `hata/metropolitan`, `fspl`; `+calibrated` when a
    /// correction is set.
    public var description: String {
        let base: String
        switch scenario {
        case .freeSpace: base = "fspl"
        case .cost231Hata: base = "hata/\(hataEnvironment.rawValue)"
        case .rma, .uma, .umi: base = "\(scenario.rawValue)/\(condition.rawValue)"
        }
        return correction.isZero ? base : base + "+calibrated"
    }

    /// Path loss, σ_SF and validity at one geometry, with the model's `correction` added.
    ///
    /// - Parameters:
    ///   - frequencyGHz: carrier frequency fc in GHz.
    ///   - bsHeightMeters: BS antenna height hBS above ground.
    ///   - utHeightMeters: UT antenna height hUT above ground.
    ///   - distance2DMeters: horizontal BS–UT distance d2D (d3D is derived from the heights).
    /// - Complexity: O(1), no allocation.
    @inlinable
    public func evaluate(
        frequencyGHz: Double, bsHeightMeters: Double, utHeightMeters: Double,
        distance2DMeters: Double
    ) -> PathLossEstimate {
        var estimate = evaluateUncorrected(
            frequencyGHz: frequencyGHz, bsHeightMeters: bsHeightMeters, utHeightMeters: utHeightMeters,
            distance2DMeters: distance2DMeters)
        if !correction.isZero {
            let dh = bsHeightMeters - utHeightMeters
            let d3D = (distance2DMeters * distance2DMeters + dh * dh).squareRoot()
            estimate.pathLossDB += correction.correctionDB(distance3DMeters: d3D)
        }
        return estimate
    }

    /// Path loss, σ_SF and validity at one geometry as the formula gives them (no `correction`).
    ///
    /// - Parameters:
    ///   - frequencyGHz: carrier frequency fc in GHz.
    ///   - bsHeightMeters: BS antenna height hBS above ground.
    ///   - utHeightMeters: UT antenna height hUT above ground.
    ///   - distance2DMeters: horizontal BS–UT distance d2D (d3D is derived from the heights).
    /// - Complexity: O(1), no allocation.
    @inlinable
    public func evaluateUncorrected(
        frequencyGHz: Double, bsHeightMeters: Double, utHeightMeters: Double,
        distance2DMeters: Double
    ) -> PathLossEstimate {
        let fc = frequencyGHz
        let hBS = bsHeightMeters
        let hUT = utHeightMeters
        let d = distance2DMeters
        switch scenario {
        case .freeSpace:
            return FreeSpace.pathLoss(frequencyGHz: fc, bsHeightMeters: hBS, utHeightMeters: hUT, distance2DMeters: d)
        case .cost231Hata:
            return Cost231Hata.pathLoss(
                frequencyGHz: fc, bsHeightMeters: hBS, utHeightMeters: hUT,
                distance2DMeters: d, environment: hataEnvironment)
        case .rma:
            let h = rmaBuildingHeightMeters
            let w = rmaStreetWidthMeters
            switch condition {
            case .los:
                return TR38901.rmaLOS(
                    frequencyGHz: fc, bsHeightMeters: hBS, utHeightMeters: hUT, distance2DMeters: d,
                    buildingHeightMeters: h, streetWidthMeters: w)
            case .nlos:
                return TR38901.rmaNLOS(
                    frequencyGHz: fc, bsHeightMeters: hBS, utHeightMeters: hUT, distance2DMeters: d,
                    buildingHeightMeters: h, streetWidthMeters: w)
            case .probabilistic:
                return TR38901.blend(
                    los: TR38901.rmaLOS(
                        frequencyGHz: fc, bsHeightMeters: hBS, utHeightMeters: hUT, distance2DMeters: d,
                        buildingHeightMeters: h, streetWidthMeters: w),
                    nlos: TR38901.rmaNLOS(
                        frequencyGHz: fc, bsHeightMeters: hBS, utHeightMeters: hUT, distance2DMeters: d,
                        buildingHeightMeters: h, streetWidthMeters: w),
                    losProbability: TR38901.losProbability(.rma, distance2DMeters: d, utHeightMeters: hUT))
            }
        case .uma:
            switch condition {
            case .los:
                return TR38901.umaLOS(frequencyGHz: fc, bsHeightMeters: hBS, utHeightMeters: hUT, distance2DMeters: d)
            case .nlos:
                return TR38901.umaNLOS(frequencyGHz: fc, bsHeightMeters: hBS, utHeightMeters: hUT, distance2DMeters: d)
            case .probabilistic:
                return TR38901.blend(
                    los: TR38901.umaLOS(
                        frequencyGHz: fc, bsHeightMeters: hBS, utHeightMeters: hUT, distance2DMeters: d),
                    nlos: TR38901.umaNLOS(
                        frequencyGHz: fc, bsHeightMeters: hBS, utHeightMeters: hUT, distance2DMeters: d),
                    losProbability: TR38901.losProbability(.uma, distance2DMeters: d, utHeightMeters: hUT))
            }
        case .umi:
            switch condition {
            case .los:
                return TR38901.umiLOS(frequencyGHz: fc, bsHeightMeters: hBS, utHeightMeters: hUT, distance2DMeters: d)
            case .nlos:
                return TR38901.umiNLOS(frequencyGHz: fc, bsHeightMeters: hBS, utHeightMeters: hUT, distance2DMeters: d)
            case .probabilistic:
                return TR38901.blend(
                    los: TR38901.umiLOS(
                        frequencyGHz: fc, bsHeightMeters: hBS, utHeightMeters: hUT, distance2DMeters: d),
                    nlos: TR38901.umiNLOS(
                        frequencyGHz: fc, bsHeightMeters: hBS, utHeightMeters: hUT, distance2DMeters: d),
                    losProbability: TR38901.losProbability(.umi, distance2DMeters: d, utHeightMeters: hUT))
            }
        }
    }

    /// The flags that do not depend on distance (heights, frequency, RMa environment) for a site.
    public func siteValidity(frequencyGHz: Double, bsHeightMeters: Double, utHeightMeters: Double) -> ValidityFlags {
        // Evaluate at a distance inside every model's range and keep the distance-free flags.
        let probe = scenario == .cost231Hata ? 2_000.0 : 100.0
        return evaluate(
            frequencyGHz: frequencyGHz, bsHeightMeters: bsHeightMeters,
            utHeightMeters: utHeightMeters, distance2DMeters: probe
        ).validity
            .intersection(.siteFlags)
    }

    /// The model's distance applicability range in metres (for warnings and docs).
    public var distanceRangeMeters: ClosedRange<Double> {
        switch scenario {
        case .freeSpace: return 0...Double.greatestFiniteMagnitude
        case .cost231Hata: return Cost231Hata.validity.distanceMeters
        case .rma:
            return condition == .los ? TR38901.rmaLOSValidity.distanceMeters : TR38901.rmaNLOSValidity.distanceMeters
        case .uma: return TR38901.umaValidity.distanceMeters
        case .umi: return TR38901.umiValidity.distanceMeters
        }
    }

    /// True when, for a fixed site, the path loss plus `z`·σ_SF never decreases with distance, so
    /// the largest covered distance can be found by bracketing and bisection alone.
    ///
    /// Fixed LOS or NLOS: every formula increases with d3D and σ only steps up (RMa LOS at d_BP).
    /// Blend: the mean P·PL_LOS + (1−P)·PL_NLOS increases when P_LOS decreases with distance,
    /// because PL_NLOS ≥ PL_LOS; σ = P·σ_LOS + (1−P)·σ_NLOS increases because σ_NLOS ≥ σ_LOS.
    /// P_LOS decreases with distance except for UMa with hUT > 13 m (the C′(hUT) bump), and a
    /// negative `z` (reliability below 50 %) turns a growing σ into a shrinking margin.
    public func isMonotoneInDistance(utHeightMeters: Double, marginQuantile z: Double) -> Bool {
        if condition == .probabilistic && scenario.isThreeGPP {
            if z < 0 { return false }
            if scenario == .uma && utHeightMeters > 13 { return false }
        }
        return true
    }
}
