import Foundation
import Geo
import Radio

extension ScenarioLoader {
    static let demandKeys: Set<String> = ["cell_m", "layers", "priority", "clutter", "points"]

    /// The `demand` section: cell size, demand layers, priority zones and clutter, every file read
    /// and every feature checked (docs/scenario.md).
    static func loadDemand(
        _ fields: JSONFields, context: LoadContext, defaultCRS: CoordinateSystem, _ diagnostics: inout Diagnostics,
        _ inputs: inout [InputFile]
    ) -> DemandSettings? {
        guard let demand = fields.object("demand", required: true, &diagnostics) else { return nil }
        demand.warnUnknownKeys(demandKeys, &diagnostics)
        let cell = demand.number(
            "cell_m", required: true, in: 1...10_000, rangeText: "a cell size in metres between 1 and 10000",
            &diagnostics)

        var layers: [DemandLayer] = []
        for (value, field) in entries(demand, "layers", &diagnostics) {
            guard
                let ref = fileReference(
                    value, field: field, scenarioFile: fields.file, defaultCRS: defaultCRS,
                    extraKeys: ["property", "weight_property", "default"], &diagnostics)
            else { continue }
            if let layer = loadDemandLayer(ref, context: context, &diagnostics, &inputs) { layers.append(layer) }
        }
        var zones: [PriorityZone] = []
        for (value, field) in entries(demand, "priority", &diagnostics) {
            guard
                let ref = fileReference(
                    value, field: field, scenarioFile: fields.file, defaultCRS: defaultCRS,
                    extraKeys: ["weight", "must_cover"], &diagnostics)
            else { continue }
            zones += loadPriorityZones(ref, context: context, &diagnostics, &inputs)
        }
        var clutter: ClutterLayer?
        if let member = demand.value["clutter"], member != .null {
            if let ref = fileReference(
                member, field: demand.path("clutter"), scenarioFile: fields.file, defaultCRS: defaultCRS,
                extraKeys: ["property", "classes"], &diagnostics)
            {
                if ref.options == nil {
                    diagnostics.error(
                        fields.file, nil, field: demand.path("clutter"),
                        expected: "an object {\"file\": …, \"property\": …, \"classes\": {…}}", found: describe(member))
                } else {
                    clutter = loadClutter(ref, context: context, demandCellMeters: cell, &diagnostics, &inputs)
                }
            }
        }
        var points: DemandPoints?
        if let member = demand.value["points"], member != .null {
            points = loadDemandPoints(
                member, field: demand.path("points"), scenarioFile: fields.file, defaultCRS: defaultCRS,
                context: context, &diagnostics, &inputs)
            if points != nil && !layers.isEmpty {
                diagnostics.error(
                    fields.file, nil, field: demand.path("layers"),
                    expected: "no demand layers with demand points (the points carry their own weights)",
                    found: "\(layers.count) layer(s)")
            }
        }
        guard let cell else { return nil }
        var settings = DemandSettings(cellMeters: cell, layers: layers, priorityZones: zones, clutter: clutter)
        settings.points = points
        return settings
    }

    /// The elements of an array member (a single element is accepted too), with their field paths.
    static func entries(_ fields: JSONFields, _ key: String, _ diagnostics: inout Diagnostics) -> [(JSONValue, String)]
    {
        guard let member = fields.value[key], member != .null else { return [] }
        if case .array(let elements) = member {
            return elements.enumerated().map { ($1, "\(fields.path(key))[\($0)]") }
        }
        return [(member, fields.path(key))]
    }

    // MARK: Demand layers

    static func loadDemandLayer(
        _ ref: FileReference, context: LoadContext, _ diagnostics: inout Diagnostics,
        _ inputs: inout [InputFile]
    ) -> DemandLayer? {
        guard let options = ref.options else {
            diagnostics.error(
                context.scenarioFile, nil, field: ref.field,
                expected:
                    "an object {\"file\": …, \"property\": …} (density polygons) or {\"file\": …, \"weight_property\": …} (points)",
                found: "a file name alone")
            return nil
        }
        let density = options.string("property", &diagnostics)
        let weightProperty = options.string("weight_property", &diagnostics)
        if density != nil && weightProperty != nil {
            diagnostics.error(
                context.scenarioFile, nil, field: options.path("weight_property"),
                expected: "either 'property' (density polygons) or 'weight_property' (points), not both", found: "both")
            return nil
        }
        let defaultDensity =
            options.number(
                "default", in: 0...Double.greatestFiniteMagnitude,
                rangeText: "a density ≥ 0 for cells in no polygon", &diagnostics) ?? 0
        guard
            let layer = context.readLayer(
                ref, role: density != nil ? "density polygons" : "weighted points", &diagnostics, &inputs)
        else { return nil }
        let file = ref.displayName
        if let density {
            var areas: [DensityArea] = []
            for item in polygonLayer(layer, file: file, role: "density", &diagnostics) {
                guard
                    let value = demandNumber(
                        item.properties, density, file: file, location: "feature \(item.index)", required: true,
                        &diagnostics)
                else { continue }
                areas.append(DensityArea(geometry: item.geometry, perSquareKilometer: value))
            }
            return DemandLayer(file: file, property: density, content: .density(areas), defaultDensity: defaultDensity)
        }
        var points: [WeightedPoint] = []
        for feature in layer.features {
            let location = "feature \(feature.index)"
            var positions: [Coordinate] = []
            switch feature.geometry {
            case .point(let c)?: positions = [c]
            case .multiPoint(let cs)? where !cs.isEmpty: positions = cs
            case let g?:
                diagnostics.error(
                    file, location, field: "geometry.type", expected: "Point or MultiPoint (weighted demand points)",
                    found: g.typeName)
                continue
            case nil:
                diagnostics.error(
                    file, location, field: "geometry", expected: "a Point (weighted demand points)", found: "null")
                continue
            }
            var weight = 1.0
            if let weightProperty {
                guard
                    let value = demandNumber(
                        feature.properties, weightProperty, file: file, location: location, required: true, &diagnostics
                    )
                else { continue }
                weight = value
            }
            for position in positions { points.append(WeightedPoint(location: position, weight: weight)) }
        }
        return DemandLayer(file: file, property: weightProperty, content: .points(points))
    }

