import Foundation
import Radio
import Support
import Testing

@testable import Geo
@testable import Planning

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// Audit acceptance: constructed networks with known answers, exit codes 0/1/2, the demo plan's
/// coverage recomputed, and a map that is well-formed and shows what it should.
@Suite("nrplan audit (end to end)", .serialized)
struct AuditCLITests {
    /// A local frame around a point near Guangzhou for building test files in metres.
    static let projection = LocalProjection(centralMeridianDegrees: 113.3, originLatitudeDegrees: 23.1)

    static func polygonFeature(_ ring: [Coordinate], name: String) -> String {
        let coordinates = ring.map { c -> String in
            let p = projection.unproject(c)
            return "[\(p.x),\(p.y)]"
        }.joined(separator: ",")
        return
            #"{"type":"Feature","properties":{"name":"\#(name)"},"geometry":{"type":"Polygon","coordinates":[[\#(coordinates)]]}}"#
    }

    static func rectangle(_ x0: Double, _ y0: Double, _ x1: Double, _ y1: Double, name: String) -> String {
        polygonFeature(
            [
                Coordinate(x: x0, y: y0), Coordinate(x: x1, y: y0), Coordinate(x: x1, y: y1), Coordinate(x: x0, y: y1),
                Coordinate(x: x0, y: y0),
            ], name: name)
    }

    static func sitesFile(_ positions: [Coordinate]) -> String {
        let features = positions.enumerated().map { k, c -> String in
            let p = projection.unproject(c)
            return
                #"{"type":"Feature","properties":{"id":"S\#(k)","kind":"lamp_pole","height_m":10},"geometry":{"type":"Point","coordinates":[\#(p.x),\#(p.y)]}}"#
        }
        return "{\"type\":\"FeatureCollection\",\"features\":[\n" + features.joined(separator: ",\n") + "]}"
    }

    static func collection(_ features: [String]) -> String {
        "{\"type\":\"FeatureCollection\",\"features\":[" + features.joined(separator: ",") + "]}"
    }

    /// The small-cell footprint radius: n78-small-cell is omni, and its path loss grows with
    /// distance, so its footprint is the disc of the evaluator's max range.
    static var radius: Double {
        CoverageEvaluator(profile: RadioProfile.named("n78-small-cell")!, siteHeightMeters: 10).maxRangeMeters
    }

