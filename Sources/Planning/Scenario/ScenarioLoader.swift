import Foundation
import Geo
import Radio

/// Reads a scenario file and every input it names, checking all of it and reporting every
/// problem with its file, feature or line, field, expectation and finding.
///
/// File references are relative to the scenario file's folder. See docs/scenario.md for the
/// schema; `schema/scenario.schema.json` is its JSON Schema.
public enum ScenarioLoader {
    /// The keys a scenario's top level may have.
    static let topLevelKeys: Set<String> = [
        "name", "area", "candidates", "existing", "exclusions", "demand", "radio", "objective", "seed", "crs",
        "service", "solver", "$schema", "description",
    ]

    /// Loads and checks a scenario. Warnings come back with the scenario; any error throws
    /// `PlanningError.invalidInput` listing every problem found.
    public static func load(_ url: URL, displayName: String? = nil) throws(PlanningError) -> (
        scenario: Scenario, warnings: [Problem]
    ) {
        var diagnostics = Diagnostics()
        let scenario = load(url, displayName: displayName, diagnostics: &diagnostics)
        if diagnostics.hasErrors || scenario == nil {
            throw .invalidInput(diagnostics.problems)
        }
        return (scenario!, diagnostics.warnings)
    }

    /// Loads a scenario, recording problems in `diagnostics`; `nil` when it could not be read at all.
    ///
    /// This is the one validation of a scenario: `nrplan validate`, `solve` and `audit` all run it
    /// (through `ScenarioValidation.validate(url:)`), including the checks across files in
    /// `ScenarioChecks` (sites far from the area, swapped coordinates).
    public static func load(_ url: URL, displayName: String? = nil, diagnostics: inout Diagnostics) -> Scenario? {
        let scenarioName = displayName ?? url.path
        let data: Data
        do {
            data = try GeoJSONReader.readFile(url, displayName: scenarioName)
        } catch {
            diagnostics.add(Problem(error))
            return nil
        }
        return load(data: data, displayName: scenarioName, diagnostics: &diagnostics)
    }

