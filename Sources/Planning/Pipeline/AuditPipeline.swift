import Dispatch
import Foundation
import Geo
import Radio

/// The result of an audit.
public struct AuditResult: Sendable {
    public let request: AuditRequest
    public let districts: [District]
    /// The exclusions (the scenario's and `--exclusions`), in WGS-84.
    public let exclusions: [Geometry]
    public let study: StudyArea
    /// The audited sites (every one is on) and their placements.
    public let sites: [Site]
    public let placements: [SitePlacement]
    public let footprints: [SiteFootprint]
    public let matrix: CoverageMatrix
    public let covered: [Bool]
    /// Holes, covered components and per-district coverage.
    public let continuity: Continuity
    /// Best server, RSRP, SINR and overlap on every cell.
    public let field: RadioField
    /// Verdicts, when targets were given or the scenario has continuity limits (checked after the
    /// targets).
    public let verdicts: [TargetVerdict]?
    /// Busy-hour load and capacity per site, when the scenario has a `capacity` section.
    public var capacity: SiteLoads?
    public var stageSeconds: [(name: String, seconds: Double)]
    public let warnings: [Problem]
    public let linkEvaluations: Int
    /// The roads' coverage and uncovered stretches, when roads were given (`--roads` or the scenario's).
    public var roads: RoadReport? = nil
    /// The road-gap limit a road stretch is judged against (the scenario's, else the targets').
    public var roadGapLimitMeters: Double? = nil
    /// Every input file read (scenario and the files it names, area, sites, exclusions, targets).
    public let inputs: [InputFile]
    /// The profiles, threshold, heights and defaults the audit assumed.
    public let assumptions: RadioAssumptions
    /// The calibrations the profiles carry (the scenario's, or `--calibration`).
    public let calibrations: [CalibrationReference]

    public var grid: DemandGrid { study.grid }
    /// True when every target holds (also when there are none).
    public var passed: Bool { verdicts?.allSatisfy(\.passed) ?? true }
}

/// Recomputes a network's coverage from its sites and radio profiles alone and checks its
/// continuity: the same stages — grid, coverage, continuity, field — and code as `solve`.
public enum AuditPipeline {
    /// What the `load` stage of an audit reads: the scenario (optional), area, exclusions, sites
    /// with their profiles, and targets.
    struct Inputs {
        var scenario: Scenario?
        var districts: [District]
        var exclusions: [Geometry]
        var sites: [Site]
        var profiles: [String: RadioProfile]
        /// The calibrations the profiles carry.
        var calibrations: [CalibrationReference]
        /// The fields `--calibration` set, by profile.
        var calibratedFields: [String: [String]]
        var targets: CoverageTargets?
        var roads: RoadSettings?
        var warnings: [Problem]
        var files: [InputFile]
    }

