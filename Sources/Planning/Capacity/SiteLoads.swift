/// Busy-hour load against capacity for a network whose sites are all given (`nrplan audit` with
/// a scenario that has a `capacity` section): each cell served by its best server
/// (`BestServerLoads`), each site's capacity from its profile (`SiteCapacity`).
public struct SiteLoads: Sendable {
    public let settings: CapacitySettings
    public let totalTrafficMbps: Double
    /// Traffic of cells no site covers.
    public let unservedMbps: Double
    /// Per site (input order): capacity at the load target and busy-hour load, Mbps.
    public let capacityMbps: [Double]
    public let loadMbps: [Double]

    init(settings: CapacitySettings, trafficMbps: [Double], matrix: CoverageMatrix, placements: [SitePlacement]) {
        self.settings = settings
        let loads = BestServerLoads(matrix: matrix, trafficMbps: trafficMbps)
        totalTrafficMbps = trafficMbps.reduce(0, +)
        unservedMbps = loads.unservedMbps
        capacityMbps = placements.map { SiteCapacity.mbps($0.profile, settings: settings) }
        loadMbps = loads.loadMbps
    }

    /// Per site: load / capacity.
    public var utilisation: [Double] {
        zip(loadMbps, capacityMbps).map { load, capacity in capacity > 0 ? load / capacity : (load > 0 ? .infinity : 0)
        }
    }

    /// The sites loaded above their capacity (indices).
    public var overloaded: [Int] {
        loadMbps.indices.filter { loadMbps[$0] > capacityMbps[$0] * (1 + 1e-9) + 1e-9 }
    }

    /// Nearest-rank `q`-quantile of the utilisation (see `CapacityPlan.utilisationPercentile`).
    public func utilisationPercentile(_ q: Double) -> Double? { Self.percentile(utilisation, q) }

    static func percentile(_ values: [Double], _ q: Double) -> Double? {
        let sorted = values.sorted()
        guard !sorted.isEmpty else { return nil }
        let rank = max(1, Int((q * Double(sorted.count)).rounded(.up)))
        return sorted[min(rank, sorted.count) - 1]
    }
}
