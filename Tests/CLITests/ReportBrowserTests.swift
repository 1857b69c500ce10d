import Foundation
import Testing

/// report.html opened in a real browser: headless Chromium driven over the DevTools protocol by
/// Tests/browser/report_driver.py (Python standard library only). The driver reports what the page
/// did — console messages, exceptions, network requests, dialogs, features drawn, popup text —
/// and takes screenshots; this suite asserts.
@Suite("report.html in Chromium (end to end)", .serialized)
struct ReportBrowserTests {
    /// The first Chromium on PATH (or NRPLAN_CHROMIUM).
    static let chromium: String? = {
        if let path = ProcessInfo.processInfo.environment["NRPLAN_CHROMIUM"] { return path }
        return ["chromium", "chromium-browser", "google-chrome"].lazy.compactMap(executable).first
    }()

    static func executable(_ name: String) -> String? {
        for folder in (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin").split(separator: ":") {
            let path = "\(folder)/\(name)"
            if FileManager.default.isExecutableFile(atPath: path) { return path }
        }
        return nil
    }

    /// Where the screenshots go: NRPLAN_SCREENSHOTS, else out/screenshots/report-html in the clone.
    static var screenshots: URL {
        if let path = ProcessInfo.processInfo.environment["NRPLAN_SCREENSHOTS"] { return URL(fileURLWithPath: path) }
        return CLI.repositoryRoot.appendingPathComponent("out/screenshots/report-html")
    }

    /// Runs the driver on a page with the given steps and returns its report.
    static func drive(_ page: URL, steps: [[String: Any]], shots: URL) throws -> [String: Any] {
        let python = try #require(executable("python3"), "python3 is needed to drive Chromium (CI installs it)")
        let chromium = try #require(Self.chromium)
        let stepsJSON = String(decoding: try JSONSerialization.data(withJSONObject: steps), as: UTF8.self)
        let run = try CLI.run(
            [
                CLI.repositoryRoot.appendingPathComponent("Tests/browser/report_driver.py").path, "--chromium",
                chromium,
                "--page", page.path, "--shots", shots.path, "--steps", stepsJSON,
            ], executable: URL(fileURLWithPath: python))
        #expect(run.status == 0, "driver failed: \(run.stderr)")
        return try #require(JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
    }