    /// Runs the audit.
    /// - Parameters:
    ///   - onStage: called at the start of each stage with its name.
    ///   - onProgress: called with the counts of the coverage (sites), continuity and field (cells)
    ///     stages, from worker threads (keep it cheap).
    public static func run(
        _ request: AuditRequest, onStage: (@Sendable (String) -> Void)? = nil,
        onProgress: (@Sendable (StageProgress) -> Void)? = nil
    ) throws(PlanningError) -> AuditResult {
        var clock = StageClock(onStage: onStage)
        let inputs = try clock.run(.load) { () throws(PlanningError) in try load(request) }
        let scenario = inputs.scenario
        let study = try clock.run(.grid) { () throws(PlanningError) in
            // The scenario's demand (layers, priority zones, clutter) when given; --cell-m replaces its cell size.
            var demand = scenario?.demand ?? DemandSettings(cellMeters: 50)
            if let cellMeters = request.cellMeters { demand.cellMeters = cellMeters }
            return try StudyArea.prepare(
                districts: inputs.districts, exclusions: inputs.exclusions, demand: demand,
                sourceFile: request.area?.displayName ?? scenario?.file ?? "area", threads: request.threads)
        }
        let (placements, built) = try clock.run(.coverage) { () throws(PlanningError) in
            let placements = try RadioColumns.place(
                inputs.sites, profiles: inputs.profiles, projection: study.projection)
            let built = CoverageMatrixBuilder.build(
                sites: placements, grid: study.grid, threads: request.threads, clutter: study.layers.clutter,
                progress: counting(PipelineStage.coverage, total: placements.count, unit: "sites", onProgress))
            return (placements, built)
        }
        let covered = built.matrix.coveredCells(by: Array(0..<placements.count))
        let (continuity, roads) = try clock.run(.continuity) { () throws(PlanningError) in
            var roads: RoadReport?
            if let settings = inputs.roads, !settings.roads.isEmpty {
                let network = try RoadNetwork.build(
                    settings, districts: inputs.districts, projection: study.projection, threads: request.threads)
                let (starts, rows) = network.coverage(
                    placements: placements, settings: settings, spec: study.grid.spec, threads: request.threads)
                roads = RoadReport.measure(
                    network,
                    coveredRow: RoadColumns(network: network, starts: starts, rows: rows).coveredRows(
                        by: Array(placements.indices)))
            }
            return (
                try Continuity.analyze(
                    grid: study.grid, covered: covered, threads: request.threads, onProgress: onProgress),
                roads
            )
        }
        let field = clock.run(.field) {
            RadioField.build(
                grid: study.grid, sites: placements, settings: request.interference, clutter: study.layers.clutter,
                threads: request.threads,
                progress: counting(PipelineStage.field, total: study.grid.cellCount, unit: "cells", onProgress))
        }
        var verdicts = inputs.targets?.evaluate(continuity, field: field, roads: roads)
        if let limits = scenario?.continuity, !limits.isEmpty {
            verdicts = (verdicts ?? []) + limits.verdicts(continuity, roads: roads)
        }
        // Profiles the scenario does not list (a --profile, a site's own) took its common fields.
        var overridden = scenario?.radio.overriddenFields ?? [:]
        let common = (scenario?.radio.commonOverrides.keys).map { Array($0).sorted() } ?? []
        for name in inputs.profiles.keys where overridden[name] == nil {
            overridden[name] = Set(common).union(inputs.calibratedFields[name] ?? []).sorted()
        }
        let assumptions = RadioAssumptions(
            sites: inputs.sites, placements: placements, footprints: built.footprints, overridden: overridden)
        var result = AuditResult(
            request: request, districts: inputs.districts, exclusions: inputs.exclusions, study: study,
            sites: inputs.sites, placements: placements, footprints: built.footprints, matrix: built.matrix,
            covered: covered, continuity: continuity, field: field,
            verdicts: verdicts, stageSeconds: clock.seconds,
            warnings: inputs.warnings + study.layers.warnings + assumptions.validityWarnings,
            linkEvaluations: built.statistics.linkEvaluations + field.linkEvaluations, roads: roads,
            roadGapLimitMeters: scenario?.continuity.maxRoadGapMeters ?? inputs.targets?.maxRoadGapMeters,
            inputs: inputs.files, assumptions: assumptions, calibrations: inputs.calibrations)
        if let settings = scenario?.capacity {
            let (traffic, _) = CapacitySiting.traffic(
                settings, grid: study.grid, demand: DemandSettings(cellMeters: study.grid.spec.cellMeters))
            result.capacity = SiteLoads(
                settings: settings, trafficMbps: traffic, matrix: built.matrix, placements: placements)
        }
        return result
    }

    /// A callback adding finished units to a `ProgressCounter` of `stage`, or nil without `report`.
    static func counting(
        _ stage: PipelineStage, total: Int, unit: String, _ report: (@Sendable (StageProgress) -> Void)?
    ) -> (@Sendable (Int) -> Void)? {
        guard let report else { return nil }
        let counter = ProgressCounter(stage: stage.rawValue, total: total, unit: unit, report: report)
        return { counter.add($0) }
    }

