import Geo
import Planning
import Support

/// `sites.geojson`: the new sites of a plan (by rank) and the existing sites, as points with the
/// catalogue's properties carried through untouched and nrplan's figures added.
///
/// The feature's own `id` member is written back as the catalogue gave it (string or number).
/// Added members (docs/outputs.md): `id` when the catalogue gave it as the feature's `id` member
/// rather than as a property (a GIS keeps it in the attribute table then, with its JSON type); `plan` (`new` | `existing`), `rank` (new sites: 1 = adds the
/// most demand; a phased plan ranks phase after phase), `phase` (phased plans: the name of the
/// phase that builds the site), `source` (`SiteSource`: `catalogue`, `lamp_pole`, `greenfield`,
/// `lattice`, `existing`), `kind`, `height_m` and `cost` when the input had none, `profile`, `range_m`
/// (the radio search radius: farthest distance at which the budget can close), `covered_cells`
/// and `covered_area_m2` (the site's whole footprint). When the input already has one of these
/// keys, nrplan's value replaces it in place. With a scenario `capacity` section also `load_mbps`
/// (busy-hour traffic the site serves), `capacity_mbps` (at the load target), `utilisation`
/// (load / capacity) and, for new sites, `sited_for` (`coverage` | `capacity`).
public enum SitesLayer {
    /// The properties of site `k` of the plan's network.
    public static func properties(plan: Plan, site k: Int) -> [(key: String, value: JSONValue)] {
        let network = plan.network
        let site = network.sites[k]
        let existing = network.isExisting(k)
        var properties = site.properties
        if !properties.contains(where: { $0.key == "id" }) {
            properties.insert(("id", site.featureID ?? .string(site.id)), at: 0)
        }
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
        if let phase = plan.phase(ofSite: k) { set("phase", .string(plan.phases[phase].name)) }
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
        if let capacity = plan.capacity {
            set("load_mbps", .number(capacity.loadMbps[k], .figure))
            set("capacity_mbps", .number(capacity.capacityMbps[k], .figure))
            set("utilisation", .number(capacity.utilisation[k], .figure))
            if !existing {
                set("sited_for", .string(k >= network.sites.count - capacity.addedCount ? "capacity" : "coverage"))
            }
        }
        return properties
    }

    /// The layer's features: new sites by rank, then existing sites in input order.
    public static func features(plan: Plan) -> [Feature] {
        let network = plan.network
        return (Array(network.newIndices) + Array(network.existingIndices)).enumerated().map { index, k in
            Feature(
                index: index, id: network.sites[k].featureID, geometry: .point(network.sites[k].location),
                properties: properties(plan: plan, site: k))
        }
    }

    /// Writes the layer (new sites by rank, then existing sites in input order).
    public static func write(plan: Plan, to writer: GeoJSONWriter) throws(GeoError) {
        for feature in features(plan: plan) { try writer.write(feature) }
    }
}
