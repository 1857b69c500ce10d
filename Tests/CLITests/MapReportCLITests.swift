import Foundation
import Testing

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// Pictures at real density (issue 14): thousands of existing sites drawn small and light, the
/// frame fitting what is drawn, and legend, scale bar and north arrow clear of the data.
@Suite("map.svg and report.md at density (end to end)", .serialized)
struct MapReportCLITests {
    /// What the test reads from map.svg: the map frame, where the panel groups start, every site
    /// marker's centre and every hole vertex, in pixels.
    final class MapShapes: NSObject, XMLParserDelegate {
        var frame: (x: Double, y: Double, width: Double, height: Double)?
        var panel: [String: (x: Double, y: Double)] = [:]
        var sites: [(x: Double, y: Double, dense: Bool)] = []
        var holes: [(x: Double, y: Double)] = []
        var groups: [String] = []

        static func read(_ url: URL) throws -> MapShapes {
            let shapes = MapShapes()
            let parser = try #require(XMLParser(contentsOf: url))
            parser.delegate = shapes
            #expect(parser.parse(), "map.svg is not well-formed XML")
            return shapes
        }

        func parser(
            _ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
            attributes: [String: String] = [:]
        ) {
            func number(_ key: String) -> Double { Double(attributes[key] ?? "") ?? .nan }
            if name == "g" {
                let id = attributes["id"] ?? ""
                groups.append(id)
                if ["legend", "scale-bar", "north-arrow"].contains(id), let transform = attributes["transform"] {
                    let numbers = transform.dropFirst("translate(".count).dropLast().split(separator: " ").compactMap {
                        Double($0)
                    }
                    panel[id] = (numbers[0], numbers[1])
                }
                return
            }
            if name == "rect" && attributes["id"] == "map-frame" {
                frame = (number("x"), number("y"), number("width"), number("height"))
            }
            let group = groups.last { !$0.isEmpty } ?? ""
            if group == "sites" {
                let dense = (attributes["class"] ?? "").contains("dense")
                switch name {
                case "circle": sites.append((number("cx"), number("cy"), dense))
                case "rect": sites.append((number("x") + 2.5, number("y") + 2.5, dense))
                case "path":
                    let d = attributes["d"] ?? ""
                    let start = d.dropFirst().split(whereSeparator: { $0 == " " || $0 == "L" }).prefix(2).compactMap {
                        Double($0)
                    }
                    sites.append((start[0], start[1] + 5, dense))
                default: break
                }
            }
            if group == "holes" && name == "path" {
                let numbers = (attributes["d"] ?? "").split(whereSeparator: { "MLZ ".contains($0) }).compactMap {
                    Double($0)
                }
                for k in stride(from: 0, to: numbers.count - 1, by: 2) { holes.append((numbers[k], numbers[k + 1])) }
            }
        }

