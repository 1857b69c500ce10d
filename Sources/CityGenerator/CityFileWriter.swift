import Foundation
import Geo
import Support

/// Writes synthetic cities as GeoJSON layers plus `scenario.json` (demand weighted by area) and
/// `scenario-layers.json` (weighted by population, with priority zones and land use) into a folder: every feature
/// unprojected to WGS-84 lon/lat and streamed through `GeoJSONWriter` (RFC 7946, atomic). One city (`generate-city`)
/// or several side by side in one scenario (`generate-province`): each layer holds the features of every city in
/// city order, each city unprojected from its own local plane, its site ids prefixed so they stay unique.
public struct CityFileWriter {
    /// One written file.
    public struct WrittenFile: Sendable {
        public let name: String
        public let features: Int
        public let bytes: Int
    }

    /// A city to write: its layers, the projection of its local plane and the prefix of its site ids.
    struct Member {
        let city: SyntheticCity
        let projection: LocalProjection
        let idPrefix: String
    }

    /// What the scenario files say about the whole job.
    struct ScenarioNames {
        let name: String
        let layeredName: String
    }

    let folder: URL
    let projection: LocalProjection

    /// A writer into `folder` (created if missing) for a city centred on `preset`'s centre.
    init(folder: URL, preset: CityPreset) throws {
        self.folder = folder
        projection = LocalProjection(
            centralMeridianDegrees: preset.centreLongitude, originLatitudeDegrees: preset.centreLatitude)
        var isFolder: ObjCBool = false
        if FileManager.default.fileExists(atPath: folder.path, isDirectory: &isFolder) {
            guard isFolder.boolValue else {
                throw CityGenerationError.output("\(folder.path): exists and is not a folder")
            }
        } else {
            do {
                try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            } catch {
                throw CityGenerationError.output("\(folder.path): cannot create folder: \(error.localizedDescription)")
            }
        }
    }

    /// Writes every layer and the scenario of one city; returns the files in writing order.
    func write(_ city: SyntheticCity) throws -> [WrittenFile] {
        try write(
            [Member(city: city, projection: projection, idPrefix: "")],
            names: ScenarioNames(name: city.preset.scenarioName, layeredName: city.preset.layeredScenarioName),
            seed: city.seed)
    }

    /// Writes every layer of `members` (in member order) and one scenario naming them; returns the files in
    /// writing order. Every member must have the same demand cell size.
    func write(_ members: [Member], names: ScenarioNames, seed: UInt64) throws -> [WrittenFile] {
        var files: [WrittenFile] = []
        files.append(
            try layer("area", members) { m in
                m.city.districts.indices.map { k in
                    let d = m.city.preset.districts[k]
                    return (
                        .polygon(m.city.districts[k]),
                        [
                            ("name", .string(d.name)), ("name_en", .string(d.nameEn)),
                            ("code", .string(d.code)), ("urban", .bool(d.urban)),
                        ]
                    )
                }
            })
        files.append(
            try layer("density", members) { m in
                let mesh = m.city.partition.mesh
                return m.city.partition.cityCells.map { cell in
                    (
                        .polygon(mesh.polygon(column: cell % mesh.columns, row: cell / mesh.columns)),
                        [
                            ("pop_per_km2", .number(m.city.density.densityPerKm2[cell])),
                            ("landuse", .string(m.city.density.landUse[cell].name)),
                        ]
                    )
                }
            })
        files.append(
            try layer("exclusions", members) { m in
                m.city.exclusions.map { e in
                    (
                        e.geometry,
                        [("name", .string(e.name)), ("name_en", .string(e.nameEn)), ("kind", .string(e.kind.rawValue))]
                    )
                }
            })
        files.append(
            try layer("roads", members) { m in
                m.city.roads.map { r in
                    (
                        .lineString(r.points),
                        [
                            ("name", .string(r.name)), ("name_en", .string(r.nameEn)),
                            ("class", .string(r.roadClass.rawValue)),
                        ]
                    )
                }
            })
        files.append(
            try layer("catalogue", members) { m in
                m.city.catalogue.map { (.point($0.position), Self.prefixed($0.properties, m.idPrefix)) }
            })
        files.append(
            try layer("lamp-poles", members) { m in
                m.city.lampPoles.map { (.point($0.position), Self.prefixed($0.properties, m.idPrefix)) }
            })
        files.append(
            try layer("existing-sites", members) { m in
                m.city.existingSites.map { (.point($0.position), Self.prefixed($0.properties, m.idPrefix)) }
            })
        files.append(try layer("priority", members) { m in m.city.priorityZones.map { ($0.geometry, $0.properties) } })
        let cellMeters = members.first?.city.preset.demandCellMeters ?? 50
        files.append(try scenario(names: names, seed: seed, cellMeters: cellMeters, layered: false))
        files.append(try scenario(names: names, seed: seed, cellMeters: cellMeters, layered: true))
        return files
    }

