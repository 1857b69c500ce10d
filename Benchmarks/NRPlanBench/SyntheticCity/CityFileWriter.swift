import Foundation
import Geo
import Support

/// Writes a `SyntheticCity` as GeoJSON layers plus `scenario.json` (demand weighted by area) and
/// `scenario-layers.json` (weighted by population, with priority zones and land use) into a folder: every feature
/// unprojected to WGS-84 lon/lat and streamed through `GeoJSONWriter` (RFC 7946, atomic).
struct CityFileWriter {
    /// One written file.
    struct WrittenFile {
        let name: String
        let features: Int
        let bytes: Int
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

    /// Writes every layer and the scenario; returns the files in writing order.
    func write(_ city: SyntheticCity) throws -> [WrittenFile] {
        var files: [WrittenFile] = []
        files.append(
            try layer("area", city.districts.indices) { k in
                let d = city.preset.districts[k]
                return (
                    .polygon(city.districts[k]),
                    [
                        ("name", .string(d.name)), ("name_en", .string(d.nameEn)),
                        ("code", .string(d.code)), ("urban", .bool(d.urban)),
                    ]
                )
            })
        let mesh = city.partition.mesh
        files.append(
            try layer("density", city.partition.cityCells) { cell in
                (
                    .polygon(mesh.polygon(column: cell % mesh.columns, row: cell / mesh.columns)),
                    [
                        ("pop_per_km2", .number(city.density.densityPerKm2[cell])),
                        ("landuse", .string(city.density.landUse[cell].name)),
                    ]
                )
            })
        files.append(
            try layer("exclusions", city.exclusions) { e in
                (
                    e.geometry,
                    [("name", .string(e.name)), ("name_en", .string(e.nameEn)), ("kind", .string(e.kind.rawValue))]
                )
            })
        files.append(
            try layer("roads", city.roads) { r in
                (
                    .lineString(r.points),
                    [
                        ("name", .string(r.name)), ("name_en", .string(r.nameEn)),
                        ("class", .string(r.roadClass.rawValue)),
                    ]
                )
            })
        files.append(try layer("catalogue", city.catalogue) { (.point($0.position), $0.properties) })
        files.append(try layer("lamp-poles", city.lampPoles) { (.point($0.position), $0.properties) })
        files.append(try layer("existing-sites", city.existingSites) { (.point($0.position), $0.properties) })
        files.append(try layer("priority", city.priorityZones) { ($0.geometry, $0.properties) })
        files.append(try scenario(city, layered: false))
        files.append(try scenario(city, layered: true))
        return files
    }

    /// Streams one FeatureCollection `<name>.geojson` with one feature per item.
    private func layer<Items: Sequence>(
        _ name: String, _ items: Items,
        _ feature: (Items.Element) -> (Geometry, [(key: String, value: JSONValue)])
    ) throws -> WrittenFile {
        let url = folder.appendingPathComponent(name + ".geojson")
        let writer = try GeoJSONWriter(url: url, name: name)
        do {
            for item in items {
                let (geometry, properties) = feature(item)
                try writer.write(geometry: projection.unproject(geometry), properties: properties)
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
    private func scenario(_ city: SyntheticCity, layered: Bool) throws -> WrittenFile {
        var demand: [(key: String, value: JSONValue)] = [("cell_m", .number(city.preset.demandCellMeters))]
        var header: [(key: String, value: JSONValue)] = [
            ("name", .string(layered ? city.preset.layeredScenarioName : city.preset.scenarioName))
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
                ("seed", .number(JSONNumber(value: Double(city.seed), literal: String(city.seed)))),
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
