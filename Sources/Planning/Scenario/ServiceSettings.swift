import Foundation
import Geo

/// Service-radius siting (docs/scenario.md, `service`): instead of a radio model, each site type
/// serves every demand cell whose centre lies within its radius — EV chargers within 1 km, a first
/// planning pass with nominal macro/micro radii, grid benchmarks such as MathorCup 2022 D.
///
/// A column of the covering problem is a (location, type[, sector orientation]) pair; locations are
/// the open catalogue candidates and, optionally, the points of a lattice. At most one column per
/// location is chosen, and with `minimumSpacingMeters` = D new sites stand **strictly more than D**
/// apart from each other and from every existing site (`ColumnPacking`).
public struct ServiceSettings: Sendable, Hashable {
    /// The site types, in scenario order (names unique).
    public var types: [ServiceType]
    /// Minimum spacing D in metres (new–new and new–existing distances must exceed it), or nil.
    public var minimumSpacingMeters: Double?
    /// Lattice candidates, or nil for catalogue candidates only.
    public var lattice: LatticeSettings?

    public init(types: [ServiceType], minimumSpacingMeters: Double? = nil, lattice: LatticeSettings? = nil) {
        self.types = types
        self.minimumSpacingMeters = minimumSpacingMeters
        self.lattice = lattice
    }

    /// The index of the type named `name`.
    public func typeIndex(named name: String) -> Int? { types.firstIndex { $0.name == name } }

    /// The largest reach of any type (metres).
    public var maximumRadiusMeters: Double { types.map(\.radiusMeters).max() ?? 0 }
}

/// One site type of a service-radius job.
public struct ServiceType: Sendable, Hashable {
    public var name: String
    /// Reach r in metres: a cell is served when its centre is at distance ≤ r (inclusive).
    public var radiusMeters: Double
    /// Cost of one site of this type; nil = each catalogue candidate's own cost (its `cost`, or its
    /// kind's default). Lattice sites need a type cost.
    public var cost: Double?
    /// Whether lattice points get columns of this type (catalogue candidates always do, unless their
    /// `type` names another type).
    public var onLattice: Bool
    /// Search this type on a coarser sub-lattice (a multiple of the lattice step); the lower bound
    /// is still extended to every lattice point (see docs/solver.md, "Lattices and the bound").
    public var searchStepMeters: Double?
    /// Sectors instead of a full circle, or nil.
    public var sectors: SectorSettings?

    public init(
        name: String, radiusMeters: Double, cost: Double?, onLattice: Bool = true, searchStepMeters: Double? = nil,
        sectors: SectorSettings? = nil
    ) {
        self.name = name
        self.radiusMeters = radiusMeters
        self.cost = cost
        self.onLattice = onLattice
        self.searchStepMeters = searchStepMeters
        self.sectors = sectors
    }

    /// The sector orientations the solver chooses from (one entry, `nil`, for an omnidirectional type).
    public var orientations: [[Double]?] {
        guard let sectors else { return [nil] }
        return sectors.orientations().map { $0 }
    }
}

/// Sectorised sites (MathorCup 2022 D, Problem 2): `count` sectors per site, each reaching the full
/// radius r on its main direction, shrinking linearly to `edgeReach`·r at ±`halfWidthDegrees` and
/// covering nothing beyond; main directions at least `minimumSeparationDegrees` apart.
///
/// **Angle convention** (used by the outputs and by independent checkers): an azimuth is a compass
/// bearing in degrees, **clockwise from +y** (north, or the plane's y axis) — 0° = +y, 90° = +x —
/// normalised to [0, 360). A point at bearing β and distance d from the site is served by a sector
/// of azimuth θ when, with φ = the absolute angular difference between β and θ in [0°, 180°],
///
///     φ ≤ halfWidth   and   d ≤ r · (1 − (1 − edgeReach) · φ / halfWidth)
///
/// (with the defaults halfWidth 60° and edgeReach ½: d ≤ r·(1 − φ/120°)); the site's own position
/// (d = 0) is served. Distances are compared with a tolerance of 10⁻⁹·r.
public struct SectorSettings: Sendable, Hashable {
    /// How the sector directions of one site may be arranged.
    public enum Arrangement: String, Sendable, Hashable, CaseIterable {
        /// Evenly spread (360°/count apart), the whole set rotated in steps of `azimuthStepDegrees`.
        case even
        /// Any set of multiples of `azimuthStepDegrees` at least `minimumSeparationDegrees` apart.
        case any
    }

    public var count: Int
    public var halfWidthDegrees: Double
    public var edgeReach: Double
    public var minimumSeparationDegrees: Double
    public var azimuthStepDegrees: Double
    public var arrangement: Arrangement

