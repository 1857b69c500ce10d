import Foundation
import Geo
import Radio
import Support

/// Reads a scenario file and every input it names, checking all of it and reporting every
/// problem with its file, feature or CSV line, field, expectation and finding.
///
/// `load(_:displayName:contents:)` is the one way in: `nrplan solve` (`SitingPipeline.run(scenarioAt:)`),
/// `validate` and `audit`, the tests, the benchmarks and the fuzz harness all call it, so they accept
/// and reject exactly the same inputs with the same messages. It reads one scenario section at a
/// time — `loadName`, `loadRadio`, `loadObjective`, `loadContinuityLimits`, `loadSeed`, `loadService`,
/// `loadSolver`, `loadGreenfield`, `loadArea`, `loadExclusions`, `loadCandidates`, `loadExisting`,
/// `loadDemand` (with its layers, priority zones, clutter and points), `loadRoads` — collecting every
/// problem rather than stopping at the first, then runs the checks across sections and files
/// (`checkSites`, `checkContinuity`, `ScenarioChecks`).
///
/// File references are relative to the scenario file's folder. See docs/scenario.md for the
/// schema; `schema/scenario.schema.json` is its JSON Schema. Files named on the command line rather
/// than in a scenario (the sites and area `audit` checks, the points `cluster` groups) are read by
/// `InputFiles` with the same readers.
public enum ScenarioLoader {
    /// The keys a scenario's top level may have.
    static let topLevelKeys: Set<String> = [
        "name", "area", "candidates", "existing", "exclusions", "demand", "radio", "objective", "seed", "crs",
        "service", "solver", "$schema", "description", "greenfield", "capacity",
    ]

    /// What a scenario is read for.
    public enum Purpose: Sendable {
        /// A siting job (`solve`, `validate`): candidates (or a lattice) and an objective are required.
        case solve
        /// The settings of an audit (`audit --scenario`): area, demand, radio and exclusions are read
        /// as for a solve; candidates and objective may be left out (an audit reads neither), and
        /// the area too when `--area` gives it.
        case audit
    }

    /// Reads and checks the scenario at `url` and every file it names.
    ///
    /// - Parameters:
    ///   - displayName: how messages name the scenario file (default: its path); file references
    ///     are resolved relative to its folder.
    ///   - contents: the scenario's bytes when they are in memory already (the fuzz harness);
    ///     default: read from `url`.
    ///   - purpose: `.audit` relaxes what only a siting job needs.
    /// - Returns: the scenario when no error was found (warnings may remain), and every problem.
    ///   - threads: threads for reading large input files (the same scenario and messages on any number).
    public static func load(
        _ url: URL, displayName: String? = nil, contents: Data? = nil, purpose: Purpose = .solve, threads: Int = 1
    ) -> LoadedScenario {
        let file = displayName ?? url.path
        var diagnostics = Diagnostics()
        var scenario: Scenario?
        if let data = contents ?? readScenarioFile(url, file: file, &diagnostics) {
            // Files are read next to the scenario, whatever name it is shown under.
            let folder = displayName == nil ? nil : url.deletingLastPathComponent()
            scenario = load(data: data, file: file, purpose: purpose, folder: folder, threads: threads, &diagnostics)
        }
        return LoadedScenario(file: file, scenario: scenario, diagnostics: diagnostics)
    }

    /// The bytes of the scenario file, or nil with the problem recorded.
    static func readScenarioFile(_ url: URL, file: String, _ diagnostics: inout Diagnostics) -> Data? {
        do {
            return try GeoJSONReader.readFile(url, displayName: file)
        } catch {
            diagnostics.add(Problem(error))
            return nil
        }
    }

