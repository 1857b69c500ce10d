import Foundation
import Geo
import Planning
import Radio
import Reporting
import Support

/// `nrplan calibrate`: fit a radio profile's path-loss offset, slope and shadow σ to drive-test
/// RSRP measurements, with censoring at the phone's floor and cross-validation by whole sites or
/// spatial blocks (docs/calibration.md).
struct CalibrateCommand: Command {
    static let name = "calibrate"
    static let abstract = "Calibrate a radio profile on drive-test RSRP: offset, slope, σ, cross-validated."
    static let usage =
        "nrplan calibrate --measurements M.csv --cells CELLS.csv|CELLS.geojson --profile NAME [--model uma|umi|rma|hata|fspl] [--los los|nlos|prob] [--fit offset|offset,slope] [--clutter-column COL | --clutter FILE] [--cv site|block] --out DIR"
    static let discussion = """
        Measurements: CSV (UTF-8 or GBK) with lon, lat, rsrp_dbm, cell_id; other columns are kept.
        Cells: CSV or GeoJSON points with cell_id, site_id, lon, lat, height_m and optional azimuth_deg
        (none: omnidirectional), tilt_deg, frequency_mhz, profile. Each sample is predicted with its
        cell's uncalibrated budget (median, no shadow margin); samples nearer than --min-distance-m or
        farther than --max-distance-m are dropped; the rest are averaged (in dB, or in mW with --average
        linear) per cell over squares of --bin-m. The fit is robust (Huber, k = --huber-k) and treats
        samples at --floor-dbm as censored ("at most"). Cross-validation holds out whole sites (--cv site)
        or square blocks (--cv block). Bad samples (unknown cell, impossible RSRP, no position, tens of km
        from their cell) are dropped and counted; bad cells, missing columns or nothing usable exit 2
        with nothing written. Writes calibration.json (with the `overrides` a scenario's radio.overrides
        takes, or name the file in radio.calibration), residuals.geojson, report.md and calibration.svg,
        all or nothing: a failed or interrupted run leaves --out as it was.
        """
    static let options: [OptionSpec] = [
        .value("--measurements", "FILE", "Drive-test samples (CSV: lon, lat, rsrp_dbm, cell_id)."),
        .value("--cells", "FILE", "Cell table (CSV or GeoJSON: cell_id, site_id, lon, lat, height_m, …)."),
        .value("--profile", "NAME", "Radio profile to calibrate (n78-macro, n78-small-cell, n41-macro, n28-rural)."),
        .value(
            "--model", "NAME", "Propagation model to calibrate instead of the profile's: uma, umi, rma, hata, fspl."),
        .value("--los", "NAME", "TR 38.901 LOS condition instead of the profile's: los, nlos, prob."),
        .value("--fit", "TERMS", "offset, or offset,slope (default)."),
        .value(
            "--clutter-column", "COL", "Measurement column with each sample's clutter class: fit an offset per class."),
        .value("--clutter", "FILE", "Or land-use polygons (a scenario's clutter layer): fit an offset per class."),
        .value("--clutter-property", "NAME", "The class property of --clutter (default landuse)."),
        .value("--crs", "CRS", "Coordinate system of both files: wgs84 (default), gcj02, bd09."),
        .value("--cells-crs", "CRS", "Coordinate system of the cell table (default: --crs)."),
        .value("--bin-m", "M", "Side of the averaging squares in metres (default 20)."),
        .value("--average", "HOW", "Average a bin's samples in db (default; RSRP) or linear power (narrowband data)."),
        .value("--min-distance-m", "M", "Drop samples nearer to their cell (default 50)."),
        .value("--max-distance-m", "M", "Drop samples farther from their cell (default 20000)."),
        .value(
            "--floor-dbm", "DBM", "The phone's reporting floor: samples at or below it are censored (default -140)."),
        .value(
            "--censor-margin-db", "DB",
            "Bins within this of the floor are censored (default: max(3, 3 × within-bin spread))."),
        .value("--huber-k", "K", "Huber's tuning constant in σ (default 1.345; inf: least squares)."),
        .value(
            "--reference-m", "M", "Distance at which the slope correction is 0 (default: the bins' geometric mean)."),
        .value("--cv", "KIND", "Cross-validation by whole sites (site, default) or square blocks (block)."),
        .value("--folds", "K", "Number of cross-validation folds (default 5; capped at the number of groups)."),
        .value("--block-m", "M", "Side of the cross-validation blocks in metres (default 500)."),
        .value("--seed", "N", "Seed of the fold assignment (default 1)."),
        .value("--out", "DIR", "Folder for the outputs (created; must be empty unless --force)."),
        .flag("--force", "Write into a non-empty output folder."),
        .flag("--quiet", "No summary on standard output."),
    ]

