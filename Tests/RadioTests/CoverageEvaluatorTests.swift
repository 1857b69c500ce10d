import Dispatch
import Foundation
import Testing

@testable import Radio

/// Profiles covering every model, LOS variant, antenna, penetration and the uplink check: the
/// built-in profiles and variants resolved from overrides, as a scenario would name them.
enum Variants {
    /// Each variant: its name, the built-in profile it starts from, and the scenario overrides.
    /// Computed, not stored: `[String: Any]` is what the scenario loader hands over, and not `Sendable`.
    static var specs: [(name: String, base: String, overrides: [String: Any])] {
        [
            ("n78-macro", "n78-macro", [:]),
            ("n78-small-cell", "n78-small-cell", [:]),
            ("n41-macro", "n41-macro", [:]),
            ("n28-rural", "n28-rural", [:]),
            ("uma-los", "n78-macro", ["los": "los"]),
            ("uma-blend", "n78-macro", ["los": "prob"]),
            ("uma-blend-high-ut (non-monotone)", "n78-macro", ["los": "prob", "ut_height_m": 20]),
            ("umi-blend", "n78-small-cell", ["los": "prob"]),
            ("rma-los", "n28-rural", ["los": "los"]),
            ("rma-blend", "n28-rural", ["los": "prob"]),
            (
                "hata-metro", "n78-macro",
                [
                    "model": "hata", "hata_environment": "metropolitan", "frequency_ghz": 1.8,
                    "bandwidth_mhz": 20, "subcarrier_spacing_khz": 15,
                ]
            ),
            ("fspl", "n78-small-cell", ["model": "fspl", "rsrp_threshold_dbm": -95]),
            ("indoor-high-loss", "n78-macro", ["indoor": "high-loss"]),
            ("uplink-limited", "n78-macro", ["requires_uplink": true, "ul_rbs": 100, "ue_tx_power_dbm": 23]),
            (
                "narrow-sectors", "n78-macro",
                ["h_beamwidth_deg": 30, "v_beamwidth_deg": 10, "downtilt_deg": 8, "azimuths_deg": [45, 225]]
            ),
        ]
    }
    static let names = specs.map(\.name)

    /// The variant `name`, resolved as the scenario loader resolves a profile with overrides.
    /// - Throws: when the name is unknown or its overrides do not resolve (the test then fails
    ///   instead of running on some other profile).
    static func profile(_ name: String) throws -> RadioProfile {
        guard let spec = specs.first(where: { $0.name == name }) else {
            throw RadioError.unknownProfile(name: name, source: "Variants", known: names)
        }
        return try RadioProfile.resolve(name: spec.base, overrides: spec.overrides, source: "variant \(name)")
    }
}

@Suite("Coverage evaluator and inverse")
struct CoverageEvaluatorTests {
    @Test("every variant resolves, and its overrides change the profile it starts from")
    func variantsResolve() throws {
        for spec in Variants.specs {
            let profile = try Variants.profile(spec.name)
            let base = try #require(RadioProfile.named(spec.base))
            #expect((profile == base) == spec.overrides.isEmpty, "\(spec.name)")
        }
    }

    /// RSRP assembled from an ns-3 test-vector path loss: UMa NLOS, 5 GHz, hBS 25 m, hUT 1.5 m,
    /// 100 m → 106.1356 dB (three-gpp-propagation-loss-model-test-suite.cc); omni 8 dBi, 50 % reliability
    /// (no margin), 46 dBm over 100 MHz @ 30 kHz = 3276 subcarriers, 2 dB cable, 3 dB body, UE 0 dBi.
    @Test("RSRP = P_RE + G − PL − losses with an ns-3 path loss")
    func rsrpComposition() throws {
        var profile = RadioProfile.n78Macro
        profile.frequencyGHz = 5
        profile.txPowerDBm = 46
        profile.antenna = .omni(gainDBi: 8)
        profile.edgeReliability = 0.5
        profile.cableLossDB = 2
        profile.bodyLossDB = 3
        try profile.validate(source: "test")
        let evaluator = CoverageEvaluator(profile: profile, siteHeightMeters: 25)
        let expected = 46 - 10 * log10(3276.0) + 8 - 2 - 3 - 106.1356
        #expect(abs(evaluator.rsrpDBm(eastMeters: 60, northMeters: 80) - expected) <= 0.01)
        let budget = profile.linkBudget(distance2DMeters: 100, antennaGainDBi: 8, siteHeightMeters: 25)
        #expect(abs(budget.rsrpDBm - expected) <= 0.01)
        #expect(budget.shadowMarginDB == 0)
    }