    /// A finite number ≥ 0 in property `key`, or nil with an error.
    static func demandNumber(
        _ properties: [(key: String, value: JSONValue)], _ key: String, file: String, location: String,
        required: Bool, _ diagnostics: inout Diagnostics
    ) -> Double? {
        guard let value = properties.last(where: { $0.key == key })?.value, value != .null else {
            if required { diagnostics.error(file, location, field: key, expected: "a number ≥ 0", found: "nothing") }
            return nil
        }
        guard let number = value.doubleValue, number.isFinite, number >= 0 else {
            diagnostics.error(file, location, field: key, expected: "a number ≥ 0", found: describe(value))
            return nil
        }
        return number
    }

    // MARK: Priority zones

    static func loadPriorityZones(
        _ ref: FileReference, context: LoadContext, _ diagnostics: inout Diagnostics,
        _ inputs: inout [InputFile]
    ) -> [PriorityZone] {
        // Entry-level values apply to every feature; otherwise each feature's own properties.
        let entryWeight = ref.options?.number(
            "weight", in: 0.000001...1_000_000, rangeText: "a weight multiplier > 0", &diagnostics)
        var entryMustCover: Bool?
        if let options = ref.options, let value = options.value["must_cover"], value != .null {
            if let flag = value.boolValue {
                entryMustCover = flag
            } else {
                diagnostics.error(
                    context.scenarioFile, nil, field: options.path("must_cover"), expected: "true or false",
                    found: describe(value))
            }
        }
        guard
            let layer = context.readLayer(
                ref, role: "Polygon or MultiPolygon features (priority zones)", &diagnostics, &inputs)
        else { return [] }
        let file = ref.displayName
        var zones: [PriorityZone] = []
        for item in polygonLayer(layer, file: file, role: "priority zone", &diagnostics) {
            let location = "feature \(item.index)"
            let properties = item.properties
            func property(_ key: String) -> JSONValue? {
                guard let value = properties.last(where: { $0.key == key })?.value, value != .null else { return nil }
                return value
            }
            var weight = entryWeight ?? 1
            if entryWeight == nil, let value = property("weight") {
                if let number = value.doubleValue, number.isFinite, number > 0 {
                    weight = number
                } else {
                    diagnostics.error(
                        file, location, field: "weight", expected: "a weight multiplier > 0", found: describe(value))
                    continue
                }
            }
            var mustCover = entryMustCover ?? false
            if entryMustCover == nil, let value = property("must_cover") {
                if let flag = value.boolValue {
                    mustCover = flag
                } else {
                    diagnostics.error(
                        file, location, field: "must_cover", expected: "true or false", found: describe(value))
                    continue
                }
            }
            zones.append(
                PriorityZone(
                    name: item.name, geometry: item.geometry, weight: weight, mustCover: mustCover,
                    sourceFile: file, sourceLocation: location))
        }
        return zones
    }

    // MARK: Clutter

    static let clutterClassKeys: Set<String> = ["model", "los", "indoor", "cell_m", "pathloss_offset_db"]

