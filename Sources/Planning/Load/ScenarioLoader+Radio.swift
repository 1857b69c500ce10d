import Geo
import Radio

extension ScenarioLoader {
    /// `radio` (optional): the profile of each site kind (`profile` for all, `profiles` per kind),
    /// shortcuts that apply to every profile (`rsrp_threshold_dbm`, `edge_reliability`), the
    /// `calibration` files of `nrplan calibrate` and per-profile `overrides`; every profile in use
    /// resolved (docs/radio.md, docs/calibration.md).
    static func loadRadio(
        _ fields: JSONFields, files: LoadContext, _ diagnostics: inout Diagnostics, _ inputs: inout [InputFile]
    ) -> RadioSettings? {
        let radio = fields.object("radio", &diagnostics) ?? JSONFields(.object([]), file: fields.file, prefix: "radio")
        radio.warnUnknownKeys(
            ["profile", "profiles", "rsrp_threshold_dbm", "edge_reliability", "overrides", "calibration"], &diagnostics)
        let profileForKind = loadProfileForKind(radio, &diagnostics)
        let calibrations = loadCalibrations(radio, files: files, &diagnostics, &inputs)
        var overrides = loadProfileOverrides(radio, &diagnostics)
        overrides.calibrated = calibrations.overrides
        guard
            let profiles = resolveProfiles(
                profileForKind: profileForKind, overrides: overrides, file: fields.file, &diagnostics)
        else { return nil }
        var settings = RadioSettings(
            profiles: profiles, profileForKind: profileForKind, calibrations: calibrations.references)
        settings.commonOverrides = overrides.common.compactMapValues { $0 as? Double }
        for name in profiles.keys {
            let fields = Set(overrides.common.keys).union((overrides.perProfile[name] ?? [:]).keys)
                .union((overrides.calibrated[name] ?? [:]).keys)
            settings.overriddenFields[name] = fields.subtracting(["profile"]).sorted()
        }
        return settings
    }

    /// `radio.calibration` (optional): a `calibration.json` of `nrplan calibrate` or an array of
    /// them, relative to the scenario, each recorded as an input; their overrides by profile. Two
    /// calibrations of one profile are an error.
    static func loadCalibrations(
        _ radio: JSONFields, files: LoadContext, _ diagnostics: inout Diagnostics, _ inputs: inout [InputFile]
    ) -> (references: [CalibrationReference], overrides: [String: [String: Any]]) {
        var references: [CalibrationReference] = []
        var overrides: [String: [String: Any]] = [:]
        let refs = fileReferences(
            radio, "calibration", required: false, defaultCRS: .wgs84, folder: files.folder, &diagnostics)
        for ref in refs {
            guard let data = files.readData(ref, &diagnostics, &inputs),
                let read = CalibrationReference.read(
                    data: data, displayName: ref.displayName, field: radio.path(ref.field), &diagnostics)
            else { continue }
            for profile in read.reference.profiles {
                if let other = references.first(where: { $0.profiles.contains(profile) }) {
                    diagnostics.error(
                        radio.file, field: radio.path(ref.field), expected: "one calibration per profile",
                        found: "'\(profile)' calibrated by \(other.file) and by \(ref.displayName)")
                }
                overrides[profile] = read.overrides[profile]
            }
            references.append(read.reference)
        }
        return (references, overrides)
    }

    /// The profile name of each site kind: its default, else `radio.profile`, else `radio.profiles[kind]`.
    static func loadProfileForKind(_ radio: JSONFields, _ diagnostics: inout Diagnostics) -> [SiteKind: String] {
        var profileForKind: [SiteKind: String] = [:]
        for kind in SiteKind.allCases { profileForKind[kind] = kind.defaultProfileName }
        if let all = radio.string("profile", &diagnostics) {
            for kind in SiteKind.allCases { profileForKind[kind] = all }
        }
        guard let mapping = radio.object("profiles", &diagnostics) else { return profileForKind }
        for member in mapping.value.objectMembers ?? [] {
            guard let kind = SiteKind(rawValue: member.key) else {
                diagnostics.error(
                    radio.file, nil, field: "radio.profiles.\(member.key)",
                    expected: "a site kind (\(SiteKind.allowedValues))", found: "'\(member.key)'")
                continue
            }
            guard let name = member.value.stringValue else {
                diagnostics.error(
                    radio.file, nil, field: "radio.profiles.\(member.key)", expected: "a profile name",
                    found: describe(member.value))
                continue
            }
            profileForKind[kind] = name
        }
        return profileForKind
    }

