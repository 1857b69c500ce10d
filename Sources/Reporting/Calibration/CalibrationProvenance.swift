import Geo
import Planning
import Support

/// How `summary.json` and `report.md` of `solve` and `audit` say that a profile was calibrated:
/// the calibration file, its SHA-256 (recompute it with `sha256sum`), the profiles it calibrated and
/// its cross-validated error.
enum CalibrationProvenance {
    /// The `calibrations` array of summary.json (empty when no profile was calibrated).
    static func json(_ references: [CalibrationReference]) -> JSONValue {
        .array(
            references.map { r in
                .object([
                    ("file", .string(r.file)), ("sha256", .string(r.sha256)),
                    ("profiles", .array(r.profiles.map(JSONValue.string))),
                    ("cv_rmse_db", r.crossValidatedRMSEDB.map { Summary.number($0, 4) } ?? .null),
                    ("samples_used", r.samplesUsed.map { .number(Double($0)) } ?? .null),
                ])
            })
    }

    /// Overview rows of report.md, one per calibration.
    static func rows(_ references: [CalibrationReference]) -> [ReportMarkdown.Row] {
        references.map { r in
            (
                "radio calibration",
                "\(r.profiles.joined(separator: ", ")) from \(r.file) (sha256 \(r.sha256))"
                    + (r.crossValidatedRMSEDB.map { ", cross-validated RMSE \(ReportMarkdown.fmt($0, 2)) dB" } ?? "")
            )
        }
    }
}