    /// - Parameter demandCellMeters: the demand grid's `cell_m` (nil when it is missing or bad):
    ///   a class's `cell_m` must be a whole multiple of it.
    static func loadClutter(
        _ ref: FileReference, context: LoadContext, demandCellMeters: Double?, _ diagnostics: inout Diagnostics,
        _ inputs: inout [InputFile]
    ) -> ClutterLayer? {
        guard let options = ref.options else { return nil }
        let property = options.string("property", &diagnostics) ?? "landuse"
        guard let classesObject = options.object("classes", required: true, &diagnostics) else { return nil }
        var classes: [ClutterClass] = []
        var ok = true
        for member in classesObject.value.objectMembers ?? [] {
            let field = classesObject.path(member.key)
            var clutterClass = ClutterClass(name: member.key)
            switch member.value {
            case .null: break
            case .object:
                let spec = JSONFields(member.value, file: context.scenarioFile, prefix: field)
                spec.warnUnknownKeys(clutterClassKeys, &diagnostics)
                if let text = spec.string("model", &diagnostics) {
                    if let scenario = PropagationScenario(rawValue: text) {
                        clutterClass.scenario = scenario
                    } else {
                        diagnostics.error(
                            context.scenarioFile, nil, field: spec.path("model"),
                            expected: "one of \(PropagationScenario.allCases.map(\.rawValue).joined(separator: ", "))",
                            found: "'\(text)'")
                        ok = false
                    }
                }
                if let text = spec.string("los", &diagnostics) {
                    if let condition = LOSCondition(rawValue: text) {
                        clutterClass.condition = condition
                    } else {
                        diagnostics.error(
                            context.scenarioFile, nil, field: spec.path("los"),
                            expected: "one of \(LOSCondition.allCases.map(\.rawValue).joined(separator: ", "))",
                            found: "'\(text)'")
                        ok = false
                    }
                }
                if let value = spec.value["indoor"], value != .null {
                    if value == .bool(false) {
                        clutterClass.penetration = BuildingPenetration.none
                    } else if let text = value.stringValue, let penetration = BuildingPenetration(rawValue: text) {
                        clutterClass.penetration = penetration
                    } else {
                        diagnostics.error(
                            context.scenarioFile, nil, field: spec.path("indoor"),
                            expected:
                                "one of \(BuildingPenetration.allCases.map(\.rawValue).joined(separator: ", ")) or false",
                            found: describe(value))
                        ok = false
                    }
                }
                if let offset = spec.number(
                    "pathloss_offset_db", in: -60...60, rangeText: "a path-loss offset in dB between -60 and 60",
                    &diagnostics)
                {
                    clutterClass.pathLossOffsetDB = offset
                } else if spec.value["pathloss_offset_db"].map({ $0 != .null }) ?? false {
                    ok = false
                }
                if let size = spec.number(
                    "cell_m", in: 1...100_000, rangeText: "a prediction cell size in metres between 1 and 100000",
                    &diagnostics)
                {
                    if let demandCell = demandCellMeters {
                        let ratio = size / demandCell
                        if ratio.rounded() >= 1 && abs(ratio - ratio.rounded()) <= 1e-9 * ratio {
                            clutterClass.predictionCellMeters = ratio.rounded() * demandCell
                        } else {
                            diagnostics.error(
                                context.scenarioFile, nil, field: spec.path("cell_m"),
                                expected: "a whole multiple of demand.cell_m (\(formatMeters(demandCell)) m)",
                                found: formatMeters(size))
                            ok = false
                        }
                    }
                } else if spec.value["cell_m"].map({ $0 != .null }) ?? false {
                    ok = false
                }
            default:
                diagnostics.error(
                    context.scenarioFile, nil, field: field,
                    expected: "an object with model, los, indoor, cell_m and/or pathloss_offset_db, or null",
                    found: describe(member.value))
                ok = false
            }
            classes.append(clutterClass)
        }
        if classes.isEmpty {
            diagnostics.error(
                context.scenarioFile, nil, field: classesObject.prefix, expected: "at least one land-use class",
                found: "an empty object")
            ok = false
        }
        if classes.count > 255 {
            diagnostics.error(
                context.scenarioFile, nil, field: classesObject.prefix, expected: "at most 255 land-use classes",
                found: "\(classes.count)")
            ok = false
        }
        guard
            let layer = context.readLayer(
                ref, role: "Polygon or MultiPolygon features (land use)", &diagnostics, &inputs), ok
        else { return nil }
        let file = ref.displayName
        var indexOfClass: [String: Int] = [:]
        for (k, c) in classes.enumerated() { indexOfClass[c.name] = k }
        var areas: [ClutterArea] = []
        var unmatched: [String: Int] = [:]
        var unmatchedOrder: [String] = []
        for item in polygonLayer(layer, file: file, role: "land use", &diagnostics) {
            guard let value = item.properties.last(where: { $0.key == property })?.value, value != .null else {
                diagnostics.warning(
                    file, "feature \(item.index)", field: property,
                    message: "no land-use value; the profiles' own models apply here")
                continue
            }
            guard let text = value.stringValue else {
                diagnostics.error(
                    file, "feature \(item.index)", field: property, expected: "a land-use name (a string)",
                    found: describe(value))
                continue
            }
            guard let index = indexOfClass[text] else {
                if unmatched[text] == nil { unmatchedOrder.append(text) }
                unmatched[text, default: 0] += 1
                continue
            }
            areas.append(ClutterArea(geometry: item.geometry, classIndex: index))
        }
        for text in unmatchedOrder {
            diagnostics.warning(
                file, nil, field: property,
                message:
                    "value '\(text)' (\(unmatched[text] ?? 0) polygon(s)) has no class in \(classesObject.prefix); the profiles' own models apply there"
            )
        }
        return ClutterLayer(file: file, property: property, classes: classes, areas: areas)
    }

    /// A length for messages: an integer without decimals, otherwise as Swift prints it.
    static func formatMeters(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int(value)) : String(value)
    }
}
