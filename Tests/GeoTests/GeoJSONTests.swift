import Foundation
import Support
import Testing

@testable import Geo

@Suite("GeoJSON reading and writing")
struct GeoJSONTests {
    func parse(_ text: String, check: GeoJSONReader.CoordinateCheck = .wgs84) throws(GeoError) -> GeoJSONReader.Result {
        try GeoJSONReader.parse(data: Data(text.utf8), file: "sites.geojson", check: check)
    }

    @Test("features keep properties in order, ids and geometry")
    func readsFeatures() throws {
        let result = try parse(
            """
            {"type":"FeatureCollection","features":[
              {"type":"Feature","id":7,"geometry":{"type":"Point","coordinates":[113.3,23.1]},"properties":{"name":"天河区政府","height_m":30,"x":null}},
              {"type":"Feature","geometry":null,"properties":null}
            ]}
            """)
        #expect(result.features.count == 2)
        #expect(result.features[0].properties.map(\.key) == ["name", "height_m", "x"])
        #expect(result.features[0][property: "name"]?.stringValue == "天河区政府")
        #expect(result.features[0].id == .number(7))
        #expect(result.features[0].geometry == .point(Coordinate(x: 113.3, y: 23.1)))
        #expect(result.features[1].geometry == nil)
    }

    @Test(
        "invalid GeoJSON names the file, the feature and the field",
        arguments: [
            (
                #"{"type":"FeatureCollection","features":[{"type":"Feature","geometry":{"type":"Point","coordinates":[1,2]},"properties":{}},{"type":"Feature","geometry":{"type":"Circle","coordinates":[1,2]},"properties":{}}]}"#,
                "feature 1", "geometry.type"
            ),
            (
                #"{"type":"FeatureCollection","features":[{"type":"Feature","geometry":{"type":"Point","coordinates":["a",2]},"properties":{}}]}"#,
                "feature 0", "geometry.coordinates"
            ),
            (
                #"{"type":"FeatureCollection","features":[{"type":"Feature","geometry":{"type":"Point","coordinates":[23.1,113.3]},"properties":{}}]}"#,
                "feature 0", "geometry.coordinates"
            ),
            (
                #"{"type":"FeatureCollection","features":[{"type":"Feature","geometry":{"type":"Polygon","coordinates":[[[0,0],[1,0],[0,0]]]},"properties":{}}]}"#,
                "feature 0", "geometry.coordinates[0]"
            ),
            (
                #"{"type":"FeatureCollection","features":[{"type":"Feature","geometry":{"type":"Point","coordinates":[1,2]},"properties":[1]}]}"#,
                "feature 0", "properties"
            ),
            (#"{"type":"FeatureCollection"}"#, "top level", "features"),
        ])
    func invalid(text: String, location: String, field: String) {
        do {
            _ = try parse(text)
            Issue.record("expected an error")
        } catch {
            guard case .geoJSON(let file, let loc, let f, _, _) = error else {
                Issue.record("wrong error: \(error)")
                return
            }
            #expect(file == "sites.geojson")
            #expect(loc == location)
            #expect(f == field)
            #expect(error.description.hasPrefix("sites.geojson: \(location): field '\(field)'"))
        }
    }

    @Test("swapped latitude/longitude is named as such")
    func swapped() {
        do {
            _ = try parse(#"{"type":"Feature","geometry":{"type":"Point","coordinates":[23.1,113.3]},"properties":{}}"#)
            Issue.record("expected an error")
        } catch {
            #expect(error.description.contains("swapped"))
        }
        // Planar inputs skip the range check.
        #expect((try? parse(#"{"type":"Point","coordinates":[500000,2500000]}"#, check: .none)) != nil)
    }

    @Test("malformed JSON reports line and column")
    func malformed() {
        do {
            _ = try parse("{\"type\": \"FeatureCollection\",\n \"features\": [,]}")
            Issue.record("expected an error")
        } catch {
            #expect(error == .json(file: "sites.geojson", line: 2, column: 15, message: "expected a value, found ','"))
        }
    }

    @Test("writer: RFC 7946 orientation, ≤ 7 decimals, no crs, atomic, and it reads back")
    func writer() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("geo-writer-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let url = folder.appendingPathComponent("out.geojson")
        let writer = try GeoJSONWriter(url: url, name: "out")
        // Exterior given clockwise, hole counter-clockwise: the writer must flip both.
        let exterior = [
            Coordinate(x: 0, y: 0), Coordinate(x: 0, y: 1), Coordinate(x: 1, y: 1), Coordinate(x: 1, y: 0),
            Coordinate(x: 0, y: 0),
        ]
        let hole = [
            Coordinate(x: 0.2, y: 0.2), Coordinate(x: 0.4, y: 0.2), Coordinate(x: 0.4, y: 0.4),
            Coordinate(x: 0.2, y: 0.2),
        ]
        try writer.write(
            geometry: .polygon(Polygon(exterior: exterior, holes: [hole])),
            properties: [("name", .string("珠江")), ("v", .number(1.5))])
        try writer.write(geometry: .point(Coordinate(x: 113.123456789, y: -0.00000004)), properties: [])
        #expect(!FileManager.default.fileExists(atPath: url.path)) // not there before finish()
        try writer.finish()
        let text = try String(contentsOf: url, encoding: .utf8)
        #expect(!text.contains("crs"))
        #expect(text.contains("[113.1234568,0]"))
        let back = try GeoJSONReader.read(contentsOf: url)
        #expect(back.features.count == 2)
        let polygon = back.features[0].geometry!.polygons[0]
        #expect(Ring.signedArea(polygon.exterior) > 0)
        #expect(Ring.signedArea(polygon.holes[0]) < 0)
        #expect(back.features[0][property: "name"]?.stringValue == "珠江")
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["out.geojson"])
    }

    @Test("a discarded output leaves nothing behind")
    func discard() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("geo-discard-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        do {
            let writer = try GeoJSONWriter(url: folder.appendingPathComponent("x.geojson"))
            try writer.write(geometry: .point(Coordinate(x: 1, y: 1)), properties: [])
            #expect(OutputRegistry.shared.inFlight.contains { $0.hasPrefix(folder.path) })
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).isEmpty)
    }
}
