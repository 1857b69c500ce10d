import Geo
import Support

extension ScenarioLoader {
    static let serviceKeys: Set<String> = ["types", "min_spacing_m", "lattice"]
    static let serviceTypeKeys: Set<String> = ["name", "radius_m", "cost", "lattice", "search_step_m", "sectors"]
    static let sectorKeys: Set<String> = [
        "count", "half_width_deg", "edge_reach", "min_separation_deg", "azimuth_step_deg", "arrangement",
    ]
    static let latticeKeys: Set<String> = ["step_m", "bounds"]

    /// `service` (optional; docs/scenario.md): site types with a radius and a cost, the minimum
    /// spacing, and lattice candidates. Nil when absent or invalid (problems recorded).
    static func loadService(_ fields: JSONFields, _ diagnostics: inout Diagnostics) -> ServiceSettings? {
        guard let service = fields.object("service", &diagnostics) else { return nil }
        service.warnUnknownKeys(serviceKeys, &diagnostics)
        var ok = true
        let types = loadServiceTypes(service, ok: &ok, &diagnostics)
        let spacing = service.number("min_spacing_m", in: 0...1e7, rangeText: "a spacing in metres ≥ 0", &diagnostics)
        if service.has("min_spacing_m") && spacing == nil { ok = false }
        let lattice = loadLattice(service, ok: &ok, &diagnostics)
        checkTypesAgainstLattice(types, lattice: lattice, service: service, ok: &ok, &diagnostics)
        guard ok, !types.isEmpty else { return nil }
        return ServiceSettings(types: types, minimumSpacingMeters: spacing, lattice: lattice)
    }

    /// `service.types`: a non-empty array of site types with unique names; `ok` is cleared on any error.
    static func loadServiceTypes(_ service: JSONFields, ok: inout Bool, _ diagnostics: inout Diagnostics)
        -> [ServiceType]
    {
        guard case .array(let elements)? = service.value["types"], !elements.isEmpty else {
            diagnostics.error(
                service.file, nil, field: service.path("types"), expected: "a non-empty array of site types",
                found: service.value["types"].map(describe) ?? "nothing")
            ok = false
            return []
        }
        var types: [ServiceType] = []
        for (k, element) in elements.enumerated() {
            guard case .object = element else {
                diagnostics.error(
                    service.file, nil, field: service.path("types[\(k)]"),
                    expected: "an object {\"name\": …, \"radius_m\": …, \"cost\": …}",
                    found: describe(element))
                ok = false
                continue
            }
            guard
                let type = loadServiceType(
                    JSONFields(element, file: service.file, prefix: service.path("types[\(k)]")), &diagnostics)
            else {
                ok = false
                continue
            }
            if types.contains(where: { $0.name == type.name }) {
                diagnostics.error(
                    service.file, nil, field: service.path("types[\(k)].name"),
                    expected: "a name used by one type only",
                    found: "'\(type.name)' a second time")
                ok = false
            }
            types.append(type)
        }
        return types
    }

    /// `service.lattice` (optional): `step_m` and `bounds`; `ok` is cleared on any error.
    static func loadLattice(_ service: JSONFields, ok: inout Bool, _ diagnostics: inout Diagnostics)
        -> LatticeSettings?
    {
        guard let object = service.object("lattice", &diagnostics) else {
            if service.has("lattice") { ok = false }
            return nil
        }
        object.warnUnknownKeys(latticeKeys, &diagnostics)
        let step = object.number(
            "step_m", required: true, in: 1e-6...1e7, rangeText: "a lattice step in metres > 0", &diagnostics)
        var bounds: BoundingBox?
        if let member = object.value["bounds"], member != .null {
            if case .array(let values) = member, values.count == 4,
                let numbers = Optional(values.compactMap(\.doubleValue)), numbers.count == 4,
                numbers.allSatisfy(\.isFinite), numbers[0] <= numbers[2], numbers[1] <= numbers[3]
            {
                bounds = BoundingBox(minX: numbers[0], minY: numbers[1], maxX: numbers[2], maxY: numbers[3])
            } else {
                diagnostics.error(
                    service.file, nil, field: object.path("bounds"),
                    expected: "[minX, minY, maxX, maxY] with min ≤ max", found: describe(member))
                ok = false
            }
        }
        guard let step else {
            ok = false
            return nil
        }
        return LatticeSettings(stepMeters: step, bounds: bounds)
    }

    /// With a lattice, lattice types need a cost and search steps must be multiples of the lattice
    /// step; without one, search steps are ignored (a warning). `ok` is cleared on any error.
    static func checkTypesAgainstLattice(
        _ types: [ServiceType], lattice: LatticeSettings?, service: JSONFields, ok: inout Bool,
        _ diagnostics: inout Diagnostics
    ) {
        guard let lattice else {
            for (k, type) in types.enumerated() where type.searchStepMeters != nil {
                diagnostics.warning(
                    service.file, nil, field: service.path("types[\(k)].search_step_m"),
                    message: "ignored without service.lattice")
            }
            return
        }
        for (k, type) in types.enumerated() {
            if type.onLattice && type.cost == nil {
                diagnostics.error(
                    service.file, nil, field: service.path("types[\(k)].cost"),
                    expected: "a cost (lattice sites have no catalogue cost)", found: "nothing")
                ok = false
            }
            if let search = type.searchStepMeters {
                let ratio = search / lattice.stepMeters
                if abs(ratio - ratio.rounded()) > 1e-9 || ratio < 1 {
                    diagnostics.error(
                        service.file, nil, field: service.path("types[\(k)].search_step_m"),
                        expected: "a multiple of the lattice step (\(Precision.figure.text(lattice.stepMeters)) m)",
                        found: Precision.figure.text(search))
                    ok = false
                }
            }
        }
    }

