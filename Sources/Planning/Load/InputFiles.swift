import Foundation
import Geo
import Radio
import Support

/// Reads input files named on the command line rather than in a scenario — the area, sites and
/// exclusions `nrplan audit` checks, the points `nrplan cluster` groups — with the scenario loader's
/// readers, so they are checked exactly like a scenario's files and their problems read the same.
/// Every file read is appended to `inputs` (name, role = the option that named it, size, SHA-256).
public enum InputFiles {
    /// Reads a site file given directly (not through a scenario), e.g. the sites `nrplan audit`
    /// checks: GeoJSON points or a CSV catalogue, coordinates converted from `crs` to WGS-84,
    /// every site checked like a scenario's (`SiteReader`), ids unique within the file.
    ///
    /// - Parameters:
    ///   - existing: true for built sites (kind default `tower`, cost 0, `status` ignored).
    ///   - radio: the profiles a site's kind maps to (nil: each kind's default profile name).
    ///   - role: the option that named the file, for `inputs`.
    ///   - threads: threads for reading a large file (the same sites and messages on any number).
    /// - Returns: the sites that passed; every problem is in `diagnostics`.
    public static func sites(
        url: URL, displayName: String? = nil, crs: CoordinateSystem = .wgs84, existing: Bool,
        radio: RadioSettings? = nil, role: String = "--sites", threads: Int = 1, diagnostics: inout Diagnostics,
        inputs: inout [InputFile]
    ) -> [Site] {
        let reference = self.reference(url, displayName, crs: crs, field: role)
        var context = ScenarioLoader.LoadContext(scenarioFile: "")
        context.threads = threads
        let sites =
            context
            .readSites(reference, options: SiteReader.Options(existing: existing, radio: radio), &diagnostics, &inputs)
        SiteReader.checkUniqueIds(sites, threads: threads, &diagnostics)
        return sites
    }

    /// Reads weighted points given directly (not through a scenario), e.g. the points `nrplan
    /// cluster` groups: a CSV file (coordinate columns `x`/`y` when `crs` is planar, else `lon`/`lat`,
    /// or the columns named by `x`/`y`) or GeoJSON Point features, exactly as `demand.points` reads
    /// them; `weight` names the weight column (every point weighs 1 without it), `id` an id column
    /// or property (default: a column or property named `id`, else none).
    public static func points(
        url: URL, displayName: String? = nil, crs: CoordinateSystem = .planar, x: String? = nil, y: String? = nil,
        weight: String? = nil, id: String? = nil, diagnostics: inout Diagnostics, inputs: inout [InputFile]
    ) -> DemandPoints? {
        let name = displayName ?? url.path
        var members: [(key: String, value: JSONValue)] = [("file", .string(name)), ("crs", .string(crs.rawValue))]
        if let x { members.append(("x", .string(x))) }
        if let y { members.append(("y", .string(y))) }
        if let weight { members.append(("weight", .string(weight))) }
        let files = ScenarioLoader.LoadContext(scenarioFile: "", defaultCRS: crs)
        return ScenarioLoader.loadDemandPoints(
            .object(members), field: "points", files: files, ids: id.map { .named($0) } ?? .automatic, &diagnostics,
            &inputs)
    }

    /// Reads an area file given directly (not through a scenario), e.g. the area `nrplan audit`
    /// checks: Polygon/MultiPolygon features, one district each, coordinates converted from `crs`.
    public static func districts(
        url: URL, displayName: String? = nil, crs: CoordinateSystem = .wgs84, role: String = "--area",
        diagnostics: inout Diagnostics, inputs: inout [InputFile]
    ) -> [District] {
        let reference = self.reference(url, displayName, crs: crs, field: role)
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
        cellMeters: Double, diagnostics: inout Diagnostics, inputs: inout [InputFile]
    ) -> RoadSettings? {
        let reference = self.reference(url, displayName, crs: crs, field: "--roads")
        let name = reference.displayName
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

    /// Reads an exclusions file given directly (`audit --exclusions`): Polygon/MultiPolygon features
    /// (parks, water) where no demand is counted, repaired with a warning when invalid.
    public static func exclusions(
        url: URL, displayName: String? = nil, crs: CoordinateSystem = .wgs84, role: String = "--exclusions",
        diagnostics: inout Diagnostics, inputs: inout [InputFile]
    ) -> [Exclusion] {
        let reference = self.reference(url, displayName, crs: crs, field: role)
        guard
            let layer = ScenarioLoader.LoadContext(scenarioFile: "").readLayer(
                reference, role: "Polygon or MultiPolygon features (exclusions)", &diagnostics, &inputs)
        else { return [] }
        return ScenarioLoader.polygonLayer(layer, file: reference.displayName, role: "exclusion", &diagnostics).map {
            Exclusion(name: $0.name, geometry: $0.geometry)
        }
    }

    /// The coordinate system a points file declares when the command line names none: GeoJSON is
    /// WGS-84 by definition (RFC 7946); a CSV file whose header has longitude/latitude columns
    /// (`lon`/`lat` and their aliases) and no `x`/`y` is WGS-84; any other CSV file is planar.
    public static func declaredPointsCRS(url: URL, x: String? = nil, y: String? = nil) -> CoordinateSystem {
        let ext = url.pathExtension.lowercased()
        guard ext == "csv" || ext == "tsv" else { return .wgs84 }
        if x != nil || y != nil { return .planar }
        guard let handle = try? FileHandle(forReadingFrom: url) else { return .planar }
        defer { try? handle.close() }
        let head = (try? handle.read(upToCount: 4096)) ?? Data()
        let rawLine = head.prefix { $0 != UInt8(ascii: "\n") && $0 != UInt8(ascii: "\r") }
        guard let decoded = try? TextDecoding.decode(Data(rawLine)) else { return .planar }
        let firstLine = decoded.utf8
        let delimiter = CSVParser.detectDelimiter(firstLine)
        let names = String(decoding: firstLine, as: UTF8.self).split(separator: Character(UnicodeScalar(delimiter)))
            .map { $0.trimmingCharacters(in: .whitespaces).trimmingCharacters(in: CharacterSet(charactersIn: "\"")) }
            .map { $0.lowercased() }
        let has = { (aliases: Set<String>) in names.contains { aliases.contains($0) } }
        let planar = has(CatalogueCSVReader.planarXAliases) && has(CatalogueCSVReader.planarYAliases)
        let geographic = has(CatalogueCSVReader.longitudeAliases) && has(CatalogueCSVReader.latitudeAliases)
        return geographic && !planar ? .wgs84 : .planar
    }

    static func reference(_ url: URL, _ displayName: String?, crs: CoordinateSystem, field: String)
        -> ScenarioLoader.FileReference
    {
        let name = displayName ?? url.path
        return ScenarioLoader.FileReference(
            path: name, displayName: name, url: url, crs: crs, field: field, options: nil)
    }
}
