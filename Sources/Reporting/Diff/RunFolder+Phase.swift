import Foundation
import Geo
import Support

extension RunFolder {
    /// A phased solve's folder as the network stood at the end of phase `name`
    /// (`nrplan diff --a-phase/--b-phase`): the existing sites and the new sites of that phase and
    /// the earlier ones (sites.geojson's `phase`), that phase's holes (phase-holes.geojson), and
    /// summary.json's figures of that phase (`phases[k]`: coverage, holes, cost, districts).
    /// Coverage stays the final network's best-server areas; `CoverageChange` counts a cell in a
    /// hole as uncovered, so the phase's coverage is those areas less the phase's holes.
    public static func read(_ path: String, phase name: String) throws(GeoError) -> RunFolder {
        var run = try read(path)
        let display = (path as NSString).appendingPathComponent("summary.json")
        let phases = run.summary["phases"]?.arrayValue ?? []
        let names = phases.compactMap { $0["name"]?.stringValue }
        guard let k = names.firstIndex(of: name) else {
            throw GeoError.geoJSON(
                file: display, location: "top level", field: "phases",
                expected: names.isEmpty
                    ? "a phased solve (objective.phases) for a phase to be picked"
                    : "a phase named \(names.map { "'\($0)'" }.joined(separator: ", "))",
                found: names.isEmpty ? "no phases" : "no phase '\(name)'")
        }
        let holesFile = (
            URL(fileURLWithPath: path).appendingPathComponent("phase-holes.geojson"),
            (path as NSString).appendingPathComponent("phase-holes.geojson")
        )
        guard FileManager.default.fileExists(atPath: holesFile.0.path) else {
            throw GeoError.io(
                file: holesFile.1, message: "missing: a phased solve writes every phase's holes there; re-run the solve"
            )
        }
        run.holes = try readHoles(holesFile).filter { $0["phase"]?.stringValue == name }
        run.sites = run.sites.filter { site in
            guard let phase = site["phase"]?.stringValue else { return true }
            return (names.firstIndex(of: phase) ?? Int.max) <= k
        }
        run.summary = phaseSummary(run.summary, phases[k])
        run.phase = name
        run.path = "\(path) (phase \(name))"
        return run
    }

    /// The folder's summary with the top-level figures `nrplan diff` reads replaced by those of
    /// `phase` (an entry of `phases`).
    static func phaseSummary(_ summary: JSONValue, _ phase: JSONValue) -> JSONValue {
        guard case .object(var members) = summary else { return summary }
        func set(_ key: String, _ value: JSONValue?) {
            guard let value else { return }
            if let index = members.firstIndex(where: { $0.key == key }) {
                members[index].value = value
            } else {
                members.append((key, value))
            }
        }
        set("coverage_ratio", phase["coverage_ratio"])
        set("holes_count", phase["holes_count"])
        set("largest_hole_m2", phase["largest_hole_m2"])
        set("cost_total", phase["cost_total"])
        set("sites_new", phase["sites_new_total"])
        if case .object(var continuity)? = summary["continuity"], let districts = phase["districts"] {
            if let index = continuity.firstIndex(where: { $0.key == "districts" }) {
                continuity[index].value = districts
            }
            set("continuity", .object(continuity))
        }
        return .object(members)
    }
}
