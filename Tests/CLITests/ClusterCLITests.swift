import Foundation
import Support
import Testing

@testable import Geo

/// `nrplan cluster` as the cells-to-sites step (issue 14): coordinates follow the input, one row per
/// cluster, a diameter bound against chains, deterministic, and the output a site file as it is.
@Suite("nrplan cluster: cells to sites (end to end)", .serialized)
struct ClusterCLITests {
    static let projection = LocalProjection(centralMeridianDegrees: 113.30, originLatitudeDegrees: 23.12)

    /// 40 sites on a 250 m lattice with 3 cells each (a few metres to 20 m from the site), plus a
    /// chain of 25 cells 45 m apart; ids `cell-<site>-<k>` and `chain-<k>`.
    static func cells() -> [(id: String, position: Coordinate)] {
        var cells: [(String, Coordinate)] = []
        for site in 0..<40 {
            let centre = Coordinate(x: Double(site % 8) * 250, y: Double(site / 8) * 250)
            for (k, offset) in [(14.0, 3.0), (-8.0, 12.0), (-2.0, -16.0)].enumerated() {
                cells.append(
                    (
                        "cell-\(site)-\(k)",
                        projection.unproject(Coordinate(x: centre.x + offset.0, y: centre.y + offset.1))
                    ))
            }
        }
        for k in 0..<25 {
            cells.append(("chain-\(k)", projection.unproject(Coordinate(x: -400 + Double(k) * 45, y: -300))))
        }
        return cells
    }

    static func geoJSON(_ cells: [(id: String, position: Coordinate)]) -> String {
        let features = cells.map { cell in
            #"{"type":"Feature","properties":{"id":"\#(cell.id)","azimuth":120},"geometry":{"type":"Point","coordinates":[\#(Precision.degrees.text(cell.position.x)),\#(Precision.degrees.text(cell.position.y))]}}"#
        }
        return "{\"type\":\"FeatureCollection\",\"features\":[\n" + features.joined(separator: ",\n") + "]}"
    }

    static func csv(_ rows: [[String]]) -> [[String]] { rows }

