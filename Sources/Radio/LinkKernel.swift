import Foundation

/// The coupling loss of one `CoverageEvaluator` (a profile at a site height, with a clutter
/// class's model and penetration) by the fast path: the same formulas, with every term that does
/// not depend on the cell computed once, and the four smooth functions that would cost a library
/// call each read from shared cubic tables (`LinkKernelTables`): the natural logarithm on [1, 2),
/// the TR 38.901 LOS probability against d2D², the depression angle against d2D²/(hBS − hUT)², and
/// the best sector's horizontal attenuation against the bearing — no library call per cell.
///
/// Per cell, with s = east² + north² (no square root on the common path, no division but the
/// bearing's):
/// ```
/// L       = ln(s + (hBS − hUT)²)            (= 2·ln d3D; Hata: ln s = 2·ln d2D)
/// PL_LOS  = a + b·L (+ c·√(s + Δh²) for RMa)   near or far branch: s ≤ d_BP²
/// PL_NLOS = max(PL_LOS, a′ + b′·L)
/// PL      = P·PL_LOS + (1 − P)·PL_NLOS,  σ = P·σ_LOS + (1 − P)·σ_NLOS   (blend; P from the table)
/// CL      = PL + Φ⁻¹(p)·√(σ² + σ_P²) + fixed losses − G_max + min(A_H(bearing) + A_V(depression), A_max)
/// ```
/// The coefficients are the table terms of `PathLossKernel` (and COST-231 Hata's), divided by
/// 2·ln 10 where the formula has log10 d.
///
/// Accuracy (docs/radio.md): `couplingLossDB` is within `errorBoundDB` (≤ `toleranceDB`) of
/// `CoverageEvaluator.couplingLossDB` at the same offset, or NaN where a table leaves the value to
/// the formula (a segment holding a kink, outside a table, a point within a rounding error of a
/// breakpoint). Callers that need the formula's decisions exactly re-evaluate with the formula
/// any link whose result is NaN or within `toleranceDB` of what they compare it with
/// (`CoverageMatrixBuilder` does, so its matrix equals the formula path's).
///
/// A plain value: copying it costs no reference counting (the table pointers are to tables the
/// process keeps), hence `@unchecked Sendable` (the pointees are never written after building).
public struct LinkKernel: @unchecked Sendable {
    /// The largest difference between a kernel's coupling loss and the formula path's, dB. Every
    /// kernel's `errorBoundDB` is at most this; `init` fails for inputs where it would not be.
    public static let toleranceDB = 1e-6

    @usableFromInline enum Mode: Sendable { case los, nlos, blend }

    @usableFromInline let mode: Mode
    /// Added to s inside the logarithm: (hBS − hUT)² (d3D), or 0 for Hata (d2D).
    @usableFromInline let logOffset: Double
    /// d_BP²: s above it takes the far LOS branch.
    @usableFromInline let breakpointSquared: Double
    /// Within this of d_BP² the branch could differ from the formula's (which compares √s): NaN.
    @usableFromInline let breakpointGuard: Double
    /// LOS branches a + b·L + c·√(s + logOffset) (c ≠ 0 for RMa PL1 only).
    @usableFromInline let near: (a: Double, b: Double, c: Double)
    @usableFromInline let far: (a: Double, b: Double, c: Double)
    @usableFromInline let hasLinearTerm: Bool
    /// NLOS′ = a + b·L.
    @usableFromInline let prime: (a: Double, b: Double)
    /// Shadow margins Φ⁻¹(p)·√(σ² + σ_P²) of the near LOS branch, the far one and NLOS (constant σ).
    @usableFromInline let margins: (near: Double, far: Double, nlos: Double)
    /// Blend: σ_SF of the LOS branches and of NLOS, Φ⁻¹(p), σ_P², and whether σ_SF is overridden.
    @usableFromInline let sigmas: (near: Double, far: Double, nlos: Double)
    @usableFromInline let marginQuantile: Double
    @usableFromInline let penetrationVariance: Double
    @usableFromInline let sigmaIsOverridden: Bool
    /// LOS-probability table (blend only; the shared tables live as long as the process).
    @usableFromInline let losTable: UnsafePointer<Double>?
    @usableFromInline let losIndex: OctaveIndex
    /// Fixed losses − G_max.
    @usableFromInline let constantDB: Double
    // Antenna.
    @usableFromInline let isSector: Bool
    @usableFromInline let horizontalTable: UnsafePointer<Double>?
    @usableFromInline let depressionTable: UnsafePointer<Double>
    /// ln of [1, 2) (`naturalLog`).
    @usableFromInline let logTable: UnsafePointer<Double>
    @usableFromInline let depressionIndex: OctaveIndex
    /// Segments per quadrant of the horizontal table.
    @usableFromInline let bearingSegmentsPerQuadrant: Double
    @usableFromInline let inverseHeightDifferenceSquared: Double
    /// +1 when the antenna is above the UT, −1 below.
    @usableFromInline let depressionSign: Double
    @usableFromInline let downtiltDegrees: Double
    @usableFromInline let inverseVerticalBeamwidth: Double
    @usableFromInline let verticalSideLobeDB: Double
    @usableFromInline let frontToBackDB: Double

