import Foundation
import Support

/// Field-by-field overrides from a scenario file, and validation.
///
/// Keys are the snake_case names of docs/radio.md; values are what Foundation's
/// `JSONSerialization` produces (`NSNumber`, `String`, `[Any]`, booleans) or native Swift
/// `Double`/`Int`/`Bool`/`String`/`[Double]`.
extension RadioProfile {
    /// Every override key, in documentation order.
    public static let overrideKeys: [String] = [
        "frequency_ghz", "bandwidth_mhz", "subcarrier_spacing_khz", "tx_power_dbm",
        "antenna", "antenna_gain_dbi", "azimuths_deg", "downtilt_deg", "h_beamwidth_deg", "v_beamwidth_deg",
        "front_to_back_db", "vertical_side_lobe_db",
        "height_m", "ut_height_m", "model", "los", "hata_environment", "building_height_m", "street_width_m",
        "pathloss_offset_db", "pathloss_slope_correction_db_per_decade", "pathloss_reference_m",
        "shadow_std_db", "cable_loss_db", "body_loss_db", "indoor", "indoor_distance_m", "edge_reliability",
        "ue_gain_dbi", "ue_noise_figure_db", "rsrp_threshold_dbm",
        "ue_tx_power_dbm", "ul_rbs", "gnb_noise_figure_db", "ul_sinr_db", "ul_interference_margin_db",
        "requires_uplink",
    ]

    /// A built-in profile with overrides applied and validated. A `profile` key in `overrides`
    /// is ignored, so a scenario's whole `radio` object can be passed.
    ///
    /// - Parameters:
    ///   - name: built-in profile name (`builtInNames`).
    ///   - overrides: snake_case field → JSON value.
    ///   - source: where the values come from, used in every message
    ///     (e.g. `scenario.json: radio.profiles.n78-macro`).
    /// - Throws: `RadioError.unknownProfile`, or what `overriding(_:source:)` throws.
    public static func resolve(name: String, overrides: [String: Any], source: String) throws(RadioError)
        -> RadioProfile
    {
        guard let base = named(name) else {
            throw .unknownProfile(name: name, source: source, known: builtInNames)
        }
        var fields = overrides
        fields["profile"] = nil
        return try base.overriding(fields, source: source)
    }

