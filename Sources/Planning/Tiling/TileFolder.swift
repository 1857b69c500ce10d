import Foundation
import Geo
import Support

/// Writes the manifest folder of a cut (docs/scale.md, "What must be shared"): `manifest.json` and
/// per tile `tiles/<i>/` with its scenario, its copies of the inputs, and `seam.json` (its sites
/// that other tiles take too).
public enum TileFolder {
    /// Writes every file into `out` (the caller publishes it); returns the manifest.
    ///
    /// - Parameters:
    ///   - scenarioURL: the global scenario; `displayName` as messages name it.
    ///   - manifestFolder: where `out` will be published (for the relative path to the scenario).
    ///   - onTile: told when each tile is written (index, count).
    // Long because: one pass writes the manifest folder in the order the format lists it (global files, then each tile, then the manifest); to be split by what it writes (issue 16 follow-up).
    public static func write(
        scenarioURL: URL, displayName: String, scenario: Scenario, study: StudyArea, cut: TileCut,
        manifestFolder: URL, into out: OutputFolder, onTile: ((Int, Int) -> Void)? = nil
    ) throws(PlanningError) -> TileManifest {
        let rootData: Data
        let root: JSONValue
        do {
            rootData = try GeoJSONReader.readFile(scenarioURL, displayName: displayName)
            root = try JSONParser.parse(rootData)
        } catch let error as GeoError {
            throw .invalidInput([Problem(error)])
        } catch {
            throw .invalidInput([Problem(.error, file: displayName, message: "\(error)")])
        }
        let files = ScenarioFiles(root: root, file: displayName)
        let layers = try readLayers(files, projection: study.projection)
        let areaItems = try areaFeatures(files, layers: layers)
        let inputs = try globalInputs(scenario, scenarioURL: scenarioURL, displayName: displayName)
        let sites = scenario.candidates + scenario.existing
        var tiles: [TileManifest.Tile] = []
        for (k, part) in cut.parts.enumerated() {
            var written: [(name: String, data: Data)] = []
            var names = Set(["scenario.json", "candidates.geojson", "existing.geojson", "seam.json"])
            var copies: [String: String] = [:] // source key -> copy name
            var paths: [String?] = []
            var areaNames: [[String]?] = []
            var keptAreaFeatures: [Set<Int>] = []
            for (r, polygon) in files.polygons.enumerated() {
                let layer = layers[layerKey(polygon.reference)]!
                let filtered = layer.filtered(to: part.reach)
                var narrowed: [String]?
                if polygon.role == .area {
                    let kept = Set(filtered.kept)
                    keptAreaFeatures.append(kept)
                    let present = Set(areaItems[r].filter { kept.contains($0.feature) }.map(\.name))
                    if let wanted = polygon.names { narrowed = wanted.filter { present.contains($0) } }
                    if present.isEmpty || narrowed?.isEmpty == true {
                        paths.append(nil)
                        areaNames.append(nil)
                        continue
                    }
                }
                let key = layerKey(polygon.reference)
                if let name = copies[key] {
                    paths.append(name)
                } else {
                    let name = uniqueName(polygon.reference.path, taken: &names)
                    copies[key] = name
                    written.append((name, filtered.data))
                    paths.append(name)
                }
                areaNames.append(narrowed)
            }
            let candidateSites = part.sites.filter { $0 < scenario.candidates.count }.map { sites[$0] }
            let existingSites = part.sites.filter { $0 >= scenario.candidates.count }.map { sites[$0] }
            written.append(("candidates.geojson", TileSiteFile.data(candidateSites)))
            let hasExisting = root["existing"].map { $0 != .null } ?? false
            if hasExisting { written.append(("existing.geojson", TileSiteFile.data(existingSites))) }
            let shared = part.sites.filter { cut.tilesPerSite[$0] > 1 }.map { JSONValue.string(sites[$0].id) }
            written.append(
                ("seam.json", Data((JSONWriter.string(.object([("sites", .array(shared))])) + "\n").utf8)))
            let tileScenario = files.tileScenario(
                name: "\(scenario.name) — tile \(k) (\(part.name))", paths: paths, areaNames: areaNames,
                candidates: "candidates.geojson", existing: hasExisting ? "existing.geojson" : nil)
            written.insert(("scenario.json", Data((JSONWriter.string(tileScenario, indent: 2) + "\n").utf8)), at: 0)
            for file in written {
                do {
                    let output = try out.create("tiles/\(k)/\(file.name)")
                    try output.write(bytes: [UInt8](file.data))
                    try output.commit()
                } catch {
                    throw .output("\(error)")
                }
            }
            let coreDistrict = part.district.map {
                localDistrict(global: $0, areaItems: areaItems, kept: keptAreaFeatures, paths: paths, files: files)
            }
            tiles.append(
                TileManifest.Tile(
                    index: k, name: part.name, scenario: "tiles/\(k)/scenario.json", out: "tiles/\(k)/out",
                    files: written.map(\.name), scenarioSHA256: InputDigest.sha256(written),
                    coreAreaKm2: Double(part.cells) * study.grid.cellAreaSquareMeters / 1e6, cells: part.cells,
                    weight: part.weight, candidates: candidateSites.count, existing: existingSites.count,
                    window: part.window, coreDistrict: coreDistrict, district: part.district))
            onTile?(k + 1, cut.parts.count)
        }
        let spec = study.grid.spec
        let target: Double
        if case .minCost(let t) = scenario.objective { target = min(1, t) } else { target = 1 }
        let manifest = TileManifest(
            nrplanVersion: NRPlanVersion.string,
            scenario: relativePath(from: manifestFolder, to: scenarioURL), inputs: inputs.names,
            inputSHA256: inputs.sha256, haloMeters: cut.haloMeters, rangeMeters: cut.rangeMeters,
            cut: cut.mode == .district ? .district : .grid(kilometers: gridKilometers(cut.mode)),
            centralMeridianDegrees: study.projection.centralMeridianDegrees,
            originLatitudeDegrees: study.projection.originLatitudeDegrees, grid: spec, alignSquares: cut.alignSquares,
            coverageTarget: target, weight: study.grid.totalWeight, cells: study.grid.cellCount, ladder: cut.ladder,
            tiles: tiles)
        do {
            try out.write(JSONWriter.string(manifest.json, indent: 2) + "\n", as: "manifest.json")
        } catch {
            throw .output("\(error)")
        }
        return manifest
    }

