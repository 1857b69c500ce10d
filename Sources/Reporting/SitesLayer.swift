import Geo
import Planning
import Support

/// `sites.geojson`: the new sites of a plan (by rank) and the existing sites, as points with the
/// catalogue's properties carried through untouched and nrplan's figures added.
///
/// Added members (docs/outputs.md): `plan` (`new` | `existing`), `rank` (new sites: 1 = adds the
/// most demand), `source` (`SiteSource`: `catalogue`, `lamp_pole`, `greenfield`, `lattice`, `existing`), `kind`, `height_m` and `cost` when the input had none, `profile`, `range_m`
/// (the radio search radius: farthest distance at which the budget can close), `covered_cells`
/// and `covered_area_m2` (the site's whole footprint). When the input already has one of these
/// keys, nrplan's value replaces it in place.
public enum SitesLayer {
    /// The properties of site `k` of the plan's network.
    public static func properties(plan: Plan, site k: Int) -> [(key: String, value: JSONValue)] {
        let network = plan.network
        let site = network.sites[k]
        let existing = network.isExisting(k)
        var properties = site.properties
        func set(_ key: String, _ value: JSONValue, onlyIfMissing: Bool = false) {
            if let index = properties.firstIndex(where: { $0.key == key }) {
                if !onlyIfMissing { properties[index].value = value }
            } else {
                properties.append((key, value))
            }
        }
        let cells = network.matrix.entries(of: k).count
        set("plan", .string(existing ? "existing" : "new"))
        if let rank = network.rank(of: k) { set("rank", .number(Double(rank))) }
        set("source", .string(site.source.rawValue))
        set("kind", .string(site.kind.rawValue), onlyIfMissing: true)
        set("height_m", .number(site.heightMeters), onlyIfMissing: true)
        if !existing { set("cost", .number(site.cost), onlyIfMissing: true) }
        if let type = site.serviceType {
            set("type", .string(type))
            if let azimuths = site.azimuthsDegrees { set("azimuths_deg", .array(azimuths.map { .number($0) })) }
        } else {
            set("profile", .string(site.profileName))
        }
        set("range_m", .number(network.footprints[k].maxRangeMeters, .tenths))
        set("covered_cells", .number(Double(cells)))
        set("covered_area_m2", .number(Double(cells) * plan.grid.cellAreaSquareMeters))
        return properties
    }

    /// Writes the layer (new sites by rank, then existing sites in input order).
    public static func write(plan: Plan, to writer: GeoJSONWriter) throws(GeoError) {
        let network = plan.network
        for k in Array(network.newIndices) + Array(network.existingIndices) {
            try writer.write(geometry: .point(network.sites[k].location), properties: properties(plan: plan, site: k))
        }
    }
}
