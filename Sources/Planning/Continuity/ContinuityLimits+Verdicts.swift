extension ContinuityLimits {
    /// The limits checked on a network, as target verdicts (`nrplan audit` with a scenario that has
    /// them): per limited district the largest hole the limit counts (`max_enclosed_hole_m2`, or
    /// `max_hole_m2` with `edge_holes`) and its covered components, and per road its longest gap.
    public func verdicts(_ continuity: Continuity, roads: RoadReport?) -> [TargetVerdict] {
        var verdicts: [TargetVerdict] = []
        func atMost(_ target: String, _ scope: String, _ required: Double, _ measured: Double) {
            verdicts.append(
                TargetVerdict(
                    target: target, scope: scope, required: required, measured: measured,
                    shortfall: measured - required, passed: measured <= required * (1 + 1e-9), isMinimum: false))
        }
        let resolved = resolved(districtNames: continuity.districts.map(\.name))
        for (d, district) in continuity.districts.enumerated() {
            let limits = resolved[d]
            if let area = limits.maxHoleSquareMeters {
                let largest =
                    continuity.holes.filter { $0.district == d && (limits.edgeHoles || !$0.touchesEdge) }
                    .map(\.areaSquareMeters).max() ?? 0
                atMost(limits.edgeHoles ? "max_hole_m2" : "max_enclosed_hole_m2", district.name, area, largest)
            }
            if let count = limits.maxComponents {
                atMost("max_components", district.name, Double(count), Double(district.coveredComponents))
            }
        }
        if let gap = maxRoadGapMeters, let roads {
            for road in roads.roads { atMost("max_road_gap_m", "road \(road.name)", gap, road.longestGapMeters) }
        }
        return verdicts
    }
}
