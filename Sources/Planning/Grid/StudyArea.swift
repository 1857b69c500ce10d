import Geo

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

    /// Projects the districts (transverse Mercator centred on their bounding box), builds the
    /// demand grid of `demand.cellMeters` cells inside the districts and outside the exclusions,
    /// and applies the demand layers, priority zones and clutter.
    /// - Throws: `PlanningError.invalidInput` when the area is empty, holds no cell centre, or the
    ///   layers weigh every cell 0.
    public static func prepare(districts: [District], exclusions: [Geometry], demand: DemandSettings, sourceFile: String,
                               threads: Int) throws(PlanningError) -> StudyArea {
        var box: BoundingBox?
        for district in districts {
            if let b = district.geometry.boundingBox {
                if box == nil { box = b } else { box!.include(b) }
            }
        }
        guard let box else {
            throw .invalidInput([Problem(.error, file: sourceFile, field: "area", message: "the planning area is empty")])
        }
        let projection = LocalProjection.centered(on: box)
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
        let plain = DemandGridBuilder.build(districts: districtsMeters, districtNames: districts.map(\.name), exclusions: exclusionsMeters,
                                            cellMeters: cellMeters, projection: projection, threads: threads)
        guard plain.cellCount > 0 else {
            throw .invalidInput([Problem(.error, file: sourceFile, field: "area",
                                         message: "no demand cell: the area minus exclusions holds no cell centre at cell_m = \(cellMeters)")])
        }
        // Demand layers, priority zones and clutter on the grid.
        let layers = DemandLayering.apply(demand, to: plain)
        let weighted = !demand.layers.isEmpty || demand.priorityZones.contains { $0.weight != 1 }
        let grid = weighted ? plain.withWeights(layers.weights) : plain
        if weighted && !(grid.totalWeight > 0) {
            throw .invalidInput([Problem(.error, file: sourceFile, field: "demand.layers",
                                         message: "the demand layers give every demand cell weight 0: nothing to cover")])
        }
        return StudyArea(projection: projection, grid: grid, areaSquareMeters: areaSquareMeters, layers: layers)
    }
}
