import Foundation
import Geo
import Support

extension ScenarioLoader {
    /// Reads the files a scenario names, recording their provenance and every problem.
    struct LoadContext {
        /// The scenario, for "named in …" in messages; empty for files given on the command line.
        let scenarioFile: String
        /// The scenario's top-level `crs`: the coordinate system of files that name none.
        var defaultCRS: CoordinateSystem = .wgs84
        /// What the scenario is read for (an audit needs neither candidates nor an objective).
        var purpose: Purpose = .solve
        /// The scenario's real folder, when it differs from the one its display name shows (the
        /// demo, generated into a temporary folder and shown as `demo/`); nil: the display name's.
        var folder: URL?
        /// Threads for reading a large file (the same features and messages on any number).
        var threads = 1

        /// The bytes of a file, or nil with the problem recorded (a missing file also names the
        /// scenario that referenced it).
        func readData(_ ref: FileReference, _ diagnostics: inout Diagnostics, _ inputs: inout [InputFile]) -> Data? {
            guard let data = readUnrecorded(ref, &diagnostics) else { return nil }
            inputs.append(InputFile(name: ref.displayName, role: ref.field, data: data))
            return data
        }

        /// `readData` without the record in the inputs (the caller records the file).
        func readUnrecorded(_ ref: FileReference, _ diagnostics: inout Diagnostics) -> Data? {
            do {
                return try GeoJSONReader.readFile(ref.url, displayName: ref.displayName)
            } catch {
                report(error, ref, &diagnostics)
                return nil
            }
        }

        /// The features of a GeoJSON file (`parseGeoJSON`), or nil with the problem recorded; the
        /// file is recorded in `inputs` once read, its SHA-256 computed by one worker while the
        /// others read the features.
        func readGeoJSON(_ ref: FileReference, _ diagnostics: inout Diagnostics, _ inputs: inout [InputFile])
            -> GeoJSONReader.Result?
        {
            guard let data = readUnrecorded(ref, &diagnostics) else { return nil }
            var sha256: String?
            let result = ScenarioLoader.parseGeoJSON(
                data, file: ref.displayName, crs: ref.crs, threads: threads, alongside: { sha256 = SHA256.hex(data) },
                &diagnostics)
            inputs.append(
                InputFile(name: ref.displayName, role: ref.field, bytes: data.count, sha256: sha256 ?? SHA256.hex(data))
            )
            return result
        }

        /// The bytes of a file in an array (a CSV catalogue, scanned in place), or nil with the
        /// problem recorded as `readData` records it; the caller records the file in the inputs.
        func readBytes(_ ref: FileReference, _ diagnostics: inout Diagnostics) -> [UInt8]? {
            do {
                return try GeoJSONReader.readBytes(ref.url, displayName: ref.displayName)
            } catch {
                report(error, ref, &diagnostics)
                return nil
            }
        }

        /// A file that cannot be read; a missing one also names the scenario that referenced it.
        func report(_ error: GeoError, _ ref: FileReference, _ diagnostics: inout Diagnostics) {
            var problem = Problem(error)
            if !scenarioFile.isEmpty {
                problem.message = (problem.message ?? "") + " (named in \(scenarioFile) as '\(ref.field)')"
            }
            diagnostics.add(problem)
        }

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

        /// The features of a GeoJSON file, converted to WGS-84; nil when it cannot be read.
        /// `role` says what the file should hold, for the message when it is a CSV file.
        func readLayer(
            _ ref: FileReference, role: String, _ diagnostics: inout Diagnostics, _ inputs: inout [InputFile]
        ) -> GeoJSONReader.Result? {
            if ref.isCSV {
                diagnostics.error(
                    ref.displayName, nil, field: ref.field, expected: "a GeoJSON file of \(role)",
                    found: "a CSV file (CSV is read for site catalogues only)")
                return nil
            }
            return readGeoJSON(ref, &diagnostics, &inputs)
        }

