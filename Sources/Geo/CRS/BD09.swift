import Foundation

/// BD-09 (Baidu) ⇄ GCJ-02.
///
/// The forward transform (GCJ-02 → BD-09) as published in open implementations (e.g.
/// github.com/wandergis/coordtransform): in polar form around the origin,
/// z = √(x² + y²) + 2e-5·sin(y·π·3000/180), θ = atan2(y, x) + 3e-6·cos(x·π·3000/180),
/// BD = (z·cos θ + 0.0065, z·sin θ + 0.006).
///
/// The usual inverse subtracts the same terms evaluated at the shifted point, which is off by up
/// to ~1e-7° (1 cm); `toGCJ02` starts there and refines by fixed-point iteration until the
/// forward image matches to 1e-10°.
public enum BD09 {
    /// π·3000/180, the angular frequency of the BD-09 perturbation.
    static let xPi = Double.pi * 3000.0 / 180.0

    /// The BD-09 coordinate of a GCJ-02 longitude/latitude (degrees).
    public static func fromGCJ02(_ gcj: Coordinate) -> Coordinate {
        let x = gcj.x
        let y = gcj.y
        let z = (x * x + y * y).squareRoot() + 0.00002 * sin(y * xPi)
        let theta = atan2(y, x) + 0.000003 * cos(x * xPi)
        return Coordinate(x: z * cos(theta) + 0.0065, y: z * sin(theta) + 0.006)
    }

    /// The GCJ-02 coordinate whose BD-09 image is `bd` (degrees).
    /// - Complexity: O(1): the closed-form approximation plus at most 10 refinement steps.
    public static func toGCJ02(_ bd: Coordinate) -> Coordinate {
        guard bd.x.isFinite, bd.y.isFinite else { return bd }
        let x = bd.x - 0.0065
        let y = bd.y - 0.006
        let z = (x * x + y * y).squareRoot() - 0.00002 * sin(y * xPi)
        let theta = atan2(y, x) - 0.000003 * cos(x * xPi)
        var gcj = Coordinate(x: z * cos(theta), y: z * sin(theta))
        for _ in 0..<10 {
            let image = fromGCJ02(gcj)
            let dx = bd.x - image.x
            let dy = bd.y - image.y
            gcj.x += dx
            gcj.y += dy
            if abs(dx) < 1e-10 && abs(dy) < 1e-10 { break }
        }
        return gcj
    }
}
