import Geo
import Planning
import Support

/// `sites.csv`: every site of a plan as one CSV row — what a spreadsheet, a script or an
/// independent checker needs, for every solve (radio or service-radius, geographic or planar).
///
/// Columns: `id,type,cost,plan` then `lon,lat` (WGS-84 degrees, 7 decimals) for geographic jobs or
/// `x,y` (planar metres, up to 3 decimals, integers written without decimals) for planar ones; for
/// sectorised service types also `azimuth_1_deg … azimuth_k_deg` (clockwise from +y, see
/// `SectorSettings`); with a scenario `capacity` section also `load_mbps,capacity_mbps,utilisation`;
/// then always `source` (`catalogue`, `lamp_pole`, `greenfield`, `lattice`, `existing`).
/// `type` is the service type (service-radius jobs) or the site kind (radio
/// jobs); `plan` is `new` or `existing` (cost 0); a phased plan (`objective.phases`) adds `phase`
/// after `plan`: the name of the phase that builds the site (empty for existing sites). New sites come first, by rank, then existing sites
/// in input order. RFC 4180: fields holding a comma, quote or line break are quoted; LF line ends.
public enum SitesCSV {
    /// The file's text.
    public static func render(_ plan: Plan) -> String {
        let planar = plan.grid.projection.isPlanar
        let position: Precision = planar ? .meters : .degrees
        let network = plan.network
        let sectors = network.sites.map { $0.azimuthsDegrees?.count ?? 0 }.max() ?? 0
        let phased = !plan.phases.isEmpty
        var header =
            ["id", "type", "cost", "plan"] + (phased ? ["phase"] : []) + (planar ? ["x", "y"] : ["lon", "lat"])
        for k in 0..<sectors { header.append("azimuth_\(k + 1)_deg") }
        let capacity = plan.capacity
        if capacity != nil { header += ["load_mbps", "capacity_mbps", "utilisation"] }
        header.append("source")
        var lines = [header.joined(separator: ",")]
        for k in Array(network.newIndices) + Array(network.existingIndices) {
            let site = network.sites[k]
            let existing = network.isExisting(k)
            var fields = [
                site.id, site.serviceType ?? site.kind.rawValue, Precision.figure.text(existing ? 0 : site.cost),
                existing ? "existing" : "new",
            ]
            if phased { fields.append(plan.phase(ofSite: k).map { plan.phases[$0].name } ?? "") }
            fields += [position.text(site.location.x), position.text(site.location.y)]
            let azimuths = site.azimuthsDegrees ?? []
            for k in 0..<sectors { fields.append(k < azimuths.count ? Precision.figure.text(azimuths[k]) : "") }
            if let capacity {
                fields += [capacity.loadMbps[k], capacity.capacityMbps[k], capacity.utilisation[k]].map {
                    Precision.figure.text($0)
                }
            }
            fields.append(site.source.rawValue)
            lines.append(fields.map(quoted).joined(separator: ","))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// A field, quoted when it holds a delimiter, a quote or a line break (RFC 4180).
    static func quoted(_ field: String) -> String {
        guard field.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return field }
        return "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
