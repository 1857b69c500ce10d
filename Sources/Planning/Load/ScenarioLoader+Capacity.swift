import Radio
import Support

extension ScenarioLoader {
    static let capacityKeys: Set<String> = [
        "traffic", "traffic_mbps_per_km2", "assignment", "sinr_db", "mimo_layers", "tdd_downlink_share",
        "load_target", "shannon_attenuation", "max_bps_per_hz",
    ]

    /// `capacity` (optional): busy-hour traffic and how much a site carries (docs/capacity.md).
    /// Exactly one of `traffic` (a density layer) and `traffic_mbps_per_km2` (uniform).
    static func loadCapacity(
        _ fields: JSONFields, files: LoadContext, _ diagnostics: inout Diagnostics, _ inputs: inout [InputFile]
    ) -> CapacitySettings? {
        guard let capacity = fields.object("capacity", &diagnostics) else { return nil }
        capacity.warnUnknownKeys(capacityKeys, &diagnostics)
        let positive = 0...Double.greatestFiniteMagnitude
        let uniform = capacity.number(
            "traffic_mbps_per_km2", in: positive, rangeText: "a traffic density in Mbps per km² ≥ 0", &diagnostics)
        var traffic: CapacitySettings.Traffic?
        if let member = capacity.value["traffic"], member != .null {
            if uniform != nil {
                diagnostics.error(
                    fields.file, nil, field: capacity.path("traffic_mbps_per_km2"),
                    expected: "either 'traffic' (a layer) or 'traffic_mbps_per_km2' (uniform), not both", found: "both")
            }
            if let ref = fileReference(
                member, field: capacity.path("traffic"), scenarioFile: fields.file, defaultCRS: files.defaultCRS,
                extraKeys: ["property", "default", "mbps_per_unit"], &diagnostics),
                let options = ref.options
            {
                let rate =
                    options.number(
                        "mbps_per_unit", in: positive, rangeText: "busy-hour Mbps per unit of the property ≥ 0",
                        &diagnostics) ?? 1
                if options.string("property", &diagnostics) == nil {
                    diagnostics.error(
                        fields.file, nil, field: options.path("property"),
                        expected:
                            "the polygons' density property (traffic_mbps_per_km2, or pop_per_km2 with mbps_per_unit)",
                        found: "nothing")
                } else if let layer = loadDemandLayer(ref, context: files, &diagnostics, &inputs) {
                    traffic = .layer(layer, mbpsPerUnit: rate)
                }
            } else {
                diagnostics.error(
                    fields.file, nil, field: capacity.path("traffic"),
                    expected: "an object {\"file\": …, \"property\": …}", found: describe(member))
            }
        } else if let uniform {
            traffic = .uniform(mbpsPerSquareKilometer: uniform)
        } else {
            diagnostics.error(
                fields.file, nil, field: capacity.path("traffic"),
                expected: "a traffic layer or traffic_mbps_per_km2", found: "neither")
        }
        guard let traffic else { return nil }
        var settings = CapacitySettings(traffic: traffic)
        if let name = capacity.string("assignment", &diagnostics) {
            if let rule = CapacitySettings.Assignment(rawValue: name) {
                settings.assignment = rule
            } else {
                diagnostics.error(
                    fields.file, nil, field: capacity.path("assignment"), expected: "best_server or split",
                    found: "'\(name)'")
            }
        }
        func number(_ key: String, _ range: ClosedRange<Double>, _ text: String) -> Double? {
            capacity.number(key, in: range, rangeText: text, &diagnostics)
        }
        if let v = number("sinr_db", -10...40, "a SINR in dB between -10 and 40") { settings.sinrDB = v }
        if let v = number("mimo_layers", 1...16, "MIMO layers between 1 and 16") { settings.mimoLayers = v }
        if let v = number("tdd_downlink_share", 0.01...1, "a downlink share in (0, 1]") { settings.downlinkShare = v }
        if let v = number("load_target", 0.01...1, "a load target in (0, 1]") { settings.loadTarget = v }
        if let v = number("shannon_attenuation", 0.01...1, "an attenuation α in (0, 1]") {
            settings.spectralEfficiency.attenuation = v
        }
        if let v = number("max_bps_per_hz", 0.1...30, "a cap in bit/s/Hz between 0.1 and 30") {
            settings.spectralEfficiency.maximumBitsPerHertz = v
        }
        return settings
    }
}

extension ScenarioLoader {
    /// Sections that cannot be planned together, each refused with what to drop.
    /// - capacity with service radii: load-aware siting needs the radio model's RSRP.
    /// - capacity with `objective.phases`: the capacity stage appends sites after the ranked ones,
    ///   which the phases partition.
    /// - capacity with continuity limits: the capacity stage adds sites after constraint generation
    ///   has met the limits, and new coverage can enclose an edge gap into a hole or add a covered
    ///   component the limits were never checked against.
    /// - `objective.phases` with continuity limits or `demand.roads`: constraint generation solves
    ///   the plan in one step; it has no nested phase solves.
    static func checkCombinations(
        capacity: CapacitySettings?, service: ServiceSettings?, phases: [RolloutPhase], continuity: ContinuityLimits,
        roads: Bool, fields: JSONFields, _ diagnostics: inout Diagnostics
    ) {
        if capacity != nil && service != nil {
            diagnostics.error(
                fields.file, nil, field: "capacity",
                expected: "no capacity section with service radii (load-aware siting needs the radio model's RSRP)",
                found: "both")
        }
        if capacity != nil && !phases.isEmpty {
            diagnostics.error(
                fields.file, nil, field: "capacity",
                expected: "no capacity section with objective.phases (phased load-aware siting is not supported yet)",
                found: "both")
        }
        if capacity != nil && !continuity.isEmpty {
            diagnostics.error(
                fields.file, nil, field: "capacity",
                expected:
                    "no capacity section with continuity limits (sites added for load after the limits are met could enclose a new hole; continuity planning for load is not supported yet)",
                found: "both")
        }
        if !phases.isEmpty && (!continuity.isEmpty || roads) {
            diagnostics.error(
                fields.file, nil, field: "objective.phases",
                expected:
                    "no continuity limits or demand.roads with objective.phases (constraint generation plans in one step; phased continuity planning is not supported yet)",
                found: continuity.isEmpty ? "demand.roads" : "continuity limits")
        }
    }
}
