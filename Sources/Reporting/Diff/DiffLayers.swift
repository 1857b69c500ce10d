import Geo
import Support

/// The features of `sites-diff.geojson` and `holes-diff.geojson`, shared by the files and by the
/// diff's `report.html`. Every feature of a file has the same members (null where one does not
/// apply), so that a GIS reads them as one table.
enum DiffLayers {
    /// One feature per site of A or B: kept, moved and added sites at B's position (in B's order),
    /// then removed sites at A's position (in A's order).
    ///
    /// Members: `change` (`added`, `removed`, `kept`, `moved`), `id` (B's id, A's for a removed
    /// site), `id_a`, `id_b`, `name`, `kind`, `plan_a`, `plan_b`, `cost_a`, `cost_b`,
    /// `distance_m` (between the two positions of a kept or moved site), `lon_a`, `lat_a`,
    /// `lon_b`, `lat_b`.
    static func sites(_ diff: PlanDiff) -> [Feature] {
        diff.sites.entries.enumerated().map { index, entry in
            let a = entry.a.map { diff.a.sites[$0] }
            let b = entry.b.map { diff.b.sites[$0] }
            let main = (b ?? a)!
            func member(_ key: String) -> JSONValue { main[key] ?? (b != nil ? a?[key] : nil) ?? .null }
            func coordinate(_ site: RunFolder.Site?, _ value: (Coordinate) -> Double) -> JSONValue {
                site.map { .number((value($0.location) * 1e7).rounded() / 1e7) } ?? .null
            }
            let properties: [(key: String, value: JSONValue)] = [
                ("change", .string(entry.change.rawValue)),
                ("id", .string(main.id)),
                ("id_a", a.map { .string($0.id) } ?? .null),
                ("id_b", b.map { .string($0.id) } ?? .null),
                ("name", member("name")),
                ("kind", member("kind")),
                ("plan_a", a?["plan"] ?? .null),
                ("plan_b", b?["plan"] ?? .null),
                ("cost_a", a?["cost"] ?? .null),
                ("cost_b", b?["cost"] ?? .null),
                ("distance_m", entry.distanceMeters.map { .number(($0 * 100).rounded() / 100) } ?? .null),
                ("lon_a", coordinate(a, \.x)), ("lat_a", coordinate(a, \.y)),
                ("lon_b", coordinate(b, \.x)), ("lat_b", coordinate(b, \.y)),
            ]
            return Feature(index: index, geometry: .point(main.location), properties: properties)
        }
    }

    /// Lines from A's position to B's of every moved site (for the page's map).
    static func moves(_ diff: PlanDiff) -> [Feature] {
        diff.sites.entries.filter { $0.change == .moved }.map { entry in
            let a = diff.a.sites[entry.a!]
            let b = diff.b.sites[entry.b!]
            return Feature(
                geometry: .lineString([a.location, b.location]),
                properties: [
                    ("id_a", .string(a.id)), ("id_b", .string(b.id)),
                    ("distance_m", .number(((entry.distanceMeters ?? 0) * 100).rounded() / 100)),
                ])
        }
    }

    /// One feature per hole change, largest change first: B's hole (A's for one that disappeared).
    ///
    /// Members: `change`, `hole_id_b`, `hole_ids_a` (the holes of A it overlaps, or the one that
    /// disappeared), `district`, `area_a_m2` (their summed area), `area_b_m2`, `delta_m2`
    /// (B − A), `overlap_m2` (uncovered in both), `centroid_lon`, `centroid_lat`, `touches_edge`
    /// (of the feature's hole).
    static func holes(_ diff: PlanDiff) -> [Feature] {
        diff.holes.entries.enumerated().map { index, entry in
            let hole = entry.b.map { diff.b.holes[$0] } ?? diff.a.holes[entry.a[0]]
            let properties: [(key: String, value: JSONValue)] = [
                ("change", .string(entry.change.rawValue)),
                ("hole_id_b", entry.b.map { .number(Double(diff.b.holes[$0].id)) } ?? .null),
                ("hole_ids_a", .array(entry.a.map { .number(Double(diff.a.holes[$0].id)) })),
                ("district", hole["district"] ?? .null),
                ("area_a_m2", .number(entry.areaA)),
                ("area_b_m2", .number(entry.areaB)),
                ("delta_m2", .number(entry.deltaSquareMeters)),
                ("overlap_m2", .number((entry.overlap * 10).rounded() / 10)),
                ("centroid_lon", hole["centroid_lon"] ?? .null),
                ("centroid_lat", hole["centroid_lat"] ?? .null),
                ("touches_edge", hole["touches_edge"] ?? .null),
            ]
            return Feature(index: index, geometry: hole.geometry, properties: properties)
        }
    }
}
