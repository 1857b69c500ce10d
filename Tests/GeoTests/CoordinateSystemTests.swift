import Foundation
import Geo
import Testing

/// GCJ-02 / BD-09 ⇄ WGS-84: the forward transforms against published reference values, the
/// iterated inverses by round trips.
@Suite("Coordinate systems: GCJ-02 and BD-09")
struct CoordinateSystemTests {
    /// Distance in metres between two nearby lon/lat points (local equirectangular approximation,
    /// good to 0.1 % over a few kilometres — ample for centimetre-scale errors).
    static func meters(_ a: Coordinate, _ b: Coordinate) -> Double {
        let metersPerDegree = 111_319.49
        let dx = (a.x - b.x) * metersPerDegree * cos((a.y + b.y) / 2 * .pi / 180)
        let dy = (a.y - b.y) * metersPerDegree
        return (dx * dx + dy * dy).squareRoot()
    }

    /// WGS-84 → GCJ-02 reference pairs (lon, lat).
    /// - wandergis/coordtransform, test/app.js: `wgs84togcj02(116.404, 39.915)` →
    ///   `[116.41024449916938, 39.91640428150164]`.
    /// - googollee/eviltransform, python/test.py `TESTS` (Shanghai, Shenzhen, Beijing), given there as
    ///   (wgsLat, wgsLng, gcjLat, gcjLng).
    static let forwardReferences: [(wgs: Coordinate, gcj: Coordinate, source: String)] = [
        (
            Coordinate(x: 116.404, y: 39.915), Coordinate(x: 116.41024449916938, y: 39.91640428150164),
            "coordtransform test/app.js"
        ),
        (
            Coordinate(x: 121.5272106, y: 31.1774276), Coordinate(x: 121.531541859215, y: 31.17530398364597),
            "eviltransform python/test.py (Shanghai)"
        ),
        (
            Coordinate(x: 113.912316, y: 22.543847), Coordinate(x: 113.9171764808363, y: 22.540796131694766),
            "eviltransform python/test.py (Shenzhen)"
        ),
        (
            Coordinate(x: 116.377817, y: 39.911954), Coordinate(x: 116.38404722455657, y: 39.91334545536069),
            "eviltransform python/test.py (Beijing)"
        ),
    ]