    /// A bound on |this kernel's coupling loss − the formula path's| where it is not NaN, dB.
    public let errorBoundDB: Double

    // MARK: Hot path

    /// Coupling loss CL toward the offset, dB, within `errorBoundDB` of
    /// `CoverageEvaluator.couplingLossDB`; NaN when the formula must answer (see type doc).
    /// - Complexity: O(1), allocation-free, no call: three or four table reads.
    @inlinable @inline(__always)
    public func couplingLossDB(eastMeters east: Double, northMeters north: Double) -> Double {
        couplingLossDB(east: east, north: north, mode: mode, isSector: isSector)
    }

    /// `couplingLossDB` toward (`eastMeters[i]`, `northMeters`) into `output[i]` for i < `count`:
    /// one call per run of cells (a grid row of one clutter class), with the branches on the model
    /// and the antenna taken once per run.
    public func couplingLossesDB(
        northMeters north: Double, eastMeters east: UnsafePointer<Double>, count: Int,
        into output: UnsafeMutablePointer<Double>
    ) {
        switch (mode, isSector) {
        case (.los, false): run(LOSOmni.self, north, east, count, output)
        case (.los, true): run(LOSSector.self, north, east, count, output)
        case (.nlos, false): run(NLOSOmni.self, north, east, count, output)
        case (.nlos, true): run(NLOSSector.self, north, east, count, output)
        case (.blend, false): run(BlendOmni.self, north, east, count, output)
        case (.blend, true): run(BlendSector.self, north, east, count, output)
        }
    }

    /// The loop of `couplingLossesDB` for one model variant and antenna, specialised (a small
    /// function per variant, so that the per-cell code is inlined into it with its branches folded).
    @inline(never)
    func run<Variant: KernelVariant>(
        _: Variant.Type, _ north: Double, _ east: UnsafePointer<Double>, _ count: Int,
        _ output: UnsafeMutablePointer<Double>
    ) {
        for i in 0..<count {
            output[i] = couplingLossDB(east: east[i], north: north, mode: Variant.mode, isSector: Variant.isSector)
        }
    }

    @inlinable @inline(__always)
    func couplingLossDB(east: Double, north: Double, mode: Mode, isSector: Bool) -> Double {
        let s = east * east + north * north
        let argument = s + logOffset
        let l = naturalLog(argument)
        let isFar = s > breakpointSquared
        let branch = isFar ? far : near
        var los = branch.a + branch.b * l
        if hasLinearTerm { los += branch.c * argument.squareRoot() }
        var loss: Double
        switch mode {
        case .los:
            loss = los + (isFar ? margins.far : margins.near)
        case .nlos:
            loss = max(los, prime.a + prime.b * l) + margins.nlos
        case .blend:
            let nlos = max(los, prime.a + prime.b * l)
            var p = 1.0
            if s >= 64 {
                let (index, t) = losIndex.locate(s)
                p = CubicSegmentTable.value(losTable.unsafelyUnwrapped, index: index, t: t)
            }
            loss = p * los + (1 - p) * nlos
            if sigmaIsOverridden {
                loss += margins.nlos
            } else if penetrationVariance == 0 {
                // Φ⁻¹(p)·√(σ²) with σ = P·σ_LOS + (1 − P)·σ_NLOS ≥ 0: the blend of the two margins.
                loss += p * (isFar ? margins.far : margins.near) + (1 - p) * margins.nlos
            } else {
                let sigma = p * (isFar ? sigmas.far : sigmas.near) + (1 - p) * sigmas.nlos
                loss += marginQuantile * (sigma * sigma + penetrationVariance).squareRoot()
            }
        }
        loss += constantDB
        if isSector { loss += patternAttenuationDB(east: east, north: north, squaredDistance: s) }
        return abs(s - breakpointSquared) <= breakpointGuard ? .nan : loss
    }