    static func loadServiceType(_ fields: JSONFields, _ diagnostics: inout Diagnostics) -> ServiceType? {
        fields.warnUnknownKeys(serviceTypeKeys, &diagnostics)
        let name = fields.string("name", required: true, &diagnostics)
        if let name, name.trimmingCharacters(in: .whitespaces).isEmpty {
            diagnostics.error(
                fields.file, nil, field: fields.path("name"), expected: "a non-empty type name",
                found: "an empty string")
        }
        let radius = fields.number(
            "radius_m", required: true, in: 1e-6...1e7, rangeText: "a service radius in metres > 0", &diagnostics)
        let cost = fields.number("cost", in: 0...Double.greatestFiniteMagnitude, rangeText: "a cost ≥ 0", &diagnostics)
        var onLattice = true
        if let value = fields.value["lattice"], value != .null {
            if let flag = value.boolValue {
                onLattice = flag
            } else {
                diagnostics.error(
                    fields.file, nil, field: fields.path("lattice"), expected: "true or false", found: describe(value))
                return nil
            }
        }
        let search = fields.number(
            "search_step_m", in: 1e-6...1e7, rangeText: "a search step in metres > 0", &diagnostics)
        var sectors: SectorSettings?
        if let object = fields.object("sectors", &diagnostics) {
            sectors = loadSectors(object, &diagnostics)
            if sectors == nil { return nil }
        }
        guard let name, !name.trimmingCharacters(in: .whitespaces).isEmpty, let radius,
            !fields.has("cost") || cost != nil, !fields.has("search_step_m") || search != nil
        else { return nil }
        return ServiceType(
            name: name, radiusMeters: radius, cost: cost, onLattice: onLattice, searchStepMeters: search,
            sectors: sectors)
    }

    static func loadSectors(_ fields: JSONFields, _ diagnostics: inout Diagnostics) -> SectorSettings? {
        fields.warnUnknownKeys(sectorKeys, &diagnostics)
        var settings = SectorSettings()
        var ok = true
        if fields.has("count") {
            if let count = fields.integer("count", minimum: 1, &diagnostics) {
                if count <= 12 {
                    settings.count = count
                } else {
                    diagnostics.error(
                        fields.file, nil, field: fields.path("count"), expected: "1 to 12 sectors", found: "\(count)")
                    ok = false
                }
            } else {
                ok = false
            }
        }
        func number(_ key: String, _ range: ClosedRange<Double>, _ text: String) -> Double? {
            guard fields.has(key) else { return nil }
            let value = fields.number(key, in: range, rangeText: text, &diagnostics)
            if value == nil { ok = false }
            return value
        }
        if let v = number("half_width_deg", 1...180, "a half width in degrees in 1…180") {
            settings.halfWidthDegrees = v
        }
        if let v = number("edge_reach", 0...1, "a fraction of the radius in 0…1") { settings.edgeReach = v }
        if let v = number("min_separation_deg", 0...180, "a separation in degrees in 0…180") {
            settings.minimumSeparationDegrees = v
        }
        if let v = number("azimuth_step_deg", 1...180, "an azimuth step in degrees in 1…180") {
            settings.azimuthStepDegrees = v
        }
        if let text = fields.string("arrangement", &diagnostics) {
            if let arrangement = SectorSettings.Arrangement(rawValue: text) {
                settings.arrangement = arrangement
            } else {
                diagnostics.error(
                    fields.file, nil, field: fields.path("arrangement"), expected: "'even' or 'any'", found: "'\(text)'"
                )
                ok = false
            }
        }
        guard ok else { return nil }
        let orientations = settings.orientations()
        if orientations.isEmpty
            || (settings.arrangement == .even && settings.count > 1
                && 360 / Double(settings.count) < settings.minimumSeparationDegrees - 1e-9)
        {
            diagnostics.error(
                fields.file, nil, field: fields.path("min_separation_deg"),
                expected:
                    "a separation that \(settings.count) sector directions can keep on a \(Precision.hundredths.text(settings.azimuthStepDegrees)) ° step",
                found: Precision.hundredths.text(settings.minimumSeparationDegrees))
            return nil
        }
        if orientations.count > 512 {
            diagnostics.error(
                fields.file, nil, field: fields.path("azimuth_step_deg"),
                expected: "at most 512 sector orientations per site (a coarser step or the 'even' arrangement)",
                found: "\(orientations.count) orientations")
            return nil
        }
        return settings
    }
}
