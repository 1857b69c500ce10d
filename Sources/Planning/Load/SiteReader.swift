import Foundation
import Geo
import Support

/// Turns point features of a catalogue or existing-sites layer into `Site` values, checking each
/// property nrplan interprets and keeping every property as it was.
///
/// Interpreted properties (all optional except `id`): `id`, `name`, `kind`, `height_m`, `cost`,
/// `status`, `profile`, and `type` in service-radius jobs only. Defaults per kind are in `SiteKind`
/// and docs/scenario.md; each default a site took is recorded in `Site.defaulted`.
enum SiteReader {
    /// How the sites of one file are read.
    struct Options {
        /// Built sites: kind default `tower`, cost 0, `status` ignored.
        var existing: Bool
        /// The profiles a site's kind maps to (nil: each kind's default profile name).
        let radio: RadioSettings?
        /// Service-radius jobs read `type` (a service type); radio jobs leave it as an ordinary
        /// property (OpenStreetMap's `type` = "construction" is not a site type).
        var readsServiceType = false
        /// Polygon features stand at their centroid (`"use_centroids": true` on the file's entry).
        var useCentroids = false
        /// What to tell a planner whose file holds polygons where points are expected.
        var centroidHint: String? = nil
        /// The profile of a site of each kind that names none (`SiteKind.allCases` order): looked
        /// up once per file instead of once per site.
        let profileForKind: [String]

        init(existing: Bool, radio: RadioSettings?, readsServiceType: Bool = false) {
            (self.existing, self.radio, self.readsServiceType) = (existing, radio, readsServiceType)
            profileForKind = SiteKind.allCases.map { radio?.profileForKind[$0] ?? $0.defaultProfileName }
        }

        /// The profile of a site of `kind` that names none.
        @inline(__always)
        func profile(for kind: SiteKind) -> String { profileForKind[kind.ordinal] }
    }

    /// - Parameters:
    ///   - locationLabel: how messages name a feature: `feature` (GeoJSON, 0-based index) or `line`
    ///     (CSV, where `Feature.index` is the 1-based line).
    ///   - threads: fixed chunks of features are read on up to this many threads, each with its own
    ///     diagnostics, merged in feature order (same sites and messages on any number).
    ///   - text: the file's text, which features read with only the interpreted properties built
    ///     (`Feature.propertiesOffset`) keep the others in.
    static func sites(
        from features: [Feature], text: JSONText? = nil, file: String, options: Options,
        locationLabel: String = "feature", threads: Int = 1, _ diagnostics: inout Diagnostics
    ) -> [Site] {
        let (sites, parts) = Parallel(threads: threads).compactMap(
            count: features.count, minimumChunk: 1024, state: { Diagnostics() }
        ) { k, local in
            let index = features[k].index
            let location = locationLabel == "line" ? SourceRecord.line(index) : .feature(index)
            return site(features[k], text: text, file: file, location: location, options: options, &local)
        }
        for part in parts { diagnostics.merge(part) }
        return sites
    }

    /// The site of a feature, or nil with every problem in `diagnostics`.
    static func site(
        _ feature: Feature, text: JSONText? = nil, file: String, location: SourceRecord, options: Options,
        _ diagnostics: inout Diagnostics
    ) -> Site? {
        let point = self.point(of: feature, options: options) { field, expected, found in
            diagnostics.error(file, location.text, field: field, expected: expected, found: found)
        }
        var properties = SiteProperties.list(feature.properties)
        if let offset = feature.propertiesOffset {
            guard let text else { preconditionFailure("a feature's properties kept as text come with the text") }
            properties = .object(text, offset)
        }
        return site(
            Interpreted(feature.properties), at: point, properties: properties, featureID: feature.id,
            file: file, location: location, options: options, &diagnostics)
    }

    /// The site of a feature or CSV row whose location is read (`point`; nil: its problem is
    /// already reported) and whose interpreted properties are found (`read`), or nil with every
    /// problem in `diagnostics`. The one place where a site's properties are checked.
    static func site(
        _ read: Interpreted, at point: Coordinate?, properties: SiteProperties,
        featureID: JSONValue?, file: String, location: SourceRecord, options: Options,
        _ diagnostics: inout Diagnostics
    ) -> Site? {
        var ok = point != nil
        func fail(_ field: String, _ expected: String, _ found: String) {
            diagnostics.error(file, location.text, field: field, expected: expected, found: found)
            ok = false
        }
        let existing = options.existing
        var defaulted: SiteDefaults = []
        let id = self.id(read.id ?? featureID, fail)
        let name = read.name?.stringValue
        var kind = existing ? SiteKind.tower : SiteKind.rooftop
        if let known = read.knownKind {
            kind = known
        } else if let value = read.kind, value != .null {
            if let text = value.stringValue, let parsed = SiteKind(rawValue: text) {
                kind = parsed
            } else {
                fail("kind", "one of \(SiteKind.allowedValues)", describe(value))
            }
        } else {
            defaulted.insert(.kind)
        }
        var height = kind.defaultHeightMeters
        if let value = read.height, value != .null {
            if let number = value.doubleValue, number.isFinite, number > 0, number <= 1000 {
                height = number
            } else {
                fail("height_m", "a height in metres above 0 (and at most 1000)", describe(value))
            }
        } else {
            defaulted.insert(.height)
        }
        var cost = existing ? 0 : kind.defaultCost
        if !existing, let value = read.cost, value != .null {
            if let number = value.doubleValue, number.isFinite, number >= 0 {
                cost = number
            } else {
                fail("cost", "a cost ≥ 0", describe(value))
            }
        } else if !existing {
            defaulted.insert(.cost)
        }
        var status = SiteStatus.open
        if !existing, let known = read.knownStatus {
            status = known
        } else if !existing, let value = read.status, value != .null {
            if let text = value.stringValue, let parsed = SiteStatus(rawValue: text) {
                status = parsed
            } else {
                fail("status", "one of \(SiteStatus.allowedValues)", describe(value))
            }
        }
        var profile = options.profile(for: kind)
        if let value = read.profile, value != .null {
            if let text = value.stringValue {
                profile = text
            } else {
                fail("profile", "a radio profile name", describe(value))
            }
        } else {
            defaulted.insert(.profile)
        }
        let serviceType = options.readsServiceType ? self.serviceType(read.type, fail) : nil
        guard ok, let point, let id else { return nil }
        return Site(
            read: id, name: name, kind: kind, heightMeters: height, cost: cost, status: status, profileName: profile,
            location: point, properties: properties, sourceFile: file, record: location, serviceType: serviceType,
            source: SiteSource.read(kind: kind, existing: existing), defaulted: defaulted, featureID: featureID)
    }

