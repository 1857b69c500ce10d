import Foundation
import Geo
import Planning
import Reporting
import Support

/// `nrplan audit`: recompute a network's coverage from its sites and radio profiles alone, find
/// every hole, and check continuity targets.
struct AuditCommand: Command {
    static let name = "audit"
    static let abstract = "Recompute a plan's or network's coverage, find every hole, check targets (exit 1 on a miss)."
    static let usage =
        "nrplan audit --sites SITES [--area AREA.geojson] [--scenario SCENARIO.json] [--profile NAME] [--calibration CAL.json] [--exclusions FILE]... [--crs|--area-crs|--sites-crs wgs84|gcj02|bd09] [--targets TARGETS.json] [--roads ROADS.geojson] [--cell-m M] --out DIR"
    static let discussion = """
        Sites are Point features carrying their kind, height_m and profile as properties (as the
        sites.geojson of `nrplan solve` does), or a CSV catalogue; every site is on. --scenario supplies
        the radio settings, the demand (cell size, layers, priority zones, clutter), the exclusions and,
        without --area, the planning area of a scenario (its candidates and objective are not needed);
        --profile gives every site one profile, with the scenario's threshold, reliability and overrides
        when both are given. --crs sets the coordinate system of the area and sites files, --area-crs and
        --sites-crs each one (a WGS-84 area with a BD-09 site table). summary.json and report.md record
        the profiles, threshold, heights and every default applied, and each input's SHA-256. Writes
        sites.geojson (the audited sites, WGS-84, with profile, range and footprint), holes.geojson,
        coverage.geojson, summary.json, report.md, map.svg and report.html (interactive map and tables,
        one self-contained file), and road-gaps.geojson with roads.
        """
    static let outputs = AuditWriter.fileNames
    static let outputsNote = "With roads (--roads or the scenario's demand.roads) also \(PlanWriter.roadGapsFileName)."
    static let options: [OptionSpec] = [
        .value("--sites", "FILE", "Sites to audit: GeoJSON points or a CSV catalogue (kind, height_m, profile)."),
        .value(
            "--area", "FILE",
            "Planning area: Polygon/MultiPolygon features, one per district (default: the scenario's)."),
        .value("--scenario", "FILE", "Scenario whose radio settings, demand, exclusions (and area) to use."),
        .value("--profile", "NAME", "Radio profile for every site (n78-macro, n78-small-cell, n41-macro, n28-rural)."),
        .value(
            "--exclusions", "FILE", "Polygons with no demand (parks, water), besides the scenario's.", repeatable: true),
        .value("--crs", "CRS", "Coordinate system of --area and --sites: wgs84 (default), gcj02 or bd09."),
        .value("--area-crs", "CRS", "Coordinate system of --area (overrides --crs)."),
        .value("--sites-crs", "CRS", "Coordinate system of --sites (overrides --crs)."),
        .value("--exclusions-crs", "CRS", "Coordinate system of --exclusions (default: --crs, else wgs84)."),
        .value(
            "--calibration", "FILE",
            "calibration.json of nrplan calibrate: its overrides apply to the profiles (no --scenario)."),
        .value("--targets", "FILE", "Continuity targets to check (seeds/continuity-targets.json is an example)."),
        .value(
            "--roads", "FILE", "Roads to measure: LineStrings with a `name` (default: the scenario's demand.roads)."),
        .value("--cell-m", "M", "Demand cell size in metres (default: the scenario's, else 50)."),
        .value("--load", "F", "Load of interfering sites for the SINR, 0-1 (default 0.5)."),
        .value("--sinr-threshold-db", "DB", "SINR whose share of cells is reported (default -3)."),
        .value("--out", "DIR", "Folder for the outputs (created; must be empty unless --force)."),
        .value("--threads", "N", "Worker threads (default: all cores); results do not depend on it."),
        .flag("--force", "Write into a non-empty output folder."),
        .flag("--quiet", "No progress or summary output (the exit code still tells)."),
    ]

    static let exitCodes: [(code: String, meaning: String)] =
        [
            ("0", "every target holds (or none given)"), ("1", "a target is missed (the outputs are written)"),
        ] + ExitCode.ofWriters.dropFirst()

    let request: AuditRequest
    let outPath: String
    let force: Bool
    let quiet: Bool

