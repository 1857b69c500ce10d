import Foundation
import Geo
import Planning

/// Writes a calibration's outputs into a folder, all or nothing: calibration.json,
/// residuals.geojson, report.md and calibration.svg are written under temporary names and renamed
/// into place only when all are complete.
public enum CalibrationWriter {
    public static let fileNames = ["calibration.json", "residuals.geojson", "report.md", "calibration.svg"]

    @discardableResult
    public static func write(_ result: CalibrationResult, to folder: URL) throws(GeoError) -> JSONValue {
        let document = CalibrationJSON.render(result)
        let residuals = try GeoJSONWriter(url: folder.appendingPathComponent("residuals.geojson"), name: "residuals")
        try ResidualsLayer.write(result, to: residuals)
        var pending = PendingOutputs()
        pending.geoJSON.append(residuals)
        try pending.add("calibration.json", JSONWriter.string(document, indent: 2) + "\n", folder: folder)
        try pending.add("report.md", CalibrationReport.render(result), folder: folder)
        try pending.add("calibration.svg", CalibrationSVG.render(result), folder: folder)
        try pending.commit()
        return document
    }
}
