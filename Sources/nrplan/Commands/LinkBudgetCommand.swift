import Foundation
import Radio
import Support

/// `nrplan linkbudget`: path loss, SS-RSRP and maximum range of one link for given parameters,
/// using the same Radio engine as the coverage matrix.
struct LinkBudgetCommand: Command {
    static let name = "linkbudget"
    static let abstract = "Print path loss, RSRP and maximum range for given radio parameters."
    static let usage =
        "nrplan linkbudget (--d2d M | --range) [--profile NAME] [--model fspl|hata|rma|uma|umi] "
        + "[--los los|nlos|prob] [--hata-environment urban|metropolitan] [--fc-ghz F] [--h-bs M] [--h-ut M] [--json]"
    static let discussion = """
        Without --profile, --model, --fc-ghz and --h-bs are required and only the path loss is printed.
        With --profile NAME (\(RadioProfile.builtInNames.joined(separator: ", "))) the profile supplies
        every value the options do not set, and the output adds the link budget: SS-RSRP with the
        maximum antenna gain (boresight), the shadow margin for the profile's edge reliability, and
        whether the budget(s) close. --range (needs --profile) inverts the budget: the largest 2D
        distance at which the threshold is still met, and the RSRP there. Inputs outside a model's
        validity range are warned about on stderr; the formula is still evaluated.
        """
    static let options: [OptionSpec] = [
        .value("--d2d", "M", "Horizontal BS–UT distance in metres: path loss and RSRP there."),
        .flag("--range", "Maximum range of the profile's budget instead of a fixed distance."),
        .value(
            "--profile", "NAME", "Radio profile for the budget (\(RadioProfile.builtInNames.joined(separator: "|")))."),
        .value("--model", "MODEL", "Path-loss model: fspl|hata|rma|uma|umi."),
        .value("--los", "COND", "TR 38.901 condition: los|nlos|prob (default nlos; rma|uma|umi only)."),
        .value(
            "--hata-environment", "ENV",
            "COST-231 Hata area correction C_M: urban (0 dB, medium city and suburban centres; default) "
                + "or metropolitan (3 dB, metropolitan centres); hata only."),
        .value("--fc-ghz", "F", "Carrier frequency in GHz."),
        .value("--h-bs", "M", "BS antenna height in metres."),
        .value("--h-ut", "M", "UT antenna height in metres (default 1.5)."),
        .flag("--json", "Print one JSON object instead of text."),
    ]

    static let exitCodes = ExitCode.ofReaders

    let distance2DMeters: Double?
    let wantsRange: Bool
    let profile: RadioProfile?
    let model: PathLossModel
    let frequencyGHz: Double
    let bsHeightMeters: Double
    let utHeightMeters: Double
    let json: Bool

    init(arguments: ParsedArguments) throws(UsageError) {
        _ = try arguments.positionals(exactly: [])
        distance2DMeters = try arguments.double("--d2d", in: 0.001...1_000_000)
        wantsRange = arguments.flag("--range")
        json = arguments.flag("--json")
        if distance2DMeters != nil && wantsRange { throw UsageError("give either --d2d or --range, not both") }
        if distance2DMeters == nil && !wantsRange { throw UsageError("missing --d2d M or --range") }

        var profile: RadioProfile?
        if let name = arguments.string("--profile") {
            guard let named = RadioProfile.named(name) else {
                throw UsageError(
                    "unknown profile '\(name)'; expected one of \(RadioProfile.builtInNames.joined(separator: ", "))")
            }
            profile = named
        }
        if wantsRange && profile == nil {
            throw UsageError("--range needs --profile (the range comes from its link budget)")
        }

        let scenarioText = try arguments.choice("--model", PropagationScenario.allCases.map(\.rawValue))
        let losText = try arguments.choice("--los", LOSCondition.allCases.map(\.rawValue))
        var model = profile?.pathLossModel ?? PathLossModel(scenario: .uma)
        if let scenarioText, let scenario = PropagationScenario(rawValue: scenarioText) {
            model.scenario = scenario
        } else if profile == nil {
            throw UsageError("missing --model (or --profile)")
        }
        if let losText, let condition = LOSCondition(rawValue: losText) {
            guard model.scenario.isThreeGPP else {
                throw UsageError("--los applies to rma|uma|umi only, not '\(model.scenario.rawValue)'")
            }
            model.condition = condition
        }
        let environmentText = try arguments.choice("--hata-environment", HataEnvironment.allCases.map(\.rawValue))
        if let environmentText, let environment = HataEnvironment(rawValue: environmentText) {
            guard model.scenario == .cost231Hata else {
                throw UsageError(
                    "--hata-environment applies to --model hata only, not '\(model.scenario.rawValue)'")
            }
            model.hataEnvironment = environment
        }
        self.model = model

        guard let fc = try arguments.double("--fc-ghz", in: 0.01...1_000) ?? profile?.frequencyGHz else {
            throw UsageError("missing --fc-ghz (or --profile)")
        }
        guard let hBS = try arguments.double("--h-bs", in: 0.01...1_000) ?? profile?.bsHeightMeters else {
            throw UsageError("missing --h-bs (or --profile)")
        }
        frequencyGHz = fc
        bsHeightMeters = hBS
        utHeightMeters = try arguments.double("--h-ut", in: 0.01...1_000) ?? profile?.utHeightMeters ?? 1.5

        if var adjusted = profile {
            adjusted.pathLossModel = model
            adjusted.frequencyGHz = fc
            adjusted.bsHeightMeters = hBS
            adjusted.utHeightMeters = utHeightMeters
            do {
                try adjusted.validate(source: "--profile \(adjusted.name)")
            } catch {
                throw UsageError(error.description)
            }
            profile = adjusted
        }
        self.profile = profile
    }

