import Foundation
import Testing

@testable import Radio

@Suite("Path-loss kernel (the coverage matrix's fast path) against the table formulas")
struct PathLossKernelTests {
    static let models: [PathLossModel] = [
        .freeSpace, .umaLOS, .umaNLOS, .umiLOS, .umiNLOS, .rmaLOS, .rmaNLOS,
        PathLossModel(scenario: .rma, condition: .nlos, rmaBuildingHeightMeters: 12, rmaStreetWidthMeters: 35),
    ]

    @Test("agrees with PathLossModel.evaluate to 1e-9 dB and picks the same σ", arguments: models)
    func agrees(model: PathLossModel) throws {
        for fc in [0.7, 2.6, 3.5, 28.0] {
            for (hBS, hUT) in [(6.0, 1.5), (10.0, 1.5), (25.0, 1.5), (35.0, 3.0), (60.0, 8.0)] {
                let kernel = try #require(
                    PathLossKernel(model: model, frequencyGHz: fc, bsHeightMeters: hBS, utHeightMeters: hUT))
                var d = 1.0
                while d < 20_000 {
                    let reference = model.evaluate(
                        frequencyGHz: fc, bsHeightMeters: hBS, utHeightMeters: hUT, distance2DMeters: d)
                    let fast = kernel.evaluate(distance2DMeters: d)
                    #expect(
                        abs(fast.pathLossDB - reference.pathLossDB) < 1e-9, "\(model) fc \(fc) h \(hBS)/\(hUT) d \(d)")
                    #expect(fast.shadowFadingStdDB == reference.shadowFadingStdDB)
                    d *= 1.07
                }
            }
        }
    }

    @Test("blends and COST-231 Hata have no kernel")
    func none() {
        for model in [PathLossModel.umaBlend, .umiBlend, .rmaBlend, .hataUrban, .hataMetropolitan] {
            #expect(PathLossKernel(model: model, frequencyGHz: 3.5, bsHeightMeters: 25, utHeightMeters: 1.5) == nil)
        }
    }
}
