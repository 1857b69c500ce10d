import CGEOS

extension Geometry {
    /// The union of `self` and `other`.
    public func union(_ other: Geometry, in context: GEOSContext = GEOSContext()) throws(GeoError) -> Geometry {
        let a = try context.make(self)
        let b = try context.make(other)
        // NULL on exception
        return try context.produce("union") { GEOSUnion_r(context.handle, a.pointer, b.pointer) }
    }

    /// The union of every geometry in `geometries` (GEOS unary union, cascaded).
    /// - Complexity: about O(n log n) in the number of vertices.
    public static func unaryUnion(_ geometries: [Geometry], in context: GEOSContext = GEOSContext()) throws(GeoError)
        -> Geometry
    {
        let collection = try context.make(.geometryCollection(geometries))
        // NULL on exception
        return try context.produce("unary union") { GEOSUnaryUnion_r(context.handle, collection.pointer) }
    }

    /// The union of polygons that form a coverage: they may share edges with exactly matching
    /// vertices but do not overlap (grid cells). Much faster than `unaryUnion` for such input;
    /// the result is wrong for overlapping polygons, so use it for grid cells only.
    /// - Complexity: O(n) in the number of edges.
    public static func coverageUnion(_ polygons: [Polygon], in context: GEOSContext = GEOSContext()) throws(GeoError)
        -> Geometry
    {
        let collection = try context.make(.multiPolygon(polygons))
        // NULL on exception
        return try context.produce("coverage union") { GEOSCoverageUnion_r(context.handle, collection.pointer) }
    }
}
