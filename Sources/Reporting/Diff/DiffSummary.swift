import Geo
import Planning
import Support

/// `summary.json` of `nrplan diff`: every count and delta, keys in a fixed order (docs/outputs.md).
enum DiffSummary {
    static func json(_ diff: PlanDiff) -> JSONValue {
        func optional(_ value: Double?, _ decimals: Int = 6) -> JSONValue {
            value.map { Summary.number($0, decimals) } ?? .null
        }
        func delta(_ a: Double?, _ b: Double?, _ decimals: Int = 6) -> JSONValue {
            guard let a, let b else { return .null }
            return Summary.number(b - a, decimals)
        }
        func run(_ r: RunFolder) -> JSONValue {
            .object([
                ("folder", .string(r.path)), ("command", .string(r.command)), ("source", .string(r.source)),
                ("version", r.summary["version"] ?? .null), ("sites", .number(Double(r.sites.count))),
                ("holes", .number(Double(r.holes.count))), ("cell_m", optional(r.cellMeters, 3)),
            ])
        }
        let sites = diff.sites
        let coverageA = diff.a.summary["coverage_ratio"]?.doubleValue
        let coverageB = diff.b.summary["coverage_ratio"]?.doubleValue
        let moved = sites.entries.filter { $0.change == .moved }
        let sitesCounts: [(key: String, value: JSONValue)] = [
            ("sites_added", .number(Double(sites.count(.added)))),
            ("sites_removed", .number(Double(sites.count(.removed)))),
            ("sites_kept", .number(Double(sites.count(.kept)))),
            ("sites_moved", .number(Double(moved.count))),
            ("sites_moved_same_id", .number(Double(moved.filter(\.sameID).count))),
            ("sites_moved_new_id", .number(Double(moved.filter { !$0.sameID }.count))),
            ("sites_a", .number(Double(diff.a.sites.count))),
            ("sites_b", .number(Double(diff.b.sites.count))),
        ]
        let costs: [(key: String, value: JSONValue)] = [
            ("cost_a", optional(diff.a.cost, 4)),
            ("cost_b", optional(diff.b.cost, 4)),
            ("cost_delta", delta(diff.a.cost, diff.b.cost, 4)),
            ("cost_added", Summary.number(diff.costAdded, 4)),
            ("cost_removed", Summary.number(diff.costRemoved, 4)),
        ]
        let coverage: [(key: String, value: JSONValue)] = [
            ("coverage_ratio_a", optional(coverageA)),
            ("coverage_ratio_b", optional(coverageB)),
            ("coverage_ratio_delta", delta(coverageA, coverageB)),
            ("covered_components_a", diff.a.summary["covered_components"] ?? .null),
            ("covered_components_b", diff.b.summary["covered_components"] ?? .null),
        ]
        var members: [(key: String, value: JSONValue)] = [
            ("version", .string(NRPlanVersion.string)),
            ("command", .string("diff")),
            ("a", run(diff.a)),
            ("b", run(diff.b)),
            ("tolerance_m", Summary.number(sites.toleranceMeters, 3)),
        ]
        members += sitesCounts + costs + coverage
        var change: JSONValue = .null
        if let result = diff.coverageChange {
            let area = result.areaSquareMeters
            change = .object([
                ("covered_both_m2", Summary.number(area[0], 1)), ("gained_m2", Summary.number(area[1], 1)),
                ("lost_m2", Summary.number(area[2], 1)), ("uncovered_both_m2", Summary.number(area[3], 1)),
                ("one_run_only_m2", Summary.number(area[4], 1)),
            ])
        }
        members.append(("coverage_change", change))
        members += [
            ("holes", holesObject(diff)),
            ("districts", districtsArray(diff)),
            ("warnings", .array(diff.warnings.map { .string($0) })),
        ]
        return .object(members)
    }

    /// `holes`: counts of both runs and of each change, areas, and the overlap that makes a match.
    static func holesObject(_ diff: PlanDiff) -> JSONValue {
        let holes = diff.holes
        let holeArea = { (r: RunFolder) in r.holes.reduce(0) { $0 + $1.areaSquareMeters } }
        var holeMembers: [(key: String, value: JSONValue)] = [
            ("count_a", .number(Double(diff.a.holes.count))), ("count_b", .number(Double(diff.b.holes.count))),
        ]
        for change in HoleDiff.Change.allCases {
            holeMembers.append((change.rawValue, .number(Double(holes.count(change)))))
        }
        holeMembers += [
            ("area_a_m2", Summary.number(holeArea(diff.a), 1)), ("area_b_m2", Summary.number(holeArea(diff.b), 1)),
            ("largest_a_m2", diff.a.summary["largest_hole_m2"] ?? .null),
            ("largest_b_m2", diff.b.summary["largest_hole_m2"] ?? .null),
            ("min_overlap_m2", Summary.number(holes.minimumOverlapSquareMeters, 3)),
        ]
        return .object(holeMembers)
    }

    /// `districts`: each district's coverage, holes and largest hole in A and B.
    static func districtsArray(_ diff: PlanDiff) -> JSONValue {
        func optional(_ value: Double?, _ decimals: Int = 6) -> JSONValue {
            value.map { Summary.number($0, decimals) } ?? .null
        }
        func delta(_ a: Double?, _ b: Double?) -> JSONValue {
            guard let a, let b else { return .null }
            return Summary.number(b - a, 6)
        }
        return .array(
            diff.districts.map { d in
                let members: [(key: String, value: JSONValue)] = [
                    ("name", .string(d.name)),
                    ("coverage_ratio_a", optional(d.coverageA)),
                    ("coverage_ratio_b", optional(d.coverageB)),
                    ("coverage_ratio_delta", delta(d.coverageA, d.coverageB)),
                    ("holes_a", d.holesA.map { .number(Double($0)) } ?? .null),
                    ("holes_b", d.holesB.map { .number(Double($0)) } ?? .null),
                    ("largest_hole_a_m2", optional(d.largestHoleA, 1)),
                    ("largest_hole_b_m2", optional(d.largestHoleB, 1)),
                ]
                return .object(members)
            })
    }
}
