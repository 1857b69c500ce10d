import CGEOS

extension Geometry {
    /// The geometry with vertices removed where that moves no edge by more than `tolerance`
    /// (Douglas–Peucker), keeping the topology valid (GEOS TopologyPreserveSimplify). With a tiny
    /// tolerance this drops only collinear vertices, e.g. the cell corners along a straight edge
    /// of a union of grid cells.
    public func simplified(tolerance: Double, in context: GEOSContext = GEOSContext()) throws(GeoError) -> Geometry {
        let object = try context.make(self)
        // NULL on exception
        return try context.produce("simplify") {
            GEOSTopologyPreserveSimplify_r(context.handle, object.pointer, tolerance)
        }
    }
}
