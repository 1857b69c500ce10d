import Geo
import Planning
import Support

extension Summary {
    /// What a solve adds for continuous-coverage planning: `sites_new_by_source`, and when they
    /// apply `greenfield`, `roads` and `continuity_limits` (docs/outputs.md).
    static func limitsMembers(_ plan: Plan) -> Members {
        var bySource: [SiteSource: Int] = [:]
        for k in plan.network.newIndices { bySource[plan.network.sites[k].source, default: 0] += 1 }
        var members: Members = [
            (
                "sites_new_by_source",
                .object(SiteSource.allCases.compactMap { s in bySource[s].map { (s.rawValue, .number(Double($0))) } })
            )
        ]
        if let settings = plan.scenario.greenfield, let statistics = plan.radio?.columns.greenfield {
            let unavoidable = plan.continuityPlanning?.unavoidable ?? []
            members.append(
                (
                    "greenfield",
                    .object([
                        ("step_m", number(settings.stepMeters, 3)),
                        ("cost", number(settings.cost, 4)),
                        ("kind", .string(settings.kind.rawValue)),
                        ("height_m", number(settings.heightMeters, 3)),
                        ("profile", .string(settings.profileName)),
                        ("min_distance_m", number(settings.minDistanceMeters, 3)),
                        ("positions", .number(Double(statistics.positions))),
                        ("near_catalogue", .number(Double(statistics.nearCatalogue))),
                        ("candidates", .number(Double(statistics.candidates))),
                        ("sites_new", .number(Double(bySource[.greenfield] ?? 0))),
                        ("unavoidable", .number(Double(unavoidable.count))),
                        ("unavoidable_sites", .array(unavoidable.map(unavoidableSite))),
                    ])
                ))
        }
        if let roads = plan.roads {
            members.append(("roads", roadsValue(roads, limit: plan.scenario.continuity.maxRoadGapMeters)))
        }
        if let planning = plan.continuityPlanning {
            members.append(("continuity_limits", limitsValue(plan.scenario.continuity, planning: planning)))
        }
        return members
    }

    static func unavoidableSite(_ site: ContinuityPlanning.UnavoidableSite) -> JSONValue {
        .object([
            ("id", .string(site.id)),
            ("lon", .number(site.location.x, .degrees)),
            ("lat", .number(site.location.y, .degrees)),
            ("district", .string(site.district)),
            ("serves", .string(site.serves)),
            ("place", .string(site.place)),
        ])
    }

    /// `roads`: per road its name, length inside the area, covered share, longest uncovered stretch
    /// and the number of uncovered stretches (and of those over the limit).
    public static func roadsValue(_ roads: RoadReport, limit: Double?) -> JSONValue {
        var over = [Int](repeating: 0, count: roads.roads.count)
        if let limit { for gap in roads.gaps where gap.lengthMeters > limit * (1 + 1e-9) { over[gap.road] += 1 } }
        return .array(
            roads.roads.enumerated().map { r, road in
                .object([
                    ("name", .string(road.name)),
                    ("length_m", number(road.lengthMeters, 1)),
                    ("covered_share", number(road.coveredShare)),
                    ("longest_gap_m", number(road.longestGapMeters, 1)),
                    ("gaps", .number(Double(road.gaps))),
                    ("gaps_over_limit", .number(Double(over[r]))),
                ])
            })
    }

    /// `continuity_limits`: the limits, whether the plan meets them, every round of constraint
    /// generation and the bound with the relaxation it bounds.
    static func limitsValue(_ limits: ContinuityLimits, planning: ContinuityPlanning) -> JSONValue {
        func optionalCount(_ value: Int?) -> JSONValue { value.map { .number(Double($0)) } ?? .null }
        let districts: Members = limits.districts.keys.sorted().map { name in
            let own = limits.districts[name] ?? ContinuityLimits.DistrictLimits()
            var members: Members = []
            if let area = own.maxHoleSquareMeters { members.append(("max_hole_m2", optional(area))) }
            if let edge = own.edgeHoles { members.append(("edge_holes", .bool(edge))) }
            if let count = own.maxComponents { members.append(("max_components", optionalCount(count))) }
            return (name, .object(members))
        }
        return .object([
            ("max_hole_m2", optional(limits.maxHoleSquareMeters)),
            ("edge_holes", .bool(limits.edgeHoles)),
            ("max_components", optionalCount(limits.maxComponents)),
            ("districts", .object(districts)),
            ("max_road_gap_m", optional(limits.maxRoadGapMeters)),
            ("met", .bool(planning.met)),
            (
                "rows",
                .object([
                    ("valid", .number(Double(planning.validRows))),
                    ("heuristic", .number(Double(planning.heuristicRows))),
                ])
            ),
            (
                "bound",
                .object([
                    ("value", optional(planning.lowerBound, 4)),
                    ("relaxation", .string(planning.relaxation)),
                    ("round", optionalCount(planning.boundRound)),
                    ("with_heuristic_rows", optional(planning.boundWithHeuristicRows, 4)),
                ])
            ),
            (
                "rounds",
                .array(
                    planning.rounds.map { round in
                        .object([
                            ("round", .number(Double(round.round))),
                            (
                                "rows_added",
                                .object([
                                    ("valid", .number(Double(round.validRowsAdded))),
                                    ("heuristic", .number(Double(round.heuristicRowsAdded))),
                                ])
                            ),
                            ("cost", number(round.cost, 4)),
                            ("lower_bound", optional(round.lowerBound, 4)),
                            (
                                "violations",
                                .object([
                                    ("holes", .number(Double(round.holes))),
                                    ("components", .number(Double(round.components))),
                                    ("road_gaps", .number(Double(round.roadGaps))),
                                ])
                            ),
                            ("full_effort", .bool(round.fullEffort)),
                            ("seconds", number(round.seconds, 3)),
                        ])
                    })
            ),
        ])
    }
}
