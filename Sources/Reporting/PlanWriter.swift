import Dispatch
import Foundation
import Geo
import Planning
import Support

/// Writes the outputs of a run into a folder, all or nothing: every file goes into a staging
/// folder first and the whole set is published at once (`OutputFolder`), so a failure leaves the
/// folder as it was, never a mixed or half-written plan.
public enum PlanWriter {
    /// The files a geographic solve writes.
    public static let fileNames = [
        "sites.geojson", "sites.csv", "holes.geojson", "coverage.geojson", "summary.json", "report.md", "map.svg",
        "report.html",
    ]
    /// The files a planar solve writes: no GeoJSON (RFC 7946 is WGS-84 only, and planar coordinates
    /// would land anywhere on Earth in a GIS).
    public static let planarFileNames = ["sites.csv", "summary.json", "report.md", "map.svg", "report.html"]

    /// The file a geographic phased solve (`objective.phases`) adds: every phase's holes.
    public static let phaseFileNames = ["phase-holes.geojson"]

    /// Written besides the others when the scenario has roads (`demand.roads`).
    public static let roadGapsFileName = "road-gaps.geojson"

    /// The files a solve of `plan` writes.
    public static func fileNames(for plan: Plan) -> [String] {
        if plan.grid.projection.isPlanar { return planarFileNames }
        return fileNames + (plan.phases.isEmpty ? [] : phaseFileNames) + (plan.roads != nil ? [roadGapsFileName] : [])
    }

    /// Writes a solve's outputs into `folder` (created when missing). Earlier outputs of a solve
    /// that this one does not write (a planar plan has no GeoJSON) are removed from it.
    /// - Returns: the summary that was written.
    ///
    /// - Parameter merge: for the plan of `nrplan merge`, what the merge did (per-tile figures, seam
    ///   step, the global bound's parts): added to summary.json and report.md.
    @discardableResult
    public static func write(_ plan: Plan, to folder: URL, merge: MergeReport? = nil) throws(GeoError) -> JSONValue {
        let start = DispatchTime.now()
        var view = NetworkView(plan: plan)
        if merge != nil { view.command = "merge" }
        var pending = try PendingOutputs(
            folder, owns: fileNames + planarFileNames + phaseFileNames + [roadGapsFileName])
        let planar = plan.grid.projection.isPlanar
        if !planar {
            let sites = try pending.geoJSON("sites.geojson")
            try SitesLayer.write(plan: plan, to: sites)
            if let roads = plan.roads {
                try RoadGapsLayer.write(
                    roads, districtNames: plan.grid.districtNames, limit: plan.scenario.continuity.maxRoadGapMeters,
                    to: pending.geoJSON(roadGapsFileName))
            }
        }
        if !planar && !plan.phases.isEmpty {
            let holes = try pending.geoJSON("phase-holes.geojson")
            for feature in HolesLayer.phaseFeatures(plan.phases, districtNames: plan.grid.districtNames) {
                try holes.write(feature)
            }
        }
        try pending.add("sites.csv", SitesCSV.render(plan))
        try pending.writeCommon(view, threads: plan.threads, geoJSON: !planar)
        try pending.add(
            "report.md",
            ReportMarkdown.render(
                view,
                overview: ReportMarkdown.solveOverview(plan)
                    + CalibrationProvenance.rows(plan.scenario.radio.calibrations),
                afterOverview: ReportMarkdown.assumptions(plan.radioAssumptions)
                    + ReportMarkdown.inputs(plan.scenario.inputs),
                afterDistricts: ReportMarkdown.solveSections(plan),
                sections: ReportMarkdown.limitsSections(plan) + (merge.map { ReportMarkdown.mergeSection($0) } ?? [])))
        // report.html shows the summary's figures but not its stage times, so it is made first and
        // the write stage counts it.
        let page = RunReportPage.html(
            view, sites: SitesLayer.features(plan: plan), summary: Summary.solve(plan: plan), threads: plan.threads)
        try pending.add("report.html", page)
        let writeSeconds = Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1e9
        var summary = Summary.solve(plan: plan, writeSeconds: writeSeconds)
        if let merge { summary = Summary.merged(summary, merge) }
        try pending.add("summary.json", JSONWriter.string(summary, indent: 2) + "\n")
        try pending.publish()
        return summary
    }
}

