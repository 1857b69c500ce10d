import Foundation

/// A smooth function of one variable stored as cubic pieces on short segments: the lookup tables
/// of `LinkKernel` (LOS probability against squared distance, depression angle, horizontal
/// antenna attenuation against bearing).
///
/// Segment i covers [x₀, x₀ + w] (given by the caller's geometry) and holds the cubic through the
/// function at t = 0, 1/3, 2/3, 1 (t = (x − x₀)/w), as c₀ + t(c₁ + t(c₂ + t·c₃)). The
/// interpolation error is f⁽⁴⁾(ξ)·w⁴·ω(t)/24 with ω(t) = t(t − 1/3)(t − 2/3)(t − 1), whose extremes
/// lie at t ≈ 0.1396, 0.5, 0.8604; after fitting, the cubic is compared with the function at
/// those three points and at t = 0.05, 0.3, 0.7, 0.95. A segment is kept when the largest
/// difference is at most half the table's `tolerance` (the factor 2 covers the variation of f⁽⁴⁾
/// within a segment, which is a fraction of a percent of the function's own scale here).
/// A segment whose check fails, or over which `piece` changes (a kink or a jump the cubic
/// cannot follow: a LOS-probability cut-off, a sector boundary, the front-to-back cap), holds
/// NaN instead: its value is NaN, and the caller evaluates the formula. One NaN segment also
/// stands before the first and after the last, for arguments outside the table.
///
/// Immutable after `init`, so it is shared between threads (`@unchecked Sendable`: the storage is
/// a pointer the class owns and never writes again). Kernels read it through `storage`, a plain
/// pointer, so that copying a kernel costs no reference counting.
public final class CubicSegmentTable: @unchecked Sendable {
    /// Coefficients, four per segment; segment 0 and segment `segmentCount + 1` are NaN.
    @usableFromInline let coefficients: UnsafeMutablePointer<Double>
    /// Number of fitted segments (the NaN sentinels excluded).
    public let segmentCount: Int
    /// The largest difference allowed between a kept segment's cubic and the function.
    public let tolerance: Double
    /// The largest difference measured on a kept segment (≤ `tolerance` / 2).
    public let largestMeasuredError: Double
    /// Segments holding NaN (a kink, a jump, or a failed check): the formula answers there.
    public let formulaSegmentCount: Int

    /// Fits the table.
    /// - Parameters:
    ///   - segmentCount: number of segments.
    ///   - tolerance: the largest interpolation error accepted on a segment (see type doc).
    ///   - segment: the start and width of segment i (0-based).
    ///   - piece: an identifier of the smooth piece a point lies on; a segment whose interior
    ///     points do not all share one is left to the formula. Nil when the function is smooth
    ///     everywhere.
    ///   - function: the function tabulated.
    init(
        segmentCount: Int, tolerance: Double, segment: (Int) -> (start: Double, width: Double),
        piece: ((Double) -> Int)? = nil, function: (Double) -> Double
    ) {
        self.segmentCount = segmentCount
        self.tolerance = tolerance
        let storage = UnsafeMutablePointer<Double>.allocate(capacity: 4 * (segmentCount + 2))
        storage.initialize(repeating: .nan, count: 4 * (segmentCount + 2))
        let checks: [Double] = [0.05, 0.1396, 0.3, 0.5, 0.7, 0.8604, 0.95]
        var largest = 0.0
        var formulaSegments = 0
        for i in 0..<segmentCount {
            let (start, width) = segment(i)
            let points = [0, 1.0 / 3, 2.0 / 3, 1].map { start + $0 * width }
            let y = points.map(function)
            // Newton form on equispaced nodes, expanded to monomials in t.
            let c0 = y[0]
            let c1 = (-11 * y[0] + 18 * y[1] - 9 * y[2] + 2 * y[3]) / 2
            let c2 = 9 * (2 * y[0] - 5 * y[1] + 4 * y[2] - y[3]) / 2
            let c3 = 9 * (-y[0] + 3 * y[1] - 3 * y[2] + y[3]) / 2
            var error = 0.0
            for t in checks {
                let fitted = c0 + t * (c1 + t * (c2 + t * c3))
                let difference = abs(fitted - function(start + t * width))
                error = difference.isNaN ? .infinity : max(error, difference)
            }
            var smooth = error <= tolerance / 2
            if smooth, let piece {
                // Interior points only: a piece change at an end is a kink the cubic does not cross
                // (a jump there shows in the check above, through the node at the end).
                let interior = ([1.0 / 3, 2.0 / 3] + checks).map { start + $0 * width }
                let first = piece(interior[0])
                smooth = interior.allSatisfy { piece($0) == first }
            }
            if smooth {
                let base = storage + 4 * (i + 1)
                base[0] = c0
                base[1] = c1
                base[2] = c2
                base[3] = c3
                largest = max(largest, error)
            } else {
                formulaSegments += 1
            }
        }
        coefficients = storage
        largestMeasuredError = largest
        formulaSegmentCount = formulaSegments
    }

