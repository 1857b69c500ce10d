import Foundation
import Geo
import Support

/// Continuity targets an audit checks (docs/audit.md; `seeds/continuity-targets.json` is the
/// example derived from the action plan's goal of continuous urban 5G coverage).
///
/// ```json
/// { "overall": {"min_coverage": 0.95, "max_covered_components": 1},
///   "per_district": {"min_coverage": 0.90},
///   "districts": {"示范中区": {"min_coverage": 0.98}},
///   "max_hole_m2": 250000,
///   "max_enclosed_holes": {"count": 0, "min_area_m2": 40000},
///   "sinr": {"percentile": 5, "min_db": -3} }
/// ```
/// Coverage is demand-weighted (covered weight / total weight).
public struct CoverageTargets: Sendable, Hashable {
    /// Limits that apply to one scope (the whole area or a district).
    public struct ScopeLimits: Sendable, Hashable {
        public var minCoverage: Double?
        public var maxCoveredComponents: Int?
        public init(minCoverage: Double? = nil, maxCoveredComponents: Int? = nil) {
            self.minCoverage = minCoverage
            self.maxCoveredComponents = maxCoveredComponents
        }
    }

    public var overall = ScopeLimits()
    /// Limits for every district unless `districts` names it.
    public var perDistrict = ScopeLimits()
    /// Limits for named districts (replacing `perDistrict` member by member).
    public var districts: [String: ScopeLimits] = [:]
    /// No hole may be larger than this (m²).
    public var maxHoleSquareMeters: Double?
    /// At most `count` enclosed holes (not touching the edge) of at least `minAreaSquareMeters`.
    public var maxEnclosedHoles: (count: Int, minAreaSquareMeters: Double)?
    /// The `percentile`-th percentile of the cells' SINR must be at least `minDB`.
    public var sinr: (percentile: Double, minDB: Double)?
    /// No uncovered stretch of a road longer than this (metres; needs roads: `--roads` or the
    /// scenario's `demand.roads`).
    public var maxRoadGapMeters: Double?

    public init() {}

    public static func == (a: CoverageTargets, b: CoverageTargets) -> Bool {
        a.overall == b.overall && a.perDistrict == b.perDistrict && a.districts == b.districts
            && a.maxHoleSquareMeters == b.maxHoleSquareMeters
            && a.maxEnclosedHoles?.count == b.maxEnclosedHoles?.count
            && a.maxEnclosedHoles?.minAreaSquareMeters == b.maxEnclosedHoles?.minAreaSquareMeters
            && a.sinr?.percentile == b.sinr?.percentile && a.sinr?.minDB == b.sinr?.minDB
            && a.maxRoadGapMeters == b.maxRoadGapMeters
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(overall)
        hasher.combine(perDistrict)
        hasher.combine(maxHoleSquareMeters)
    }

    /// Reads a targets file, recording every problem.
    public static func load(_ url: URL, displayName: String, _ diagnostics: inout Diagnostics) -> CoverageTargets? {
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
            diagnostics.error(
                displayName, "line \(error.line), column \(error.column)", message: "invalid JSON: \(error.message)")
            return nil
        }
        guard case .object = root else {
            diagnostics.error(
                displayName, "top level", expected: "a JSON object of targets", found: root.typeDescription)
            return nil
        }
        let before = diagnostics.errors.count
        let fields = JSONFields(root, file: displayName)
        fields.warnUnknownKeys(
            [
                "description", "source", "overall", "per_district", "districts", "max_hole_m2", "max_enclosed_holes",
                "sinr", "max_road_gap_m",
            ], &diagnostics)
        var targets = CoverageTargets()
        func limits(_ object: JSONFields) -> ScopeLimits {
            object.warnUnknownKeys(["min_coverage", "max_covered_components"], &diagnostics)
            return ScopeLimits(
                minCoverage: object.number(
                    "min_coverage", in: 0...1, rangeText: "a coverage fraction in [0, 1]", &diagnostics),
                maxCoveredComponents: object.integer("max_covered_components", minimum: 1, &diagnostics))
        }
        if let overall = fields.object("overall", &diagnostics) { targets.overall = limits(overall) }
        if let per = fields.object("per_district", &diagnostics) { targets.perDistrict = limits(per) }
        if let named = fields.object("districts", &diagnostics) {
            for member in named.value.objectMembers ?? [] {
                guard case .object = member.value else {
                    diagnostics.error(
                        displayName, nil, field: "districts.\(member.key)", expected: "an object of limits",
                        found: describe(member.value))
                    continue
                }
                targets.districts[member.key] = limits(
                    JSONFields(member.value, file: displayName, prefix: "districts.\(member.key)"))
            }
        }
        targets.maxHoleSquareMeters = fields.number(
            "max_hole_m2", in: 0...Double.greatestFiniteMagnitude, rangeText: "an area in m² ≥ 0", &diagnostics)
        if let enclosed = fields.object("max_enclosed_holes", &diagnostics) {
            enclosed.warnUnknownKeys(["count", "min_area_m2"], &diagnostics)
            if let count = enclosed.integer("count", required: true, minimum: 0, &diagnostics) {
                let area =
                    enclosed.number(
                        "min_area_m2", in: 0...Double.greatestFiniteMagnitude, rangeText: "an area in m² ≥ 0",
                        &diagnostics) ?? 0
                targets.maxEnclosedHoles = (count, area)
            }
        }
        targets.maxRoadGapMeters = fields.number(
            "max_road_gap_m", in: 0...1e7, rangeText: "a length in metres ≥ 0", &diagnostics)
        if let sinr = fields.object("sinr", &diagnostics) {
            sinr.warnUnknownKeys(["percentile", "min_db"], &diagnostics)
            let percentile = sinr.number(
                "percentile", required: true, in: 0...100, rangeText: "a percentile in [0, 100]", &diagnostics)
            let minDB = sinr.number(
                "min_db", required: true, in: -50...60, rangeText: "an SINR in dB between -50 and 60", &diagnostics)
            if let percentile, let minDB { targets.sinr = (percentile, minDB) }
        }
        return diagnostics.errors.count == before ? targets : nil
    }
}

