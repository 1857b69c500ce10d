import Foundation
import Geo
import Planning
import Support

/// `nrplan convert --from gcj02 --to wgs84 IN OUT`: a file's coordinates from one geographic
/// coordinate system to another, everything else untouched.
struct ConvertCommand: Command {
    static let name = "convert"
    static let abstract = "Convert a GeoJSON file (or a CSV catalogue) between WGS-84, GCJ-02 and BD-09."
    static let usage =
        "nrplan convert --from wgs84|gcj02|bd09 --to wgs84|gcj02|bd09 IN.geojson|IN.csv OUT.geojson [--force]"
    static let discussion = """
        Reads IN (GeoJSON; or a CSV catalogue with id, lon, lat columns, which becomes Point features
        with the other columns as properties), converts every coordinate and writes OUT as GeoJSON with
        the features, ids and properties as they were. GCJ-02 → WGS-84 and BD-09 → WGS-84 invert the
        published transforms iteratively to better than 1 mm. OUT is written under a temporary name
        and renamed; an existing OUT is replaced only with --force, and IN is never modified. RFC 7946
        GeoJSON is WGS-84: an OUT in GCJ-02 or BD-09 is for Chinese map services only (a warning says so).
        """
    static let options: [OptionSpec] = [
        .value("--from", "CRS", "Coordinate system of IN: wgs84|gcj02|bd09."),
        .value("--to", "CRS", "Coordinate system of OUT: wgs84|gcj02|bd09."),
        .flag("--force", "Replace OUT when it exists."),
    ]
    static let exitCodes: [(code: String, meaning: String)] = [
        ("0", "success"), ("2", "bad usage or bad input; nothing written"),
        ("74", "OUT could not be written (disk full, permission); an existing OUT is unchanged"),
        ("130", "interrupted by SIGINT (143: SIGTERM); an existing OUT is unchanged"),
    ]

    let from: CoordinateSystem
    let to: CoordinateSystem
    let inputPath: String
    let outputPath: String
    let force: Bool

    init(arguments: ParsedArguments) throws(UsageError) {
        let paths = try arguments.positionals(exactly: ["IN", "OUT"])
        inputPath = paths[0]
        outputPath = paths[1]
        let names = CoordinateSystem.geographic.map(\.rawValue)
        guard let fromName = try arguments.choice("--from", names) else {
            throw UsageError("missing required option '--from'")
        }
        guard let toName = try arguments.choice("--to", names) else {
            throw UsageError("missing required option '--to'")
        }
        from = CoordinateSystem(rawValue: fromName) ?? .wgs84
        to = CoordinateSystem(rawValue: toName) ?? .wgs84
        force = arguments.flag("--force")
        if URL(fileURLWithPath: inputPath).standardizedFileURL.resolvingSymlinksInPath()
            == URL(fileURLWithPath: outputPath).standardizedFileURL.resolvingSymlinksInPath()
        {
            throw UsageError("OUT must differ from IN (inputs are never modified)")
        }
    }

    func run() throws -> Int32 {
        let inputURL = URL(fileURLWithPath: inputPath)
        let outputURL = URL(fileURLWithPath: outputPath)
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: outputPath, isDirectory: &isDirectory) {
            if isDirectory.boolValue {
                throw CommandFailure(
                    exitCode: ExitCode.badInput,
                    message: "error: \(outputPath): is a directory, expected a file name for OUT")
            }
            if !force {
                throw CommandFailure(
                    exitCode: ExitCode.badInput, message: "error: \(outputPath): exists; use --force to replace it")
            }
        }
        // Read IN (its coordinates are checked as degrees before converting).
        var diagnostics = Diagnostics()
        let features: [Feature]
        do {
            let data = try GeoJSONReader.readFile(inputURL, displayName: inputPath)
            let ext = inputURL.pathExtension.lowercased()
            if ext == "csv" || ext == "tsv" {
                features = CatalogueCSVReader.read(data: data, file: inputPath, crs: .wgs84, &diagnostics) ?? []
            } else {
                features = try GeoJSONReader.parse(data: data, file: inputPath, check: .wgs84).features
            }
        } catch {
            throw CommandFailure(exitCode: ExitCode.badInput, message: "error: \(Problem(error))")
        }
        for problem in diagnostics.problems { printError("\(problem.severity.rawValue): \(problem)") }
        if diagnostics.hasErrors { return ExitCode.badInput }

        RunSupport.installInterruptHandlers()
        do {
            let writer = try GeoJSONWriter(url: outputURL, name: outputURL.deletingPathExtension().lastPathComponent)
            for feature in features {
                try writer.write(
                    geometry: feature.geometry.map { from.convert($0, to: to) }, properties: feature.properties,
                    id: feature.id)
            }
            try writer.finish()
        } catch {
            throw CommandFailure(exitCode: ExitCode.failure(error), message: "error: \(error)")
        }
        if to != .wgs84 {
            printError(
                "warning: \(outputPath) is in \(to.rawValue.uppercased()), not WGS-84: RFC 7946 readers (QGIS, GDAL) will place it off by hundreds of metres"
            )
        }
        print("\(outputPath): \(features.count) feature(s) converted from \(from.rawValue) to \(to.rawValue)")
        return ExitCode.success
    }
}
