import Testing

@testable import Radio

/// Inputs outside a model's TR 38.901 / COST 231 applicability range are flagged, never clamped.
@Suite("Validity flags")
struct ValidityTests {
    @Test("UMa distance, UT height, nominal BS height")
    func uma() {
        let inside = TR38901.umaNLOS(frequencyGHz: 3.5, bsHeightMeters: 25, utHeightMeters: 1.5, distance2DMeters: 200)
        #expect(inside.validity.isEmpty)
        let close = TR38901.umaNLOS(frequencyGHz: 3.5, bsHeightMeters: 25, utHeightMeters: 1.5, distance2DMeters: 5)
        #expect(close.validity == .distanceBelowRange)
        let far = TR38901.umaNLOS(frequencyGHz: 3.5, bsHeightMeters: 25, utHeightMeters: 1.5, distance2DMeters: 6_000)
        #expect(far.validity == .distanceAboveRange)
        // Still the formula, not a clamped value: 6 km loses more than 5 km.
        let atEdge = TR38901.umaNLOS(
            frequencyGHz: 3.5, bsHeightMeters: 25, utHeightMeters: 1.5, distance2DMeters: 5_000)
        #expect(far.pathLossDB > atEdge.pathLossDB + 1)
        let rooftop = TR38901.umaNLOS(frequencyGHz: 3.5, bsHeightMeters: 40, utHeightMeters: 1.5, distance2DMeters: 200)
        #expect(rooftop.validity == .bsHeightNotNominal)
        let lowUT = TR38901.umaNLOS(frequencyGHz: 3.5, bsHeightMeters: 25, utHeightMeters: 1, distance2DMeters: 200)
        #expect(lowUT.validity == .utHeightOutOfRange)
    }

    @Test("RMa: LOS to 10 km, NLOS to 5 km, heights, frequency, environment")
    func rma() {
        #expect(
            TR38901.rmaLOS(frequencyGHz: 0.7, bsHeightMeters: 35, utHeightMeters: 1.5, distance2DMeters: 8_000).validity
                .isEmpty)
        #expect(
            TR38901.rmaNLOS(frequencyGHz: 0.7, bsHeightMeters: 35, utHeightMeters: 1.5, distance2DMeters: 8_000)
                .validity
                == .distanceAboveRange)
        #expect(
            TR38901.rmaLOS(frequencyGHz: 0.7, bsHeightMeters: 8, utHeightMeters: 1.5, distance2DMeters: 500).validity
                == .bsHeightOutOfRange)
        #expect(
            TR38901.rmaLOS(frequencyGHz: 40, bsHeightMeters: 35, utHeightMeters: 1.5, distance2DMeters: 500).validity
                == .frequencyOutOfRange)
        #expect(
            TR38901.rmaNLOS(
                frequencyGHz: 0.7, bsHeightMeters: 35, utHeightMeters: 1.5, distance2DMeters: 500,
                buildingHeightMeters: 60
            ).validity == .environmentOutOfRange)
    }

    @Test("Blend carries the union of LOS and NLOS flags")
    func blend() {
        let pl = PathLossModel.rmaBlend.evaluate(
            frequencyGHz: 0.7, bsHeightMeters: 35, utHeightMeters: 1.5,
            distance2DMeters: 7_000)
        #expect(pl.validity == .distanceAboveRange)
    }

    @Test("COST-231 Hata range 1.5–2 GHz, 30–200 m, 1–10 m, 1–20 km")
    func hata() {
        #expect(
            PathLossModel.hataUrban.evaluate(
                frequencyGHz: 1.8, bsHeightMeters: 30, utHeightMeters: 1.5,
                distance2DMeters: 1_500
            ).validity.isEmpty)
        let n78 = PathLossModel.hataUrban.evaluate(
            frequencyGHz: 3.5, bsHeightMeters: 20, utHeightMeters: 1.5,
            distance2DMeters: 500)
        #expect(n78.validity == [.frequencyOutOfRange, .bsHeightOutOfRange, .distanceBelowRange])
        #expect(n78.validity.names == ["distance_below_range", "bs_height_out_of_range", "frequency_out_of_range"])
    }

    @Test("Site flags drop the distance flags")
    func siteFlags() {
        let flags = PathLossModel.umiNLOS.siteValidity(frequencyGHz: 3.5, bsHeightMeters: 8, utHeightMeters: 1.5)
        #expect(flags == .bsHeightNotNominal)
        let evaluator = CoverageEvaluator(profile: RadioProfile.n78SmallCell, siteHeightMeters: 8)
        #expect(evaluator.siteValidity == .bsHeightNotNominal)
        #expect(CoverageEvaluator(profile: RadioProfile.n78SmallCell, siteHeightMeters: 10).siteValidity.isEmpty)
    }
}