        func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
            if name == "g" { _ = groups.popLast() }
        }
    }

    /// `count` existing sites on a jittered lattice over the small scenario's area, and one 30 km away.
    static func denseSites(_ count: Int) -> String {
        var state: UInt64 = 99
        func next() -> Double {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Double(state >> 11) / Double(1 << 53)
        }
        var features = (0..<count).map { k -> String in
            let lon = 113.281 + 0.038 * next()
            let lat = 23.103 + 0.034 * next()
            return
                #"{"type":"Feature","properties":{"id":"X\#(k)","kind":"rooftop","height_m":25},"geometry":{"type":"Point","coordinates":[\#(lon),\#(lat)]}}"#
        }
        features.append(
            #"{"type":"Feature","properties":{"id":"FAR","kind":"tower"},"geometry":{"type":"Point","coordinates":[113.6,23.12]}}"#
        )
        return "{\"type\":\"FeatureCollection\",\"features\":[\n" + features.joined(separator: ",\n") + "]}"
    }

    @Test(
        "3,000 audited sites: small light markers, all inside the frame; the far site left out and counted; panel clear"
    )
    func denseAudit() throws {
        let folder = try CLI.temporaryFolder("map-dense")
        defer { try? FileManager.default.removeItem(at: folder) }
        let scenario = try CLI.smallScenario(in: folder)
        let sites = try CLI.write(Self.denseSites(3_000), "dense.geojson", in: folder)
        let out = folder.appendingPathComponent("audit")
        let run = try CLI.run([
            "audit", "--scenario", scenario.path, "--sites", sites.path, "--profile", "n78-small-cell",
            "--out", out.path, "--quiet",
        ])
        #expect(run.status == 0, "\(run.stderr)")
        let shapes = try MapShapes.read(out.appendingPathComponent("map.svg"))
        let frame = try #require(shapes.frame)
        #expect(shapes.sites.count == 3_000)
        #expect(shapes.sites.allSatisfy { $0.dense })
        func inside(_ p: (x: Double, y: Double)) -> Bool {
            p.x >= frame.x && p.x <= frame.x + frame.width && p.y >= frame.y && p.y <= frame.y + frame.height
        }
        #expect(shapes.sites.allSatisfy { inside(($0.x, $0.y)) })
        #expect(shapes.holes.allSatisfy(inside))
        // Legend, scale bar and north arrow start right of the frame: nothing of the data lies under them.
        for id in ["legend", "scale-bar", "north-arrow"] {
            let origin = try #require(shapes.panel[id], "\(id) missing")
            #expect(origin.x > frame.x + frame.width, "\(id) at \(origin) overlaps the map frame \(frame)")
        }
        let svg = try String(contentsOf: out.appendingPathComponent("map.svg"), encoding: .utf8)
        #expect(svg.contains("1 site(s) beyond the map, not drawn"))
        #expect(svg.contains("audited site (3001, dense: small)"))
    }

    @Test("a plan on a few sites keeps full markers; report.md has before/after and the chosen sites by rank")
    func sparsePlanAndReport() throws {
        let folder = try CLI.temporaryFolder("map-sparse")
        defer { try? FileManager.default.removeItem(at: folder) }
        let scenario = try CLI.smallScenario(in: folder)
        let out = folder.appendingPathComponent("plan")
        let run = try CLI.run(["solve", scenario.path, "--out", out.path, "--quiet"])
        #expect(run.status == 0, "\(run.stderr)")
        let shapes = try MapShapes.read(out.appendingPathComponent("map.svg"))
        #expect(!shapes.sites.isEmpty && shapes.sites.allSatisfy { !$0.dense })
        let summary = try #require(
            JSONSerialization.jsonObject(with: Data(contentsOf: out.appendingPathComponent("summary.json")))
                as? [String: Any])
        let newSites = try #require(summary["sites_new"] as? Int)
        let report = try String(contentsOf: out.appendingPathComponent("report.md"), encoding: .utf8)
        #expect(report.contains("## Before and after") && report.contains("## New sites"))
        let before = try #require(summary["coverage_ratio_existing"] as? Double)
        let after = try #require(summary["coverage_ratio"] as? Double)
        let fixed = { (x: Double) in String(format: "%.2f %%", x * 100) }
        #expect(report.contains("| **all** | \(fixed(before)) | \(fixed(after)) |"))
        // One row per new site, ranks 1…n, and the last row's cumulative coverage is the plan's.
        let rows = report.split(separator: "\n").filter {
            $0.hasPrefix("| ") && ($0.contains("| rooftop |") || $0.contains("| lamp_pole |"))
        }
        #expect(rows.count == newSites)
        let ranks = rows.compactMap { Int($0.split(separator: "|")[0].trimmingCharacters(in: .whitespaces)) }
        #expect(ranks == Array(1...newSites))
        #expect(rows.last?.hasSuffix("| \(fixed(after)) |") == true, "\(rows.last ?? "")")
    }
}