    /// The `load` stage: the scenario (a radio scenario: audit recomputes coverage from radio
    /// profiles), the area (`--area`, else the scenario's) and exclusions (the scenario's and
    /// `--exclusions`), the sites converted from their coordinate system, every site's profile,
    /// and the targets; every problem reported at once.
    static func load(_ request: AuditRequest) throws(PlanningError) -> Inputs {
        var diagnostics = Diagnostics()
        var files: [InputFile] = []
        let scenario = loadScenario(request, &diagnostics, &files)
        var districts = scenario?.districts ?? []
        if let area = request.area {
            districts = InputFiles.districts(
                url: area.url, displayName: area.displayName, crs: request.areaCRS, diagnostics: &diagnostics,
                inputs: &files)
        } else if scenario != nil && districts.isEmpty {
            diagnostics.error(
                "(command line)", field: "--area",
                expected: "a planning area (--area FILE, or an `area` in the scenario)", found: "nothing")
        }
        var exclusions = scenario?.exclusions.map(\.geometry) ?? []
        for file in request.exclusions {
            exclusions += InputFiles.exclusions(
                url: file.url, displayName: file.displayName, crs: request.exclusionsCRS, diagnostics: &diagnostics,
                inputs: &files
            ).map(\.geometry)
        }
        var sites = InputFiles.sites(
            url: request.sites.url, displayName: request.sites.displayName, crs: request.sitesCRS,
            existing: true, radio: scenario?.radio, diagnostics: &diagnostics, inputs: &files)
        if sites.isEmpty && !diagnostics.hasErrors {
            diagnostics.error(request.sites.displayName, message: "no site to audit: the file has no site")
        }
        if let name = request.profileName {
            for index in sites.indices {
                sites[index].profileName = name
                sites[index].defaulted.remove(.profile)
            }
        }
        let (profiles, calibrations, calibratedFields) = resolveProfiles(
            sites, scenario: scenario, request: request, &diagnostics, &files)
        if !diagnostics.hasErrors {
            ScenarioChecks.checkSitesNearArea(
                districts: districts,
                siteFiles: [.init(file: request.sites.displayName, isCSV: Self.isCSV(request.sites), sites: sites)],
                reach: SiteReach.radio(profiles: profiles, clutter: scenario?.demand.clutter?.classes ?? []),
                crsHint: crsHint(request), &diagnostics)
        }
        var targets: CoverageTargets?
        if let file = request.targets {
            targets = CoverageTargets.load(file.url, displayName: file.displayName, &diagnostics)
            if let data = try? Data(contentsOf: file.url) {
                files.append(InputFile(name: file.displayName, role: "--targets", data: data))
            }
        }
        var roads = scenario?.demand.roads
        if let file = request.roads {
            roads = InputFiles.roads(
                url: file.url, displayName: file.displayName, crs: request.areaCRS, profiles: profiles,
                cellMeters: request.cellMeters ?? scenario?.demand.cellMeters ?? 50, diagnostics: &diagnostics,
                inputs: &files)
        } else if let settings = roads, !sites.isEmpty {
            // The scenario's road entries judge with its profiles; an audited site may use another
            // (built-in) one: it serves entries open to every site, outdoors.
            for name in Set(sites.map(\.profileName)).sorted() {
                guard var profile = profiles[name] else { continue }
                profile.penetration = .none
                for e in settings.entries.indices
                where settings.entries[e].servingProfile == nil && settings.entries[e].judgedProfiles[name] == nil {
                    roads?.entries[e].judgedProfiles[name] = profile
                }
            }
        }
        if targets?.maxRoadGapMeters != nil && (roads?.roads.isEmpty ?? true) {
            diagnostics.error(
                request.targets?.displayName ?? "", field: "max_road_gap_m",
                expected: "roads to measure (--roads FILE, or a scenario with demand.roads)", found: "no road")
        }
        if diagnostics.hasErrors { throw .invalidInput(diagnostics.problems) }
        return Inputs(
            scenario: scenario, districts: districts, exclusions: exclusions, sites: sites, profiles: profiles,
            calibrations: calibrations, calibratedFields: calibratedFields, targets: targets, roads: roads,
            warnings: diagnostics.warnings, files: files)
    }

