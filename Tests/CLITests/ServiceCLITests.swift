import Foundation
import Testing

/// End-to-end tests of service-radius siting (`service` in a scenario), planar jobs, demand points
/// and `nrplan cluster`, running the built binary; coverage and spacing are recomputed here from
/// `sites.csv` with plain code.
@Suite("service-radius siting and clusters (end to end)", .serialized)
struct ServiceCLITests {
    struct Point {
        var x: Int
        var y: Int
        var w: Double
    }

    /// A planar job: 600 weighted integer points in clusters on a 300 × 300 plane, 12 existing
    /// sites (spacing only), macro r 12 / cost 8 and micro r 4 / cost 1 on the lattice, spacing > 4.
    static func planarJob(
        in folder: URL, objective: String = #"{"type": "min_cost", "coverage_target": 0.85}"#,
        sectors: Bool = false
    ) throws -> (scenario: URL, points: [Point], existing: [(Int, Int)]) {
        var state: UInt64 = 2022
        func next(_ n: Int) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((state >> 33) % UInt64(n))
        }
        var points: [Point] = []
        var seen = Set<[Int]>()
        let centres = (0..<12).map { _ in (20 + next(260), 20 + next(260)) }
        while points.count < 600 {
            let (cx, cy) = centres[next(centres.count)]
            let x = cx + next(31) - 15
            let y = cy + next(31) - 15
            guard seen.insert([x, y]).inserted else { continue }
            points.append(Point(x: x, y: y, w: Double(1 + next(100)) / 4))
        }
        var csv = "x,y,traffic\r\n"
        for p in points { csv += "\(p.x),\(p.y),\(p.w)\r\n" }
        try CLI.write(csv, "points.csv", in: folder)
        let existing = (0..<12).map { k in (10 + 25 * k, 150 + (k % 3) * 7) }
        try CLI.write(
            "id,x,y\n" + existing.enumerated().map { "E\($0),\($1.0),\($1.1)" }.joined(separator: "\n") + "\n",
            "existing.csv", in: folder)
        let sector = sectors ? #", "sectors": {"count": 3, "azimuth_step_deg": 30}"# : ""
        try CLI.write(
            """
            {"name": "planar test", "crs": "planar",
             "demand": {"cell_m": 1, "points": {"file": "points.csv", "weight": "traffic"}},
             "existing": {"file": "existing.csv", "covers": false},
             "service": {"types": [{"name": "macro", "radius_m": 12, "cost": 8, "search_step_m": 2\(sector)},
                                   {"name": "micro", "radius_m": 4, "cost": 1\(sector)}],
                         "min_spacing_m": 4, "lattice": {"step_m": 1, "bounds": [0, 0, 299, 299]}},
             "objective": \(objective), "seed": 3}
            """, "scenario.json", in: folder)
        return (folder.appendingPathComponent("scenario.json"), points, existing)
    }

    /// New sites of a sites.csv: (x, y, type, azimuths).
    static func newSites(_ folder: URL) throws -> [(x: Int, y: Int, type: String, azimuths: [Double])] {
        let text = try String(contentsOf: folder.appendingPathComponent("sites.csv"), encoding: .utf8)
        var lines = text.split(separator: "\n").map {
            $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        }
        let header = lines.removeFirst()
        let ix = try #require(header.firstIndex(of: "x"))
        let iy = try #require(header.firstIndex(of: "y"))
        let it = try #require(header.firstIndex(of: "type"))
        let ip = try #require(header.firstIndex(of: "plan"))
        let az = header.indices.filter { header[$0].hasPrefix("azimuth") }
        return try lines.filter { $0[ip] == "new" }.map { row in
            (try #require(Int(row[ix])), try #require(Int(row[iy])), row[it], az.compactMap { Double(row[$0]) })
        }
    }

    /// Covered weight fraction, recomputed: disc r (inclusive) or sectors (clockwise from +y, r·(1 − φ/120°) within ±60°).
    static func coverage(_ sites: [(x: Int, y: Int, type: String, azimuths: [Double])], _ points: [Point]) -> Double {
        var covered = 0.0
        for p in points {
            let hit = sites.contains { s in
                let r = s.type == "macro" ? 12.0 : 4.0
                let dx = Double(p.x - s.x)
                let dy = Double(p.y - s.y)
                let d = (dx * dx + dy * dy).squareRoot()
                guard d <= r else { return false }
                if s.azimuths.isEmpty || d == 0 { return true }
                let bearing = atan2(dx, dy) * 180 / .pi
                return s.azimuths.contains { a in
                    var phi = abs(bearing - a).truncatingRemainder(dividingBy: 360)
                    if phi > 180 { phi = 360 - phi }
                    return phi <= 60 && d <= r * (1 - phi / 120) + 1e-9 * r
                }
            }
            if hit { covered += p.w }
        }
        return covered / points.reduce(0) { $0 + $1.w }
    }

    static func summary(_ folder: URL) throws -> [String: Any] {
        try #require(
            JSONSerialization.jsonObject(with: Data(contentsOf: folder.appendingPathComponent("summary.json")))
                as? [String: Any])
    }

    @Test(
        "a planar min-cost job: no GeoJSON, sites.csv with x,y, spacing kept from new and existing sites, coverage reached, bound says it ignores spacing, same plan with 1 and 2 threads"
    )
    func planarMinCost() throws {
        let folder = try CLI.temporaryFolder("planar")
        defer { try? FileManager.default.removeItem(at: folder) }
        let job = try Self.planarJob(in: folder)
        var outputs: [String] = []
        for threads in [2, 1] {
            let out = folder.appendingPathComponent("out\(threads)")
            let run = try CLI.run(["solve", job.scenario.path, "--out", out.path, "--threads", "\(threads)", "--quiet"])
            #expect(run.status == 0, "\(run.stderr)")
            outputs.append(try String(contentsOf: out.appendingPathComponent("sites.csv"), encoding: .utf8))
        }
        #expect(outputs[0] == outputs[1])
        let out = folder.appendingPathComponent("out2")
        #expect(
            try FileManager.default.contentsOfDirectory(atPath: out.path).sorted() == [
                "map.svg", "report.html", "report.md", "sites.csv", "summary.json",
            ])
        #expect(outputs[0].hasPrefix("id,type,cost,plan,x,y,source\n"))
        let sites = try Self.newSites(out)
        #expect(!sites.isEmpty)
        for (a, s) in sites.enumerated() {
            for t in sites[(a + 1)...] {
                #expect((s.x - t.x) * (s.x - t.x) + (s.y - t.y) * (s.y - t.y) > 16, "new sites \(s) and \(t) within 4")
            }
            for e in job.existing {
                #expect(
                    (s.x - e.0) * (s.x - e.0) + (s.y - e.1) * (s.y - e.1) > 16,
                    "new site \(s) within 4 of existing \(e)")
            }
            #expect((0...299).contains(s.x) && (0...299).contains(s.y))
        }
        let recomputed = Self.coverage(sites, job.points)
        #expect(recomputed >= 0.85 - 1e-9)
        let s = try Self.summary(out)
        #expect(abs((s["coverage_ratio"] as? Double ?? -1) - recomputed) < 1e-6)
        #expect(s["crs"] as? String == "planar")
        #expect(s["bound_includes_spacing"] as? Bool == false)
        let cost = try #require(s["cost_total"] as? Double)
        let byType = try #require(s["sites_new_by_type"] as? [String: Any])
        let macro = byType["macro"] as? Int ?? -1
        let micro = byType["micro"] as? Int ?? -1
        #expect(Double(8 * macro + micro) == cost)
        #expect(sites.filter { $0.type == "macro" }.count == macro)
        let bound = try #require(s["lower_bound"] as? Double)
        #expect(bound <= cost)
        let service = try #require(s["service"] as? [String: Any])
        #expect((service["bound"] as? [String: Any])?["scope"] as? String == "lattice")
        #expect(s["coverage_ratio_existing"] as? Double == 0)
    }

    @Test(
        "three-sector sites at a budget: azimuth columns, pairwise ≥ 45° apart, coverage recomputed with the documented convention equals the summary"
    )
    func sectorsAtBudget() throws {
        let folder = try CLI.temporaryFolder("sectors")
        defer { try? FileManager.default.removeItem(at: folder) }
        let job = try Self.planarJob(in: folder, objective: #"{"type": "max_coverage", "budget": 40}"#, sectors: true)
        let out = folder.appendingPathComponent("out")
        let run = try CLI.run(["solve", job.scenario.path, "--out", out.path, "--threads", "2", "--quiet"])
        #expect(run.status == 0, "\(run.stderr)")
        let header = try String(contentsOf: out.appendingPathComponent("sites.csv"), encoding: .utf8).split(
            separator: "\n")[0]
        #expect(header == "id,type,cost,plan,x,y,azimuth_1_deg,azimuth_2_deg,azimuth_3_deg,source")
        let sites = try Self.newSites(out)
        #expect(sites.reduce(0) { $0 + ($1.type == "macro" ? 8 : 1) } <= 40)
        for site in sites {
            #expect(site.azimuths.count == 3)
            for a in 0..<3 {
                for b in (a + 1)..<3 {
                    let d = abs(site.azimuths[a] - site.azimuths[b])
                    #expect(min(d, 360 - d) >= 45)
                }
            }
        }
        let s = try Self.summary(out)
        #expect(abs((s["coverage_ratio"] as? Double ?? -1) - Self.coverage(sites, job.points)) < 1e-6)
    }

    @Test("bad planar inputs exit 2 naming file, line and field, and write nothing")
    func badInputs() throws {
        let folder = try CLI.temporaryFolder("badplanar")
        defer { try? FileManager.default.removeItem(at: folder) }
        let job = try Self.planarJob(in: folder)
        var csv = try String(contentsOf: folder.appendingPathComponent("points.csv"), encoding: .utf8)
        csv = csv.replacingOccurrences(of: "x,y,traffic\r\n", with: "x,y,traffic\r\nabc,5,1\r\n")
        try CLI.write(csv, "points.csv", in: folder)
        try CLI.write("id,x,y,type\nE1,5,5,tower\n", "existing.csv", in: folder)
        var scenario = try String(contentsOf: job.scenario, encoding: .utf8)
        scenario = scenario.replacingOccurrences(
            of: #""cost": 1}"#, with: #""cost": 1, "sectors": {"min_separation_deg": 150}}"#)
        try CLI.write(scenario, "scenario.json", in: folder)
        let out = folder.appendingPathComponent("out")
        let run = try CLI.run(["solve", job.scenario.path, "--out", out.path])
        #expect(run.status == 2)
        #expect(
            run.stderr.contains(
                "points.csv: line 2: field 'x': expected an x coordinate in metres (a finite number), found 'abc'"),
            "\(run.stderr)")
        #expect(
            run.stderr.contains(
                "existing.csv: line 2: field 'type': expected one of the service types (macro, micro), found 'tower'"),
            "\(run.stderr)")
        #expect(run.stderr.contains("field 'service.types[1].sectors.min_separation_deg'"), "\(run.stderr)")
        #expect(!FileManager.default.fileExists(atPath: out.path))

        // Planar and geographic files do not mix; a planar job needs service types.
        try CLI.write(
            #"{"crs": "planar", "demand": {"cell_m": 1, "points": {"file": "points.csv", "crs": "wgs84"}}, "objective": {"type": "min_cost", "coverage_target": 0.5}}"#,
            "mixed.json", in: folder)
        let mixed = try CLI.run(["validate", folder.appendingPathComponent("mixed.json").path])
        #expect(mixed.status == 2)
        #expect(
            mixed.stderr.contains(
                "field 'demand.points.crs': expected planar (the scenario's crs is planar; planar and geographic files do not mix), found 'wgs84'"
            ), "\(mixed.stderr)")
        #expect(
            mixed.stderr.contains(
                "field 'service': expected site types with a radius (planar jobs have no radio model), found nothing"),
            "\(mixed.stderr)")
    }

    @Test(
        "a geographic service job (1 km chargers on catalogue sites) writes sites.geojson with type and sites.csv with lon,lat"
    )
    func geographicService() throws {
        let folder = try CLI.temporaryFolder("geoservice")
        defer { try? FileManager.default.removeItem(at: folder) }
        let scenario = try CLI.smallScenario(in: folder) { files in
            files["scenario.json"] = """
                {"name":"chargers","area":"area.geojson","candidates":["candidates.geojson"],"exclusions":["park.geojson"],
                 "demand":{"cell_m":50},"service":{"types":[{"name":"charger","radius_m":1000,"cost":1}],"min_spacing_m":300},
                 "objective":{"type":"min_cost","coverage_target":0.95}}
                """
        }
        let out = folder.appendingPathComponent("out")
        let run = try CLI.run(["solve", scenario.path, "--out", out.path, "--threads", "2", "--quiet"])
        #expect(run.status == 0, "\(run.stderr)")
        let csv = try String(contentsOf: out.appendingPathComponent("sites.csv"), encoding: .utf8)
        #expect(csv.hasPrefix("id,type,cost,plan,lon,lat,source\n"))
        let sites = try #require(
            JSONSerialization.jsonObject(with: Data(contentsOf: out.appendingPathComponent("sites.geojson")))
                as? [String: Any])
        let features = try #require(sites["features"] as? [[String: Any]])
        #expect(!features.isEmpty)
        for feature in features {
            let properties = try #require(feature["properties"] as? [String: Any])
            #expect(properties["type"] as? String == "charger")
            #expect(properties["range_m"] as? Double == 1000)
        }
        let s = try Self.summary(out)
        #expect((s["coverage_ratio"] as? Double ?? 0) >= 0.95)
        #expect(csv.split(separator: "\n").count == features.count + 1)
    }

    @Test(
        "nrplan cluster: transitive clusters at a distance, members.csv per point, clusters.csv per site, usage and input errors exit 2"
    )
    func cluster() throws {
        let folder = try CLI.temporaryFolder("cluster")
        defer { try? FileManager.default.removeItem(at: folder) }
        // Chain 0-10-20-30 (one cluster at distance 10), a pair 100/105, a single point.
        try CLI.write("x,y\n0,0\n10,0\n20,0\n30,0\n100,100\n105,100\n500,500\n", "p.csv", in: folder)
        let out = folder.appendingPathComponent("out")
        let run = try CLI.run([
            "cluster", folder.appendingPathComponent("p.csv").path, "--distance", "10", "--out", out.path, "--quiet",
        ])
        #expect(run.status == 0, "\(run.stderr)")
        let s = try Self.summary(out)
        #expect(s["clusters"] as? Int == 3)
        #expect(s["singletons"] as? Int == 1)
        #expect(s["largest_cluster"] as? Int == 4)
        #expect(s["pairs_within_distance"] as? Int == 4)
        // Per point (members.csv, what clusters.csv held before issue 14) and per cluster (clusters.csv).
        let rows = try String(contentsOf: out.appendingPathComponent("members.csv"), encoding: .utf8).split(
            separator: "\n")
        #expect(rows.count == 8)
        #expect(rows.first == "line,x,y,cluster,cluster_size,site_id")
        #expect(rows.count > 7 && rows[1] == "2,0,0,1,4,site-1" && rows[7] == "8,500,500,3,1,site-3")
        let sites = try String(contentsOf: out.appendingPathComponent("clusters.csv"), encoding: .utf8).split(
            separator: "\n")
        #expect(
            sites == [
                "id,x,y,members,radius_m,diameter_m,member_lines", "site-1,15,0,4,15,30,2;3;4;5",
                "site-2,102.5,100,2,2.5,5,6;7", "site-3,500,500,1,0,0,8",
            ])
        // Strictly less than the distance would split the chain: 9.99 gives 6 clusters.
        let strict = try CLI.run([
            "cluster", folder.appendingPathComponent("p.csv").path, "--distance", "9.99", "--out", out.path, "--force",
            "--quiet",
        ])
        #expect(strict.status == 0)
        #expect(try Self.summary(out)["clusters"] as? Int == 6)
        let missing = try CLI.run(["cluster", "p.csv", "--out", out.path])
        #expect(missing.status == 2)
        #expect(missing.stderr.contains("--distance"))
        try CLI.write("a,b\n1,2\n", "q.csv", in: folder)
        let bad = try CLI.run([
            "cluster", folder.appendingPathComponent("q.csv").path, "--distance", "5", "--out",
            folder.appendingPathComponent("o2").path,
        ])
        #expect(bad.status == 2)
        #expect(
            bad.stderr.contains(
                "q.csv: line 1: field 'x': expected a column named 'easting' or 'x' or 'x_m' in the header, found columns 'a', 'b'"
            ), "\(bad.stderr)")
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("o2").path))
    }
}

