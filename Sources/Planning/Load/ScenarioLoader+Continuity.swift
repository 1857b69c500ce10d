import Foundation
import Geo
import Radio
import Support

extension ScenarioLoader {
    /// The continuity members of `objective` (docs/scenario.md).
    static let continuityKeys: Set<String> = [
        "max_hole_m2", "edge_holes", "max_components", "districts", "max_road_gap_m",
    ]
    /// The members of a district override in `objective.districts`.
    static let districtLimitKeys: Set<String> = ["max_hole_m2", "edge_holes", "max_components"]

    /// `objective.max_hole_m2`, `edge_holes`, `max_components`, `districts` and `max_road_gap_m`:
    /// the continuity limits (min-cost objectives only). District names are checked against the
    /// area by `checkContinuity` once the area is read.
    static func loadContinuityLimits(_ fields: JSONFields, _ diagnostics: inout Diagnostics) -> ContinuityLimits {
        var limits = ContinuityLimits()
        var scratch = Diagnostics() // the objective's own problems are reported by loadObjective
        guard let objective = fields.object("objective", &scratch),
            continuityKeys.contains(where: { objective.value[$0] != nil })
        else { return limits }
        if let type = objective.value["type"]?.stringValue, type != "min_cost" {
            let given = continuityKeys.filter { objective.value[$0] != nil }.sorted()
            diagnostics.error(
                fields.file, nil, field: objective.path(given[0]),
                expected: "continuity limits with objective type 'min_cost' (the least cost that meets them)",
                found: "type '\(type)'")
            return limits
        }
        if fields.has("service") {
            diagnostics.error(
                fields.file, nil,
                field: objective.path(continuityKeys.filter { objective.value[$0] != nil }.sorted()[0]),
                expected: "continuity limits in a radio job (service-radius jobs plan for a coverage target only)",
                found: "a service section")
            return limits
        }
        limits.maxHoleSquareMeters = holeLimit(objective, "max_hole_m2", &diagnostics)
        limits.edgeHoles = boolean(objective, "edge_holes", &diagnostics) ?? false
        limits.maxComponents = objective.integer("max_components", minimum: 1, &diagnostics)
        limits.maxRoadGapMeters = objective.number(
            "max_road_gap_m", in: 0...1e7, rangeText: "a length in metres ≥ 0", &diagnostics)
        if let districts = objective.object("districts", &diagnostics) {
            for member in districts.value.objectMembers ?? [] {
                guard case .object = member.value else {
                    diagnostics.error(
                        fields.file, nil, field: districts.path(member.key),
                        expected: "an object of limits (max_hole_m2, edge_holes, max_components)",
                        found: describe(member.value))
                    continue
                }
                let own = JSONFields(member.value, file: fields.file, prefix: districts.path(member.key))
                own.warnUnknownKeys(districtLimitKeys, &diagnostics)
                var district = ContinuityLimits.DistrictLimits()
                if own.value["max_hole_m2"] == .null {
                    district.maxHoleSquareMeters = .some(nil)
                } else if let area = holeLimit(own, "max_hole_m2", &diagnostics) {
                    district.maxHoleSquareMeters = area
                }
                district.edgeHoles = boolean(own, "edge_holes", &diagnostics)
                if own.value["max_components"] == .null {
                    district.maxComponents = .some(nil)
                } else if let count = own.integer("max_components", minimum: 1, &diagnostics) {
                    district.maxComponents = count
                }
                limits.districts[member.key] = district
            }
        }
        return limits
    }

    static func holeLimit(_ fields: JSONFields, _ key: String, _ diagnostics: inout Diagnostics) -> Double? {
        fields.number(key, in: 0...1e13, rangeText: "an area in m² ≥ 0", &diagnostics)
    }

    static func boolean(_ fields: JSONFields, _ key: String, _ diagnostics: inout Diagnostics) -> Bool? {
        guard let member = fields.value[key], member != .null else { return nil }
        guard let flag = member.boolValue else {
            diagnostics.error(
                fields.file, nil, field: fields.path(key), expected: "true or false", found: describe(member))
            return nil
        }
        return flag
    }

