import Geo
import Support

/// Coverage and continuity of the roads of a network: per road its length inside the area, the
/// covered share and the longest uncovered stretch, and every uncovered stretch with where it lies
/// along the road (summary.json `roads`, road-gaps.geojson).
public struct RoadReport: Sendable {
    /// The figures of one road.
    public struct RoadFigures: Sendable {
        public var name: String
        /// Length inside the planning area (metres) — the road's demand.
        public var lengthMeters: Double
        /// Covered length inside the area (metres).
        public var coveredMeters: Double
        /// The longest uncovered stretch (metres), 0 when none.
        public var longestGapMeters: Double
        /// Uncovered stretches.
        public var gaps: Int
        /// Covered length / length (1 for a road wholly outside the area).
        public var coveredShare: Double { lengthMeters > 0 ? coveredMeters / lengthMeters : 1 }
    }

    /// One uncovered stretch: consecutive uncovered pieces of one route inside the area.
    public struct Gap: Sendable {
        /// Index into `roads` (and `RoadNetwork.roads`).
        public var road: Int
        public var route: Int
        /// Measures along the road where the stretch starts and ends (metres).
        public var fromMeters: Double
        public var toMeters: Double
        /// The samples it spans (first and last, indices of `RoadNetwork`'s sample arrays).
        public var firstSample: Int
        public var lastSample: Int
        /// The stretch as a polyline in WGS-84 degrees.
        public var line: [Coordinate]
        /// The district holding its middle sample.
        public var district: Int
        public var lengthMeters: Double { toMeters - fromMeters }
    }

    public var roads: [RoadFigures]
    /// Every uncovered stretch, by road then along the road.
    public var gaps: [Gap]

    /// The longest uncovered stretch of any road (0 without roads or gaps).
    public var longestGapMeters: Double { roads.map(\.longestGapMeters).max() ?? 0 }

    /// Measures the roads of `network` given which of its rows are covered.
    /// - Parameter coveredRow: per road row (`RoadNetwork.rowCount`), whether some site covers it.
    /// - Complexity: O(samples + vertices of the gaps).
    public static func measure(_ network: RoadNetwork, coveredRow: [Bool]) -> RoadReport {
        var figures = network.roads.map {
            RoadFigures(name: $0.name, lengthMeters: $0.lengthMeters, coveredMeters: 0, longestGapMeters: 0, gaps: 0)
        }
        for row in 0..<network.rowCount where coveredRow[row] {
            let s = Int(network.sampleOfRow[row])
            figures[network.routes[Int(network.sampleRoute[s])].road].coveredMeters +=
                network.sampleTo[s] - network.sampleFrom[s]
        }
        var gaps: [Gap] = []
        for run in network.uncoveredRuns(coveredRow: coveredRow) {
            let route = network.routes[run.route]
            let a = network.sampleFrom[run.first]
            let b = network.sampleTo[run.last]
            let middle = (run.first + run.last) / 2
            gaps.append(
                Gap(
                    road: route.road, route: run.route, fromMeters: route.offsetMeters + a,
                    toMeters: route.offsetMeters + b, firstSample: run.first, lastSample: run.last,
                    line: route.stretch(from: a, to: b).map(network.projection.unproject),
                    district: Int(network.sampleDistrict[middle])))
            figures[route.road].gaps += 1
            figures[route.road].longestGapMeters = max(figures[route.road].longestGapMeters, b - a)
        }
        return RoadReport(roads: figures, gaps: gaps)
    }
}

extension RoadNetwork {
    /// A maximal run of consecutive uncovered samples of one route, all inside the area.
    public struct Run: Sendable, Hashable {
        public var route: Int
        public var first: Int
        public var last: Int
    }

    /// Every maximal run of uncovered in-area samples, route by route along each route. A sample
    /// outside the area ends a run (the part outside is not demand).
    public func uncoveredRuns(coveredRow: [Bool]) -> [Run] {
        var runs: [Run] = []
        for (r, route) in routes.enumerated() {
            var start: Int?
            for s in route.samples {
                let row = Int(rowOfSample[s])
                if row >= 0 && !coveredRow[row] {
                    if start == nil { start = s }
                } else if let first = start {
                    runs.append(Run(route: r, first: first, last: s - 1))
                    start = nil
                }
            }
            if let first = start { runs.append(Run(route: r, first: first, last: route.samples.upperBound - 1)) }
        }
        return runs
    }

    /// Length of the pieces of samples `first…last` (consecutive samples of one route), metres.
    public func length(first: Int, last: Int) -> Double { sampleTo[last] - sampleFrom[first] }
}
