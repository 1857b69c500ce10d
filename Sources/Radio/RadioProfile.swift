import Foundation

/// Every parameter of a downlink (and optionally uplink) coverage link budget for one kind of
/// site: carrier, transmit power, antenna, heights, propagation model, losses, reliability and
/// thresholds. Built-in named defaults (`named(_:)`) are overridden field by field from a
/// scenario (`overriding(_:source:)`); docs/radio.md lists every field with its source.
///
/// Budgets (all in dB/dBm):
/// - P_RE = txPowerDBm − 10·log10(12·N_RB) (total power spread evenly over the carrier's subcarriers)
/// - coupling loss CL = PL + penetration + margin − G_BS(direction) + cableLossDB + bodyLossDB − ueGainDBi
/// - SS-RSRP = P_RE − CL; covered downlink when RSRP ≥ rsrpThresholdDBm
/// - UL received = ueTxPowerDBm − CL; gNB sensitivity = −174 + 10·log10(12·N_RB,UL·SCS) + NF_gNB
///   + SINR_req + interference margin; covered uplink when received ≥ sensitivity
/// - margin = Φ⁻¹(edgeReliability)·√(σ_SF² + σ_P²)
public struct RadioProfile: Sendable, Hashable {
    /// Profile name (e.g. `n78-macro`).
    public var name: String
    /// Carrier centre frequency in GHz.
    public var frequencyGHz: Double
    /// Channel bandwidth in MHz (must be in TS 38.101-1/-2 Table 5.3.2-1 for the SCS).
    public var bandwidthMHz: Double
    /// Subcarrier spacing in kHz (15, 30, 60; 60/120 in FR2).
    public var subcarrierSpacingKHz: Double
    /// Total transmit power of one sector/carrier at the antenna connector, dBm.
    public var txPowerDBm: Double
    /// Base-station antenna.
    public var antenna: Antenna
    /// Default mast height above ground in metres (a candidate's own height overrides it).
    public var bsHeightMeters: Double
    /// UT (handset) height above ground in metres.
    public var utHeightMeters: Double
    /// Propagation model.
    public var pathLossModel: PathLossModel
    /// Shadow-fading σ in dB overriding the model's table value; `nil` = use the model's σ_SF.
    public var shadowFadingStdDB: Double?
    /// Feeder/jumper loss between transmitter and antenna, dB (0 for active antenna units).
    public var cableLossDB: Double
    /// Body loss at the UE, dB.
    public var bodyLossDB: Double
    /// Building penetration for indoor coverage (none = outdoor users).
    public var penetration: BuildingPenetration
    /// Indoor distance d2D-in in metres; `nil` = the TR 38.901 mean for the scenario (25/3 or 10/3 m).
    public var indoorDistanceMeters: Double?
    /// Required cell-edge coverage probability p in (0, 1) for the shadow margin.
    public var edgeReliability: Double
    /// UE antenna gain in dBi.
    public var ueGainDBi: Double
    /// UE noise figure in dB (for the noise power per RE used by SINR checks).
    public var ueNoiseFigureDB: Double
    /// SS-RSRP a cell must reach to count as covered, dBm.
    public var rsrpThresholdDBm: Double
    /// UE transmit power in dBm (23 power class 3, 26 HPUE power class 2).
    public var ueTxPowerDBm: Double
    /// Uplink allocation at the cell edge in resource blocks.
    public var uplinkResourceBlocks: Int
    /// gNB receiver noise figure in dB.
    public var gnbNoiseFigureDB: Double
    /// SINR the uplink allocation needs at the cell edge, dB.
    public var uplinkRequiredSINRDB: Double
    /// Uplink interference margin (noise rise) in dB.
    public var uplinkInterferenceMarginDB: Double
    /// When true a cell is covered only if both downlink and uplink budgets close.
    public var requiresUplink: Bool

    /// Creates a profile from every field. Use `validated(source:)` before trusting hand-built values.
    public init(
        name: String, frequencyGHz: Double, bandwidthMHz: Double, subcarrierSpacingKHz: Double,
        txPowerDBm: Double, antenna: Antenna, bsHeightMeters: Double, utHeightMeters: Double = 1.5,
        pathLossModel: PathLossModel, shadowFadingStdDB: Double? = nil, cableLossDB: Double = 0,
        bodyLossDB: Double = 0, penetration: BuildingPenetration = .none, indoorDistanceMeters: Double? = nil,
        edgeReliability: Double = 0.75, ueGainDBi: Double = 0, ueNoiseFigureDB: Double = 7,
        rsrpThresholdDBm: Double, ueTxPowerDBm: Double = 23, uplinkResourceBlocks: Int = 10,
        gnbNoiseFigureDB: Double = 3, uplinkRequiredSINRDB: Double = 0, uplinkInterferenceMarginDB: Double = 2,
        requiresUplink: Bool = false
    ) {
        self.name = name
        self.frequencyGHz = frequencyGHz
        self.bandwidthMHz = bandwidthMHz
        self.subcarrierSpacingKHz = subcarrierSpacingKHz
        self.txPowerDBm = txPowerDBm
        self.antenna = antenna
        self.bsHeightMeters = bsHeightMeters
        self.utHeightMeters = utHeightMeters
        self.pathLossModel = pathLossModel
        self.shadowFadingStdDB = shadowFadingStdDB
        self.cableLossDB = cableLossDB
        self.bodyLossDB = bodyLossDB
        self.penetration = penetration
        self.indoorDistanceMeters = indoorDistanceMeters
        self.edgeReliability = edgeReliability
        self.ueGainDBi = ueGainDBi
        self.ueNoiseFigureDB = ueNoiseFigureDB
        self.rsrpThresholdDBm = rsrpThresholdDBm
        self.ueTxPowerDBm = ueTxPowerDBm
        self.uplinkResourceBlocks = uplinkResourceBlocks
        self.gnbNoiseFigureDB = gnbNoiseFigureDB
        self.uplinkRequiredSINRDB = uplinkRequiredSINRDB
        self.uplinkInterferenceMarginDB = uplinkInterferenceMarginDB
        self.requiresUplink = requiresUplink
    }

