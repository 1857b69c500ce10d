import Planning
import Radio
import Support

extension Summary {
    /// The `radio` object of `solve` and `audit`: every assumption behind the coverage figures —
    /// the profiles the sites on air used (with the fields a scenario set), the threshold and edge
    /// reliability, the antenna heights, which documented defaults stood in for what the inputs left
    /// out and for how many sites, and where a propagation model was used outside its validity range.
    ///
    /// - Parameters:
    ///   - profileOption: the `--profile` of an audit, which replaced every site's own.
    ///   - candidateDefaults: a solve's defaults over every candidate read (the sites it chose among).
    static func radio(
        _ assumptions: RadioAssumptions, profileOption: String? = nil,
        candidateDefaults: [RadioAssumptions.DefaultUse]? = nil
    ) -> JSONValue {
        var members: Members = [
            ("sites", .number(Double(assumptions.sites))),
            ("rsrp_threshold_dbm", optional(assumptions.rsrpThresholdDBm, 2)),
            ("edge_reliability", optional(assumptions.edgeReliability, 6)),
        ]
        if let profileOption { members.append(("profile_option", .string(profileOption))) }
        members.append(("profiles", .array(assumptions.profiles.map(profile))))
        if let heights = assumptions.heights {
            members.append(
                (
                    "heights_m",
                    .object([
                        ("min", number(heights.min, 2)), ("median", number(heights.median, 2)),
                        ("max", number(heights.max, 2)),
                    ])
                ))
        }
        members.append(("defaults", defaults(assumptions.defaults)))
        if let candidateDefaults { members.append(("candidate_defaults", defaults(candidateDefaults))) }
        members.append(
            (
                "validity",
                .array(
                    assumptions.validity.map { use in
                        .object([
                            ("profile", .string(use.profile)), ("flag", .string(use.flag)),
                            ("sites", .number(Double(use.sites))), ("note", .string(use.note)),
                        ])
                    })
            ))
        return .object(members)
    }

    /// One profile: name, sites, what decides its reach, and the fields the scenario changed.
    static func profile(_ use: RadioAssumptions.ProfileUse) -> JSONValue {
        let p = use.profile
        return .object([
            ("name", .string(p.name)),
            ("sites", .number(Double(use.sites))),
            ("model", .string(p.pathLossModel.description)),
            ("frequency_ghz", number(p.frequencyGHz, 4)),
            ("bandwidth_mhz", number(p.bandwidthMHz, 2)),
            ("tx_power_dbm", number(p.txPowerDBm, 2)),
            ("antenna", .string(p.antenna.pattern.rawValue)),
            ("ut_height_m", number(p.utHeightMeters, 2)),
            ("indoor", .string(p.penetration.rawValue)),
            ("rsrp_threshold_dbm", number(p.rsrpThresholdDBm, 2)),
            ("edge_reliability", number(p.edgeReliability, 6)),
            ("requires_uplink", .bool(p.requiresUplink)),
            ("overridden", .array(use.overriddenFields.map { .string($0) })),
        ])
    }

    /// `{"kind": {"sites": 40, "values": {"tower": 40}}, …}`: each default that stood in for at
    /// least one site.
    static func defaults(_ uses: [RadioAssumptions.DefaultUse]) -> JSONValue {
        .object(
            uses.map { use in
                (
                    use.property,
                    .object([
                        ("sites", .number(Double(use.sites))),
                        ("values", .object(use.values.map { ($0.value, .number(Double($0.sites))) })),
                    ])
                )
            })
    }

    /// `inputs`: every file read, with its role, size and SHA-256 (what `sha256sum FILE` prints).
    static func inputs(_ files: [InputFile]) -> JSONValue {
        .array(
            files.map { input in
                .object([
                    ("file", .string(input.name)), ("role", .string(input.role)),
                    ("bytes", .number(Double(input.bytes))), ("sha256", .string(input.sha256)),
                ])
            })
    }

    /// `warnings`: at most three of each kind, then one "… and N more like this" line per kind.
    static func warnings(_ problems: [Problem]) -> JSONValue {
        .array(Problem.lines(problems, severityPrefix: false).map { .string($0) })
    }
}
