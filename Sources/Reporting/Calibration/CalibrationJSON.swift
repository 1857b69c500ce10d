import Geo
import Planning
import Radio
import Support

/// `calibration.json`: every figure of a calibration in a fixed key order (docs/calibration.md),
/// and the `overrides` object a scenario's `radio.overrides` takes as it is. It holds no timing,
/// so the same inputs and settings give the same bytes (its SHA-256 is what `solve` and `audit`
/// report when a scenario names it in `radio.calibration`).
public enum CalibrationJSON {
    static func number(_ value: Double, _ decimals: Int = 4) -> JSONValue {
        value.isFinite ? Summary.number(value, decimals) : .null
    }

    /// The document.
    public static func render(_ r: CalibrationResult) -> JSONValue {
        let s = r.settings
        var members: [(key: String, value: JSONValue)] = [
            ("version", .string(NRPlanVersion.string)),
            ("command", .string("calibrate")),
            ("profile", .string(s.profileName)),
            ("model", .string(r.baseProfile.pathLossModel.description)),
            ("inputs", inputs(r)),
            ("settings", settings(r)),
        ]
        members += counts(r)
        members += errors(r)
        members += [
            ("reference_distance_m", number(r.design.referenceDistanceMeters)),
            ("parameters", .object((r.parameters + [r.sigma]).map { ($0.name, parameter($0)) })),
            ("model_slope_db_per_decade", number(r.modelSlopeDBPerDecade)),
            ("slope_db_per_decade", number(r.slopeDBPerDecade)),
            ("cross_validation", crossValidation(r)),
            ("censoring", censoring(r)),
            (
                "fit",
                .object([
                    ("loss", .string(s.huberK.isFinite ? "huber" : "least squares")),
                    ("censored", .string("tobit-type (expected scores given y ≤ bound)")),
                    ("iterations", .number(Double(r.fit.iterations))), ("converged", .bool(r.fit.converged)),
                    ("standard_errors", .string("sandwich, clustered by cross-validation group")),
                ])
            ),
            ("overrides", overrides(r)),
        ]
        if s.fitsClutter {
            members.append(
                (
                    "clutter_overrides",
                    .object(
                        r.clutterOffsets.map { ($0.name, .object([("pathloss_offset_db", number($0.offsetDB, 2))])) })
                ))
            members.append(("clutter_reference_class", r.design.referenceClass.map(JSONValue.string) ?? .null))
            members.append(("clutter_merged_classes", .array(r.mergedClutterClasses.map(JSONValue.string))))
        }
        members.append(("warnings", .array(r.warnings.map { .string($0.description) })))
        return .object(members)
    }

    /// `inputs`: each file with its crs, size and SHA-256.
    static func inputs(_ r: CalibrationResult) -> JSONValue {
        func file(_ f: AuditRequest.File, crs: CoordinateSystem) -> JSONValue {
            let input = r.inputs.first { $0.name == f.displayName }
            return .object([
                ("file", .string(f.displayName)), ("crs", .string(crs.rawValue)),
                ("bytes", input.map { .number(Double($0.bytes)) } ?? .null),
                ("sha256", input.map { .string($0.sha256) } ?? .null),
            ])
        }
        var members: [(key: String, value: JSONValue)] = [
            ("measurements", file(r.settings.measurements, crs: r.settings.measurementsCRS)),
            ("cells", file(r.settings.cells, crs: r.settings.cellsCRS)),
        ]
        if let clutter = r.settings.clutterFile {
            members.append(("clutter", file(clutter, crs: r.settings.measurementsCRS)))
        }
        return .object(members)
    }

    /// `settings`: every option that shaped the result.
    static func settings(_ r: CalibrationResult) -> JSONValue {
        let s = r.settings
        var fit: [String] = ["offset"]
        if r.design.fitsSlope { fit.append("slope") }
        if s.fitsClutter { fit.append("clutter") }
        return .object([
            ("fit", .array(fit.map(JSONValue.string))),
            ("bin_m", number(s.binMeters)), ("average", .string(s.averaging.rawValue)),
            ("min_distance_m", number(s.minimumDistanceMeters)),
            ("max_distance_m", number(s.maximumDistanceMeters)), ("floor_dbm", number(s.floorDBm)),
            ("huber_k", s.huberK.isFinite ? number(s.huberK) : .string("inf")),
            ("clutter_column", s.clutterColumn.map(JSONValue.string) ?? .null),
            ("clutter_file", s.clutterFile.map { .string($0.displayName) } ?? .null),
            ("clutter_property", s.clutterFile != nil ? .string(s.clutterProperty) : .null),
            ("cv_grouping", .string(s.grouping.rawValue)), ("cv_folds", .number(Double(s.folds))),
            ("cv_block_m", s.grouping == .block ? number(s.blockMeters) : .null),
            ("seed", .number(Double(s.seed))),
        ])
    }

