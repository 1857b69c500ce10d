import Foundation
import Geo
import Support

/// A calibration file (`calibration.json` of `nrplan calibrate`) that a scenario names in
/// `radio.calibration` (read by `ScenarioLoader.loadCalibrations`), or `nrplan audit --calibration`
/// is given: its overrides apply to the profiles it calibrated, and `summary.json` and `report.md`
/// name it with its SHA-256 so that an auditor can check which measurements the coverage figures
/// rest on.
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

    /// Reads a calibration file given on the command line (`audit --calibration`); nil with the
    /// problem recorded when it cannot be read or is not a calibration.
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
        return read(data: data, displayName: displayName, field: field, &diagnostics)
    }

    /// A calibration from the bytes of its file (the SHA-256 is of these bytes); nil with the
    /// problem recorded when they are not a calibration. The overrides are `profile → (field →
    /// value)` as `radio.overrides` holds them.
    public static func read(data: Data, displayName: String, field: String, _ diagnostics: inout Diagnostics)
        -> (reference: CalibrationReference, overrides: [String: [String: Any]])?
    {
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
}