    /// This profile with the given fields replaced, validated.
    ///
    /// - Throws: `RadioError.unknownField` for a key not in `overrideKeys`, `.wrongType` for a value
    ///   of the wrong JSON type, `.invalidValue` for a value out of range (each names `source`,
    ///   the field, what was expected and what was found).
    /// - Complexity: O(number of fields).
    public func overriding(_ fields: [String: Any], source: String) throws(RadioError) -> RadioProfile {
        var p = self
        for key in fields.keys.sorted() {
            guard let value = fields[key] else { continue }
            let field = FieldReader(source: source, field: key, value: value)
            switch key {
            case "frequency_ghz": p.frequencyGHz = try field.number()
            case "bandwidth_mhz": p.bandwidthMHz = try field.number()
            case "subcarrier_spacing_khz": p.subcarrierSpacingKHz = try field.number()
            case "tx_power_dbm": p.txPowerDBm = try field.number()
            case "antenna":
                let text = try field.choice(Antenna.Pattern.allCases.map(\.rawValue))
                p.antenna.pattern = Antenna.Pattern(rawValue: text) ?? .sector
                if p.antenna.pattern == .sector && p.antenna.azimuthsDegrees.count < 1 {
                    p.antenna.azimuthsDegrees = [0, 120, 240]
                }
            case "antenna_gain_dbi": p.antenna.maxGainDBi = try field.number()
            case "azimuths_deg": p.antenna.azimuthsDegrees = try field.numbers()
            case "downtilt_deg": p.antenna.downtiltDegrees = try field.number()
            case "h_beamwidth_deg": p.antenna.horizontalBeamwidthDegrees = try field.number()
            case "v_beamwidth_deg": p.antenna.verticalBeamwidthDegrees = try field.number()
            case "front_to_back_db": p.antenna.frontToBackDB = try field.number()
            case "vertical_side_lobe_db": p.antenna.verticalSideLobeDB = try field.number()
            case "height_m": p.bsHeightMeters = try field.number()
            case "ut_height_m": p.utHeightMeters = try field.number()
            case "model":
                let text = try field.choice(PropagationScenario.allCases.map(\.rawValue))
                p.pathLossModel.scenario = PropagationScenario(rawValue: text) ?? .uma
            case "los":
                let text = try field.choice(LOSCondition.allCases.map(\.rawValue))
                p.pathLossModel.condition = LOSCondition(rawValue: text) ?? .nlos
            case "hata_environment":
                let text = try field.choice(HataEnvironment.allCases.map(\.rawValue))
                p.pathLossModel.hataEnvironment = HataEnvironment(rawValue: text) ?? .urban
            case "building_height_m": p.pathLossModel.rmaBuildingHeightMeters = try field.number()
            case "street_width_m": p.pathLossModel.rmaStreetWidthMeters = try field.number()
            case "pathloss_offset_db": p.pathLossModel.correction.offsetDB = try field.number()
            case "pathloss_slope_correction_db_per_decade":
                p.pathLossModel.correction.slopeCorrectionDBPerDecade = try field.number()
            case "pathloss_reference_m": p.pathLossModel.correction.referenceDistanceMeters = try field.number()
            case "shadow_std_db": p.shadowFadingStdDB = try field.optionalNumber()
            case "cable_loss_db": p.cableLossDB = try field.number()
            case "body_loss_db": p.bodyLossDB = try field.number()
            case "indoor": p.penetration = try field.penetration()
            case "indoor_distance_m": p.indoorDistanceMeters = try field.optionalNumber()
            case "edge_reliability": p.edgeReliability = try field.number()
            case "ue_gain_dbi": p.ueGainDBi = try field.number()
            case "ue_noise_figure_db": p.ueNoiseFigureDB = try field.number()
            case "rsrp_threshold_dbm": p.rsrpThresholdDBm = try field.number()
            case "ue_tx_power_dbm": p.ueTxPowerDBm = try field.number()
            case "ul_rbs": p.uplinkResourceBlocks = try field.integer()
            case "gnb_noise_figure_db": p.gnbNoiseFigureDB = try field.number()
            case "ul_sinr_db": p.uplinkRequiredSINRDB = try field.number()
            case "ul_interference_margin_db": p.uplinkInterferenceMarginDB = try field.number()
            case "requires_uplink": p.requiresUplink = try field.bool()
            default:
                throw .unknownField(source: source, field: key, known: RadioProfile.overrideKeys)
            }
        }
        try p.validate(source: source)
        return p
    }

