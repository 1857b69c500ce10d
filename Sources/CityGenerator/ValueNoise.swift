/// Smooth 2-D value noise: random values on a square lattice of `scaleMeters`, blended with the
/// smoothstep weight. Arithmetic only (no libm), so values are identical on every platform.
struct ValueNoise: Sendable {
    let seed: UInt64
    let stream: UInt64
    /// Lattice spacing in metres: the size of a typical bump.
    let scaleMeters: Double

    /// The noise at local metres (`x`, `y`), in [0, 1).
    func value(x: Double, y: Double) -> Double {
        let gx = x / scaleMeters
        let gy = y / scaleMeters
        let fx = gx.rounded(.down)
        let fy = gy.rounded(.down)
        let i = Int(fx)
        let j = Int(fy)
        let tx = ValueNoise.smoothstep(gx - fx)
        let ty = ValueNoise.smoothstep(gy - fy)
        let v00 = LatticeHash.unit(seed: seed, stream: stream, i, j)
        let v10 = LatticeHash.unit(seed: seed, stream: stream, i + 1, j)
        let v01 = LatticeHash.unit(seed: seed, stream: stream, i, j + 1)
        let v11 = LatticeHash.unit(seed: seed, stream: stream, i + 1, j + 1)
        let bottom = v00 + (v10 - v00) * tx
        let top = v01 + (v11 - v01) * tx
        return bottom + (top - bottom) * ty
    }

    /// The noise centred on zero, in [-1, 1).
    func signed(x: Double, y: Double) -> Double { 2 * value(x: x, y: y) - 1 }

    /// Two octaves (the second at half the scale and half the amplitude), in about [-1, 1].
    func fractal(x: Double, y: Double) -> Double {
        let fine = ValueNoise(seed: seed, stream: stream &+ 0x1000, scaleMeters: scaleMeters / 2)
        return (2 * signed(x: x, y: y) + fine.signed(x: x, y: y)) / 3
    }

    /// 3t² − 2t³: zero slope at both ends of the lattice interval.
    static func smoothstep(_ t: Double) -> Double { t * t * (3 - 2 * t) }
}
