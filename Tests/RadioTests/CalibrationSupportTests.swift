import Foundation
import Testing

@testable import Radio

@Suite("Calibration: cross-validation folds, the design, and the path-loss correction in profiles")
struct CalibrationSupportTests {
    @Test("site-held-out folds never share a site between training and test", arguments: [1, 2, 3, 4, 5, 9])
    func foldsKeepGroupsWhole(k: Int) {
        var random = TestRandom(state: 42)
        let groups = (0..<2_000).map { _ in Int(random.unit() * 37) }
        let folds = CrossValidation.folds(groups: groups, count: k, seed: 5)
        #expect(Set(folds) == Set(0..<min(k, Set(groups).count)))
        for fold in Set(folds) {
            let test = Set(groups.indices.filter { folds[$0] == fold }.map { groups[$0] })
            let train = Set(groups.indices.filter { folds[$0] != fold }.map { groups[$0] })
            #expect(test.isDisjoint(with: train), "fold \(fold) shares a site")
        }
        // Deterministic per seed; another seed deals the groups differently.
        #expect(CrossValidation.folds(groups: groups, count: k, seed: 5) == folds)
        if k > 1 { #expect(CrossValidation.folds(groups: groups, count: k, seed: 6) != folds) }
    }

    @Test("block labels: points in one square share a label, labels are dense")
    func blocks() {
        let labels = CrossValidation.blockLabels(
            eastMeters: [10, 490, 510, -10, 990, 10], northMeters: [10, 20, 20, 10, 499, 600], blockMeters: 500)
        #expect(labels[0] == labels[1])
        #expect(labels[2] == labels[4])
        #expect(labels[0] != labels[2] && labels[0] != labels[3] && labels[0] != labels[5])
        #expect(Set(labels) == Set(0..<4))
    }

    @Test("each out-of-fold prediction is the fit on the other folds")
    func outOfFold() throws {
        let (x, y) = lineData(n: 300, a: 1, b: 3, sigma: 0.5, seed: 9)
        let data = CensoredHuberRegression.Data(
            design: design(x), parameterCount: 2, response: y, censored: [Bool](repeating: false, count: 300))
        let groups = (0..<300).map { $0 / 10 }
        let folds = CrossValidation.folds(groups: groups, count: 4, seed: 1)
        let result = CrossValidation.run(data, folds: folds, options: .init())
        let train = (0..<300).filter { folds[$0] != 2 }
        let fit = try CensoredHuberRegression.fit(data.subset(train)).get()
        for i in (0..<300) where folds[i] == 2 {
            #expect(abs(result.predictions[i] - (fit.coefficients[0] + fit.coefficients[1] * x[i])) < 1e-9)
        }
        #expect(result.folds.allSatisfy { $0.failure == nil })
    }

    @Test("design: coefficients are offset, slope correction and clutter offsets, with the signs of ΔPL")
    func designSigns() throws {
        // Measured = predicted − (4 + (−2)·log10(d/500) + 3·[class b]): an exact fit.
        let logs = [2.3, 2.5, 2.7, 2.9, 3.1, 2.4, 2.8, 3.0]
        let classes = ["a", "a", "a", "b", "b", "a", "b", "a"]
        let predicted = [-80.0, -85, -90, -95, -100, -82, -93, -97]
        let measured = (0..<8).map { i in
            predicted[i] - (4 - 2 * (logs[i] - log10(500)) + (classes[i] == "b" ? 3 : 0))
        }
        let d = CalibrationDesign(
            measuredDBm: measured, predictedDBm: predicted, censored: [Bool](repeating: false, count: 8),
            log10Distance3D: logs, clutter: classes, fitSlope: true, referenceDistanceMeters: 500)
        #expect(d.parameterNames == ["offset_db", "slope_correction_db_per_decade", "clutter_offset_db[b]"])
        #expect(d.referenceClass == "a")
        let fit = try CensoredHuberRegression.fit(d.data, options: .init(huberK: .infinity)).get()
        #expect(abs(fit.coefficients[0] - 4) < 1e-9)
        #expect(abs(fit.coefficients[1] + 2) < 1e-9)
        #expect(abs(fit.coefficients[2] - 3) < 1e-9)
        #expect(abs(d.pathLossCorrectionDB(3, coefficients: fit.coefficients) - (predicted[3] - measured[3])) < 1e-9)
    }

    @Test("a corrected model adds offset + slope·log10(d3D/ref) everywhere, and its kernel agrees")
    func correctionInModels() throws {
        let correction = PathLossCorrection(offsetDB: 5.5, slopeCorrectionDBPerDecade: -4, referenceDistanceMeters: 600)
        for base in [PathLossModel.umaNLOS, .umaLOS, .umiNLOS, .rmaNLOS, .freeSpace, .hataUrban, .umaBlend] {
            var model = base
            model.correction = correction
            let kernel = PathLossKernel(model: model, frequencyGHz: 3.5, bsHeightMeters: 30, utHeightMeters: 1.5)
            for d2D in [20.0, 150, 600, 2_000, 7_000] {
                let d3D = (d2D * d2D + 28.5 * 28.5).squareRoot()
                let plain = base.evaluate(
                    frequencyGHz: 3.5, bsHeightMeters: 30, utHeightMeters: 1.5, distance2DMeters: d2D)
                let corrected = model.evaluate(
                    frequencyGHz: 3.5, bsHeightMeters: 30, utHeightMeters: 1.5, distance2DMeters: d2D)
                let expected = plain.pathLossDB + 5.5 - 4 * log10(d3D / 600)
                #expect(abs(corrected.pathLossDB - expected) < 1e-9, "\(base) at \(d2D) m")
                if let kernel {
                    #expect(abs(kernel.evaluate(distance2DMeters: d2D).pathLossDB - expected) < 1e-9)
                }
            }
        }
    }

    @Test("profile overrides take the calibration keys, reject a slope correction beyond ±20 dB/decade")
    func overrides() throws {
        let profile = try RadioProfile.resolve(
            name: "n78-macro",
            overrides: [
                "pathloss_offset_db": 6.2, "pathloss_slope_correction_db_per_decade": -3.1, "pathloss_reference_m": 720,
                "shadow_std_db": 7.05,
            ], source: "test")
        #expect(
            profile.pathLossModel.correction
                == PathLossCorrection(offsetDB: 6.2, slopeCorrectionDBPerDecade: -3.1, referenceDistanceMeters: 720))
        #expect(profile.shadowFadingStdDB == 7.05)
        let plain = try #require(RadioProfile.named("n78-macro"))
        // The range shrinks with the extra loss: the budget closes 6.2 dB (at 720 m) earlier.
        let before = CoverageEvaluator(profile: plain, siteHeightMeters: 25).maxRangeMeters
        let after = CoverageEvaluator(profile: profile, siteHeightMeters: 25).maxRangeMeters
        #expect(after < before * 0.8)
        #expect(throws: RadioError.self) {
            try RadioProfile.resolve(
                name: "n78-macro", overrides: ["pathloss_slope_correction_db_per_decade": 25], source: "test")
        }
        #expect(throws: RadioError.self) {
            try RadioProfile.resolve(name: "n78-macro", overrides: ["pathloss_reference_m": 0], source: "test")
        }
    }
}
