import CGEOS

extension Geometry {
    /// The geometry in GEOS normal form: every ring starts at its smallest coordinate (a true
    /// corner), members sorted. Orientation follows GEOS (exterior clockwise); writers re-orient.
    public func normalized(in context: GEOSContext = GEOSContext()) throws(GeoError) -> Geometry {
        let object = try context.make(self)
        // -1 on exception; normalises in place
        guard GEOSNormalize_r(context.handle, object.pointer) != -1 else { throw context.error("normalize") }
        return try context.value(of: object.pointer)
    }
}
