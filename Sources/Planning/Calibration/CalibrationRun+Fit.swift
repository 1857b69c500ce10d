import Foundation
import Geo
import Radio
import Support

extension CalibrationRun {
    /// Fits the prepared bins: the censored Huber fit, cross-validation by groups, clustered
    /// standard errors, errors before/after, the "floor as measurement" comparison, the override.
    static func fit(_ p: Prepared, _ settings: CalibrationSettings, _ diagnostics: inout Diagnostics)
        throws(PlanningError) -> CalibrationResult
    {
        let bins = p.bins
        let file = p.measurements.file
        let groups = crossValidationGroups(p, settings)
        let (clutter, merged) = clutterClasses(bins, groups: groups, settings, file: file, &diagnostics)
        let design = CalibrationDesign(
            measuredDBm: bins.map { $0.censored ? p.bound : $0.measuredDBm }, predictedDBm: bins.map(\.predictedDBm),
            censored: bins.map(\.censored), log10Distance3D: bins.map(\.log10Distance3D),
            clutter: clutter,
            fitSlope: settings.fitSlope, referenceDistanceMeters: settings.referenceDistanceMeters)
        let options = CensoredHuberRegression.Options(huberK: settings.huberK)
        let fit: CensoredHuberRegression.Fit
        switch CensoredHuberRegression.fit(design.data, options: options) {
        case .success(let f): fit = f
        case .failure(let failure):
            diagnostics.error(file, message: describe(failure, design: design, bins: bins.count))
            throw .invalidInput(diagnostics.problems)
        }
        if !fit.converged {
            diagnostics.warning(
                file, message: "the fit did not converge in \(fit.iterations) iterations; figures are approximate")
        }
        let folds = CrossValidation.folds(groups: groups, count: settings.folds, seed: settings.seed)
        let cv = crossValidate(design, folds: folds, groups: groups, options, settings, file: file, &diagnostics)

        // Standard errors: clustered by the groups, and as if bins were independent.
        let se = SandwichCovariance.covariance(design.data, fit: fit, cluster: groups)
            .map(SandwichCovariance.standardErrors)
        let seIndependent = SandwichCovariance.covariance(design.data, fit: fit).map(SandwichCovariance.standardErrors)
        func parameter(_ j: Int, _ name: String, _ value: Double, _ unit: String) -> CalibrationParameter {
            CalibrationParameter(
                name: name, value: value, standardError: se?[j] ?? .nan,
                standardErrorIndependent: seIndependent?[j] ?? .nan, unit: unit)
        }
        let parameters = design.parameterNames.enumerated().map { j, name in
            parameter(j, name, fit.coefficients[j], name.hasPrefix("slope") ? "dB/decade" : "dB")
        }

        // Predictions and errors over the bins that are not censored.
        let n = bins.count
        let calibratedDBm = (0..<n).map {
            bins[$0].predictedDBm - design.pathLossCorrectionDB($0, coefficients: fit.coefficients)
        }
        let crossValidatedDBm = (0..<n).map { bins[$0].predictedDBm + cv.predictions[$0] }
        let measured = (0..<n).filter { !bins[$0].censored }
        let clear = measured.filter { calibratedDBm[$0] >= p.bound + 2 * fit.sigma }
        let modelSlope = modelSlopeDBPerDecade(
            bins: bins, cells: p.cells, profile: p.profile, utHeight: p.profile.utHeightMeters)
        let correction = design.correction(fit.coefficients)
        let cellsWithBins = Set(bins.map(\.cellIndex))
        return CalibrationResult(
            settings: settings, baseProfile: p.profile, inputs: p.inputs, cells: p.cells,
            cellsCalibrated: p.calibrated.filter { $0 }.count, cellsWithBins: cellsWithBins.count,
            sitesWithBins: Set(cellsWithBins.map { p.cells[$0].siteID }).count, linesRead: p.measurements.linesRead,
            samplesUsed: p.used, samplesCensored: bins.reduce(0) { $0 + $1.censoredSamples }, tally: p.tally,
            extraColumns: p.measurements.extraColumns, bins: bins, fadingSpreadDB: p.spread,
            censorBoundDBm: p.bound, design: design, fit: fit, parameters: parameters,
            sigma: parameter(design.parameterNames.count, "sigma_db", fit.sigma, "dB"),
            modelSlopeDBPerDecade: modelSlope, slopeDBPerDecade: modelSlope + correction.slopeCorrectionDBPerDecade,
            calibratedDBm: calibratedDBm, crossValidatedDBm: crossValidatedDBm, foldOfBin: folds, groupOfBin: groups,
            before: PredictionError(measured.map { bins[$0].measuredDBm - bins[$0].predictedDBm }),
            after: PredictionError(measured.map { bins[$0].measuredDBm - calibratedDBm[$0] }),
            crossValidated: PredictionError(measured.map { bins[$0].measuredDBm - crossValidatedDBm[$0] }),
            clearBefore: PredictionError(clear.map { bins[$0].measuredDBm - bins[$0].predictedDBm }),
            clearAfter: PredictionError(clear.map { bins[$0].measuredDBm - calibratedDBm[$0] }),
            clearCrossValidated: PredictionError(clear.map { bins[$0].measuredDBm - crossValidatedDBm[$0] }),
            folds: cv.folds, groups: Set(groups).count, asMeasured: asMeasured(design, bins: bins, options),
            overrideFields: overrideFields(correction, fit: fit, design: design, file: file, &diagnostics),
            overrideChoices: p.choices,
            clutterOffsets: design.clutterClasses.enumerated().map { k, name in
                (name, Precision.hundredths.rounded(fit.coefficients[(design.fitsSlope ? 2 : 1) + k]))
            }, mergedClutterClasses: merged, warnings: [], seconds: 0)
    }