    @Test("Margin uses √(σ_SF² + σ_P²)·Φ⁻¹(p)")
    func marginComposition() throws {
        let profile = try Variants.profile("indoor-high-loss")
        let budget = profile.linkBudget(distance2DMeters: 300, antennaGainDBi: 17)
        #expect(abs(budget.shadowStdDB - (36.0 + 6.5 * 6.5).squareRoot()) < 1e-12)
        #expect(abs(budget.shadowMarginDB - budget.shadowStdDB * 0.6744897501960817) < 1e-9)
        #expect(
            abs(
                budget.penetrationLossDB
                    - (BuildingPenetration.highLoss.throughWallLossDB(frequencyGHz: 3.5) + 0.5 * 25 / 3)) < 1e-9)
    }

    /// Forward/inverse consistency: at maxRange the boresight budget meets the threshold within
    /// 0.01 dB, and 1 m further it does not.
    @Test("Budget at max range meets the threshold; 1 m further it fails", arguments: Variants.names)
    func forwardInverse(_ name: String) throws {
        let profile = try Variants.profile(name)
        for height in [profile.bsHeightMeters, profile.bsHeightMeters + 7] {
            let evaluator = CoverageEvaluator(profile: profile, siteHeightMeters: height)
            let range = evaluator.maxRangeMeters
            #expect(range > 20 && !evaluator.maxRangeIsCapped, "\(name): range \(range)")
            let atRange = evaluator.boresightMarginDB(distance2DMeters: range)
            #expect(atRange >= 0 && atRange <= 0.01, "\(name) @\(height) m: margin \(atRange) dB at \(range) m")
            #expect(evaluator.boresightMarginDB(distance2DMeters: range + 1) < 0)
            // The same through the profile's full link budget at maximum gain.
            let budget = profile.linkBudget(
                distance2DMeters: range, antennaGainDBi: profile.antenna.maxGainDBi,
                siteHeightMeters: height)
            #expect(budget.isCovered)
            #expect(
                !profile.linkBudget(
                    distance2DMeters: range + 1, antennaGainDBi: profile.antenna.maxGainDBi,
                    siteHeightMeters: height
                ).isCovered)
            if profile.limitingLink == "downlink" {
                #expect(abs(budget.rsrpDBm - profile.rsrpThresholdDBm) <= 0.01)
            } else {
                #expect(abs(budget.uplinkMarginDB) <= 0.01)
            }
        }
    }

    /// RMa LOS: σ_SF steps from 4 to 6 dB at d_BP, so the budget jumps down there. When the
    /// threshold falls inside the jump, the range is d_BP itself and the margin there is positive —
    /// reported honestly instead of pretending to be within 0.01 dB.
    @Test("RMa LOS: a threshold inside the σ jump at the breakpoint")
    func breakpointJump() throws {
        var profile = try Variants.profile("rma-los")
        profile.requiresUplink = false
        let dBP = TR38901.rmaBreakpointMeters(
            frequencyGHz: profile.frequencyGHz, bsHeightMeters: 35, utHeightMeters: 1.5)
        let plain = CoverageEvaluator(profile: profile, siteHeightMeters: 35)
        let before = plain.boresightRSRPDBm(distance2DMeters: dBP)
        let after = plain.boresightRSRPDBm(distance2DMeters: dBP.nextUp)
        #expect(before - after > 1) // (6 − 4)·0.674 ≈ 1.35 dB
        profile.rsrpThresholdDBm = (before + after) / 2
        let evaluator = CoverageEvaluator(profile: profile, siteHeightMeters: 35)
        #expect(abs(evaluator.maxRangeMeters - dBP) < 1e-3)
        #expect(evaluator.boresightMarginDB(distance2DMeters: evaluator.maxRangeMeters) > 0.5)
        #expect(evaluator.boresightMarginDB(distance2DMeters: evaluator.maxRangeMeters + 1) < 0)
    }

    /// The monotonicity claim behind the bisection, checked on a dense grid.
    @Test("Declared-monotone budgets never increase with distance", arguments: Variants.names)
    func monotoneClaim(_ name: String) throws {
        let profile = try Variants.profile(name)
        guard
            profile.pathLossModel.isMonotoneInDistance(
                utHeightMeters: profile.utHeightMeters,
                marginQuantile: profile.marginQuantile)
        else { return }
        let evaluator = CoverageEvaluator(profile: profile, siteHeightMeters: profile.bsHeightMeters)
        var previous = evaluator.boresightMarginDB(distance2DMeters: 0)
        var d = 0.5
        while d < 30_000 {
            let m = evaluator.boresightMarginDB(distance2DMeters: d)
            #expect(m <= previous + 1e-9, "\(name): margin rises at \(d) m")
            previous = m
            d += d < 2_000 ? 0.5 : 5
        }
    }

    /// Issue item 6: no covered cell may lie beyond the search radius. Brute force: every cell of a
    /// grid around several sites (heights differ), each evaluated against each site.
    @Test("Brute force all pairs: every covered cell is within maxRange", arguments: Variants.names)
    func bruteForce(_ name: String) throws {
        let profile = try Variants.profile(name)
        let sites: [(east: Double, north: Double, height: Double)] = [
            (0, 0, profile.bsHeightMeters), (137, -59, profile.bsHeightMeters + 12),
            (-83, 211, max(3, profile.bsHeightMeters - 4)),
        ]
        let evaluators = sites.map { CoverageEvaluator(profile: profile, siteHeightMeters: $0.height) }
        let reach = evaluators.map(\.maxRangeMeters).max() ?? 0
        let step = max(2.0, reach / 100)
        let half = reach * 1.6
        var coveredCount = 0
        var farthestRatio = 0.0
        var cellNorth = -half
        while cellNorth <= half {
            var cellEast = -half
            while cellEast <= half {
                for (site, evaluator) in zip(sites, evaluators) {
                    let east = cellEast - site.east
                    let north = cellNorth - site.north
                    if evaluator.isCovered(eastMeters: east, northMeters: north) {
                        coveredCount += 1
                        let d = (east * east + north * north).squareRoot()
                        #expect(
                            d <= evaluator.maxRangeMeters, "\(name): covered at \(d) m > \(evaluator.maxRangeMeters) m")
                        farthestRatio = max(farthestRatio, d / evaluator.maxRangeMeters)
                    }
                }
                cellEast += step
            }
            cellNorth += step
        }
        #expect(coveredCount > 100)
        // The radius is not absurdly loose either: covered cells reach close to it.
        #expect(farthestRatio > 0.8, "\(name): farthest covered at \(farthestRatio) of the range")
    }

    @Test("Evaluations are identical from many threads")
    func concurrent() {
        let evaluator = CoverageEvaluator(profile: RadioProfile.n78Macro, siteHeightMeters: 30)
        let n = 2_000
        let serial = (0..<n).map {
            evaluator.rsrpDBm(eastMeters: Double($0 % 97) * 9 - 400, northMeters: Double($0 / 97) * 37 - 350)
        }
        let results = UnsafeMutableBufferPointer<Double>.allocate(capacity: n)
        defer { results.deallocate() }
        let base = results.baseAddress
        nonisolated(unsafe) let pointer = base
        DispatchQueue.concurrentPerform(iterations: n) { i in
            pointer?[i] = evaluator.rsrpDBm(
                eastMeters: Double(i % 97) * 9 - 400, northMeters: Double(i / 97) * 37 - 350)
        }
        #expect(Array(results) == serial)
    }

    @Test("Per-clutter evaluators: indoor shrinks the range, model override applies")
    func clutterVariants() {
        let outdoor = CoverageEvaluator(profile: RadioProfile.n78Macro, siteHeightMeters: 25)
        let indoor = CoverageEvaluator(profile: RadioProfile.n78Macro, siteHeightMeters: 25, penetration: .lowLoss)
        let los = CoverageEvaluator(profile: RadioProfile.n78Macro, siteHeightMeters: 25, pathLossModel: .umaLOS)
        #expect(indoor.maxRangeMeters < outdoor.maxRangeMeters)
        #expect(los.maxRangeMeters > outdoor.maxRangeMeters)
        #expect(
            abs(outdoor.rsrpDBm(eastMeters: 0, northMeters: 200) - indoor.rsrpDBm(eastMeters: 0, northMeters: 200)) > 10
        )
    }

    @Test("Invalid site heights give no coverage and no crash")
    func invalidHeights() {
        for height in [Double.nan, -5, Double.infinity] {
            let evaluator = CoverageEvaluator(profile: RadioProfile.n78Macro, siteHeightMeters: height)
            #expect(evaluator.maxRangeMeters == 0 || height == -5)
            #expect(!evaluator.siteValidity.isEmpty)
            if height.isNaN { #expect(!evaluator.isCovered(eastMeters: 10, northMeters: 10)) }
        }
    }

    @Test("Plausible default ranges: macro a few hundred metres, small cell below 300 m, rural kilometres")
    func plausibleRanges() {
        let macro = CoverageEvaluator(profile: RadioProfile.n78Macro, siteHeightMeters: 25).maxRangeMeters
        let small = CoverageEvaluator(profile: RadioProfile.n78SmallCell, siteHeightMeters: 10).maxRangeMeters
        let rural = CoverageEvaluator(profile: RadioProfile.n28Rural, siteHeightMeters: 35).maxRangeMeters
        #expect((300...1_500).contains(macro))
        #expect((50...300).contains(small))
        #expect(rural > 1_500)
        #expect(small < macro && macro < rural)
    }
}