    // MARK: Derived quantities

    /// Thermal noise density at 290 K, dBm/Hz.
    public static let thermalNoiseDBmPerHz = -174.0

    /// N_RB from TS 38.101-1/-2 Table 5.3.2-1. For a combination outside the table (only possible
    /// for unvalidated hand-built profiles) it falls back to floor(0.9·BW/(12·SCS)), a 90 %
    /// spectrum occupancy estimate.
    public var resourceBlockCount: Int {
        if let n = NRCarrier.maxResourceBlocks(
            bandwidthMHz: bandwidthMHz, subcarrierSpacingKHz: subcarrierSpacingKHz,
            frequencyGHz: frequencyGHz)
        {
            return n
        }
        let estimate = 0.9 * bandwidthMHz * 1_000 / (12 * subcarrierSpacingKHz)
        return estimate.isFinite && estimate >= 1 ? Int(estimate) : 1
    }

    /// Downlink transmit power per resource element, dBm: txPowerDBm − 10·log10(12·N_RB).
    public var txPowerPerResourceElementDBm: Double {
        txPowerDBm - 10 * log10(12 * Double(resourceBlockCount))
    }

    /// Noise power per resource element at the UE, dBm: −174 + 10·log10(SCS in Hz) + ueNoiseFigureDB
    /// (−174 + 44.77 + 7 = −122.2 dBm at 30 kHz, NF 7 dB). The SINR audit divides RSRP by this
    /// plus interference.
    public var noisePowerPerResourceElementDBm: Double {
        RadioProfile.thermalNoiseDBmPerHz + 10 * log10(subcarrierSpacingKHz * 1_000) + ueNoiseFigureDB
    }

    /// gNB uplink sensitivity for the edge allocation, dBm:
    /// −174 + 10·log10(12·N_RB,UL·SCS) + NF_gNB + SINR_req + interference margin.
    public var gnbSensitivityDBm: Double {
        RadioProfile.thermalNoiseDBmPerHz + 10 * log10(12 * Double(uplinkResourceBlocks) * subcarrierSpacingKHz * 1_000)
            + gnbNoiseFigureDB + uplinkRequiredSINRDB + uplinkInterferenceMarginDB
    }

    /// The indoor distance actually used: the profile's, or the TR 38.901 mean for its scenario.
    public var effectiveIndoorDistanceMeters: Double {
        indoorDistanceMeters ?? BuildingPenetration.meanIndoorDistanceMeters(for: pathLossModel.scenario)
    }

    /// O2I penetration loss in dB (0 outdoors).
    public var penetrationLossDB: Double {
        penetration.lossDB(frequencyGHz: frequencyGHz, indoorDistanceMeters: effectiveIndoorDistanceMeters)
    }

    /// Φ⁻¹(edgeReliability): the shadow margin per dB of σ.
    public var marginQuantile: Double { InverseNormal.quantile(edgeReliability) }

    /// Largest coupling loss (dB) at which the downlink budget still meets the RSRP threshold.
    public var maxDownlinkCouplingLossDB: Double { txPowerPerResourceElementDBm - rsrpThresholdDBm }

    /// Largest coupling loss (dB) at which the uplink budget still meets the gNB sensitivity.
    public var maxUplinkCouplingLossDB: Double { ueTxPowerDBm - gnbSensitivityDBm }

    /// The coupling-loss limit that decides coverage: the downlink one, or the smaller of downlink
    /// and uplink when `requiresUplink`.
    public var maxCouplingLossDB: Double {
        requiresUplink ? min(maxDownlinkCouplingLossDB, maxUplinkCouplingLossDB) : maxDownlinkCouplingLossDB
    }

    /// Which direction limits coverage: "downlink" or "uplink".
    public var limitingLink: String {
        requiresUplink && maxUplinkCouplingLossDB < maxDownlinkCouplingLossDB ? "uplink" : "downlink"
    }
}
