import Foundation

/// The lookup tables `LinkKernel` shares between sites: they depend on the scenario, the UT
/// height or the antenna pattern, never on a site's height, so a city of thousands of antenna
/// heights needs a handful of them. Built on first use (about a millisecond each), kept for the
/// process, identical whichever thread builds them.
enum LinkKernelTables {
    /// Accuracy of the LOS-probability table (absolute probability).
    static let losProbabilityTolerance = 1e-9
    /// Accuracy of the depression table, degrees.
    static let depressionToleranceDegrees = 1e-8
    /// Accuracy of the horizontal attenuation table, dB.
    static let horizontalToleranceDB = 1e-8
    /// Accuracy of the logarithm table (ln of [1, 2)).
    static let logarithmTolerance = 1e-10

    /// LOS probability against d2D² (m²) over d2D ∈ [8 m, 2¹⁹ m ≈ 524 km), 64 segments per octave
    /// of d2D². Below 8 m every scenario's P_LOS is 1 (Table 7.4.2-1 cut-offs are 10 m and 18 m).
    static let losProbabilityIndex = OctaveIndex(firstOctave: 6, endOctave: 38, bitsPerOctave: 6)
    /// Depression angle against q = d2D² / (hBS − hUT)² over q ∈ [2⁻¹², 2³⁶), 64 segments per octave.
    static let depressionIndex = OctaveIndex(firstOctave: -12, endOctave: 36, bitsPerOctave: 6)
    /// Segments per quadrant of the bearing table (the argument is the "diamond angle" in [0, 4)).
    static let bearingSegmentsPerQuadrant = 256

    private static let lock = NSLock()
    nonisolated(unsafe) private static var losTables: [LOSKey: CubicSegmentTable] = [:]
    nonisolated(unsafe) private static var horizontalTables: [HorizontalKey: CubicSegmentTable] = [:]

    private struct LOSKey: Hashable {
        let scenario: PropagationScenario
        let utHeightMeters: Double
    }

    private struct HorizontalKey: Hashable {
        let azimuthsDegrees: [Double]
        let beamwidthDegrees: Double
        let frontToBackDB: Double
    }

    /// P_LOS(√x) of TR 38.901 Table 7.4.2-1 for `scenario` (RMa, UMa, UMi) at x = d2D².
    /// The pieces split at the table's cut-off distance, where UMa with C′ > 0 jumps.
    static func losProbability(_ scenario: PropagationScenario, utHeightMeters: Double) -> CubicSegmentTable {
        // Only UMa's C′(hUT) depends on the UT height, and only above 13 m.
        let height = scenario == .uma && utHeightMeters > 13 ? utHeightMeters : 0
        let key = LOSKey(scenario: scenario, utHeightMeters: height)
        return cached(key, in: &losTables) {
            let cutoff = scenario == .rma ? 10.0 : 18.0
            let index = losProbabilityIndex
            return CubicSegmentTable(
                segmentCount: index.segmentCount, tolerance: losProbabilityTolerance, segment: index.segment,
                piece: { $0.squareRoot() <= cutoff ? 0 : 1 },
                function: {
                    TR38901.losProbability(scenario, distance2DMeters: $0.squareRoot(), utHeightMeters: utHeightMeters)
                })
        }
    }

    /// ln m for m ∈ [1, 2), 128 segments: with the exponent, ln of any positive normal Double.
    static let logarithm: CubicSegmentTable = {
        let index = OctaveIndex(firstOctave: 0, endOctave: 1, bitsPerOctave: 7)
        return CubicSegmentTable(
            segmentCount: index.segmentCount, tolerance: logarithmTolerance, segment: index.segment, function: log)
    }()

    /// atan(1/√q) in degrees: the depression of a point at d2D = √q·|hBS − hUT| below an antenna
    /// |hBS − hUT| above it. Smooth in q; one table serves every height.
    static let depression: CubicSegmentTable = {
        let index = depressionIndex
        return CubicSegmentTable(
            segmentCount: index.segmentCount, tolerance: depressionToleranceDegrees, segment: index.segment,
            function: { atan2(1, $0.squareRoot()) * (180 / Double.pi) })
    }()

    /// The horizontal attenuation min(12(φ/φ3dB)², A_max) (dB, ≥ 0) of the best sector against the
    /// diamond angle p ∈ [0, 4) of the bearing (see `diamondAngle`). The pieces are the nearest
    /// sector and whether the front-to-back cap applies: a segment straddling a sector boundary or
    /// the cap is left to the formula.
    static func horizontalAttenuation(
        azimuthsDegrees: [Double], beamwidthDegrees: Double, frontToBackDB: Double
    ) -> CubicSegmentTable {
        let key = HorizontalKey(
            azimuthsDegrees: azimuthsDegrees, beamwidthDegrees: beamwidthDegrees, frontToBackDB: frontToBackDB)
        return cached(key, in: &horizontalTables) {
            func nearest(_ p: Double) -> (sector: Int, offDegrees: Double) {
                let bearing = bearingDegrees(diamondAngle: p)
                var best = (sector: 0, offDegrees: Double.infinity)
                for (k, azimuth) in azimuthsDegrees.enumerated() {
                    let off = abs(Antenna.wrapDegrees(bearing - azimuth))
                    if off < best.offDegrees { best = (k, off) }
                }
                return best
            }
            func attenuation(_ off: Double) -> Double {
                -Antenna.horizontalAttenuationDB(
                    offBoresightDegrees: off, beamwidthDegrees: beamwidthDegrees, frontToBackDB: frontToBackDB)
            }
            let perQuadrant = bearingSegmentsPerQuadrant
            return CubicSegmentTable(
                segmentCount: 4 * perQuadrant, tolerance: horizontalToleranceDB,
                segment: { (Double($0) / Double(perQuadrant), 1 / Double(perQuadrant)) },
                piece: { p in
                    let best = nearest(p)
                    let x = best.offDegrees / beamwidthDegrees
                    return 2 * best.sector + (12 * x * x >= frontToBackDB ? 1 : 0)
                },
                function: { attenuation(nearest($0).offDegrees) })
        }
    }

    /// The bearing in degrees (clockwise from north, [0, 360)) of diamond angle p: quadrant ⌊p⌋,
    /// then atan(t / (1 − t)) within it (t = p − ⌊p⌋), the inverse of `LinkKernel.diamondAngle`.
    static func bearingDegrees(diamondAngle p: Double) -> Double {
        let quadrant = min(3, max(0, p.rounded(.down)))
        let t = p - quadrant
        return 90 * quadrant + atan2(t, 1 - t) * (180 / Double.pi)
    }

    private static func cached<Key: Hashable>(
        _ key: Key, in store: inout [Key: CubicSegmentTable], build: () -> CubicSegmentTable
    ) -> CubicSegmentTable {
        lock.lock()
        defer { lock.unlock() }
        if let table = store[key] { return table }
        let table = build()
        store[key] = table
        return table
    }
}
