import Foundation
import Geo
import Support

/// A polygon input file (area, exclusions, demand layers, priority zones, clutter) read once as raw
/// JSON, with the box of every feature in the global plane, so each tile gets a copy holding the
/// features that reach it — unmodified (same members, same number literals) and in the original
/// order, since "first district" and "first density polygon" rules depend on it.
struct RawLayer {
    let root: JSONValue
    /// The features of a FeatureCollection, or nil for a file holding one Feature or a bare
    /// geometry (copied whole).
    let features: [JSONValue]?
    /// Per feature: its coordinates' box in local metres (nil: no coordinates, e.g. a null geometry).
    let boxes: [BoundingBox?]

    /// Parses `data`; coordinates are taken in `crs` (converted to WGS-84 as the loader does) and
    /// projected with `projection`.
    init(data: Data, file: String, crs: CoordinateSystem, projection: LocalProjection) throws(PlanningError) {
        do {
            root = try JSONParser.parse(data)
        } catch {
            throw .invalidInput([Problem(syntaxError: error, file: file)])
        }
        if root["type"]?.stringValue == "FeatureCollection", let list = root["features"]?.arrayValue {
            features = list
            boxes = list.map { Self.box(of: $0["geometry"], crs: crs, projection: projection) }
        } else {
            features = nil
            boxes = []
        }
    }

    /// The file with the features whose box meets `box` (and those without coordinates), as
    /// compact JSON; `kept` counts the features copied.
    func filtered(to box: BoundingBox) -> (data: Data, kept: [Int]) {
        guard let features, case .object(let members) = root else {
            return (Data(JSONWriter.string(root).utf8), [])
        }
        var kept: [Int] = []
        for (k, b) in boxes.enumerated() where b.map({ $0.intersects(box) }) ?? true { kept.append(k) }
        let list = JSONValue.array(kept.map { features[$0] })
        let copy = JSONValue.object(members.map { $0.key == "features" ? ($0.key, list) : $0 })
        return (Data(JSONWriter.string(copy).utf8), kept)
    }

    /// The box of a raw GeoJSON geometry in local metres.
    static func box(of geometry: JSONValue?, crs: CoordinateSystem, projection: LocalProjection) -> BoundingBox? {
        var box: BoundingBox?
        func visit(_ value: JSONValue) {
            guard let list = value.arrayValue else { return }
            if list.count >= 2, let x = list[0].doubleValue, let y = list[1].doubleValue {
                let p = projection.project(crs.toWGS84(Coordinate(x: x, y: y)))
                if box == nil { box = BoundingBox(minX: p.x, minY: p.y, maxX: p.x, maxY: p.y) } else { box!.include(p) }
                return
            }
            for element in list { visit(element) }
        }
        guard let geometry else { return nil }
        if let coordinates = geometry["coordinates"] { visit(coordinates) }
        for member in geometry["geometries"]?.arrayValue ?? [] {
            if let b = RawLayer.box(of: member, crs: crs, projection: projection) {
                if box == nil { box = b } else { box!.include(b) }
            }
        }
        return box
    }
}

/// Site files of a tile: the loaded sites written back as GeoJSON points in WGS-84 (whatever the
/// input's format or coordinate system), coordinates in their shortest round-trip form and every
/// property as it was, so the tile's loader reads exactly the same `Site` values.
enum TileSiteFile {
    static func data(_ sites: [Site]) -> Data {
        let features: [JSONValue] = sites.map { site in
            var members: [(key: String, value: JSONValue)] = [("type", .string("Feature"))]
            if !site.properties.contains(where: { $0.key == "id" }) { members.append(("id", .string(site.id))) }
            members.append(
                (
                    "geometry",
                    .object([
                        ("type", .string("Point")),
                        ("coordinates", .array([.number(site.location.x), .number(site.location.y)])),
                    ])
                ))
            members.append(("properties", .object(site.properties)))
            return .object(members)
        }
        let root = JSONValue.object([("type", .string("FeatureCollection")), ("features", .array(features))])
        return Data(JSONWriter.string(root).utf8)
    }
}
