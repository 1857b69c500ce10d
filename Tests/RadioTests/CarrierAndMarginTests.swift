import Foundation
import Testing

@testable import Radio

@Suite("N_RB and shadow margin")
struct CarrierAndMarginTests {
    /// TS 38.101-1 Table 5.3.2-1 (FR1) and TS 38.101-2 Table 5.3.2-1 (FR2) entries.
    @Test(
        "TS 38.101-1/-2 Table 5.3.2-1 entries",
        arguments: [
            (100.0, 30.0, 3.5, 273), (20, 15, 0.7, 106), (50, 15, 2.0, 270), (40, 30, 3.5, 106), (10, 15, 0.7, 52),
            (80, 30, 3.5, 217), (100, 60, 3.5, 135), (5, 15, 0.7, 25), (100, 120, 28, 66), (400, 120, 28, 264),
            (200, 60, 28, 264),
        ] as [(Double, Double, Double, Int)])
    func resourceBlocks(_ entry: (Double, Double, Double, Int)) {
        #expect(
            NRCarrier.maxResourceBlocks(bandwidthMHz: entry.0, subcarrierSpacingKHz: entry.1, frequencyGHz: entry.2)
                == entry.3)
    }

    @Test("Combinations outside the table are nil")
    func notInTable() {
        #expect(NRCarrier.maxResourceBlocks(bandwidthMHz: 60, subcarrierSpacingKHz: 15, frequencyGHz: 3.5) == nil)
        #expect(NRCarrier.maxResourceBlocks(bandwidthMHz: 5, subcarrierSpacingKHz: 60, frequencyGHz: 3.5) == nil)
        #expect(NRCarrier.maxResourceBlocks(bandwidthMHz: 100.5, subcarrierSpacingKHz: 30, frequencyGHz: 3.5) == nil)
        #expect(NRCarrier.maxResourceBlocks(bandwidthMHz: 400, subcarrierSpacingKHz: 120, frequencyGHz: 3.5) == nil)
    }

    /// Standard normal quantiles as tabulated to 15–16 digits in the two-sided quantile table of
    /// Wikipedia "Normal distribution" (two-sided 50 % → 0.674489750196082, 80 % → 1.281551565544601,
    /// 90 % → 1.644853626951472, 95 % → 1.959963984540054, 98 % → 2.326347874040841,
    /// 99.8 % → 3.090232306167814, i.e. one-sided 0.75/0.9/0.95/0.975/0.99/0.999) and to 5 digits in
    /// Abramowitz & Stegun Table 26.5; the deep tail z(1e-10) = −6.361340902404056.
    @Test(
        "Inverse normal against tabulated quantiles",
        arguments: [
            (0.5, 0.0), (0.75, 0.6744897501960817), (0.9, 1.2815515655446004), (0.95, 1.6448536269514722),
            (0.975, 1.959963984540054), (0.99, 2.3263478740408408), (0.999, 3.090232306167813),
            (0.25, -0.6744897501960817), (0.01, -2.3263478740408408), (1e-10, -6.361340902404056),
        ] as [(Double, Double)])
    func quantiles(_ pair: (Double, Double)) {
        #expect(abs(InverseNormal.quantile(pair.0) - pair.1) < 1e-9)
    }

    @Test("Inverse normal edge cases")
    func quantileEdges() {
        #expect(InverseNormal.quantile(0) == -.infinity)
        #expect(InverseNormal.quantile(1) == .infinity)
        #expect(InverseNormal.quantile(1.5).isNaN)
        #expect(InverseNormal.quantile(.nan).isNaN)
    }

    @Test("Shadow margin σ·Φ⁻¹(p): UMa NLOS σ = 6 dB at 90 % → 7.689 dB")
    func margin() {
        #expect(
            abs(ShadowFading.marginDB(standardDeviationDB: 6, edgeReliability: 0.9) - 6 * 1.2815515655446004) < 1e-9)
        #expect(ShadowFading.marginDB(standardDeviationDB: 8, edgeReliability: 0.5) == 0)
    }

    /// Through-wall loss of TR 38.901 Table 7.4.3-2 with the material losses of Table 7.4.3-1,
    /// written out here from the table (no independent numeric source was found for O2I).
    @Test("O2I through-wall loss, low and high loss at 3.5 GHz")
    func penetration() {
        let fc = 3.5
        let glass = 2 + 0.2 * fc
        let irr = 23 + 0.3 * fc
        let concrete = 5 + 4 * fc
        let low = 5 - 10 * log10(0.3 * pow(10, -glass / 10) + 0.7 * pow(10, -concrete / 10))
        let high = 5 - 10 * log10(0.7 * pow(10, -irr / 10) + 0.3 * pow(10, -concrete / 10))
        #expect(abs(BuildingPenetration.lowLoss.throughWallLossDB(frequencyGHz: fc) - low) < 1e-12)
        #expect(abs(BuildingPenetration.highLoss.throughWallLossDB(frequencyGHz: fc) - high) < 1e-12)
        #expect(abs(low - 12.70) < 0.01) // 5 − 10·log10(0.3·10^−0.27 + 0.7·10^−1.9)
        #expect(BuildingPenetration.highLoss.lossDB(frequencyGHz: fc, indoorDistanceMeters: 10) == high + 5)
        #expect(BuildingPenetration.none.lossDB(frequencyGHz: fc, indoorDistanceMeters: 10) == 0)
    }
}
