import CGEOS

extension Geometry {
    /// The part of `self` also in `other`.
    public func intersection(_ other: Geometry, in context: GEOSContext = GEOSContext()) throws(GeoError) -> Geometry {
        let a = try context.make(self)
        let b = try context.make(other)
        // NULL on exception
        return try context.produce("intersection") { GEOSIntersection_r(context.handle, a.pointer, b.pointer) }
    }
}
