import Foundation
import Testing

@testable import Geo

/// Docs and behaviour agree (issue 14: `"indoor": "low_loss"` as written in scenario.md was
/// rejected): every JSON example of docs/scenario.md and docs/radio.md goes through `nrplan
/// validate` — or `nrplan audit` for an audit's settings — and must pass without an error or an
/// unknown member. The wrapping rules are documented in scenario.md, "Examples on this page".
@Suite("docs: every scenario example validates (end to end)", .serialized)
struct DocsSnippetTests {
    /// One ```json block and the directive in the HTML comment just above it, if any.
    struct Snippet {
        let file: String
        let line: Int
        let text: String
        let directive: String
    }

    static func snippets(in name: String) throws -> [Snippet] {
        let text = try String(contentsOf: CLI.repositoryRoot.appendingPathComponent("docs/\(name)"), encoding: .utf8)
        let lines = text.components(separatedBy: "\n")
        var result: [Snippet] = []
        var k = 0
        while k < lines.count {
            guard lines[k].trimmingCharacters(in: .whitespaces) == "```json" else {
                k += 1
                continue
            }
            let start = k
            var body: [String] = []
            k += 1
            while k < lines.count && lines[k].trimmingCharacters(in: .whitespaces) != "```" {
                body.append(lines[k])
                k += 1
            }
            var directive = ""
            if start > 0, lines[start - 1].hasPrefix("<!-- snippet:") {
                directive = lines[start - 1].dropFirst("<!-- snippet:".count).replacingOccurrences(of: "-->", with: "")
                    .trimmingCharacters(in: .whitespaces)
            }
            result.append(
                Snippet(file: name, line: start + 1, text: body.joined(separator: "\n"), directive: directive))
            k += 1
        }
        return result
    }

    /// The folder the examples run in: the demo's inputs and the other files the examples name.
    static func fixtures() throws -> URL {
        let folder = try CLI.temporaryFolder("docs-snippets")
        let run = try CLI.run(["demo", "--inputs", folder.path, "--force", "--quiet"])
        #expect(run.status == 0, "\(run.stderr)")
        let demo = { (name: String) in try GeoJSONReader.read(contentsOf: folder.appendingPathComponent(name)) }
        let gcj = { (c: Coordinate) in CoordinateSystem.wgs84.convert(c, to: .gcj02) }
        func point(_ feature: Feature) -> Coordinate? {
            if case .point(let c)? = feature.geometry { return c }
            return nil
        }
        // AMap lamp-pole register and the open catalogue as CSV, in GCJ-02.
        var poles = "id,lon,lat,kind\n"
        for f in try demo("lamp-poles.geojson").features.prefix(200) {
            guard let c = point(f).map(gcj) else { continue }
            poles += "\(f[property: "id"]?.stringValue ?? "?"),\(c.x),\(c.y),lamp_pole\n"
        }
        try CLI.write(poles, "lamp-poles-amap.csv", in: folder)
        var catalogue = "id,name,lon,lat,kind,height_m,cost,status,owner\n"
        for f in try demo("catalogue.geojson").features.prefix(100) {
            guard let c = point(f).map(gcj) else { continue }
            catalogue +=
                "\(f[property: "id"]?.stringValue ?? "?"),\(f[property: "name"]?.stringValue ?? ""),\(c.x),\(c.y),rooftop,25,20,open,示范\n"
        }
        try CLI.write(catalogue, "open-catalogue.csv", in: folder)
        // Districts in GCJ-02; a GPS survey of built sites; population and metro zones as the demo's layers.
        let districts = try demo("area.geojson").features.map { f -> String in
            let g = CoordinateSystem.wgs84.convert(f.geometry!, to: .gcj02)
            let rings = g.polygons[0].rings.map { "[" + $0.map { "[\($0.x),\($0.y)]" }.joined(separator: ",") + "]" }
            return
                #"{"type":"Feature","properties":{"name":"\#(f[property: "name"]?.stringValue ?? "")"},"geometry":{"type":"Polygon","coordinates":[\#(rings.joined(separator: ","))]}}"#
        }
        try CLI.write(
            "{\"type\":\"FeatureCollection\",\"features\":[" + districts.joined(separator: ",") + "]}",
            "districts.geojson",
            in: folder)
        for (from, to) in [
            ("existing-sites.geojson", "gps-survey.geojson"), ("density.geojson", "population.geojson"),
            ("priority.geojson", "metro-stations.geojson"),
        ] {
            try FileManager.default.copyItem(
                at: folder.appendingPathComponent(from), to: folder.appendingPathComponent(to))
        }
        // Buildings with subscribers (GCJ-02 points), and building footprints (polygons) from the catalogue.
        var buildings: [String] = []
        var footprints: [String] = []
        for (k, f) in try demo("catalogue.geojson").features.prefix(150).enumerated() {
            guard let c = point(f) else { continue }
            let g = gcj(c)
            buildings.append(
                #"{"type":"Feature","properties":{"subscribers":\#(40 + k)},"geometry":{"type":"Point","coordinates":[\#(g.x),\#(g.y)]}}"#
            )
            let ring = [(c.x, c.y), (c.x + 0.0002, c.y), (c.x + 0.0002, c.y + 0.0002), (c.x, c.y + 0.0002), (c.x, c.y)]
                .map { "[\($0.0),\($0.1)]" }.joined(separator: ",")
            footprints.append(
                #"{"type":"Feature","properties":{"id":"osm-\#(k)","building":"yes","type":"construction"},"geometry":{"type":"Polygon","coordinates":[[\#(ring)]]}}"#
            )
        }
        try CLI.write(
            "{\"type\":\"FeatureCollection\",\"features\":[" + buildings.joined(separator: ",") + "]}",
            "buildings.geojson", in: folder)
        try CLI.write(
            "{\"type\":\"FeatureCollection\",\"features\":[" + footprints.joined(separator: ",") + "]}",
            "osm-buildings.geojson", in: folder)
        // Weak points of a planar job (MathorCup-like, on 0…2499).
        var weak = "x,y,traffic\n"
        for k in 0..<400 { weak += "\((k * 37) % 2500),\((k * 91) % 2500),\(Double(k % 17) + 0.5)\n" }
        try CLI.write(weak, "weak_points.csv", in: folder)
        return folder
    }

