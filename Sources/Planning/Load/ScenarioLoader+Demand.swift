import Foundation
import Geo
import Radio
import Support

extension ScenarioLoader {
    static let demandKeys: Set<String> = ["cell_m", "layers", "priority", "clutter", "points", "roads"]

    /// `demand` (required): cell size, demand layers, priority zones, clutter and demand points,
    /// every file read and every feature checked (docs/scenario.md).
    static func loadDemand(
        _ fields: JSONFields, files: LoadContext, _ diagnostics: inout Diagnostics, _ inputs: inout [InputFile]
    ) -> DemandSettings? {
        guard let demand = fields.object("demand", required: true, &diagnostics) else { return nil }
        demand.warnUnknownKeys(demandKeys, &diagnostics)
        let cell = demand.number(
            "cell_m", required: true, in: 1...10_000, rangeText: "a cell size in metres between 1 and 10000",
            &diagnostics)

        let layers = loadDemandLayers(demand, files: files, &diagnostics, &inputs)
        let zones = loadPriorityZones(demand, files: files, &diagnostics, &inputs)
        let clutter = loadClutter(demand, files: files, demandCellMeters: cell, &diagnostics, &inputs)
        var points: DemandPoints?
        if let member = demand.value["points"], member != .null {
            points = loadDemandPoints(member, field: demand.path("points"), files: files, &diagnostics, &inputs)
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

    /// `demand.layers`: density polygons or weighted points that set the cells' weights.
    static func loadDemandLayers(
        _ demand: JSONFields, files: LoadContext, _ diagnostics: inout Diagnostics, _ inputs: inout [InputFile]
    ) -> [DemandLayer] {
        var layers: [DemandLayer] = []
        for (value, field) in entries(demand, "layers", &diagnostics) {
            guard
                let ref = fileReference(
                    value, field: field, scenarioFile: demand.file, defaultCRS: files.defaultCRS, folder: files.folder,
                    extraKeys: ["property", "weight_property", "default"], &diagnostics)
            else { continue }
            if let layer = loadDemandLayer(ref, context: files, &diagnostics, &inputs) { layers.append(layer) }
        }
        return layers
    }

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

    /// `demand.priority`: zones whose cells weigh more and/or must be covered.
    static func loadPriorityZones(
        _ demand: JSONFields, files: LoadContext, _ diagnostics: inout Diagnostics, _ inputs: inout [InputFile]
    ) -> [PriorityZone] {
        var zones: [PriorityZone] = []
        for (value, field) in entries(demand, "priority", &diagnostics) {
            guard
                let ref = fileReference(
                    value, field: field, scenarioFile: demand.file, defaultCRS: files.defaultCRS, folder: files.folder,
                    extraKeys: ["weight", "must_cover"], &diagnostics)
            else { continue }
            zones += loadPriorityZones(ref, context: files, &diagnostics, &inputs)
        }
        return zones
    }

    /// The zones of one priority entry.
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
}
