import Foundation
import Testing

@testable import Radio

@Suite("Profiles and scenario overrides")
struct ProfileTests {
    static let source = "scenario.json: radio.profiles.n78-macro"

    func json(_ text: String) throws -> [String: Any] {
        try #require(JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    @Test("Every built-in profile exists, validates and has its documented carrier")
    func builtIns() throws {
        #expect(RadioProfile.builtInNames == ["n78-macro", "n78-small-cell", "n41-macro", "n28-rural"])
        for name in RadioProfile.builtInNames {
            let profile = try #require(RadioProfile.named(name))
            #expect(profile.name == name)
            #expect(throws: Never.self) { try profile.validate(source: name) }
        }
        #expect(RadioProfile.n78Macro.resourceBlockCount == 273)
        #expect(RadioProfile.n28Rural.resourceBlockCount == 106)
        #expect(RadioProfile.n78Macro.pathLossModel == .umaNLOS)
        #expect(RadioProfile.n78SmallCell.pathLossModel == .umiNLOS)
        #expect(RadioProfile.n28Rural.pathLossModel.scenario == .rma)
        #expect(RadioProfile.named("n79-macro") == nil)
    }

    @Test("Per-RE power and noise per RE")
    func derived() {
        let p = RadioProfile.n78Macro
        // 53 dBm over 12·273 = 3276 subcarriers: 53 − 35.1535 dB.
        #expect(abs(p.txPowerPerResourceElementDBm - (53 - 10 * log10(3276.0))) < 1e-12)
        // −174 dBm/Hz + 10·log10(30 000 Hz) + 7 dB.
        #expect(abs(p.noisePowerPerResourceElementDBm - (-174 + 10 * log10(30_000.0) + 7)) < 1e-12)
        // −174 + 10·log10(10 RB · 12 · 30 kHz) + 3 + 0 + 2.
        #expect(abs(p.gnbSensitivityDBm - (-174 + 10 * log10(3_600_000.0) + 5)) < 1e-12)
    }

    @Test("Overrides from JSONSerialization values, field by field")
    func overrides() throws {
        let fields = try json(
            """
            {"profile": "n78-macro", "rsrp_threshold_dbm": -110, "edge_reliability": 0.9, "tx_power_dbm": 50.5,
             "height_m": 30, "model": "uma", "los": "prob", "indoor": "high-loss", "azimuths_deg": [30, 150, 270],
             "requires_uplink": true, "ul_rbs": 20, "shadow_std_db": null, "indoor_distance_m": 5}
            """)
        let p = try RadioProfile.resolve(name: "n78-macro", overrides: fields, source: Self.source)
        #expect(p.rsrpThresholdDBm == -110)
        #expect(p.edgeReliability == 0.9)
        #expect(p.txPowerDBm == 50.5)
        #expect(p.bsHeightMeters == 30)
        #expect(p.pathLossModel == .umaBlend)
        #expect(p.penetration == .highLoss)
        #expect(p.antenna.azimuthsDegrees == [30, 150, 270])
        #expect(p.requiresUplink)
        #expect(p.uplinkResourceBlocks == 20)
        #expect(p.shadowFadingStdDB == nil)
        #expect(p.indoorDistanceMeters == 5)
        // Untouched fields keep the built-in values.
        #expect(p.frequencyGHz == 3.5)
        #expect(p.antenna.maxGainDBi == RadioProfile.n78Macro.antenna.maxGainDBi)
        // Native Swift values work too.
        let q = try RadioProfile.n78Macro.overriding(
            [
                "edge_reliability": 0.8, "ul_rbs": 5, "requires_uplink": false,
                "azimuths_deg": [0.0, 180.0],
            ], source: "test")
        #expect(q.edgeReliability == 0.8 && q.uplinkResourceBlocks == 5 && q.antenna.azimuthsDegrees == [0, 180])
    }

    @Test("Unknown key names the source and field")
    func unknownKey() throws {
        let fields = try json(#"{"rsrp_treshold_dbm": -110}"#)
        #expect(throws: RadioError.self) { try RadioProfile.n78Macro.overriding(fields, source: Self.source) }
        do {
            _ = try RadioProfile.n78Macro.overriding(fields, source: Self.source)
        } catch {
            #expect(
                error.description.hasPrefix(
                    "scenario.json: radio.profiles.n78-macro: unknown field 'rsrp_treshold_dbm'"))
            #expect(error.description.contains("rsrp_threshold_dbm"))
        }
    }

    @Test(
        "Wrong types: what was expected and what was found",
        arguments: [
            (
                #"{"rsrp_threshold_dbm": "-110"}"#,
                "field 'rsrp_threshold_dbm' expects a number, found a string \"-110\""
            ),
            (#"{"tx_power_dbm": true}"#, "field 'tx_power_dbm' expects a number, found a boolean true"),
            (#"{"requires_uplink": 1}"#, "field 'requires_uplink' expects true or false, found the number 1"),
            (#"{"ul_rbs": 2.5}"#, "field 'ul_rbs' expects an integer, found the number 2.5"),
            (#"{"azimuths_deg": [0, "x"]}"#, "field 'azimuths_deg' expects an array of numbers, found an array"),
            (#"{"model": 3}"#, "field 'model' expects one of fspl|hata|rma|uma|umi, found the number 3"),
        ])
    func wrongTypes(_ pair: (String, String)) throws {
        let fields = try json(pair.0)
        do {
            _ = try RadioProfile.n78Macro.overriding(fields, source: Self.source)
            Issue.record("expected an error for \(pair.0)")
        } catch {
            guard case .wrongType = error else {
                Issue.record("not a wrongType: \(error)")
                return
            }
            #expect(error.description == "\(Self.source): \(pair.1)")
        }
    }

    @Test(
        "Out-of-range values",
        arguments: [
            (#"{"edge_reliability": 1.2}"#, "edge_reliability"),
            (#"{"bandwidth_mhz": 5, "subcarrier_spacing_khz": 60}"#, "bandwidth_mhz"),
            (#"{"bandwidth_mhz": 100, "subcarrier_spacing_khz": 15}"#, "bandwidth_mhz"),
            (#"{"los": "maybe"}"#, "los"),
            (#"{"indoor": true}"#, "indoor"),
            (#"{"height_m": -3}"#, "height_m"),
            (#"{"ul_rbs": 400}"#, "ul_rbs"),
            (#"{"azimuths_deg": []}"#, "azimuths_deg"),
        ])
    func invalidValues(_ pair: (String, String)) throws {
        let fields = try json(pair.0)
        do {
            _ = try RadioProfile.n78Macro.overriding(fields, source: Self.source)
            Issue.record("expected an error for \(pair.0)")
        } catch {
            guard case .invalidValue(let source, let field, _, _) = error else {
                Issue.record("not invalidValue: \(error)")
                return
            }
            #expect(source == Self.source)
            #expect(field == pair.1)
            #expect(error.description.contains("expects") && error.description.contains("found"))
        }
    }

    @Test("The bandwidth message lists the valid bandwidths for the SCS")
    func bandwidthMessage() throws {
        do {
            _ = try RadioProfile.n78Macro.overriding(["bandwidth_mhz": 100, "subcarrier_spacing_khz": 15], source: "s")
            Issue.record("expected an error")
        } catch {
            #expect(
                error.description.contains(
                    "TS 38.101-1 Table 5.3.2-1 for 15 kHz SCS (3, 5, 7, 10, 15, 20, 25, 30, 35, 40, 45, 50 MHz)"))
            #expect(error.description.hasSuffix("found 100 MHz"))
        }
    }

    @Test("Unknown profile name")
    func unknownProfile() {
        #expect(
            throws: RadioError.unknownProfile(
                name: "n79", source: "scenario.json: radio",
                known: RadioProfile.builtInNames)
        ) {
            try RadioProfile.resolve(name: "n79", overrides: [:], source: "scenario.json: radio")
        }
    }

    @Test("indoor false means outdoor; none is accepted")
    func indoorFalse() throws {
        let indoor = try RadioProfile.n78Macro.overriding(["indoor": "low-loss"], source: "s")
        let back = try indoor.overriding(try json(#"{"indoor": false}"#), source: "s")
        #expect(back.penetration == BuildingPenetration.none)
        #expect(try indoor.overriding(["indoor": "none"], source: "s").penetration == BuildingPenetration.none)
    }
}
