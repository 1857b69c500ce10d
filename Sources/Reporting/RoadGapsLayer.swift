import Geo
import Planning
import Support

/// `road-gaps.geojson`: every uncovered stretch of a road as a LineString, by road then along the
/// road. Members: `road` (its name), `length_m`, `from_m` and `to_m` (measures along the road: its
/// routes laid end to end, docs/scenario.md `demand.roads`), `district` (of the stretch's middle),
/// `over_limit` (longer than `objective.max_road_gap_m`; false without a limit).
public enum RoadGapsLayer {
    public static func properties(_ gap: RoadReport.Gap, report: RoadReport, districtNames: [String], limit: Double?)
        -> [(key: String, value: JSONValue)]
    {
        [
            ("road", .string(report.roads[gap.road].name)),
            ("length_m", .number(gap.lengthMeters, .tenths)),
            ("from_m", .number(gap.fromMeters, .tenths)),
            ("to_m", .number(gap.toMeters, .tenths)),
            ("district", districtNames.indices.contains(gap.district) ? .string(districtNames[gap.district]) : .null),
            ("over_limit", .bool(limit.map { gap.lengthMeters > $0 * (1 + 1e-9) } ?? false)),
        ]
    }

    public static func write(
        _ report: RoadReport, districtNames: [String], limit: Double?, to writer: GeoJSONWriter
    ) throws(GeoError) {
        for gap in report.gaps {
            try writer.write(
                geometry: .lineString(gap.line),
                properties: properties(gap, report: report, districtNames: districtNames, limit: limit))
        }
    }
}