    let settings: CalibrationSettings
    let outPath: String
    let force: Bool
    let quiet: Bool

    init(arguments: ParsedArguments) throws(UsageError) {
        _ = try arguments.positionals(exactly: [])
        var s = CalibrationSettings(
            measurements: .init(path: try arguments.required("--measurements")),
            cells: .init(path: try arguments.required("--cells")), profileName: try arguments.required("--profile"))
        outPath = try arguments.required("--out")
        if let model = try arguments.choice("--model", PropagationScenario.allCases.map(\.rawValue)) {
            s.model = PropagationScenario(rawValue: model)
        }
        if let los = try arguments.choice("--los", LOSCondition.allCases.map(\.rawValue)) {
            s.los = LOSCondition(rawValue: los)
        }
        if let fit = try arguments.choice("--fit", ["offset", "offset,slope"]) { s.fitSlope = fit == "offset,slope" }
        s.clutterColumn = arguments.string("--clutter-column")
        s.clutterFile = arguments.string("--clutter").map { .init(path: $0) }
        if let property = arguments.string("--clutter-property") { s.clutterProperty = property }
        if s.clutterColumn != nil && s.clutterFile != nil {
            throw UsageError("give --clutter-column or --clutter, not both")
        }
        let geographic = CoordinateSystem.geographic.map(\.rawValue)
        if let crs = try arguments.choice("--crs", geographic).flatMap(CoordinateSystem.init(rawValue:)) {
            s.measurementsCRS = crs
            s.cellsCRS = crs
        }
        if let crs = try arguments.choice("--cells-crs", geographic).flatMap(CoordinateSystem.init(rawValue:)) {
            s.cellsCRS = crs
        }
        if let v = try arguments.double("--bin-m", in: 1...1_000) { s.binMeters = v }
        if let v = try arguments.choice("--average", DriveTestBinning.Averaging.allCases.map(\.rawValue)) {
            s.averaging = DriveTestBinning.Averaging(rawValue: v) ?? .decibel
        }
        if let v = try arguments.double("--min-distance-m", in: 0...100_000) { s.minimumDistanceMeters = v }
        if let v = try arguments.double("--max-distance-m", in: 1...1_000_000) { s.maximumDistanceMeters = v }
        guard s.maximumDistanceMeters > s.minimumDistanceMeters else {
            throw UsageError("--max-distance-m must be larger than --min-distance-m")
        }
        if let v = try arguments.double("--floor-dbm", in: -200 ... -20) { s.floorDBm = v }
        s.censorMarginDB = try arguments.double("--censor-margin-db", in: 0...60)
        if let text = arguments.string("--huber-k") {
            if text == "inf" {
                s.huberK = .infinity
            } else if let v = Double(text), v >= 0.5, v <= HuberScore.maximumFiniteK {
                s.huberK = v
            } else {
                throw UsageError("option '--huber-k' expects a number in 0.5...10 or 'inf', found '\(text)'")
            }
        }
        s.referenceDistanceMeters = try arguments.double("--reference-m", in: 1...100_000)
        if let cv = try arguments.choice("--cv", CalibrationSettings.Grouping.allCases.map(\.rawValue)) {
            s.grouping = CalibrationSettings.Grouping(rawValue: cv) ?? .site
        }
        if let v = try arguments.int("--folds", in: 2...100) { s.folds = v }
        if let v = try arguments.double("--block-m", in: 10...100_000) { s.blockMeters = v }
        if let v = try arguments.int("--seed", in: 0...Int.max) { s.seed = UInt64(v) }
        settings = s
        force = arguments.flag("--force")
        quiet = arguments.flag("--quiet")
    }

