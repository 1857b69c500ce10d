import Geo
import Planning

/// `sites.geojson`: the new sites of a plan (by rank) and the existing sites, as points with the
/// catalogue's properties carried through untouched and nrplan's figures added.
///
/// Added members (docs/outputs.md): `plan` (`new` | `existing`), `rank` (new sites: 1 = adds the
/// most demand), `kind`, `height_m` and `cost` when the input had none, `profile`, `range_m`
/// (the radio search radius: farthest distance at which the budget can close), `covered_cells`
/// and `covered_area_m2` (the site's whole footprint). When the input already has one of these
/// keys, nrplan's value replaces it in place.
public enum SitesLayer {
    /// The properties of a site column of the plan.
    public static func properties(plan: Plan, column j: Int, rank: Int?) -> [(key: String, value: JSONValue)] {
        let site = plan.sites[j]
        var properties = site.properties
        func set(_ key: String, _ value: JSONValue, onlyIfMissing: Bool = false) {
            if let index = properties.firstIndex(where: { $0.key == key }) {
                if !onlyIfMissing { properties[index].value = value }
            } else {
                properties.append((key, value))
            }
        }
        let cells = plan.matrix.entries(of: j).count
        set("plan", .string(plan.isExisting[j] ? "existing" : "new"))
        if let rank { set("rank", .number(Double(rank))) }
        set("kind", .string(site.kind.rawValue), onlyIfMissing: true)
        set("height_m", .number(site.heightMeters), onlyIfMissing: true)
        if !plan.isExisting[j] { set("cost", .number(site.cost), onlyIfMissing: true) }
        if let type = site.serviceType {
            set("type", .string(type))
            if let azimuths = site.azimuthsDegrees { set("azimuths_deg", .array(azimuths.map { .number($0) })) }
        } else {
            set("profile", .string(site.profileName))
        }
        set("range_m", .number((plan.footprints[j].maxRangeMeters * 10).rounded() / 10))
        set("covered_cells", .number(Double(cells)))
        set("covered_area_m2", .number(Double(cells) * plan.grid.cellAreaSquareMeters))
        return properties
    }

    /// The layer's features: new sites by rank, then existing sites in input order.
    public static func features(plan: Plan) -> [Feature] {
        let ranked = plan.rankedNewColumns.enumerated().map { (column: $1, rank: Optional($0 + 1)) }
        let existing = plan.existingColumns.map { (column: $0, rank: Int?.none) }
        return (ranked + existing).enumerated().map { index, site in
            Feature(
                index: index, geometry: .point(plan.sites[site.column].location),
                properties: properties(plan: plan, column: site.column, rank: site.rank))
        }
    }

    /// Writes the layer (new sites by rank, then existing sites in input order).
    public static func write(plan: Plan, to writer: GeoJSONWriter) throws(GeoError) {
        for feature in features(plan: plan) {
            try writer.write(geometry: feature.geometry, properties: feature.properties)
        }
    }
}