    func run() throws -> Int32 {
        var output: [(key: String, value: JSONValue)] = [
            ("model", .string(model.scenario.rawValue)),
            ("model_name", .string(model.description)),
            ("fc_ghz", .number(frequencyGHz)),
            ("h_bs_m", .number(bsHeightMeters)),
            ("h_ut_m", .number(utHeightMeters)),
        ]
        if model.scenario.isThreeGPP { output.append(("los", .string(model.condition.rawValue))) }
        var text: [String] = []

        let distance: Double
        var evaluator: CoverageEvaluator?
        if let profile {
            let prepared = CoverageEvaluator(profile: profile, siteHeightMeters: bsHeightMeters)
            evaluator = prepared
            distance = wantsRange ? prepared.maxRangeMeters : (distance2DMeters ?? 0)
        } else {
            distance = distance2DMeters ?? 0
        }
        let pl = pathLoss(at: distance, output: &output, text: &text)
        if let profile, let evaluator {
            budget(profile, evaluator, at: distance, output: &output, text: &text)
        }

        let warnings = model.validityWarnings(
            pl.validity, frequencyGHz: frequencyGHz, bsHeightMeters: bsHeightMeters,
            utHeightMeters: utHeightMeters, distance2DMeters: distance)
        for warning in warnings { printError("warning: \(warning)") }
        output.append(("warnings", .array(warnings.map(JSONValue.string))))

        if json {
            // Keys sorted, as scripts reading earlier versions saw them; non-finite numbers are null.
            let members = output.sorted { $0.key < $1.key }
            print(JSONWriter.string(.object(members), indent: 2))
        } else {
            print(text.joined(separator: "\n"))
        }
        return ExitCode.success
    }

    /// The path loss at `distance` (2D, metres), added to the output and the text.
    private func pathLoss(
        at distance: Double, output: inout [(key: String, value: JSONValue)], text: inout [String]
    ) -> PathLossEstimate {
        let pl = model.evaluate(
            frequencyGHz: frequencyGHz, bsHeightMeters: bsHeightMeters,
            utHeightMeters: utHeightMeters, distance2DMeters: distance)
        let dh = bsHeightMeters - utHeightMeters
        let d3D = (distance * distance + dh * dh).squareRoot()
        output += [
            ("d2d_m", .number(distance)), ("d3d_m", .number(d3D)), ("pathloss_db", .number(pl.pathLossDB)),
            ("shadow_std_db", .number(pl.shadowFadingStdDB)),
            ("validity", .array(pl.validity.names.map(JSONValue.string))),
        ]
        if model.scenario.isThreeGPP { output.append(("los_probability", .number(pl.losProbability))) }
        text.append("model          \(model.description) (\(model.sourceReference))")
        text.append(
            "carrier        \(fmt(frequencyGHz)) GHz, hBS \(fmt(bsHeightMeters)) m, hUT \(fmt(utHeightMeters)) m")
        text.append("distance       d2D \(fmt(distance, 1)) m, d3D \(fmt(d3D, 1)) m")
        var lossLine = "path loss      \(fmt(pl.pathLossDB, 2)) dB (σ_SF \(fmt(pl.shadowFadingStdDB)) dB"
        if model.scenario.isThreeGPP { lossLine += ", P_LOS \(fmt(pl.losProbability, 3))" }
        text.append(lossLine + ")")
        return pl
    }