    static func gridKilometers(_ mode: TileCut.Mode) -> Double {
        if case .grid(let km) = mode { return km }
        return 0
    }

    /// One parsed copy per distinct file and coordinate system.
    static func layerKey(_ ref: ScenarioLoader.FileReference) -> String {
        ref.url.standardizedFileURL.path + "\u{0}" + ref.crs.rawValue
    }

    static func readLayers(_ files: ScenarioFiles, projection: LocalProjection) throws(PlanningError) -> [String:
        RawLayer]
    {
        var layers: [String: RawLayer] = [:]
        for polygon in files.polygons where layers[layerKey(polygon.reference)] == nil {
            let ref = polygon.reference
            let data: Data
            do {
                data = try GeoJSONReader.readFile(ref.url, displayName: ref.displayName)
            } catch {
                throw .invalidInput([Problem(error)])
            }
            layers[layerKey(ref)] = try RawLayer(
                data: data, file: ref.displayName, crs: ref.crs, projection: projection)
        }
        return layers
    }

    /// Per polygon reference (empty for all but area files): the districts the loader makes of the
    /// file — feature index and name — narrowed by `names`, in order.
    static func areaFeatures(_ files: ScenarioFiles, layers: [String: RawLayer]) throws(PlanningError) -> [[(
        feature: Int, name: String
    )]] {
        var result: [[(feature: Int, name: String)]] = []
        for polygon in files.polygons {
            guard polygon.role == .area else {
                result.append([])
                continue
            }
            var d = Diagnostics()
            let ref = polygon.reference
            let data = Data(JSONWriter.string(layers[layerKey(ref)]!.root).utf8)
            guard let layer = ScenarioLoader.parseGeoJSON(data, file: ref.displayName, crs: ref.crs, &d) else {
                throw .invalidInput(d.errors)
            }
            let items = ScenarioLoader.polygonLayer(layer, file: ref.displayName, role: "area", &d)
            let all = items.map { (feature: $0.index, name: $0.name ?? "area \($0.index)") }
            result.append(polygon.names.map { wanted in all.filter { wanted.contains($0.name) } } ?? all)
        }
        return result
    }

    /// The index of global district `global` among a tile's districts: the kept area features that
    /// the global enumeration puts before it.
    static func localDistrict(
        global: Int, areaItems: [[(feature: Int, name: String)]], kept: [Set<Int>], paths: [String?],
        files: ScenarioFiles
    ) -> Int {
        var globalIndex = 0
        var local = 0
        var areaOrdinal = 0
        for (r, polygon) in files.polygons.enumerated() where polygon.role == .area {
            defer { areaOrdinal += 1 }
            for item in areaItems[r] {
                let inTile = paths[r] != nil && kept[areaOrdinal].contains(item.feature)
                if globalIndex == global { return local }
                globalIndex += 1
                if inTile { local += 1 }
            }
        }
        return local
    }

    /// The global scenario's input files relative to its folder, in the loader's order without
    /// repeats, and their digest.
    static func globalInputs(_ scenario: Scenario, scenarioURL: URL, displayName: String) throws(PlanningError) -> (
        names: [String], sha256: String
    ) {
        let folder = (displayName as NSString).deletingLastPathComponent
        var names: [String] = []
        for input in scenario.inputs {
            var name = input.name
            if !folder.isEmpty, name.hasPrefix(folder + "/") { name = String(name.dropFirst(folder.count + 1)) }
            if !names.contains(name) { names.append(name) }
        }
        let base = scenarioURL.deletingLastPathComponent()
        return (names, try InputDigest.sha256(of: names, in: base, display: folder))
    }

    /// A file name for a copy of `path` not yet used in the tile folder.
    static func uniqueName(_ path: String, taken: inout Set<String>) -> String {
        let base = (path as NSString).lastPathComponent
        var name = base
        var k = 2
        while taken.contains(name) {
            name = "\(k)-\(base)"
            k += 1
        }
        taken.insert(name)
        return name
    }

    /// `target` relative to folder `from` (both made absolute), with `..` where needed.
    public static func relativePath(from folder: URL, to target: URL) -> String {
        let a = folder.standardizedFileURL.resolvingSymlinksInPath().pathComponents
        let b =
            target.standardizedFileURL.deletingLastPathComponent().resolvingSymlinksInPath().pathComponents
            + [target.lastPathComponent]
        var common = 0
        while common < a.count, common < b.count - 1, a[common] == b[common] { common += 1 }
        return (Array(repeating: "..", count: a.count - common) + b[common...]).joined(separator: "/")
    }
}
