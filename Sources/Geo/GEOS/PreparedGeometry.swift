import CGEOS

/// A geometry prepared for many repeated predicate tests (GEOS prepared geometry: indexed edges),
/// e.g. which of a million points fall inside a district.
///
/// Belongs to one context and hence one thread: inside `concurrentPerform`, prepare once per
/// iteration or chunk. Not `Sendable` for that reason.
public final class PreparedGeometry {
    private let context: GEOSContext
    private let geometry: GEOSObject
    private let prepared: OpaquePointer

    /// Prepares `geometry` on `context`.
    public init(_ geometry: Geometry, in context: GEOSContext) throws(GeoError) {
        self.context = context
        self.geometry = try context.make(geometry)
        // NULL on exception; borrows the geometry, which must outlive it
        guard let prepared = GEOSPrepare_r(context.handle, self.geometry.pointer) else {
            throw context.error("prepare")
        }
        self.prepared = prepared
    }

    deinit {
        GEOSPreparedGeom_destroy_r(context.handle, prepared)
    }

    /// True when the point lies in the interior of the geometry (not on its boundary).
    public func contains(_ point: Coordinate) throws(GeoError) -> Bool {
        // NULL on exception
        guard let p = GEOSGeom_createPointFromXY_r(context.handle, point.x, point.y) else {
            throw context.error("create point")
        }
        defer { GEOSGeom_destroy_r(context.handle, p) }
        // 1 true, 0 false, 2 on exception
        let result = GEOSPreparedContains_r(context.handle, prepared, p)
        if result == 2 { throw context.error("prepared contains") }
        return result == 1
    }

    /// True when the point lies in the geometry or on its boundary.
    public func intersects(_ point: Coordinate) throws(GeoError) -> Bool {
        // NULL on exception
        guard let p = GEOSGeom_createPointFromXY_r(context.handle, point.x, point.y) else {
            throw context.error("create point")
        }
        defer { GEOSGeom_destroy_r(context.handle, p) }
        // 1 true, 0 false, 2 on exception
        let result = GEOSPreparedIntersects_r(context.handle, prepared, p)
        if result == 2 { throw context.error("prepared intersects") }
        return result == 1
    }

    /// True when `other` intersects the geometry.
    public func intersects(_ other: Geometry) throws(GeoError) -> Bool {
        let object = try context.make(other)
        // 1 true, 0 false, 2 on exception
        let result = GEOSPreparedIntersects_r(context.handle, prepared, object.pointer)
        if result == 2 { throw context.error("prepared intersects") }
        return result == 1
    }

    /// The distance from the point to the geometry (0 when the point lies in it), in the
    /// geometry's units (metres for projected geometries).
    public func distance(to point: Coordinate) throws(GeoError) -> Double {
        // NULL on exception
        guard let p = GEOSGeom_createPointFromXY_r(context.handle, point.x, point.y) else {
            throw context.error("create point")
        }
        defer { GEOSGeom_destroy_r(context.handle, p) }
        var distance = 0.0
        // 1 on success, 0 on exception
        guard GEOSPreparedDistance_r(context.handle, prepared, p, &distance) == 1 else {
            throw context.error("prepared distance")
        }
        return distance
    }
}
