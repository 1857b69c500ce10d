import Foundation
import Geo

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

/// Everything `solve` and `audit` report about a network on the demand grid: continuity (holes,
/// components, per-district coverage) and the radio field (best server, RSRP, SINR, overlap).
/// Both commands compute it with `NetworkAssessor.assess` — one implementation.
public struct NetworkAssessment: Sendable {
    public let continuity: ContinuityReport
    /// `nil` when interference analysis was switched off.
    public let field: RadioField?
    public let statistics: FieldStatistics?
    public let interference: InterferenceSettings?
    /// RSRP thresholds of the assessed sites' profiles (for the map's classes).
    public let rsrpThresholdDBm: Double
}

public enum NetworkAssessor {
    /// Assesses the coverage `covered` (one flag per cell) of `sites` on `grid`.
    /// - Parameters:
    ///   - interference: settings of the SINR analysis, or `nil` to skip it.
    ///   - clutter: the clutter classes of the grid squares, when the scenario has them.
    public static func assess(
        grid: DemandGrid, covered: [Bool], sites: [SitePlacement], interference: InterferenceSettings?,
        clutter: ClutterRaster? = nil, threads: Int
    ) throws(PlanningError) -> NetworkAssessment {
        let continuity = try ContinuityAnalysis.analyze(grid: grid, covered: covered, threads: threads)
        var field: RadioField?
        var statistics: FieldStatistics?
        if let interference {
            let built = RadioFieldBuilder.build(
                grid: grid, sites: sites, settings: interference, clutter: clutter, threads: threads)
            field = built
            let sinr = built.sinrDB.map(Double.init).sorted()
            let rsrp = built.bestRSRPDBm.map(Double.init).sorted()
            let above = built.sinrDB.filter { Double($0) >= interference.sinrThresholdDB }.count
            let served = built.overlapServers.filter { $0 > 0 }
            statistics = FieldStatistics(
                sortedSINR: sinr, sortedRSRP: rsrp,
                shareSINRAboveThreshold: grid.cellCount > 0 ? Double(above) / Double(grid.cellCount) : 0,
                meanOverlapServers: served.isEmpty
                    ? 0 : Double(served.reduce(0) { $0 + Int($1) }) / Double(served.count),
                sharePilotPolluted: grid.cellCount > 0
                    ? Double(built.overlapServers.filter { $0 >= 4 }.count) / Double(grid.cellCount) : 0)
        }
        let threshold = sites.map(\.profile.rsrpThresholdDBm).max() ?? -110
        return NetworkAssessment(
            continuity: continuity, field: field, statistics: statistics, interference: interference,
            rsrpThresholdDBm: threshold)
    }
}
