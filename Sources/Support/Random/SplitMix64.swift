/// SplitMix64 (Steele, Lea & Flood, "Fast splittable pseudorandom number generators", OOPSLA 2014):
/// a small, fast 64-bit generator whose sequence is fixed by its seed — for deterministic shuffles,
/// seeding other generators and reproducible test instances. One implementation for every module.
///
/// Callers never use `SystemRandomNumberGenerator` nor rely on the standard library's
/// `random(in:using:)`/`shuffle(using:)` for reproducible results: their algorithms are not
/// promised to stay the same across Swift releases.
public struct SplitMix64: RandomNumberGenerator, Sendable {
    private var state: UInt64

    /// A generator whose sequence is fixed by `seed`.
    public init(seed: UInt64) { state = seed }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        return SplitMix64.finalise(state)
    }

    /// A double in [0, 1) from the top 53 bits of the next draw.
    public mutating func nextUnit() -> Double { Double(next() >> 11) / Double(1 << 53) }

    /// The SplitMix64 output function: a bijective 64-bit mixer (good avalanche).
    public static func finalise(_ value: UInt64) -> UInt64 {
        var z = value
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
