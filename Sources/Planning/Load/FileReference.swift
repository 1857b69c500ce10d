import Foundation
import Geo
import Support

extension ScenarioLoader {
    /// A file named by the scenario: a path string, or `{"file": PATH, "crs": "wgs84|gcj02|bd09"}`
    /// (plus a layer's own members), relative to the scenario's folder.
    struct FileReference {
        /// As written in the scenario.
        let path: String
        /// As shown in messages: the scenario's folder joined with `path`.
        let displayName: String
        let url: URL
        /// The coordinate system of the file's coordinates (converted to WGS-84 on reading).
        let crs: CoordinateSystem
        /// The scenario member that named it (`candidates[1]`), for messages.
        let field: String
        /// The reference's object form (for layers' extra members), or nil for a plain string.
        let options: JSONFields?

        /// True for `.csv`/`.tsv` files (site catalogues); every other file is read as GeoJSON.
        var isCSV: Bool {
            let ext = (path as NSString).pathExtension.lowercased()
            return ext == "csv" || ext == "tsv"
        }
    }

    /// The top-level `crs` member: the default coordinate system of every file (WGS-84 if absent).
    static func defaultCRS(_ fields: JSONFields, _ diagnostics: inout Diagnostics) -> CoordinateSystem {
        guard let text = fields.string("crs", &diagnostics) else { return .wgs84 }
        guard let crs = CoordinateSystem(rawValue: text.lowercased()) else {
            diagnostics.error(
                fields.file, nil, field: "crs", expected: "one of \(CoordinateSystem.allowedValues)", found: "'\(text)'"
            )
            return .wgs84
        }
        return crs
    }

    /// The file references of member `key`: a reference or an array of references.
    static func fileReferences(
        _ fields: JSONFields, _ key: String, required: Bool, defaultCRS: CoordinateSystem, folder: URL? = nil,
        extraKeys: Set<String> = [], _ diagnostics: inout Diagnostics
    ) -> [FileReference] {
        guard let member = fields.value[key], member != .null else {
            if required {
                diagnostics.error(
                    fields.file, nil, field: key, expected: "a file name or an array of file names", found: "nothing")
            }
            return []
        }
        switch member {
        case .string, .object:
            return fileReference(
                member, field: key, scenarioFile: fields.file, defaultCRS: defaultCRS, folder: folder,
                extraKeys: extraKeys,
                &diagnostics
            ).map { [$0] } ?? []
        case .array(let elements):
            if required && elements.isEmpty {
                diagnostics.error(fields.file, nil, field: key, expected: "at least one file", found: "an empty array")
            }
            return elements.enumerated().compactMap { i, element in
                fileReference(
                    element, field: "\(key)[\(i)]", scenarioFile: fields.file, defaultCRS: defaultCRS, folder: folder,
                    extraKeys: extraKeys, &diagnostics)
            }
        default:
            diagnostics.error(
                fields.file, nil, field: key, expected: "a file name or an array of file names", found: describe(member)
            )
            return []
        }
    }

    /// One file reference: a path string, or an object with `file` and optional `crs` (and the
    /// `extraKeys` a layer entry may have; other members are warned about). A relative path is
    /// shown relative to the scenario as named (`scenarioFile`) and read relative to `folder` (the
    /// scenario's real folder) when given, else to the named one.
    static func fileReference(
        _ value: JSONValue, field: String, scenarioFile: String, defaultCRS: CoordinateSystem, folder: URL? = nil,
        extraKeys: Set<String> = [], _ diagnostics: inout Diagnostics
    ) -> FileReference? {
        var path: String
        var crs = defaultCRS
        var options: JSONFields?
        switch value {
        case .string(let text):
            path = text
        case .object:
            let object = JSONFields(value, file: scenarioFile, prefix: field)
            object.warnUnknownKeys(extraKeys.union(["file", "crs"]), &diagnostics)
            guard let text = object.string("file", required: true, &diagnostics) else { return nil }
            path = text
            if let name = object.string("crs", &diagnostics) {
                if let parsed = CoordinateSystem(rawValue: name.lowercased()) {
                    guard parsed.isPlanar == defaultCRS.isPlanar else {
                        diagnostics.error(
                            scenarioFile, nil, field: "\(field).crs",
                            expected: defaultCRS.isPlanar
                                ? "planar (the scenario's crs is planar; planar and geographic files do not mix)"
                                : "a geographic system (\(CoordinateSystem.geographic.map(\.rawValue).joined(separator: ", "))); planar files need \"crs\": \"planar\" at the top level",
                            found: "'\(name)'")
                        return nil
                    }
                    crs = parsed
                } else {
                    diagnostics.error(
                        scenarioFile, nil, field: "\(field).crs", expected: "one of \(CoordinateSystem.allowedValues)",
                        found: "'\(name)'")
                    return nil
                }
            }
            options = object
        default:
            diagnostics.error(
                scenarioFile, nil, field: field, expected: "a file name or {\"file\": …, \"crs\": …}",
                found: describe(value))
            return nil
        }
        if path.trimmingCharacters(in: .whitespaces).isEmpty {
            diagnostics.error(scenarioFile, nil, field: field, expected: "a file name", found: "an empty string")
            return nil
        }
        let scenarioFolder = (scenarioFile as NSString).deletingLastPathComponent
        let display = path.hasPrefix("/") || scenarioFolder.isEmpty ? path : scenarioFolder + "/" + path
        let url =
            path.hasPrefix("/")
            ? URL(fileURLWithPath: path) : folder?.appendingPathComponent(path) ?? URL(fileURLWithPath: display)
        return FileReference(path: path, displayName: display, url: url, crs: crs, field: field, options: options)
    }
}
