import Geo
import Planning
import Support

extension Summary {
    static func district(_ d: DistrictCoverage) -> JSONValue {
        .object([
            ("name", .string(d.name)),
            ("cells", .number(Double(d.cells))),
            ("coverage_ratio", number(d.coverageRatio)),
            ("area_coverage_ratio", number(d.areaCoverageRatio)),
            ("holes", .number(Double(d.holes))),
            ("largest_hole_m2", number(d.largestHoleSquareMeters, 1)),
            ("covered_components", .number(Double(d.coveredComponents))),
        ])
    }

    /// The `continuity` object shared by `solve` and `audit`: per-district coverage and holes,
    /// covered components, the radio field's distributions, and target verdicts when checked.
    public static func continuity(_ c: Continuity, field: RadioField?, verdicts: [TargetVerdict]?) -> JSONValue {
        var members: [(key: String, value: JSONValue)] = [
            ("coverage_ratio", number(c.coverageRatio)),
            ("covered_components", .number(Double(c.coveredComponents))),
            (
                "holes",
                .object([
                    ("count", .number(Double(c.holes.count))),
                    ("enclosed", .number(Double(c.holes.filter { !$0.touchesEdge }.count))),
                    ("largest_m2", number(c.largestHoleSquareMeters, 1)),
                    ("total_m2", number(c.holes.reduce(0) { $0 + $1.areaSquareMeters }, 1)),
                ])
            ),
            ("districts", .array(c.districts.map(district))),
        ]
        if let field {
            let stats = field.statistics
            let settings = field.settings
            func p(_ values: [Double], _ q: Double) -> JSONValue { number(Statistics.percentile(values, q), 2) }
            members.append(
                (
                    "rsrp_dbm",
                    .object([
                        ("p5", p(stats.sortedRSRP, 5)), ("p50", p(stats.sortedRSRP, 50)),
                        ("p95", p(stats.sortedRSRP, 95)),
                    ])
                ))
            members.append(
                (
                    "sinr_db",
                    .object([
                        ("load", number(settings.loadFraction, 3)),
                        ("p5", p(stats.sortedSINR, 5)), ("p50", p(stats.sortedSINR, 50)),
                        ("p95", p(stats.sortedSINR, 95)),
                        ("threshold_db", number(settings.sinrThresholdDB, 2)),
                        ("share_at_or_above_threshold", number(stats.shareSINRAboveThreshold)),
                    ])
                ))
            members.append(
                (
                    "overlap",
                    .object([
                        ("window_db", number(settings.overlapWindowDB, 2)),
                        ("mean_servers", number(stats.meanOverlapServers, 3)),
                        ("share_4_or_more_servers", number(stats.sharePilotPolluted)),
                    ])
                ))
        }
        if let verdicts {
            members.append(
                (
                    "targets",
                    .object([
                        ("passed", .bool(verdicts.allSatisfy(\.passed))),
                        ("failed", .number(Double(verdicts.filter { !$0.passed }.count))),
                        ("verdicts", .array(verdicts.map(verdict))),
                    ])
                ))
        }
        return .object(members)
    }

    static func verdict(_ v: TargetVerdict) -> JSONValue {
        .object([
            ("target", .string(v.target)),
            ("scope", .string(v.scope)),
            ("limit", .string(v.isMinimum ? "min" : "max")),
            ("required", number(v.required, 6)),
            ("measured", number(v.measured, 6)),
            ("shortfall", number(v.shortfall, 6)),
            ("passed", .bool(v.passed)),
        ])
    }
}
