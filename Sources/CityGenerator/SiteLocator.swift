import Geo

/// Answers "may a site stand here?": inside the planning area and outside every exclusion.
final class SiteLocator {
    private let area: PreparedGeometry
    private let areaBox: BoundingBox
    let exclusions: ExclusionIndex

    /// Prepares `area` and `exclusions` on `context` (single-threaded use).
    init(area: Polygon, exclusions: [Exclusion], context: GEOSContext) throws {
        self.area = try PreparedGeometry(.polygon(area), in: context)
        areaBox = Geometry.polygon(area).boundingBox ?? BoundingBox(minX: 0, minY: 0, maxX: -1, maxY: -1)
        self.exclusions = try ExclusionIndex(exclusions, context: context)
    }

    /// True when `p` lies strictly inside the planning area.
    func isInArea(_ p: Coordinate) throws -> Bool {
        guard areaBox.contains(p) else { return false }
        return try area.contains(p)
    }

    /// True when `p` is inside the area and in no exclusion.
    func isBuildable(_ p: Coordinate) throws -> Bool {
        try isInArea(p) && exclusions.isClear(p)
    }
}