    /// Loads a scenario from its bytes; `displayName` is its path (file references are relative to
    /// its folder). Used by `load(_:displayName:diagnostics:)` and by the fuzz harness.
    public static func load(data: Data, displayName scenarioName: String, diagnostics: inout Diagnostics) -> Scenario? {
        let root: JSONValue
        do {
            root = try JSONParser.parse(data)
        } catch {
            diagnostics.add(Problem(syntaxError: error, file: scenarioName))
            return nil
        }
        guard case .object = root else {
            diagnostics.error(scenarioName, "top level", expected: "a JSON object", found: root.typeDescription)
            return nil
        }
        let fields = JSONFields(root, file: scenarioName)
        fields.warnUnknownKeys(topLevelKeys, &diagnostics)
        var inputs = [InputFile(name: scenarioName, data: data)]
        let context = LoadContext(scenarioFile: scenarioName)
        let crs = defaultCRS(fields, &diagnostics)

        let name =
            fields.string("name", &diagnostics)
            ?? ((scenarioName as NSString).lastPathComponent as NSString).deletingPathExtension
        let radio = loadRadio(fields, &diagnostics, &inputs)
        let objective = loadObjective(fields, &diagnostics)
        var seed: UInt64 = 1
        if let value = fields.integer("seed", minimum: 0, &diagnostics) { seed = UInt64(value) }
        let service = loadService(fields, &diagnostics)
        let solver = loadSolver(fields, &diagnostics)
        let hasPoints = fields.value["demand"]?["points"].map { $0 != .null } ?? false

        // Area (required unless the demand is given as points).
        var districts: [District] = []
        let areaRefs = fileReferences(
            fields, "area", required: !hasPoints, defaultCRS: crs, extraKeys: ["names"], &diagnostics)
        for ref in areaRefs {
            var read = context.readDistricts(ref, &diagnostics, &inputs)
            if let names = ref.options?.value["names"], names != .null {
                guard case .array(let list) = names, list.allSatisfy({ $0.stringValue != nil }), !list.isEmpty else {
                    diagnostics.error(
                        fields.file, nil, field: "\(ref.field).names", expected: "a non-empty array of district names",
                        found: describe(names))
                    continue
                }
                let wanted = list.compactMap(\.stringValue)
                for name in wanted where !read.contains(where: { $0.name == name }) {
                    diagnostics.error(
                        ref.displayName, nil, field: "name",
                        expected: "a district named '\(name)' (\(ref.field).names)",
                        found: "districts \(read.map { "'\($0.name)'" }.joined(separator: ", "))")
                }
                read = read.filter { wanted.contains($0.name) }
            }
            districts += read
        }

        // Exclusions (optional).
        var exclusions: [Exclusion] = []
        for ref in fileReferences(fields, "exclusions", required: false, defaultCRS: crs, &diagnostics) {
            guard
                let layer = context.readLayer(
                    ref, role: "Polygon or MultiPolygon features (exclusions)", &diagnostics, &inputs)
            else { continue }
            exclusions += polygonLayer(layer, file: ref.displayName, role: "exclusion", &diagnostics).map {
                Exclusion(name: $0.name, geometry: $0.geometry)
            }
        }

        // Sites (GeoJSON points or CSV catalogues); a lattice may stand in for candidates.
        var candidates: [Site] = []
        var siteFiles: [ScenarioChecks.SiteFile] = []
        // A lattice may stand in for candidates (also when the service section has other errors).
        let latticeOnly = service?.lattice != nil || fields.value["service"]?["lattice"].map { $0 != .null } == true
        for ref in fileReferences(fields, "candidates", required: !latticeOnly, defaultCRS: crs, &diagnostics) {
            let sites = context.readSites(ref, existing: false, radio: radio, &diagnostics, &inputs)
            siteFiles.append(ScenarioChecks.SiteFile(file: ref.displayName, isCSV: ref.isCSV, sites: sites))
            candidates += sites
        }
        var existing: [Site] = []
        for ref in fileReferences(
            fields, "existing", required: false, defaultCRS: crs, extraKeys: ["covers"], &diagnostics)
        {
            var sites = context.readSites(ref, existing: true, radio: radio, &diagnostics, &inputs)
            if let value = ref.options?.value["covers"], value != .null {
                if let covers = value.boolValue {
                    if service == nil && !covers {
                        diagnostics.warning(
                            fields.file, nil, field: "\(ref.field).covers",
                            message: "ignored without a service section: built sites serve by their radio profile")
                    } else {
                        for k in sites.indices { sites[k].coversDemand = covers }
                    }
                } else {
                    diagnostics.error(
                        fields.file, nil, field: "\(ref.field).covers", expected: "true or false",
                        found: describe(value))
                }
            }
            siteFiles.append(ScenarioChecks.SiteFile(file: ref.displayName, isCSV: ref.isCSV, sites: sites))
            existing += sites
        }
        SiteReader.checkUniqueIds(candidates + existing, &diagnostics)
        if let service {
            checkSiteTypes(candidates + existing, names: service.types.map(\.name), &diagnostics)
        } else if case .array(let types)? = fields.value["service"]?["types"] {
            // The service section has errors: still check site types against the names it gives.
            checkSiteTypes(candidates + existing, names: types.compactMap { $0["name"]?.stringValue }, &diagnostics)
        }
        if let radio, service == nil {
            for site in candidates + existing where radio.profiles[site.profileName] == nil {
                diagnostics.error(
                    site.sourceFile, site.sourceLocation, field: "profile",
                    expected: "a known radio profile (\(RadioProfile.builtInNames.joined(separator: ", ")))",
                    found: "'\(site.profileName)'")
            }
        }

        // Demand grid settings and layers (density, priority zones, clutter).
        let demand = loadDemand(fields, context: context, defaultCRS: crs, &diagnostics, &inputs)
        if areaRefs.isEmpty, let points = demand?.points {
            // No area: the points (and the lattice) span the planning area.
            districts = [pointsDistrict(points, lattice: service?.lattice, margin: (demand?.cellMeters ?? 0) / 2)]
        }
        if crs.isPlanar && !fields.has("service") {
            diagnostics.error(
                fields.file, nil, field: "service",
                expected: "site types with a radius (planar jobs have no radio model)", found: "nothing")
        }

        // Checks across files.
        ScenarioChecks.checkSitesNearArea(
            districts: districts, siteFiles: siteFiles, planar: crs.isPlanar,
            marginMeters: service.map { max($0.maximumRadiusMeters, 1) }, &diagnostics)

        guard let demand, let radio, let objective, !diagnostics.hasErrors else { return nil }
        var scenario = Scenario(
            name: name, file: scenarioName, districts: districts, candidates: candidates, existing: existing,
            exclusions: exclusions, demand: demand, radio: radio, objective: objective, seed: seed, inputs: inputs)
        scenario.frame = crs.isPlanar ? .planar : .wgs84
        scenario.service = service
        scenario.solver = solver
        return scenario
    }

