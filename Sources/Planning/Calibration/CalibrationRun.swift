import Dispatch
import Foundation
import Geo
import Radio
import Support

/// Calibrates a radio profile on drive-test measurements (docs/calibration.md): read and check
/// the cells and samples, predict every sample with its cell's uncalibrated budget, average into
/// bins, fit offset (+ slope, + clutter offsets) and σ robustly with censoring, cross-validate by
/// whole sites or blocks, and derive the profile override.
public enum CalibrationRun {
    /// The inputs read and binned: what the fit works on.
    struct Prepared {
        var profile: RadioProfile
        var choices: [(key: String, value: String)]
        var inputs: [(name: String, bytes: Int, sha256: String)]
        var cells: [DriveTestCell]
        var calibrated: [Bool]
        var measurements: DriveTestMeasurements
        var tally: SampleTally
        var bins: [CalibrationBin]
        var used: Int
        var spread: Double?
        var bound: Double
    }

    /// Runs a calibration.
    /// - Throws: `PlanningError.invalidInput` with every problem when the inputs are unusable
    ///   (unreadable files, missing columns, bad cells, nothing usable left, too few bins to fit).
    public static func run(_ settings: CalibrationSettings) throws(PlanningError) -> CalibrationResult {
        let start = DispatchTime.now()
        var diagnostics = Diagnostics()
        let prepared = try prepare(settings, &diagnostics)
        var result = try fit(prepared, settings, &diagnostics)
        result.warnings = diagnostics.warnings
        result.seconds = Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1e9
        return result
    }

    /// The built-in profile calibrated, with `--model`/`--los` applied, and those choices (as
    /// calibration.json records them); an error for an unknown profile.
    static func chosenProfile(_ settings: CalibrationSettings, _ diagnostics: inout Diagnostics) throws(PlanningError)
        -> (RadioProfile, [(key: String, value: String)])
    {
        guard var profile = RadioProfile.named(settings.profileName) else {
            diagnostics.error(
                "(command line)", field: "--profile",
                expected: "a built-in radio profile (\(RadioProfile.builtInNames.joined(separator: ", ")))",
                found: "'\(settings.profileName)'")
            throw .invalidInput(diagnostics.problems)
        }
        var choices: [(key: String, value: String)] = []
        if let model = settings.model, model != profile.pathLossModel.scenario {
            profile.pathLossModel.scenario = model
            choices.append(("model", model.rawValue))
        }
        if let los = settings.los, los != profile.pathLossModel.condition {
            profile.pathLossModel.condition = los
            choices.append(("los", los.rawValue))
        }
        return (profile, choices)
    }

    /// The profile (with `--model`/`--los`), the cells, the samples, their bins and the censoring bound.
    static func prepare(_ settings: CalibrationSettings, _ diagnostics: inout Diagnostics) throws(PlanningError)
        -> Prepared
    {
        let (profile, choices) = try chosenProfile(settings, &diagnostics)
        // Each file is read once: its SHA-256 in calibration.json is of the bytes parsed.
        var inputs: [(name: String, bytes: Int, sha256: String)] = []
        // Cells, then samples (attributed to cells of the calibrated profile).
        guard let cellData = readInput(settings.cells, &diagnostics, &inputs) else {
            throw .invalidInput(diagnostics.problems)
        }
        let cells = DriveTestCellReader.read(
            data: cellData, displayName: settings.cells.displayName, crs: settings.cellsCRS, diagnostics: &diagnostics)
        if diagnostics.hasErrors { throw .invalidInput(diagnostics.problems) }
        let calibrated = cells.map { ($0.profileName ?? settings.profileName) == settings.profileName }
        if !calibrated.contains(true) {
            diagnostics.error(
                settings.cells.displayName, field: "profile",
                expected: "cells of profile '\(settings.profileName)' (or without a profile)",
                found: "only cells of \(Set(cells.compactMap(\.profileName)).sorted().joined(separator: ", "))")
            throw .invalidInput(diagnostics.problems)
        }
        var cellIndex: [String: Int] = [:]
        for (i, cell) in cells.enumerated() { cellIndex[cell.id] = i }
        guard let measurementData = readInput(settings.measurements, &diagnostics, &inputs),
            let measurements = DriveTestMeasurementReader.read(
                data: measurementData, displayName: settings.measurements.displayName,
                crs: settings.measurementsCRS, cellIndex: cellIndex, calibrated: calibrated,
                floorDBm: settings.floorDBm, clutterColumn: settings.clutterColumn, diagnostics: &diagnostics),
            !diagnostics.hasErrors
        else { throw .invalidInput(diagnostics.problems) }

        var samples = measurements.samples
        if let file = settings.clutterFile {
            guard let data = readInput(file, &diagnostics, &inputs) else { throw .invalidInput(diagnostics.problems) }
            DriveTestClutter.classify(
                &samples, data: data, file: file, property: settings.clutterProperty, crs: settings.measurementsCRS,
                &diagnostics)
            if diagnostics.hasErrors { throw .invalidInput(diagnostics.problems) }
        }
        // Prediction and bins in a local frame around the data.
        var tally = measurements.tally
        var box: BoundingBox?
        for c in measurements.samples.map(\.location) + cells.map(\.location) {
            if box == nil { box = BoundingBox(minX: c.x, minY: c.y, maxX: c.x, maxY: c.y) } else { box!.include(c) }
        }
        var (bins, used) = DriveTestBinning.bin(
            samples: samples, cells: cells,
            evaluators: DriveTestBinning.evaluators(cells: cells, profile: profile),
            utHeightMeters: profile.utHeightMeters, projection: box.map(LocalProjection.centered(on:)) ?? .planar,
            binMeters: settings.binMeters, averaging: settings.averaging,
            minimumDistanceMeters: settings.minimumDistanceMeters,
            maximumDistanceMeters: settings.maximumDistanceMeters, tally: &tally)
        warnDropped(tally, file: measurements.file, floor: settings.floorDBm, &diagnostics)
        guard used > 0 else {
            diagnostics.error(
                measurements.file, expected: "at least one usable sample",
                found: "none of \(measurements.linesRead) lines: "
                    + SampleIssue.allCases.filter { tally.count($0) > 0 }.map { "\(tally.count($0)) \($0.rawValue)" }
                    .joined(separator: ", "))
            throw .invalidInput(diagnostics.problems)
        }
        // Censoring at a fixed bound a few fading spreads above the floor.
        let spread = DriveTestBinning.fadingSpreadDB(bins, floorDBm: settings.floorDBm)
        let margin = settings.censorMarginDB ?? max(3, Precision.tenths.rounded(3 * (spread ?? 1)))
        let bound = settings.floorDBm + margin
        DriveTestBinning.censor(&bins, boundDBm: bound)
        return Prepared(
            profile: profile, choices: choices, inputs: inputs, cells: cells, calibrated: calibrated,
            measurements: measurements, tally: tally, bins: bins, used: used, spread: spread, bound: bound)
    }