    /// The clutter class of each bin for the fit (nil when clutter is not fitted) and the classes
    /// merged into the most common one for too few bins or groups (with a warning).
    static func clutterClasses(
        _ bins: [CalibrationBin], groups: [Int], _ settings: CalibrationSettings, file: String,
        _ diagnostics: inout Diagnostics
    ) -> (clutter: [String]?, merged: [String]) {
        guard settings.fitsClutter else { return (nil, []) }
        let (clutter, merged) = mergeSmallClasses(bins.map { $0.clutter ?? "(none)" }, bins: bins, groups: groups)
        if !merged.isEmpty {
            diagnostics.warning(
                file, field: "clutter",
                message:
                    "class(es) \(merged.joined(separator: ", ")) merged into the most common class: an offset of its own needs \(minimumClassBins) bins above the censoring bound and \(minimumClassGroups) \(settings.grouping == .site ? "sites" : "blocks")"
            )
        }
        return (clutter, merged)
    }

    /// A clutter class gets an offset of its own only with this many bins above the censoring
    /// bound and this many cross-validation groups; with fewer, its offset would rest on one or two
    /// sites' shadowing, and a clustered standard error on so few clusters means nothing.
    static let minimumClassBins = 30
    static let minimumClassGroups = 3

    /// The class labels with every class below the minimums relabelled as the most common class
    /// (most bins; ties: first by name), and the classes merged.
    static func mergeSmallClasses(_ labels: [String], bins: [CalibrationBin], groups: [Int]) -> ([String], [String]) {
        var count: [String: Int] = [:]
        var measured: [String: Int] = [:]
        var groupSets: [String: Set<Int>] = [:]
        for (i, label) in labels.enumerated() {
            count[label, default: 0] += 1
            if !bins[i].censored { measured[label, default: 0] += 1 }
            groupSets[label, default: []].insert(groups[i])
        }
        let names = count.keys.sorted()
        guard let common = names.max(by: { (count[$0]!, $1) < (count[$1]!, $0) }) else { return (labels, []) }
        let merged = names.filter {
            $0 != common
                && ((measured[$0] ?? 0) < minimumClassBins || (groupSets[$0]?.count ?? 0) < minimumClassGroups)
        }
        let set = Set(merged)
        return (labels.map { set.contains($0) ? common : $0 }, merged)
    }