    static func readCSV(_ url: URL) throws -> [[String: String]] {
        let lines = try String(contentsOf: url, encoding: .utf8).split(separator: "\n").map(String.init)
        let header = lines[0].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        return lines.dropFirst().map { line in
            Dictionary(
                uniqueKeysWithValues: zip(
                    header, line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)))
        }
    }

    @Test("GeoJSON is WGS-84 without --crs: clusters in metres, centroids to 7 decimals, one row per cluster")
    func geoJSONIsWGS84() throws {
        let folder = try CLI.temporaryFolder("cluster-geojson")
        defer { try? FileManager.default.removeItem(at: folder) }
        let cells = Self.cells()
        let input = try CLI.write(Self.geoJSON(cells), "cells.geojson", in: folder)
        let out = folder.appendingPathComponent("sites")
        let run = try CLI.run(["cluster", input.path, "--distance", "40", "--out", out.path])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("(WGS-84)"))
        let rows = try Self.readCSV(out.appendingPathComponent("clusters.csv"))
        // 40 three-cell sites; the chain (45 m steps) stays 25 single cells at 40 m.
        #expect(rows.count == 40 + 25)
        #expect(rows.prefix(3).map { $0["id"] } == ["site-1", "site-2", "site-3"])
        let first = try #require(rows.first { $0["member_ids"] == "cell-0-0;cell-0-1;cell-0-2" })
        let centroid = Self.projection.project(
            Coordinate(x: Double(try #require(first["lon"]))!, y: Double(try #require(first["lat"]))!))
        #expect(abs(centroid.x - 4.0 / 3) < 0.02 && abs(centroid.y - (-1.0 / 3)) < 0.02)
        #expect((first["lon"] ?? "").split(separator: ".").last.map(\.count) ?? 0 >= 5)
        #expect(first["members"] == "3")
        let radius = try #require(Double(first["radius_m"] ?? ""))
        let diameter = try #require(Double(first["diameter_m"] ?? ""))
        #expect(radius > 10 && radius < 20 && diameter > 20 && diameter < 35)
        // clusters.geojson: the same clusters as RFC 7946 points.
        let geo = try GeoJSONReader.read(contentsOf: out.appendingPathComponent("clusters.geojson"))
        #expect(geo.features.count == rows.count)
        #expect(
            geo.features[0][property: "member_ids"]
                == .array([.string("cell-0-0"), .string("cell-0-1"), .string("cell-0-2")]))
        let members = try Self.readCSV(out.appendingPathComponent("members.csv"))
        #expect(members.count == cells.count && members[0]["site_id"] == "site-1" && members[0]["id"] == "cell-0-0")
        let summary = try #require(
            JSONSerialization.jsonObject(with: Data(contentsOf: out.appendingPathComponent("summary.json")))
                as? [String: Any])
        #expect((summary["input"] as? [String: Any])?["crs"] as? String == "wgs84")
    }

    @Test(
        "a chain of cells: single linkage at 60 m grows a 1 km 'site'; --max-diameter 150 keeps every site within 150 m"
    )
    func maxDiameter() throws {
        let folder = try CLI.temporaryFolder("cluster-chain")
        defer { try? FileManager.default.removeItem(at: folder) }
        let input = try CLI.write(Self.geoJSON(Self.cells()), "cells.geojson", in: folder)
        let single = folder.appendingPathComponent("single")
        let bounded = folder.appendingPathComponent("bounded")
        #expect(try CLI.run(["cluster", input.path, "--distance", "60", "--out", single.path, "--quiet"]).status == 0)
        let run = try CLI.run([
            "cluster", input.path, "--distance", "60", "--max-diameter", "150", "--out", bounded.path,
        ])
        #expect(run.status == 0, "\(run.stderr)")
        let chain = try Self.readCSV(single.appendingPathComponent("clusters.csv")).filter {
            ($0["member_ids"] ?? "").hasPrefix("chain")
        }
        #expect(chain.count == 1 && chain[0]["members"] == "25")
        #expect(Double(chain[0]["diameter_m"] ?? "") ?? 0 > 1_000)
        let rows = try Self.readCSV(bounded.appendingPathComponent("clusters.csv"))
        #expect(rows.allSatisfy { Double($0["diameter_m"] ?? "") ?? .infinity <= 150 })
        // Every member pair within 150 m, measured independently from the input (pairwise, in metres).
        let cells = Dictionary(uniqueKeysWithValues: Self.cells().map { ($0.id, Self.projection.project($0.position)) })
        for row in rows {
            let points = (row["member_ids"] ?? "").split(separator: ";").compactMap { cells[String($0)] }
            for a in points {
                for b in points {
                    #expect(((a.x - b.x) * (a.x - b.x) + (a.y - b.y) * (a.y - b.y)).squareRoot() <= 150.01)
                }
            }
        }
        // The three-cell sites are untouched.
        #expect(rows.filter { ($0["member_ids"] ?? "").hasPrefix("cell-") }.count == 40)
        let summary = try #require(
            JSONSerialization.jsonObject(with: Data(contentsOf: bounded.appendingPathComponent("summary.json")))
                as? [String: Any])
        #expect((summary["single_linkage"] as? [String: Any])?["largest_cluster"] as? Int == 25)
        #expect(summary["max_diameter_m"] as? Double == 150)
        // Deterministic: a second run writes the same clusters.
        let again = folder.appendingPathComponent("again")
        _ = try CLI.run([
            "cluster", input.path, "--distance", "60", "--max-diameter", "150", "--out", again.path, "--quiet",
        ])
        for name in ["clusters.csv", "clusters.geojson", "members.csv"] {
            #expect(
                try Data(contentsOf: bounded.appendingPathComponent(name))
                    == Data(contentsOf: again.appendingPathComponent(name)))
        }
    }

    @Test("CSV: lon/lat columns mean WGS-84; x/y planar; planar values that look like degrees are warned about")
    func csvCoordinateSystems() throws {
        let folder = try CLI.temporaryFolder("cluster-csv")
        defer { try? FileManager.default.removeItem(at: folder) }
        let cells = Self.cells().prefix(30)
        let lonLat =
            "id,lon,lat\n" + cells.map { "\($0.id),\($0.position.x),\($0.position.y)" }.joined(separator: "\n") + "\n"
        let geographic = try CLI.write(lonLat, "cells.csv", in: folder)
        let run = try CLI.run([
            "cluster", geographic.path, "--distance", "40", "--out", folder.appendingPathComponent("a").path,
        ])
        #expect(run.status == 0 && run.stdout.contains("(WGS-84)"), "\(run.stderr)")
        #expect(try Self.readCSV(folder.appendingPathComponent("a/clusters.csv")).count == 10)
        // The same degrees under x/y headers: read as metres (one cluster), with a warning.
        let asXY = try CLI.write(lonLat.replacingOccurrences(of: "id,lon,lat", with: "id,x,y"), "xy.csv", in: folder)
        let planar = try CLI.run([
            "cluster", asXY.path, "--distance", "40", "--out", folder.appendingPathComponent("b").path,
        ])
        #expect(planar.status == 0)
        #expect(planar.stderr.contains("they look like longitude/latitude degrees read as metres"), "\(planar.stderr)")
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("b/clusters.geojson").path))
        // --crs declares it: the same file read as WGS-84.
        let declared = try CLI.run([
            "cluster", asXY.path, "--crs", "wgs84", "--x", "x", "--y", "y", "--distance", "40", "--out",
            folder.appendingPathComponent("c").path, "--quiet",
        ])
        #expect(declared.status == 0, "\(declared.stderr)")
        #expect(try Self.readCSV(folder.appendingPathComponent("c/clusters.csv")).count == 10)
        // A table published in BD-09 (lng/lat): --crs bd09 converts it on reading; the sites are the
        // WGS-84 run's within a millimetre (7 decimals ≈ 1 cm, so equal to the printed digit or next).
        let bd09 =
            "cell_id,lng,lat\n"
            + cells.map {
                let p = CoordinateSystem.bd09.fromWGS84($0.position)
                return "\($0.id),\(p.x),\(p.y)"
            }.joined(separator: "\n") + "\n"
        let published = try CLI.write(bd09, "bd09.csv", in: folder)
        let converted = try CLI.run([
            "cluster", published.path, "--crs", "bd09", "--id", "cell_id", "--distance", "40", "--out",
            folder.appendingPathComponent("d").path,
        ])
        #expect(converted.status == 0, "\(converted.stderr)")
        #expect(converted.stdout.contains("(BD-09 converted to WGS-84)"), "\(converted.stdout)")
        let wgs = try Self.readCSV(folder.appendingPathComponent("a/clusters.csv"))
        let fromBD = try Self.readCSV(folder.appendingPathComponent("d/clusters.csv"))
        #expect(fromBD.count == wgs.count)
        for (a, b) in zip(wgs, fromBD) {
            #expect(a["member_ids"] == b["member_ids"] && a["members"] == b["members"])
            for key in ["lon", "lat"] {
                #expect(abs((Double(a[key] ?? "") ?? 0) - (Double(b[key] ?? "") ?? 1)) <= 1.5e-7, "\(a) \(b)")
            }
        }
    }

    @Test("clusters.csv feeds `existing` as it is: validate, solve, and audit --sites accept it")
    func feedsExisting() throws {
        let folder = try CLI.temporaryFolder("cluster-existing")
        defer { try? FileManager.default.removeItem(at: folder) }
        let scenario = try CLI.smallScenario(in: folder)
        // Cells around three points of the small scenario's area.
        var cells: [(id: String, position: Coordinate)] = []
        for (s, lon) in [113.288, 113.300, 113.312].enumerated() {
            for k in 0..<3 {
                cells.append(("c\(s)-\(k)", Coordinate(x: lon + Double(k) * 0.0001, y: 23.12 + Double(k) * 0.0001)))
            }
        }
        let input = try CLI.write(Self.geoJSON(cells), "cells.geojson", in: folder)
        let sites = folder.appendingPathComponent("sites")
        #expect(
            try CLI.run(["cluster", input.path, "--max-diameter", "100", "--out", sites.path, "--quiet"]).status == 0)
        var text = try String(contentsOf: scenario, encoding: .utf8)
        text = text.replacingOccurrences(
            of: #""existing":"existing.geojson""#, with: #""existing":["existing.geojson","sites/clusters.csv"]"#)
        try text.write(to: scenario, atomically: true, encoding: .utf8)
        let validate = try CLI.run(["validate", scenario.path])
        #expect(validate.status == 0, "\(validate.stderr)")
        #expect(validate.stdout.contains("4 existing sites"), "\(validate.stdout)")
        let out = folder.appendingPathComponent("plan")
        let solve = try CLI.run(["solve", scenario.path, "--out", out.path, "--quiet"])
        #expect(solve.status == 0, "\(solve.stderr)")
        let planned = try String(contentsOf: out.appendingPathComponent("sites.csv"), encoding: .utf8)
        for id in ["site-1", "site-2", "site-3"] { #expect(planned.contains("\(id),tower,0,existing")) }
        let audit = try CLI.run([
            "audit", "--area", folder.appendingPathComponent("area.geojson").path, "--sites",
            sites.appendingPathComponent("clusters.geojson").path, "--out", folder.appendingPathComponent("audit").path,
            "--quiet",
        ])
        #expect(audit.status == 0, "\(audit.stderr)")
    }
}