    /// The properties a site interprets, found in one pass (the last member when a key repeats,
    /// as `Feature[property:]` finds it).
    struct Interpreted {
        var id, name, kind, height, cost, status, profile, type: JSONValue?
        /// `kind` and `status` already matched to a value (a CSV cell read from its bytes); the
        /// JSON value is then not made.
        var knownKind: SiteKind?
        var knownStatus: SiteStatus?

        /// The names of the properties a site interprets: a GeoJSON catalogue's features are read
        /// with only these built (`GeoJSONReader.fastParse(building:)`).
        static let names: [StaticString] = ["id", "name", "kind", "height_m", "cost", "status", "profile", "type"]

        /// Nothing found yet (a CSV row sets the members from its columns).
        init() {}

        init(_ properties: [(key: String, value: JSONValue)]) {
            // By length first: most keys are then compared with one name or none; by index, so
            // that only the values kept are copied.
            for k in properties.indices {
                switch properties[k].key.utf8.count {
                case 2: if properties[k].key == "id" { id = properties[k].value }
                case 4:
                    switch properties[k].key {
                    case "name": name = properties[k].value
                    case "kind": kind = properties[k].value
                    case "cost": cost = properties[k].value
                    case "type": type = properties[k].value
                    default: break
                    }
                case 6: if properties[k].key == "status" { status = properties[k].value }
                case 7: if properties[k].key == "profile" { profile = properties[k].value }
                case 8: if properties[k].key == "height_m" { height = properties[k].value }
                default: break
                }
            }
        }
    }

    /// The `type` of a site in a service-radius job (the `type` property): a non-empty string
    /// (empty: any type).
    static func serviceType(_ value: JSONValue?, _ fail: (String, String, String) -> Void) -> String? {
        guard let value, value != .null else { return nil }
        if let text = value.stringValue {
            return text.isEmpty ? nil : text
        }
        fail("type", "a site type name", describe(value))
        return nil
    }

    /// The feature's location: a Point (or a MultiPoint of one point); with `useCentroids`, the
    /// centroid of a Polygon or MultiPolygon.
    static func point(of feature: Feature, options: Options, _ fail: (String, String, String) -> Void)
        -> Coordinate?
    {
        switch feature.geometry {
        case .point(let c)?: return c
        case .multiPoint(let cs)? where cs.count == 1: return cs[0]
        case nil: fail("geometry", "a Point", "null")
        case .multiPoint(let cs)? where cs.isEmpty: fail("geometry.coordinates", "a Point", "an empty geometry")
        case let g? where options.useCentroids && !g.polygons.isEmpty:
            if let centroid = g.polygonCentroid { return centroid }
            fail("geometry.coordinates", "a Polygon with an area (use_centroids)", "an empty geometry")
        case let g?:
            let hint = g.polygons.isEmpty ? "" : options.centroidHint.map { " (\($0))" } ?? ""
            fail("geometry.type", "Point" + hint, g.typeName)
        }
        return nil
    }

    /// The site id (`value`: the `id` property, else the feature id): a non-empty string or a number.
    static func id(_ value: JSONValue?, _ fail: (String, String, String) -> Void) -> String? {
        switch value {
        case .string(let s)? where !CatalogueCSVReader.trimmed(s).isEmpty: return s
        case .number(let n)?: return n.literal
        case let other?: fail("id", "a non-empty string or a number", describe(other))
        case nil: fail("id", "a site id (property 'id' or the feature's id)", "nothing")
        }
        return nil
    }

    /// Every id must be unique across all catalogues and existing sites (ids hashed on up to
    /// `threads` threads; the same messages on any number).
    static func checkUniqueIds(_ sites: [Site], threads: Int = 1, _ diagnostics: inout Diagnostics) {
        let first = FirstOccurrences.of(count: sites.count, threads: threads) { sites[$0].id }
        for index in sites.indices where first[index] != index {
            let earlier = first[index]
            diagnostics.error(
                sites[index].sourceFile, sites[index].sourceLocation, field: "id", expected: "a unique id",
                found:
                    "'\(sites[index].id)', already used by \(sites[earlier].sourceFile) \(sites[earlier].sourceLocation)"
            )
        }
    }
}
