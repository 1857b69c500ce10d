import Geo
import Planning
import Support

/// `summary.json` of `nrplan cluster`: the inputs, the rule, the counts, the largest clusters and
/// how wide the clusters are.
enum ClusterSummary {
    static func summary(_ run: ClusterRun, totalSeconds: Double) -> JSONValue {
        let result = run.clustering
        let sizes = result.clusters.map(\.members.count)
        let position: Precision = run.planar ? .meters : .degrees
        let order = result.clusters.indices.sorted { sizes[$0] > sizes[$1] || (sizes[$0] == sizes[$1] && $0 < $1) }
        let largest: [JSONValue] = order.prefix(10).map { c in
            let cluster = result.clusters[c]
            return .object([
                ("cluster", .number(Double(c + 1))), ("id", .string(run.siteID(c))),
                ("points", .number(Double(sizes[c]))), ("weight", .number(cluster.weight, .figure)),
                ("centroid", .array([.number(cluster.centroid.x, position), .number(cluster.centroid.y, position)])),
                ("radius_m", .number(cluster.radiusMeters, .hundredths)),
                ("diameter_m", .number(cluster.diameterMeters, .hundredths)),
            ])
        }
        var members: [(key: String, value: JSONValue)] = [
            ("version", .string(NRPlanVersion.string)),
            ("command", .string("cluster")),
            (
                "input",
                .object([
                    ("file", .string(run.files.map(\.name).joined(separator: ", "))),
                    ("crs", .string(run.planar ? "planar" : "wgs84")),
                    (
                        "files",
                        .array(
                            run.files.map { .object([("file", .string($0.name)), ("crs", .string($0.crs.rawValue))]) })
                    ),
                    ("points", .number(Double(run.positions.count))),
                ])
            ),
            ("inputs", Summary.inputs(run.inputs)),
            ("distance_m", .number(run.distanceMeters)),
            ("max_diameter_m", run.maxDiameterMeters.map { .number($0) } ?? .null),
            ("rule", .string(rule(run))),
            ("clusters", .number(Double(result.clusters.count))),
            ("singletons", .number(Double(result.singletons))),
            ("clusters_of_2_or_more", .number(Double(result.clusters.count - result.singletons))),
            ("largest_cluster", .number(Double(result.largest))),
            ("largest_radius_m", .number(result.clusters.map(\.radiusMeters).max() ?? 0, .hundredths)),
            ("largest_diameter_m", .number(result.clusters.map(\.diameterMeters).max() ?? 0, .hundredths)),
        ]
        if run.maxDiameterMeters != nil {
            members.append(
                (
                    "single_linkage",
                    .object([
                        ("clusters", .number(Double(result.singleLinkageClusters))),
                        ("largest_cluster", .number(Double(result.largestSingleLinkage))),
                    ])
                ))
        }
        members += [
            ("pairs_within_distance", .number(Double(result.pairsWithinDistance))),
            ("largest_clusters", .array(largest)),
            (
                "seconds",
                .object([
                    ("read", .number(run.readSeconds, .seconds)), ("cluster", .number(run.clusterSeconds, .seconds)),
                    ("total", .number(totalSeconds, .seconds)),
                ])
            ),
            ("warnings", Summary.warnings(run.warnings)),
        ]
        return .object(members)
    }

    /// The rule in words.
    static func rule(_ run: ClusterRun) -> String {
        let single = "two points are in one cluster when at most distance_m apart, transitively (connected components)"
        guard run.maxDiameterMeters != nil else { return single }
        return single
            + "; each such cluster is then split by complete linkage cut at max_diameter_m, so no two points of a cluster are farther apart than max_diameter_m"
    }
}
