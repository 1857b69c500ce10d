import Geo
import Planning
import Support

/// `sites.geojson` of an audit: every audited site, in input order, at its WGS-84 position (an
/// input in GCJ-02, BD-09 or a CSV catalogue comes out converted), with its input properties
/// untouched and the audit's figures added — what `nrplan diff` compares and `report.html` draws.
///
/// Added members (docs/audit.md): `id` when the input gave it as the feature's id; `plan` = `audited`; `kind` and `height_m` when the input had
/// none; `profile` (the radio profile used); `range_m` (the radio search radius);
/// `covered_cells` and `covered_area_m2` (the site's whole footprint on the demand grid). An input
/// property of one of these names is replaced in place.
public enum AuditSitesLayer {
    /// The layer's features, in input order.
    public static func features(_ result: AuditResult) -> [Feature] {
        result.sites.enumerated().map { s, site in
            var properties = site.properties
            func set(_ key: String, _ value: JSONValue, onlyIfMissing: Bool = false) {
                if let index = properties.firstIndex(where: { $0.key == key }) {
                    if !onlyIfMissing { properties[index].value = value }
                } else {
                    properties.append((key, value))
                }
            }
            if !properties.contains(where: { $0.key == "id" }) {
                properties.insert(("id", site.featureID ?? .string(site.id)), at: 0)
            }
            let cells = result.matrix.entries(of: s).count
            set("plan", .string("audited"))
            set("kind", .string(site.kind.rawValue), onlyIfMissing: true)
            set("height_m", .number(site.heightMeters), onlyIfMissing: true)
            set("profile", .string(site.profileName))
            set("range_m", .number((result.footprints[s].maxRangeMeters * 10).rounded() / 10))
            set("covered_cells", .number(Double(cells)))
            set("covered_area_m2", .number(Double(cells) * result.grid.cellAreaSquareMeters))
            return Feature(index: s, id: site.featureID, geometry: .point(site.location), properties: properties)
        }
    }
}
