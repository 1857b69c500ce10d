/// The built-in named profiles. Every value and its source is listed in docs/radio.md; in short:
/// frequencies and bandwidths from the TS 38.101-1 band and channel-bandwidth tables, heights and
/// models from TR 38.901 Table 7.4.1-1, powers and gains typical vendor values (labelled as such).
extension RadioProfile {
    /// The names `named(_:)` accepts, in the order the docs list them.
    public static let builtInNames: [String] = ["n78-macro", "n78-small-cell", "n41-macro", "n28-rural"]

    /// A built-in profile by name, or `nil`.
    public static func named(_ name: String) -> RadioProfile? {
        switch name {
        case "n78-macro": return n78Macro
        case "n78-small-cell": return n78SmallCell
        case "n41-macro": return n41Macro
        case "n28-rural": return n28Rural
        default: return nil
        }
    }

    /// n78 (3.3–3.8 GHz) macro on rooftops and towers: 3.5 GHz, 100 MHz at 30 kHz (273 RB),
    /// 200 W 64T64R active antenna, 3 × 65° sectors, 25 m, UMa NLOS.
    public static let n78Macro = RadioProfile(
        name: "n78-macro", frequencyGHz: 3.5, bandwidthMHz: 100, subcarrierSpacingKHz: 30, txPowerDBm: 53,
        antenna: Antenna(pattern: .sector, maxGainDBi: 17, azimuthsDegrees: [0, 120, 240], downtiltDegrees: 6),
        bsHeightMeters: 25, utHeightMeters: 1.5, pathLossModel: .umaNLOS, cableLossDB: 0, bodyLossDB: 0,
        edgeReliability: 0.75, ueGainDBi: 0, ueNoiseFigureDB: 7, rsrpThresholdDBm: -105,
        ueTxPowerDBm: 26, uplinkResourceBlocks: 10, gnbNoiseFigureDB: 3, uplinkRequiredSINRDB: 0,
        uplinkInterferenceMarginDB: 2, requiresUplink: false)

    /// n78 small cell on a smart lamp pole: 3.5 GHz, 100 MHz at 30 kHz, 10 W, omni 8 dBi,
    /// 10 m (UMi nominal; lamp poles are 6–12 m), UMi-Street Canyon NLOS.
    public static let n78SmallCell = RadioProfile(
        name: "n78-small-cell", frequencyGHz: 3.5, bandwidthMHz: 100, subcarrierSpacingKHz: 30, txPowerDBm: 40,
        antenna: Antenna.omni(gainDBi: 8),
        bsHeightMeters: 10, utHeightMeters: 1.5, pathLossModel: .umiNLOS, cableLossDB: 0, bodyLossDB: 0,
        edgeReliability: 0.75, ueGainDBi: 0, ueNoiseFigureDB: 7, rsrpThresholdDBm: -105,
        ueTxPowerDBm: 26, uplinkResourceBlocks: 10, gnbNoiseFigureDB: 5, uplinkRequiredSINRDB: 0,
        uplinkInterferenceMarginDB: 2, requiresUplink: false)

    /// n41 (2.496–2.690 GHz) macro: 2.6 GHz, 100 MHz at 30 kHz, 200 W, 3 × 65° sectors 17 dBi,
    /// 25 m, UMa NLOS.
    public static let n41Macro = RadioProfile(
        name: "n41-macro", frequencyGHz: 2.6, bandwidthMHz: 100, subcarrierSpacingKHz: 30, txPowerDBm: 53,
        antenna: Antenna(pattern: .sector, maxGainDBi: 17, azimuthsDegrees: [0, 120, 240], downtiltDegrees: 6),
        bsHeightMeters: 25, utHeightMeters: 1.5, pathLossModel: .umaNLOS, cableLossDB: 0, bodyLossDB: 0,
        edgeReliability: 0.75, ueGainDBi: 0, ueNoiseFigureDB: 7, rsrpThresholdDBm: -105,
        ueTxPowerDBm: 26, uplinkResourceBlocks: 10, gnbNoiseFigureDB: 3, uplinkRequiredSINRDB: 0,
        uplinkInterferenceMarginDB: 2, requiresUplink: false)

    /// n28 (700 MHz) rural macro: 770 MHz (n28 downlink 758–803 MHz), 20 MHz at 15 kHz (106 RB), 49 dBm, 3 × 65° sectors
    /// 15 dBi with 3 dB feeder, 35 m tower, RMa NLOS (h = 5 m, W = 20 m), uplink required
    /// (23 dBm power class 3 UE).
    public static let n28Rural = RadioProfile(
        name: "n28-rural", frequencyGHz: 0.77, bandwidthMHz: 20, subcarrierSpacingKHz: 15, txPowerDBm: 49,
        antenna: Antenna(pattern: .sector, maxGainDBi: 15, azimuthsDegrees: [0, 120, 240], downtiltDegrees: 3),
        bsHeightMeters: 35, utHeightMeters: 1.5, pathLossModel: .rmaNLOS, cableLossDB: 3, bodyLossDB: 0,
        edgeReliability: 0.75, ueGainDBi: 0, ueNoiseFigureDB: 7, rsrpThresholdDBm: -110,
        ueTxPowerDBm: 23, uplinkResourceBlocks: 6, gnbNoiseFigureDB: 3, uplinkRequiredSINRDB: -3,
        uplinkInterferenceMarginDB: 1, requiresUplink: true)
}
