import Support

/// The solver's seeded generator: Support's `SplitMix64` (Steele, Lea & Flood 2014) started from
/// `seed ^ 0x5DEE_CE66_D1CE_4E5B`, so the same seed gives the same perturbations on every platform
/// and the solver's sequence differs from the other users' of the same seed.
struct RandomSource: Sendable {
    private var generator: SplitMix64

    init(seed: UInt64) { generator = SplitMix64(seed: seed ^ 0x5DEE_CE66_D1CE_4E5B) }

    mutating func next() -> UInt64 { generator.next() }

    /// Uniform in [0, 1).
    mutating func unit() -> Double { generator.nextUnit() }

    /// `u` with every entry scaled by its own factor uniform in [1 − `amplitude`, 1 + `amplitude`),
    /// drawn in index order (the random perturbation of Lagrangian multipliers of Caprara,
    /// Fischetti & Toth 1999, §3, with which greedy and refinement runs reach different covers).
    mutating func perturbed(_ u: [Double], amplitude: Double) -> [Double] {
        let low = 1 - amplitude
        let span = 2 * amplitude
        var v = u
        for i in 0..<v.count { v[i] *= low + span * unit() }
        return v
    }
}
