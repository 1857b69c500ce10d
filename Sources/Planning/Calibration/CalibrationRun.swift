import Dispatch
import Foundation
import Geo
import Radio

/// Calibrates a radio profile on drive-test measurements (docs/calibration.md): read and check
/// the cells and samples, predict every sample with its cell's uncalibrated budget, average into
/// bins, fit offset (+ slope, + clutter offsets) and σ robustly with censoring, cross-validate by
/// whole sites or blocks, and derive the profile override.
public enum CalibrationRun {
    /// Runs a calibration.
    /// - Throws: `PlanningError.invalidInput` with every problem when the inputs are unusable
    ///   (unreadable files, missing columns, bad cells, nothing usable left, too few bins to fit).
    public static func run(_ settings: CalibrationSettings) throws(PlanningError) -> CalibrationResult {
        let start = DispatchTime.now()
        var diagnostics = Diagnostics()
        // The profile the samples are predicted with.
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
        var inputs: [(name: String, bytes: Int, sha256: String)] = []
        for file in [settings.cells, settings.measurements] {
            if let data = try? Data(contentsOf: file.url) {
                inputs.append((file.displayName, data.count, SHA256.hex(data)))
            }
        }

        // Cells, then samples (attributed to cells of the calibrated profile).
        let cells = DriveTestCellReader.read(
            url: settings.cells.url, displayName: settings.cells.displayName, crs: settings.cellsCRS,
            diagnostics: &diagnostics)
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
        guard
            let measurements = DriveTestMeasurementReader.read(
                url: settings.measurements.url, displayName: settings.measurements.displayName,
                crs: settings.measurementsCRS, cellIndex: cellIndex, calibrated: calibrated,
                floorDBm: settings.floorDBm, clutterColumn: settings.clutterColumn, diagnostics: &diagnostics),
            !diagnostics.hasErrors
        else { throw .invalidInput(diagnostics.problems) }

        // Prediction and bins in a local frame around the data.
        var tally = measurements.tally
        var box: BoundingBox?
        for c in measurements.samples.map(\.location) + cells.map(\.location) {
            if box == nil { box = BoundingBox(minX: c.x, minY: c.y, maxX: c.x, maxY: c.y) } else { box!.include(c) }
        }
        let projection = box.map(LocalProjection.centered(on:)) ?? .planar
        let evaluators = DriveTestBinning.evaluators(cells: cells, profile: profile)
        var (bins, used) = DriveTestBinning.bin(
            samples: measurements.samples, cells: cells, evaluators: evaluators,
            utHeightMeters: profile.utHeightMeters, projection: projection, binMeters: settings.binMeters,
            averaging: settings.averaging,
            minimumDistanceMeters: settings.minimumDistanceMeters,
            maximumDistanceMeters: settings.maximumDistanceMeters,
            tally: &tally)
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
        let margin = settings.censorMarginDB ?? max(3, ((3 * (spread ?? 1)) * 10).rounded() / 10)
        let bound = settings.floorDBm + margin
        DriveTestBinning.censor(&bins, boundDBm: bound)

        // The fit.
        let design = CalibrationDesign(
            measuredDBm: bins.map { $0.censored ? bound : $0.measuredDBm }, predictedDBm: bins.map(\.predictedDBm),
            censored: bins.map(\.censored), log10Distance3D: bins.map(\.log10Distance3D),
            clutter: settings.clutterColumn == nil ? nil : bins.map { $0.clutter ?? "(none)" },
            fitSlope: settings.fitSlope, referenceDistanceMeters: settings.referenceDistanceMeters)
        let options = CensoredHuberRegression.Options(huberK: settings.huberK)
        let fit: CensoredHuberRegression.Fit
        switch CensoredHuberRegression.fit(design.data, options: options) {
        case .success(let f): fit = f
        case .failure(let failure):
            diagnostics.error(measurements.file, message: describe(failure, design: design, bins: bins.count))
            throw .invalidInput(diagnostics.problems)
        }
        if !fit.converged {
            diagnostics.warning(
                measurements.file,
                message: "the fit did not converge in \(fit.iterations) iterations; figures are approximate")
        }

        // Cross-validation groups: sites, or spatial blocks.
        var siteNumber: [String: Int] = [:]
        for id in Set(bins.map { cells[$0.cellIndex].siteID }).sorted() { siteNumber[id] = siteNumber.count }
        let groups: [Int]
        switch settings.grouping {
        case .site: groups = bins.map { siteNumber[cells[$0.cellIndex].siteID]! }
        case .block:
            groups = CrossValidation.blockLabels(
                eastMeters: bins.map(\.eastMeters), northMeters: bins.map(\.northMeters),
                blockMeters: settings.blockMeters)
        }
        let groupCount = Set(groups).count
        let folds = CrossValidation.folds(groups: groups, count: settings.folds, seed: settings.seed)
        var cv = CrossValidation.Result(predictions: [Double](repeating: .nan, count: bins.count), folds: [])
        if groupCount >= 2 {
            cv = CrossValidation.run(design.data, folds: folds, options: options)
            for (k, fold) in cv.folds.enumerated() where fold.failure != nil {
                diagnostics.warning(
                    measurements.file,
                    message:
                        "cross-validation fold \(k + 1) (\(fold.testCount) bins) could not be fitted without its bins: \(describe(fold.failure!, design: design, bins: bins.count))"
                )
            }
        } else {
            diagnostics.warning(
                measurements.file,
                message:
                    "cross-validation needs at least 2 \(settings.grouping == .site ? "sites" : "blocks"), found \(groupCount): cv_rmse_db is not computed"
            )
        }

        // Standard errors: clustered by the groups, and as if bins were independent.
        let clustered = SandwichCovariance.covariance(design.data, fit: fit, cluster: groups)
        let independent = SandwichCovariance.covariance(design.data, fit: fit)
        let se = clustered.map(SandwichCovariance.standardErrors)
        let seIndependent = independent.map(SandwichCovariance.standardErrors)
        func parameter(_ j: Int, _ name: String, _ value: Double, _ unit: String) -> CalibrationParameter {
            CalibrationParameter(
                name: name, value: value, standardError: se?[j] ?? .nan,
                standardErrorIndependent: seIndependent?[j] ?? .nan,
                unit: unit)
        }
        let parameters = design.parameterNames.enumerated().map { j, name in
            parameter(j, name, fit.coefficients[j], name.hasPrefix("slope") ? "dB/decade" : "dB")
        }
        let sigma = parameter(design.parameterNames.count, "sigma_db", fit.sigma, "dB")

        // Predictions and errors (uncensored bins).
        let n = bins.count
        let calibratedDBm = (0..<n).map {
            bins[$0].predictedDBm - design.pathLossCorrectionDB($0, coefficients: fit.coefficients)
        }
        let crossValidatedDBm = (0..<n).map { bins[$0].predictedDBm + cv.predictions[$0] }
        let measured = (0..<n).filter { !bins[$0].censored }
        let before = PredictionError(measured.map { bins[$0].measuredDBm - bins[$0].predictedDBm })
        let after = PredictionError(measured.map { bins[$0].measuredDBm - calibratedDBm[$0] })
        let crossValidated = PredictionError(measured.map { bins[$0].measuredDBm - crossValidatedDBm[$0] })

        // The naive fit: censored bins as measurements at their bound.
        var asMeasured: (Double, Double, Double)?
        if bins.contains(where: \.censored) {
            let naive = CensoredHuberRegression.Data(
                design: design.data.design, parameterCount: design.data.parameterCount,
                response: bins.map { $0.measuredDBm - $0.predictedDBm }, censored: [Bool](repeating: false, count: n))
            if case .success(let f) = CensoredHuberRegression.fit(naive, options: options) {
                asMeasured = (f.coefficients[0], design.fitsSlope ? f.coefficients[1] : 0, f.sigma)
            }
        }

        // The model's own slope over the bins, and the override.
        let modelSlope = modelSlopeDBPerDecade(
            bins: bins, cells: cells, profile: profile, utHeight: profile.utHeightMeters)
        let correction = design.correction(fit.coefficients)
        var fields: [(key: String, value: Double)] = [("pathloss_offset_db", round2(correction.offsetDB))]
        if design.fitsSlope {
            fields.append(("pathloss_slope_correction_db_per_decade", round2(correction.slopeCorrectionDBPerDecade)))
        }
        fields.append(("pathloss_reference_m", correction.referenceDistanceMeters))
        fields.append(("shadow_std_db", round2(fit.sigma)))
        if abs(correction.slopeCorrectionDBPerDecade) > PathLossCorrection.slopeLimitDBPerDecade {
            diagnostics.warning(
                measurements.file,
                message:
                    "the fitted slope correction \(round2(correction.slopeCorrectionDBPerDecade)) dB/decade is beyond ±\(Int(PathLossCorrection.slopeLimitDBPerDecade)): a profile will not accept it; the base model does not suit these data (try --model)"
            )
        }
        let clutterOffsets = design.clutterClasses.enumerated().map { k, name in
            (name, round2(fit.coefficients[(design.fitsSlope ? 2 : 1) + k]))
        }
        let cellsWithBins = Set(bins.map(\.cellIndex))
        return CalibrationResult(
            settings: settings, baseProfile: profile, inputs: inputs, cells: cells,
            cellsCalibrated: calibrated.filter { $0 }.count, cellsWithBins: cellsWithBins.count,
            sitesWithBins: Set(cellsWithBins.map { cells[$0].siteID }).count, linesRead: measurements.linesRead,
            samplesUsed: used, samplesCensored: bins.reduce(0) { $0 + $1.censoredSamples }, tally: tally,
            extraColumns: measurements.extraColumns, bins: bins, fadingSpreadDB: spread, censorBoundDBm: bound,
            design: design, fit: fit, parameters: parameters,
            sigma: sigma, modelSlopeDBPerDecade: modelSlope,
            slopeDBPerDecade: modelSlope + correction.slopeCorrectionDBPerDecade, calibratedDBm: calibratedDBm,
            crossValidatedDBm: crossValidatedDBm, foldOfBin: folds, groupOfBin: groups, before: before, after: after,
            crossValidated: crossValidated, folds: cv.folds, groups: groupCount, asMeasured: asMeasured,
            overrideFields: fields, overrideChoices: choices, clutterOffsets: clutterOffsets,
            warnings: diagnostics.warnings,
            seconds: Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1e9)
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

    static func round2(_ x: Double) -> Double { (x * 100).rounded() / 100 }
}
