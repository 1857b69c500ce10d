import Foundation
import Geo
import Planning
import Support

/// Writes a calibration's outputs into a folder, all or nothing (`OutputFolder`, as `PlanWriter`):
/// calibration.json, residuals.geojson, report.md and calibration.svg are staged and published
/// together, so a failure leaves the folder exactly as it was.
public enum CalibrationWriter {
    public static let fileNames = ["calibration.json", "residuals.geojson", "report.md", "calibration.svg"]

    /// Writes the outputs into `folder` (created when missing).
    /// - Returns: the calibration.json document that was written.
    @discardableResult
    public static func write(_ result: CalibrationResult, to folder: URL) throws(GeoError) -> JSONValue {
        let document = CalibrationJSON.render(result)
        var pending = try PendingOutputs(folder, owns: fileNames)
        try ResidualsLayer.write(result, to: pending.geoJSON("residuals.geojson"))
        try pending.add("calibration.json", JSONWriter.string(document, indent: 2) + "\n")
        try pending.add("report.md", CalibrationReport.render(result))
        try pending.add("calibration.svg", CalibrationSVG.render(result))
        try pending.publish()
        return document
    }
}
