import Foundation
import Geo
import Support

/// The files a scenario names, found where the loader finds them (`area`, `exclusions`,
/// `demand.layers`, `demand.priority`, `demand.clutter`, `candidates`, `existing`), and the tile
/// scenario that names a tile's copies instead: the same members in the same order, every other
/// setting untouched.
struct ScenarioFiles {
    /// A polygon file reference, in the order the scenario names them.
    struct PolygonFile {
        enum Role: Hashable { case area, exclusions, layer, priority, clutter }
        let role: Role
        let reference: ScenarioLoader.FileReference
        /// Area entries: the `names` member (districts kept from the file), if any.
        let names: [String]?
    }

    let root: JSONValue
    let polygons: [PolygonFile]

    /// The references of a loaded scenario's JSON (`file` as messages name the scenario).
    init(root: JSONValue, file: String) {
        self.root = root
        var d = Diagnostics()
        let fields = JSONFields(root, file: file)
        let crs = ScenarioLoader.defaultCRS(fields, &d)
        var list: [PolygonFile] = []
        func add(_ role: PolygonFile.Role, _ refs: [ScenarioLoader.FileReference]) {
            for ref in refs {
                let names = ref.options?.value["names"]?.arrayValue?.compactMap(\.stringValue)
                list.append(PolygonFile(role: role, reference: ref, names: names))
            }
        }
        add(
            .area,
            ScenarioLoader.fileReferences(fields, "area", required: false, defaultCRS: crs, extraKeys: ["names"], &d))
        add(.exclusions, ScenarioLoader.fileReferences(fields, "exclusions", required: false, defaultCRS: crs, &d))
        if let demand = fields.object("demand", &d) {
            for (key, role) in [("layers", PolygonFile.Role.layer), ("priority", .priority), ("clutter", .clutter)] {
                let refs = ScenarioLoader.entries(demand, key, &d).compactMap { value, field in
                    ScenarioLoader.fileReference(
                        value, field: field, scenarioFile: file, defaultCRS: crs,
                        extraKeys: ["property", "weight_property", "default", "weight", "must_cover", "classes"], &d)
                }
                add(role, refs)
            }
        }
        polygons = list
    }

    /// The tile's scenario: `paths[k]` names polygon file k's copy (nil: drop the reference, an
    /// area file none of whose districts reach the tile), `areaNames[k]` its narrowed `names`; the
    /// site files become one candidates and one existing file (WGS-84 GeoJSON).
    func tileScenario(
        name: String, paths: [String?], areaNames: [[String]?], candidates: String, existing: String?
    ) -> JSONValue {
        // The scenario's members may come in any order: count references per role.
        var seen: [PolygonFile.Role: Int] = [:]
        func rewrite(_ value: JSONValue, _ role: PolygonFile.Role) -> JSONValue? {
            let ordinal = seen[role, default: 0]
            seen[role] = ordinal + 1
            let next = polygons.indices.filter { polygons[$0].role == role }[ordinal]
            guard let path = paths[next] else { return nil }
            switch value {
            case .object(let members):
                var copy: [(key: String, value: JSONValue)] = members.map {
                    $0.key == "file" ? ($0.key, JSONValue.string(path)) : $0
                }
                if let names = areaNames[next] {
                    copy = copy.map { $0.key == "names" ? ($0.key, .array(names.map { .string($0) })) : $0 }
                }
                return .object(copy)
            default:
                return .string(path)
            }
        }
        func rewriteList(_ value: JSONValue, _ role: PolygonFile.Role) -> JSONValue {
            if value == .null { return .null }
            if case .array(let list) = value { return .array(list.compactMap { rewrite($0, role) }) }
            return rewrite(value, role) ?? .array([])
        }
        func siteReference(_ path: String) -> JSONValue {
            .object([("file", .string(path)), ("crs", .string(CoordinateSystem.wgs84.rawValue))])
        }
        var members: [(key: String, value: JSONValue)] = []
        for member in root.objectMembers ?? [] {
            switch member.key {
            case "name": members.append((member.key, .string(name)))
            case "area": members.append((member.key, rewriteList(member.value, .area)))
            case "exclusions": members.append((member.key, rewriteList(member.value, .exclusions)))
            case "candidates": members.append((member.key, siteReference(candidates)))
            case "existing":
                if let existing { members.append((member.key, siteReference(existing))) }
            case "demand":
                var demand: [(key: String, value: JSONValue)] = []
                for item in member.value.objectMembers ?? [] {
                    switch item.key {
                    case "layers": demand.append((item.key, rewriteList(item.value, .layer)))
                    case "priority": demand.append((item.key, rewriteList(item.value, .priority)))
                    case "clutter":
                        demand.append((item.key, item.value == .null ? .null : rewrite(item.value, .clutter) ?? .null))
                    default: demand.append(item)
                    }
                }
                members.append((member.key, .object(demand)))
            default:
                members.append(member)
            }
        }
        if !members.contains(where: { $0.key == "name" }) { members.insert(("name", .string(name)), at: 0) }
        return .object(members)
    }
}
