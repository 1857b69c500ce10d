import Foundation
import Geo
import Support

extension TileResult {
    /// Which cut and tile an output belongs to.
    public struct Stamp: Sendable {
        public var index: Int
        public var inputSHA256: String
        public var scenarioSHA256: String
        public var nrplanVersion: String
    }

    /// `tile.json` (numbers in shortest round-trip form: the merge reads back the same doubles).
    public var json: JSONValue {
        let border: [JSONValue] = bound.border.map { .array([.string($0.id), .number($0.sum)]) }
        return .object([
            ("version", .number(Double(TileManifest.formatVersion))),
            ("index", .number(Double(index))),
            ("name", .string(name)),
            ("input_sha256", .string(inputSHA256)),
            ("scenario_sha256", .string(scenarioSHA256)),
            ("nrplan_version", .string(nrplanVersion)),
            ("cells", .number(Double(cells))),
            ("weight", .number(weight)),
            ("target_weight", .number(targetWeight)),
            ("covered_weight", .number(coveredWeight)),
            ("shortfall_weight", .number(shortfallWeight)),
            ("cost", .number(cost)),
            ("lower_bound", lowerBound.map { .number($0) } ?? .null),
            ("new_sites", .array(newSites.map { .string($0) })),
            (
                "continuation",
                .array(continuation.map { .array([.string($0.id), .number($0.gain), .number($0.cost)]) })
            ),
            ("columns", .array(columns.map { .string($0) })),
            (
                "multipliers",
                .object([("file", .string(Self.multipliersFile)), ("sha256", .string(multipliersSHA256))])
            ),
            (
                "bound",
                .object([
                    ("must", .number(bound.must)), ("interior", .number(bound.interior)), ("border", .array(border)),
                    ("ladder", .array(bound.ladder.map { .number($0) })),
                    ("interior_clipped", .array(bound.interiorClipped.map { .number($0) })),
                    ("fixed_covered_weight", .number(bound.fixedCoveredWeight)),
                    ("must_weight_free", .number(bound.mustWeightFree)),
                ])
            ),
            ("seconds", .object(stageSeconds.map { ($0.name, .number($0.seconds, .seconds)) })),
            ("peak_rss_bytes", .number(Double(peakRSSBytes))),
            ("threads", .number(Double(threads))),
        ])
    }

    /// The fields that say where an output belongs, from a `tile.json` that may be of any version.
    static func readStamp(_ url: URL, displayName: String) throws(PlanningError) -> Stamp {
        var d = Diagnostics()
        let fields = try parseFile(url, displayName: displayName, &d)
        let stamp = stamp(fields, &d)
        guard let stamp, !d.hasErrors else { throw .invalidInput(d.errors) }
        return stamp
    }

    static func parseFile(_ url: URL, displayName: String, _ d: inout Diagnostics) throws(PlanningError) -> JSONFields {
        let data: Data
        do {
            data = try GeoJSONReader.readFile(url, displayName: displayName)
        } catch {
            throw .invalidInput([Problem(error)])
        }
        guard let fields = ScenarioLoader.parseTopLevel(data, file: displayName, &d) else {
            throw .invalidInput(d.errors)
        }
        return fields
    }

    static func stamp(_ f: JSONFields, _ d: inout Diagnostics) -> Stamp? {
        let index = f.integer("index", required: true, minimum: 0, &d)
        let input = f.string("input_sha256", required: true, &d)
        let scenario = f.string("scenario_sha256", required: true, &d)
        let version = f.string("nrplan_version", required: true, &d)
        guard let index, let input, let scenario, let version else { return nil }
        return Stamp(index: index, inputSHA256: input, scenarioSHA256: scenario, nrplanVersion: version)
    }

