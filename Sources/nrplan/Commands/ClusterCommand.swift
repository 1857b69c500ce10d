import Dispatch
import Foundation
import Geo
import Planning
import Support

/// `nrplan cluster POINTS.csv --distance D --out DIR`: clusters of points joined transitively by
/// distances of at most D (MathorCup 2022 D, Problem 3), written as `clusters.csv` and `summary.json`.
struct ClusterCommand: Command {
    static let name = "cluster"
    static let abstract = "Group points into clusters of neighbours within a distance (transitively) and write them."
    static let usage =
        "nrplan cluster POINTS.csv|POINTS.geojson --distance D --out DIR [--crs planar|wgs84|gcj02|bd09] [--x COL] [--y COL] [--weight COL] [--force] [--quiet]"
    static let discussion = """
        Two points belong to the same cluster when they are at most D metres apart, and so on
        transitively (the connected components of the "distance ≤ D" graph; single linkage cut at D).
        CSV points have a header row; their coordinate columns are x and y (planar, the default) or
        lon and lat (--crs wgs84, gcj02 or bd09: measured in a local transverse Mercator plane); --x and
        --y name other columns, --weight a weight column (summed per cluster). Writes clusters.csv (one
        row per point: its input line, coordinates, cluster number and cluster size; clusters numbered
        from 1 in the order of their first point) and summary.json. Bad input exits 2, nothing written.
        """
    static let options: [OptionSpec] = [
        .value("--distance", "D", "Join points at most D metres apart (required, ≥ 0)."),
        .value("--out", "DIR", "Folder for clusters.csv and summary.json (created; must be empty unless --force)."),
        .value("--crs", "NAME", "Coordinate system of the points: planar (default), wgs84, gcj02 or bd09."),
        .value("--x", "COL", "Column of the x (or longitude) coordinate."),
        .value("--y", "COL", "Column of the y (or latitude) coordinate."),
        .value("--weight", "COL", "Column of a weight per point (summed per cluster in summary.json)."),
        .flag("--force", "Write into a non-empty output folder."),
        .flag("--quiet", "No summary on standard output."),
    ]
    /// The files a run writes (an earlier run's are replaced together).
    static let fileNames: Set<String> = ["clusters.csv", "summary.json"]
    let pointsPath: String
    let distance: Double
    let outPath: String
    let crs: CoordinateSystem
    let xColumn: String?
    let yColumn: String?
    let weightColumn: String?
    let force: Bool
    let quiet: Bool

    init(arguments: ParsedArguments) throws(UsageError) {
        pointsPath = try arguments.positionals(exactly: ["POINTS"])[0]
        outPath = try arguments.required("--out")
        guard let d = try arguments.double("--distance", in: 0...1e9) else {
            throw UsageError("missing --distance D (metres, ≥ 0)")
        }
        distance = d
        crs =
            try arguments.choice("--crs", CoordinateSystem.allCases.map(\.rawValue)).flatMap(
                CoordinateSystem.init(rawValue:)) ?? .planar
        xColumn = arguments.string("--x")
        yColumn = arguments.string("--y")
        weightColumn = arguments.string("--weight")
        force = arguments.flag("--force")
        quiet = arguments.flag("--quiet")
    }

