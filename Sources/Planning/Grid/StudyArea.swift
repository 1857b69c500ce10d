import Geo
import Support

/// The planning area in local metres with its demand grid, cell weights, must-cover cells and
/// clutter: the common first stage of `solve` and `audit`, so both see the same demand.
public struct StudyArea: Sendable {
    public let projection: LocalProjection
    /// The demand grid, with the weights of the demand layers and priority zones applied.
    public let grid: DemandGrid
    /// Area of the districts in m² (GEOS, local projection).
    public let areaSquareMeters: Double
    /// What the demand layers, priority zones and clutter made of the grid.
    public let layers: LayeredDemand

    /// Projects the districts (transverse Mercator centred on their bounding box; the identity for
    /// planar jobs), builds the demand grid of `demand.cellMeters` cells inside the districts and
    /// outside the exclusions — or, with `demand.points`, one cell per point (`PointDemandGrid`) —
    /// and applies the demand layers, priority zones and clutter.
    /// - Parameters:
    ///   - frame: `.planar` for planar jobs (no projection), else the geographic inputs' WGS-84.
    ///   - extent: a further box (in the scenario's coordinates) a points grid must span, e.g. the
    ///     lattice bounds, so lattice candidates outside the points' box are grid squares too.
    ///   - window: the projection and grid to use instead of those the districts give (a tile of a
    ///     larger run: the larger run's projection and a window of its grid; area demand only).
    /// - Throws: `PlanningError.invalidInput` when the area is empty, holds no cell centre, or the
    ///   layers weigh every cell 0.
    public static func prepare(
        districts: [District], exclusions: [Geometry], demand: DemandSettings, sourceFile: String,
        threads: Int, frame: CoordinateSystem = .wgs84, extent: BoundingBox? = nil, window: GridWindow? = nil
    ) throws(PlanningError) -> StudyArea {
        let projection: LocalProjection
        if let window {
            projection = window.projection
        } else {
            projection = try Self.projection(of: districts, frame: frame, sourceFile: sourceFile)
        }
        let districtsMeters = districts.map { projection.project($0.geometry) }
        let exclusionsMeters = exclusions.map { projection.project($0) }
        var areaSquareMeters = 0.0
        do {
            let context = GEOSContext()
            for geometry in districtsMeters { areaSquareMeters += try geometry.area(in: context) }
        } catch {
            throw .geometry(error)
        }
        let cellMeters = demand.cellMeters
        let plain: DemandGrid
        var pointWarnings: [Problem] = []
        if let points = demand.points {
            let built = try pointGrid(
                points, cellMeters: cellMeters, extent: extent, projection: projection, districts: districtsMeters,
                districtNames: districts.map(\.name), exclusions: exclusionsMeters, sourceFile: sourceFile)
            plain = built.0
            pointWarnings = built.1
        } else {
            plain = DemandGridBuilder.build(
                districts: districtsMeters, districtNames: districts.map(\.name), exclusions: exclusionsMeters,
                cellMeters: cellMeters, projection: projection, threads: threads, spec: window?.spec)
        }
        guard plain.cellCount > 0 else {
            throw .invalidInput([
                Problem(
                    .error, file: sourceFile, field: "area",
                    message: "no demand cell: the area minus exclusions holds no cell centre at cell_m = \(cellMeters)")
            ])
        }
        // Demand layers, priority zones and clutter on the grid.
        var layers = DemandLayering.apply(demand, to: plain)
        layers.warnings = pointWarnings + layers.warnings
        let weighted = !demand.layers.isEmpty || demand.priorityZones.contains { $0.weight != 1 }
        let grid = weighted ? plain.withWeights(layers.weights) : plain
        if weighted && !(grid.totalWeight > 0) {
            throw .invalidInput([
                Problem(
                    .error, file: sourceFile, field: "demand.layers",
                    message: "the demand layers give every demand cell weight 0: nothing to cover")
            ])
        }
        return StudyArea(projection: projection, grid: grid, areaSquareMeters: areaSquareMeters, layers: layers)
    }

    /// The plane of a job: the identity for planar jobs, else a transverse Mercator centred on the
    /// districts' bounding box.
    /// - Throws: `.invalidInput` when the districts are empty.
    static func projection(of districts: [District], frame: CoordinateSystem, sourceFile: String)
        throws(PlanningError) -> LocalProjection
    {
        var box: BoundingBox?
        for district in districts {
            if let b = district.geometry.boundingBox {
                if box == nil { box = b } else { box!.include(b) }
            }
        }
        guard let box else {
            throw .invalidInput([
                Problem(.error, file: sourceFile, field: "area", message: "the planning area is empty")
            ])
        }
        return frame.isPlanar ? LocalProjection.planar : LocalProjection.centered(on: box)
    }
}