    /// Cells, samples (used, censored, dropped by class) and bins.
    static func counts(_ r: CalibrationResult) -> [(key: String, value: JSONValue)] {
        var dropped: [(key: String, value: JSONValue)] = SampleIssue.allCases.map {
            ($0.rawValue, .number(Double(r.tally.count($0))))
        }
        dropped.append(("below_floor_treated_as_censored", .number(Double(r.tally.belowFloor))))
        return [
            (
                "cells",
                .object([
                    ("in_table", .number(Double(r.cells.count))), ("calibrated", .number(Double(r.cellsCalibrated))),
                    ("with_bins", .number(Double(r.cellsWithBins))),
                    ("sites_with_bins", .number(Double(r.sitesWithBins))),
                ])
            ),
            ("samples_read", .number(Double(r.linesRead))),
            ("samples_used", .number(Double(r.samplesUsed))),
            ("samples_censored", .number(Double(r.samplesCensored))),
            ("samples_dropped", .object(dropped)),
            ("bins", .number(Double(r.bins.count))),
            ("bins_censored", .number(Double(r.bins.filter(\.censored).count))),
            ("error_bins", .number(Double(r.after.bins))),
        ]
    }

    /// RMSE and mean error before, after and cross-validated; the same clear of the bound.
    static func errors(_ r: CalibrationResult) -> [(key: String, value: JSONValue)] {
        [
            ("rmse_before_db", number(r.before.rmseDB)),
            ("rmse_after_db", number(r.after.rmseDB)),
            ("mean_error_before_db", number(r.before.meanDB)),
            ("mean_error_after_db", number(r.after.meanDB)),
            ("cv_rmse_db", r.crossValidated.bins > 0 ? number(r.crossValidated.rmseDB) : .null),
            ("cv_mean_error_db", r.crossValidated.bins > 0 ? number(r.crossValidated.meanDB) : .null),
            (
                "clear_of_bound",
                .object([
                    ("rule", .string("bins predicted at least 2 sigma above the censoring bound")),
                    ("bins", .number(Double(r.clearAfter.bins))),
                    ("rmse_before_db", number(r.clearBefore.rmseDB)), ("rmse_after_db", number(r.clearAfter.rmseDB)),
                    ("mean_error_before_db", number(r.clearBefore.meanDB)),
                    ("mean_error_after_db", number(r.clearAfter.meanDB)),
                    ("cv_rmse_db", r.clearCrossValidated.bins > 0 ? number(r.clearCrossValidated.rmseDB) : .null),
                    ("cv_mean_error_db", r.clearCrossValidated.bins > 0 ? number(r.clearCrossValidated.meanDB) : .null),
                ])
            ),
        ]
    }

    /// `cross_validation`: grouping, groups, folds, and the errors.
    static func crossValidation(_ r: CalibrationResult) -> JSONValue {
        .object([
            ("grouping", .string(r.settings.grouping.rawValue)), ("groups", .number(Double(r.groups))),
            (
                "folds",
                .array(
                    r.folds.enumerated().map { k, fold in
                        .object([
                            ("fold", .number(Double(k + 1))), ("test_bins", .number(Double(fold.testCount))),
                            ("fitted", .bool(fold.failure == nil)),
                        ])
                    })
            ),
            ("bins", .number(Double(r.crossValidated.bins))),
            ("rmse_db", r.crossValidated.bins > 0 ? number(r.crossValidated.rmseDB) : .null),
            ("mean_error_db", r.crossValidated.bins > 0 ? number(r.crossValidated.meanDB) : .null),
        ])
    }

    /// `censoring`: floor, spread, bound, counts, and the fit that ignores the censoring.
    static func censoring(_ r: CalibrationResult) -> JSONValue {
        .object([
            ("floor_dbm", number(r.settings.floorDBm)),
            ("fading_spread_db", r.fadingSpreadDB.map { number($0) } ?? .null),
            ("bound_dbm", number(r.censorBoundDBm)),
            ("samples", .number(Double(r.samplesCensored))),
            ("bins", .number(Double(r.bins.filter(\.censored).count))),
            (
                "as_measured",
                r.asMeasured.map { m in
                    .object([
                        ("offset_db", number(m.offsetDB)),
                        ("slope_correction_db_per_decade", r.design.fitsSlope ? number(m.slopeCorrection) : .null),
                        ("sigma_db", number(m.sigmaDB)),
                    ])
                } ?? .null
            ),
        ])
    }

    /// `{"PROFILE": {field: value, …}}`: what `radio.overrides` takes.
    public static func overrides(_ r: CalibrationResult) -> JSONValue {
        let fields: [(key: String, value: JSONValue)] =
            r.overrideChoices.map { ($0.key, .string($0.value)) } + r.overrideFields.map { ($0.key, .number($0.value)) }
        return .object([(r.settings.profileName, .object(fields))])
    }

    static func parameter(_ p: CalibrationParameter) -> JSONValue {
        .object([
            ("value", number(p.value)), ("std_error", number(p.standardError)),
            ("std_error_independent", number(p.standardErrorIndependent)), ("unit", .string(p.unit)),
        ])
    }
}