    /// Reads a whole `tile.json`; problems are added to `d` (nil when there was one).
    static func read(_ url: URL, displayName: String, _ d: inout Diagnostics) -> TileResult? {
        let fields: JSONFields
        do {
            fields = try parseFile(url, displayName: displayName, &d)
        } catch {
            if case .invalidInput(let problems) = error { for p in problems { d.add(p) } }
            return nil
        }
        let before = d.errors.count
        guard let stamp = stamp(fields, &d) else { return nil }
        let name = fields.string("name", required: true, &d)
        let cells = fields.integer("cells", required: true, minimum: 0, &d)
        func number(_ key: String) -> Double? { fields.number(key, required: true, &d) }
        let weight = number("weight")
        let target = number("target_weight")
        let covered = number("covered_weight")
        let shortfall = number("shortfall_weight")
        let cost = number("cost")
        let lower = fields.number("lower_bound", &d)
        let newSites = TileManifest.strings(fields, "new_sites", &d)
        let columns = TileManifest.strings(fields, "columns", &d)
        var continuation: [(id: String, gain: Double, cost: Double)] = []
        for entry in fields.value["continuation"]?.arrayValue ?? [] {
            if let list = entry.arrayValue, list.count == 3, let id = list[0].stringValue, let g = list[1].doubleValue,
                let c = list[2].doubleValue
            {
                continuation.append((id, g, c))
            } else {
                d.error(
                    displayName, field: "continuation", expected: "[id, gain, cost] entries", found: describe(entry))
            }
        }
        var bound: TileBound?
        if let b = fields.object("bound", required: true, &d) {
            var border: [(id: String, sum: Double)] = []
            for entry in b.value["border"]?.arrayValue ?? [] {
                if let list = entry.arrayValue, list.count == 2, let id = list[0].stringValue,
                    let s = list[1].doubleValue
                {
                    border.append((id, s))
                } else {
                    d.error(displayName, field: "bound.border", expected: "[id, sum] entries", found: describe(entry))
                }
            }
            let ladder = b.value["ladder"]?.arrayValue?.compactMap(\.doubleValue)
            let clipped = b.value["interior_clipped"]?.arrayValue?.compactMap(\.doubleValue)
            if let must = b.number("must", required: true, &d), let interior = b.number("interior", required: true, &d),
                let fixed = b.number("fixed_covered_weight", required: true, &d),
                let mustWeight = b.number("must_weight_free", required: true, &d), let ladder, let clipped,
                clipped.count == ladder.count
            {
                bound = TileBound(
                    must: must, interior: interior, border: border, ladder: ladder, interiorClipped: clipped,
                    fixedCoveredWeight: fixed, mustWeightFree: mustWeight)
            } else if ladder == nil || clipped?.count != ladder?.count {
                d.error(
                    displayName, field: "bound.ladder",
                    expected: "ladder and interior_clipped: arrays of numbers of one length",
                    found: "something else")
            }
        }
        let seconds = (fields.value["seconds"]?.objectMembers ?? []).compactMap { member in
            member.value.doubleValue.map { (name: member.key, seconds: $0) }
        }
        let multipliersSHA = fields.object("multipliers", required: true, &d)?.string("sha256", required: true, &d)
        let peak = fields.number("peak_rss_bytes", &d) ?? 0
        let threads = fields.integer("threads", minimum: 0, &d) ?? 0
        guard d.errors.count == before, let name, let cells, let weight, let target, let covered, let shortfall,
            let cost, let newSites, let columns, let bound, let multipliersSHA
        else { return nil }
        return TileResult(
            index: stamp.index, name: name, inputSHA256: stamp.inputSHA256, scenarioSHA256: stamp.scenarioSHA256,
            nrplanVersion: stamp.nrplanVersion, cells: cells, weight: weight, targetWeight: target,
            coveredWeight: covered, shortfallWeight: shortfall, cost: cost, lowerBound: lower, newSites: newSites,
            continuation: continuation, columns: columns, bound: bound, multipliers: [],
            multipliersSHA256: multipliersSHA, stageSeconds: seconds,
            peakRSSBytes: Int(peak), threads: threads)
    }
}
