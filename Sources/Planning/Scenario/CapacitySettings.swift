import Radio

/// Load-aware siting (docs/capacity.md, scenario `capacity`): where the busy-hour traffic is, how
/// much a site carries, and how cells are shared among sites.
public struct CapacitySettings: Sendable {
    /// Where busy-hour downlink traffic comes from.
    public enum Traffic: Sendable {
        /// The same traffic density (Mbps per km²) everywhere in the planning area.
        case uniform(mbpsPerSquareKilometer: Double)
        /// A density layer (polygons with a per-km² property), times `mbpsPerUnit`: a layer of
        /// `traffic_mbps_per_km2` with 1, or a population density with a per-person busy-hour rate.
        case layer(DemandLayer, mbpsPerUnit: Double)
    }

    /// How a cell's traffic is shared among the sites that reach it.
    public enum Assignment: String, Sendable, CaseIterable {
        /// Each cell served by its best server (highest RSRP) among the sites on air.
        case bestServer = "best_server"
        /// A cell's traffic may be split over every site that reaches it (a lower bound on the
        /// sites needed: load balancing at its most optimistic).
        case split
    }

    public var traffic: Traffic
    public var assignment: Assignment = .bestServer
    /// The cell-average downlink SINR the spectral efficiency is taken at (dB).
    public var sinrDB: Double = 10
    /// Downlink MIMO layers per user (spectral efficiency multiplier).
    public var mimoLayers: Double = 2
    /// Share of the TDD frame carrying downlink: DDDSU with a 10:2:2 special slot is
    /// (3 + 10/14) / 5 = 0.743.
    public var downlinkShare: Double = 0.743
    /// The highest utilisation a site may be planned at (the rest is headroom for peaks).
    public var loadTarget: Double = 0.7
    /// SINR → bit/s/Hz (TR 36.942 Annex A.1, TS 38.214 cap).
    public var spectralEfficiency = SpectralEfficiency()

    public init(traffic: Traffic) { self.traffic = traffic }
}