    /// ln x from the shared logarithm table: the exponent times ln 2 plus ln of the significand
    /// (cubic pieces on 128 segments of [1, 2)). NaN unless x is positive, finite and normal.
    @inlinable @inline(__always)
    func naturalLog(_ x: Double) -> Double {
        let bits = x.bitPattern
        let exponent = Double(Int(truncatingIfNeeded: bits &>> 52) &- 1023)
        let significand = bits & 0x000F_FFFF_FFFF_FFFF
        let index = Int(truncatingIfNeeded: significand &>> 45) &+ 1
        let t = Double(significand & 0x1FFF_FFFF_FFFF) * 0x1p-45
        let value = exponent * 0.693_147_180_559_945_3 + CubicSegmentTable.value(logTable, index: index, t: t)
        return x >= .leastNormalMagnitude && x < .infinity ? value : .nan
    }

    /// min(A_H + A_V, A_max) toward the offset (≥ 0), dB.
    @inlinable @inline(__always)
    func patternAttenuationDB(east: Double, north: Double, squaredDistance s: Double) -> Double {
        let (index, t) = depressionIndex.locate(s * inverseHeightDifferenceSquared)
        let depression = depressionSign * CubicSegmentTable.value(depressionTable, index: index, t: t)
        let y = (depression - downtiltDegrees) * inverseVerticalBeamwidth
        let vertical = min(12 * y * y, verticalSideLobeDB)
        let perQuadrant = bearingSegmentsPerQuadrant
        let x = Self.diamondAngle(east: east, north: north) * perQuadrant
        let segment = x >= 0 && x < 4 * perQuadrant ? Int(x) : -1
        let horizontal = CubicSegmentTable.value(
            horizontalTable.unsafelyUnwrapped, index: segment &+ 1, t: x - Double(segment))
        return min(horizontal + vertical, frontToBackDB)
    }

    /// A monotone stand-in for the bearing clockwise from north, in [0, 4): the quadrant (0 = NE,
    /// 1 = SE, 2 = SW, 3 = NW) plus the share of the offset's second axis, t = |a| / (|east| + |north|),
    /// whose bearing within the quadrant is atan(t / (1 − t)). One division instead of `atan2`.
    /// NaN at the origin.
    @inlinable @inline(__always)
    public static func diamondAngle(east: Double, north: Double) -> Double {
        let absEast = abs(east)
        let absNorth = abs(north)
        let quadrant: Double = east >= 0 ? (north >= 0 ? 0 : 1) : (north <= 0 ? 2 : 3)
        let numerator = quadrant == 0 || quadrant == 2 ? absEast : absNorth
        return quadrant + numerator / (absEast + absNorth)
    }
}

/// A (model variant, antenna) pair of `LinkKernel.couplingLossesDB`'s specialised loops.
@usableFromInline protocol KernelVariant {
    static var mode: LinkKernel.Mode { get }
    static var isSector: Bool { get }
}

@usableFromInline enum LOSOmni: KernelVariant {
    @usableFromInline static var mode: LinkKernel.Mode { .los }
    @usableFromInline static var isSector: Bool { false }
}

@usableFromInline enum LOSSector: KernelVariant {
    @usableFromInline static var mode: LinkKernel.Mode { .los }
    @usableFromInline static var isSector: Bool { true }
}

@usableFromInline enum NLOSOmni: KernelVariant {
    @usableFromInline static var mode: LinkKernel.Mode { .nlos }
    @usableFromInline static var isSector: Bool { false }
}

@usableFromInline enum NLOSSector: KernelVariant {
    @usableFromInline static var mode: LinkKernel.Mode { .nlos }
    @usableFromInline static var isSector: Bool { true }
}

@usableFromInline enum BlendOmni: KernelVariant {
    @usableFromInline static var mode: LinkKernel.Mode { .blend }
    @usableFromInline static var isSector: Bool { false }
}

@usableFromInline enum BlendSector: KernelVariant {
    @usableFromInline static var mode: LinkKernel.Mode { .blend }
    @usableFromInline static var isSector: Bool { true }
}