    /// The page did nothing wrong: no console message of level error or warning, no exception, no
    /// log error, no dialog, and no request but the page itself.
    static func expectClean(_ report: [String: Any], page: URL) {
        #expect(report["ready"] as? Bool == true, "the page never became ready")
        let console = (report["console"] as? [[String: Any]]) ?? []
        #expect(
            console.filter { ["error", "warning", "assert"].contains($0["type"] as? String ?? "") }.isEmpty,
            "\(console)")
        #expect((report["exceptions"] as? [Any])?.isEmpty == true, "\(report["exceptions"] ?? "")")
        let log = (report["log"] as? [[String: Any]]) ?? []
        #expect(log.filter { $0["level"] as? String == "error" }.isEmpty, "\(log)")
        #expect((report["dialogs"] as? [Any])?.isEmpty == true, "a dialog opened: \(report["dialogs"] ?? "")")
        let requests = (report["requests"] as? [String]) ?? []
        #expect(requests.allSatisfy { $0.hasPrefix("file://") && $0.hasSuffix(page.lastPathComponent) }, "\(requests)")
    }

    static func featureCount(_ file: URL) throws -> Int {
        let json = try #require(JSONSerialization.jsonObject(with: Data(contentsOf: file)) as? [String: Any])
        return try #require(json["features"] as? [Any]).count
    }

    static func properties(_ file: URL) throws -> [[String: Any]] {
        let json = try #require(JSONSerialization.jsonObject(with: Data(contentsOf: file)) as? [String: Any])
        return try #require(json["features"] as? [[String: Any]]).map { $0["properties"] as? [String: Any] ?? [:] }
    }

    static func steps(_ report: [String: Any]) -> [[String: Any]] { report["steps"] as? [[String: Any]] ?? [] }

    @Test(
        "the demo's report: clean load, every site and hole drawn, a clicked site shows its id, a district and a hole zoomed",
        .enabled(if: chromium != nil, "chromium is not installed (CI installs Debian's chromium)"))
    func demo() throws {
        let folder = try CLI.temporaryFolder("browser-demo")
        defer { try? FileManager.default.removeItem(at: folder) }
        let out = folder.appendingPathComponent("demo")
        let solve = try CLI.run(["demo", "--out", out.path, "--threads", "2", "--quiet"], in: CLI.repositoryRoot)
        #expect(solve.status == 0, "\(solve.stderr)")
        let sites = try Self.properties(out.appendingPathComponent("sites.geojson"))
        let holes = try Self.featureCount(out.appendingPathComponent("holes.geojson"))
        let existing = try #require(sites.firstIndex { $0["plan"] as? String == "existing" })
        let page = out.appendingPathComponent("report.html")
        let report = try Self.drive(
            page,
            steps: [
                ["shot": "demo-overview.png"],
                ["click_feature": ["sites", 0], "shot": "demo-site-clicked.png"],
                ["click_feature": ["sites", existing]],
                ["click_row": ["districts", 0], "shot": "demo-district-zoomed.png"],
                ["click_row": ["holes", 0], "shot": "demo-largest-hole.png"],
                ["wheel": [500, 400, -500]],
            ], shots: Self.screenshots)
        Self.expectClean(report, page: page)
        print("report.html: ready in \(report["load_ms"] ?? "?") ms; screenshots in \(Self.screenshots.path)")
        let stats = try #require(report["stats"] as? [String: Any])
        let drawn = try #require(stats["drawn"] as? [String: Int])
        #expect(drawn["sites"] == sites.count, "site markers drawn")
        #expect(drawn["holes"] == holes, "hole shapes drawn")
        #expect(drawn["districts"] == 4 && drawn["exclusions"] == 3 && drawn["coverage"] == 1)
        let steps = Self.steps(report)
        #expect(steps.count == 6)
        // A click on a site's marker opens its popup with its id, name and owner.
        let popup = try #require(steps[1]["popup"] as? String, "no popup after clicking a site")
        let id = try #require(sites[0]["id"] as? String)
        #expect(popup.contains(id) && popup.contains(sites[0]["name"] as? String ?? "?"))
        #expect(popup.contains(sites[0]["owner"] as? String ?? "?") && popup.contains("range_m"))
        let second = try #require(steps[2]["popup"] as? String)
        #expect(second.contains(sites[existing]["id"] as? String ?? "?") && second.contains("existing"))
        // A district row zooms the map onto the district; fewer holes are in view.
        let district = try #require(steps[3]["popup"] as? String)
        #expect(district.contains("示范中区"))
        let zoomed = try #require(steps[3]["stats"] as? [String: Any])["drawn"] as? [String: Int]
        #expect((zoomed?["holes"] ?? holes) < holes)
        // The largest hole's row zooms further and opens the hole (holes.geojson lists it first).
        let hole = try #require(steps[4]["popup"] as? String)
        let largest = try #require(try Self.properties(out.appendingPathComponent("holes.geojson")).first)
        #expect(hole.contains("hole_id") && hole.contains("\(largest["hole_id"] ?? "?")"))
        let before = try #require(steps[3]["view"] as? [String: Double])["pixelsPerUnit"] ?? 0
        let after = try #require(steps[4]["view"] as? [String: Double])["pixelsPerUnit"] ?? 0
        #expect(after > before)
        // The wheel zooms in.
        let wheel = try #require(steps[5]["view"] as? [String: Double])["pixelsPerUnit"] ?? 0
        #expect(wheel > after)
        for name in ["demo-overview.png", "demo-site-clicked.png", "demo-district-zoomed.png", "demo-largest-hole.png"]
        {
            let size =
                (try? FileManager.default.attributesOfItem(atPath: Self.screenshots.appendingPathComponent(name).path))?[
                    .size] as? Int
            #expect((size ?? 0) > 20_000, "\(name) missing or empty")
        }
    }

    @Test(
        "names holding </script>, quotes and markup stay text: no dialog, no error, the popup shows them verbatim",
        .enabled(if: chromium != nil, "chromium is not installed (CI installs Debian's chromium)"))
    func hostileNames() throws {
        let folder = try CLI.temporaryFolder("browser-hostile")
        defer { try? FileManager.default.removeItem(at: folder) }
        let hostile = #"站点</script><script>alert("x")</script><b>粗</b>'&amp;"#
        let escaped = hostile.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
        let scenario = try CLI.smallScenario(in: folder) { files in
            files["candidates.geojson"] = files["candidates.geojson"]!.replacingOccurrences(
                of: "\"name\":\"候选站点", with: "\"name\":\"\(escaped)")
            files["area.geojson"] = files["area.geojson"]!.replacingOccurrences(of: "西区", with: "西区</script>\\\"")
        }
        let out = folder.appendingPathComponent("out")
        let solve = try CLI.run(["solve", scenario.path, "--out", out.path, "--threads", "2", "--quiet"])
        #expect(solve.status == 0, "\(solve.stderr)")
        let sites = try Self.properties(out.appendingPathComponent("sites.geojson"))
        let index = try #require(sites.firstIndex { ($0["name"] as? String)?.hasPrefix("站点</script>") == true })
        let page = out.appendingPathComponent("report.html")
        let report = try Self.drive(
            page, steps: [["click_feature": ["sites", index], "shot": "hostile-site.png"]], shots: Self.screenshots)
        Self.expectClean(report, page: page)
        let popup = try #require(Self.steps(report).first?["popup"] as? String)
        #expect(popup.contains(sites[index]["name"] as? String ?? "?"))
        let drawn = try #require((report["stats"] as? [String: Any])?["drawn"] as? [String: Int])
        #expect(drawn["sites"] == sites.count)
    }

    @Test(
        "a planar run's report: planar metres, no basemap, every site and hole drawn",
        .enabled(if: chromium != nil, "chromium is not installed (CI installs Debian's chromium)"))
    func planar() throws {
        let folder = try CLI.temporaryFolder("browser-planar")
        defer { try? FileManager.default.removeItem(at: folder) }
        let job = try ServiceCLITests.planarJob(in: folder)
        let out = folder.appendingPathComponent("out")
        let solve = try CLI.run(["solve", job.scenario.path, "--out", out.path, "--threads", "2", "--quiet"])
        #expect(solve.status == 0, "\(solve.stderr)")
        let rows =
            try String(contentsOf: out.appendingPathComponent("sites.csv"), encoding: .utf8)
            .split(separator: "\n").count - 1
        let summary = try #require(
            JSONSerialization.jsonObject(with: Data(contentsOf: out.appendingPathComponent("summary.json")))
                as? [String: Any])
        let page = out.appendingPathComponent("report.html")
        let report = try Self.drive(
            page, steps: [["shot": "planar-overview.png"], ["click_feature": ["sites", 0]]], shots: Self.screenshots)
        Self.expectClean(report, page: page)
        let drawn = try #require((report["stats"] as? [String: Any])?["drawn"] as? [String: Int])
        #expect(drawn["sites"] == rows)
        #expect(drawn["holes"] == summary["holes_count"] as? Int)
        let popup = try #require(Self.steps(report).last?["popup"] as? String)
        #expect(popup.contains("x ") && popup.contains(" m, y "), "planar coordinates in the popup: \(popup)")
    }

    @Test(
        "the diff's report: clean load, every site and hole change drawn, a row opens its change",
        .enabled(if: chromium != nil, "chromium is not installed (CI installs Debian's chromium)"))
    func diff() throws {
        let folder = try CLI.temporaryFolder("browser-diff")
        defer { try? FileManager.default.removeItem(at: folder) }
        let a = folder.appendingPathComponent("a")
        let b = folder.appendingPathComponent("b")
        let small = try CLI.smallScenario(in: folder.appendingPathComponent("s80").creating(), target: 0.8)
        let large = try CLI.smallScenario(in: folder.appendingPathComponent("s90").creating(), target: 0.9)
        for (scenario, out) in [(small, a), (large, b)] {
            let run = try CLI.run(["solve", scenario.path, "--out", out.path, "--threads", "2", "--quiet"])
            #expect(run.status == 0, "\(run.stderr)")
        }
        let out = folder.appendingPathComponent("diff")
        let run = try CLI.run(["diff", a.path, b.path, "--out", out.path, "--quiet"])
        #expect(run.status == 0, "\(run.stderr)")
        let page = out.appendingPathComponent("report.html")
        let report = try Self.drive(
            page, steps: [["shot": "diff-overview.png"], ["click_row": ["site-changes", 0]]], shots: Self.screenshots)
        Self.expectClean(report, page: page)
        let drawn = try #require((report["stats"] as? [String: Any])?["drawn"] as? [String: Int])
        #expect(drawn["sites"] == (try Self.featureCount(out.appendingPathComponent("sites-diff.geojson"))))
        #expect(drawn["holes"] == (try Self.featureCount(out.appendingPathComponent("holes-diff.geojson"))))
        #expect(drawn["coverage-change"] == 1)
        let changes = try Self.properties(out.appendingPathComponent("sites-diff.geojson"))
        if let first = changes.first(where: { $0["change"] as? String != "kept" }) {
            let popup = try #require(Self.steps(report).last?["popup"] as? String)
            #expect(popup.contains(first["id"] as? String ?? "?") && popup.contains(first["change"] as? String ?? "?"))
        }
    }
}

extension URL {
    /// Creates the folder (and its parents) and returns it.
    func creating() throws -> URL {
        try FileManager.default.createDirectory(at: self, withIntermediateDirectories: true)
        return self
    }
}