    /// The bytes of an input file, recorded with their size and SHA-256; nil with the problem
    /// recorded when the file cannot be read.
    static func readInput(
        _ file: AuditRequest.File, _ diagnostics: inout Diagnostics,
        _ inputs: inout [(name: String, bytes: Int, sha256: String)]
    ) -> Data? {
        do {
            let data = try GeoJSONReader.readFile(file.url, displayName: file.displayName)
            inputs.append((file.displayName, data.count, SHA256.hex(data)))
            return data
        } catch {
            diagnostics.add(Problem(error))
            return nil
        }
    }

    /// The least-squares slope of the uncalibrated model's path loss on log10(d3D) over the bins
    /// (dB/decade): what "the model's slope" means for a model with breakpoints.
    static func modelSlopeDBPerDecade(
        bins: [CalibrationBin], cells: [DriveTestCell], profile: RadioProfile, utHeight: Double
    )
        -> Double
    {
        var xs: [Double] = []
        var ys: [Double] = []
        for bin in bins {
            let cell = cells[bin.cellIndex]
            let frequency = cell.frequencyMHz.map { $0 / 1_000 } ?? profile.frequencyGHz
            let pl = profile.pathLossModel.evaluate(
                frequencyGHz: frequency, bsHeightMeters: cell.heightMeters, utHeightMeters: utHeight,
                distance2DMeters: bin.distance2DMeters)
            let dh = cell.heightMeters - utHeight
            xs.append(log10((bin.distance2DMeters * bin.distance2DMeters + dh * dh).squareRoot()))
            ys.append(pl.pathLossDB)
        }
        let n = Double(xs.count)
        let mx = xs.reduce(0, +) / n
        let my = ys.reduce(0, +) / n
        var sxy = 0.0
        var sxx = 0.0
        for i in xs.indices {
            sxy += (xs[i] - mx) * (ys[i] - my)
            sxx += (xs[i] - mx) * (xs[i] - mx)
        }
        return sxx > 0 ? sxy / sxx : .nan
    }

    /// One warning per class of dropped samples that is a data error, naming the first lines.
    static func warnDropped(_ tally: SampleTally, file: String, floor: Double, _ diagnostics: inout Diagnostics) {
        for issue in SampleIssue.allCases where issue.isDataError && tally.count(issue) > 0 {
            diagnostics.warning(
                file, field: issue.rawValue,
                message:
                    "\(tally.count(issue)) sample(s) dropped: \(issue.explanation); e.g. \((tally.examples[issue] ?? []).joined(separator: ", "))"
            )
        }
        if tally.belowFloor > 0 {
            diagnostics.warning(
                file, field: "rsrp_dbm",
                message:
                    "\(tally.belowFloor) sample(s) below the floor \(floor) dBm: treated as censored at the floor (set --floor-dbm to the phone's real floor)"
            )
        }
    }

    static func describe(_ failure: CensoredHuberRegression.Failure, design: CalibrationDesign, bins: Int) -> String {
        switch failure {
        case .tooFewObservations(let uncensored, let needed):
            return
                "too few bins to fit \(design.parameterNames.joined(separator: ", ")): \(uncensored) uncensored of \(bins), need at least \(needed)"
        case .notIdentifiable(let column):
            let name = column < design.parameterNames.count ? design.parameterNames[column] : "parameter \(column)"
            return
                "'\(name)' cannot be fitted from these bins (e.g. every bin at one distance, or a clutter class in every bin); drop it (--fit offset) or add samples"
        }
    }

}
