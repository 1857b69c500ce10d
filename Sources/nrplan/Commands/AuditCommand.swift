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
        "nrplan audit --area AREA.geojson --sites SITES.geojson [--crs wgs84|gcj02|bd09] [--profile NAME [--calibration CAL.json] | --scenario SCENARIO.json] [--targets TARGETS.json] [--roads ROADS.geojson] [--cell-m M] --out DIR"
    static let discussion = """
        Sites are Point features carrying their kind, height_m and profile as properties (as the
        sites.geojson of `nrplan solve` does), or a CSV catalogue; every site is on. --scenario supplies
        the radio settings, the demand (cell size, layers, priority zones, clutter) and the exclusions
        of a scenario, and its continuity limits as targets; --profile uses one profile for every site.
        --roads (or the scenario's demand.roads) measures coverage along roads. Writes sites.geojson (the
        audited sites, WGS-84, with profile, range and footprint), holes.geojson, coverage.geojson,
        summary.json, report.md, map.svg and report.html (interactive map and tables, one self-contained
        file), and road-gaps.geojson with roads.
        """
    static let options: [OptionSpec] = [
        .value("--area", "FILE", "Planning area: Polygon/MultiPolygon features, one per district (`name`)."),
        .value("--sites", "FILE", "Sites to audit: GeoJSON points or a CSV catalogue (kind, height_m, profile)."),
        .value("--crs", "CRS", "Coordinate system of --area and --sites: wgs84 (default), gcj02 or bd09."),
        .value("--profile", "NAME", "Radio profile for every site (n78-macro, n78-small-cell, n41-macro, n28-rural)."),
        .value("--scenario", "FILE", "Scenario whose radio settings, cell size and exclusions to use."),
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
        let area = try arguments.required("--area")
        let sites = try arguments.required("--sites")
        outPath = try arguments.required("--out")
        let profile = arguments.string("--profile")
        let scenario = arguments.string("--scenario")
        if profile != nil && scenario != nil {
            throw UsageError("give --profile or --scenario, not both")
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
        var crs = CoordinateSystem.wgs84
        if let text = try arguments.choice("--crs", CoordinateSystem.geographic.map(\.rawValue)) {
            crs = CoordinateSystem(rawValue: text) ?? .wgs84
        }
        request = AuditRequest(
            area: .init(path: area), sites: .init(path: sites), crs: crs, scenario: scenario.map { .init(path: $0) },
            profileName: profile, calibration: calibration.map { .init(path: $0) },
            targets: arguments.string("--targets").map { .init(path: $0) },
            roads: arguments.string("--roads").map { .init(path: $0) },
            cellMeters: try arguments.double("--cell-m", in: 1...10_000), interference: interference,
            threads: try arguments.int("--threads", in: 1...1024) ?? RunSupport.defaultThreads)
        force = arguments.flag("--force")
        quiet = arguments.flag("--quiet")
    }

    func run() throws -> Int32 {
        let out = try RunSupport.prepareOutputFolder(outPath, force: force)
        let inputs = [request.area, request.sites] + [request.scenario, request.targets].compactMap { $0 }
        if let clash = RunSupport.inputOverwritten(by: AuditWriter.fileNames, in: out, inputs: inputs.map(\.url.path)) {
            throw CommandFailure(
                exitCode: ExitCode.badInput,
                message:
                    "error: \(clash): is an input of this audit and would be overwritten by the output of the same name; choose another --out folder"
            )
        }
        RunSupport.installInterruptHandlers()
        let result: AuditResult
        do throws(PlanningError) {
            result = try AuditPipeline.run(request, onStage: quiet ? nil : RunSupport.announceStage)
        } catch {
            throw CommandFailure(exitCode: ExitCode.badInput, message: error.description)
        }
        if !quiet { for warning in result.warnings { printError("warning: \(warning)") } }
        if !quiet { printError("nrplan: write ...") }
        try RunSupport.writeOutputs { try AuditWriter.write(result, to: out) }
        let failed = result.verdicts?.filter { !$0.passed } ?? []
        if !quiet {
            let c = result.continuity
            print(
                """
                audit         \(result.sites.count) sites on \(result.grid.cellCount) cells of \(Int(result.grid.spec.cellMeters)) m
                coverage      \(Precision.hundredths.fixed(c.coverageRatio * 100) + "%") of demand, \(c.coveredComponents) covered component(s)
                holes         \(c.holes.count) (\(c.holes.filter { !$0.touchesEdge }.count) enclosed), largest \(Precision.whole.fixed(c.largestHoleSquareMeters)) m²
                """)
            if let roads = result.roads {
                print(
                    "roads         \(roads.roads.count) road(s), longest gap \(Precision.whole.fixed(roads.longestGapMeters)) m"
                )
            }
            if let verdicts = result.verdicts {
                print("targets       \(verdicts.count - failed.count) of \(verdicts.count) hold")
            }
            print("outputs       \(outPath)/{\(AuditWriter.fileNames(for: result).joined(separator: ","))}")
        }
        for verdict in failed {
            let relation = verdict.isMinimum ? "≥" : "≤"
            printError(
                "FAILED \(verdict.target) [\(verdict.scope)]: measured \(format(verdict.measured)), required \(relation) \(format(verdict.required)), short by \(format(verdict.shortfall))"
            )
        }
        return failed.isEmpty ? ExitCode.success : ExitCode.checkFailed
    }

    func format(_ value: Double) -> String { Precision.figure.text(value) }
}