        /// The sites of a catalogue or existing-sites file, GeoJSON or CSV.
        func readSites(
            _ ref: FileReference, options: SiteReader.Options, _ diagnostics: inout Diagnostics,
            _ inputs: inout [InputFile]
        ) -> [Site] {
            if ref.isCSV {
                guard let bytes = readBytes(ref, &diagnostics) else { return [] }
                // The SHA-256 of the provenance is computed by one thread while the others read rows.
                var sha256: String?
                let sites = CatalogueCSVReader.sites(
                    bytes: bytes, file: ref.displayName, crs: ref.crs, options: options, threads: threads,
                    alongside: { sha256 = SHA256.hex(bytes) }, &diagnostics)
                inputs.append(
                    InputFile(
                        name: ref.displayName, role: ref.field, bytes: bytes.count,
                        sha256: sha256 ?? SHA256.hex(bytes)))
                return sites ?? []
            }
            // Only the properties a site interprets are built; the others stay in the file's text
            // until a writer asks (`SiteProperties.object`).
            guard let data = readUnrecorded(ref, &diagnostics) else { return [] }
            var sha256: String?
            defer {
                inputs.append(
                    InputFile(
                        name: ref.displayName, role: ref.field, bytes: data.count, sha256: sha256 ?? SHA256.hex(data))
                )
            }
            if let sites = SiteReader.sites(
                geoJSON: data, file: ref.displayName, crs: ref.crs, options: options, threads: threads,
                alongside: { sha256 = SHA256.hex(data) }, &diagnostics)
            {
                return sites
            }
            // The general path, or a file with problems: its features first, then the sites.
            guard
                let layer = ScenarioLoader.parseGeoJSON(
                    data, file: ref.displayName, crs: ref.crs, threads: threads, building: SiteReader.Interpreted.names,
                    alongside: sha256 == nil ? { sha256 = SHA256.hex(data) } : nil, &diagnostics)
            else { return [] }
            return SiteReader.sites(
                from: layer.features, text: layer.text, file: ref.displayName, options: options, threads: threads,
                &diagnostics)
        }
    }

    /// Parses GeoJSON bytes, with a syntax error reported at its line, column and member path,
    /// and converts coordinates from `crs` to WGS-84.
    /// `alongside`: as `GeoJSONReader.fastParse` takes it (run by one worker of a parallel read, or not at all).
    /// `building`: as `fastParse` takes it (the general path builds every property).
    static func parseGeoJSON(
        _ data: Data, file: String, crs: CoordinateSystem, threads: Int = 1, building: [StaticString]? = nil,
        alongside: (() -> Void)? = nil, _ diagnostics: inout Diagnostics
    ) -> GeoJSONReader.Result? {
        let check: GeoJSONReader.CoordinateCheck = crs.isPlanar ? .none : .wgs84
        if var result = GeoJSONReader.fastParse(
            data: data, check: check, threads: threads, building: building, alongside: alongside)
        {
            convert(&result, from: crs)
            return result
        }
        let root: JSONValue
        do {
            root = try JSONParser.parse(data)
        } catch {
            diagnostics.add(Problem(syntaxError: error, file: file))
            return nil
        }
        do {
            var result = try GeoJSONReader.parse(
                json: root, file: file, check: check, collectFeatureErrors: true)
            for error in result.featureErrors { diagnostics.add(Problem(error)) }
            for warning in result.warnings {
                diagnostics.warning(warning.file, warning.location, message: warning.message)
            }
            convert(&result, from: crs)
            return result
        } catch {
            diagnostics.add(Problem(error))
            return nil
        }
    }
}

extension ScenarioLoader {
    /// Converts the coordinates of geographic features from `crs` to WGS-84 (planar stay as read).
    static func convert(_ result: inout GeoJSONReader.Result, from crs: CoordinateSystem) {
        guard crs != .wgs84 && !crs.isPlanar else { return }
        for k in result.features.indices {
            result.features[k].geometry = result.features[k].geometry.map { crs.convert($0, to: .wgs84) }
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
