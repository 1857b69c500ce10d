/// A position: longitude/latitude in degrees (WGS-84) or easting/northing in metres, depending on
/// the frame the geometry lives in.
public struct Coordinate: Sendable, Hashable {
    /// Longitude (degrees) or easting (metres).
    public var x: Double
    /// Latitude (degrees) or northing (metres).
    public var y: Double

    public init(x: Double, y: Double) {
        self.x = x
        self.y = y
    }
}

/// A polygon: one exterior ring and zero or more interior rings (holes). Rings are closed
/// (first coordinate repeated last), as in GeoJSON.
public struct Polygon: Sendable, Hashable {
    public var exterior: [Coordinate]
    public var holes: [[Coordinate]]

    public init(exterior: [Coordinate], holes: [[Coordinate]] = []) {
        self.exterior = exterior
        self.holes = holes
    }

    /// An axis-aligned rectangle, exterior counter-clockwise.
    public static func rectangle(minX: Double, minY: Double, maxX: Double, maxY: Double) -> Polygon {
        Polygon(exterior: [
            Coordinate(x: minX, y: minY), Coordinate(x: maxX, y: minY), Coordinate(x: maxX, y: maxY),
            Coordinate(x: minX, y: maxY), Coordinate(x: minX, y: minY),
        ])
    }

    /// Every ring, exterior first.
    public var rings: [[Coordinate]] { [exterior] + holes }
}

/// A geometry of the GeoJSON model (RFC 7946 §3.1), as plain Swift values.
///
/// This is the only geometry type outside `Sources/Geo/GEOS`: operations convert to GEOS
/// internally and back, so no C type ever leaves the Geo module.
public enum Geometry: Sendable, Hashable {
    case point(Coordinate)
    case multiPoint([Coordinate])
    case lineString([Coordinate])
    case multiLineString([[Coordinate]])
    case polygon(Polygon)
    case multiPolygon([Polygon])
    case geometryCollection([Geometry])

    /// The GeoJSON `type` name.
    public var typeName: String {
        switch self {
        case .point: return "Point"
        case .multiPoint: return "MultiPoint"
        case .lineString: return "LineString"
        case .multiLineString: return "MultiLineString"
        case .polygon: return "Polygon"
        case .multiPolygon: return "MultiPolygon"
        case .geometryCollection: return "GeometryCollection"
        }
    }

    /// The polygons of a Polygon or MultiPolygon (the polygonal parts of a collection), else empty.
    public var polygons: [Polygon] {
        switch self {
        case .polygon(let polygon): return [polygon]
        case .multiPolygon(let polygons): return polygons
        case .geometryCollection(let members): return members.flatMap(\.polygons)
        default: return []
        }
    }

    /// True when the geometry has no coordinates.
    public var isEmpty: Bool {
        switch self {
        case .point: return false
        case .multiPoint(let points): return points.isEmpty
        case .lineString(let line): return line.isEmpty
        case .multiLineString(let lines): return lines.allSatisfy(\.isEmpty)
        case .polygon(let polygon): return polygon.exterior.isEmpty
        case .multiPolygon(let polygons): return polygons.allSatisfy { $0.exterior.isEmpty }
        case .geometryCollection(let members): return members.allSatisfy(\.isEmpty)
        }
    }

    /// Calls `body` on every coordinate.
    public func forEachCoordinate(_ body: (Coordinate) -> Void) {
        switch self {
        case .point(let c): body(c)
        case .multiPoint(let cs), .lineString(let cs):
            for c in cs { body(c) }
        case .multiLineString(let lines):
            for line in lines { for c in line { body(c) } }
        case .polygon(let p):
            for ring in p.rings { for c in ring { body(c) } }
        case .multiPolygon(let ps):
            for p in ps { for ring in p.rings { for c in ring { body(c) } } }
        case .geometryCollection(let gs):
            for g in gs { g.forEachCoordinate(body) }
        }
    }