    /// Reads a scenario from its bytes, section by section; nil exactly when an error was found
    /// (the property the fuzz harness checks).
    ///
    /// The order of the sections is the order of the problems a planner sees.
    static func load(
        data: Data, file: String, purpose: Purpose = .solve, folder: URL? = nil, threads: Int = 1,
        _ diagnostics: inout Diagnostics
    ) -> Scenario? {
        guard let fields = parseTopLevel(data, file: file, &diagnostics) else { return nil }
        fields.warnUnknownKeys(topLevelKeys, &diagnostics)
        var inputs = [InputFile(name: file, role: "scenario", data: data)]
        var files = LoadContext(scenarioFile: file, defaultCRS: defaultCRS(fields, &diagnostics), purpose: purpose)
        files.folder = folder
        files.threads = threads

        let name = loadName(fields, &diagnostics)
        var radio = loadRadio(fields, files: files, &diagnostics, &inputs)
        let objective = loadObjective(fields, required: purpose == .solve, &diagnostics)
        let continuity = loadContinuityLimits(fields, &diagnostics)
        let seed = loadSeed(fields, &diagnostics)
        let service = loadService(fields, &diagnostics)
        let solver = loadSolver(fields, &diagnostics)
        let greenfield = loadGreenfield(fields, radio: &radio, planar: files.defaultCRS.isPlanar, &diagnostics)
        let area = loadArea(fields, files: files, &diagnostics, &inputs)
        let exclusions = loadExclusions(fields, files: files, &diagnostics, &inputs)
        let candidates = loadCandidates(fields, service: service, radio: radio, files: files, &diagnostics, &inputs)
        let existing = loadExisting(fields, service: service, radio: radio, files: files, &diagnostics, &inputs)
        checkSites(
            candidates + existing, fields: fields, service: service, radio: radio, threads: threads, &diagnostics)
        var demand = loadDemand(fields, files: files, &diagnostics, &inputs)
        let roads = loadRoads(
            fields, radio: radio, cellMeters: demand?.cellMeters, files: files, &diagnostics, &inputs)
        demand?.roads = roads
        let capacity = loadCapacity(fields, files: files, &diagnostics, &inputs)
        checkCombinations(
            capacity: capacity, service: service, phases: objective?.phases ?? [], continuity: continuity,
            roads: roads != nil, fields: fields, &diagnostics)
        var districts = area.districts
        if !area.named, let points = demand?.points {
            // No area: the points (and the lattice) span the planning area.
            districts = [pointsDistrict(points, lattice: service?.lattice, margin: (demand?.cellMeters ?? 0) / 2)]
        }
        checkPlanarJobHasService(fields, planar: files.defaultCRS.isPlanar, &diagnostics)
        checkContinuity(
            continuity, greenfield: greenfield, demand: demand, districts: districts, fields: fields, &diagnostics)
        ScenarioChecks.checkSitesNearArea(
            districts: districts, siteFiles: candidates + existing, planar: files.defaultCRS.isPlanar,
            marginMeters: service.map { max($0.maximumRadiusMeters, 1) },
            reach: service.map(SiteReach.service)
                ?? SiteReach.radio(profiles: radio?.profiles ?? [:], clutter: demand?.clutter?.classes ?? []),
            crsHint: files.defaultCRS.isPlanar
                ? "check that the file is in the plane's metres"
                : "if it comes from a Chinese map service, declare its coordinate system with \"crs\": \"gcj02\" or \"bd09\" on its entry (docs/scenario.md)",
            &diagnostics)

        guard let demand, let radio, let objective, !diagnostics.hasErrors else { return nil }
        var scenario = Scenario(
            name: name, file: file, districts: districts, candidates: candidates.flatMap(\.sites),
            existing: existing.flatMap(\.sites), exclusions: exclusions, demand: demand, radio: radio,
            objective: objective.settings, seed: seed, inputs: inputs)
        scenario.frame = files.defaultCRS.isPlanar ? .planar : .wgs84
        scenario.service = service
        scenario.solver = solver
        scenario.continuity = continuity
        scenario.greenfield = greenfield
        scenario.capacity = capacity
        scenario.phases = objective.phases
        return scenario
    }

    /// The top level of the scenario: a JSON object, or nil with a syntax or type error recorded.
    static func parseTopLevel(_ data: Data, file: String, _ diagnostics: inout Diagnostics) -> JSONFields? {
        let root: JSONValue
        do {
            root = try JSONParser.parse(data)
        } catch {
            diagnostics.add(Problem(syntaxError: error, file: file))
            return nil
        }
        guard case .object = root else {
            diagnostics.error(file, "top level", expected: "a JSON object", found: root.typeDescription)
            return nil
        }
        return JSONFields(root, file: file)
    }

    /// `name`: the scenario's name, by default its file name without the extension.
    static func loadName(_ fields: JSONFields, _ diagnostics: inout Diagnostics) -> String {
        fields.string("name", &diagnostics)
            ?? ((fields.file as NSString).lastPathComponent as NSString).deletingPathExtension
    }

    /// `seed`: the solver's random seed (default 1).
    static func loadSeed(_ fields: JSONFields, _ diagnostics: inout Diagnostics) -> UInt64 {
        fields.integer("seed", minimum: 0, &diagnostics).map { UInt64($0) } ?? 1
    }

    /// Planar coordinates need a `service` section: a plane has no radio model.
    static func checkPlanarJobHasService(_ fields: JSONFields, planar: Bool, _ diagnostics: inout Diagnostics) {
        if planar && !fields.has("service") {
            diagnostics.error(
                fields.file, nil, field: "service",
                expected: "site types with a radius (planar jobs have no radio model)", found: "nothing")
        }
    }
}

/// What loading a scenario found: the scenario when there was no error, and every problem.
public struct LoadedScenario: Sendable {
    /// The scenario file as messages name it.
    public let file: String
    /// The scenario, or nil when an error was found.
    public let scenario: Scenario?
    /// Every problem found, errors and warnings, in the order they were found.
    public let diagnostics: Diagnostics

    /// The scenario and its warnings, or `PlanningError.invalidInput` listing every problem.
    public func get() throws(PlanningError) -> (scenario: Scenario, warnings: [Problem]) {
        guard let scenario, !diagnostics.hasErrors else {
            var problems = diagnostics.problems
            if !diagnostics.hasErrors {
                problems.append(Problem(.error, file: file, message: "the scenario could not be read"))
            }
            throw .invalidInput(problems)
        }
        return (scenario, diagnostics.warnings)
    }
}