    @Test("WGS-84 → GCJ-02 matches published reference points to 1e-9°")
    func forwardMatchesPublishedPoints() {
        for reference in Self.forwardReferences {
            let gcj = GCJ02.fromWGS84(reference.wgs)
            #expect(
                abs(gcj.x - reference.gcj.x) < 1e-9 && abs(gcj.y - reference.gcj.y) < 1e-9,
                "\(reference.source): got \(gcj), published \(reference.gcj)")
            #expect(CoordinateSystem.gcj02.fromWGS84(reference.wgs) == gcj)
        }
    }

    @Test("GCJ-02 → BD-09 matches the published point; BD-09 → GCJ-02 inverts it exactly")
    func bd09MatchesPublishedPoints() {
        // wandergis/coordtransform, test/app.js: gcj02tobd09(116.404, 39.915) → [116.41036949371029, 39.92133699351021].
        let bd = BD09.fromGCJ02(Coordinate(x: 116.404, y: 39.915))
        #expect(abs(bd.x - 116.41036949371029) < 1e-9 && abs(bd.y - 39.92133699351021) < 1e-9)
        // bd09togcj02(116.404, 39.915) → [116.39762729119315, 39.90865673957631] there, with the
        // one-step approximate inverse; ours refines it, so it agrees within that method's error
        // (< 1e-6°, 0.1 m) and maps back onto the input to 1e-9°.
        let gcj = BD09.toGCJ02(Coordinate(x: 116.404, y: 39.915))
        #expect(abs(gcj.x - 116.39762729119315) < 1e-6 && abs(gcj.y - 39.90865673957631) < 1e-6)
        let back = BD09.fromGCJ02(gcj)
        #expect(abs(back.x - 116.404) < 1e-9 && abs(back.y - 39.915) < 1e-9)
    }

    @Test("GCJ-02 → WGS-84 → GCJ-02 and back: round trips under 0.01 m over a 50 km grid around Guangzhou")
    func roundTripAroundGuangzhou() {
        // 51 × 51 points 1 km apart, centred on Guangzhou (113.2644° E, 23.1291° N).
        let center = Coordinate(x: 113.2644, y: 23.1291)
        let degreesPerKmLat = 1 / 110.574
        let degreesPerKmLon = 1 / (111.320 * cos(center.y * .pi / 180))
        var worstGCJ = 0.0
        var worstWGS = 0.0
        var worstBD = 0.0
        var largestOffset = 0.0
        var smallestOffset = Double.infinity
        for i in -25...25 {
            for j in -25...25 {
                let p = Coordinate(x: center.x + Double(i) * degreesPerKmLon, y: center.y + Double(j) * degreesPerKmLat)
                // p as a GCJ-02 point: to WGS-84 and back.
                let wgs = CoordinateSystem.gcj02.toWGS84(p)
                worstGCJ = max(worstGCJ, Self.meters(CoordinateSystem.gcj02.fromWGS84(wgs), p))
                // p as a WGS-84 point: to GCJ-02 and back.
                let gcj = GCJ02.fromWGS84(p)
                worstWGS = max(worstWGS, Self.meters(GCJ02.toWGS84(gcj), p))
                // p as a WGS-84 point: to BD-09 and back.
                worstBD = max(
                    worstBD, Self.meters(CoordinateSystem.bd09.toWGS84(CoordinateSystem.bd09.fromWGS84(p)), p))
                let offset = Self.meters(gcj, p)
                largestOffset = max(largestOffset, offset)
                smallestOffset = min(smallestOffset, offset)
            }
        }
        #expect(worstGCJ < 0.01, "GCJ-02 → WGS-84 → GCJ-02 error up to \(worstGCJ) m")
        #expect(worstWGS < 0.01, "WGS-84 → GCJ-02 → WGS-84 error up to \(worstWGS) m")
        #expect(worstBD < 0.01, "WGS-84 → BD-09 → WGS-84 error up to \(worstBD) m")
        // The offset around Guangzhou is a few hundred metres (DESIGN: 300–600 m), not zero.
        #expect(smallestOffset > 200 && largestOffset < 800, "offset \(smallestOffset)…\(largestOffset) m")
    }

    @Test("outside China nothing is shifted; non-finite input is passed through")
    func outsideChina() {
        let paris = Coordinate(x: 2.3522, y: 48.8566)
        #expect(GCJ02.fromWGS84(paris) == paris)
        #expect(GCJ02.toWGS84(paris) == paris)
        #expect(GCJ02.isOutsideChina(paris))
        #expect(!GCJ02.isOutsideChina(Coordinate(x: 113.26, y: 23.13)))
        let nan = GCJ02.toWGS84(Coordinate(x: .nan, y: 23))
        #expect(nan.x.isNaN)
    }

    @Test("convert(_:to:) composes through WGS-84 and maps geometries coordinate by coordinate")
    func convertComposes() {
        let p = Coordinate(x: 113.3, y: 23.1)
        let bd = CoordinateSystem.wgs84.convert(p, to: .bd09)
        let viaGCJ = BD09.fromGCJ02(GCJ02.fromWGS84(p))
        #expect(bd == viaGCJ)
        let back = CoordinateSystem.bd09.convert(bd, to: .gcj02)
        #expect(Self.meters(back, GCJ02.fromWGS84(p)) < 0.01)
        let line = Geometry.lineString([p, Coordinate(x: 113.31, y: 23.11)])
        guard case .lineString(let converted) = CoordinateSystem.gcj02.convert(line, to: .wgs84) else {
            Issue.record("not a line string")
            return
        }
        #expect(converted.count == 2 && converted[0] == GCJ02.toWGS84(p))
        #expect(CoordinateSystem(rawValue: "gcj02") == .gcj02 && CoordinateSystem(rawValue: "GCJ02") == nil)
    }
}
