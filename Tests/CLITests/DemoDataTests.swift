import Foundation
import Geo
import Testing

/// End-to-end tests of the committed synthetic demo (`geodata/demo/`): they run the built
/// `nrplan-bench generate-city --preset demo` (build it first, e.g. `swift build`), check that it
/// reproduces the committed files byte for byte and that two runs agree, then check the demo's
/// geography with Geo (area, districts, exclusions, catalogue).
@Suite("geodata/demo: synthetic demo city (end to end)")
struct DemoDataTests {
    /// The files `generate-city` writes, all committed in `geodata/demo/`.
    private static let generatedFiles = [
        "area.geojson", "catalogue.geojson", "density.geojson", "exclusions.geojson", "existing-sites.geojson",
        "lamp-poles.geojson", "priority.geojson", "roads.geojson", "scenario-layers.json", "scenario.json",
    ]

    /// The committed demo folder (`geodata/demo` of the repository).
    private static var demoDataCommittedFolder: URL { CLI.repositoryRoot.appendingPathComponent("geodata/demo") }

    /// Runs `nrplan-bench arguments…`; returns the exit status and stderr.
    private static func demoDataRunBench(_ arguments: [String]) throws -> (status: Int32, stderr: String) {
        let run = try CLI.run(arguments, binary: "nrplan-bench")
        return (run.status, run.stderr)
    }

