import Foundation
import Support
import Testing

@testable import Geo
@testable import Reporting

/// report.html: escaping of hostile text, the data encodings the page's script decodes, and the
/// accuracy of the raster's control lattice.
@Suite("report.html")
struct ReportHTMLTests {
    static let hostile = "示范</script><script>alert(\"x\")</script>&<b>'\u{2028}\u{2029}"

    @Test("JSON made safe for a <script> element keeps its value and holds no <, >, & or line separator")
    func scriptSafe() throws {
        let value: JSONValue = .object([
            ("name", .string(Self.hostile)), ("list", .array([.string("a<b"), .number(1)])),
        ])
        let safe = ReportHTML.scriptSafe(JSONWriter.string(value))
        for forbidden in ["<", ">", "&", "\u{2028}", "\u{2029}"] { #expect(!safe.contains(forbidden), "\(forbidden)") }
        #expect(try JSONParser.parse(Data(safe.utf8)) == value)
    }

    @Test("HTML escaping of text and attributes")
    func escapeHTML() {
        #expect(
            ReportHTML.escapeHTML(#"<a href="x">'&'</a>"#) == "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;")
        #expect(ReportHTML.escapeHTML("示范中区") == "示范中区")
    }

    @Test("a page with a hostile name has exactly its two script elements, and its data parse back to the page's")
    func hostilePage() throws {
        let page = ReportPage(
            title: Self.hostile, subtitle: "sub", frame: .wgs84,
            tables: [.init(id: "t", title: Self.hostile, columns: [("c", false)], rows: [.init([Self.hostile])])],
            layers: [
                MapLayer(
                    id: "sites", title: "Sites", kind: .points, labelKeys: ["name"],
                    features: [
                        Feature(
                            geometry: .point(Coordinate(x: 113.3, y: 23.1)),
                            properties: [("name", .string(Self.hostile))])
                    ])
            ])
        let html = ReportHTML.render(page)
        #expect(html.components(separatedBy: "</script>").count == 3)
        #expect(html.components(separatedBy: "<script").count == 3)
        #expect(html.contains("<title>示范&lt;/script&gt;&lt;script&gt;alert(&quot;x&quot;)"))
        let start = try #require(html.range(of: "<script type=\"application/json\" id=\"nrplan-data\">"))
        let end = try #require(html.range(of: "</script>", range: start.upperBound..<html.endIndex))
        let data = try JSONParser.parse(Data(html[start.upperBound..<end.lowerBound].utf8))
        #expect(data == (try JSONParser.parse(Data(ReportData.json(page).utf8))))
        #expect(data["title"]?.stringValue == Self.hostile)
    }

    @Test("run-length encoding: a hand-worked example and random images round-trip")
    func runLength() {
        #expect(Array(ReportData.runLengthEncoded([0, 0, 0, 1, 1, 2])) == [3 << 3, 2 << 3 | 1, 1 << 3 | 2])
        // A run of 300 needs two varint bytes: 300 << 3 = 2400 = 0x960 → 0xE0 0x12.
        #expect(Array(ReportData.runLengthEncoded([UInt8](repeating: 0, count: 300))) == [0xE0, 0x12])
        var state: UInt64 = 7
        for size in [0, 1, 2, 17, 1000, 50_000] {
            let pixels: [UInt8] = (0..<size).map { _ in
                state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
                // Long runs and short ones.
                return UInt8((state >> 60) < 12 ? 0 : (state >> 33) % 6)
            }
            #expect(ReportData.runLengthDecoded(ReportData.runLengthEncoded(pixels)) == pixels)
        }
    }

    @Test("geometry encoding: summing the deltas gives back the rounded coordinates, closing point dropped")
    func deltas() throws {
        let ring = [
            Coordinate(x: 113.3, y: 23.1), Coordinate(x: 113.3000004, y: 23.1), Coordinate(x: 113.31, y: 23.1),
            Coordinate(x: 113.31, y: 23.11), Coordinate(x: 113.3, y: 23.1),
        ]
        var out = ""
        ReportData.appendDeltas(ring, scale: 1e6, dropClosing: true, into: &out)
        let values = try #require(try JSONParser.parse(Data(out.utf8)).arrayValue).map { Int($0.doubleValue!) }
        var x = 0
        var y = 0
        var decoded: [(Int, Int)] = []
        for k in stride(from: 0, to: values.count, by: 2) {
            x += values[k]
            y += values[k + 1]
            decoded.append((x, y))
        }
        // 113.3000004 rounds onto 113.3 (repeat dropped); the closing point is dropped.
        let expected = [(113_300_000, 23_100_000), (113_310_000, 23_100_000), (113_310_000, 23_110_000)]
        #expect(decoded.count == expected.count)
        for (d, e) in zip(decoded, expected) { #expect(d == e) }
    }

    /// The page's affine map at the lattice cell nearest a point (ReportScript's `latticeCells` and
    /// `rasterAffine`, written again here).
    static func affine(
        _ lattice: (columns: Int, rows: Int, points: [Coordinate]), width: Double, height: Double, near p: Coordinate
    )
        -> (Double, Double) -> Coordinate
    {
        let (nx, ny, points) = lattice
        let du = width / Double(nx - 1)
        let dv = height / Double(ny - 1)
        var best: (d: Double, map: (Double, Double) -> Coordinate)?
        for b in 0..<(ny - 1) {
            for a in 0..<(nx - 1) {
                let p00 = points[b * nx + a]
                let p10 = points[b * nx + a + 1]
                let p01 = points[(b + 1) * nx + a]
                let p11 = points[(b + 1) * nx + a + 1]
                let eu = Coordinate(
                    x: (p10.x - p00.x + p11.x - p01.x) / (2 * du), y: (p10.y - p00.y + p11.y - p01.y) / (2 * du))
                let ev = Coordinate(
                    x: (p01.x - p00.x + p11.x - p10.x) / (2 * dv), y: (p01.y - p00.y + p11.y - p10.y) / (2 * dv))
                let c = Coordinate(x: (p00.x + p10.x + p01.x + p11.x) / 4, y: (p00.y + p10.y + p01.y + p11.y) / 4)
                let uc = (Double(a) + 0.5) * du
                let vc = (Double(b) + 0.5) * dv
                let d = (c.x - p.x) * (c.x - p.x) + (c.y - p.y) * (c.y - p.y)
                if best == nil || d < best!.d {
                    best = (
                        d,
                        { u, v in
                            Coordinate(
                                x: c.x + eu.x * (u - uc) + ev.x * (v - vc), y: c.y + eu.y * (u - uc) + ev.y * (v - vc))
                        }
                    )
                }
            }
        }
        return best!.map
    }

    @Test(
        "the raster lattice places grid points within 0.1 m near the view's centre and within half a pixel across a city"
    )
    func latticeAccuracy() {
        let projection = LocalProjection(centralMeridianDegrees: 113.4, originLatitudeDegrees: 23.2)
        // A 120 km × 140 km grid rectangle (Guangzhou's size), one image unit = one metre.
        let (x0, y1, width, height) = (-60_000.0, 70_000.0, 120_000.0, 140_000.0)
        let lattice = CoverageRaster.lattice(
            projection: projection, x0: x0, y1: y1, widthMeters: width, heightMeters: height)
        #expect(lattice.columns == 61 && lattice.rows == 65)
        var state: UInt64 = 3
        func uniform() -> Double {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Double(state >> 11) / Double(1 << 53)
        }
        func exact(_ u: Double, _ v: Double) -> Coordinate {
            CoverageRaster.mercatorOf(projection.unproject(Coordinate(x: x0 + u, y: y1 - v)))
        }
        // The whole city in a 900-pixel-high map (155 m per pixel): the page draws it in n × n blocks,
        // each with the affine map of the lattice cell at the block's centre (ReportScript's drawRaster).
        let pixelsPerMeter = 900 / height
        let reach = (0.25 / (5e-8 * pixelsPerMeter)).squareRoot()
        let n = max(1, min(8, Int((height / (2 * reach)).rounded(.up))))
        #expect(n == 3)
        var nearWorst = 0.0
        var cityWorst = 0.0
        for _ in 0..<400 {
            let u = uniform() * width
            let v = uniform() * height
            let p = exact(u, v)
            // Zoomed in: the view centred on the point itself.
            let local = Self.affine(lattice, width: width, height: height, near: p)(u, v)
            // Scale of Web Mercator at this latitude: display metres per ground metre.
            let k = 1 / cos(projection.unproject(Coordinate(x: x0 + u, y: y1 - v)).y * .pi / 180)
            nearWorst = max(nearWorst, hypot(local.x - p.x, local.y - p.y) / k)
            // The whole city in view: the affine of the cell at the centre of the point's block.
            let (bi, bj) = (min(n - 1, Int(u / width * Double(n))), min(n - 1, Int(v / height * Double(n))))
            let centre = exact((Double(bi) + 0.5) * width / Double(n), (Double(bj) + 0.5) * height / Double(n))
            let whole = Self.affine(lattice, width: width, height: height, near: centre)(u, v)
            cityWorst = max(cityWorst, hypot(whole.x - p.x, whole.y - p.y) / k)
        }
        #expect(nearWorst < 0.1, "zoomed-in error \(nearWorst) m")
        #expect(cityWorst * pixelsPerMeter < 0.5, "whole-city error \(cityWorst) m")
    }
}