    deinit { coefficients.deallocate() }

    /// The coefficients for a reader that keeps no reference to the table: valid while the table
    /// lives (`LinkKernelTables` keeps every table it builds for the life of the process).
    var storage: UnsafePointer<Double> { UnsafePointer(coefficients) }

    /// The cubic of storage segment `index` (0 and `segmentCount + 1` are the NaN sentinels;
    /// fitted segment i is index i + 1) at `t` ∈ [0, 1] in a table's `storage`. NaN where the
    /// formula must answer.
    @inlinable @inline(__always)
    static func value(_ storage: UnsafePointer<Double>, index: Int, t: Double) -> Double {
        let c = storage + 4 &* index
        return c[0] + t * (c[1] + t * (c[2] + t * c[3]))
    }
}

/// The index of a table whose segments split every octave [2ᵉ, 2ᵉ⁺¹) of a positive argument into
/// 2ᵏ equal parts, for e in `firstOctave ..< endOctave`: the segment and the position in it come
/// from the bits of the Double (exponent and leading mantissa bits), with no logarithm.
@usableFromInline struct OctaveIndex: Sendable {
    /// Octave exponent of the first segment.
    @usableFromInline let firstOctave: Int
    /// One past the exponent of the last octave.
    @usableFromInline let endOctave: Int
    /// log₂ of the segments per octave.
    @usableFromInline let bitsPerOctave: Int

    /// 2^−(52 − bitsPerOctave): turns the mantissa bits below the segment's into t ∈ [0, 1).
    @usableFromInline let fractionScale: Double
    /// The leading bits (exponent and segment) of the first segment's start.
    @usableFromInline let firstSegmentBits: Int
    /// The storage index of the NaN segment after the last.
    @usableFromInline let lastIndex: Int

    init(firstOctave: Int, endOctave: Int, bitsPerOctave: Int) {
        self.firstOctave = firstOctave
        self.endOctave = endOctave
        self.bitsPerOctave = bitsPerOctave
        fractionScale = Double(sign: .plus, exponent: bitsPerOctave - 52, significand: 1)
        firstSegmentBits = (firstOctave + 1023) << bitsPerOctave
        lastIndex = ((endOctave - firstOctave) << bitsPerOctave) + 1
    }

    /// Number of segments.
    var segmentCount: Int { (endOctave - firstOctave) << bitsPerOctave }

    /// Start and width of segment i.
    func segment(_ i: Int) -> (start: Double, width: Double) {
        let octave = Double(sign: .plus, exponent: firstOctave + (i >> bitsPerOctave), significand: 1)
        let width = octave / Double(1 << bitsPerOctave)
        return (octave + Double(i & ((1 << bitsPerOctave) - 1)) * width, width)
    }

    /// Storage index (1-based; 0 or `segmentCount + 1` outside the table, for zero, negative,
    /// infinite and NaN arguments too) and the position t ∈ [0, 1) in the segment.
    @inlinable @inline(__always)
    func locate(_ x: Double) -> (index: Int, t: Double) {
        let bits = x.bitPattern
        let shift = UInt64(truncatingIfNeeded: 52 &- bitsPerOctave)
        let raw = Int(truncatingIfNeeded: bits &>> shift) &- firstSegmentBits
        let index = min(max(raw &+ 1, 0), lastIndex)
        let fraction = bits & ((1 &<< shift) &- 1)
        return (index, Double(fraction) * fractionScale)
    }
}
