import Foundation
import Geo
import Radio
import Support

extension ScenarioLoader {
    static let clutterClassKeys: Set<String> = ["model", "los", "indoor", "cell_m", "pathloss_offset_db"]

    /// `demand.clutter` (optional): land-use polygons whose class chooses the propagation model,
    /// LOS condition, building penetration, prediction cell size and path-loss offset of the cells
    /// in them (docs/scenario.md, `clutter`).
    ///
    /// - Parameter demandCellMeters: the demand grid's `cell_m` (nil when it is missing or bad):
    ///   a class's `cell_m` must be a whole multiple of it.
    static func loadClutter(
        _ demand: JSONFields, files: LoadContext, demandCellMeters: Double?, _ diagnostics: inout Diagnostics,
        _ inputs: inout [InputFile]
    ) -> ClutterLayer? {
        guard let member = demand.value["clutter"], member != .null,
            let ref = fileReference(
                member, field: demand.path("clutter"), scenarioFile: demand.file, defaultCRS: files.defaultCRS,
                folder: files.folder,
                extraKeys: ["property", "classes"], &diagnostics)
        else { return nil }
        guard let options = ref.options else {
            diagnostics.error(
                demand.file, nil, field: demand.path("clutter"),
                expected: "an object {\"file\": …, \"property\": …, \"classes\": {…}}", found: describe(member))
            return nil
        }
        let property = options.string("property", &diagnostics) ?? "landuse"
        guard let classesObject = options.object("classes", required: true, &diagnostics) else { return nil }
        let classes = loadClutterClasses(classesObject, demandCellMeters: demandCellMeters, &diagnostics)
        guard
            let layer = files.readLayer(
                ref, role: "Polygon or MultiPolygon features (land use)", &diagnostics, &inputs), let classes
        else { return nil }
        let areas = clutterAreas(
            layer, file: ref.displayName, property: property, classes: classes, classesField: classesObject.prefix,
            &diagnostics)
        return ClutterLayer(file: ref.displayName, property: property, classes: classes, areas: areas)
    }

    /// `classes`: the land-use classes by name (1 to 255), each `null` (the profiles' own models)
    /// or an object with `model`, `los`, `indoor`, `cell_m` and/or `pathloss_offset_db`; nil after
    /// any error.
    static func loadClutterClasses(
        _ classesObject: JSONFields, demandCellMeters: Double?, _ diagnostics: inout Diagnostics
    ) -> [ClutterClass]? {
        var classes: [ClutterClass] = []
        var ok = true
        for member in classesObject.value.objectMembers ?? [] {
            let field = classesObject.path(member.key)
            switch member.value {
            case .null:
                classes.append(ClutterClass(name: member.key))
            case .object:
                let spec = JSONFields(member.value, file: classesObject.file, prefix: field)
                classes.append(
                    loadClutterClass(member.key, spec, demandCellMeters: demandCellMeters, ok: &ok, &diagnostics))
            default:
                diagnostics.error(
                    classesObject.file, nil, field: field,
                    expected: "an object with model, los, indoor, cell_m and/or pathloss_offset_db, or null",
                    found: describe(member.value))
                ok = false
                classes.append(ClutterClass(name: member.key))
            }
        }
        if classes.isEmpty {
            diagnostics.error(
                classesObject.file, nil, field: classesObject.prefix, expected: "at least one land-use class",
                found: "an empty object")
            ok = false
        }
        if classes.count > 255 {
            diagnostics.error(
                classesObject.file, nil, field: classesObject.prefix, expected: "at most 255 land-use classes",
                found: "\(classes.count)")
            ok = false
        }
        return ok ? classes : nil
    }

    /// One land-use class object; `ok` is cleared on any error.
    static func loadClutterClass(
        _ name: String, _ spec: JSONFields, demandCellMeters: Double?, ok: inout Bool, _ diagnostics: inout Diagnostics
    ) -> ClutterClass {
        var clutterClass = ClutterClass(name: name)
        spec.warnUnknownKeys(clutterClassKeys, &diagnostics)
        if let text = spec.string("model", &diagnostics) {
            if let scenario = PropagationScenario(rawValue: text) {
                clutterClass.scenario = scenario
            } else {
                diagnostics.error(
                    spec.file, nil, field: spec.path("model"),
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
                    spec.file, nil, field: spec.path("los"),
                    expected: "one of \(LOSCondition.allCases.map(\.rawValue).joined(separator: ", "))",
                    found: "'\(text)'")
                ok = false
            }
        }
        if let value = spec.value["indoor"], value != .null {
            if value == .bool(false) {
                clutterClass.penetration = BuildingPenetration.none
            } else if let text = value.stringValue,
                let penetration = BuildingPenetration(rawValue: text.replacingOccurrences(of: "_", with: "-"))
            {
                clutterClass.penetration = penetration
            } else {
                diagnostics.error(
                    spec.file, nil, field: spec.path("indoor"),
                    expected: "one of \(BuildingPenetration.allCases.map(\.rawValue).joined(separator: ", ")) or false",
                    found: describe(value))
                ok = false
            }
        }
        if let offset = spec.number(
            "pathloss_offset_db", in: -60...60, rangeText: "a path-loss offset in dB between -60 and 60", &diagnostics)
        {
            clutterClass.pathLossOffsetDB = offset
        } else if spec.value["pathloss_offset_db"].map({ $0 != .null }) ?? false {
            ok = false
        }
        clutterClass.predictionCellMeters = loadPredictionCell(
            spec, demandCellMeters: demandCellMeters, ok: &ok, &diagnostics)
        return clutterClass
    }

    /// A class's `cell_m`: a whole multiple of the demand cell (nil when absent or invalid; `ok`
    /// is cleared on an error).
    static func loadPredictionCell(
        _ spec: JSONFields, demandCellMeters: Double?, ok: inout Bool, _ diagnostics: inout Diagnostics
    ) -> Double? {
        guard
            let size = spec.number(
                "cell_m", in: 1...100_000, rangeText: "a prediction cell size in metres between 1 and 100000",
                &diagnostics)
        else {
            if spec.value["cell_m"].map({ $0 != .null }) ?? false { ok = false }
            return nil
        }
        guard let demandCell = demandCellMeters else { return nil }
        let ratio = size / demandCell
        guard ratio.rounded() >= 1 && abs(ratio - ratio.rounded()) <= 1e-9 * ratio else {
            diagnostics.error(
                spec.file, nil, field: spec.path("cell_m"),
                expected: "a whole multiple of demand.cell_m (\(NumberText.message(demandCell)) m)",
                found: NumberText.message(size))
            ok = false
            return nil
        }
        return ratio.rounded() * demandCell
    }

    /// The land-use polygons whose `property` names a class; polygons without a value or with a
    /// value no class has are warned about (the profiles' own models apply there).
    static func clutterAreas(
        _ layer: GeoJSONReader.Result, file: String, property: String, classes: [ClutterClass],
        classesField: String, _ diagnostics: inout Diagnostics
    ) -> [ClutterArea] {
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
                    "value '\(text)' (\(unmatched[text] ?? 0) polygon(s)) has no class in \(classesField); the profiles' own models apply there"
            )
        }
        return areas
    }
}
