import Dispatch
import Foundation
import Geo
import Planning
import Reporting
import Support

/// `nrplan cluster POINTS… --distance D [--max-diameter M] --out DIR`: cells into sites, weak points
/// into hot spots — clusters of points joined transitively within D (MathorCup 2022 D, Problem 3),
/// optionally split so that none is wider than M, written one row per cluster (a site file that
/// `existing` and `audit --sites` read as it is) and one row per point.
struct ClusterCommand: Command {
    static let name = "cluster"
    static let abstract = "Group points (cells, weak points) into clusters within a distance and write them as sites."
    static let usage =
        "nrplan cluster POINTS.csv|POINTS.geojson... (--distance D | --max-diameter M | both) --out DIR [--crs planar|wgs84|gcj02|bd09] [--x COL] [--y COL] [--weight COL] [--id COL] [--id-prefix P] [--force] [--quiet]"
    static let discussion = """
        Two points belong to the same cluster when they are at most D metres apart, and so on
        transitively (single linkage cut at D). With --max-diameter M each such cluster is split by
        complete linkage, so that no two points of a cluster are more than M apart: per-cell positions
        become sites without chains of cells growing a 1 km "site" (M alone: D = M).
        Coordinates follow the input: GeoJSON is WGS-84 (RFC 7946); a CSV file is WGS-84 when its header
        has lon/lat columns (or 经度/纬度, lng, longitude, latitude) and planar metres when it has x/y;
        --crs declares it instead (gcj02 and bd09 are converted to WGS-84). Planar values that look like
        degrees are warned about. Geographic points are measured in a local transverse Mercator plane.
        --x and --y name other coordinate columns, --weight a weight column (summed per cluster), --id
        the column or property naming each point (default: id, when there is one).
        clusters.csv has one row per cluster — id (--id-prefix, default site-), centroid, members,
        weight, largest distance from the centroid (radius_m), diameter_m and the member ids — and is a
        site file as it is (`"existing": "clusters.csv"`, `audit --sites clusters.csv`); clusters.geojson
        is the same as points; members.csv has one row per point with its cluster. Bad input exits 2,
        nothing written.
        """
    static let outputs = ClusterWriter.fileNames
    static let outputsNote = "Planar points write no clusters.geojson (RFC 7946 is WGS-84)."
    static let options: [OptionSpec] = [
        .value("--distance", "D", "Join points at most D metres apart, transitively (≥ 0)."),
        .value("--max-diameter", "M", "Split clusters so that no two points of one are more than M metres apart."),
        .value("--out", "DIR", "Folder for the outputs (created; must be empty unless --force)."),
        .value(
            "--crs", "NAME", "Coordinate system of every input: planar, wgs84, gcj02 or bd09 (default: as declared)."),
        .value("--x", "COL", "Column of the x (or longitude) coordinate."),
        .value("--y", "COL", "Column of the y (or latitude) coordinate."),
        .value("--weight", "COL", "Column of a weight per point (summed per cluster)."),
        .value("--id", "COL", "Column or property naming each point (default: 'id' when present)."),
        .value("--id-prefix", "P", "Prefix of the cluster (site) ids (default: site-)."),
        .flag("--force", "Write into a non-empty output folder."),
        .flag("--quiet", "No summary on standard output."),
    ]
    let pointsPaths: [String]
    let distance: Double
    let maxDiameter: Double?
    let outPath: String
    let crs: CoordinateSystem?
    let xColumn: String?
    let yColumn: String?
    let weightColumn: String?
    let idColumn: String?
    let idPrefix: String
    let force: Bool
    let quiet: Bool

    init(arguments: ParsedArguments) throws(UsageError) {
        pointsPaths = arguments.positionals
        guard !pointsPaths.isEmpty else { throw UsageError("missing argument POINTS") }
        outPath = try arguments.required("--out")
        let d = try arguments.double("--distance", in: 0...1e9)
        maxDiameter = try arguments.double("--max-diameter", in: 0...1e9)
        guard let distance = d ?? maxDiameter else {
            throw UsageError("missing --distance D or --max-diameter M (metres, ≥ 0)")
        }
        self.distance = distance
        crs = try arguments.choice("--crs", CoordinateSystem.allCases.map(\.rawValue)).flatMap(
            CoordinateSystem.init(rawValue:))
        xColumn = arguments.string("--x")
        yColumn = arguments.string("--y")
        weightColumn = arguments.string("--weight")
        idColumn = arguments.string("--id")
        idPrefix = arguments.string("--id-prefix") ?? "site-"
        force = arguments.flag("--force")
        quiet = arguments.flag("--quiet")
    }