    /// Checks every field's range and the bandwidth/SCS combination.
    /// - Throws: `RadioError.invalidValue` naming the first offending field (snake_case key).
    public func validate(source: String) throws(RadioError) {
        func check(_ ok: Bool, _ field: String, _ expected: String, _ found: Double) throws(RadioError) {
            if !ok { throw .invalidValue(source: source, field: field, expected: expected, found: format(found)) }
        }
        try check(
            frequencyGHz.isFinite && frequencyGHz >= 0.1 && frequencyGHz <= 100, "frequency_ghz",
            "a frequency in 0.1...100 GHz", frequencyGHz)
        try check(
            txPowerDBm.isFinite && txPowerDBm > -50 && txPowerDBm < 90, "tx_power_dbm", "a power in -50...90 dBm",
            txPowerDBm)
        try check(
            subcarrierSpacingKHz.isFinite && [15, 30, 60, 120].contains(subcarrierSpacingKHz),
            "subcarrier_spacing_khz", "15, 30, 60 or 120 (kHz)", subcarrierSpacingKHz)
        if NRCarrier.maxResourceBlocks(
            bandwidthMHz: bandwidthMHz, subcarrierSpacingKHz: subcarrierSpacingKHz,
            frequencyGHz: frequencyGHz) == nil
        {
            let fr2 = frequencyGHz >= NRCarrier.fr2LowerEdgeGHz
            let table = fr2 ? NRCarrier.fr2ResourceBlocks : NRCarrier.fr1ResourceBlocks
            let valid = (table[Int(subcarrierSpacingKHz)] ?? [:]).keys.sorted().map(String.init).joined(separator: ", ")
            throw .invalidValue(
                source: source, field: "bandwidth_mhz",
                expected: "a channel bandwidth of \(fr2 ? "TS 38.101-2" : "TS 38.101-1") Table 5.3.2-1 for "
                    + "\(format(subcarrierSpacingKHz)) kHz SCS (\(valid) MHz)",
                found: "\(format(bandwidthMHz)) MHz")
        }
        try check(
            antenna.maxGainDBi.isFinite && antenna.maxGainDBi > -30 && antenna.maxGainDBi < 50,
            "antenna_gain_dbi", "a gain in -30...50 dBi", antenna.maxGainDBi)
        if antenna.pattern == .sector {
            if antenna.azimuthsDegrees.isEmpty || antenna.azimuthsDegrees.count > Antenna.maxSectorCount
                || antenna.azimuthsDegrees.contains(where: { !$0.isFinite })
            {
                throw .invalidValue(
                    source: source, field: "azimuths_deg",
                    expected: "1 to \(Antenna.maxSectorCount) finite azimuths in degrees",
                    found: "\(antenna.azimuthsDegrees.count) values")
            }
        }
        try check(
            antenna.downtiltDegrees.isFinite && abs(antenna.downtiltDegrees) <= 90, "downtilt_deg",
            "a tilt in -90...90 degrees", antenna.downtiltDegrees)
        try check(
            antenna.horizontalBeamwidthDegrees.isFinite && antenna.horizontalBeamwidthDegrees > 0
                && antenna.horizontalBeamwidthDegrees <= 360, "h_beamwidth_deg", "a beamwidth in (0, 360] degrees",
            antenna.horizontalBeamwidthDegrees)
        try check(
            antenna.verticalBeamwidthDegrees.isFinite && antenna.verticalBeamwidthDegrees > 0
                && antenna.verticalBeamwidthDegrees <= 180, "v_beamwidth_deg", "a beamwidth in (0, 180] degrees",
            antenna.verticalBeamwidthDegrees)
        try check(
            antenna.frontToBackDB.isFinite && antenna.frontToBackDB >= 0, "front_to_back_db", "a ratio ≥ 0 dB",
            antenna.frontToBackDB)
        try check(
            antenna.verticalSideLobeDB.isFinite && antenna.verticalSideLobeDB >= 0, "vertical_side_lobe_db",
            "a level ≥ 0 dB", antenna.verticalSideLobeDB)
        try check(
            bsHeightMeters.isFinite && bsHeightMeters > 0 && bsHeightMeters <= 500, "height_m",
            "a height in (0, 500] m", bsHeightMeters)
        try check(
            utHeightMeters.isFinite && utHeightMeters > 0 && utHeightMeters <= 100, "ut_height_m",
            "a height in (0, 100] m", utHeightMeters)
        try check(
            pathLossModel.rmaBuildingHeightMeters.isFinite && pathLossModel.rmaBuildingHeightMeters > 0,
            "building_height_m", "a height > 0 m (TR 38.901 range 5...50)", pathLossModel.rmaBuildingHeightMeters)
        try check(
            pathLossModel.rmaStreetWidthMeters.isFinite && pathLossModel.rmaStreetWidthMeters > 0,
            "street_width_m", "a width > 0 m (TR 38.901 range 5...50)", pathLossModel.rmaStreetWidthMeters)
        let correction = pathLossModel.correction
        try check(
            abs(correction.offsetDB) <= 60, "pathloss_offset_db", "an offset in -60...60 dB", correction.offsetDB)
        let slopeLimit = PathLossCorrection.slopeLimitDBPerDecade
        try check(
            abs(correction.slopeCorrectionDBPerDecade) <= slopeLimit, "pathloss_slope_correction_db_per_decade",
            "a slope correction in -\(format(slopeLimit))...\(format(slopeLimit)) dB/decade (the model must still grow with distance)",
            correction.slopeCorrectionDBPerDecade)
        try check(
            correction.referenceDistanceMeters > 0 && correction.referenceDistanceMeters <= 100_000,
            "pathloss_reference_m", "a distance in (0, 100000] m", correction.referenceDistanceMeters)
        if let sigma = shadowFadingStdDB {
            try check(sigma.isFinite && sigma >= 0 && sigma <= 30, "shadow_std_db", "a σ in 0...30 dB or null", sigma)
        }
        for (value, key) in [(cableLossDB, "cable_loss_db"), (bodyLossDB, "body_loss_db")] {
            try check(value.isFinite && value >= 0 && value <= 100, key, "a loss in 0...100 dB", value)
        }
        if let depth = indoorDistanceMeters {
            try check(
                depth.isFinite && depth >= 0 && depth <= 1_000, "indoor_distance_m", "a distance in 0...1000 m or null",
                depth)
        }
        try check(
            edgeReliability.isFinite && edgeReliability > 0 && edgeReliability < 1, "edge_reliability",
            "a probability strictly between 0 and 1", edgeReliability)
        try check(ueGainDBi.isFinite && abs(ueGainDBi) <= 50, "ue_gain_dbi", "a gain in -50...50 dBi", ueGainDBi)
        try check(
            ueNoiseFigureDB.isFinite && ueNoiseFigureDB >= 0 && ueNoiseFigureDB <= 30, "ue_noise_figure_db",
            "a noise figure in 0...30 dB", ueNoiseFigureDB)
        try check(
            rsrpThresholdDBm.isFinite && rsrpThresholdDBm > -200 && rsrpThresholdDBm < 0, "rsrp_threshold_dbm",
            "a threshold in -200...0 dBm", rsrpThresholdDBm)
        try check(
            ueTxPowerDBm.isFinite && ueTxPowerDBm > -50 && ueTxPowerDBm < 50, "ue_tx_power_dbm",
            "a power in -50...50 dBm", ueTxPowerDBm)
        if uplinkResourceBlocks < 1 || uplinkResourceBlocks > resourceBlockCount {
            throw .invalidValue(
                source: source, field: "ul_rbs",
                expected: "an allocation of 1...\(resourceBlockCount) resource blocks",
                found: "\(uplinkResourceBlocks)")
        }
        try check(
            gnbNoiseFigureDB.isFinite && gnbNoiseFigureDB >= 0 && gnbNoiseFigureDB <= 30, "gnb_noise_figure_db",
            "a noise figure in 0...30 dB", gnbNoiseFigureDB)
        try check(
            uplinkRequiredSINRDB.isFinite && abs(uplinkRequiredSINRDB) <= 50, "ul_sinr_db",
            "a SINR in -50...50 dB", uplinkRequiredSINRDB)
        try check(
            uplinkInterferenceMarginDB.isFinite && uplinkInterferenceMarginDB >= 0 && uplinkInterferenceMarginDB <= 50,
            "ul_interference_margin_db", "a margin in 0...50 dB", uplinkInterferenceMarginDB)
    }
}

