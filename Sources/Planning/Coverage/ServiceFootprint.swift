import Foundation
import Geo

/// Which demand cells a service-radius site serves: the cells whose centre lies within the type's
/// radius (a disc, inclusive), or within the reach of one of its sectors (`SectorSettings`, whose
/// documentation fixes the angle convention: azimuths clockwise from +y).
///
/// Distances are compared squared for discs, so integer planar coordinates are served exactly
/// (`dx² + dy² ≤ r²` in doubles is exact below 2⁵³); sector reaches involve angles and are compared
/// with a tolerance of 10⁻⁹·r.
public struct ServiceFootprint: Sendable, Hashable {
    public let radiusMeters: Double
    /// Sector azimuths (degrees, clockwise from +y), or nil for a full disc.
    public let azimuthsDegrees: [Double]?
    public let halfWidthDegrees: Double
    public let edgeReach: Double

    public init(
        radiusMeters: Double, azimuthsDegrees: [Double]? = nil, halfWidthDegrees: Double = 60, edgeReach: Double = 0.5
    ) {
        self.radiusMeters = radiusMeters
        self.azimuthsDegrees = azimuthsDegrees
        self.halfWidthDegrees = halfWidthDegrees
        self.edgeReach = edgeReach
    }

    /// The footprint of a type with one of its orientations.
    public init(type: ServiceType, azimuths: [Double]?) {
        self.init(
            radiusMeters: type.radiusMeters, azimuthsDegrees: azimuths,
            halfWidthDegrees: type.sectors?.halfWidthDegrees ?? 60, edgeReach: type.sectors?.edgeReach ?? 0.5)
    }

    /// Whether the point at offset (`dx` east, `dy` north) from the site is served.
    @inline(__always)
    public func covers(dx: Double, dy: Double) -> Bool {
        let d2 = dx * dx + dy * dy
        let r = radiusMeters
        guard d2 <= r * r else { return false }
        guard let azimuths = azimuthsDegrees else { return true }
        if d2 == 0 { return true }
        let d = d2.squareRoot()
        let bearing = atan2(dx, dy) * 180 / .pi
        for azimuth in azimuths {
            var phi = abs((bearing - azimuth).truncatingRemainder(dividingBy: 360))
            if phi > 180 { phi = 360 - phi }
            guard phi <= halfWidthDegrees + 1e-12 else { continue }
            let reach = r * (1 - (1 - edgeReach) * phi / halfWidthDegrees)
            if d <= reach + 1e-9 * r { return true }
        }
        return false
    }

    /// A run of grid squares served by a site standing at a square's centre: row offset and the
    /// first and last column offsets (inclusive).
    public struct Run: Sendable, Hashable {
        public var row: Int32
        public var first: Int32
        public var last: Int32
    }

    /// The served squares around a site at a square's centre, on a grid of `cellMeters` squares, as
    /// runs ordered by row then column — the same for every lattice position (translation invariance).
    ///
    /// - Complexity: O((2R + 1)²) with R = ⌈r / cell⌉.
    public func runs(cellMeters cell: Double) -> [Run] {
        let reach = Int((radiusMeters / cell).rounded(.up))
        var runs: [Run] = []
        for dr in -reach...reach {
            var start: Int?
            for dc in -reach...(reach + 1) {
                let inside = dc <= reach && covers(dx: Double(dc) * cell, dy: Double(dr) * cell)
                if inside {
                    if start == nil { start = dc }
                } else if let s = start {
                    runs.append(Run(row: Int32(dr), first: Int32(s), last: Int32(dc - 1)))
                    start = nil
                }
            }
        }
        return runs
    }

    /// Appends the demand cells a site at `position` (local metres, anywhere) serves, ascending.
    ///
    /// - Complexity: O(squares in the bounding box of the reach).
    public func appendCells(at position: Coordinate, grid: DemandGrid, into cells: inout [UInt32]) {
        let spec = grid.spec
        let cell = spec.cellMeters
        let r = radiusMeters
        let firstRow = max(0, Int(((position.y - r - spec.originY) / cell - 0.5).rounded(.up)))
        let lastRow = min(spec.rows - 1, Int(((position.y + r - spec.originY) / cell - 0.5).rounded(.down)))
        guard firstRow <= lastRow else { return }
        let firstColumn = max(0, Int(((position.x - r - spec.originX) / cell - 0.5).rounded(.up)))
        let lastColumn = min(spec.columns - 1, Int(((position.x + r - spec.originX) / cell - 0.5).rounded(.down)))
        guard firstColumn <= lastColumn else { return }
        for row in firstRow...lastRow {
            let dy = spec.originY + (Double(row) + 0.5) * cell - position.y
            let base = row * spec.columns
            for column in firstColumn...lastColumn {
                let id = grid.cellIndex[base + column]
                if id < 0 { continue }
                let dx = spec.originX + (Double(column) + 0.5) * cell - position.x
                if covers(dx: dx, dy: dy) { cells.append(UInt32(id)) }
            }
        }
    }
}