    /// The planning area of a job whose demand is given as points and no area: the bounding box of
    /// the points and of the lattice bounds, grown by `margin` (half a demand cell, so that the cells
    /// of the outermost points have their centres inside), as one district named after the points file.
    static func pointsDistrict(_ points: DemandPoints, lattice: LatticeSettings?, margin: Double) -> District {
        var box = BoundingBox(
            minX: points.positions[0].x, minY: points.positions[0].y, maxX: points.positions[0].x,
            maxY: points.positions[0].y)
        for p in points.positions { box.include(p) }
        if let bounds = lattice?.bounds { box.include(bounds) }
        box = BoundingBox(
            minX: box.minX - margin, minY: box.minY - margin, maxX: box.maxX + margin, maxY: box.maxY + margin)
        let name = ((points.file as NSString).lastPathComponent as NSString).deletingPathExtension
        let ring = [
            Coordinate(x: box.minX, y: box.minY), Coordinate(x: box.maxX, y: box.minY),
            Coordinate(x: box.maxX, y: box.maxY),
            Coordinate(x: box.minX, y: box.maxY), Coordinate(x: box.minX, y: box.minY),
        ]
        return District(name: name, geometry: .polygon(Polygon(exterior: ring)), properties: [])
    }

    // MARK: - Sections

    static func loadObjective(_ fields: JSONFields, _ diagnostics: inout Diagnostics) -> ObjectiveSettings? {
        guard let objective = fields.object("objective", required: true, &diagnostics) else { return nil }
        guard let type = objective.string("type", required: true, &diagnostics) else { return nil }
        switch type {
        case "min_cost":
            objective.warnUnknownKeys(["type", "coverage_target"], &diagnostics)
            guard
                let target = objective.number(
                    "coverage_target", required: true, in: 0.000001...1,
                    rangeText: "a fraction of demand in (0, 1]", &diagnostics)
            else { return nil }
            return .minCost(coverageTarget: target)
        case "max_coverage":
            objective.warnUnknownKeys(["type", "sites", "budget"], &diagnostics)
            let sites = objective.integer("sites", minimum: 0, &diagnostics)
            let budget = objective.number(
                "budget", in: 0...Double.greatestFiniteMagnitude, rangeText: "a cost ≥ 0", &diagnostics)
            if sites == nil && budget == nil && !objective.has("sites") && !objective.has("budget") {
                diagnostics.error(
                    fields.file, nil, field: "objective.sites",
                    expected: "a number of new sites (or a budget) for max_coverage", found: "nothing")
                return nil
            }
            return .maxCoverage(sites: sites, budget: budget)
        default:
            diagnostics.error(
                fields.file, nil, field: "objective.type", expected: "'min_cost' or 'max_coverage'", found: "'\(type)'")
            return nil
        }
    }

