import Foundation
import Testing

@testable import Radio

/// LOS probability against the reference expressions of ns-3's
/// `src/propagation/test/channel-condition-model-test-suite.cc` (ThreeGppChannelConditionModelTestCase),
/// which writes TR 38.901 Table 7.4.2-1 out for each test point; we copy those expressions verbatim.
@Suite("LOS probability (TR 38.901 Table 7.4.2-1)")
struct LOSProbabilityTests {
    @Test("RMa")
    func rma() {
        #expect(TR38901.losProbability(.rma, distance2DMeters: 10, utHeightMeters: 1.5) == 1)
        #expect(
            abs(
                TR38901.losProbability(.rma, distance2DMeters: 100, utHeightMeters: 1.5) - exp(-(100.0 - 10.0) / 1000.0)
            ) < 1e-12)
        #expect(
            abs(
                TR38901.losProbability(.rma, distance2DMeters: 1000, utHeightMeters: 1.5)
                    - exp(-(1000.0 - 10.0) / 1000.0)) < 1e-12)
    }

    @Test("UMa, including the C′(hUT) term for hUT = 15 m")
    func uma() {
        #expect(TR38901.losProbability(.uma, distance2DMeters: 18, utHeightMeters: 1.5) == 1)
        let p50 = (18.0 / 50.0 + exp(-50.0 / 63.0) * (1.0 - 18.0 / 50.0)) * (1.0 + 0)
        #expect(abs(TR38901.losProbability(.uma, distance2DMeters: 50, utHeightMeters: 1.5) - p50) < 1e-12)
        let p50high =
            (18.0 / 50.0 + exp(-50.0 / 63.0) * (1.0 - 18.0 / 50.0))
            * (1.0 + pow(2.0 / 10.0, 1.5) * 5.0 / 4.0 * pow(50.0 / 100.0, 3) * exp(-50.0 / 150.0))
        #expect(abs(TR38901.losProbability(.uma, distance2DMeters: 50, utHeightMeters: 15) - p50high) < 1e-12)
        let p100 = (18.0 / 100.0 + exp(-100.0 / 63.0) * (1.0 - 18.0 / 100.0)) * (1.0 + 0)
        #expect(abs(TR38901.losProbability(.uma, distance2DMeters: 100, utHeightMeters: 1.5) - p100) < 1e-12)
        let p100high =
            (18.0 / 100.0 + exp(-100.0 / 63.0) * (1.0 - 18.0 / 100.0))
            * (1.0 + pow(2.0 / 10.0, 1.5) * 5.0 / 4.0 * 1.0 * exp(-100.0 / 150.0))
        #expect(abs(TR38901.losProbability(.uma, distance2DMeters: 100, utHeightMeters: 15) - p100high) < 1e-12)
    }

    @Test("UMi-Street Canyon")
    func umi() {
        #expect(TR38901.losProbability(.umi, distance2DMeters: 18, utHeightMeters: 1.5) == 1)
        let p50 = 18.0 / 50.0 + exp(-50.0 / 36.0) * (1.0 - 18.0 / 50.0)
        #expect(abs(TR38901.losProbability(.umi, distance2DMeters: 50, utHeightMeters: 1.5) - p50) < 1e-12)
        let p100 = 18.0 / 100.0 + exp(-100.0 / 36.0) * (1.0 - 18.0 / 100.0)
        #expect(abs(TR38901.losProbability(.umi, distance2DMeters: 100, utHeightMeters: 15) - p100) < 1e-12)
    }

    /// The blend weights the ns-3-verified LOS and NLOS losses (UMa, 5 GHz, 100 m) by P_LOS.
    @Test("Blend = P·PL_LOS + (1 − P)·PL_NLOS, σ weighted alike")
    func blend() {
        let p = (18.0 / 100.0 + exp(-100.0 / 63.0) * (1.0 - 18.0 / 100.0))
        let blended = PathLossModel.umaBlend.evaluate(
            frequencyGHz: 5, bsHeightMeters: 25, utHeightMeters: 1.5,
            distance2DMeters: 100)
        #expect(abs(blended.pathLossDB - (p * 86.2362 + (1 - p) * 106.1356)) <= 0.01)
        #expect(abs(blended.shadowFadingStdDB - (p * 4 + (1 - p) * 6)) < 1e-12)
        #expect(abs(blended.losProbability - p) < 1e-12)
    }
}
