import Foundation
import Geo
import Support

/// Writes the outputs of `nrplan diff` all or nothing (staged and published together, as
/// `PlanWriter` does).
public enum DiffWriter {
    public static let fileNames = [
        "sites-diff.geojson", "holes-diff.geojson", "summary.json", "report.md", "report.html",
    ]

    /// Writes the diff into `folder` (created when missing).
    /// - Returns: the summary that was written.
    @discardableResult
    public static func write(_ diff: PlanDiff, to folder: URL) throws(GeoError) -> JSONValue {
        var pending = try PendingOutputs(folder, owns: fileNames)
        let sites = try pending.geoJSON("sites-diff.geojson")
        for feature in DiffLayers.sites(diff) {
            try sites.write(geometry: feature.geometry, properties: feature.properties)
        }
        let holes = try pending.geoJSON("holes-diff.geojson")
        for feature in DiffLayers.holes(diff) {
            try holes.write(geometry: feature.geometry, properties: feature.properties)
        }
        let summary = DiffSummary.json(diff)
        try pending.add("summary.json", JSONWriter.string(summary, indent: 2) + "\n")
        try pending.add("report.md", DiffReportMarkdown.render(diff))
        try pending.add("report.html", ReportHTML.render(DiffReportPage.page(diff)))
        try pending.publish()
        return summary
    }
}
