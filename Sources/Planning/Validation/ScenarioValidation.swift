import Foundation
import Geo
import Support

/// The single validation entry point for scenarios: `nrplan validate`, `nrplan solve`
/// (`SitingPipeline.run(scenarioAt:)`) and `nrplan audit` all call it, so they accept and reject
/// exactly the same inputs with the same messages.
///
/// It runs `ScenarioLoader` — every file read, every feature, CSV line and member checked, every
/// problem collected rather than the first thrown — including the checks across files
/// (`ScenarioChecks`).
public enum ScenarioValidation {
    /// Reads and checks the scenario at `url` and every file it names.
    ///
    /// - Parameter displayName: how messages name the scenario file (default: its path); file
    ///   references are resolved relative to its folder.
    /// - Returns: the scenario when there is no error (warnings may remain), and every problem.
    public static func validate(url: URL, displayName: String? = nil) -> (scenario: Scenario?, diagnostics: Diagnostics)
    {
        var diagnostics = Diagnostics()
        let scenario = ScenarioLoader.load(url, displayName: displayName, diagnostics: &diagnostics)
        return (diagnostics.hasErrors ? nil : scenario, diagnostics)
    }

    /// `validate(url:displayName:)` as a throwing call: the scenario and its warnings, or
    /// `PlanningError.invalidInput` with every problem.
    public static func load(url: URL, displayName: String? = nil) throws(PlanningError) -> (
        scenario: Scenario, warnings: [Problem]
    ) {
        let (scenario, diagnostics) = validate(url: url, displayName: displayName)
        guard let scenario else {
            var problems = diagnostics.problems
            if !diagnostics.hasErrors {
                problems.append(
                    Problem(.error, file: displayName ?? url.path, message: "the scenario could not be read"))
            }
            throw .invalidInput(problems)
        }
        return (scenario, diagnostics.warnings)
    }

    /// Reads a site file given directly (not through a scenario), e.g. the sites `nrplan audit`
    /// checks: GeoJSON points or a CSV catalogue, coordinates converted from `crs` to WGS-84,
    /// every site checked like a scenario's (`SiteReader`), ids unique within the file.
    ///
    /// - Parameters:
    ///   - existing: true for built sites (kind default `tower`, cost 0, `status` ignored).
    ///   - radio: the profiles a site's kind maps to (nil: each kind's default profile name).
    /// - Returns: the sites that passed; every problem is in `diagnostics`.
    public static func readSites(
        url: URL, displayName: String? = nil, crs: CoordinateSystem = .wgs84, existing: Bool,
        radio: RadioSettings? = nil, diagnostics: inout Diagnostics
    ) -> [Site] {
        let name = displayName ?? url.path
        let reference = ScenarioLoader.FileReference(
            path: name, displayName: name, url: url, crs: crs, field: "sites", options: nil)
        var inputs: [InputFile] = []
        let sites = ScenarioLoader.LoadContext(scenarioFile: "")
            .readSites(reference, existing: existing, radio: radio, &diagnostics, &inputs)
        SiteReader.checkUniqueIds(sites, &diagnostics)
        return sites
    }

    /// Reads weighted points given directly (not through a scenario), e.g. the points `nrplan
    /// cluster` groups: a CSV file (coordinate columns `x`/`y` when `crs` is planar, else `lon`/`lat`,
    /// or the columns named by `x`/`y`) or GeoJSON Point features, exactly as `demand.points` reads
    /// them; `weight` names the weight column (every point weighs 1 without it).
    public static func readPoints(
        url: URL, displayName: String? = nil, crs: CoordinateSystem = .planar, x: String? = nil, y: String? = nil,
        weight: String? = nil, diagnostics: inout Diagnostics
    ) -> DemandPoints? {
        let name = displayName ?? url.path
        var members: [(key: String, value: JSONValue)] = [("file", .string(name)), ("crs", .string(crs.rawValue))]
        if let x { members.append(("x", .string(x))) }
        if let y { members.append(("y", .string(y))) }
        if let weight { members.append(("weight", .string(weight))) }
        var inputs: [InputFile] = []
        let context = ScenarioLoader.LoadContext(scenarioFile: "")
        return ScenarioLoader.loadDemandPoints(
            .object(members), field: "points", scenarioFile: "", defaultCRS: crs, context: context,
            &diagnostics, &inputs)
    }

    /// Reads an area file given directly (not through a scenario), e.g. the area `nrplan audit`
    /// checks: Polygon/MultiPolygon features, one district each, coordinates converted from `crs`.
    public static func readDistricts(
        url: URL, displayName: String? = nil, crs: CoordinateSystem = .wgs84,
        diagnostics: inout Diagnostics
    ) -> [District] {
        let name = displayName ?? url.path
        let reference = ScenarioLoader.FileReference(
            path: name, displayName: name, url: url, crs: crs, field: "area", options: nil)
        var inputs: [InputFile] = []
        return ScenarioLoader.LoadContext(scenarioFile: "").readDistricts(reference, &diagnostics, &inputs)
    }
}
