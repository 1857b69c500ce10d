import Geo

/// A layer that sets demand cell weights: polygons carrying a density, or points carrying a
/// weight (docs/scenario.md, `demand.layers`).
///
/// With no layer a cell weighs its area in m². With layers, a cell weighs the sum of what each
/// layer puts in it: a density layer `density × cell area in km²` (people, subscribers or traffic
/// per km² → per cell) from the first polygon holding the cell's centre (`defaultDensity` when
/// none does), a point layer the sum of the weights of its points inside the cell.
public struct DemandLayer: Sendable {
    /// What the layer holds, in WGS-84 degrees.
    public enum Content: Sendable {
        /// Polygons with a density per km².
        case density([DensityArea])
        /// Points with a weight each.
        case points([WeightedPoint])
    }

    /// The file as named in messages.
    public var file: String
    /// The property read: the density (`pop_per_km2`) or the point weight; nil for points that
    /// weigh 1 each.
    public var property: String?
    public var content: Content
    /// Density of cells that no polygon of a density layer holds (per km²).
    public var defaultDensity: Double

    public init(file: String, property: String?, content: Content, defaultDensity: Double = 0) {
        self.file = file
        self.property = property
        self.content = content
        self.defaultDensity = defaultDensity
    }
}

/// A polygon of a density layer.
public struct DensityArea: Sendable {
    public var geometry: Geometry
    /// Demand per km² (e.g. residents per km²), finite and ≥ 0.
    public var perSquareKilometer: Double

    public init(geometry: Geometry, perSquareKilometer: Double) {
        self.geometry = geometry
        self.perSquareKilometer = perSquareKilometer
    }
}

/// A point of a point demand layer (a traffic measurement, a building's subscribers).
public struct WeightedPoint: Sendable {
    public var location: Coordinate
    /// Demand at the point, finite and ≥ 0.
    public var weight: Double

    public init(location: Coordinate, weight: Double) {
        self.location = location
        self.weight = weight
    }
}

/// A priority zone: the action plan's private-network sectors (rail stations, hospitals, ports,
/// police and emergency sites, power grid, industrial parks). Its cells' weights are multiplied
/// by `weight`, and when `mustCover` is set every solution must cover every one of its cells.
public struct PriorityZone: Sendable {
    /// The zone's `name` property, for messages and reports.
    public var name: String?
    /// Polygon or MultiPolygon in WGS-84 degrees.
    public var geometry: Geometry
    /// Multiplier of the demand weight of the zone's cells (> 0); where zones overlap the largest applies.
    public var weight: Double
    /// True when every demand cell of the zone must be covered.
    public var mustCover: Bool
    /// Where the zone came from, for messages (`priority.geojson`, `feature 3`).
    public var sourceFile: String
    public var sourceLocation: String

    public init(
        name: String?, geometry: Geometry, weight: Double, mustCover: Bool, sourceFile: String, sourceLocation: String
    ) {
        self.name = name
        self.geometry = geometry
        self.weight = weight
        self.mustCover = mustCover
        self.sourceFile = sourceFile
        self.sourceLocation = sourceLocation
    }

    /// "'示范火车站' (priority.geojson feature 0)", for messages.
    public var label: String {
        let place = "\(sourceFile) \(sourceLocation)"
        if let name { return "'\(name)' (\(place))" }
        return place
    }
}
