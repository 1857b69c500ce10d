import Foundation
import Geo
import Radio
import Support

/// Reads input files named on the command line rather than in a scenario — the sites and area
/// `nrplan audit` checks, the points `nrplan cluster` groups — with the scenario loader's readers, so
/// they are checked exactly like a scenario's files and their problems read the same.
public enum InputFiles {
    /// Reads a site file given directly (not through a scenario), e.g. the sites `nrplan audit`
    /// checks: GeoJSON points or a CSV catalogue, coordinates converted from `crs` to WGS-84,
    /// every site checked like a scenario's (`SiteReader`), ids unique within the file.
    ///
    /// - Parameters:
    ///   - existing: true for built sites (kind default `tower`, cost 0, `status` ignored).
    ///   - radio: the profiles a site's kind maps to (nil: each kind's default profile name).
    /// - Returns: the sites that passed; every problem is in `diagnostics`.
    public static func sites(
        url: URL, displayName: String? = nil, crs: CoordinateSystem = .wgs84, existing: Bool,
        radio: RadioSettings? = nil, diagnostics: inout Diagnostics
    ) -> [Site] {
        let name = displayName ?? url.path
        let reference = ScenarioLoader.FileReference(
            path: name, displayName: name, url: url, crs: crs, field: "sites", options: nil)
        var inputs: [InputFile] = []
        let sites = ScenarioLoader.LoadContext(scenarioFile: "")
            .readSites(reference, existing: existing, radio: radio, &diagnostics, &inputs)
        SiteReader.checkUniqueIds(sites, &diagnostics)
        return sites
    }

    /// Reads weighted points given directly (not through a scenario), e.g. the points `nrplan
    /// cluster` groups: a CSV file (coordinate columns `x`/`y` when `crs` is planar, else `lon`/`lat`,
    /// or the columns named by `x`/`y`) or GeoJSON Point features, exactly as `demand.points` reads
    /// them; `weight` names the weight column (every point weighs 1 without it).
    public static func points(
        url: URL, displayName: String? = nil, crs: CoordinateSystem = .planar, x: String? = nil, y: String? = nil,
        weight: String? = nil, diagnostics: inout Diagnostics
    ) -> DemandPoints? {
        let name = displayName ?? url.path
        var members: [(key: String, value: JSONValue)] = [("file", .string(name)), ("crs", .string(crs.rawValue))]
        if let x { members.append(("x", .string(x))) }
        if let y { members.append(("y", .string(y))) }
        if let weight { members.append(("weight", .string(weight))) }
        var inputs: [InputFile] = []
        let files = ScenarioLoader.LoadContext(scenarioFile: "", defaultCRS: crs)
        return ScenarioLoader.loadDemandPoints(.object(members), field: "points", files: files, &diagnostics, &inputs)
    }

    /// Reads an area file given directly (not through a scenario), e.g. the area `nrplan audit`
    /// checks: Polygon/MultiPolygon features, one district each, coordinates converted from `crs`.
    public static func districts(
        url: URL, displayName: String? = nil, crs: CoordinateSystem = .wgs84,
        diagnostics: inout Diagnostics
    ) -> [District] {
        let name = displayName ?? url.path
        let reference = ScenarioLoader.FileReference(
            path: name, displayName: name, url: url, crs: crs, field: "area", options: nil)
        var inputs: [InputFile] = []
        return ScenarioLoader.LoadContext(scenarioFile: "").readDistricts(reference, &diagnostics, &inputs)
    }

    /// Reads a roads file given directly (not through a scenario), e.g. `nrplan audit --roads`:
    /// LineString/MultiLineString features with a `name` (and an optional `width_m`), checked like a
    /// scenario's `demand.roads` entry with no `profile` (every site serves them) and the default
    /// sample spacing for `cellMeters`.
    /// - Parameter profiles: the profiles of the audited sites (road samples are judged with them,
    ///   building penetration off).
    public static func roads(
        url: URL, displayName: String? = nil, crs: CoordinateSystem = .wgs84, profiles: [String: RadioProfile],
        cellMeters: Double, diagnostics: inout Diagnostics
    ) -> RoadSettings? {
        let name = displayName ?? url.path
        let reference = ScenarioLoader.FileReference(
            path: name, displayName: name, url: url, crs: crs, field: "roads", options: nil)
        var inputs: [InputFile] = []
        guard
            let entry = ScenarioLoader.roadEntry(
                reference, radio: RadioSettings(profiles: profiles, profileForKind: [:]), cellMeters: cellMeters,
                scenarioFile: name, &diagnostics),
            let layer = ScenarioLoader.LoadContext(scenarioFile: "").readLayer(
                reference, role: "LineString or MultiLineString features (roads)", &diagnostics, &inputs)
        else { return nil }
        let roads = layer.features.compactMap {
            ScenarioLoader.road($0, file: name, entry: 0, defaultWidth: 0, &diagnostics)
        }
        return RoadSettings(entries: [entry], roads: roads)
    }
}
