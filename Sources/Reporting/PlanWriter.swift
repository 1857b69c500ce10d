import Dispatch
import Foundation
import Geo
import Planning

/// Writes the outputs of a solve into a folder: `sites.geojson`, `holes.geojson`, `summary.json`.
///
/// Every file is written under a temporary name first; only when all of them are complete are
/// they renamed into place, so a failure leaves no output at all and never a half file.
public enum PlanWriter {
    /// The files a solve writes, in writing order.
    public static let fileNames = ["sites.geojson", "holes.geojson", "summary.json"]

    /// Writes the plan's outputs into `folder` (which must exist).
    /// - Returns: the summary that was written.
    @discardableResult
    public static func write(_ plan: Plan, to folder: URL) throws(GeoError) -> JSONValue {
        let start = DispatchTime.now()
        let sites = try GeoJSONWriter(url: folder.appendingPathComponent("sites.geojson"), name: "sites")
        try SitesLayer.write(plan: plan, to: sites)
        let holes = try GeoJSONWriter(url: folder.appendingPathComponent("holes.geojson"), name: "holes")
        try HolesLayer.write(plan.continuity, districtNames: plan.grid.districtNames, to: holes)
        let writeSeconds = Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1e9
        let summary = Summary.solve(plan: plan, writeSeconds: writeSeconds)
        let summaryFile = try OutputFile(url: folder.appendingPathComponent("summary.json"))
        try summaryFile.write(JSONWriter.string(summary, indent: 2) + "\n")
        // Everything is complete: move it into place.
        try sites.finish()
        try holes.finish()
        try summaryFile.commit()
        return summary
    }
}
