import CGEOS

extension Geometry {
    /// Whether GEOS considers the geometry valid (OGC simple-features rules), and if not why,
    /// e.g. "Self-intersection[113.3 23.1]".
    public func validity(in context: GEOSContext = GEOSContext()) throws(GeoError) -> (isValid: Bool, reason: String?) {
        let object = try context.make(self)
        // 1 valid, 0 invalid, 2 on exception
        let valid = GEOSisValid_r(context.handle, object.pointer)
        if valid == 2 { throw context.error("validity check") }
        if valid == 1 { return (true, nil) }
        // NULL on exception; caller frees with GEOSFree_r
        guard let reason = GEOSisValidReason_r(context.handle, object.pointer) else { return (false, nil) }
        defer { GEOSFree_r(context.handle, reason) }
        return (false, String(cString: reason))
    }

    /// A valid geometry covering the same points (GEOS MakeValid, "linework" method). Valid input
    /// comes back unchanged in shape; a bow-tie polygon becomes a MultiPolygon of its two lobes.
    public func makeValid(in context: GEOSContext = GEOSContext()) throws(GeoError) -> Geometry {
        let object = try context.make(self)
        // NULL on exception
        return try context.produce("make valid") { GEOSMakeValid_r(context.handle, object.pointer) }
    }

    /// The geometry itself when valid, else its repair with GEOS MakeValid and the reason it was
    /// invalid (for a warning). Only the polygonal part of a repair is kept for polygonal input.
    public func repairedIfInvalid(in context: GEOSContext = GEOSContext()) throws(GeoError) -> (
        geometry: Geometry, invalidReason: String?
    ) {
        let check = try validity(in: context)
        if check.isValid { return (self, nil) }
        var repaired = try makeValid(in: context)
        switch self {
        case .polygon, .multiPolygon:
            let polygons = repaired.polygons
            repaired = polygons.count == 1 ? .polygon(polygons[0]) : .multiPolygon(polygons)
        default:
            break
        }
        return (repaired, check.reason ?? "invalid geometry")
    }
}
