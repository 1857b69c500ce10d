import Dispatch
import Foundation
import Geo
import Radio

/// What an audit checks: a planning area, the sites of a plan or of the built network, radio
/// settings, optional targets.
public struct AuditRequest: Sendable {
    /// A file and the name it is shown under in messages.
    public struct File: Sendable {
        public var url: URL
        public var displayName: String
        public init(url: URL, displayName: String) {
            self.url = url
            self.displayName = displayName
        }
        public init(path: String) {
            self.init(url: URL(fileURLWithPath: path), displayName: path)
        }
    }

    public var area: File
    public var sites: File
    /// Coordinate system of the area and sites files (converted to WGS-84 on reading).
    public var crs: CoordinateSystem
    /// Supplies radio settings, demand cell size and exclusions when given.
    public var scenario: File?
    /// Radio profile for every site (overrides the sites' `profile` properties and kinds).
    public var profileName: String?
    /// A calibration (`nrplan calibrate`) whose overrides apply to the built-in profiles (without
    /// a scenario; a scenario names its calibrations in `radio.calibration`).
    public var calibration: File?
    public var targets: File?
    /// Demand cell size; default: the scenario's, else 50 m.
    public var cellMeters: Double?
    /// SINR analysis settings.
    public var interference: InterferenceSettings
    public var threads: Int

    public init(
        area: File, sites: File, crs: CoordinateSystem = .wgs84, scenario: File? = nil, profileName: String? = nil,
        calibration: File? = nil, targets: File? = nil, cellMeters: Double? = nil,
        interference: InterferenceSettings = InterferenceSettings(), threads: Int
    ) {
        self.area = area
        self.sites = sites
        self.crs = crs
        self.scenario = scenario
        self.profileName = profileName
        self.calibration = calibration
        self.targets = targets
        self.cellMeters = cellMeters
        self.interference = interference
        self.threads = max(1, threads)
    }
}

/// The result of an audit.
public struct AuditResult: Sendable {
    public let request: AuditRequest
    public let districts: [District]
    /// The scenario's exclusions (none without a scenario), in WGS-84.
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
    /// Verdicts, when targets were given.
    public let verdicts: [TargetVerdict]?
    public var stageSeconds: [(name: String, seconds: Double)]
    public let warnings: [Problem]
    public let linkEvaluations: Int
    /// The calibrations the profiles carry (the scenario's, or `--calibration`).
    public let calibrations: [CalibrationReference]

    public var grid: DemandGrid { study.grid }
    /// True when every target holds (also when there are none).
    public var passed: Bool { verdicts?.allSatisfy(\.passed) ?? true }
}

/// Recomputes a network's coverage from its sites and radio profiles alone and checks its
/// continuity: the same stages — grid, coverage, continuity, field — and code as `solve`.
public enum AuditPipeline {
    /// What the `load` stage of an audit reads: the scenario (optional), area, sites with their
    /// profiles, and targets.
    struct Inputs {
        var scenario: Scenario?
        var districts: [District]
        var sites: [Site]
        var profiles: [String: RadioProfile]
        /// The calibrations the profiles carry.
        var calibrations: [CalibrationReference]
        var targets: CoverageTargets?
        var warnings: [Problem]
    }

    public static func run(_ request: AuditRequest, onStage: (@Sendable (String) -> Void)? = nil) throws(PlanningError)
        -> AuditResult
    {
        var clock = StageClock(onStage: onStage)
        let inputs = try clock.run(.load) { () throws(PlanningError) in try load(request) }
        let scenario = inputs.scenario
        let study = try clock.run(.grid) { () throws(PlanningError) in
            // The scenario's demand (layers, priority zones, clutter) when given; --cell-m replaces its cell size.
            var demand = scenario?.demand ?? DemandSettings(cellMeters: 50)
            if let cellMeters = request.cellMeters { demand.cellMeters = cellMeters }
            return try StudyArea.prepare(
                districts: inputs.districts, exclusions: scenario?.exclusions.map(\.geometry) ?? [],
                demand: demand, sourceFile: request.area.displayName, threads: request.threads)
        }
        let (placements, built) = try clock.run(.coverage) { () throws(PlanningError) in
            let placements = try RadioColumns.place(
                inputs.sites, profiles: inputs.profiles, projection: study.projection)
            let built = CoverageMatrixBuilder.build(
                sites: placements, grid: study.grid, threads: request.threads, clutter: study.layers.clutter)
            return (placements, built)
        }
        let covered = built.matrix.coveredCells(by: Array(0..<placements.count))
        let continuity = try clock.run(.continuity) { () throws(PlanningError) in
            try Continuity.analyze(grid: study.grid, covered: covered, threads: request.threads)
        }
        let field = clock.run(.field) {
            RadioField.build(
                grid: study.grid, sites: placements, settings: request.interference, clutter: study.layers.clutter,
                threads: request.threads)
        }
        return AuditResult(
            request: request, districts: inputs.districts, exclusions: scenario?.exclusions.map(\.geometry) ?? [],
            study: study, sites: inputs.sites, placements: placements, footprints: built.footprints,
            matrix: built.matrix, covered: covered, continuity: continuity, field: field,
            verdicts: inputs.targets?.evaluate(continuity, field: field), stageSeconds: clock.seconds,
            warnings: inputs.warnings + study.layers.warnings,
            linkEvaluations: built.statistics.linkEvaluations + field.linkEvaluations,
            calibrations: inputs.calibrations)
    }

