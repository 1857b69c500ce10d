import CGEOS

/// Owns one `GEOSGeometry*` made on `context` and destroys it in `deinit`, unless ownership was
/// handed to GEOS with `take()` (polygon and collection constructors take their parts over).
///
/// Internal: the public API speaks `Geometry` values only.
final class GEOSObject {
    let context: GEOSContext
    let pointer: OpaquePointer
    private var owned = true

    /// Takes ownership of `pointer`.
    init(context: GEOSContext, owning pointer: OpaquePointer) {
        self.context = context
        self.pointer = pointer
    }

    /// Hands the pointer over to a GEOS call that takes ownership; `deinit` then leaves it alone.
    func take() -> OpaquePointer {
        owned = false
        return pointer
    }

    deinit {
        if owned { GEOSGeom_destroy_r(context.handle, pointer) }
    }
}

extension GEOSContext {
    /// A GEOS geometry for `geometry`.
    /// - Throws: `GeoError.geos` when GEOS rejects it (e.g. a ring with fewer than 4 points).
    func make(_ geometry: Geometry) throws(GeoError) -> GEOSObject {
        switch geometry {
        case .point(let c):
            // NULL on exception
            guard let p = GEOSGeom_createPointFromXY_r(handle, c.x, c.y) else { throw error("create point") }
            return GEOSObject(context: self, owning: p)
        case .multiPoint(let cs):
            return try makeCollection(GEOS_MULTIPOINT, cs.map { .point($0) })
        case .lineString(let cs):
            let seq = try makeSequence(cs)
            // NULL on exception; takes ownership of seq
            guard let p = GEOSGeom_createLineString_r(handle, seq) else { throw error("create line string") }
            return GEOSObject(context: self, owning: p)
        case .multiLineString(let lines):
            return try makeCollection(GEOS_MULTILINESTRING, lines.map { .lineString($0) })
        case .polygon(let polygon):
            return try makePolygon(polygon)
        case .multiPolygon(let polygons):
            return try makeCollection(GEOS_MULTIPOLYGON, polygons.map { .polygon($0) })
        case .geometryCollection(let members):
            return try makeCollection(GEOS_GEOMETRYCOLLECTION, members)
        }
    }

    private func makeSequence(_ coordinates: [Coordinate]) throws(GeoError) -> OpaquePointer {
        var buffer = [Double](repeating: 0, count: coordinates.count * 2)
        for (i, c) in coordinates.enumerated() {
            buffer[2 * i] = c.x
            buffer[2 * i + 1] = c.y
        }
        // NULL on exception
        let seq = buffer.withUnsafeBufferPointer {
            GEOSCoordSeq_copyFromBuffer_r(handle, $0.baseAddress, UInt32(coordinates.count), 0, 0)
        }
        guard let seq else { throw error("create coordinate sequence") }
        return seq
    }

    private func makeRing(_ coordinates: [Coordinate]) throws(GeoError) -> GEOSObject {
        let seq = try makeSequence(coordinates)
        // NULL on exception (e.g. fewer than 4 points, not closed); takes ownership of seq
        guard let ring = GEOSGeom_createLinearRing_r(handle, seq) else { throw error("create linear ring") }
        return GEOSObject(context: self, owning: ring)
    }

    private func makePolygon(_ polygon: Polygon) throws(GeoError) -> GEOSObject {
        if polygon.exterior.isEmpty {
            // NULL on exception
            guard let empty = GEOSGeom_createEmptyPolygon_r(handle) else { throw error("create empty polygon") }
            return GEOSObject(context: self, owning: empty)
        }
        let shell = try makeRing(polygon.exterior)
        var holes: [GEOSObject] = []
        for hole in polygon.holes { holes.append(try makeRing(hole)) }
        var holePointers: [OpaquePointer?] = holes.map { $0.take() }
        let shellPointer = shell.take()
        // NULL on exception; takes ownership of shell and holes (not of the array)
        let result = holePointers.withUnsafeMutableBufferPointer {
            GEOSGeom_createPolygon_r(handle, shellPointer, $0.baseAddress, UInt32($0.count))
        }
        guard let result else { throw error("create polygon") }
        return GEOSObject(context: self, owning: result)
    }

    private func makeCollection(_ type: GEOSGeomTypes, _ members: [Geometry]) throws(GeoError) -> GEOSObject {
        var parts: [GEOSObject] = []
        for member in members { parts.append(try make(member)) }
        var pointers: [OpaquePointer?] = parts.map { $0.take() }
        // NULL on exception; takes ownership of the members (not of the array)
        let result = pointers.withUnsafeMutableBufferPointer {
            GEOSGeom_createCollection_r(handle, Int32(type.rawValue), $0.baseAddress, UInt32($0.count))
        }
        guard let result else { throw error("create collection") }
        return GEOSObject(context: self, owning: result)
    }