    /// The cross-validation group of each bin: its site, or its square block.
    static func crossValidationGroups(_ p: Prepared, _ settings: CalibrationSettings) -> [Int] {
        switch settings.grouping {
        case .site:
            var number: [String: Int] = [:]
            for id in Set(p.bins.map { p.cells[$0.cellIndex].siteID }).sorted() { number[id] = number.count }
            return p.bins.map { number[p.cells[$0.cellIndex].siteID]! }
        case .block:
            return CrossValidation.blockLabels(
                eastMeters: p.bins.map(\.eastMeters), northMeters: p.bins.map(\.northMeters),
                blockMeters: settings.blockMeters)
        }
    }

    /// The out-of-fold predictions (NaN without at least two groups, with a warning).
    static func crossValidate(
        _ design: CalibrationDesign, folds: [Int], groups: [Int], _ options: CensoredHuberRegression.Options,
        _ settings: CalibrationSettings, file: String, _ diagnostics: inout Diagnostics
    ) -> CrossValidation.Result {
        let groupCount = Set(groups).count
        guard groupCount >= 2 else {
            diagnostics.warning(
                file,
                message:
                    "cross-validation needs at least 2 \(settings.grouping == .site ? "sites" : "blocks"), found \(groupCount): cv_rmse_db is not computed"
            )
            return CrossValidation.Result(predictions: [Double](repeating: .nan, count: design.data.count), folds: [])
        }
        let cv = CrossValidation.run(design.data, folds: folds, options: options)
        for (k, fold) in cv.folds.enumerated() {
            guard let failure = fold.failure else { continue }
            diagnostics.warning(
                file,
                message:
                    "cross-validation fold \(k + 1) (\(fold.testCount) bins) could not be fitted without its bins: \(describe(failure, design: design, bins: design.data.count))"
            )
        }
        return cv
    }

    /// The fit with every censored bin taken as a measurement at its floor-counted mean: offset,
    /// slope correction (0 when not fitted), σ — what ignoring the censoring would have given.
    static func asMeasured(
        _ design: CalibrationDesign, bins: [CalibrationBin], _ options: CensoredHuberRegression.Options
    ) -> (offsetDB: Double, slopeCorrection: Double, sigmaDB: Double)? {
        guard bins.contains(where: \.censored) else { return nil }
        let naive = CensoredHuberRegression.Data(
            design: design.data.design, parameterCount: design.data.parameterCount,
            response: bins.map { $0.measuredDBm - $0.predictedDBm },
            censored: [Bool](repeating: false, count: bins.count))
        guard case .success(let f) = CensoredHuberRegression.fit(naive, options: options) else { return nil }
        return (f.coefficients[0], design.fitsSlope ? f.coefficients[1] : 0, f.sigma)
    }

    /// The profile override: offset, slope correction and reference, σ (to 0.01 dB).
    static func overrideFields(
        _ correction: PathLossCorrection, fit: CensoredHuberRegression.Fit, design: CalibrationDesign, file: String,
        _ diagnostics: inout Diagnostics
    ) -> [(key: String, value: Double)] {
        var fields: [(key: String, value: Double)] = [
            ("pathloss_offset_db", Precision.hundredths.rounded(correction.offsetDB))
        ]
        if design.fitsSlope {
            fields.append(
                (
                    "pathloss_slope_correction_db_per_decade",
                    Precision.hundredths.rounded(correction.slopeCorrectionDBPerDecade)
                ))
        }
        fields.append(("pathloss_reference_m", correction.referenceDistanceMeters))
        fields.append(("shadow_std_db", Precision.hundredths.rounded(fit.sigma)))
        if abs(correction.slopeCorrectionDBPerDecade) > PathLossCorrection.slopeLimitDBPerDecade {
            diagnostics.warning(
                file,
                message:
                    "the fitted slope correction \(Precision.hundredths.text(correction.slopeCorrectionDBPerDecade)) dB/decade is beyond ±\(Int(PathLossCorrection.slopeLimitDBPerDecade)): a profile will not accept it; the base model does not suit these data (try --model)"
            )
        }
        return fields
    }
}
