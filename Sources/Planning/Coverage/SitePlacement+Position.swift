import Geo
import Support

extension SitePlacement {
    /// How finely the coverage computation places a site: its longitude and latitude are rounded to
    /// 7 decimals of a degree (≈ 1.1 cm) before they are projected and its footprint computed.
    ///
    /// A rule of the computation, not of any writer. It equals the precision `sites.geojson` and
    /// `sites.csv` write positions with (`Precision.degrees`, RFC 7946 §11.2) on purpose: an audit
    /// that reads the written plan back then places every site where the solve placed it and
    /// recomputes exactly the same footprints (a test keeps the two equal).
    public static let positionPrecision = Precision(decimals: 7)

    /// `location` (longitude/latitude degrees, or planar metres) on the grid of `positionPrecision`.
    public static func snap(_ location: Coordinate) -> Coordinate {
        Coordinate(x: positionPrecision.rounded(location.x), y: positionPrecision.rounded(location.y))
    }
}
