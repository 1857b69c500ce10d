import Dispatch
import Foundation
import Geo
import Planning

/// Writes the outputs of a run into a folder. Every file is written under a temporary name
/// first; only when all of them are complete are they renamed into place, so a failure leaves
/// no output at all and never a half file.
public enum PlanWriter {
    /// The files a geographic solve writes.
    public static let fileNames = [
        "sites.geojson", "sites.csv", "holes.geojson", "coverage.geojson", "summary.json", "report.md", "map.svg",
        "report.html",
    ]
    /// The files a planar solve writes: no GeoJSON (RFC 7946 is WGS-84 only, and planar coordinates
    /// would land anywhere on Earth in a GIS).
    public static let planarFileNames = ["sites.csv", "summary.json", "report.md", "map.svg", "report.html"]

    /// The files a solve of `plan` writes.
    public static func fileNames(for plan: Plan) -> [String] {
        plan.grid.projection.isPlanar ? planarFileNames : fileNames
    }

    /// Writes a solve's outputs into `folder` (which must exist).
    /// - Returns: the summary that was written.
    @discardableResult
    public static func write(_ plan: Plan, to folder: URL) throws(GeoError) -> JSONValue {
        let start = DispatchTime.now()
        let view = NetworkView(plan: plan)
        var pending = PendingOutputs()
        let planar = plan.grid.projection.isPlanar
        if !planar {
            let sites = try GeoJSONWriter(url: folder.appendingPathComponent("sites.geojson"), name: "sites")
            pending.geoJSON.append(sites)
            try SitesLayer.write(plan: plan, to: sites)
        }
        try pending.add("sites.csv", SitesCSV.render(plan), folder: folder)
        try pending.writeCommon(view, folder: folder, threads: plan.threads, geoJSON: !planar)
        var overview: [ReportMarkdown.Row] = [
            ("new sites", "\(plan.rankedNewColumns.count) (existing \(plan.existingColumns.count))"),
            ("cost of new sites", ReportMarkdown.fmt(plan.newCost, 2)),
        ]
        if let service = plan.service {
            let byType = Dictionary(grouping: plan.rankedNewColumns, by: { plan.sites[$0].serviceType ?? "" })
            overview.append(
                (
                    "new sites by type",
                    service.settings.types.map { "\($0.name) \(byType[$0.name]?.count ?? 0)" }.joined(separator: ", ")
                ))
            overview.append(
                (
                    "coverage by existing sites alone",
                    ReportMarkdown.fmt(Summary.existingCoverageRatio(plan) * 100, 2) + " %"
                ))
        }
        if let gap = plan.solution.gap {
            let bound = plan.solution.lowerBound ?? plan.solution.upperBound
            overview.append(
                (
                    "optimality gap (bound)",
                    ReportMarkdown.fmt(gap * 100, 2) + " % (" + (bound.map { ReportMarkdown.fmt($0, 2) } ?? "—") + ")"
                ))
            if let service = plan.service, !service.boundIncludesSpacing {
                overview.append(
                    (
                        "bound",
                        "ignores the spacing / one-site-per-location constraints (a relaxation: still a valid bound); valid for the \(service.boundScope == "lattice" ? "whole lattice" : "candidates searched")"
                    ))
            }
        }
        try pending.add("report.md", ReportMarkdown.render(view, overview: overview), folder: folder)
        // report.html shows the summary's figures but not its stage times, so it is made first and
        // the write stage counts it.
        let page = RunReportPage.html(
            view, sites: SitesLayer.features(plan: plan), summary: Summary.solve(plan: plan), threads: plan.threads)
        try pending.add("report.html", page, folder: folder)
        let writeSeconds = Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1e9
        let summary = Summary.solve(plan: plan, writeSeconds: writeSeconds)
        try pending.add("summary.json", JSONWriter.string(summary, indent: 2) + "\n", folder: folder)
        try pending.commit()
        return summary
    }
}

/// Writes an audit's outputs: sites, holes, coverage, summary, reports and map.
public enum AuditWriter {
    public static let fileNames = [
        "sites.geojson", "holes.geojson", "coverage.geojson", "summary.json", "report.md", "map.svg", "report.html",
    ]

    @discardableResult
    public static func write(_ result: AuditResult, to folder: URL) throws(GeoError) -> JSONValue {
        let start = DispatchTime.now()
        let view = NetworkView(audit: result)
        var pending = PendingOutputs()
        let sites = try GeoJSONWriter(url: folder.appendingPathComponent("sites.geojson"), name: "sites")
        pending.geoJSON.append(sites)
        let siteFeatures = AuditSitesLayer.features(result)
        for feature in siteFeatures { try sites.write(geometry: feature.geometry, properties: feature.properties) }
        try pending.writeCommon(view, folder: folder, threads: result.request.threads)
        try pending.add("report.md", ReportMarkdown.render(view, overview: []), folder: folder)
        let page = RunReportPage.html(
            view, sites: siteFeatures, summary: Summary.audit(result), threads: result.request.threads)
        try pending.add("report.html", page, folder: folder)
        let writeSeconds = Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1e9
        let summary = Summary.audit(result, writeSeconds: writeSeconds)
        try pending.add("summary.json", JSONWriter.string(summary, indent: 2) + "\n", folder: folder)
        try pending.commit()
        return summary
    }
}

/// Outputs written to temporary files, renamed into place together by `commit()`.
struct PendingOutputs {
    var geoJSON: [GeoJSONWriter] = []
    var files: [OutputFile] = []

    /// holes.geojson, coverage.geojson and map.svg: the outputs `solve` and `audit` share (the
    /// GeoJSON files only when `geoJSON`).
    mutating func writeCommon(_ view: NetworkView, folder: URL, threads: Int, geoJSON writeGeoJSON: Bool = true)
        throws(GeoError)
    {
        if writeGeoJSON {
            let holes = try GeoJSONWriter(url: folder.appendingPathComponent("holes.geojson"), name: "holes")
            geoJSON.append(holes)
            try HolesLayer.write(view.assessment.continuity, districtNames: view.grid.districtNames, to: holes)
            let coverage = try GeoJSONWriter(url: folder.appendingPathComponent("coverage.geojson"), name: "coverage")
            geoJSON.append(coverage)
            try CoverageLayer.write(view, threads: threads, to: coverage)
        }
        try add("map.svg", try MapSVG.render(view, threads: threads), folder: folder)
    }

    mutating func add(_ name: String, _ text: String, folder: URL) throws(GeoError) {
        let file = try OutputFile(url: folder.appendingPathComponent(name))
        files.append(file)
        try file.write(text)
    }

    /// Moves every file into place (only called once all are complete).
    func commit() throws(GeoError) {
        for writer in geoJSON { try writer.finish() }
        for file in files { try file.commit() }
    }
}
