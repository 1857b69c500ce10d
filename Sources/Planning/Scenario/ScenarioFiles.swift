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
        _ fields: JSONFields, _ key: String, required: Bool, defaultCRS: CoordinateSystem,
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
                member, field: key, scenarioFile: fields.file, defaultCRS: defaultCRS, extraKeys: extraKeys,
                &diagnostics
            ).map { [$0] } ?? []
        case .array(let elements):
            if required && elements.isEmpty {
                diagnostics.error(fields.file, nil, field: key, expected: "at least one file", found: "an empty array")
            }
            return elements.enumerated().compactMap { i, element in
                fileReference(
                    element, field: "\(key)[\(i)]", scenarioFile: fields.file, defaultCRS: defaultCRS,
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
    /// `extraKeys` a layer entry may have; other members are warned about).
    static func fileReference(
        _ value: JSONValue, field: String, scenarioFile: String, defaultCRS: CoordinateSystem,
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
        let url = path.hasPrefix("/") ? URL(fileURLWithPath: path) : URL(fileURLWithPath: display)
        return FileReference(path: path, displayName: display, url: url, crs: crs, field: field, options: options)
    }

    /// Reads the files a scenario names, recording their provenance and every problem.
    struct LoadContext {
        /// The scenario, for "named in …" in messages; empty for files given on the command line.
        let scenarioFile: String

        /// The bytes of a file, or nil with the problem recorded (a missing file also names the
        /// scenario that referenced it).
        func readData(_ ref: FileReference, _ diagnostics: inout Diagnostics, _ inputs: inout [InputFile]) -> Data? {
            do {
                let data = try GeoJSONReader.readFile(ref.url, displayName: ref.displayName)
                inputs.append(InputFile(name: ref.displayName, data: data))
                return data
            } catch {
                var problem = Problem(error)
                if !scenarioFile.isEmpty {
                    problem.message = (problem.message ?? "") + " (named in \(scenarioFile) as '\(ref.field)')"
                }
                diagnostics.add(problem)
                return nil
            }
        }

        /// The features of a GeoJSON file, converted to WGS-84; nil when it cannot be read.
        /// `role` says what the file should hold, for the message when it is a CSV file.
        /// The districts of an area file: its Polygon/MultiPolygon features (repaired with a warning
        /// when invalid), named by their `name` property.
        func readDistricts(_ ref: FileReference, _ diagnostics: inout Diagnostics, _ inputs: inout [InputFile])
            -> [District]
        {
            guard
                let layer = readLayer(
                    ref, role: "Polygon or MultiPolygon features (the planning area)", &diagnostics, &inputs)
            else { return [] }
            if layer.features.isEmpty && layer.featureErrors.isEmpty {
                diagnostics.error(
                    ref.displayName, "top level", field: "features",
                    expected: "at least one Polygon or MultiPolygon feature (the planning area)",
                    found: "an empty area: no features")
            }
            return ScenarioLoader.polygonLayer(layer, file: ref.displayName, role: "area", &diagnostics).map { item in
                District(name: item.name ?? "area \(item.index)", geometry: item.geometry, properties: item.properties)
            }
        }

        func readLayer(
            _ ref: FileReference, role: String, _ diagnostics: inout Diagnostics, _ inputs: inout [InputFile]
        ) -> GeoJSONReader.Result? {
            if ref.isCSV {
                diagnostics.error(
                    ref.displayName, nil, field: ref.field, expected: "a GeoJSON file of \(role)",
                    found: "a CSV file (CSV is read for site catalogues only)")
                return nil
            }
            guard let data = readData(ref, &diagnostics, &inputs) else { return nil }
            return ScenarioLoader.parseGeoJSON(data, file: ref.displayName, crs: ref.crs, &diagnostics)
        }

        /// The sites of a catalogue or existing-sites file, GeoJSON or CSV.
        func readSites(
            _ ref: FileReference, existing: Bool, radio: RadioSettings?, _ diagnostics: inout Diagnostics,
            _ inputs: inout [InputFile]
        ) -> [Site] {
            guard let data = readData(ref, &diagnostics, &inputs) else { return [] }
            if ref.isCSV {
                guard
                    let features = CatalogueCSVReader.read(
                        data: data, file: ref.displayName, crs: ref.crs, &diagnostics)
                else { return [] }
                return SiteReader.sites(
                    from: features, file: ref.displayName, existing: existing, radio: radio, locationLabel: "line",
                    &diagnostics)
            }
            guard let layer = ScenarioLoader.parseGeoJSON(data, file: ref.displayName, crs: ref.crs, &diagnostics)
            else { return [] }
            return SiteReader.sites(
                from: layer.features, file: ref.displayName, existing: existing, radio: radio, &diagnostics)
        }
    }

    /// Parses GeoJSON bytes, with a syntax error reported at its line, column and member path,
    /// and converts coordinates from `crs` to WGS-84.
    static func parseGeoJSON(_ data: Data, file: String, crs: CoordinateSystem, _ diagnostics: inout Diagnostics)
        -> GeoJSONReader.Result?
    {
        let root: JSONValue
        do {
            root = try JSONParser.parse(data)
        } catch {
            diagnostics.add(Problem(syntaxError: error, file: file))
            return nil
        }
        do {
            var result = try GeoJSONReader.parse(
                json: root, file: file, check: crs.isPlanar ? .none : .wgs84, collectFeatureErrors: true)
            for error in result.featureErrors { diagnostics.add(Problem(error)) }
            for warning in result.warnings {
                diagnostics.warning(warning.file, warning.location, message: warning.message)
            }
            if crs != .wgs84 && !crs.isPlanar {
                for k in result.features.indices {
                    result.features[k].geometry = result.features[k].geometry.map { crs.convert($0, to: .wgs84) }
                }
            }
            return result
        } catch {
            diagnostics.add(Problem(error))
            return nil
        }
    }
}

extension Problem {
    /// The problem of a JSON syntax error: `FILE: line L, column C: field 'PATH': invalid JSON: …`.
    public init(syntaxError error: JSONSyntaxError, file: String) {
        self.init(
            .error, file: file, location: "line \(error.line), column \(error.column)",
            field: error.path.isEmpty ? nil : error.path, message: "invalid JSON: \(error.message)")
    }
}