    /// The Swift value of a GEOS geometry (borrowed pointer; not consumed).
    func value(of pointer: OpaquePointer) throws(GeoError) -> Geometry {
        // -1 on exception
        let type = GEOSGeomTypeId_r(handle, pointer)
        guard type >= 0 else { throw error("read geometry type") }
        switch UInt32(type) {
        case GEOS_POINT.rawValue:
            // 1 if empty, 0 if not, 2 on exception
            if GEOSisEmpty_r(handle, pointer) == 1 { return .multiPoint([]) }
            return .point(try coordinates(ofSimple: pointer).first ?? Coordinate(x: .nan, y: .nan))
        case GEOS_LINESTRING.rawValue, GEOS_LINEARRING.rawValue:
            return .lineString(try coordinates(ofSimple: pointer))
        case GEOS_POLYGON.rawValue:
            return .polygon(try polygon(pointer))
        case GEOS_MULTIPOINT.rawValue:
            return .multiPoint(
                try members(of: pointer).map { m throws(GeoError) in
                    try coordinates(ofSimple: m).first ?? Coordinate(x: .nan, y: .nan)
                })
        case GEOS_MULTILINESTRING.rawValue:
            return .multiLineString(try members(of: pointer).map { m throws(GeoError) in try coordinates(ofSimple: m) })
        case GEOS_MULTIPOLYGON.rawValue:
            return .multiPolygon(try members(of: pointer).map { m throws(GeoError) in try polygon(m) })
        case GEOS_GEOMETRYCOLLECTION.rawValue:
            return .geometryCollection(try members(of: pointer).map { m throws(GeoError) in try value(of: m) })
        default:
            throw error("read geometry type")
        }
    }

    private func members(of pointer: OpaquePointer) throws(GeoError) -> [OpaquePointer] {
        // -1 on exception
        let count = GEOSGetNumGeometries_r(handle, pointer)
        guard count >= 0 else { throw error("count geometries") }
        var result: [OpaquePointer] = []
        result.reserveCapacity(Int(count))
        for i in 0..<count {
            // NULL on exception; borrowed from the parent
            guard let member = GEOSGetGeometryN_r(handle, pointer, i) else { throw error("get geometry") }
            result.append(member)
        }
        return result
    }

    private func polygon(_ pointer: OpaquePointer) throws(GeoError) -> Polygon {
        if GEOSisEmpty_r(handle, pointer) == 1 { return Polygon(exterior: []) }
        // NULL on exception; borrowed
        guard let shell = GEOSGetExteriorRing_r(handle, pointer) else { throw error("get exterior ring") }
        let exterior = try coordinates(ofSimple: shell)
        // -1 on exception
        let holeCount = GEOSGetNumInteriorRings_r(handle, pointer)
        guard holeCount >= 0 else { throw error("count interior rings") }
        var holes: [[Coordinate]] = []
        for i in 0..<holeCount {
            // NULL on exception; borrowed
            guard let ring = GEOSGetInteriorRingN_r(handle, pointer, i) else { throw error("get interior ring") }
            holes.append(try coordinates(ofSimple: ring))
        }
        return Polygon(exterior: exterior, holes: holes)
    }

    private func coordinates(ofSimple pointer: OpaquePointer) throws(GeoError) -> [Coordinate] {
        // NULL on exception; borrowed
        guard let seq = GEOSGeom_getCoordSeq_r(handle, pointer) else { throw error("get coordinates") }
        var size: UInt32 = 0
        // 0 on exception
        guard GEOSCoordSeq_getSize_r(handle, seq, &size) != 0 else { throw error("get coordinate count") }
        if size == 0 { return [] }
        var buffer = [Double](repeating: 0, count: Int(size) * 2)
        // 0 on exception
        let ok = buffer.withUnsafeMutableBufferPointer {
            GEOSCoordSeq_copyToBuffer_r(handle, seq, $0.baseAddress, 0, 0)
        }
        guard ok != 0 else { throw error("copy coordinates") }
        return (0..<Int(size)).map { Coordinate(x: buffer[2 * $0], y: buffer[2 * $0 + 1]) }
    }

    /// Runs a GEOS operation returning a new geometry and converts the result.
    func produce(_ operation: String, _ body: () -> OpaquePointer?) throws(GeoError) -> Geometry {
        guard let result = body() else { throw error(operation) }
        let object = GEOSObject(context: self, owning: result)
        return try value(of: object.pointer)
    }
}
