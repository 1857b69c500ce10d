// swift-format-ignore-file: AlwaysUseLowerCamelCase

// (Vincenty's formulae keep the paper's symbols: L, U1, U2, A, B, C.)
import Foundation
import Testing

@testable import Geo

/// Vincenty's inverse formula on WGS-84 (T. Vincenty, "Direct and inverse solutions of geodesics
/// on the ellipsoid with application of nested equations", Survey Review 23 (1975) 88–93):
/// an algorithm independent of the Krüger series under test, accurate to 0.5 mm.
func vincentyDistanceMeters(_ p: Coordinate, _ q: Coordinate) -> Double {
    let a = 6_378_137.0
    let f = 1 / 298.257223563
    let b = a * (1 - f)
    let L = (q.x - p.x) * .pi / 180
    let U1 = atan((1 - f) * tan(p.y * .pi / 180))
    let U2 = atan((1 - f) * tan(q.y * .pi / 180))
    let sinU1 = sin(U1)
    let cosU1 = cos(U1)
    let sinU2 = sin(U2)
    let cosU2 = cos(U2)
    var lambda = L
    var previous = 0.0
    var sinSigma = 0.0
    var cosSigma = 0.0
    var sigma = 0.0
    var cos2Alpha = 0.0
    var cos2SigmaM = 0.0
    for _ in 0..<200 {
        let sinLambda = sin(lambda)
        let cosLambda = cos(lambda)
        sinSigma =
            ((cosU2 * sinLambda) * (cosU2 * sinLambda) + (cosU1 * sinU2 - sinU1 * cosU2 * cosLambda)
                * (cosU1 * sinU2 - sinU1 * cosU2 * cosLambda))
            .squareRoot()
        cosSigma = sinU1 * sinU2 + cosU1 * cosU2 * cosLambda
        sigma = atan2(sinSigma, cosSigma)
        let sinAlpha = cosU1 * cosU2 * sinLambda / sinSigma
        cos2Alpha = 1 - sinAlpha * sinAlpha
        cos2SigmaM = cosSigma - 2 * sinU1 * sinU2 / cos2Alpha
        let C = f / 16 * cos2Alpha * (4 + f * (4 - 3 * cos2Alpha))
        previous = lambda
        lambda =
            L + (1 - C) * f * sinAlpha
            * (sigma + C * sinSigma * (cos2SigmaM + C * cosSigma * (-1 + 2 * cos2SigmaM * cos2SigmaM)))
        if abs(lambda - previous) < 1e-12 { break }
    }
    let u2 = cos2Alpha * (a * a - b * b) / (b * b)
    let A = 1 + u2 / 16384 * (4096 + u2 * (-768 + u2 * (320 - 175 * u2)))
    let B = u2 / 1024 * (256 + u2 * (-128 + u2 * (74 - 47 * u2)))
    let deltaSigma =
        B * sinSigma
        * (cos2SigmaM + B / 4
            * (cosSigma * (-1 + 2 * cos2SigmaM * cos2SigmaM) - B / 6 * cos2SigmaM * (-3 + 4 * sinSigma * sinSigma)
                * (-3 + 4 * cos2SigmaM * cos2SigmaM)))
    return b * A * (sigma - deltaSigma)
}

@Suite("Local transverse Mercator")
struct ProjectionTests {
    let projection = LocalProjection(centralMeridianDegrees: 113.3, originLatitudeDegrees: 23.1)

    @Test("origin maps to (0, 0)")
    func origin() {
        let o = projection.project(Coordinate(x: 113.3, y: 23.1))
        #expect(abs(o.x) < 1e-9 && abs(o.y) < 1e-9)
    }

    @Test("round trip lon/lat → metres → lon/lat is below 1 mm within ±100 km")
    func roundTrip() {
        var worstMeters = 0.0
        for i in -10...10 {
            for j in -10...10 {
                let p = Coordinate(x: 113.3 + Double(i) * 0.1, y: 23.1 + Double(j) * 0.09)
                let back = projection.unproject(projection.project(p))
                let error = vincentyDistanceMeters(p, back)
                worstMeters = max(worstMeters, error.isNaN ? 0 : error)
                // Also compare in degrees directly: 1 mm ≈ 9e-9 degrees.
                #expect(abs(back.x - p.x) < 1e-8 && abs(back.y - p.y) < 1e-8)
            }
        }
        #expect(worstMeters < 0.001)
    }

    @Test("planar distances agree with Vincenty geodesics within 0.1 % across 100 km")
    func distances() {
        let points = (0..<12).map { k -> Coordinate in
            let angle = Double(k) * .pi / 6
            return Coordinate(x: 113.3 + 0.49 * cos(angle), y: 23.1 + 0.45 * sin(angle))
        }
        var worst = 0.0
        for p in points {
            for q in points where p != q {
                let geodesic = vincentyDistanceMeters(p, q)
                let a = projection.project(p)
                let b = projection.project(q)
                let planar = ((a.x - b.x) * (a.x - b.x) + (a.y - b.y) * (a.y - b.y)).squareRoot()
                worst = max(worst, abs(planar - geodesic) / geodesic)
            }
        }
        #expect(worst < 0.001)
        // The 100 km claim needs pairs that far apart.
        let span = vincentyDistanceMeters(points[0], points[6])
        #expect(span > 99_000)
    }

    @Test("a published geodesic: Flinders Peak → Buninyong (Vincenty 1975 / Geoscience Australia)")
    func vincentyReference() {
        // Geoscience Australia's worked example: 54 972.271 m.
        let flinders = Coordinate(x: 144 + 25 / 60.0 + 29.52440 / 3600, y: -(37 + 57 / 60.0 + 3.72030 / 3600))
        let buninyong = Coordinate(x: 143 + 55 / 60.0 + 35.38390 / 3600, y: -(37 + 39 / 60.0 + 10.15610 / 3600))
        #expect(abs(vincentyDistanceMeters(flinders, buninyong) - 54_972.271) < 0.001)
    }
}
