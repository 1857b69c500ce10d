import Foundation
import Geo

/// A calibration file (`calibration.json` of `nrplan calibrate`) that a scenario names in
/// `radio.calibration`, or `nrplan audit --calibration` is given: its overrides apply to the
/// profiles it calibrated, and `summary.json` and `report.md` name it with its SHA-256 so that an
/// auditor can check which measurements the coverage figures rest on.
public struct CalibrationReference: Sendable, Hashable {
    /// The file as the user named it.
    public var file: String
    /// SHA-256 of the file's bytes (64 hex digits), as `sha256sum` prints it.
    public var sha256: String
    /// The profiles it calibrates, sorted.
    public var profiles: [String]
    /// Its cross-validated RMSE and the samples it used, when the file states them.
    public var crossValidatedRMSEDB: Double?
    public var samplesUsed: Int?

    /// Reads a calibration file; nil with the problem recorded when it cannot be read or is not a
    /// calibration. The overrides are `profile → (field → value)` as `radio.overrides` holds them.
    public static func read(url: URL, displayName: String, field: String, _ diagnostics: inout Diagnostics)
        -> (reference: CalibrationReference, overrides: [String: [String: Any]])?
    {
        let data: Data
        do {
            data = try GeoJSONReader.readFile(url, displayName: displayName)
        } catch {
            diagnostics.add(Problem(error))
            return nil
        }
        let root: JSONValue
        do {
            root = try JSONParser.parse(data)
        } catch {
            diagnostics.add(Problem(syntaxError: error, file: displayName))
            return nil
        }
        guard root["command"]?.stringValue == "calibrate", let members = root["overrides"]?.objectMembers else {
            diagnostics.error(
                displayName, field: field,
                expected:
                    "a calibration.json written by nrplan calibrate (\"command\": \"calibrate\" and an \"overrides\" object)",
                found: root.objectMembers == nil ? root.typeDescription : "another JSON object")
            return nil
        }
        var overrides: [String: [String: Any]] = [:]
        for member in members {
            guard case .object = member.value, let fields = member.value.foundationObject as? [String: Any] else {
                diagnostics.error(
                    displayName, field: "overrides.\(member.key)", expected: "an object of profile fields",
                    found: describe(member.value))
                return nil
            }
            overrides[member.key] = fields
        }
        let reference = CalibrationReference(
            file: displayName, sha256: SHA256.hex(data), profiles: overrides.keys.sorted(),
            crossValidatedRMSEDB: root["cv_rmse_db"]?.doubleValue,
            samplesUsed: root["samples_used"]?.doubleValue.map { Int($0) })
        return (reference, overrides)
    }

    /// Reads the calibrations a scenario's `radio.calibration` names (a file or an array of files,
    /// relative to the scenario), recording each as an input. Two calibrations of one profile are an
    /// error.
    static func load(
        _ radio: JSONFields, scenarioFile: String, _ diagnostics: inout Diagnostics, _ inputs: inout [InputFile]
    ) -> (references: [CalibrationReference], overrides: [String: [String: Any]]) {
        var references: [CalibrationReference] = []
        var overrides: [String: [String: Any]] = [:]
        let refs = ScenarioLoader.fileReferences(
            radio, "calibration", required: false, defaultCRS: .wgs84, &diagnostics)
        for ref in refs {
            guard
                let read = CalibrationReference.read(
                    url: ref.url, displayName: ref.displayName, field: "radio.\(ref.field)", &diagnostics)
            else { continue }
            if let data = try? Data(contentsOf: ref.url) { inputs.append(InputFile(name: ref.displayName, data: data)) }
            for profile in read.reference.profiles {
                if let other = references.first(where: { $0.profiles.contains(profile) }) {
                    diagnostics.error(
                        scenarioFile, field: "radio.\(ref.field)", expected: "one calibration per profile",
                        found: "'\(profile)' calibrated by \(other.file) and by \(ref.displayName)")
                }
                overrides[profile] = read.overrides[profile]
            }
            references.append(read.reference)
        }
        return (references, overrides)
    }
}
