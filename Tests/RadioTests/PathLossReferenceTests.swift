import Testing

@testable import Radio

/// Path loss against independently published values. Tolerance 0.01 dB everywhere.
///
/// ns-3 values: `src/propagation/test/three-gpp-propagation-loss-model-test-suite.cc` (ns-3-dev,
/// SIGNET Lab, University of Padova). Those tests place the BS at (0, 0, hBS) and the UT at
/// (d, 0, 1.5), f = 5 GHz, shadowing disabled, AlwaysLos/NeverLos condition models, and check
/// CalcRxPower(0 dBm) = −PL. With hUT = 1.5 m < 13 m, ns-3's random UMa hE is 1 m, so the vectors
/// are deterministic and match our hE = 1 m convention; RMa uses ns-3's defaults h = 5 m, W = 20 m.
@Suite("Path loss vs published values")
struct PathLossReferenceTests {
    static let tolerance = 0.01

    struct Vector: Sendable, CustomTestStringConvertible {
        let distance: Double
        let isLOS: Bool
        let receivedDBm: Double // ns-3 m_pr with m_pt = 0 dBm, i.e. −PL
        var testDescription: String { "\(isLOS ? "LOS" : "NLOS") \(distance) m → \(receivedDBm) dBm" }
    }

    // ThreeGppRmaPropagationLossModelTestCase: hBS = 35 m.
    static let rma: [Vector] = [
        Vector(distance: 10, isLOS: true, receivedDBm: -77.3784),
        Vector(distance: 100, isLOS: true, receivedDBm: -87.2965),
        Vector(distance: 1000, isLOS: true, receivedDBm: -108.5577),
        Vector(distance: 10000, isLOS: true, receivedDBm: -140.3896),
        Vector(distance: 10, isLOS: false, receivedDBm: -77.3784),
        Vector(distance: 100, isLOS: false, receivedDBm: -95.7718),
        Vector(distance: 1000, isLOS: false, receivedDBm: -133.5223),
        Vector(distance: 5000, isLOS: false, receivedDBm: -160.5169),
    ]

    // ThreeGppUmaPropagationLossModelTestCase: hBS = 25 m.
    static let uma: [Vector] = [
        Vector(distance: 10, isLOS: true, receivedDBm: -72.9380),
        Vector(distance: 100, isLOS: true, receivedDBm: -86.2362),
        Vector(distance: 1000, isLOS: true, receivedDBm: -109.7252),
        Vector(distance: 5000, isLOS: true, receivedDBm: -137.6794),
        Vector(distance: 10, isLOS: false, receivedDBm: -82.5131),
        Vector(distance: 100, isLOS: false, receivedDBm: -106.1356),
        Vector(distance: 1000, isLOS: false, receivedDBm: -144.7641),
        Vector(distance: 5000, isLOS: false, receivedDBm: -172.0753),
    ]

    // ThreeGppUmiPropagationLossModelTestCase: hBS = 10 m. Note: in the ns-3 file only the first two
    // vectors are passed to m_testVectors.Add; the other six are written down but never checked by
    // ns-3 itself. We check all eight (they agree with Table 7.4.1-1).
    static let umi: [Vector] = [
        Vector(distance: 10, isLOS: true, receivedDBm: -69.8591),
        Vector(distance: 100, isLOS: true, receivedDBm: -88.4122),
        Vector(distance: 1000, isLOS: true, receivedDBm: -119.3114),
        Vector(distance: 5000, isLOS: true, receivedDBm: -147.2696),
        Vector(distance: 10, isLOS: false, receivedDBm: -76.7563),
        Vector(distance: 100, isLOS: false, receivedDBm: -107.9432),
        Vector(distance: 1000, isLOS: false, receivedDBm: -143.1886),
        Vector(distance: 5000, isLOS: false, receivedDBm: -167.8617),
    ]