    func run() throws -> Int32 {
        let out = try RunSupport.prepareOutputFolder(outPath, force: force)
        RunSupport.installInterruptHandlers()
        let start = DispatchTime.now()
        let read = try self.read()
        let readSeconds = Self.seconds(since: start)
        let clusterStart = DispatchTime.now()
        let clustering = PointClustering.run(
            positions: read.points.positions, weights: read.points.weights, planar: read.planar, distance: distance,
            maxDiameter: maxDiameter)
        let run = ClusterRun(
            files: read.files, positions: read.points.positions, weights: read.points.weights,
            sourceLines: read.points.sourceLines, fileOfPoint: read.fileOfPoint, ids: read.points.ids,
            planar: read.planar, distanceMeters: distance, maxDiameterMeters: maxDiameter, idPrefix: idPrefix,
            weightColumn: weightColumn, clustering: clustering, readSeconds: readSeconds,
            clusterSeconds: Self.seconds(since: clusterStart), warnings: read.warnings, inputs: read.inputs)
        try RunSupport.writeOutputs { try ClusterWriter.write(run, to: out, totalSeconds: Self.seconds(since: start)) }
        if !quiet {
            for line in Problem.lines(run.warnings) { printError(line) }
            print(summary(run, seconds: Self.seconds(since: start)))
        }
        return ExitCode.success
    }

    /// The points of every input file, merged.
    struct Read {
        var files: [(name: String, crs: CoordinateSystem)]
        /// Every point, files in command-line order; `ids` nil when no file has ids.
        var points: DemandPoints
        var fileOfPoint: [Int32]
        var planar: Bool
        var warnings: [Problem]
        var inputs: [InputFile]
    }

    /// Reads every points file in its declared (or `--crs`) coordinate system; exits 2 with every
    /// problem when any file has errors or the files mix planar and geographic coordinates.
    func read() throws -> Read {
        var diagnostics = Diagnostics()
        var inputs: [InputFile] = []
        var files: [(name: String, crs: CoordinateSystem)] = []
        var merged = DemandPoints(file: "", positions: [], weights: [], sourceLines: [])
        var fileOfPoint: [Int32] = []
        var ids: [String] = []
        var anyIDs = false
        for path in pointsPaths {
            let url = URL(fileURLWithPath: path)
            let fileCRS = crs ?? InputFiles.declaredPointsCRS(url: url, x: xColumn, y: yColumn)
            files.append((path, fileCRS))
            guard
                let points = InputFiles.points(
                    url: url, displayName: path, crs: fileCRS, x: xColumn, y: yColumn, weight: weightColumn,
                    id: idColumn, diagnostics: &diagnostics, inputs: &inputs)
            else { continue }
            merged.positions += points.positions
            merged.weights += points.weights
            merged.sourceLines += points.sourceLines
            fileOfPoint += [Int32](repeating: Int32(files.count - 1), count: points.positions.count)
            anyIDs = anyIDs || points.ids != nil
            ids += points.ids ?? [String](repeating: "", count: points.positions.count)
        }
        let planar = files.first?.crs.isPlanar ?? true
        if files.contains(where: { $0.crs.isPlanar != planar }) {
            diagnostics.error(
                "(command line)", field: "POINTS", expected: "files that are all planar or all geographic",
                found: files.map { "\($0.name) (\($0.crs.rawValue))" }.joined(separator: ", "))
        }
        guard !diagnostics.hasErrors else {
            throw CommandFailure(
                exitCode: ExitCode.badInput, message: Problem.lines(diagnostics.errors).joined(separator: "\n"))
        }
        var warnings = diagnostics.warnings
        if planar, let span = PointClustering.looksLikeDegrees(merged.positions) {
            warnings.append(
                Problem(
                    .warning, file: pointsPaths.joined(separator: ", "), field: "x/y",
                    message:
                        "every x lies in −180…180 and y in −90…90, and the points span only \(Precision.figure.text(span.spanX)) × \(Precision.figure.text(span.spanY)) units: they look like longitude/latitude degrees read as metres; name the columns lon/lat or pass --crs wgs84"
                ))
        }
        merged.ids = anyIDs ? ids : nil
        return Read(
            files: files, points: merged, fileOfPoint: fileOfPoint, planar: planar, warnings: warnings, inputs: inputs)
    }

    /// The lines printed on standard output.
    func summary(_ run: ClusterRun, seconds: Double) -> String {
        let result = run.clustering
        let rule =
            maxDiameter.map {
                "within \(Precision.figure.text(distance)) m, none wider than \(Precision.figure.text($0)) m (single linkage gave \(result.singleLinkageClusters), largest \(result.largestSingleLinkage) points)"
            } ?? "at distance ≤ \(Precision.figure.text(distance)) m"
        let converted = [(CoordinateSystem.gcj02, "GCJ-02"), (.bd09, "BD-09")].filter { system, _ in
            run.files.contains { $0.crs == system }
        }
        let frame =
            run.planar
            ? "planar metres"
            : converted.isEmpty ? "WGS-84" : converted.map(\.1).joined(separator: ", ") + " converted to WGS-84"
        return [
            "points        \(run.positions.count) from \(pointsPaths.joined(separator: ", ")) (\(frame))",
            "clusters      \(result.clusters.count) \(rule)",
            "sizes         \(result.singletons) single points, largest \(result.largest) points, widest \(Precision.tenths.text(result.clusters.map(\.diameterMeters).max() ?? 0)) m across",
            "pairs         \(result.pairsWithinDistance) within the distance",
            "seconds       \(Precision.seconds.fixed(seconds))",
            "outputs       \(outPath)/{\(ClusterWriter.fileNames(planar: run.planar).joined(separator: ","))}",
        ].joined(separator: "\n")
    }

    static func seconds(since start: DispatchTime) -> Double {
        Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1e9
    }
}