    /// `properties` with `prefix` in front of the `id` (unchanged when the prefix is empty).
    private static func prefixed(
        _ properties: [(key: String, value: JSONValue)], _ prefix: String
    ) -> [(key: String, value: JSONValue)] {
        guard !prefix.isEmpty else { return properties }
        return properties.map { property in
            if property.key == "id", case .string(let id) = property.value { return ("id", .string(prefix + id)) }
            return property
        }
    }

    /// Streams one FeatureCollection `<name>.geojson`: the features `features` makes of each member, in member
    /// order, each unprojected with its member's projection.
    private func layer(
        _ name: String, _ members: [Member],
        _ features: (Member) -> [(Geometry, [(key: String, value: JSONValue)])]
    ) throws -> WrittenFile {
        let url = folder.appendingPathComponent(name + ".geojson")
        let writer = try GeoJSONWriter(url: url, name: name)
        do {
            for member in members {
                for (geometry, properties) in features(member) {
                    try writer.write(geometry: member.projection.unproject(geometry), properties: properties)
                }
            }
            try writer.finish()
        } catch {
            writer.discard()
            throw error
        }
        return WrittenFile(name: url.lastPathComponent, features: writer.featureCount, bytes: try size(of: url))
    }

    /// `scenario.json`: the inputs by relative name, in the schema the Planning loader reads, every
    /// cell weighted by its area. `scenario-layers.json` (`layered`): the same job with the
    /// generated layers used as they are — `density.geojson` weights cells by `pop_per_km2` and
    /// gives each its land use (clutter), `priority.geojson` raises the weight of private-network
    /// zones and makes the `must_cover` ones mandatory.
    private func scenario(names: ScenarioNames, seed: UInt64, cellMeters: Double, layered: Bool) throws -> WrittenFile {
        var demand: [(key: String, value: JSONValue)] = [("cell_m", .number(cellMeters))]
        var header: [(key: String, value: JSONValue)] = [
            ("name", .string(layered ? names.layeredName : names.name))
        ]
        if layered {
            header.append(
                (
                    "description",
                    .string(
                        "scenario.json plus the generated demand, priority and clutter layers, used as they are: density.geojson weights cells by "
                            + "pop_per_km2 and gives each its land use; priority.geojson multiplies the weight of private-network zones and makes "
                            + "the must_cover ones mandatory.")
                ))
            demand.append(
                (
                    "layers",
                    .array([.object([("file", .string("density.geojson")), ("property", .string("pop_per_km2"))])])
                ))
            demand.append(("priority", .array([.object([("file", .string("priority.geojson"))])])))
            demand.append(
                (
                    "clutter",
                    .object([
                        ("file", .string("density.geojson")),
                        ("property", .string("landuse")),
                        (
                            "classes",
                            .object([
                                ("dense_urban", .object([("indoor", .string("low-loss"))])),
                                ("urban", .null),
                                ("suburban", .object([("los", .string("prob"))])),
                                ("industrial", .object([("los", .string("prob"))])),
                                ("rural", .object([("model", .string("rma")), ("los", .string("prob"))])),
                            ])
                        ),
                    ])
                ))
        }
        let value = JSONValue.object(
            header + [
                ("area", .string("area.geojson")),
                ("candidates", .array([.string("catalogue.geojson"), .string("lamp-poles.geojson")])),
                ("existing", .string("existing-sites.geojson")),
                ("exclusions", .array([.string("exclusions.geojson")])),
                ("demand", .object(demand)),
                ("radio", .object([("rsrp_threshold_dbm", .number(-110)), ("edge_reliability", .number(0.75))])),
                ("objective", .object([("type", .string("min_cost")), ("coverage_target", .number(0.95))])),
                ("seed", .number(JSONNumber(value: Double(seed), literal: String(seed)))),
            ])
        let url = folder.appendingPathComponent(layered ? "scenario-layers.json" : "scenario.json")
        try OutputFile.write(JSONWriter.string(value, indent: 2) + "\n", to: url)
        return WrittenFile(name: url.lastPathComponent, features: 0, bytes: try size(of: url))
    }

    private func size(of url: URL) throws -> Int {
        let attributes = try FileManager.default.attributesOfItem(atPath: url.path)
        return (attributes[.size] as? NSNumber)?.intValue ?? 0
    }
}