    /// The geometry with every coordinate transformed.
    public func mapCoordinates(_ transform: (Coordinate) throws -> Coordinate) rethrows -> Geometry {
        switch self {
        case .point(let c): return .point(try transform(c))
        case .multiPoint(let cs): return .multiPoint(try cs.map(transform))
        case .lineString(let cs): return .lineString(try cs.map(transform))
        case .multiLineString(let lines): return .multiLineString(try lines.map { try $0.map(transform) })
        case .polygon(let p): return .polygon(try p.mapCoordinates(transform))
        case .multiPolygon(let ps): return .multiPolygon(try ps.map { try $0.mapCoordinates(transform) })
        case .geometryCollection(let gs): return .geometryCollection(try gs.map { try $0.mapCoordinates(transform) })
        }
    }

    /// The bounding box, or `nil` for an empty geometry.
    public var boundingBox: BoundingBox? {
        var box: BoundingBox?
        forEachCoordinate { c in
            if box == nil { box = BoundingBox(minX: c.x, minY: c.y, maxX: c.x, maxY: c.y) } else { box!.include(c) }
        }
        return box
    }
}

extension Polygon {
    /// The polygon with every coordinate transformed.
    public func mapCoordinates(_ transform: (Coordinate) throws -> Coordinate) rethrows -> Polygon {
        Polygon(exterior: try exterior.map(transform), holes: try holes.map { try $0.map(transform) })
    }
}

/// An axis-aligned bounding box.
public struct BoundingBox: Sendable, Hashable {
    public var minX: Double
    public var minY: Double
    public var maxX: Double
    public var maxY: Double

    public init(minX: Double, minY: Double, maxX: Double, maxY: Double) {
        self.minX = minX
        self.minY = minY
        self.maxX = maxX
        self.maxY = maxY
    }

    /// Grows the box to contain `c`.
    public mutating func include(_ c: Coordinate) {
        minX = Swift.min(minX, c.x)
        minY = Swift.min(minY, c.y)
        maxX = Swift.max(maxX, c.x)
        maxY = Swift.max(maxY, c.y)
    }

    /// Grows the box to contain `other`.
    public mutating func include(_ other: BoundingBox) {
        minX = Swift.min(minX, other.minX)
        minY = Swift.min(minY, other.minY)
        maxX = Swift.max(maxX, other.maxX)
        maxY = Swift.max(maxY, other.maxY)
    }

    /// True when the boxes overlap (touching counts).
    public func intersects(_ other: BoundingBox) -> Bool {
        minX <= other.maxX && other.minX <= maxX && minY <= other.maxY && other.minY <= maxY
    }

    /// True when `c` lies in the box (edges included).
    public func contains(_ c: Coordinate) -> Bool {
        c.x >= minX && c.x <= maxX && c.y >= minY && c.y <= maxY
    }

    public var center: Coordinate { Coordinate(x: (minX + maxX) / 2, y: (minY + maxY) / 2) }
    public var width: Double { maxX - minX }
    public var height: Double { maxY - minY }
}

/// Planar ring helpers (shoelace formula), valid in any planar frame.
public enum Ring {
    /// Signed area by the shoelace formula: positive for counter-clockwise rings.
    /// - Complexity: O(n).
    public static func signedArea(_ ring: [Coordinate]) -> Double {
        guard ring.count >= 3 else { return 0 }
        var sum = 0.0
        var previous = ring[ring.count - 1]
        for current in ring {
            sum += (previous.x - current.x) * (previous.y + current.y)
            previous = current
        }
        return sum / 2
    }

    /// The ring oriented counter-clockwise (`ccw == true`) or clockwise.
    public static func oriented(_ ring: [Coordinate], counterClockwise ccw: Bool) -> [Coordinate] {
        let area = signedArea(ring)
        if area == 0 || (area > 0) == ccw { return ring }
        return ring.reversed()
    }
}
