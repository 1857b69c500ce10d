import Foundation
import Geo

/// Writes the outputs of `nrplan diff` together (temporary names, renamed into place once all
/// are complete, as `PlanWriter` does).
public enum DiffWriter {
    public static let fileNames = [
        "sites-diff.geojson", "holes-diff.geojson", "summary.json", "report.md", "report.html",
    ]

    /// Writes the diff into `folder` (which must exist).
    /// - Returns: the summary that was written.
    @discardableResult
    public static func write(_ diff: PlanDiff, to folder: URL) throws(GeoError) -> JSONValue {
        var pending = PendingOutputs()
        let sites = try GeoJSONWriter(url: folder.appendingPathComponent("sites-diff.geojson"), name: "sites-diff")
        pending.geoJSON.append(sites)
        for feature in DiffLayers.sites(diff) {
            try sites.write(geometry: feature.geometry, properties: feature.properties)
        }
        let holes = try GeoJSONWriter(url: folder.appendingPathComponent("holes-diff.geojson"), name: "holes-diff")
        pending.geoJSON.append(holes)
        for feature in DiffLayers.holes(diff) {
            try holes.write(geometry: feature.geometry, properties: feature.properties)
        }
        let summary = DiffSummary.json(diff)
        try pending.add("summary.json", JSONWriter.string(summary, indent: 2) + "\n", folder: folder)
        try pending.add("report.md", DiffReportMarkdown.render(diff), folder: folder)
        try pending.add("report.html", ReportHTML.render(DiffReportPage.page(diff)), folder: folder)
        try pending.commit()
        return summary
    }
}
