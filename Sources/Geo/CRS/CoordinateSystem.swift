/// The geographic coordinate systems nrplan reads: WGS-84 and the two offset systems of Chinese
/// map services. Inputs in GCJ-02 or BD-09 are converted to WGS-84 on load; every output is WGS-84.
///
/// - `wgs84`: WGS-84 longitude/latitude (GPS, OpenStreetMap, RFC 7946 GeoJSON).
/// - `gcj02`: GCJ-02 ("Mars coordinates", 国测局坐标), used by AutoNavi/Gaode, Tencent and Apple
///   Maps in mainland China: WGS-84 plus an obfuscating offset of a few hundred metres (see `GCJ02`).
/// - `bd09`: BD-09 (百度坐标), used by Baidu Maps: GCJ-02 plus a further offset (see `BD09`).
/// - `planar`: not geographic at all — coordinates already in metres of a plane (a local survey
///   grid, or an abstract plane such as a benchmark's integer lattice). Nothing is converted and no
///   range is checked; a job is either planar or geographic, never a mix.
public enum CoordinateSystem: String, Sendable, Hashable, CaseIterable {
    case wgs84
    case gcj02
    case bd09
    case planar

    /// The accepted spellings, for messages ("wgs84, gcj02, bd09, planar").
    public static var allowedValues: String { allCases.map(\.rawValue).joined(separator: ", ") }

    /// The geographic systems (longitude/latitude in degrees), i.e. every case but `planar`.
    public static var geographic: [CoordinateSystem] { [.wgs84, .gcj02, .bd09] }

    /// True for `planar`.
    public var isPlanar: Bool { self == .planar }

    /// The WGS-84 longitude/latitude of a coordinate given in this system (degrees).
    ///
    /// GCJ-02 and BD-09 have no closed-form inverse; it is found by fixed-point iteration to
    /// better than 1e-9° (about 0.1 mm), see `GCJ02.toWGS84(_:)`. Planar coordinates are returned
    /// unchanged (they have no geographic meaning; planar jobs never mix with geographic ones).
    public func toWGS84(_ c: Coordinate) -> Coordinate {
        switch self {
        case .wgs84, .planar: return c
        case .gcj02: return GCJ02.toWGS84(c)
        case .bd09: return GCJ02.toWGS84(BD09.toGCJ02(c))
        }
    }

    /// The coordinate in this system of a WGS-84 longitude/latitude (degrees).
    public func fromWGS84(_ c: Coordinate) -> Coordinate {
        switch self {
        case .wgs84, .planar: return c
        case .gcj02: return GCJ02.fromWGS84(c)
        case .bd09: return BD09.fromGCJ02(GCJ02.fromWGS84(c))
        }
    }

    /// Converts a coordinate from this system to `target` (through WGS-84).
    public func convert(_ c: Coordinate, to target: CoordinateSystem) -> Coordinate {
        if self == target { return c }
        return target.fromWGS84(toWGS84(c))
    }

    /// The geometry with every coordinate converted from this system to `target`.
    public func convert(_ geometry: Geometry, to target: CoordinateSystem) -> Geometry {
        if self == target { return geometry }
        return geometry.mapCoordinates { convert($0, to: target) }
    }
}