    /// The planar job planar examples start from.
    static var planarBase: [String: Any] {
        [
            "name": "planar example", "crs": "planar",
            "demand": ["cell_m": 1, "points": ["file": "weak_points.csv", "weight": "traffic"]],
            "service": ["types": [["name": "micro", "radius_m": 10, "cost": 1]], "lattice": ["step_m": 1]],
            "objective": ["type": "min_cost", "coverage_target": 0.9],
        ]
    }

    /// The scenario an example stands for, per its directive.
    static func scenario(_ snippet: Snippet, demo: [String: Any]) throws -> [String: Any] {
        let trimmed = snippet.text.trimmingCharacters(in: .whitespacesAndNewlines)
        let object = trimmed.hasPrefix("{") ? trimmed : "{" + trimmed + "}"
        let members = try #require(
            JSONSerialization.jsonObject(with: Data(object.utf8)) as? [String: Any],
            "\(snippet.file):\(snippet.line): not JSON")
        let parts = snippet.directive.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        guard parts.contains("top-level") || parts.contains("in demand") else { return members }
        var base = parts.contains("planar") ? planarBase : demo
        if parts.contains("in demand") {
            var demand = base["demand"] as? [String: Any] ?? [:]
            for (key, value) in members { demand[key] = value }
            base["demand"] = demand
        } else {
            for (key, value) in members { base[key] = value }
        }
        return base
    }

    @Test("every ```json example in scenario.md and radio.md passes nrplan validate (no error, no unknown member)")
    func examplesValidate() throws {
        let folder = try Self.fixtures()
        defer { try? FileManager.default.removeItem(at: folder) }
        let demo = try #require(
            JSONSerialization.jsonObject(with: Data(contentsOf: folder.appendingPathComponent("scenario.json")))
                as? [String: Any])
        let snippets = try Self.snippets(in: "scenario.md") + Self.snippets(in: "radio.md")
        #expect(snippets.count >= 12, "found \(snippets.count) examples")
        #expect(snippets.contains { $0.text.contains(#""indoor": "low_loss""#) })
        for (k, snippet) in snippets.enumerated() {
            let scenario = try Self.scenario(snippet, demo: demo)
            let url = folder.appendingPathComponent("example-\(k).json")
            try JSONSerialization.data(withJSONObject: scenario, options: [.sortedKeys]).write(to: url)
            let run: CLI.Run
            if snippet.directive == "audit" {
                run = try CLI.run([
                    "audit", "--scenario", url.path, "--sites",
                    folder.appendingPathComponent("existing-sites.geojson").path,
                    "--out", folder.appendingPathComponent("audit-\(k)").path, "--quiet",
                ])
            } else {
                run = try CLI.run(["validate", url.path])
            }
            #expect(run.status == 0, "\(snippet.file):\(snippet.line) [\(snippet.directive)]: \(run.stderr)")
            #expect(!run.stderr.contains("unknown member"), "\(snippet.file):\(snippet.line): \(run.stderr)")
        }
    }
}
