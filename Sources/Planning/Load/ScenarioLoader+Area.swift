import Foundation
import Geo
import Support

extension ScenarioLoader {
    /// The planning area as read from the `area` section.
    struct AreaSection {
        /// The districts of every area file (only those `names` lists, when given).
        var districts: [District] = []
        /// Whether the scenario names an area file (without one, demand points span the area).
        var named = false
    }

    /// `area` (required unless the demand is given as points): files of Polygon/MultiPolygon
    /// features, one district each, optionally narrowed to the districts `names` lists.
    static func loadArea(
        _ fields: JSONFields, files: LoadContext, _ diagnostics: inout Diagnostics, _ inputs: inout [InputFile]
    ) -> AreaSection {
        let hasPoints = fields.value["demand"]?["points"].map { $0 != .null } ?? false
        let refs = fileReferences(
            fields, "area", required: !hasPoints && files.purpose == .solve, defaultCRS: files.defaultCRS,
            folder: files.folder, extraKeys: ["names"], &diagnostics)
        var area = AreaSection(named: !refs.isEmpty)
        for ref in refs {
            let read = files.readDistricts(ref, &diagnostics, &inputs)
            if let names = ref.options?.value["names"], names != .null {
                guard let wanted = districtNames(names, ref: ref, fields: fields, &diagnostics) else { continue }
                for name in wanted where !read.contains(where: { $0.name == name }) {
                    diagnostics.error(
                        ref.displayName, nil, field: "name",
                        expected: "a district named '\(name)' (\(ref.field).names)",
                        found: "districts \(read.map { "'\($0.name)'" }.joined(separator: ", "))")
                }
                area.districts += read.filter { wanted.contains($0.name) }
            } else {
                area.districts += read
            }
        }
        return area
    }

    /// The `names` member of an area entry: a non-empty array of strings, or nil with an error.
    static func districtNames(
        _ names: JSONValue, ref: FileReference, fields: JSONFields, _ diagnostics: inout Diagnostics
    ) -> [String]? {
        guard case .array(let list) = names, list.allSatisfy({ $0.stringValue != nil }), !list.isEmpty else {
            diagnostics.error(
                fields.file, nil, field: "\(ref.field).names", expected: "a non-empty array of district names",
                found: describe(names))
            return nil
        }
        return list.compactMap(\.stringValue)
    }

    /// `exclusions` (optional): Polygon/MultiPolygon features no demand cell and no site may lie in.
    static func loadExclusions(
        _ fields: JSONFields, files: LoadContext, _ diagnostics: inout Diagnostics, _ inputs: inout [InputFile]
    ) -> [Exclusion] {
        var exclusions: [Exclusion] = []
        for ref in fileReferences(
            fields, "exclusions", required: false, defaultCRS: files.defaultCRS, folder: files.folder, &diagnostics)
        {
            guard
                let layer = files.readLayer(
                    ref, role: "Polygon or MultiPolygon features (exclusions)", &diagnostics, &inputs)
            else { continue }
            exclusions += polygonLayer(layer, file: ref.displayName, role: "exclusion", &diagnostics).map {
                Exclusion(name: $0.name, geometry: $0.geometry)
            }
        }
        return exclusions
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

    /// A feature of a polygon layer that passed the checks.
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
