import Foundation
import Geo
import Testing

/// Issue 16, item 6 (the test bed of `make bench-province`): `nrplan-bench generate-province` writes several
/// synthetic cities side by side as one valid scenario — deterministic, districts that do not overlap, land
/// between the cities, site ids unique across them.
@Suite("generate-province: synthetic cities side by side (end to end)")
struct ProvinceGeneratorTests {
    static func generate(cities: Int, seed: Int) throws -> URL {
        let folder = try CLI.temporaryFolder("province")
        let run = try CLI.run(
            ["generate-province", "--cities", String(cities), "--seed", String(seed), "--out", folder.path],
            binary: "nrplan-bench")
        #expect(run.status == 0, "generate-province failed: \(run.stderr)")
        return folder
    }

    static let files = [
        "area.geojson", "catalogue.geojson", "density.geojson", "exclusions.geojson", "existing-sites.geojson",
        "lamp-poles.geojson", "priority.geojson", "roads.geojson", "scenario-layers.json", "scenario.json",
    ]

    @Test("the same arguments write the same bytes; another seed another province")
    func deterministic() throws {
        let first = try Self.generate(cities: 3, seed: 5)
        let second = try Self.generate(cities: 3, seed: 5)
        let other = try Self.generate(cities: 3, seed: 6)
        defer { for folder in [first, second, other] { try? FileManager.default.removeItem(at: folder) } }
        #expect(try FileManager.default.contentsOfDirectory(atPath: first.path).sorted() == Self.files)
        var differing = 0
        for name in Self.files {
            let a = try Data(contentsOf: first.appendingPathComponent(name))
            #expect(a == (try Data(contentsOf: second.appendingPathComponent(name))), "\(name) differs between runs")
            if a != (try Data(contentsOf: other.appendingPathComponent(name))) { differing += 1 }
        }
        #expect(differing >= 5, "another seed changed only \(differing) files")
    }

    @Test("4 cities: 16 districts that never overlap, one piece per city, at least 2 km of land between cities")
    func layout() throws {
        let folder = try Self.generate(cities: 4, seed: 1)
        defer { try? FileManager.default.removeItem(at: folder) }
        let districts = try GeoJSONReader.read(contentsOf: folder.appendingPathComponent("area.geojson")).features
        #expect(districts.count == 16)
        let names = districts.compactMap { $0[property: "name"]?.stringValue }
        let codes = districts.compactMap { $0[property: "code"]?.stringValue }
        #expect(Set(names).count == 16 && Set(codes).count == 16, "names \(names), codes \(codes)")
        #expect(codes.allSatisfy { $0.count == 6 && $0.hasPrefix("98") })
        let projection = LocalProjection(centralMeridianDegrees: 113.30, originLatitudeDegrees: 23.12)
        let projected = districts.compactMap { $0.geometry.map(projection.project) }
        let context = GEOSContext()
        for i in projected.indices {
            for j in projected.indices where j > i {
                let overlapM2 = try projected[i].intersection(projected[j], in: context).area(in: context)
                #expect(overlapM2 < 1, "districts \(names[i]) and \(names[j]) overlap by \(overlapM2) m²")
            }
        }
        // Four districts per city, in city order: each city's union is one piece of 0.6–1.5 × the demo's area.
        var boxes: [BoundingBox] = []
        for city in 0..<4 {
            let union = try Geometry.unaryUnion(Array(projected[(4 * city)..<(4 * city + 4)]), in: context)
            #expect(union.polygons.count == 1, "city \(city + 1) is in \(union.polygons.count) pieces")
            let km2 = try union.area(in: context) / 1e6
            #expect(km2 > 0.6 * 120 && km2 < 1.5 * 120, "city \(city + 1): \(km2) km²")
            boxes.append(try #require(union.boundingBox))
        }
        for a in boxes.indices {
            for b in boxes.indices where b > a {
                let gapX = max(boxes[b].minX - boxes[a].maxX, boxes[a].minX - boxes[b].maxX)
                let gapY = max(boxes[b].minY - boxes[a].maxY, boxes[a].minY - boxes[b].maxY)
                #expect(max(gapX, gapY) >= 2_000, "cities \(a + 1) and \(b + 1) are \(max(gapX, gapY)) m apart")
            }
        }
    }

    @Test("site ids are unique across the cities and carry the city's prefix; nrplan validate accepts both scenarios")
    func sitesAndValidation() throws {
        let folder = try Self.generate(cities: 3, seed: 1)
        defer { try? FileManager.default.removeItem(at: folder) }
        var ids: [String] = []
        for name in ["catalogue.geojson", "lamp-poles.geojson", "existing-sites.geojson"] {
            let features = try GeoJSONReader.read(contentsOf: folder.appendingPathComponent(name)).features
            ids += features.compactMap { $0[property: "id"]?.stringValue }
        }
        #expect(ids.count > 3_000)
        #expect(Set(ids).count == ids.count, "duplicate site ids")
        #expect(ids.allSatisfy { $0.hasPrefix("C01-") || $0.hasPrefix("C02-") || $0.hasPrefix("C03-") })
        for prefix in ["C01-", "C02-", "C03-"] { #expect(ids.contains { $0.hasPrefix(prefix + "EX-") }) }
        for scenario in ["scenario.json", "scenario-layers.json"] {
            let run = try CLI.run(["validate", folder.appendingPathComponent(scenario).path])
            #expect(run.status == 0, "\(scenario): \(run.stderr)")
            #expect(run.stdout.contains("12 district(s)"), "\(run.stdout)")
        }
    }
}