    static func loadRadio(_ fields: JSONFields, _ diagnostics: inout Diagnostics, _ inputs: inout [InputFile])
        -> RadioSettings?
    {
        let radio = fields.object("radio", &diagnostics) ?? JSONFields(.object([]), file: fields.file, prefix: "radio")
        radio.warnUnknownKeys(
            ["profile", "profiles", "rsrp_threshold_dbm", "edge_reliability", "overrides", "calibration"], &diagnostics)
        // Calibration files (nrplan calibrate): their overrides sit under the scenario's own.
        let calibrations = CalibrationReference.load(radio, scenarioFile: fields.file, &diagnostics, &inputs)
        var profileForKind: [SiteKind: String] = [:]
        for kind in SiteKind.allCases { profileForKind[kind] = kind.defaultProfileName }
        if let all = radio.string("profile", &diagnostics) {
            for kind in SiteKind.allCases { profileForKind[kind] = all }
        }
        if let mapping = radio.object("profiles", &diagnostics) {
            for member in mapping.value.objectMembers ?? [] {
                guard let kind = SiteKind(rawValue: member.key) else {
                    diagnostics.error(
                        fields.file, nil, field: "radio.profiles.\(member.key)",
                        expected: "a site kind (\(SiteKind.allowedValues))", found: "'\(member.key)'")
                    continue
                }
                guard let name = member.value.stringValue else {
                    diagnostics.error(
                        fields.file, nil, field: "radio.profiles.\(member.key)", expected: "a profile name",
                        found: describe(member.value))
                    continue
                }
                profileForKind[kind] = name
            }
        }
        // Shortcuts that apply to every profile; per-profile overrides win.
        var common: [String: Any] = [:]
        if let threshold = radio.number(
            "rsrp_threshold_dbm", in: -160 ... -30, rangeText: "an RSRP threshold in dBm between -160 and -30",
            &diagnostics)
        {
            common["rsrp_threshold_dbm"] = threshold
        }
        if let reliability = radio.number(
            "edge_reliability", in: 0.5...0.9999, rangeText: "a cell-edge reliability in [0.5, 0.9999]", &diagnostics)
        {
            common["edge_reliability"] = reliability
        }
        var perProfile: [String: [String: Any]] = [:]
        if let overrides = radio.object("overrides", &diagnostics) {
            for member in overrides.value.objectMembers ?? [] {
                guard case .object = member.value, let dictionary = member.value.foundationObject as? [String: Any]
                else {
                    diagnostics.error(
                        fields.file, nil, field: "radio.overrides.\(member.key)",
                        expected: "an object of profile fields", found: describe(member.value))
                    continue
                }
                perProfile[member.key] = dictionary
            }
        }
        var names = Set(profileForKind.values)
        names.formUnion(perProfile.keys)
        names.formUnion(calibrations.overrides.keys)
        var profiles: [String: RadioProfile] = [:]
        var ok = true
        for name in names.sorted() {
            var overrides = common
            for (key, value) in calibrations.overrides[name] ?? [:] { overrides[key] = value }
            for (key, value) in perProfile[name] ?? [:] { overrides[key] = value }
            do {
                profiles[name] = try RadioProfile.resolve(
                    name: name, overrides: overrides, source: "\(fields.file): radio (profile '\(name)')")
            } catch {
                // Unknown profile names are reported per site or per kind mapping below.
                if RadioProfile.named(name) == nil {
                    let users = SiteKind.allCases.filter { profileForKind[$0] == name }.map(\.rawValue)
                    if !users.isEmpty || perProfile[name] != nil || calibrations.overrides[name] != nil {
                        diagnostics.error(
                            fields.file, nil,
                            field: !users.isEmpty
                                ? "radio.profiles"
                                : perProfile[name] != nil ? "radio.overrides.\(name)" : "radio.calibration",
                            expected: "a known radio profile (\(RadioProfile.builtInNames.joined(separator: ", ")))",
                            found: "'\(name)'")
                        ok = false
                    }
                } else {
                    diagnostics.error(fields.file, nil, field: "radio", message: error.description)
                    ok = false
                }
            }
        }
        return ok
            ? RadioSettings(profiles: profiles, profileForKind: profileForKind, calibrations: calibrations.references)
            : nil
    }

    // MARK: - Files

    struct PolygonItem {
        let index: Int
        let name: String?
        let geometry: Geometry
        let properties: [(key: String, value: JSONValue)]
    }

    /// The polygonal features of a layer, repaired with a warning when invalid.
    static func polygonLayer(
        _ layer: GeoJSONReader.Result, file: String, role: String, _ diagnostics: inout Diagnostics
    ) -> [PolygonItem] {
        let context = GEOSContext()
        var items: [PolygonItem] = []
        for feature in layer.features {
            let location = "feature \(feature.index)"
            guard let geometry = feature.geometry else {
                diagnostics.error(
                    file, location, field: "geometry", expected: "a Polygon or MultiPolygon (\(role))", found: "null")
                continue
            }
            switch geometry {
            case .polygon, .multiPolygon: break
            default:
                diagnostics.error(
                    file, location, field: "geometry.type", expected: "Polygon or MultiPolygon (\(role))",
                    found: geometry.typeName)
                continue
            }
            if geometry.isEmpty {
                diagnostics.error(
                    file, location, field: "geometry.coordinates", expected: "a non-empty \(geometry.typeName)",
                    found: "an empty geometry")
                continue
            }
            var repaired = geometry
            do {
                let check = try geometry.repairedIfInvalid(in: context)
                if let reason = check.invalidReason {
                    diagnostics.warning(
                        file, location, field: "geometry",
                        message: "invalid polygon (\(reason)); repaired with GEOS MakeValid")
                    repaired = check.geometry
                }
            } catch {
                diagnostics.error(file, location, field: "geometry", message: error.description)
                continue
            }
            if repaired.isEmpty {
                diagnostics.error(
                    file, location, field: "geometry", expected: "a polygon with an area",
                    found: "nothing left after repair")
                continue
            }
            let name = feature[property: "name"]?.stringValue
            items.append(
                PolygonItem(index: feature.index, name: name, geometry: repaired, properties: feature.properties))
        }
        return items
    }
}