    init(arguments: ParsedArguments) throws(UsageError) {
        _ = try arguments.positionals(exactly: [])
        let sites = try arguments.required("--sites")
        outPath = try arguments.required("--out")
        let scenario = arguments.string("--scenario")
        let area = arguments.string("--area")
        if area == nil && scenario == nil {
            throw UsageError("missing required option '--area' (or a --scenario with an area)")
        }
        let calibration = arguments.string("--calibration")
        if calibration != nil && scenario != nil {
            throw UsageError(
                "--calibration goes without --scenario (a scenario names its calibration in radio.calibration)")
        }
        var interference = InterferenceSettings()
        if let load = try arguments.double("--load", in: 0...1) { interference.loadFraction = load }
        if let threshold = try arguments.double("--sinr-threshold-db", in: -50...60) {
            interference.sinrThresholdDB = threshold
        }
        let both = try Self.crs(arguments, "--crs") ?? .wgs84
        request = AuditRequest(
            area: area.map { .init(path: $0) }, sites: .init(path: sites),
            areaCRS: try Self.crs(arguments, "--area-crs") ?? both,
            sitesCRS: try Self.crs(arguments, "--sites-crs") ?? both,
            exclusions: arguments.strings("--exclusions").map { .init(path: $0) },
            exclusionsCRS: try Self.crs(arguments, "--exclusions-crs") ?? both,
            scenario: scenario.map { .init(path: $0) }, profileName: arguments.string("--profile"),
            calibration: calibration.map { .init(path: $0) },
            targets: arguments.string("--targets").map { .init(path: $0) },
            roads: arguments.string("--roads").map { .init(path: $0) },
            cellMeters: try arguments.double("--cell-m", in: 1...10_000), interference: interference,
            threads: try arguments.int("--threads", in: 1...1024) ?? RunSupport.defaultThreads)
        force = arguments.flag("--force")
        quiet = arguments.flag("--quiet")
    }

    /// A geographic coordinate system option, or nil when absent.
    static func crs(_ arguments: ParsedArguments, _ name: String) throws(UsageError) -> CoordinateSystem? {
        try arguments.choice(name, CoordinateSystem.geographic.map(\.rawValue)).flatMap(
            CoordinateSystem.init(rawValue:))
    }

    func run() throws -> Int32 {
        let out = try RunSupport.prepareOutputFolder(outPath, force: force)
        let inputs = [request.sites] + [request.area, request.scenario, request.targets].compactMap { $0 }
        if let clash = RunSupport.inputOverwritten(by: AuditWriter.fileNames, in: out, inputs: inputs.map(\.url.path)) {
            throw CommandFailure(
                exitCode: ExitCode.badInput,
                message:
                    "error: \(clash): is an input of this audit and would be overwritten by the output of the same name; choose another --out folder"
            )
        }
        RunSupport.installInterruptHandlers()
        let progress = ProgressDisplay(mode: ProgressDisplay.mode(quiet: quiet))
        RunSupport.activeProgress = progress
        defer { progress.finish() }
        let result: AuditResult
        do throws(PlanningError) {
            result = try AuditPipeline.run(request, onStage: progress.onStage, onProgress: progress.onProgress)
        } catch {
            progress.finish()
            throw CommandFailure(exitCode: ExitCode.badInput, message: error.description)
        }
        progress.begin("write")
        try RunSupport.writeOutputs { try AuditWriter.write(result, to: out) }
        progress.finish()
        if !quiet {
            for line in Problem.lines(result.warnings) { printError(line) }
            print(summary(result))
        }
        let failed = result.verdicts?.filter { !$0.passed } ?? []
        for verdict in failed {
            let relation = verdict.isMinimum ? "≥" : "≤"
            printError(
                "FAILED \(verdict.target) [\(verdict.scope)]: measured \(format(verdict.measured)), required \(relation) \(format(verdict.required)), short by \(format(verdict.shortfall))"
            )
        }
        return failed.isEmpty ? ExitCode.success : ExitCode.checkFailed
    }

    /// The lines printed on standard output.
    func summary(_ result: AuditResult) -> String {
        let c = result.continuity
        var lines = [
            "audit         \(result.sites.count) sites on \(result.grid.cellCount) cells of \(Int(result.grid.spec.cellMeters)) m",
            "coverage      \(Precision.hundredths.fixed(c.coverageRatio * 100) + "%") of demand, \(c.coveredComponents) covered component(s)",
            "holes         \(c.holes.count) (\(c.holes.filter { !$0.touchesEdge }.count) enclosed), largest \(Precision.whole.fixed(c.largestHoleSquareMeters)) m²",
        ]
        if let roads = result.roads {
            lines.append(
                "roads         \(roads.roads.count) road(s), longest gap \(Precision.whole.fixed(roads.longestGapMeters)) m"
            )
        }
        lines += RunSupport.assumedLines(result.assumptions, profileOption: result.request.profileName)
        if let verdicts = result.verdicts {
            lines.append("targets       \(verdicts.filter(\.passed).count) of \(verdicts.count) hold")
        }
        lines.append("outputs       \(outPath)/{\(AuditWriter.fileNames(for: result).joined(separator: ","))}")
        return lines.joined(separator: "\n")
    }

    func format(_ value: Double) -> String { Precision.figure.text(value) }
}
