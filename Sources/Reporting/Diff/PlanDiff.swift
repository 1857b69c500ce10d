import Geo
import Planning
import Support

/// What changed from run A to run B (two solves, a solve and an audit, or two audits): sites,
/// holes, cost, coverage, and each district's figures — all from the runs' output folders.
public struct PlanDiff: Sendable {
    /// One district's figures in A and B (nil where the district is in one run only).
    public struct DistrictDelta: Sendable {
        public var name: String
        public var coverageA: Double?
        public var coverageB: Double?
        public var holesA: Int?
        public var holesB: Int?
        public var largestHoleA: Double?
        public var largestHoleB: Double?
    }

    public var a: RunFolder
    public var b: RunFolder
    public var sites: SiteDiff
    public var holes: HoleDiff
    /// A's districts in A's order, then those only B has.
    public var districts: [DistrictDelta]
    /// Differences in how the runs were made that bear on the comparison.
    public var warnings: [String]
    /// Where coverage appeared and disappeared (nil when a run has no coverage.geojson).
    var coverageChange: CoverageChange.Result?

    /// The default distance (metres) within which a site keeps its position, or a site under a
    /// new id is taken for a moved one.
    public static let defaultToleranceMeters = 10.0

    /// Compares two runs.
    public static func compare(_ a: RunFolder, _ b: RunFolder, toleranceMeters: Double, threads: Int) throws(GeoError)
        -> PlanDiff
    {
        let cells = [a.cellMeters, b.cellMeters].compactMap { $0 }
        let minimumOverlap = 0.5 * (cells.min().map { $0 * $0 } ?? 1)
        var warnings: [String] = []
        if let ca = a.cellMeters, let cb = b.cellMeters, ca != cb {
            warnings.append(
                "the runs use different demand cells (\(MapSVG.fmt(ca, 1)) m and \(MapSVG.fmt(cb, 1)) m): holes and coverage are measured on different grids"
            )
        }
        if let ka = a.summary["area_km2"]?.doubleValue, let kb = b.summary["area_km2"]?.doubleValue,
            abs(ka - kb) > 0.001 * max(ka, kb)
        {
            warnings.append(
                "the runs cover different areas (\(MapSVG.fmt(ka, 3)) km² and \(MapSVG.fmt(kb, 3)) km²): coverage ratios are not of the same demand"
            )
        }
        return PlanDiff(
            a: a, b: b, sites: SiteDiff.compare(a.sites, b.sites, toleranceMeters: toleranceMeters),
            holes: try HoleDiff.compare(a.holes, b.holes, minimumOverlapSquareMeters: minimumOverlap, threads: threads),
            districts: districtDeltas(a.summary, b.summary), warnings: warnings,
            coverageChange: CoverageChange.compute(a, b, threads: threads))
    }

    static func districtDeltas(_ a: JSONValue, _ b: JSONValue) -> [DistrictDelta] {
        func list(_ s: JSONValue) -> [JSONValue] { s["continuity"]?["districts"]?.arrayValue ?? [] }
        var deltas: [DistrictDelta] = []
        var position: [String: Int] = [:]
        for d in list(a) {
            guard let name = d["name"]?.stringValue, position[name] == nil else { continue }
            position[name] = deltas.count
            deltas.append(
                DistrictDelta(
                    name: name, coverageA: d["coverage_ratio"]?.doubleValue,
                    holesA: d["holes"]?.doubleValue.map { Int($0) },
                    largestHoleA: d["largest_hole_m2"]?.doubleValue))
        }
        for d in list(b) {
            guard let name = d["name"]?.stringValue else { continue }
            let k = position[name] ?? deltas.count
            if position[name] == nil {
                position[name] = k
                deltas.append(DistrictDelta(name: name))
            }
            deltas[k].coverageB = d["coverage_ratio"]?.doubleValue
            deltas[k].holesB = d["holes"]?.doubleValue.map { Int($0) }
            deltas[k].largestHoleB = d["largest_hole_m2"]?.doubleValue
        }
        return deltas
    }

    /// Total `cost` of a run's sites listed in `indices` (sites without a cost count 0).
    func cost(of run: RunFolder, _ indices: [Int]) -> Double {
        indices.reduce(0) { $0 + (run.sites[$1]["cost"]?.doubleValue ?? 0) }
    }

    /// Cost of the sites B adds and of those it drops (their `cost` properties).
    public var costAdded: Double { cost(of: b, sites.entries.filter { $0.change == .added }.compactMap(\.b)) }
    public var costRemoved: Double { cost(of: a, sites.entries.filter { $0.change == .removed }.compactMap(\.a)) }
}

extension PlanDiff.DistrictDelta {
    init(name: String, coverageA: Double? = nil, holesA: Int? = nil, largestHoleA: Double? = nil) {
        self.init(
            name: name, coverageA: coverageA, coverageB: nil, holesA: holesA, holesB: nil, largestHoleA: largestHoleA,
            largestHoleB: nil)
    }
}
