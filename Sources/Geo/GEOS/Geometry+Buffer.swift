import CGEOS

extension Geometry {
    /// The region within `width` of the geometry (negative widths shrink polygons).
    /// - Parameter quadrantSegments: segments per quarter circle in round joins and caps.
    public func buffer(width: Double, quadrantSegments: Int = 8, in context: GEOSContext = GEOSContext())
        throws(GeoError) -> Geometry
    {
        let object = try context.make(self)
        // NULL on exception
        return try context.produce("buffer") {
            GEOSBuffer_r(context.handle, object.pointer, width, Int32(quadrantSegments))
        }
    }
}
