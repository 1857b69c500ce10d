import Foundation
import Geo
import Planning
import Support

/// One `nrplan cluster` run: the points read, how they were clustered, and its figures.
public struct ClusterRun: Sendable {
    /// The input files as named on the command line, with the coordinate system each was read in.
    public var files: [(name: String, crs: CoordinateSystem)]
    /// Every point of every file, in file then input order (WGS-84 degrees, or planar metres).
    public var positions: [Coordinate]
    public var weights: [Double]
    /// Each point's 1-based CSV line or 0-based GeoJSON feature index, and its file (into `files`).
    public var sourceLines: [Int32]
    public var fileOfPoint: [Int32]
    /// Each point's id ("" when its file has none), or nil when no file has ids.
    public var ids: [String]?
    public var planar: Bool
    public var distanceMeters: Double
    public var maxDiameterMeters: Double?
    /// Prefix of the site ids (`site-` gives `site-1`, `site-2`, …).
    public var idPrefix: String
    /// The weight column or property, when one was given.
    public var weightColumn: String?
    public var clustering: PointClustering
    public var readSeconds: Double
    public var clusterSeconds: Double
    public var warnings: [Problem]
    public var inputs: [InputFile]

    public init(
        files: [(name: String, crs: CoordinateSystem)], positions: [Coordinate], weights: [Double],
        sourceLines: [Int32], fileOfPoint: [Int32], ids: [String]?, planar: Bool, distanceMeters: Double,
        maxDiameterMeters: Double?, idPrefix: String, weightColumn: String?, clustering: PointClustering,
        readSeconds: Double, clusterSeconds: Double, warnings: [Problem], inputs: [InputFile]
    ) {
        self.files = files
        self.positions = positions
        self.weights = weights
        self.sourceLines = sourceLines
        self.fileOfPoint = fileOfPoint
        self.ids = ids
        self.planar = planar
        self.distanceMeters = distanceMeters
        self.maxDiameterMeters = maxDiameterMeters
        self.idPrefix = idPrefix
        self.weightColumn = weightColumn
        self.clustering = clustering
        self.readSeconds = readSeconds
        self.clusterSeconds = clusterSeconds
        self.warnings = warnings
        self.inputs = inputs
    }

    /// The site id of cluster `c` (0-based): the prefix and the 1-based cluster number.
    public func siteID(_ c: Int) -> String { idPrefix + String(c + 1) }

    /// How a point is named in `member_ids`: its id, else its line (`file:line` with several files).
    public func memberName(_ i: Int) -> String {
        if let ids, !ids[i].isEmpty { return ids[i] }
        let line = String(sourceLines[i])
        return files.count > 1 ? files[Int(fileOfPoint[i])].name + ":" + line : line
    }

    /// `member_ids` when every point has an id, else `member_lines`.
    public var memberColumn: String { ids?.allSatisfy { !$0.isEmpty } == true ? "member_ids" : "member_lines" }
}

/// Writes the outputs of `nrplan cluster`, all or nothing: `clusters.csv` (one row per cluster: a
/// site that `existing` or `audit --sites` reads as it is), `clusters.geojson` (the same as points,
/// geographic runs only), `members.csv` (one row per point with its cluster) and `summary.json`.
public enum ClusterWriter {
    /// Every file a run may write (a planar run writes no GeoJSON).
    public static let fileNames = ["clusters.csv", "clusters.geojson", "members.csv", "summary.json"]

    /// The files a run writes.
    public static func fileNames(planar: Bool) -> [String] {
        planar ? fileNames.filter { !$0.hasSuffix(".geojson") } : fileNames
    }

    /// Writes the run into `folder`; returns the summary.
    @discardableResult
    public static func write(_ run: ClusterRun, to folder: URL, totalSeconds: Double) throws(GeoError) -> JSONValue {
        var pending = try PendingOutputs(folder, owns: fileNames)
        try pending.add("clusters.csv", clustersCSV(run))
        if !run.planar { try clustersGeoJSON(run, to: pending.geoJSON("clusters.geojson")) }
        try pending.add("members.csv", membersCSV(run))
        let summary = ClusterSummary.summary(run, totalSeconds: totalSeconds)
        try pending.add("summary.json", JSONWriter.string(summary, indent: 2) + "\n")
        try pending.publish()
        return summary
    }

    /// `id,lon,lat|x,y,members,[weight,]radius_m,diameter_m,member_ids|member_lines`.
    static func clustersCSV(_ run: ClusterRun) -> String {
        let position: Precision = run.planar ? .meters : .degrees
        var header = ["id"] + (run.planar ? ["x", "y"] : ["lon", "lat"]) + ["members"]
        if run.weightColumn != nil { header.append("weight") }
        header += ["radius_m", "diameter_m", run.memberColumn]
        var text = header.joined(separator: ",") + "\n"
        for (c, cluster) in run.clustering.clusters.enumerated() {
            var fields = [
                run.siteID(c), position.text(cluster.centroid.x), position.text(cluster.centroid.y),
                String(cluster.members.count),
            ]
            if run.weightColumn != nil { fields.append(Precision.figure.text(cluster.weight)) }
            fields += [
                Precision.hundredths.text(cluster.radiusMeters), Precision.hundredths.text(cluster.diameterMeters),
                cluster.members.map { run.memberName(Int($0)) }.joined(separator: ";"),
            ]
            text += fields.map(SitesCSV.quoted).joined(separator: ",") + "\n"
        }
        return text
    }

    /// Each cluster as a Point at its centroid, with the columns of `clusters.csv` as properties.
    static func clustersGeoJSON(_ run: ClusterRun, to writer: GeoJSONWriter) throws(GeoError) {
        for (c, cluster) in run.clustering.clusters.enumerated() {
            var properties: [(key: String, value: JSONValue)] = [
                ("id", .string(run.siteID(c))), ("cluster", .number(Double(c + 1))),
                ("members", .number(Double(cluster.members.count))),
            ]
            if run.weightColumn != nil { properties.append(("weight", .number(cluster.weight, .figure))) }
            properties += [
                ("radius_m", .number(cluster.radiusMeters, .hundredths)),
                ("diameter_m", .number(cluster.diameterMeters, .hundredths)),
                (run.memberColumn, .array(cluster.members.map { .string(run.memberName(Int($0))) })),
            ]
            try writer.write(geometry: .point(cluster.centroid), properties: properties)
        }
    }

    /// One row per point in input order: `[file,]line,lon,lat|x,y,[id,]cluster,cluster_size,site_id`.
    static func membersCSV(_ run: ClusterRun) -> String {
        let position: Precision = run.planar ? .meters : .degrees
        let several = run.files.count > 1
        var header = (several ? ["file"] : []) + ["line"] + (run.planar ? ["x", "y"] : ["lon", "lat"])
        if run.ids != nil { header.append("id") }
        header += ["cluster", "cluster_size", "site_id"]
        var text = header.joined(separator: ",") + "\n"
        text.reserveCapacity(run.positions.count * 48)
        let clusters = run.clustering.clusters
        for i in run.positions.indices {
            let c = Int(run.clustering.clusterOfPoint[i])
            var fields: [String] = []
            if several { fields.append(run.files[Int(run.fileOfPoint[i])].name) }
            fields += [
                String(run.sourceLines[i]), position.text(run.positions[i].x), position.text(run.positions[i].y),
            ]
            if let ids = run.ids { fields.append(ids[i]) }
            fields += [String(c + 1), String(clusters[c].members.count), run.siteID(c)]
            text += fields.map(SitesCSV.quoted).joined(separator: ",") + "\n"
        }
        return text
    }
}
