import CGEOS

extension Geometry {
    /// Planar area in the square units of the coordinates (use projected metres for m²).
    ///
    /// Zero for points and lines. Holes are subtracted; overlapping members of a collection are
    /// counted as many times as they overlap (union first to count once).
    /// - Parameter context: the GEOS context of the calling thread (a new one by default).
    public func area(in context: GEOSContext = GEOSContext()) throws(GeoError) -> Double {
        let object = try context.make(self)
        var area = 0.0
        // 0 on exception
        guard GEOSArea_r(context.handle, object.pointer, &area) != 0 else { throw context.error("area") }
        return area
    }
}
