import Geo

/// A coverage hole: a 4-connected set of uncovered demand cells within one district.
public struct Hole: Sendable {
    /// 1-based number, in the order of the hole's first cell (south-west first).
    public var number: Int
    /// District index.
    public var district: Int
    /// The hole's cells (ascending ids).
    public var cells: [Int32]
    /// Area in m² (cells × cell area).
    public var areaSquareMeters: Double
    /// Uncovered demand weight.
    public var uncoveredWeight: Double
    /// Centroid of the cell centres in WGS-84 degrees.
    public var centroid: Coordinate
    /// True when the hole reaches the edge of the demand region (area boundary or an exclusion);
    /// false for a hole enclosed by coverage.
    public var touchesEdge: Bool
    /// The hole's outline in WGS-84 degrees (Polygon or MultiPolygon): its cells dissolved by
    /// `CellRegionTracer` (exact; checked against GEOS in the tests).
    public var geometry: Geometry
}

/// Coverage figures of one district.
public struct DistrictCoverage: Sendable {
    public var name: String
    public var cells: Int
    public var coveredCells: Int
    public var weight: Double
    public var coveredWeight: Double
    public var holes: Int
    public var largestHoleSquareMeters: Double
    /// 4-connected components of the district's covered cells (1 = continuous within the district).
    public var coveredComponents: Int

    /// Covered weight / weight (1 for an empty district).
    public var coverageRatio: Double { weight > 0 ? coveredWeight / weight : 1 }
    /// Covered cells / cells.
    public var areaCoverageRatio: Double { cells > 0 ? Double(coveredCells) / Double(cells) : 1 }
}