    /// The `load` stage: the scenario (a radio scenario: audit recomputes coverage from radio
    /// profiles), the area and sites converted from `crs`, every site's profile, and the targets;
    /// every problem reported at once.
    static func load(_ request: AuditRequest) throws(PlanningError) -> Inputs {
        var diagnostics = Diagnostics()
        var scenario: Scenario?
        if let file = request.scenario {
            let loaded = ScenarioLoader.load(file.url, displayName: file.displayName)
            scenario = loaded.scenario
            diagnostics.merge(loaded.diagnostics)
            if let service = loaded.scenario, service.service != nil || service.frame.isPlanar {
                diagnostics.error(
                    file.displayName, field: "service",
                    expected: "a radio scenario (audit recomputes coverage from radio profiles)",
                    found:
                        "a service-radius\(service.frame.isPlanar ? ", planar" : "") scenario; its plan's sites.csv and summary.json hold the coverage"
                )
            }
        }
        // Area and sites (GeoJSON, or CSV for sites), converted from `crs`. Every site is on; its
        // profile comes from --profile, else its `profile` property, else its kind.
        let districts = InputFiles.districts(
            url: request.area.url, displayName: request.area.displayName, crs: request.crs,
            diagnostics: &diagnostics)
        var sites = InputFiles.sites(
            url: request.sites.url, displayName: request.sites.displayName, crs: request.crs,
            existing: true, radio: scenario?.radio, diagnostics: &diagnostics)
        if sites.isEmpty && !diagnostics.hasErrors {
            diagnostics.error(request.sites.displayName, message: "no site to audit: the file has no site")
        }
        if let name = request.profileName {
            for index in sites.indices { sites[index].profileName = name }
        }
        let (profiles, calibrations) = resolveProfiles(sites, scenario: scenario, request: request, &diagnostics)
        if !diagnostics.hasErrors {
            let others = CoordinateSystem.geographic.filter { $0 != request.crs }.map(\.rawValue)
            ScenarioChecks.checkSitesNearArea(
                districts: districts,
                siteFiles: [.init(file: request.sites.displayName, isCSV: Self.isCSV(request.sites), sites: sites)],
                reach: SiteReach.radio(profiles: profiles, clutter: scenario?.demand.clutter?.classes ?? []),
                crsHint:
                    "read as \(request.crs.rawValue): if the sites or the area come from another coordinate system, give --crs \(others.joined(separator: "|")) (both files are read in it)",
                &diagnostics)
        }
        var targets: CoverageTargets?
        if let file = request.targets {
            targets = CoverageTargets.load(file.url, displayName: file.displayName, &diagnostics)
        }
        if diagnostics.hasErrors { throw .invalidInput(diagnostics.problems) }
        return Inputs(
            scenario: scenario, districts: districts, sites: sites, profiles: profiles, calibrations: calibrations,
            targets: targets, warnings: diagnostics.warnings)
    }

    /// The profiles of the sites: the scenario's (with its overrides and calibrations), else the
    /// built-in ones by name with the overrides of `--calibration`; and the calibrations applied.
    /// The first site whose profile is neither is an error.
    static func resolveProfiles(
        _ sites: [Site], scenario: Scenario?, request: AuditRequest, _ diagnostics: inout Diagnostics
    ) -> (profiles: [String: RadioProfile], calibrations: [CalibrationReference]) {
        var profiles = scenario?.radio.profiles ?? [:]
        var calibrations = scenario?.radio.calibrations ?? []
        var calibrated: [String: [String: Any]] = [:]
        if let file = request.calibration,
            let read = CalibrationReference.read(
                url: file.url, displayName: file.displayName, field: "--calibration", &diagnostics)
        {
            calibrations.append(read.reference)
            calibrated = read.overrides
        }
        for name in Set(sites.map(\.profileName)).sorted() where profiles[name] == nil {
            guard RadioProfile.named(name) != nil else { continue }
            do {
                profiles[name] = try RadioProfile.resolve(
                    name: name, overrides: calibrated[name] ?? [:], source: request.calibration?.displayName ?? name)
            } catch {
                diagnostics.error(
                    request.calibration?.displayName ?? name, field: "overrides", message: error.description)
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
        return (profiles, calibrations)
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
