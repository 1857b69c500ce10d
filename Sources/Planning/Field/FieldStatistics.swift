/// Distributions of the radio field over the demand cells.
public struct FieldStatistics: Sendable {
    /// SINR of every demand cell in dB, ascending (cells without a server are −999).
    public let sortedSINR: [Double]
    /// Best-server RSRP of every demand cell in dBm, ascending (−999 without a server).
    public let sortedRSRP: [Double]
    /// Share of cells with SINR ≥ the threshold of the settings.
    public let shareSINRAboveThreshold: Double
    /// Mean number of servers within the overlap window (over cells with a server).
    public let meanOverlapServers: Double
    /// Share of cells with 4 or more servers within the window (pilot pollution).
    public let sharePilotPolluted: Double

    /// The distributions of a field's per-cell values.
    init(sinrDB: [Float], rsrpDBm: [Float], overlapServers: [UInt8], settings: InterferenceSettings) {
        let cellCount = sinrDB.count
        sortedSINR = sinrDB.map(Double.init).sorted()
        sortedRSRP = rsrpDBm.map(Double.init).sorted()
        let above = sinrDB.filter { Double($0) >= settings.sinrThresholdDB }.count
        let served = overlapServers.filter { $0 > 0 }
        shareSINRAboveThreshold = cellCount > 0 ? Double(above) / Double(cellCount) : 0
        meanOverlapServers = served.isEmpty ? 0 : Double(served.reduce(0) { $0 + Int($1) }) / Double(served.count)
        sharePilotPolluted = cellCount > 0 ? Double(overlapServers.filter { $0 >= 4 }.count) / Double(cellCount) : 0
    }
}

/// Percentiles by the nearest-rank method on sorted values.
public enum Statistics {
    /// The p-th percentile (0…100) of ascending `values`: the value at rank ⌈p/100 · n⌉ (1-based),
    /// the first value for p = 0. −∞ for no values.
    public static func percentile(_ sorted: [Double], _ p: Double) -> Double {
        guard !sorted.isEmpty else { return -.infinity }
        let rank = Int((p / 100 * Double(sorted.count)).rounded(.up))
        return sorted[min(sorted.count - 1, max(0, rank - 1))]
    }
}
