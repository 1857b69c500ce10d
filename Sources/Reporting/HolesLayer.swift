import Geo
import Planning
import Support

/// `holes.geojson`: every coverage hole as a (Multi)Polygon, largest first.
///
/// Members: `hole_id` (stable: numbered south-west to north-east by the hole's first cell),
/// `district`, `area_m2`, `cells`, `uncovered_weight`, `centroid_lon`, `centroid_lat`,
/// `touches_edge` (true when the hole reaches the edge of the demand region — the area boundary or
/// an exclusion — false when coverage encloses it).
public enum HolesLayer {
    /// Holes in output order: area descending, then hole number.
    public static func ordered(_ holes: [Hole]) -> [Hole] {
        holes.sorted {
            $0.areaSquareMeters > $1.areaSquareMeters
                || ($0.areaSquareMeters == $1.areaSquareMeters && $0.number < $1.number)
        }
    }

    public static func properties(_ hole: Hole, districtNames: [String]) -> [(key: String, value: JSONValue)] {
        [
            ("hole_id", .number(Double(hole.number))),
            ("district", .string(districtNames[hole.district])),
            ("area_m2", .number(hole.areaSquareMeters)),
            ("cells", .number(Double(hole.cells.count))),
            ("uncovered_weight", .number(hole.uncoveredWeight, .hundredths)),
            ("centroid_lon", .number(hole.centroid.x, .degrees)),
            ("centroid_lat", .number(hole.centroid.y, .degrees)),
            ("touches_edge", .bool(hole.touchesEdge)),
        ]
    }

    public static func write(_ continuity: Continuity, districtNames: [String], to writer: GeoJSONWriter)
        throws(GeoError)
    {
        for hole in ordered(continuity.holes) {
            try writer.write(geometry: hole.geometry, properties: properties(hole, districtNames: districtNames))
        }
    }

    /// `phase-holes.geojson` of a phased plan: every phase's holes (the network at the end of the
    /// phase), phase after phase and largest first within one, each with the phase's name in
    /// `phase`; the last phase's are holes.geojson's.
    public static func phaseFeatures(_ phases: [PlanPhase], districtNames: [String]) -> [Feature] {
        phases.flatMap { phase in
            ordered(phase.continuity.holes).map {
                Feature(
                    geometry: $0.geometry,
                    properties: properties($0, districtNames: districtNames) + [("phase", .string(phase.name))])
            }
        }
    }
}
