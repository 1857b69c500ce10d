import CGEOS

extension Geometry {
    /// The part of `self` not in `other`.
    public func difference(_ other: Geometry, in context: GEOSContext = GEOSContext()) throws(GeoError) -> Geometry {
        let a = try context.make(self)
        let b = try context.make(other)
        // NULL on exception
        return try context.produce("difference") { GEOSDifference_r(context.handle, a.pointer, b.pointer) }
    }
}