    func summary(_ folder: URL) throws -> [String: Any] {
        try #require(
            JSONSerialization.jsonObject(with: Data(contentsOf: folder.appendingPathComponent("summary.json")))
                as? [String: Any])
    }

    /// Independent brute force on the audit's own cell centres (its frame: transverse Mercator
    /// centred on the area's lon/lat bounding box, cells aligned to multiples of 10 m): the cells
    /// inside the ring farther than `radius` from every site. Geometry only — no radio, no components.
    static func enclosedCellCount(sites: [Coordinate], ringRadius: Double, radius r: Double) throws -> Int {
        let areaBox = try #require(
            Geometry.polygon(
                Polygon(exterior: [
                    Coordinate(x: -1000, y: -1000), Coordinate(x: 1000, y: -1000),
                    Coordinate(x: 1000, y: 1000), Coordinate(x: -1000, y: 1000), Coordinate(x: -1000, y: -1000),
                ])
            ).mapCoordinates(projection.unproject).boundingBox)
        let frame = LocalProjection.centered(on: areaBox)
        let centre = frame.project(projection.unproject(Coordinate(x: 0, y: 0)))
        // As sites.geojson holds them: degrees to 7 decimals.
        let written = sites.map { projection.unproject($0) }.map {
            Coordinate(x: Precision.degrees.rounded($0.x), y: Precision.degrees.rounded($0.y))
        }
        let framed = written.map(frame.project)
        var count = 0
        var x = (centre.x - ringRadius).rounded(.down) - 5
        while x <= centre.x + ringRadius {
            var y = (centre.y - ringRadius).rounded(.down) - 5
            while y <= centre.y + ringRadius {
                // Centres of 10 m cells aligned to multiples of 10: ….5 offsets of 5.
                let cx = (x / 10).rounded(.down) * 10 + 5
                let cy = (y / 10).rounded(.down) * 10 + 5
                if (cx - centre.x) * (cx - centre.x) + (cy - centre.y) * (cy - centre.y) < ringRadius * ringRadius
                    && framed.allSatisfy({ (cx - $0.x) * (cx - $0.x) + (cy - $0.y) * (cy - $0.y) > r * r })
                {
                    count += 1
                }
                y += 10
            }
            x += 10
        }
        return count
    }

    /// The area inside the ring farther than `radius` from every site, by Monte Carlo over
    /// 400,000 points of the ring's bounding square (a fixed seed).
    static func enclosedArea(sites: [Coordinate], ringRadius: Double, radius r: Double) -> Double {
        var rng: UInt64 = 7
        var inside = 0
        let samples = 400_000
        for _ in 0..<samples {
            rng = rng &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            let u = Double(rng >> 11) / Double(1 << 53)
            rng = rng &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            let v = Double(rng >> 11) / Double(1 << 53)
            let px = (2 * u - 1) * ringRadius
            let py = (2 * v - 1) * ringRadius
            if px * px + py * py < ringRadius * ringRadius
                && sites.allSatisfy({ (px - $0.x) * (px - $0.x) + (py - $0.y) * (py - $0.y) > r * r })
            {
                inside += 1
            }
        }
        return Double(inside) / Double(samples) * 4 * ringRadius * ringRadius
    }

    @Test("a ring of sites around an uncovered centre gives exactly one enclosed hole of the expected area")
    func ring() throws {
        let folder = try CLI.temporaryFolder("audit-ring")
        defer { try? FileManager.default.removeItem(at: folder) }
        let r = Self.radius
        #expect(r > 100 && r < 400)
        let ringRadius = r * 1.5
        let sites = (0..<10).map { k -> Coordinate in
            let a = Double(k) * 2 * .pi / 10
            return Coordinate(x: ringRadius * cos(a), y: ringRadius * sin(a))
        }
        try CLI.write(
            Self.collection([Self.rectangle(-1000, -1000, 1000, 1000, name: "中心区")]), "area.geojson", in: folder)
        try CLI.write(Self.sitesFile(sites), "sites.geojson", in: folder)
        let out = folder.appendingPathComponent("out")
        let run = try CLI.run([
            "audit", "--area", folder.appendingPathComponent("area.geojson").path,
            "--sites", folder.appendingPathComponent("sites.geojson").path,
            "--profile", "n78-small-cell", "--cell-m", "10", "--out", out.path, "--quiet",
        ])
        #expect(run.status == 0, "\(run.stderr)")
        let holes = try #require(
            JSONSerialization.jsonObject(with: Data(contentsOf: out.appendingPathComponent("holes.geojson")))
                as? [String: Any])
        let features = try #require(holes["features"] as? [[String: Any]]).compactMap {
            $0["properties"] as? [String: Any]
        }
        let enclosed = features.filter { $0["touches_edge"] as? Bool == false }
        #expect(enclosed.count == 1)
        let area = try #require(enclosed.first?["area_m2"] as? Double)

        let count = try Self.enclosedCellCount(sites: sites, ringRadius: ringRadius, radius: r)
        #expect(area == Double(count) * 100, "hole \(area) m² vs brute force \(count * 100) m²")
        // And the exact region: Monte Carlo over 400,000 points (the area within 3 %).
        let exact = Self.enclosedArea(sites: sites, ringRadius: ringRadius, radius: r)
        #expect(abs(area - exact) / exact < 0.03, "hole \(area) m² vs region \(exact) m²")

        // Hole areas plus covered area equal the demand area.
        let s = try summary(out)
        let continuity = try #require(s["continuity"] as? [String: Any])
        let holesTotal = try #require((continuity["holes"] as? [String: Any])?["total_m2"] as? Double)
        let cells = try #require(s["cells"] as? Int)
        let ratio = try #require(s["coverage_ratio"] as? Double)
        let demand = Double(cells) * 100
        #expect(abs(holesTotal + ratio * demand - demand) < 1) // ratio is rounded to 6 decimals
    }

    @Test("removing a site from a covered strip splits it into two components; targets decide the exit code")
    func stripAndExitCodes() throws {
        let folder = try CLI.temporaryFolder("audit-strip")
        defer { try? FileManager.default.removeItem(at: folder) }
        let r = Self.radius
        let spacing = 1.6 * r
        let width = 0.9 * r
        let all = (0..<11).map { Coordinate(x: spacing / 2 + Double($0) * spacing, y: 0) }
        let length = spacing * 11
        try CLI.write(
            Self.collection([Self.rectangle(0, -width / 2, length, width / 2, name: "带状区")]), "area.geojson", in: folder
        )
        try CLI.write(Self.sitesFile(all), "all.geojson", in: folder)
        try CLI.write(
            Self.sitesFile(all.enumerated().filter { $0.offset != 5 }.map(\.element)), "gap.geojson", in: folder)
        try CLI.write(
            #"{"per_district": {"min_coverage": 1.0}, "overall": {"max_covered_components": 1}}"#, "targets.json",
            in: folder)
        func audit(_ sites: String, _ out: String) throws -> CLI.Run {
            try CLI.run([
                "audit", "--area", folder.appendingPathComponent("area.geojson").path, "--sites",
                folder.appendingPathComponent(sites).path,
                "--profile", "n78-small-cell", "--cell-m", "10", "--targets",
                folder.appendingPathComponent("targets.json").path,
                "--out", folder.appendingPathComponent(out).path,
            ])
        }
        let full = try audit("all.geojson", "full")
        #expect(full.status == 0, "\(full.stderr)")
        let fullSummary = try summary(folder.appendingPathComponent("full"))
        #expect(fullSummary["covered_components"] as? Int == 1)
        #expect(fullSummary["coverage_ratio"] as? Double == 1)
        #expect(fullSummary["passed"] as? Bool == true)

        let gap = try audit("gap.geojson", "gap")
        #expect(gap.status == 1)
        #expect(gap.stderr.contains("FAILED min_coverage [带状区]"))
        #expect(gap.stderr.contains("FAILED max_covered_components [overall]: measured 2, required ≤ 1, short by 1"))
        let gapSummary = try summary(folder.appendingPathComponent("gap"))
        #expect(gapSummary["covered_components"] as? Int == 2)
        let verdicts = try #require(
            ((gapSummary["continuity"] as? [String: Any])?["targets"] as? [String: Any])?["verdicts"]
                as? [[String: Any]])
        #expect(verdicts.filter { $0["passed"] as? Bool == false }.count == 2)

        // Exit 2: a bad targets file, named with its field; nothing written.
        try CLI.write(#"{"per_district": {"min_coverage": 1.5}}"#, "bad.json", in: folder)
        let bad = try CLI.run([
            "audit", "--area", folder.appendingPathComponent("area.geojson").path, "--sites",
            folder.appendingPathComponent("all.geojson").path,
            "--profile", "n78-small-cell", "--targets", folder.appendingPathComponent("bad.json").path,
            "--out", folder.appendingPathComponent("bad-out").path,
        ])
        #expect(bad.status == 2)
        #expect(
            bad.stderr.contains(
                "bad.json: field 'per_district.min_coverage': expected a coverage fraction in [0, 1], found 1.5"),
            "\(bad.stderr)")
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("bad-out").path))
        // Exit 2: usage (no --sites; --profile and --scenario together are fine since issue 14).
        let usage = try CLI.run(["audit", "--area", "a.geojson", "--profile", "n78-macro", "--out", "o"])
        #expect(usage.status == 2)
        #expect(usage.stderr.contains("usage: nrplan audit"), "\(usage.stderr)")
    }

    @Test("a site file none of whose sites reaches the area is refused with exit 2, the nearest distance and --crs")
    func unreachableSites() throws {
        let folder = try CLI.temporaryFolder("audit-far")
        defer { try? FileManager.default.removeItem(at: folder) }
        try CLI.write(
            Self.collection([Self.rectangle(-1000, -1000, 1000, 1000, name: "中心区")]), "area.geojson", in: folder)
        // Three lamp poles 49 km east of the area's edge (a file of another city, or another frame).
        try CLI.write(
            Self.sitesFile((0..<3).map { Coordinate(x: 50_000 + Double($0) * 100, y: 0) }), "sites.geojson", in: folder)
        let out = folder.appendingPathComponent("out")
        let run = try CLI.run([
            "audit", "--area", folder.appendingPathComponent("area.geojson").path,
            "--sites", folder.appendingPathComponent("sites.geojson").path, "--profile", "n78-small-cell",
            "--out", out.path,
        ])
        #expect(run.status == 2, "\(run.stderr)")
        for text in [
            "sites.geojson: field 'geometry.coordinates': expected at least one site within its maximum range of the planning area (lon ",
            "found none of its 3 site(s): the nearest, 'S0' (feature 0), lies 49.0 km from the area and reaches ",
            "almost always the wrong file or coordinate system; read as wgs84: ",
            "give --sites-crs or --area-crs wgs84|gcj02|bd09 (--crs for both)",
        ] {
            #expect(run.stderr.contains(text), "stderr lacks «\(text)»: \(run.stderr)")
        }
        #expect(!FileManager.default.fileExists(atPath: out.path), "an output folder was created")
    }

    @Test("the audit of the demo plan reports the coverage ratio the solve reported")
    func demoRoundTrip() throws {
        let folder = try CLI.temporaryFolder("audit-demo")
        defer { try? FileManager.default.removeItem(at: folder) }
        let plan = folder.appendingPathComponent("plan")
        let audit = folder.appendingPathComponent("audit")
        let solve = try CLI.run(["demo", "--out", plan.path, "--quiet"], in: CLI.repositoryRoot)
        #expect(solve.status == 0, "\(solve.stderr)")
        let demo = CLI.repositoryRoot.appendingPathComponent("geodata/demo")
        let run = try CLI.run([
            "audit", "--scenario", demo.appendingPathComponent("scenario.json").path,
            "--area", demo.appendingPathComponent("area.geojson").path,
            "--sites", plan.appendingPathComponent("sites.geojson").path,
            "--targets", CLI.repositoryRoot.appendingPathComponent("seeds/continuity-targets.json").path,
            "--out", audit.path, "--quiet",
        ])
        #expect(run.status == 0 || run.status == 1, "\(run.stderr)")
        let solved = try summary(plan)
        let audited = try summary(audit)
        #expect(solved["coverage_ratio"] as? Double == audited["coverage_ratio"] as? Double)
        #expect(solved["holes_count"] as? Int == audited["holes_count"] as? Int)
        #expect(solved["largest_hole_m2"] as? Double == audited["largest_hole_m2"] as? Double)
        #expect(
            try Data(contentsOf: plan.appendingPathComponent("holes.geojson"))
                == Data(contentsOf: audit.appendingPathComponent("holes.geojson")))
        // Both write the same outputs.
        for name in [
            "sites.geojson", "holes.geojson", "coverage.geojson", "summary.json", "report.md", "map.svg", "report.html",
        ] {
            #expect(FileManager.default.fileExists(atPath: audit.appendingPathComponent(name).path), "\(name)")
            #expect(FileManager.default.fileExists(atPath: plan.appendingPathComponent(name).path), "\(name)")
        }
        #expect(RFC7946Checker.violations(in: audit.appendingPathComponent("coverage.geojson")) == [])
        // The report lists districts, holes by area with coordinates, and verdicts.
        let report = try String(contentsOf: audit.appendingPathComponent("report.md"), encoding: .utf8)
        #expect(
            report.contains("## Districts") && report.contains("## Holes, largest first")
                && report.contains("## Targets"))
        #expect(report.contains("示范中区"))
        #expect(report.contains("**Verdict: PASS**") == (run.status == 0))

        // map.svg: well-formed XML with every layer; rsvg-convert renders it when installed.
        let map = audit.appendingPathComponent("map.svg")
        let ids = try SVGIDs.collect(map)
        for id in ["coverage", "holes", "exclusions", "areas", "sites", "legend", "scale-bar", "north-arrow"] {
            #expect(ids.groups.contains(id), "map.svg lacks <g id=\"\(id)\">")
        }
        #expect(ids.elementCount(in: "holes") == audited["holes_count"] as? Int)
        #expect(ids.elementCount(in: "sites") == audited["sites"] as? Int)
        #expect(ids.elementCount(in: "areas") >= 4)
        if let rsvg = SVGIDs.rsvgConvert {
            let png = folder.appendingPathComponent("map.png")
            let process = Process()
            process.executableURL = URL(fileURLWithPath: rsvg)
            process.arguments = ["-o", png.path, map.path]
            try process.run()
            process.waitUntilExit()
            #expect(process.terminationStatus == 0)
            let bytes = try Data(contentsOf: png)
            #expect(bytes.starts(with: [0x89, 0x50, 0x4E, 0x47]))
            #expect(bytes.count > 10_000)
        }
    }

    @Test(
        "with demand layers, priority zones and clutter, audit --scenario recomputes the solve's coverage",
        arguments: [nil, 150.0])
    func layeredRoundTrip(suburbanPredictionCellMeters: Double?) throws {
        let demo = CLI.repositoryRoot.appendingPathComponent("geodata/demo")
        var scenario = demo.appendingPathComponent("scenario-layers.json")
        try #require(FileManager.default.fileExists(atPath: scenario.path))
        let folder = try CLI.temporaryFolder("audit-layers")
        defer { try? FileManager.default.removeItem(at: folder) }
        if let size = suburbanPredictionCellMeters {
            // The same scenario with suburban land predicted on a coarser grid, its files named by absolute path.
            var json = try #require(JSONSerialization.jsonObject(with: Data(contentsOf: scenario)) as? [String: Any])
            func absolute(_ name: String) -> String { demo.appendingPathComponent(name).path }
            json["area"] = absolute(try #require(json["area"] as? String))
            json["existing"] = absolute(try #require(json["existing"] as? String))
            json["candidates"] = (json["candidates"] as? [String] ?? []).map(absolute)
            json["exclusions"] = (json["exclusions"] as? [String] ?? []).map(absolute)
            var demand = try #require(json["demand"] as? [String: Any])
            demand["layers"] = (demand["layers"] as? [[String: Any]] ?? []).map {
                var l = $0
                l["file"] = absolute(l["file"] as? String ?? "")
                return l
            }
            demand["priority"] = (demand["priority"] as? [[String: Any]] ?? []).map {
                var l = $0
                l["file"] = absolute(l["file"] as? String ?? "")
                return l
            }
            var clutter = try #require(demand["clutter"] as? [String: Any])
            clutter["file"] = absolute(try #require(clutter["file"] as? String))
            var classes = try #require(clutter["classes"] as? [String: Any])
            var suburban = try #require(classes["suburban"] as? [String: Any])
            suburban["cell_m"] = size
            classes["suburban"] = suburban
            clutter["classes"] = classes
            demand["clutter"] = clutter
            json["demand"] = demand
            scenario = folder.appendingPathComponent("scenario-coarse.json")
            try JSONSerialization.data(withJSONObject: json).write(to: scenario)
            let check = try CLI.run(["validate", scenario.path])
            #expect(
                check.status == 0 && check.stdout.contains("(predicted: suburban on 150 m)"),
                "\(check.stdout)\(check.stderr)")
        }
        let plan = folder.appendingPathComponent("plan")
        let audit = folder.appendingPathComponent("audit")
        let solve = try CLI.run(["solve", scenario.path, "--out", plan.path, "--quiet"])
        #expect(solve.status == 0, "\(solve.stderr)")
        let run = try CLI.run([
            "audit", "--scenario", scenario.path, "--area", demo.appendingPathComponent("area.geojson").path,
            "--sites", plan.appendingPathComponent("sites.geojson").path, "--out", audit.path, "--quiet",
        ])
        #expect(run.status == 0, "\(run.stderr)")
        let solved = try summary(plan)
        let audited = try summary(audit)
        #expect(solved["coverage_ratio"] as? Double == audited["coverage_ratio"] as? Double)
        #expect(
            try Data(contentsOf: plan.appendingPathComponent("holes.geojson"))
                == Data(contentsOf: audit.appendingPathComponent("holes.geojson")))
        let sinrSolve = (solved["continuity"] as? [String: Any])?["sinr_db"] as? [String: Any]
        let sinrAudit = (audited["continuity"] as? [String: Any])?["sinr_db"] as? [String: Any]
        #expect(sinrSolve?["p50"] as? Double == sinrAudit?["p50"] as? Double)
    }
}

