import Foundation

/// GCJ-02 ⇄ WGS-84.
///
/// The forward transform (WGS-84 → GCJ-02) is the one leaked from the Chinese map services and
/// published in many open implementations (e.g. github.com/wandergis/coordtransform,
/// github.com/googollee/eviltransform): an offset computed on the Krasovsky 1940 ellipsoid
/// (a = 6 378 245 m, e² = 0.00669342162296594323) from two trigonometric series in
/// (lon − 105°, lat − 35°). Points outside a rough bounding box of China are not shifted.
///
/// The inverse has no closed form. `toWGS84` solves F(w) = g by fixed-point iteration
/// w ← w + (g − F(w)); the offset varies by well under 1 % per degree, so the iteration contracts
/// by a factor of ~100 per step and reaches 1e-9° (≈ 0.1 mm) in 3–4 steps.
public enum GCJ02 {
    /// Krasovsky 1940 semi-major axis (metres), as the published transform uses it.
    static let semiMajorAxisMeters = 6_378_245.0
    /// Krasovsky 1940 first eccentricity squared.
    static let eccentricitySquared = 0.00669342162296594323
    /// Convergence threshold of the inverse, degrees (≈ 0.1 mm).
    public static let inverseToleranceDegrees = 1e-9

    /// True when the published transform leaves the point unshifted: outside longitude
    /// 72.004…137.8347° E or latitude 0.8293…55.8271° N.
    public static func isOutsideChina(_ c: Coordinate) -> Bool {
        c.x < 72.004 || c.x > 137.8347 || c.y < 0.8293 || c.y > 55.8271
    }

    /// The GCJ-02 coordinate of a WGS-84 longitude/latitude (degrees).
    public static func fromWGS84(_ wgs: Coordinate) -> Coordinate {
        guard wgs.x.isFinite, wgs.y.isFinite, !isOutsideChina(wgs) else { return wgs }
        let d = offsetDegrees(wgs)
        return Coordinate(x: wgs.x + d.x, y: wgs.y + d.y)
    }

    /// The WGS-84 coordinate whose GCJ-02 image is `gcj`, to within `inverseToleranceDegrees`.
    /// - Complexity: O(1): at most 30 evaluations of the forward offset, usually 3–4.
    public static func toWGS84(_ gcj: Coordinate) -> Coordinate {
        guard gcj.x.isFinite, gcj.y.isFinite else { return gcj }
        var wgs = gcj
        for _ in 0..<30 {
            let image = fromWGS84(wgs)
            let dx = gcj.x - image.x
            let dy = gcj.y - image.y
            wgs.x += dx
            wgs.y += dy
            if abs(dx) < inverseToleranceDegrees && abs(dy) < inverseToleranceDegrees { break }
        }
        return wgs
    }

    /// The offset (degrees of longitude, degrees of latitude) added to a WGS-84 point.
    static func offsetDegrees(_ wgs: Coordinate) -> Coordinate {
        let x = wgs.x - 105.0
        let y = wgs.y - 35.0
        let dLatMeters = latitudeSeries(x, y)
        let dLonMeters = longitudeSeries(x, y)
        let latRadians = wgs.y / 180.0 * .pi
        var magic = sin(latRadians)
        magic = 1 - eccentricitySquared * magic * magic
        let sqrtMagic = magic.squareRoot()
        // Metres → degrees on the Krasovsky ellipsoid: meridian radius M = a(1−e²)/W³ and
        // prime-vertical radius N = a/W with W = √(1 − e² sin²φ).
        let dLat =
            (dLatMeters * 180.0) / ((semiMajorAxisMeters * (1 - eccentricitySquared)) / (magic * sqrtMagic) * .pi)
        let dLon = (dLonMeters * 180.0) / (semiMajorAxisMeters / sqrtMagic * cos(latRadians) * .pi)
        return Coordinate(x: dLon, y: dLat)
    }

    static func latitudeSeries(_ x: Double, _ y: Double) -> Double {
        var r = -100.0 + 2.0 * x + 3.0 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * abs(x).squareRoot()
        r += (20.0 * sin(6.0 * x * .pi) + 20.0 * sin(2.0 * x * .pi)) * 2.0 / 3.0
        r += (20.0 * sin(y * .pi) + 40.0 * sin(y / 3.0 * .pi)) * 2.0 / 3.0
        r += (160.0 * sin(y / 12.0 * .pi) + 320.0 * sin(y * .pi / 30.0)) * 2.0 / 3.0
        return r
    }

    static func longitudeSeries(_ x: Double, _ y: Double) -> Double {
        var r = 300.0 + x + 2.0 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * abs(x).squareRoot()
        r += (20.0 * sin(6.0 * x * .pi) + 20.0 * sin(2.0 * x * .pi)) * 2.0 / 3.0
        r += (20.0 * sin(x * .pi) + 40.0 * sin(x / 3.0 * .pi)) * 2.0 / 3.0
        r += (150.0 * sin(x / 12.0 * .pi) + 300.0 * sin(x / 30.0 * .pi)) * 2.0 / 3.0
        return r
    }
}
