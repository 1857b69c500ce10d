import Foundation
import Geo
import Radio

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
    public var objective: ObjectiveSettings
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

/// An input file's identity for provenance: name, byte size, FNV-1a 64-bit hash of the bytes.
public struct InputFile: Sendable, Hashable {
    public var name: String
    public var bytes: Int
    public var fnv1a64: String

    public init(name: String, data: Data) {
        self.name = name
        self.bytes = data.count
        // Over the raw buffer: iterating `Data` byte by byte costs more than the parse of the file.
        let hash = data.withUnsafeBytes { raw -> UInt64 in
            var hash: UInt64 = 0xcbf2_9ce4_8422_2325
            for byte in raw {
                hash ^= UInt64(byte)
                hash = hash &* 0x0000_0100_0000_01B3
            }
            return hash
        }
        let hex = String(hash, radix: 16)
        self.fnv1a64 = String(repeating: "0", count: 16 - hex.count) + hex
    }
}