/// Writes an audit's outputs: sites, holes, coverage, summary, reports and map.
public enum AuditWriter {
    public static let fileNames = [
        "sites.geojson", "holes.geojson", "coverage.geojson", "summary.json", "report.md", "map.svg", "report.html",
    ]

    /// The files an audit writes: road-gaps.geojson too when it measured roads.
    public static func fileNames(for result: AuditResult) -> [String] {
        fileNames + (result.roads != nil ? [PlanWriter.roadGapsFileName] : [])
    }

    @discardableResult
    public static func write(_ result: AuditResult, to folder: URL) throws(GeoError) -> JSONValue {
        let start = DispatchTime.now()
        let view = NetworkView(audit: result)
        var pending = try PendingOutputs(folder, owns: fileNames + [PlanWriter.roadGapsFileName])
        let siteFeatures = AuditSitesLayer.features(result)
        let sites = try pending.geoJSON("sites.geojson")
        for feature in siteFeatures { try sites.write(feature) }
        try pending.writeCommon(view, threads: result.request.threads)
        var sections: [String] = []
        if let roads = result.roads {
            let limit = result.roadGapLimitMeters
            try RoadGapsLayer.write(
                roads, districtNames: result.grid.districtNames, limit: limit,
                to: pending.geoJSON(PlanWriter.roadGapsFileName))
            sections = ReportMarkdown.roadSection(roads, limit: limit)
        }
        try pending.add(
            "report.md",
            ReportMarkdown.render(
                view,
                overview: CalibrationProvenance.rows(result.calibrations)
                    + (result.capacity.map(ReportMarkdown.auditCapacityRows) ?? []),
                afterOverview: ReportMarkdown.assumptions(result.assumptions, profileOption: result.request.profileName)
                    + ReportMarkdown.inputs(result.inputs),
                sections: sections
            ))
        let page = RunReportPage.html(
            view, sites: siteFeatures, summary: Summary.audit(result), threads: result.request.threads)
        try pending.add("report.html", page)
        let writeSeconds = Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1e9
        let summary = Summary.audit(result, writeSeconds: writeSeconds)
        try pending.add("summary.json", JSONWriter.string(summary, indent: 2) + "\n")
        try pending.publish()
        return summary
    }
}

/// The outputs of one run in their staging folder, published together by `publish()`; dropped
/// (the target untouched) when the run fails before that.
struct PendingOutputs {
    let folder: OutputFolder
    /// GeoJSON layers still open; finished just before publishing.
    var layers: [GeoJSONWriter] = []

    init(_ target: URL, owns names: [String]) throws(GeoError) {
        do { folder = try OutputFolder(target: target, owns: Set(names)) } catch { throw .output(error) }
    }

    /// Starts the GeoJSON layer `name` (its collection is named after the file).
    mutating func geoJSON(_ name: String) throws(GeoError) -> GeoJSONWriter {
        let file: OutputFile
        do { file = try folder.create(name) } catch { throw .output(error) }
        let writer = try GeoJSONWriter(file: file, name: (name as NSString).deletingPathExtension)
        layers.append(writer)
        return writer
    }

    /// holes.geojson, coverage.geojson and map.svg: the outputs `solve` and `audit` share (the
    /// GeoJSON files only when `geoJSON`).
    mutating func writeCommon(_ view: NetworkView, threads: Int, geoJSON writeGeoJSON: Bool = true) throws(GeoError) {
        if writeGeoJSON {
            try HolesLayer.write(view.continuity, districtNames: view.grid.districtNames, to: geoJSON("holes.geojson"))
            try CoverageLayer.write(view, threads: threads, to: geoJSON("coverage.geojson"))
        }
        try add("map.svg", try MapSVG.render(view, threads: threads))
    }

    func add(_ name: String, _ text: String) throws(GeoError) {
        do { try folder.write(text, as: name) } catch { throw .output(error) }
    }

    /// Finishes the layers and publishes every file at once.
    func publish() throws(GeoError) {
        for layer in layers { try layer.finish() }
        do { try folder.publish() } catch { throw .output(error) }
    }
}
