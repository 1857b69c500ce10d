import Foundation
import Geo
import Radio
import Support

extension ScenarioLoader {
    /// The members of a `demand.roads` entry besides `file` and `crs`.
    static let roadEntryKeys: Set<String> = ["profile", "overrides", "width_m", "sample_m"]

    /// `demand.roads` (optional): road corridors — LineString/MultiLineString features with a `name`
    /// and an optional `width_m` — and how each entry's roads are served (`profile`, `overrides`)
    /// and sampled (`sample_m`). Radio jobs only.
    static func loadRoads(
        _ fields: JSONFields, radio: RadioSettings?, cellMeters: Double?, files: LoadContext,
        _ diagnostics: inout Diagnostics, _ inputs: inout [InputFile]
    ) -> RoadSettings? {
        var scratch = Diagnostics() // the demand section's own problems are reported by loadDemand
        guard let demand = fields.object("demand", &scratch), demand.has("roads") else { return nil }
        if files.defaultCRS.isPlanar || fields.has("service") {
            diagnostics.error(
                fields.file, nil, field: "demand.roads",
                expected: "a radio job (roads are judged with radio profiles)",
                found: files.defaultCRS.isPlanar ? "a planar job" : "a service section")
            return nil
        }
        var settings = RoadSettings(entries: [], roads: [])
        for (value, field) in entries(demand, "roads", &diagnostics) {
            guard
                let ref = fileReference(
                    value, field: field, scenarioFile: fields.file, defaultCRS: files.defaultCRS,
                    extraKeys: roadEntryKeys, &diagnostics)
            else { continue }
            guard
                let entry = roadEntry(
                    ref, radio: radio, cellMeters: cellMeters, scenarioFile: fields.file, &diagnostics)
            else { continue }
            let width = ref.options.flatMap {
                $0.number("width_m", in: 0...1000, rangeText: "a width in metres in 0…1000", &diagnostics)
            }
            guard
                let layer = files.readLayer(
                    ref, role: "LineString or MultiLineString features (roads)", &diagnostics, &inputs)
            else { continue }
            if layer.features.isEmpty && layer.featureErrors.isEmpty {
                diagnostics.warning(ref.displayName, field: "features", message: "no road in the file")
            }
            for feature in layer.features {
                if let road = road(
                    feature, file: ref.displayName, entry: settings.entries.count, defaultWidth: width ?? 0,
                    &diagnostics)
                {
                    settings.roads.append(road)
                }
            }
            settings.entries.append(entry)
        }
        return settings
    }

    /// An entry's serving profile, judged profiles and sample spacing.
    static func roadEntry(
        _ ref: FileReference, radio: RadioSettings?, cellMeters: Double?, scenarioFile: String,
        _ diagnostics: inout Diagnostics
    ) -> RoadSettings.Entry? {
        let options = ref.options
        let sample =
            options?.number("sample_m", in: 0.1...1000, rangeText: "a spacing in metres in 0.1…1000", &diagnostics)
            ?? min(25, (cellMeters ?? 50) / 2)
        let serving = options?.string("profile", &diagnostics)
        var overrides: [String: Any] = [:]
        if let member = options?.value["overrides"], member != .null {
            guard case .object = member, let dictionary = member.foundationObject as? [String: Any] else {
                diagnostics.error(
                    scenarioFile, nil, field: "\(ref.field).overrides", expected: "an object of radio profile fields",
                    found: describe(member))
                return nil
            }
            overrides = dictionary
        }
        // People and vehicles on a road are outdoors: no building penetration unless asked for.
        if overrides["indoor"] == nil { overrides["indoor"] = "none" }
        guard let radio else { return nil }
        var names = radio.profiles.keys.sorted()
        if let serving {
            guard radio.profiles[serving] != nil || RadioProfile.named(serving) != nil else {
                diagnostics.error(
                    scenarioFile, nil, field: "\(ref.field).profile",
                    expected: "a radio profile sites use (\(radio.profiles.keys.sorted().joined(separator: ", ")))",
                    found: "'\(serving)'")
                return nil
            }
            names = [serving]
        }
        var judged: [String: RadioProfile] = [:]
        for name in names {
            guard let base = radio.profiles[name] ?? RadioProfile.named(name) else { continue }
            do {
                judged[name] = try base.overriding(overrides, source: "\(scenarioFile): \(ref.field).overrides")
            } catch {
                diagnostics.error(scenarioFile, nil, field: "\(ref.field).overrides", message: error.description)
                return nil
            }
        }
        return RoadSettings.Entry(
            file: ref.displayName, servingProfile: serving, judgedProfiles: judged, sampleMeters: sample)
    }

    /// One road feature: a LineString or MultiLineString with a `name`; nil (with an error) otherwise.
    static func road(
        _ feature: Feature, file: String, entry: Int, defaultWidth: Double, _ diagnostics: inout Diagnostics
    ) -> Road? {
        let location = "feature \(feature.index)"
        var parts: [[Coordinate]]
        switch feature.geometry {
        case .lineString(let line)?: parts = [line]
        case .multiLineString(let lines)?: parts = lines
        case nil:
            diagnostics.error(
                file, location, field: "geometry", expected: "a LineString or MultiLineString", found: "null")
            return nil
        case let other?:
            diagnostics.error(
                file, location, field: "geometry.type", expected: "LineString or MultiLineString (a road)",
                found: other.typeName)
            return nil
        }
        parts = parts.filter { !$0.isEmpty }
        guard !parts.isEmpty, parts.allSatisfy({ $0.count >= 2 }) else {
            diagnostics.error(
                file, location, field: "geometry.coordinates", expected: "lines of at least two positions",
                found: parts.isEmpty ? "an empty geometry" : "a line of one position")
            return nil
        }
        guard let name = feature[property: "name"]?.stringValue,
            !name.trimmingCharacters(in: .whitespaces).isEmpty
        else {
            diagnostics.error(
                file, location, field: "name", expected: "the road's name (features sharing a name are one road)",
                found: feature[property: "name"].map(describe) ?? "nothing")
            return nil
        }
        var width = defaultWidth
        if let value = feature[property: "width_m"], value != .null {
            guard let number = value.doubleValue, number.isFinite, number >= 0, number <= 1000 else {
                diagnostics.error(
                    file, location, field: "width_m", expected: "a width in metres in 0…1000", found: describe(value))
                return nil
            }
            width = number
        }
        return Road(
            name: name, parts: parts, widthMeters: width, entry: entry, sourceFile: file, sourceLocation: location)
    }
}