    /// Profile fields a scenario changes, layered: `common` to every profile, then a calibration's
    /// (`calibrated`, by profile name), then the scenario's own `perProfile` overrides (which win).
    struct ProfileOverrides {
        var common: [String: Any] = [:]
        var calibrated: [String: [String: Any]] = [:]
        var perProfile: [String: [String: Any]] = [:]
    }

    /// `radio.rsrp_threshold_dbm`, `radio.edge_reliability` and `radio.overrides`.
    static func loadProfileOverrides(_ radio: JSONFields, _ diagnostics: inout Diagnostics) -> ProfileOverrides {
        var result = ProfileOverrides()
        if let threshold = radio.number(
            "rsrp_threshold_dbm", in: -160 ... -30, rangeText: "an RSRP threshold in dBm between -160 and -30",
            &diagnostics)
        {
            result.common["rsrp_threshold_dbm"] = threshold
        }
        if let reliability = radio.number(
            "edge_reliability", in: 0.5...0.9999, rangeText: "a cell-edge reliability in [0.5, 0.9999]", &diagnostics)
        {
            result.common["edge_reliability"] = reliability
        }
        guard let overrides = radio.object("overrides", &diagnostics) else { return result }
        for member in overrides.value.objectMembers ?? [] {
            guard case .object = member.value, let dictionary = member.value.foundationObject as? [String: Any] else {
                diagnostics.error(
                    radio.file, nil, field: "radio.overrides.\(member.key)",
                    expected: "an object of profile fields", found: describe(member.value))
                continue
            }
            result.perProfile[member.key] = dictionary
        }
        return result
    }

    /// Every profile a kind maps to or an override or calibration names, resolved with its
    /// overrides; nil when one cannot be (an unknown name a kind, an override or a calibration
    /// uses, or a bad override value).
    static func resolveProfiles(
        profileForKind: [SiteKind: String], overrides: ProfileOverrides, file: String, _ diagnostics: inout Diagnostics
    ) -> [String: RadioProfile]? {
        var names = Set(profileForKind.values)
        names.formUnion(overrides.perProfile.keys)
        names.formUnion(overrides.calibrated.keys)
        var profiles: [String: RadioProfile] = [:]
        var ok = true
        for name in names.sorted() {
            var fields = overrides.common
            for (key, value) in overrides.calibrated[name] ?? [:] { fields[key] = value }
            for (key, value) in overrides.perProfile[name] ?? [:] { fields[key] = value }
            do {
                profiles[name] = try RadioProfile.resolve(
                    name: name, overrides: fields, source: "\(file): radio (profile '\(name)')")
            } catch {
                // Unknown profile names are reported per site or per kind mapping below.
                if RadioProfile.named(name) == nil {
                    let users = SiteKind.allCases.filter { profileForKind[$0] == name }.map(\.rawValue)
                    if !users.isEmpty || overrides.perProfile[name] != nil || overrides.calibrated[name] != nil {
                        diagnostics.error(
                            file, nil,
                            field: !users.isEmpty
                                ? "radio.profiles"
                                : overrides.perProfile[name] != nil ? "radio.overrides.\(name)" : "radio.calibration",
                            expected: "a known radio profile (\(RadioProfile.builtInNames.joined(separator: ", ")))",
                            found: "'\(name)'")
                        ok = false
                    }
                } else {
                    diagnostics.error(file, nil, field: "radio", message: error.description)
                    ok = false
                }
            }
        }
        return ok ? profiles : nil
    }
}