/// Parses an SVG with Foundation's XMLParser (fails on malformed XML) and counts the drawable
/// children of each `<g id=…>`.
final class SVGIDs: NSObject, XMLParserDelegate {
    private(set) var groups: [String] = []
    private var counts: [String: Int] = [:]
    private var stack: [String?] = []

    static func collect(_ url: URL) throws -> SVGIDs {
        let collector = SVGIDs()
        let parser = try #require(XMLParser(contentsOf: url))
        parser.delegate = collector
        #expect(parser.parse(), "map.svg is not well-formed XML: \(String(describing: parser.parserError))")
        return collector
    }

    func elementCount(in group: String) -> Int { counts[group] ?? 0 }

    func parser(
        _ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
        attributes: [String: String] = [:]
    ) {
        let id = name == "g" ? attributes["id"] : nil
        if let id { groups.append(id) }
        if ["path", "circle", "rect"].contains(name), let owner = stack.last, let owner {
            counts[owner, default: 0] += 1
        }
        stack.append(id ?? (name == "g" ? stack.last ?? nil : nil))
    }

    func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
        _ = stack.popLast()
    }

    static var rsvgConvert: String? {
        ["/usr/bin/rsvg-convert", "/usr/local/bin/rsvg-convert"].first {
            FileManager.default.isExecutableFile(atPath: $0)
        }
    }
}
