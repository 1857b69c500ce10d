import Geo
import Planning
import Support

/// `residuals.geojson`: one Point per bin (at the mean position of its samples), in bin order
/// (cell, then south to north, west to east).
///
/// Members: `cell_id`, `site_id`, `samples`, `censored_samples`, `censored` (true: the measured
/// value is an upper bound, the phone was at its floor), `measured_dbm`, `predicted_before_dbm`
/// (uncalibrated profile), `predicted_dbm` (calibrated), `residual_db` (measured − calibrated),
/// `residual_before_db`, `cv_predicted_dbm` and `cv_residual_db` (fitted without the bin's fold;
/// null when that fold could not be fitted), `distance_m` (mean horizontal distance to the cell),
/// `fold`, `clutter` (with a clutter column), `first_line` (in the measurements file), then the
/// measurement file's extra columns whose value every sample of the bin shares (else null).
public enum ResidualsLayer {
    static func dB(_ value: Double) -> JSONValue { value.isFinite ? .number(value, .hundredths) : .null }

    public static func properties(_ r: CalibrationResult, bin i: Int) -> [(key: String, value: JSONValue)] {
        let bin = r.bins[i]
        let cell = r.cells[bin.cellIndex]
        var members: [(key: String, value: JSONValue)] = [
            ("cell_id", .string(cell.id)),
            ("site_id", .string(cell.siteID)),
            ("samples", .number(Double(bin.samples))),
            ("censored_samples", .number(Double(bin.censoredSamples))),
            ("censored", .bool(bin.censored)),
            ("measured_dbm", dB(bin.measuredDBm)),
            ("predicted_before_dbm", dB(bin.predictedDBm)),
            ("predicted_dbm", dB(r.calibratedDBm[i])),
            ("residual_db", dB(bin.measuredDBm - r.calibratedDBm[i])),
            ("residual_before_db", dB(bin.measuredDBm - bin.predictedDBm)),
            ("cv_predicted_dbm", dB(r.crossValidatedDBm[i])),
            ("cv_residual_db", dB(bin.measuredDBm - r.crossValidatedDBm[i])),
            ("distance_m", .number(bin.distance2DMeters, .tenths)),
            ("fold", .number(Double(r.foldOfBin[i] + 1))),
        ]
        if r.settings.fitsClutter { members.append(("clutter", bin.clutter.map(JSONValue.string) ?? .null)) }
        members.append(("first_line", .number(Double(bin.firstLine))))
        for (k, name) in r.extraColumns.enumerated() where !members.contains(where: { $0.key == name }) {
            members.append((name, bin.extras[k].map(JSONValue.string) ?? .null))
        }
        return members
    }

    public static func write(_ r: CalibrationResult, to writer: GeoJSONWriter) throws(GeoError) {
        for i in r.bins.indices {
            try writer.write(
                geometry: .point(r.bins[i].location), properties: properties(r, bin: i))
        }
    }
}