/// The EV-charging example of `geodata/examples/ev-charging` (`make ev-example`).
@Suite("geodata/examples/ev-charging (end to end)")
struct EVChargingExampleTests {
    @Test(
        "every demand cell of 示范中区 ends within 1 km of a charger; the share before (existing chargers) is reported and lower; new chargers keep 500 m"
    )
    func example() throws {
        let out = try CLI.temporaryFolder("ev")
        defer { try? FileManager.default.removeItem(at: out) }
        let scenario = CLI.repositoryRoot.appendingPathComponent("geodata/examples/ev-charging/scenario.json")
        let run = try CLI.run(
            ["solve", scenario.path, "--out", out.path, "--threads", "2", "--force"], in: CLI.repositoryRoot)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("coverage      100.00% of demand (existing sites alone: "))
        let s = try ServiceCLITests.summary(out)
        #expect(s["coverage_ratio"] as? Double == 1)
        let before = try #require(s["coverage_ratio_existing"] as? Double)
        #expect(before > 0 && before < 1)
        let districts = try #require((s["continuity"] as? [String: Any])?["districts"] as? [[String: Any]])
        #expect(districts.map { $0["name"] as? String } == ["示范中区"])
        // New chargers: more than 500 m from each other and from the existing ones (lon/lat → metres locally).
        let rows = try String(contentsOf: out.appendingPathComponent("sites.csv"), encoding: .utf8).split(
            separator: "\n"
        ).dropFirst()
            .map { $0.split(separator: ",").map(String.init) }
        let sites = rows.map { (plan: $0[3], lon: Double($0[4]) ?? 0, lat: Double($0[5]) ?? 0) }
        #expect(sites.filter { $0.plan == "existing" }.count == 5)
        func metres(_ a: (plan: String, lon: Double, lat: Double), _ b: (plan: String, lon: Double, lat: Double))
            -> Double
        {
            let dx = (a.lon - b.lon) * 111_320 * cos(23.13 * Double.pi / 180)
            let dy = (a.lat - b.lat) * 110_574
            return (dx * dx + dy * dy).squareRoot()
        }
        for (i, a) in sites.enumerated() where a.plan == "new" {
            for b in sites[(i + 1)...] { #expect(metres(a, b) > 495, "chargers \(a) and \(b) closer than 500 m") }
        }
    }
}