    @Test("ns-3 ThreeGppRmaPropagationLossModel test vectors", arguments: rma)
    func rmaMatchesNs3(_ v: Vector) {
        let model: PathLossModel = v.isLOS ? .rmaLOS : .rmaNLOS
        let pl = model.evaluate(frequencyGHz: 5, bsHeightMeters: 35, utHeightMeters: 1.5, distance2DMeters: v.distance)
        #expect(abs(pl.pathLossDB - -v.receivedDBm) <= Self.tolerance)
    }

    @Test("ns-3 ThreeGppUmaPropagationLossModel test vectors", arguments: uma)
    func umaMatchesNs3(_ v: Vector) {
        let model: PathLossModel = v.isLOS ? .umaLOS : .umaNLOS
        let pl = model.evaluate(frequencyGHz: 5, bsHeightMeters: 25, utHeightMeters: 1.5, distance2DMeters: v.distance)
        #expect(abs(pl.pathLossDB - -v.receivedDBm) <= Self.tolerance)
    }

    @Test("ns-3 ThreeGppUmiStreetCanyonPropagationLossModel test vectors", arguments: umi)
    func umiMatchesNs3(_ v: Vector) {
        let model: PathLossModel = v.isLOS ? .umiLOS : .umiNLOS
        let pl = model.evaluate(frequencyGHz: 5, bsHeightMeters: 10, utHeightMeters: 1.5, distance2DMeters: v.distance)
        #expect(abs(pl.pathLossDB - -v.receivedDBm) <= Self.tolerance)
    }

    /// MATLAB 5G Toolbox `nrPathLoss` documentation example (R2021b+): RMa, BuildingHeight = 7 m,
    /// StreetWidth = 25 m, freq = 3.5e9, los = true, bs = [0;0;30], ue = [1e3;1e3;1.5]
    /// → pathloss = 110.1615 dB. d2D = √2 km.
    @Test("MATLAB nrPathLoss RMa LOS documentation example")
    func matlabNrPathLossRMa() {
        let model = PathLossModel(scenario: .rma, condition: .los, rmaBuildingHeightMeters: 7, rmaStreetWidthMeters: 25)
        let pl = model.evaluate(
            frequencyGHz: 3.5, bsHeightMeters: 30, utHeightMeters: 1.5,
            distance2DMeters: (2.0).squareRoot() * 1_000)
        #expect(abs(pl.pathLossDB - 110.1615) <= Self.tolerance)
        #expect(pl.validity.isEmpty)
    }

    /// MATLAB Phased Array Toolbox `fspl` documentation example: 10 GHz radar over 10 km,
    /// lambda = physconst('LightSpeed')/fc → L = 132.4478 dB.
    @Test("MATLAB fspl documentation example: 10 km at 10 GHz")
    func matlabFSPL() {
        #expect(abs(FreeSpace.pathLossDB(frequencyGHz: 10, distance3DMeters: 10_000) - 132.4478) <= Self.tolerance)
    }