/// Formats a number for messages without a trailing `.0` on integers (`NumberText.message`).
func format(_ value: Double) -> String { NumberText.message(value) }

/// Reads one override value with the JSON type its field expects.
struct FieldReader {
    let source: String
    let field: String
    let value: Any

    /// Describes a JSON value for an error message: `a string "abc"`, `a boolean true`, `the number 3`.
    static func describe(_ value: Any) -> String {
        if value is NSNull { return "null" }
        if let kind = scalarKind(value) {
            switch kind {
            case .bool(let b): return "a boolean \(b)"
            case .number(let n): return "the number \(format(n))"
            }
        }
        if let text = value as? String { return "a string \"\(text)\"" }
        if value is [Any] { return "an array" }
        if value is [String: Any] { return "an object" }
        return "a value of type \(type(of: value))"
    }

    enum Scalar {
        case bool(Bool)
        case number(Double)
    }

    /// Tells JSON booleans from numbers: Foundation gives both as `NSNumber`; booleans have the
    /// Objective-C type code "c" (on Linux and Darwin alike).
    static func scalarKind(_ value: Any) -> Scalar? {
        if let b = value as? Bool, type(of: value) == Bool.self { return .bool(b) }
        if let d = value as? Double, type(of: value) == Double.self { return .number(d) }
        if let i = value as? Int, type(of: value) == Int.self { return .number(Double(i)) }
        if let n = value as? NSNumber {
            if String(cString: n.objCType) == "c" { return .bool(n.boolValue) }
            return .number(n.doubleValue)
        }
        return nil
    }

