import Foundation

/// Downlink spectral efficiency from SINR: the attenuated and truncated Shannon bound of
/// 3GPP TR 36.942 Annex A.1 (also used for NR system-level capacity estimates):
///
///     SE(SINR) = 0                              for SINR < SINR_min
///              = α · log2(1 + SINR)             for SINR_min ≤ SINR, capped at SE_max
///
/// with SINR linear. TR 36.942 Table A.2 gives, for the downlink, α = 0.6 (the implementation
/// loss of a real link against Shannon), SINR_min = −10 dB (the lowest CQI) and SE_max = 4.4 bps/Hz
/// (64-QAM, LTE). NR with 256-QAM reaches 7.4063 bps/Hz: the highest efficiency of CQI table 2,
/// TS 38.214 Table 5.2.2.1-3 (CQI 15: 256-QAM, code rate 948/1024), which is the default cap here.
/// The efficiency is per layer; MIMO layers multiply it (`SiteCapacityModel`).
public struct SpectralEfficiency: Sendable, Hashable {
    /// α: the fraction of the Shannon bound a real link reaches (TR 36.942 Table A.2: 0.6 downlink).
    public var attenuation: Double
    /// Below this SINR the link carries nothing (TR 36.942 Table A.2: −10 dB).
    public var minimumSINRDB: Double
    /// The efficiency cap in bit/s/Hz per layer (TS 38.214 Table 5.2.2.1-3, CQI 15: 7.4063).
    public var maximumBitsPerHertz: Double

    /// TR 36.942 Table A.2 downlink attenuation and floor, TS 38.214 256-QAM cap.
    public init(attenuation: Double = 0.6, minimumSINRDB: Double = -10, maximumBitsPerHertz: Double = 7.4063) {
        self.attenuation = attenuation
        self.minimumSINRDB = minimumSINRDB
        self.maximumBitsPerHertz = maximumBitsPerHertz
    }

    /// bit/s/Hz per layer at `sinrDB`.
    public func bitsPerSecondPerHertz(sinrDB: Double) -> Double {
        guard sinrDB.isFinite, sinrDB >= minimumSINRDB else { return 0 }
        let shannon = log2(1 + pow(10, sinrDB / 10))
        return min(attenuation * shannon, maximumBitsPerHertz)
    }

    /// The SINR (dB) at which the cap is reached: α·log2(1 + SINR) = SE_max.
    public var saturationSINRDB: Double {
        10 * log10(pow(2, maximumBitsPerHertz / attenuation) - 1)
    }
}
