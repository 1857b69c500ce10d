import Foundation
import Geo
import Testing

@testable import Planning
@testable import Reporting

/// Every file `solve` and `audit` write, for small hand-made plans (`GoldenPlans`), against the
/// committed golden files in `Golden/` (`GoldenFile`: how to regenerate them). summary.json is
/// compared with its one wall-clock figure (the write stage) masked; map.svg through its outline
/// (`SVGOutline`). Every GeoJSON file is also checked against RFC 7946.
@Suite("Reporting writers against golden files")
struct WriterGoldenTests {
    /// The write stage's time in summary.json, the one figure measured while writing.
    static var writeTime: Regex<Substring> { #/"write": [-0-9.eE+]+/# }

    /// The files in `folder`, by name.
    static func files(in folder: URL) throws -> [String: Data] {
        var files: [String: Data] = [:]
        for name in try FileManager.default.contentsOfDirectory(atPath: folder.path) {
            files[name] = try Data(contentsOf: folder.appendingPathComponent(name))
        }
        return files
    }

    /// Checks each written file against `Golden/<set>/<name>` (summary.json masked, map.svg as its
    /// outline, GeoJSON also against RFC 7946).
    static func checkAgainstGolden(
        _ folder: URL, set: String, names: [String], sourceLocation: SourceLocation = #_sourceLocation
    ) throws {
        let files = try files(in: folder)
        #expect(Set(files.keys) == Set(names), "written: \(files.keys.sorted())", sourceLocation: sourceLocation)
        for name in names {
            let data = try #require(files[name], sourceLocation: sourceLocation)
            let text = String(decoding: data, as: UTF8.self)
            switch name {
            case "summary.json":
                #expect(text.matches(of: writeTime).count == 1, "one write time", sourceLocation: sourceLocation)
                let masked = text.replacing(writeTime, with: #""write": "<wall clock, masked>""#)
                GoldenFile.check(masked, "\(set)/\(name)", sourceLocation: sourceLocation)
            case "map.svg":
                let outline = try #require(SVGOutline.outline(of: text), sourceLocation: sourceLocation)
                GoldenFile.check(outline, "\(set)/map.svg.outline", sourceLocation: sourceLocation)
            default:
                if name.hasSuffix(".geojson") {
                    let violations = RFC7946Validator.violations(in: folder.appendingPathComponent(name))
                    #expect(violations == [], "\(name)", sourceLocation: sourceLocation)
                }
                GoldenFile.check(data, "\(set)/\(name)", sourceLocation: sourceLocation)
            }
        }
    }

    static func temporaryFolder(_ label: String) -> URL {
        FileManager.default.temporaryDirectory.appendingPathComponent("nrplan-golden-\(label)-\(UUID().uuidString)")
    }

    @Test("radio plan: sites, holes and coverage layers, sites.csv, summary.json, report.md, map.svg")
    func radioPlan() throws {
        let plan = try GoldenPlans.radioPlan(threads: 2)
        // The plan is the one the golden files describe: the screening saw every fate of a candidate.
        #expect(plan.network.sites.map(\.id) == ["E1", "R1", "P1"])
        #expect(plan.screening.notOpen == 1 && plan.screening.inExclusion == 1 && plan.screening.coversNothing == 1)
        #expect(!plan.continuity.holes.isEmpty && plan.continuity.coverageRatio < 1)
        let out = Self.temporaryFolder("radio")
        defer { try? FileManager.default.removeItem(at: out) }
        try PlanWriter.write(plan, to: out)
        try Self.checkAgainstGolden(out, set: "radio", names: PlanWriter.fileNames)
    }

    @Test(
        "a radio plan computed and written with 1 thread gives the same bytes (summary.json: its threads figure aside)")
    func oneThread() throws {
        var outputs: [[String: Data]] = []
        for threads in [1, 2] {
            let out = Self.temporaryFolder("threads-\(threads)")
            defer { try? FileManager.default.removeItem(at: out) }
            try PlanWriter.write(try GoldenPlans.radioPlan(threads: threads), to: out)
            var files = try Self.files(in: out)
            let summary = String(decoding: files["summary.json"] ?? Data(), as: UTF8.self)
                .replacing(Self.writeTime, with: "")
            #expect(summary.contains("\n  \"threads\": \(threads),\n"))
            files["summary.json"] = Data(summary.replacingOccurrences(of: "\"threads\": \(threads),", with: "").utf8)
            outputs.append(files)
        }
        #expect(outputs[0].keys.sorted() == PlanWriter.fileNames.sorted())
        for name in PlanWriter.fileNames { #expect(outputs[0][name] == outputs[1][name], "\(name)") }
    }

    @Test("planar service plan: sites.csv with sector azimuths, summary.json, report.md, map.svg (no GeoJSON)")
    func servicePlan() throws {
        let plan = try GoldenPlans.servicePlan()
        #expect(plan.network.sites.map(\.id) == ["X1", "M1", "M2", "S2"])
        #expect(plan.service?.candidatesNearExisting == 1)
        let out = Self.temporaryFolder("service")
        defer { try? FileManager.default.removeItem(at: out) }
        try PlanWriter.write(plan, to: out)
        try Self.checkAgainstGolden(out, set: "service", names: PlanWriter.planarFileNames)
    }

    @Test("audit of the radio plan's sites.geojson with targets: holes, coverage, summary.json, report.md, map.svg")
    func audit() throws {
        let folder = Self.temporaryFolder("audit")
        defer { try? FileManager.default.removeItem(at: folder) }
        let plan = folder.appendingPathComponent("plan")
        try PlanWriter.write(try GoldenPlans.radioPlan(), to: plan)
        let area = folder.appendingPathComponent("area.geojson")
        try Self.areaGeoJSON.write(to: area, atomically: true, encoding: .utf8)
        let targets = folder.appendingPathComponent("targets.json")
        try Self.targets.write(to: targets, atomically: true, encoding: .utf8)
        let request = AuditRequest(
            area: .init(url: area, displayName: "golden/area.geojson"),
            sites: .init(url: plan.appendingPathComponent("sites.geojson"), displayName: "plan/sites.geojson"),
            targets: .init(url: targets, displayName: "golden/targets.json"), cellMeters: 100, threads: 2)
        var result = try AuditPipeline.run(request)
        #expect(result.verdicts?.contains { $0.passed } == true && result.verdicts?.contains { !$0.passed } == true)
        result.stageSeconds = GoldenPlans.stageSeconds.filter { $0.name != "solve" }
        let out = folder.appendingPathComponent("audit")
        try AuditWriter.write(result, to: out)
        try Self.checkAgainstGolden(out, set: "audit", names: AuditWriter.fileNames)
    }

    /// The golden plans' two districts as a GeoJSON file.
    static let areaGeoJSON = """
        {"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {"name": "天河 West"}, "geometry": {"type": "Polygon", "coordinates": [[[113.300, 23.100], [113.308, 23.100], [113.308, 23.109], [113.300, 23.109], [113.300, 23.100]]]}},
        {"type": "Feature", "properties": {"name": "East | 东区"}, "geometry": {"type": "Polygon", "coordinates": [[[113.308, 23.100], [113.316, 23.100], [113.316, 23.109], [113.308, 23.109], [113.308, 23.100]]]}}
        ]}

        """

    /// Targets the golden audit partly meets.
    static let targets = """
        {"overall": {"min_coverage": 0.95}, "per_district": {"min_coverage": 0.5},
         "max_hole_m2": 1000000, "sinr": {"percentile": 5, "min_db": -3}}

        """

    @Test("a golden comparison reports the first differing line")
    func firstDifference() {
        let a = Data("one\ntwo\nthree\n".utf8)
        #expect(GoldenFile.firstDifference(a, Data("one\n2\nthree\n".utf8)) == "line 2: expected «two», found «2»")
        #expect(GoldenFile.firstDifference(a, Data("one\ntwo\n".utf8)) == "line 3: expected «three», found «»")
        #expect(
            GoldenFile.firstDifference(a, Data("one\ntwo\nthree".utf8)) == "line 4: expected «», found «<end of file>»")
    }
}