    func run() throws -> Int32 {
        let out = try RunSupport.prepareOutputFolder(outPath, force: force)
        RunSupport.installInterruptHandlers()
        let start = DispatchTime.now()
        var diagnostics = Diagnostics()
        let read = InputFiles.points(
            url: URL(fileURLWithPath: pointsPath), displayName: pointsPath, crs: crs, x: xColumn, y: yColumn,
            weight: weightColumn, diagnostics: &diagnostics)
        guard let points = read, !diagnostics.hasErrors else {
            throw CommandFailure(
                exitCode: ExitCode.badInput, message: diagnostics.errors.map { "error: \($0)" }.joined(separator: "\n"))
        }
        for warning in diagnostics.warnings where !quiet { printError("warning: \(warning)") }
        let readSeconds = Self.seconds(since: start)
        // Planar points are metres already; geographic ones are measured in a local TM plane.
        var planar = points.positions
        if !crs.isPlanar {
            var box = BoundingBox(minX: planar[0].x, minY: planar[0].y, maxX: planar[0].x, maxY: planar[0].y)
            for p in planar { box.include(p) }
            let projection = LocalProjection.centered(on: box)
            planar = planar.map(projection.project)
        }
        let clusterStart = DispatchTime.now()
        let result = PointClusters.find(x: planar.map(\.x), y: planar.map(\.y), distance: distance)
        let clusterSeconds = Self.seconds(since: clusterStart)

        let position: Precision = crs.isPlanar ? .meters : .degrees
        var csv = "line,\(crs.isPlanar ? "x,y" : "lon,lat"),cluster,cluster_size\n"
        csv.reserveCapacity(points.positions.count * 32)
        let sizes = result.clusters.map(\.count)
        for i in 0..<points.positions.count {
            let c = Int(result.clusterOfPoint[i])
            csv +=
                "\(points.sourceLines[i]),\(position.text(points.positions[i].x)),\(position.text(points.positions[i].y)),\(c + 1),\(sizes[c])\n"
        }
        var weights = [Double](repeating: 0, count: result.clusters.count)
        for i in 0..<points.positions.count { weights[Int(result.clusterOfPoint[i])] += points.weights[i] }
        let order = result.clusters.indices.sorted { sizes[$0] > sizes[$1] || (sizes[$0] == sizes[$1] && $0 < $1) }
        let largest: [JSONValue] = order.prefix(10).map { c in
            var sx = 0.0
            var sy = 0.0
            for i in result.clusters[c] {
                sx += points.positions[Int(i)].x
                sy += points.positions[Int(i)].y
            }
            let n = Double(sizes[c])
            return .object([
                ("cluster", .number(Double(c + 1))), ("points", .number(n)),
                ("weight", .number(weights[c], .figure)),
                ("centroid", .array([.number(sx / n, position), .number(sy / n, position)])),
            ])
        }
        let summary: JSONValue = .object([
            ("version", .string(NRPlanVersion.string)),
            ("command", .string("cluster")),
            (
                "input",
                .object([
                    ("file", .string(pointsPath)), ("crs", .string(crs.rawValue)),
                    ("points", .number(Double(points.positions.count))),
                ])
            ),
            ("distance_m", .number(distance)),
            (
                "rule",
                .string(
                    "two points are in one cluster when at most distance_m apart, transitively (connected components)")
            ),
            ("clusters", .number(Double(result.clusters.count))),
            ("singletons", .number(Double(result.singletons))),
            ("clusters_of_2_or_more", .number(Double(result.clusters.count - result.singletons))),
            ("largest_cluster", .number(Double(result.largest))),
            ("pairs_within_distance", .number(Double(result.pairsWithinDistance))),
            ("largest_clusters", .array(largest)),
            (
                "seconds",
                .object([
                    ("read", .number(readSeconds, .seconds)), ("cluster", .number(clusterSeconds, .seconds)),
                    ("total", .number(Self.seconds(since: start), .seconds)),
                ])
            ),
            ("warnings", .array(diagnostics.warnings.map { .string($0.description) })),
        ])
        try RunSupport.writeOutputs {
            let folder = try OutputFolder(target: out, owns: Self.fileNames)
            try folder.write(csv, as: "clusters.csv")
            try folder.write(JSONWriter.string(summary, indent: 2) + "\n", as: "summary.json")
            try folder.publish()
        }
        if !quiet {
            print("points        \(points.positions.count) from \(pointsPath)")
            print(
                "clusters      \(result.clusters.count) at distance ≤ \(Precision.figure.text(distance)) m (\(result.singletons) single points, largest \(result.largest) points)"
            )
            print("pairs         \(result.pairsWithinDistance) within the distance")
            print("seconds       \(Precision.seconds.fixed(Self.seconds(since: start)))")
            print("outputs       \(outPath)/{clusters.csv,summary.json}")
        }
        return ExitCode.success
    }

    static func seconds(since start: DispatchTime) -> Double {
        Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1e9
    }
}