    /// `greenfield` (optional): new-build positions on a lattice. Its profile is resolved with the
    /// scenario's radio overrides and added to `radio.profiles`.
    static func loadGreenfield(
        _ fields: JSONFields, radio: inout RadioSettings?, planar: Bool, _ diagnostics: inout Diagnostics
    ) -> GreenfieldSettings? {
        guard let section = fields.object("greenfield", &diagnostics) else { return nil }
        section.warnUnknownKeys(["step_m", "cost", "kind", "height_m", "profile", "min_distance_m"], &diagnostics)
        if planar || fields.has("service") {
            diagnostics.error(
                fields.file, nil, field: "greenfield",
                expected: "a radio job (service-radius jobs place new sites with service.lattice)",
                found: planar ? "a planar job" : "a service section")
            return nil
        }
        let step = section.number(
            "step_m", required: true, in: 1...100_000, rangeText: "a lattice step in metres (1…100000)", &diagnostics)
        let cost = section.number(
            "cost", required: true, in: 0...Double.greatestFiniteMagnitude, rangeText: "a cost ≥ 0", &diagnostics)
        var kind = SiteKind.tower
        if let text = section.string("kind", &diagnostics) {
            if let parsed = SiteKind(rawValue: text) {
                kind = parsed
            } else {
                diagnostics.error(
                    fields.file, nil, field: "greenfield.kind", expected: "one of \(SiteKind.allowedValues)",
                    found: "'\(text)'")
            }
        }
        let height = section.number(
            "height_m", in: 0.1...1000, rangeText: "a height in metres above 0 (and at most 1000)", &diagnostics)
        let distance = section.number(
            "min_distance_m", in: 0...100_000, rangeText: "a distance in metres ≥ 0", &diagnostics)
        let profile =
            section.string("profile", &diagnostics) ?? radio?.profileForKind[kind] ?? kind.defaultProfileName
        if radio != nil, !addProfile(profile, fields: fields, field: "greenfield.profile", radio: &radio, &diagnostics)
        {
            return nil
        }
        guard let step, let cost else { return nil }
        return GreenfieldSettings(
            stepMeters: step, cost: cost, kind: kind, heightMeters: height, profileName: profile,
            minDistanceMeters: distance ?? 0)
    }

    /// Makes sure `radio.profiles` holds `name`, resolving a built-in profile with the scenario's
    /// overrides when no site uses it; false (with an error) for an unknown name.
    static func addProfile(
        _ name: String, fields: JSONFields, field: String, radio: inout RadioSettings?, _ diagnostics: inout Diagnostics
    ) -> Bool {
        guard radio != nil, radio?.profiles[name] == nil else { return true }
        guard RadioProfile.named(name) != nil else {
            diagnostics.error(
                fields.file, nil, field: field,
                expected: "a known radio profile (\(RadioProfile.builtInNames.joined(separator: ", ")))",
                found: "'\(name)'")
            return false
        }
        // The radio section's problems were reported by loadRadio; read its overrides again quietly.
        var scratch = Diagnostics()
        let radioFields =
            fields.object("radio", &scratch) ?? JSONFields(.object([]), file: fields.file, prefix: "radio")
        let overrides = loadProfileOverrides(radioFields, &scratch)
        var values = overrides.common
        for (key, value) in overrides.perProfile[name] ?? [:] { values[key] = value }
        do {
            radio?.profiles[name] = try RadioProfile.resolve(
                name: name, overrides: values, source: "\(fields.file): radio (profile '\(name)')")
            return true
        } catch {
            diagnostics.error(fields.file, nil, field: field, message: error.description)
            return false
        }
    }

    /// Checks across sections once the area and demand are known: district names of the overrides,
    /// a greenfield step on the demand grid, limits that need what the scenario lacks.
    static func checkContinuity(
        _ limits: ContinuityLimits, greenfield: GreenfieldSettings?, demand: DemandSettings?, districts: [District],
        fields: JSONFields, _ diagnostics: inout Diagnostics
    ) {
        let names = districts.map(\.name)
        for name in limits.districts.keys.sorted() where !names.contains(name) {
            diagnostics.error(
                fields.file, nil, field: "objective.districts.\(name)",
                expected: "the name of a district of the area (\(names.map { "'\($0)'" }.joined(separator: ", ")))",
                found: "'\(name)'")
        }
        guard let demand else { return }
        if limits.limitsAreas && demand.points != nil {
            diagnostics.error(
                fields.file, nil,
                field: limits.maxComponents != nil ? "objective.max_components" : "objective.max_hole_m2",
                expected: "demand cells on a polygon grid (holes and components are regions of the area)",
                found: "demand.points")
        }
        if limits.maxRoadGapMeters != nil && (demand.roads?.roads.isEmpty ?? true) {
            diagnostics.error(
                fields.file, nil, field: "objective.max_road_gap_m", expected: "roads to limit (demand.roads)",
                found: "no road")
        }
        if let greenfield {
            let ratio = greenfield.stepMeters / demand.cellMeters
            if abs(ratio - ratio.rounded()) > 1e-9 || ratio.rounded() < 1 {
                diagnostics.error(
                    fields.file, nil, field: "greenfield.step_m",
                    expected: "a whole multiple of demand.cell_m (\(Precision.figure.text(demand.cellMeters)) m)",
                    found: Precision.figure.text(greenfield.stepMeters))
            }
        }
    }
}