    public init(
        count: Int = 3, halfWidthDegrees: Double = 60, edgeReach: Double = 0.5, minimumSeparationDegrees: Double = 45,
        azimuthStepDegrees: Double = 15, arrangement: Arrangement = .even
    ) {
        self.count = count
        self.halfWidthDegrees = halfWidthDegrees
        self.edgeReach = edgeReach
        self.minimumSeparationDegrees = minimumSeparationDegrees
        self.azimuthStepDegrees = azimuthStepDegrees
        self.arrangement = arrangement
    }

    /// Every allowed set of main directions (ascending azimuths in [0, 360)), in a fixed order.
    ///
    /// - Complexity: `.even`: 360/(count·step) sets; `.any`: O(C(360/step, count)).
    public func orientations() -> [[Double]] {
        let steps = max(1, Int((360 / azimuthStepDegrees).rounded()))
        let step = 360 / Double(steps)
        switch arrangement {
        case .even:
            let spread = 360 / Double(count)
            let rotations = max(1, Int((spread / step).rounded(.down)))
            return (0..<rotations).map { r in
                (0..<count).map { k in Self.normalised(Double(r) * step + Double(k) * spread) }.sorted()
            }
        case .any:
            var result: [[Double]] = []
            var current: [Int] = []
            func separation(_ a: Int, _ b: Int) -> Double {
                let d = Double(abs(a - b)) * step
                return min(d, 360 - d)
            }
            func extend(from start: Int) {
                if current.count == count {
                    result.append(current.map { Double($0) * step })
                    return
                }
                guard start < steps else { return }
                for a in start..<steps
                where current.allSatisfy({ separation($0, a) >= minimumSeparationDegrees - 1e-9 }) {
                    current.append(a)
                    extend(from: a + 1)
                    current.removeLast()
                }
            }
            extend(from: 0)
            return result
        }
    }

    /// An angle in [0, 360).
    public static func normalised(_ degrees: Double) -> Double {
        let r = degrees.truncatingRemainder(dividingBy: 360)
        return r < 0 ? r + 360 : r
    }
}

/// Candidate sites on a lattice of grid points (docs/scenario.md, `service.lattice`): every demand
/// grid square whose column and row are multiples of the lattice step (counted from the square
/// holding the lower-left corner of `bounds`), inside `bounds`, that can serve at least one demand
/// cell — generated by index arithmetic, never as site records.
public struct LatticeSettings: Sendable, Hashable {
    /// Distance between lattice points (a multiple of the demand cell size).
    public var stepMeters: Double
    /// Lattice extent `[minX, minY, maxX, maxY]` (inclusive, in the scenario's coordinates), or nil for
    /// the demand grid's extent.
    public var bounds: BoundingBox?

    public init(stepMeters: Double, bounds: BoundingBox? = nil) {
        self.stepMeters = stepMeters
        self.bounds = bounds
    }
}

/// Solver knobs a scenario may set (docs/scenario.md, `solver`).
public struct SolverSettings: Sendable, Hashable {
    /// Scales every deterministic work budget (1 = default). `nrplan solve --effort` overrides it.
    public var effort: Double
    /// Wall-clock safety net of the solver in seconds.
    public var timeLimitSeconds: Double?

    public init(effort: Double = 1, timeLimitSeconds: Double? = nil) {
        self.effort = effort
        self.timeLimitSeconds = timeLimitSeconds
    }
}

/// Demand given as weighted points instead of a polygon grid (docs/scenario.md, `demand.points`):
/// each point becomes the demand cell holding it (points sharing a cell are merged and their
/// weights summed, with a warning).
public struct DemandPoints: Sendable {
    /// The file as named in messages.
    public var file: String
    /// Point positions in the scenario's frame (WGS-84 degrees, or planar metres).
    public var positions: [Coordinate]
    /// Weight of each point (≥ 0).
    public var weights: [Double]
    /// Where each point came from (`line 12`, `feature 3`), for messages.
    public var sourceLines: [Int32]
    /// Each point's id (an id column or property), when ids were asked for and the file has them.
    public var ids: [String]?

    public init(file: String, positions: [Coordinate], weights: [Double], sourceLines: [Int32], ids: [String]? = nil) {
        self.file = file
        self.positions = positions
        self.weights = weights
        self.sourceLines = sourceLines
        self.ids = ids
    }

    /// Whether and where point ids are read.
    public enum IDSource: Sendable, Hashable {
        /// Not read (demand points of a scenario).
        case none
        /// A column or property named `id` when there is one (GeoJSON: else the feature's `id`).
        case automatic
        /// This column or property; a point without it is an error.
        case named(String)
    }
}
