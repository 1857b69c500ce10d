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
    /// Supplies radio settings, demand cell size and exclusions when given.
    public var scenario: File?
    /// Radio profile for every site (overrides the sites' `profile` properties and kinds).
    public var profileName: String?
    public var targets: File?
    /// Demand cell size; default: the scenario's, else 50 m.
    public var cellMeters: Double?
    /// SINR analysis settings.
    public var interference: InterferenceSettings
    public var threads: Int

    public init(area: File, sites: File, scenario: File? = nil, profileName: String? = nil, targets: File? = nil,
                cellMeters: Double? = nil, interference: InterferenceSettings = InterferenceSettings(), threads: Int) {
        self.area = area
        self.sites = sites
        self.scenario = scenario
        self.profileName = profileName
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
    public let study: StudyArea
    /// The audited sites (every one is on) and their placements.
    public let sites: [Site]
    public let placements: [SitePlacement]
    public let footprints: [SiteFootprint]
    public let matrix: CoverageMatrix
    public let covered: [Bool]
    public let assessment: NetworkAssessment
    /// Verdicts, when targets were given.
    public let verdicts: [TargetVerdict]?
    public var stageSeconds: [(name: String, seconds: Double)]
    public let warnings: [Problem]
    public let linkEvaluations: Int

    public var grid: DemandGrid { study.grid }
    /// True when every target holds (also when there are none).
    public var passed: Bool { verdicts?.allSatisfy(\.passed) ?? true }
}

/// Recomputes a network's coverage from its sites and radio profiles alone and checks its
/// continuity: the same grid, coverage matrix and assessment code as `solve`.
public enum AuditPipeline {
    public static func run(_ request: AuditRequest, onStage: (@Sendable (String) -> Void)? = nil) throws(PlanningError) -> AuditResult {
        var stages: [(name: String, seconds: Double)] = []
        var clock = DispatchTime.now()
        func endStage(_ name: String) {
            stages.append((name, SitingPipeline.seconds(since: clock)))
            clock = DispatchTime.now()
        }
        onStage?("load")
        var diagnostics = Diagnostics()
        var scenario: Scenario?
        if let file = request.scenario {
            scenario = ScenarioLoader.load(file.url, displayName: file.displayName, diagnostics: &diagnostics)
        }
        // Area.
        var districts: [District] = []
        do {
            let layer = try GeoJSONReader.read(contentsOf: request.area.url, displayName: request.area.displayName, check: .wgs84)
            for warning in layer.warnings { diagnostics.warning(warning.file, warning.location, message: warning.message) }
            districts = ScenarioLoader.polygonLayer(layer, file: request.area.displayName, role: "area", &diagnostics).map { item in
                District(name: item.name ?? "area \(item.index)", geometry: item.geometry, properties: item.properties)
            }
            if districts.isEmpty && !diagnostics.hasErrors {
                diagnostics.error(request.area.displayName, message: "the planning area is empty: no Polygon or MultiPolygon feature")
            }
        } catch {
            diagnostics.add(Problem(error))
        }
        // Sites: every one is on; profile from --profile, else the site's `profile`, else its kind.
        var sites: [Site] = []
        do {
            let layer = try GeoJSONReader.read(contentsOf: request.sites.url, displayName: request.sites.displayName, check: .wgs84)
            for warning in layer.warnings { diagnostics.warning(warning.file, warning.location, message: warning.message) }
            sites = SiteReader.sites(from: layer, file: request.sites.displayName, existing: true, radio: scenario?.radio, &diagnostics)
            SiteReader.checkUniqueIds(sites, &diagnostics)
            if sites.isEmpty && !diagnostics.hasErrors {
                diagnostics.error(request.sites.displayName, message: "no site to audit: the file has no Point feature")
            }
        } catch {
            diagnostics.add(Problem(error))
        }
        if let name = request.profileName {
            for index in sites.indices { sites[index].profileName = name }
        }
        // Profiles: the scenario's (with its overrides), else the built-in ones by name.
        var profiles = scenario?.radio.profiles ?? [:]
        for name in Set(sites.map(\.profileName)).sorted() where profiles[name] == nil {
            if let profile = RadioProfile.named(name) {
                profiles[name] = profile
            }
        }
        for site in sites where profiles[site.profileName] == nil {
            let source = request.profileName != nil ? "--profile" : "profile"
            diagnostics.error(request.profileName != nil ? "(command line)" : site.sourceFile,
                              request.profileName != nil ? nil : site.sourceLocation, field: source,
                              expected: "a known radio profile (\(RadioProfile.builtInNames.joined(separator: ", ")))",
                              found: "'\(site.profileName)'")
            break
        }
        var targets: CoverageTargets?
        if let file = request.targets {
            targets = CoverageTargets.load(file.url, displayName: file.displayName, &diagnostics)
        }
        if diagnostics.hasErrors { throw .invalidInput(diagnostics.problems) }
        endStage("load")

        onStage?("grid")
        let cellMeters = request.cellMeters ?? scenario?.demand.cellMeters ?? 50
        let study = try StudyArea.prepare(districts: districts, exclusions: scenario?.exclusions.map(\.geometry) ?? [],
                                          cellMeters: cellMeters, sourceFile: request.area.displayName, threads: request.threads)
        endStage("grid")

        onStage?("coverage")
        var placements: [SitePlacement] = []
        for site in sites {
            guard let profile = profiles[site.profileName] else { continue }
            placements.append(SitePlacement(position: study.projection.project(GeoJSONWriter.rounded(site.location)),
                                            heightMeters: site.heightMeters, profile: profile))
        }
        let built = CoverageMatrixBuilder.build(sites: placements, grid: study.grid, threads: request.threads)
        let covered = built.matrix.coveredCells(by: Array(0..<placements.count))
        endStage("coverage")

        onStage?("continuity")
        let assessment = try NetworkAssessor.assess(grid: study.grid, covered: covered, sites: placements,
                                                    interference: request.interference, threads: request.threads)
        let verdicts = targets?.evaluate(assessment)
        endStage("continuity")

        return AuditResult(request: request, districts: districts, study: study, sites: sites, placements: placements,
                           footprints: built.footprints, matrix: built.matrix, covered: covered, assessment: assessment,
                           verdicts: verdicts, stageSeconds: stages, warnings: diagnostics.warnings,
                           linkEvaluations: built.statistics.linkEvaluations + (assessment.field?.linkEvaluations ?? 0))
    }
}
