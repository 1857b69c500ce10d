import Geo

/// The planning area in local metres with its demand grid: the common first stages of `solve`
/// and `audit`.
public struct StudyArea: Sendable {
    public let projection: LocalProjection
    public let grid: DemandGrid
    /// Area of the districts in m² (GEOS, local projection).
    public let areaSquareMeters: Double

    /// Projects the districts (transverse Mercator centred on their bounding box) and builds the
    /// demand grid of `cellMeters` cells inside the districts and outside the exclusions.
    /// - Throws: `PlanningError.invalidInput` when the area is empty or holds no cell centre.
    public static func prepare(districts: [District], exclusions: [Geometry], cellMeters: Double, sourceFile: String,
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
        let grid = DemandGridBuilder.build(districts: districtsMeters, districtNames: districts.map(\.name), exclusions: exclusionsMeters,
                                           cellMeters: cellMeters, projection: projection, threads: threads)
        guard grid.cellCount > 0 else {
            throw .invalidInput([Problem(.error, file: sourceFile, field: "area",
                                         message: "no demand cell: the area minus exclusions holds no cell centre at cell_m = \(cellMeters)")])
        }
        return StudyArea(projection: projection, grid: grid, areaSquareMeters: areaSquareMeters)
    }
}