    func run() throws -> Int32 {
        let out = try RunSupport.prepareOutputFolder(outPath, force: force)
        RunSupport.installInterruptHandlers()
        let result: CalibrationResult
        do throws(PlanningError) {
            result = try CalibrationRun.run(settings)
        } catch {
            // Warnings too: what was dropped explains why nothing usable was left.
            var lines: [String] = []
            if case .invalidInput(let problems) = error, !quiet {
                lines = problems.filter { $0.severity == .warning }.map { "warning: \($0)" }
            }
            throw CommandFailure(
                exitCode: ExitCode.badInput, message: (lines + [error.description]).joined(separator: "\n"))
        }
        if let clash = RunSupport.inputOverwritten(
            by: CalibrationWriter.fileNames, in: out,
            inputs: [settings.measurements.displayName, settings.cells.displayName])
        {
            throw CommandFailure(
                exitCode: ExitCode.badInput,
                message:
                    "error: \(clash): is an input and would be overwritten by an output of the same name; choose another --out folder"
            )
        }
        if !quiet { for warning in result.warnings { printError("warning: \(warning)") } }
        try RunSupport.writeOutputs { try CalibrationWriter.write(result, to: out) }
        if !quiet { print(summary(result)) }
        return ExitCode.success
    }

    func summary(_ r: CalibrationResult) -> String {
        func f(_ v: Double) -> String { v.isFinite ? Precision.hundredths.fixed(v) : "—" }
        var lines = [
            "profile       \(r.settings.profileName) (\(r.baseProfile.pathLossModel.description))",
            "samples       \(r.samplesUsed) used of \(r.linesRead) (\(r.samplesCensored) at the floor, \(r.tally.dropped) dropped), \(r.bins.count) bins of \(Int(r.settings.binMeters)) m",
        ]
        let offset = r.parameters[0]
        lines.append(
            "offset        \(f(offset.value)) ± \(f(offset.standardError)) dB at \(Int(r.design.referenceDistanceMeters)) m"
        )
        if r.design.fitsSlope {
            let correction = r.parameters[1]
            lines.append(
                "slope         \(f(r.modelSlopeDBPerDecade)) → \(f(r.slopeDBPerDecade)) dB/decade (correction \(f(correction.value)) ± \(f(correction.standardError)))"
            )
        }
        for (k, name) in r.design.clutterClasses.enumerated() {
            let p = r.parameters[(r.design.fitsSlope ? 2 : 1) + k]
            lines.append(
                "clutter       \(name): \(f(p.value)) ± \(f(p.standardError)) dB (vs \(r.design.referenceClass ?? ""))")
        }
        lines.append("sigma         \(f(r.sigma.value)) ± \(f(r.sigma.standardError)) dB")
        lines.append(
            "rmse          before \(f(r.before.rmseDB)) dB, after \(f(r.after.rmseDB)) dB, cross-validated \(r.crossValidated.bins > 0 ? f(r.crossValidated.rmseDB) + " dB" : "—") (\(r.settings.grouping.rawValue) folds)"
        )
        lines.append("seconds       \(Precision.hundredths.fixed(r.seconds))")
        lines.append("outputs       \(outPath)/{\(CalibrationWriter.fileNames.joined(separator: ","))}")
        return lines.joined(separator: "\n")
    }
}
