import Foundation
import Geo
import Radio
import Support

/// A siting job, fully loaded and checked: the planning area, candidate and existing sites,
/// exclusions, demand settings, radio profiles and the objective.
///
/// Produced by `ScenarioLoader` from a scenario file (docs/scenario.md) or built in code.
public struct Scenario: Sendable {
    public var name: String
    /// The scenario file as the user named it (for messages and summary).
    public var file: String
    public var districts: [District]
    public var candidates: [Site]
    public var existing: [Site]
    public var exclusions: [Exclusion]
    public var demand: DemandSettings
    public var radio: RadioSettings
    /// The plan's objective; with `phases`, the last phase's.
    public var objective: ObjectiveSettings
    /// A phased rollout (`objective.phases`), in order; empty for a plan in one step.
    public var phases: [RolloutPhase] = []
    public var seed: UInt64
    /// Every input file with its size and a content hash, for the summary's provenance.
    public var inputs: [InputFile]
    /// `.planar` when every coordinate is planar metres (`"crs": "planar"`); otherwise `.wgs84`
    /// (geographic inputs are converted to WGS-84 on load).
    public var frame: CoordinateSystem = .wgs84
    /// Service-radius siting (site types with a radius and a cost), or nil for the radio model.
    public var service: ServiceSettings?
    /// Solver effort and time limit.
    public var solver = SolverSettings()
    /// Continuity limits of the objective (holes, covered components, road gaps); empty for a plain
    /// coverage-target job.
    public var continuity = ContinuityLimits()
    /// New-build positions on a lattice, or nil.
    public var greenfield: GreenfieldSettings?
    /// Busy-hour traffic and site capacity for load-aware siting, or nil to plan for coverage alone.
    public var capacity: CapacitySettings?

    public init(
        name: String, file: String, districts: [District], candidates: [Site], existing: [Site],
        exclusions: [Exclusion], demand: DemandSettings, radio: RadioSettings, objective: ObjectiveSettings,
        seed: UInt64, inputs: [InputFile] = []
    ) {
        self.name = name
        self.file = file
        self.districts = districts
        self.candidates = candidates
        self.existing = existing
        self.exclusions = exclusions
        self.demand = demand
        self.radio = radio
        self.objective = objective
        self.seed = seed
        self.inputs = inputs
    }
}

/// How demand cells are made and weighted (docs/scenario.md, `demand`).
public struct DemandSettings: Sendable {
    /// Side of a square demand cell in metres.
    public var cellMeters: Double
    /// Layers that set cell weights (none: a cell weighs its area in m²).
    public var layers: [DemandLayer]
    /// Priority zones: weight multipliers and must-cover cells.
    public var priorityZones: [PriorityZone]
    /// Land use choosing the propagation scenario and penetration per cell.
    public var clutter: ClutterLayer?
    /// Demand as weighted points (one demand cell per point) instead of the area's polygon grid.
    public var points: DemandPoints?
    /// Road corridors sampled along their lines, or nil.
    public var roads: RoadSettings?

    public init(
        cellMeters: Double, layers: [DemandLayer] = [], priorityZones: [PriorityZone] = [], clutter: ClutterLayer? = nil
    ) {
        self.cellMeters = cellMeters
        self.layers = layers
        self.priorityZones = priorityZones
        self.clutter = clutter
    }
}

/// The radio profiles of a job: one resolved `RadioProfile` per profile name in use, and the
/// default profile name per site kind.
public struct RadioSettings: Sendable {
    /// Resolved profiles by name (scenario overrides applied).
    public var profiles: [String: RadioProfile]
    /// Profile name per site kind.
    public var profileForKind: [SiteKind: String]
    /// The fields the scenario set in each profile (`rsrp_threshold_dbm`, `edge_reliability`,
    /// `radio.overrides`), sorted, by profile name; recorded in `summary.json`'s `radio.profiles`.
    public var overriddenFields: [String: [String]] = [:]
    /// The fields set for every profile (`rsrp_threshold_dbm`, `edge_reliability`), so that a profile
    /// named later (`audit --profile`) gets them too.
    public var commonOverrides: [String: Double] = [:]
    /// The calibration files (`radio.calibration`) whose overrides the profiles carry.
    public var calibrations: [CalibrationReference] = []

    public init(
        profiles: [String: RadioProfile], profileForKind: [SiteKind: String], calibrations: [CalibrationReference] = []
    ) {
        self.profiles = profiles
        self.profileForKind = profileForKind
        self.calibrations = calibrations
    }
}

/// What the solver optimises.
public enum ObjectiveSettings: Sendable, Hashable {
    /// Least cost such that covered demand weight ≥ `coverageTarget` × total.
    case minCost(coverageTarget: Double)
    /// Most covered demand weight with at most `sites` new sites (and/or a budget).
    case maxCoverage(sites: Int?, budget: Double?)

    /// The scenario's name of the objective type.
    public var typeName: String {
        switch self {
        case .minCost: return "min_cost"
        case .maxCoverage: return "max_coverage"
        }
    }
}

/// An input file's identity for provenance: name, role, byte size and SHA-256 of the bytes — the
/// digest `sha256sum FILE` prints, so anyone can check that a summary was computed from these files.
public struct InputFile: Sendable, Hashable {
    /// The file as messages name it.
    public var name: String
    /// What the file is to the run: `scenario`, or the member that named it (`candidates[1]`,
    /// `demand.layers[0]`), or the command-line option (`--sites`).
    public var role: String
    public var bytes: Int
    /// SHA-256 of the file's bytes, 64 lowercase hex digits.
    public var sha256: String

    public init(name: String, role: String, data: Data) {
        self.name = name
        self.role = role
        self.bytes = data.count
        self.sha256 = SHA256.hex(data)
    }

    /// The identity of a file whose SHA-256 was computed by the caller (`SHA256.hex`).
    public init(name: String, role: String, bytes: Int, sha256: String) {
        self.name = name
        self.role = role
        self.bytes = bytes
        self.sha256 = sha256
    }
}