    /// Python `sdr` package (M. Hostetter) `free_space_path_loss` documentation:
    /// 1 km at 1 GHz → 92.44778322188337 dB; 2 km at 1 GHz and 1 km at 2 GHz → 98.468383135163 dB.
    @Test("sdr.free_space_path_loss documentation values")
    func sdrFSPL() {
        #expect(
            abs(FreeSpace.pathLossDB(frequencyGHz: 1, distance3DMeters: 1_000) - 92.44778322188337) <= Self.tolerance)
        #expect(abs(FreeSpace.pathLossDB(frequencyGHz: 1, distance3DMeters: 2_000) - 98.468383135163) <= Self.tolerance)
        #expect(abs(FreeSpace.pathLossDB(frequencyGHz: 2, distance3DMeters: 1_000) - 98.468383135163) <= Self.tolerance)
        // Through the model: d3D from d2D and the heights (3-4-5 triangle: d2D 400 m, Δh 300 m → 500 m).
        let pl = PathLossModel.freeSpace.evaluate(
            frequencyGHz: 1, bsHeightMeters: 301.5, utHeightMeters: 1.5,
            distance2DMeters: 400)
        #expect(abs(pl.pathLossDB - (92.44778322188337 - 6.020599913279624)) <= Self.tolerance)
    }

    /// ns-3 `okumura-hata-test-suite.cc`, "COST231 OH Urban small city and suburban":
    /// f = 2114 MHz, d = 2 km, hb = 30 m, hm = 1 m → 150.64 dB (ns-3 reference from its Octave script
    /// `loss_COST231_small_cities_urban.m`, C = 0). The metropolitan variant adds C_M = 3 dB
    /// (COST 231 final report §4.4.1); no independent published metropolitan figure with the
    /// medium-city a(hm) was found (ns-3's "large city" reference uses the large-city a(hm) without
    /// its −4.97 term, so it is not comparable).
    @Test("ns-3 okumura-hata COST231 urban small city value")
    func cost231Hata() {
        let urban = PathLossModel.hataUrban.evaluate(
            frequencyGHz: 2.114, bsHeightMeters: 30, utHeightMeters: 1,
            distance2DMeters: 2_000)
        #expect(abs(urban.pathLossDB - 150.64) <= Self.tolerance)
        #expect(urban.validity.isEmpty == false) // 2114 MHz is above COST 231's 2000 MHz
        #expect(urban.validity == .frequencyOutOfRange)
        let metro = PathLossModel.hataMetropolitan.evaluate(
            frequencyGHz: 2.114, bsHeightMeters: 30, utHeightMeters: 1,
            distance2DMeters: 2_000)
        #expect(abs(metro.pathLossDB - urban.pathLossDB - 3) <= 1e-9)
    }

    /// TR 38.901 Table 7.4.1-1: NLOS is max(LOS, NLOS′), so NLOS ≥ LOS everywhere; at 10 m in RMa the
    /// ns-3 vectors show the LOS branch winning (−77.3784 dBm for both).
    @Test("NLOS is never below LOS", arguments: [PropagationScenario.rma, .uma, .umi])
    func nlosAtLeastLOS(_ scenario: PropagationScenario) {
        let los = PathLossModel(scenario: scenario, condition: .los)
        let nlos = PathLossModel(scenario: scenario, condition: .nlos)
        var d = 10.0
        while d <= 5_000 {
            let l = los.evaluate(frequencyGHz: 3.5, bsHeightMeters: 25, utHeightMeters: 1.5, distance2DMeters: d)
            let n = nlos.evaluate(frequencyGHz: 3.5, bsHeightMeters: 25, utHeightMeters: 1.5, distance2DMeters: d)
            #expect(n.pathLossDB >= l.pathLossDB)
            d *= 1.1
        }
    }

    /// UMa/UMi PL1 and PL2 meet at d′_BP (40·log d3D − 9·log(d′_BP² + Δh²) = 22·log d3D there), a
    /// property of the table's formulas: both sides of the breakpoint within 1e-6 dB.
    @Test("UMa and UMi LOS are continuous at the breakpoint", arguments: [PropagationScenario.uma, .umi])
    func continuousAtBreakpoint(_ scenario: PropagationScenario) {
        let hBS = scenario == .uma ? 25.0 : 10.0
        let dBP = TR38901.effectiveBreakpointMeters(frequencyGHz: 3.5, bsHeightMeters: hBS, utHeightMeters: 1.5)
        // 4·(hBS − 1)·(1.5 − 1)·3.5e9/3e8: 560 m for UMa, 210 m for UMi.
        #expect(abs(dBP - (scenario == .uma ? 560 : 210)) < 1e-9)
        let model = PathLossModel(scenario: scenario, condition: .los)
        let before = model.evaluate(frequencyGHz: 3.5, bsHeightMeters: hBS, utHeightMeters: 1.5, distance2DMeters: dBP)
        let after = model.evaluate(
            frequencyGHz: 3.5, bsHeightMeters: hBS, utHeightMeters: 1.5,
            distance2DMeters: dBP.nextUp)
        #expect(abs(before.pathLossDB - after.pathLossDB) < 1e-6)
    }
}
