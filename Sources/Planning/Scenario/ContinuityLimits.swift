/// The continuity limits of a min-cost job (docs/scenario.md, `objective`): no enclosed hole larger
/// than a given area, at most so many covered components per district, no uncovered stretch of a
/// road longer than a given length — planned for by constraint generation (docs/solver.md,
/// "Continuity constraints").
public struct ContinuityLimits: Sendable, Equatable {
    /// Limits of one district; `nil` members take the scenario-wide value.
    public struct DistrictLimits: Sendable, Equatable {
        /// `.some(nil)` switches the scenario-wide hole limit off in this district (`"max_hole_m2": null`).
        public var maxHoleSquareMeters: Double??
        public var edgeHoles: Bool?
        /// `.some(nil)` switches the scenario-wide component limit off (`"max_components": null`).
        public var maxComponents: Int??

        public init(maxHoleSquareMeters: Double?? = nil, edgeHoles: Bool? = nil, maxComponents: Int?? = nil) {
            self.maxHoleSquareMeters = maxHoleSquareMeters
            self.edgeHoles = edgeHoles
            self.maxComponents = maxComponents
        }
    }

    /// The limits that apply in one district, resolved.
    public struct Resolved: Sendable, Equatable {
        /// No hole (enclosed, or any with `edgeHoles`) larger than this (m²); nil = no limit.
        public var maxHoleSquareMeters: Double?
        /// Whether the hole limit applies to edge holes too.
        public var edgeHoles: Bool
        /// At most this many covered components in the district; nil = no limit.
        public var maxComponents: Int?

        /// The largest number of cells a limited hole may have: ⌊limit / cell area⌋ (with a 10⁻⁹
        /// relative slack, so a limit of exactly four cells allows four), nil without a limit.
        public func maxHoleCells(cellAreaSquareMeters: Double) -> Int? {
            maxHoleSquareMeters.map { Int(($0 / cellAreaSquareMeters * (1 + 1e-9)).rounded(.down)) }
        }
    }

    /// Scenario-wide hole limit (m²).
    public var maxHoleSquareMeters: Double?
    /// Scenario-wide: whether the hole limit applies to holes touching the edge of the demand region.
    public var edgeHoles = false
    /// Scenario-wide limit on covered components per district.
    public var maxComponents: Int?
    /// Per-district overrides by district name, in scenario order.
    public var districts: [String: DistrictLimits] = [:]
    /// No uncovered stretch of a road (`demand.roads`) longer than this (metres).
    public var maxRoadGapMeters: Double?

    public init() {}

    /// True when no limit is set anywhere (a plain coverage-target job).
    public var isEmpty: Bool {
        maxHoleSquareMeters == nil && maxComponents == nil && maxRoadGapMeters == nil
            && districts.values.allSatisfy {
                ($0.maxHoleSquareMeters ?? nil) == nil && ($0.maxComponents ?? nil) == nil
            }
    }

    /// True when some district has a hole or component limit.
    public var limitsAreas: Bool {
        maxHoleSquareMeters != nil || maxComponents != nil
            || districts.values.contains { ($0.maxHoleSquareMeters ?? nil) != nil || ($0.maxComponents ?? nil) != nil }
    }

    /// The limits of each district (by index of `names`): its override member by member, else the
    /// scenario-wide value.
    public func resolved(districtNames names: [String]) -> [Resolved] {
        names.map { name in
            let own = districts[name] ?? DistrictLimits()
            return Resolved(
                maxHoleSquareMeters: own.maxHoleSquareMeters ?? maxHoleSquareMeters,
                edgeHoles: own.edgeHoles ?? edgeHoles,
                maxComponents: own.maxComponents ?? maxComponents)
        }
    }
}
