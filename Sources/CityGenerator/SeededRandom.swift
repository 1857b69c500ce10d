import Support

/// xoshiro256** 1.0 (Blackman & Vigna, "Scrambled linear pseudorandom number generators",
/// ACM TOMS 2021): the sequential generator of the synthetic city. Each layer draws from its own
/// stream, so adding draws to one layer does not shift the others.
public struct Xoshiro256StarStar: RandomNumberGenerator {
    private var s0: UInt64, s1: UInt64, s2: UInt64, s3: UInt64

    /// The generator of stream `stream` for `seed` (state filled by SplitMix64, never all zero).
    public init(seed: UInt64, stream: UInt64) {
        var seeder = SplitMix64(seed: seed ^ SplitMix64.finalise(stream &+ 0x5851_F42D_4C95_7F2D))
        s0 = seeder.next()
        s1 = seeder.next()
        s2 = seeder.next()
        s3 = seeder.next()
        if s0 | s1 | s2 | s3 == 0 { s0 = 1 }
    }

    public mutating func next() -> UInt64 {
        let result = ((s1 &* 5) << 7 | (s1 &* 5) >> 57) &* 9
        let t = s1 << 17
        s2 ^= s0
        s3 ^= s1
        s1 ^= s2
        s0 ^= s3
        s2 ^= t
        s3 = s3 << 45 | s3 >> 19
        return result
    }

    /// A double in [0, 1) with 53 random bits.
    public mutating func unit() -> Double { Double(next() >> 11) * 0x1p-53 }

    /// A double in [`lower`, `upper`).
    public mutating func uniform(_ lower: Double, _ upper: Double) -> Double { lower + (upper - lower) * unit() }

    /// An integer in 0..<`count` (Lemire's multiply-high reduction; `count` > 0).
    public mutating func index(_ count: Int) -> Int {
        Int(UInt64(count).multipliedFullWidth(by: next()).high)
    }

    /// True with probability `probability`.
    public mutating func chance(_ probability: Double) -> Bool { unit() < probability }

    /// The index drawn from `weights` in proportion to each weight (all ≥ 0, sum > 0).
    public mutating func weightedIndex(_ weights: [Double]) -> Int {
        var total = 0.0
        for weight in weights { total += weight }
        var target = unit() * total
        for (position, weight) in weights.enumerated() {
            target -= weight
            if target < 0 { return position }
        }
        return weights.count - 1
    }

    /// The elements of `items` in a random order (Fisher–Yates, Durstenfeld's variant).
    public mutating func shuffled<T>(_ items: [T]) -> [T] {
        var result = items
        var position = result.count - 1
        while position > 0 {
            result.swapAt(position, index(position + 1))
            position -= 1
        }
        return result
    }
}

/// Random numbers addressed by position (a lattice point, an edge, a road line) instead of by draw
/// order, so geometry shared by two features (a district border, a road crossing) gets the same
/// value whichever feature asks first.
enum LatticeHash {
    /// A 64-bit hash of (`seed`, `stream`, `i`, `j`).
    static func bits(seed: UInt64, stream: UInt64, _ i: Int, _ j: Int) -> UInt64 {
        var h = SplitMix64.finalise(seed &+ 0x632B_E59B_D9B4_E019 &* (stream &+ 1))
        h = SplitMix64.finalise(h ^ UInt64(bitPattern: Int64(i)))
        h = SplitMix64.finalise(h ^ (UInt64(bitPattern: Int64(j)) &* 0x9E37_79B9_7F4A_7C15))
        return h
    }

    /// A double in [0, 1) for (`seed`, `stream`, `i`, `j`).
    static func unit(seed: UInt64, stream: UInt64, _ i: Int, _ j: Int) -> Double {
        Double(bits(seed: seed, stream: stream, i, j) >> 11) * 0x1p-53
    }

    /// A double in [-1, 1) for (`seed`, `stream`, `i`, `j`).
    static func signed(seed: UInt64, stream: UInt64, _ i: Int, _ j: Int) -> Double {
        2 * unit(seed: seed, stream: stream, i, j) - 1
    }
}
