extension Geometry {
    /// The area-weighted centroid of the polygons (holes subtracted, whatever the rings'
    /// orientation), in the geometry's own coordinates; the mean of the vertices when the area is
    /// zero; nil without polygons.
    ///
    /// Computed with the shoelace formula relative to the first vertex (so that degrees near
    /// 113° E lose no precision). On longitude/latitude it is the centroid in the plate carrée,
    /// which for a building footprint — tens of metres across — differs from the projected
    /// centroid by far less than a millimetre.
    /// - Complexity: O(vertices).
    public var polygonCentroid: Coordinate? {
        let polygons = self.polygons
        guard let origin = polygons.first(where: { !$0.exterior.isEmpty })?.exterior.first else { return nil }
        var area = 0.0
        var sumX = 0.0
        var sumY = 0.0
        var vertexSumX = 0.0
        var vertexSumY = 0.0
        var vertices = 0
        for polygon in polygons {
            for (index, ring) in polygon.rings.enumerated() where ring.count >= 2 {
                var ringArea = 0.0
                var ringX = 0.0
                var ringY = 0.0
                for k in 0..<ring.count {
                    let (ax, ay) = (ring[k].x - origin.x, ring[k].y - origin.y)
                    let next = ring[(k + 1) % ring.count]
                    let (bx, by) = (next.x - origin.x, next.y - origin.y)
                    let cross = ax * by - bx * ay
                    ringArea += cross
                    ringX += (ax + bx) * cross
                    ringY += (ay + by) * cross
                    vertexSumX += ax
                    vertexSumY += ay
                    vertices += 1
                }
                // The exterior adds, holes subtract, whichever way each ring runs.
                let sign = (ringArea < 0 ? -1.0 : 1.0) * (index == 0 ? 1 : -1)
                area += sign * ringArea
                sumX += sign * ringX
                sumY += sign * ringY
            }
        }
        if abs(area) > 1e-18 {
            return Coordinate(x: origin.x + sumX / (3 * area), y: origin.y + sumY / (3 * area))
        }
        guard vertices > 0 else { return nil }
        return Coordinate(x: origin.x + vertexSumX / Double(vertices), y: origin.y + vertexSumY / Double(vertices))
    }
}