    /// The profile's link budget at `distance` with the maximum antenna gain, and with `--range`
    /// the maximum range, added to the output and the text.
    private func budget(
        _ profile: RadioProfile, _ evaluator: CoverageEvaluator, at distance: Double,
        output: inout [(key: String, value: JSONValue)], text: inout [String]
    ) {
        let budget = profile.linkBudget(
            distance2DMeters: distance, antennaGainDBi: profile.antenna.maxGainDBi,
            siteHeightMeters: bsHeightMeters)
        output += [
            ("profile", .string(profile.name)), ("rsrp_dbm", .number(budget.rsrpDBm)),
            ("rsrp_threshold_dbm", .number(profile.rsrpThresholdDBm)),
            ("antenna_gain_dbi", .number(budget.antennaGainDBi)),
            ("tx_power_per_re_dbm", .number(profile.txPowerPerResourceElementDBm)),
            ("resource_blocks", .number(Double(profile.resourceBlockCount))),
            ("shadow_margin_db", .number(budget.shadowMarginDB)),
            ("penetration_loss_db", .number(budget.penetrationLossDB)),
            ("coupling_loss_db", .number(budget.couplingLossDB)),
            ("dl_margin_db", .number(budget.downlinkMarginDB)),
            ("ul_margin_db", .number(budget.uplinkMarginDB)), ("requires_uplink", .bool(profile.requiresUplink)),
            ("noise_per_re_dbm", .number(profile.noisePowerPerResourceElementDBm)),
            ("covered", .bool(budget.isCovered)),
        ]
        text.append(
            "profile        \(profile.name): \(fmt(profile.txPowerDBm)) dBm over \(profile.resourceBlockCount) RB "
                + "→ \(fmt(profile.txPowerPerResourceElementDBm, 2)) dBm/RE, G_max \(fmt(profile.antenna.maxGainDBi)) dBi"
        )
        text.append(
            "margins        shadow \(fmt(budget.shadowMarginDB, 2)) dB (p = \(fmt(profile.edgeReliability))), "
                + "penetration \(fmt(budget.penetrationLossDB, 2)) dB")
        text.append(
            "rsrp           \(fmt(budget.rsrpDBm, 2)) dBm (threshold \(fmt(profile.rsrpThresholdDBm)) dBm, "
                + "margin \(signed(budget.downlinkMarginDB)) dB)")
        if profile.requiresUplink {
            text.append(
                "uplink         margin \(signed(budget.uplinkMarginDB)) dB (sensitivity \(fmt(profile.gnbSensitivityDBm, 2)) dBm)"
            )
        }
        text.append("covered        \(budget.isCovered ? "yes" : "no")")
        guard wantsRange else { return }
        output += [
            ("max_range_m", .number(evaluator.maxRangeMeters)),
            ("max_range_capped", .bool(evaluator.maxRangeIsCapped)),
            ("limiting_link", .string(profile.limitingLink)),
        ]
        text.append(
            "max range      \(fmt(evaluator.maxRangeMeters, 1)) m (\(profile.limitingLink)-limited, "
                + "best direction, G_max)")
        if evaluator.maxRangeIsCapped {
            printError("warning: the budget still closes at \(fmt(MaxRange.capMeters)) m; the range is capped there")
        }
    }

    /// Fixed decimals when `digits` is given, else as many as the value needs.
    private func fmt(_ value: Double, _ digits: Int? = nil) -> String {
        guard value.isFinite else { return String(value) }
        if let digits { return Precision(decimals: digits).fixed(value) }
        return NumberText.message(value)
    }

    private func signed(_ value: Double) -> String { (value >= 0 ? "+" : "") + fmt(value, 2) }
}