    func wrongType(_ expected: String) -> RadioError {
        .wrongType(source: source, field: field, expected: expected, found: FieldReader.describe(value))
    }

    func number() throws(RadioError) -> Double {
        guard case .number(let n)? = FieldReader.scalarKind(value), n.isFinite else { throw wrongType("a number") }
        return n
    }

    func optionalNumber() throws(RadioError) -> Double? {
        if value is NSNull { return nil }
        guard case .number(let n)? = FieldReader.scalarKind(value), n.isFinite else {
            throw wrongType("a number or null")
        }
        return n
    }

    func integer() throws(RadioError) -> Int {
        guard case .number(let n)? = FieldReader.scalarKind(value), n.isFinite, n == n.rounded(), abs(n) < 1e9 else {
            throw wrongType("an integer")
        }
        return Int(n)
    }

    func bool() throws(RadioError) -> Bool {
        guard case .bool(let b)? = FieldReader.scalarKind(value) else { throw wrongType("true or false") }
        return b
    }

    func numbers() throws(RadioError) -> [Double] {
        if let array = value as? [Any] {
            var result: [Double] = []
            for element in array {
                guard case .number(let n)? = FieldReader.scalarKind(element), n.isFinite else {
                    throw wrongType("an array of numbers")
                }
                result.append(n)
            }
            return result
        }
        if let array = value as? [Double] { return array }
        throw wrongType("an array of numbers")
    }

    func choice(_ allowed: [String]) throws(RadioError) -> String {
        guard let text = value as? String else { throw wrongType("one of \(allowed.joined(separator: "|"))") }
        guard allowed.contains(text) else {
            throw .invalidValue(
                source: source, field: field, expected: "one of \(allowed.joined(separator: "|"))",
                found: "\"\(text)\"")
        }
        return text
    }

    /// `indoor`: "none" | "low-loss" | "high-loss" (also written `low_loss`, `high_loss`), or `false`
    /// for none.
    func penetration() throws(RadioError) -> BuildingPenetration {
        let allowed = BuildingPenetration.allCases.map(\.rawValue)
        if let text = value as? String,
            let parsed = BuildingPenetration(rawValue: text.replacingOccurrences(of: "_", with: "-"))
        {
            return parsed
        }
        if case .bool(let b)? = FieldReader.scalarKind(value) {
            if !b { return .none }
            throw .invalidValue(
                source: source, field: field,
                expected: "one of \(allowed.joined(separator: "|")) (true does not say which building loss model)",
                found: "true")
        }
        return BuildingPenetration(rawValue: try choice(allowed)) ?? .none
    }
}