    /// The scenario of `--scenario` (read for an audit: no candidates or objective needed), which
    /// must be a radio scenario.
    static func loadScenario(_ request: AuditRequest, _ diagnostics: inout Diagnostics, _ files: inout [InputFile])
        -> Scenario?
    {
        guard let file = request.scenario else { return nil }
        let loaded = ScenarioLoader.load(file.url, displayName: file.displayName, purpose: .audit)
        diagnostics.merge(loaded.diagnostics)
        guard let scenario = loaded.scenario else { return nil }
        files += scenario.inputs
        if scenario.service != nil || scenario.frame.isPlanar {
            diagnostics.error(
                file.displayName, field: "service",
                expected: "a radio scenario (audit recomputes coverage from radio profiles)",
                found:
                    "a service-radius\(scenario.frame.isPlanar ? ", planar" : "") scenario; its plan's sites.csv and summary.json hold the coverage"
            )
        }
        return scenario
    }

    /// The profiles of the sites: the scenario's (with its overrides and calibrations), else the
    /// built-in ones by name with the scenario's threshold and reliability and the overrides of
    /// `--calibration` (recorded as an input); the calibrations applied, and the fields
    /// `--calibration` set per profile. The first site whose profile is neither is an error.
    static func resolveProfiles(
        _ sites: [Site], scenario: Scenario?, request: AuditRequest, _ diagnostics: inout Diagnostics,
        _ files: inout [InputFile]
    ) -> (profiles: [String: RadioProfile], calibrations: [CalibrationReference], calibratedFields: [String: [String]])
    {
        var profiles = scenario?.radio.profiles ?? [:]
        let common = scenario?.radio.commonOverrides ?? [:]
        var calibrations = scenario?.radio.calibrations ?? []
        var calibrated: [String: [String: Any]] = [:]
        if let file = request.calibration, let data = try? Data(contentsOf: file.url) {
            files.append(InputFile(name: file.displayName, role: "--calibration", data: data))
        }
        if let file = request.calibration,
            let read = CalibrationReference.read(
                url: file.url, displayName: file.displayName, field: "--calibration", &diagnostics)
        {
            calibrations.append(read.reference)
            calibrated = read.overrides
        }
        var calibratedFields: [String: [String]] = [:]
        for name in Set(sites.map(\.profileName)).sorted() where profiles[name] == nil {
            guard RadioProfile.named(name) != nil else { continue }
            var overrides: [String: Any] = common
            for (key, value) in calibrated[name] ?? [:] { overrides[key] = value }
            calibratedFields[name] = (calibrated[name] ?? [:]).keys.sorted()
            let source =
                request.calibration?.displayName ?? "\(scenario?.file ?? "(command line)"): radio (profile '\(name)')"
            do {
                profiles[name] = try RadioProfile.resolve(name: name, overrides: overrides, source: source)
            } catch {
                diagnostics.error(source, field: "overrides", message: error.description)
            }
        }
        for site in sites where profiles[site.profileName] == nil {
            let source = request.profileName != nil ? "--profile" : "profile"
            diagnostics.error(
                request.profileName != nil ? "(command line)" : site.sourceFile,
                request.profileName != nil ? nil : site.sourceLocation, field: source,
                expected: "a known radio profile (\(RadioProfile.builtInNames.joined(separator: ", ")))",
                found: "'\(site.profileName)'")
            break
        }
        return (profiles, calibrations, calibratedFields)
    }

    /// What to try when the sites miss the area: the systems the two files were read in, and the
    /// options that change them.
    static func crsHint(_ request: AuditRequest) -> String {
        let systems = CoordinateSystem.geographic.map(\.rawValue).joined(separator: "|")
        let read =
            request.areaCRS == request.sitesCRS
            ? "read as \(request.sitesCRS.rawValue)"
            : "sites read as \(request.sitesCRS.rawValue), area as \(request.areaCRS.rawValue)"
        return
            "\(read): if the sites or the area come from another coordinate system, give --sites-crs or --area-crs \(systems) (--crs for both)"
    }

    /// Whether a site file is read as CSV (its coordinates are then columns, not GeoJSON): the
    /// loader's own rule.
    static func isCSV(_ file: AuditRequest.File) -> Bool {
        ScenarioLoader.FileReference(
            path: file.url.path, displayName: file.displayName, url: file.url, crs: .wgs84, field: "sites",
            options: nil
        ).isCSV
    }
}