    /// Generates the demo into a new temporary folder (removed by the caller).
    private static func demoDataGenerate(seed: Int? = nil) throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("nrplan-demo-\(UUID().uuidString)")
        var arguments = ["generate-city", "--preset", "demo", "--out", folder.path]
        if let seed { arguments += ["--seed", String(seed)] }
        let run = try demoDataRunBench(arguments)
        #expect(run.status == 0, "generate-city failed: \(run.stderr)")
        return folder
    }

    private static func demoDataFeatures(_ name: String) throws -> [Feature] {
        try GeoJSONReader.read(contentsOf: demoDataCommittedFolder.appendingPathComponent(name)).features
    }

    @Test("generate-city --preset demo reproduces geodata/demo byte for byte")
    func generatedDemoMatchesCommittedFiles() throws {
        let folder = try Self.demoDataGenerate()
        defer { try? FileManager.default.removeItem(at: folder) }
        let written = try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
        #expect(written == Self.generatedFiles)
        for name in Self.generatedFiles {
            let fresh = try Data(contentsOf: folder.appendingPathComponent(name))
            let committed = try Data(contentsOf: Self.demoDataCommittedFolder.appendingPathComponent(name))
            #expect(fresh == committed, "\(name) differs from geodata/demo (run `make demo-data` and review the diff)")
        }
    }

    @Test("two runs with the same seed write identical bytes; another seed writes another city")
    func generationIsRepeatable() throws {
        let first = try Self.demoDataGenerate(seed: 7)
        let second = try Self.demoDataGenerate(seed: 7)
        let other = try Self.demoDataGenerate(seed: 8)
        defer { for folder in [first, second, other] { try? FileManager.default.removeItem(at: folder) } }
        for name in Self.generatedFiles {
            let a = try Data(contentsOf: first.appendingPathComponent(name))
            let b = try Data(contentsOf: second.appendingPathComponent(name))
            #expect(!a.isEmpty && a == b, "\(name) differs between two runs with seed 7")
        }
        let catalogueA = try Data(contentsOf: first.appendingPathComponent("catalogue.geojson"))
        let catalogueOther = try Data(contentsOf: other.appendingPathComponent("catalogue.geojson"))
        #expect(catalogueA != catalogueOther, "seed 8 gave the same catalogue as seed 7")
    }

    @Test(
        "bad usage exits 2",
        arguments: [
            ["generate-city"], ["generate-city", "--preset", "atlantis", "--out", "x"],
            ["generate-city", "--preset", "demo"],
            ["generate-city", "--preset", "demo", "--seed", "-3", "--out", "x"],
            ["generate-city", "--preset", "demo", "--out", "x", "--bogus"],
        ])
    func badUsage(arguments: [String]) throws {
        let run = try Self.demoDataRunBench(arguments)
        #expect(run.status == 2)
        #expect(run.stderr.contains("USAGE: nrplan-bench generate-city"))
    }

    @Test("every committed file is under 1 MB and scenario.json names the committed layers")
    func filesAreSmallAndReferenced() throws {
        for name in Self.generatedFiles {
            let size = try Data(contentsOf: Self.demoDataCommittedFolder.appendingPathComponent(name)).count
            #expect(size > 0 && size < 1_000_000, "\(name) is \(size) bytes")
        }
        let scenario = try #require(
            JSONSerialization.jsonObject(
                with: Data(
                    contentsOf: Self.demoDataCommittedFolder
                        .appendingPathComponent("scenario.json"))) as? [String: Any])
        #expect(
            Set(scenario.keys) == [
                "name", "area", "candidates", "existing", "exclusions", "demand", "radio", "objective", "seed",
            ])
        #expect((scenario["name"] as? String)?.contains("synthetic") == true)
        var referenced = [scenario["area"] as? String, scenario["existing"] as? String]
        referenced += (scenario["candidates"] as? [String] ?? []) + (scenario["exclusions"] as? [String] ?? [])
        for name in referenced {
            let name = try #require(name)
            #expect(
                FileManager.default.fileExists(atPath: Self.demoDataCommittedFolder.appendingPathComponent(name).path))
        }
        // scenario-layers.json: the same job, plus the density layer (weights and clutter) and the priority zones.
        let layered = try #require(
            JSONSerialization.jsonObject(
                with: Data(
                    contentsOf: Self.demoDataCommittedFolder
                        .appendingPathComponent("scenario-layers.json"))) as? [String: Any])
        for key in ["area", "candidates", "existing", "exclusions", "radio", "objective", "seed"] {
            #expect(
                (layered[key] as? NSObject) == (scenario[key] as? NSObject),
                "scenario-layers.json differs from scenario.json in \(key)")
        }
        let demand = try #require(layered["demand"] as? [String: Any])
        let layers = (demand["layers"] as? [[String: Any]] ?? []).compactMap { $0["file"] as? String }
        let priority = (demand["priority"] as? [[String: Any]] ?? []).compactMap { $0["file"] as? String }
        let clutter = (demand["clutter"] as? [String: Any])?["file"] as? String
        #expect(layers == ["density.geojson"] && priority == ["priority.geojson"] && clutter == "density.geojson")
    }

    @Test("the districts tile about 100–150 km² without overlapping")
    func districtsTileTheArea() throws {
        let districts = try Self.demoDataFeatures("area.geojson")
        #expect(districts.count >= 3)
        let projection = LocalProjection(centralMeridianDegrees: 113.30, originLatitudeDegrees: 23.12)
        let projected = districts.compactMap { $0.geometry.map(projection.project) }
        #expect(projected.count == districts.count)
        let context = GEOSContext()
        var areaKm2 = 0.0
        for district in projected { areaKm2 += try district.area(in: context) / 1e6 }
        #expect(areaKm2 > 100 && areaKm2 < 150, "area \(areaKm2) km²")
        for i in projected.indices {
            #expect(try projected[i].validity(in: context).isValid)
            for j in projected.indices where j > i {
                let overlapM2 = try projected[i].intersection(projected[j], in: context).area(in: context)
                #expect(overlapM2 < 1, "districts \(i) and \(j) overlap by \(overlapM2) m²")
            }
        }
        // Tiling: the union is one polygon whose area is the sum of the parts.
        let union = try Geometry.unaryUnion(projected, in: context)
        #expect(union.polygons.count == 1)
        #expect(abs(try union.area(in: context) / 1e6 - areaKm2) < 0.01)
        for district in districts {
            #expect(district[property: "name"]?.stringValue?.isEmpty == false)
            #expect(district[property: "name_en"]?.stringValue?.isEmpty == false)
            #expect(district[property: "code"]?.stringValue?.isEmpty == false)
        }
    }

    @Test("the river crosses the area: the area minus the water falls apart into large pieces")
    func riverCrossesTheArea() throws {
        let projection = LocalProjection(centralMeridianDegrees: 113.30, originLatitudeDegrees: 23.12)
        let context = GEOSContext()
        let area = try Geometry.unaryUnion(
            try Self.demoDataFeatures("area.geojson").compactMap { $0.geometry.map(projection.project) }, in: context)
        let exclusions = try Self.demoDataFeatures("exclusions.geojson")
        let water = exclusions.filter { $0[property: "kind"]?.stringValue == "water" }.compactMap {
            $0.geometry.map(projection.project)
        }
        #expect(!water.isEmpty)
        #expect(exclusions.contains { $0[property: "kind"]?.stringValue == "park" })
        let land = try area.difference(Geometry.unaryUnion(water, in: context), in: context)
        let largePieces = try land.polygons.filter { try Geometry.polygon($0).area(in: context) > 10e6 }
        #expect(largePieces.count >= 2, "the water leaves \(largePieces.count) piece(s) over 10 km²")
    }

    @Test("catalogue: unique ids, documented properties, no site in water, only park offices in parks")
    func catalogueIsConsistent() throws {
        let catalogue = try Self.demoDataFeatures("catalogue.geojson")
        let poles = try Self.demoDataFeatures("lamp-poles.geojson")
        #expect(catalogue.count >= 300 && catalogue.count <= 500)
        #expect(poles.count >= 1_000 && poles.count <= 2_000)
        let ids = (catalogue + poles).compactMap { $0[property: "id"]?.stringValue }
        #expect(ids.count == catalogue.count + poles.count)
        #expect(Set(ids).count == ids.count, "duplicate ids")
        #expect(
            catalogue.allSatisfy {
                $0.properties.map(\.key) == [
                    "id", "name", "name_en", "kind", "owner", "height_m", "cost", "status", "power", "category",
                ]
            })
        #expect(catalogue.allSatisfy { ["rooftop", "tower"].contains($0[property: "kind"]?.stringValue ?? "") })
        #expect(poles.allSatisfy { $0[property: "kind"]?.stringValue == "lamp_pole" })
        #expect(
            (catalogue + poles).allSatisfy {
                ["open", "reserved", "unavailable"].contains($0[property: "status"]?.stringValue ?? "")
            })
        #expect(
            (catalogue + poles).allSatisfy {
                ["direct", "transfer"].contains($0[property: "power"]?.stringValue ?? "")
            })
        #expect(
            poles.allSatisfy {
                ($0[property: "height_m"]?.doubleValue ?? 0) >= 6 && ($0[property: "height_m"]?.doubleValue ?? 99) <= 12
            })

        let context = GEOSContext()
        let exclusions = try Self.demoDataFeatures("exclusions.geojson")
        var inPark = 0
        for exclusion in exclusions {
            let geometry = try #require(exclusion.geometry)
            let prepared = try PreparedGeometry(geometry, in: context)
            let isPark = exclusion[property: "kind"]?.stringValue == "park"
            for site in catalogue + poles {
                guard case .point(let p)? = site.geometry, try prepared.intersects(p) else { continue }
                #expect(
                    isPark && site[property: "category"]?.stringValue == "park_management",
                    "\(site[property: "id"]?.stringValue ?? "?") lies in \(exclusion[property: "name"]?.stringValue ?? "?")"
                )
                inPark += 1
            }
        }
        #expect(inPark >= 1 && inPark <= 10, "\(inPark) catalogue sites in parks")
    }
}