/// The verdict on one target.
public struct TargetVerdict: Sendable, Hashable {
    /// e.g. `min_coverage`, `max_hole_m2`, `sinr_p5_min_db`.
    public var target: String
    /// `overall`, a district name, or `holes`.
    public var scope: String
    /// The limit.
    public var required: Double
    /// The measured value.
    public var measured: Double
    /// How far the measurement is from the limit, positive when it fails by that much
    /// (0 when it passes exactly, negative when it passes with room to spare).
    public var shortfall: Double
    public var passed: Bool
    /// Whether the limit is a minimum (`≥`) or a maximum (`≤`).
    public var isMinimum: Bool
}

extension CoverageTargets {
    /// Checks every target against a network's continuity and radio field, in a fixed order (a SINR
    /// target fails without a field, a road-gap target without roads).
    public func evaluate(_ continuity: Continuity, field: RadioField?, roads: RoadReport? = nil) -> [TargetVerdict] {
        var verdicts: [TargetVerdict] = []
        func atLeast(_ target: String, _ scope: String, _ required: Double, _ measured: Double) {
            verdicts.append(
                TargetVerdict(
                    target: target, scope: scope, required: required, measured: measured,
                    shortfall: required - measured, passed: measured >= required, isMinimum: true))
        }
        func atMost(_ target: String, _ scope: String, _ required: Double, _ measured: Double) {
            verdicts.append(
                TargetVerdict(
                    target: target, scope: scope, required: required, measured: measured,
                    shortfall: measured - required, passed: measured <= required, isMinimum: false))
        }
        if let minimum = overall.minCoverage { atLeast("min_coverage", "overall", minimum, continuity.coverageRatio) }
        if let maximum = overall.maxCoveredComponents {
            atMost("max_covered_components", "overall", Double(maximum), Double(continuity.coveredComponents))
        }
        for district in continuity.districts {
            let named = districts[district.name]
            if let minimum = named?.minCoverage ?? perDistrict.minCoverage {
                atLeast("min_coverage", district.name, minimum, district.coverageRatio)
            }
            if let maximum = named?.maxCoveredComponents ?? perDistrict.maxCoveredComponents {
                atMost("max_covered_components", district.name, Double(maximum), Double(district.coveredComponents))
            }
        }
        if let maximum = maxHoleSquareMeters {
            atMost("max_hole_m2", "holes", maximum, continuity.largestHoleSquareMeters)
        }
        if let enclosed = maxEnclosedHoles {
            let count = continuity.holes.filter {
                !$0.touchesEdge && $0.areaSquareMeters >= enclosed.minAreaSquareMeters
            }.count
            atMost(
                "max_enclosed_holes_ge_\(Int(enclosed.minAreaSquareMeters))_m2", "holes", Double(enclosed.count),
                Double(count))
        }
        if let sinr {
            let measured =
                field.map { Statistics.percentile($0.statistics.sortedSINR, sinr.percentile) } ?? -Double.infinity
            atLeast("sinr_p\(Int(sinr.percentile))_min_db", "overall", sinr.minDB, measured)
        }
        if let gap = maxRoadGapMeters {
            atMost("max_road_gap_m", "roads", gap, roads?.longestGapMeters ?? .infinity)
        }
        for name in districts.keys.sorted() where !continuity.districts.contains(where: { $0.name == name }) {
            // A target for a district the area does not have is a failure to check, not a pass.
            verdicts.append(
                TargetVerdict(
                    target: "district_exists", scope: name, required: 1, measured: 0, shortfall: 1, passed: false,
                    isMinimum: true))
        }
        return verdicts
    }
}
