import Geo
import Planning
import Support

/// The part of the local plane `map.svg` shows, and how metres become pixels.
///
/// The frame fits what is drawn: the districts, and the sites within a window around them (the
/// districts' box grown by a tenth of its size, at least 500 m); farther sites are left out of the
/// drawing and counted in the legend, so one stray site cannot shrink the map or land on its edge.
/// Exclusions are clipped to the frame. The legend, scale bar and north arrow sit in a panel beside
/// the frame, never over the data.
struct MapFrame {
    /// The frame in local metres.
    let box: BoundingBox
    /// Pixels per metre.
    let scale: Double
    /// The map's pixel rectangle.
    let x: Double
    let y: Double
    let width: Double
    let height: Double
    /// Indices (into `view.sites`) of the sites drawn, and how many were left out.
    let drawnSites: [Int]
    let sitesOutside: Int

    /// The frame of `view` drawn at (`x`, `y`) in `width` pixels (and at most `maximumHeight`; a tall
    /// area is narrower and centred), at least `minimumHeight` high.
    init(_ view: NetworkView, x: Double, y: Double, width: Double, minimumHeight: Double, maximumHeight: Double) {
        let projection = view.grid.projection
        var box: BoundingBox?
        for district in view.districts {
            if let b = projection.project(district.geometry).boundingBox {
                if box == nil { box = b } else { box!.include(b) }
            }
        }
        let spec = view.grid.spec
        var area =
            box
            ?? BoundingBox(
                minX: spec.originX, minY: spec.originY, maxX: spec.originX + Double(spec.columns) * spec.cellMeters,
                maxY: spec.originY + Double(spec.rows) * spec.cellMeters)
        // Cells whose centres are inside a district reach half a cell beyond it.
        area = MapFrame.grown(area, by: spec.cellMeters)
        let window = MapFrame.grown(area, by: max(500, 0.1 * max(area.width, area.height)))
        var drawn: [Int] = []
        var frame = area
        for (k, mark) in view.sites.enumerated() {
            let p = projection.project(mark.site.location)
            guard window.contains(p) else { continue }
            drawn.append(k)
            frame.include(p)
        }
        frame = MapFrame.grown(frame, by: 0.01 * max(frame.width, frame.height, 1))
        self.box = frame
        self.drawnSites = drawn
        self.sitesOutside = view.sites.count - drawn.count
        let scale = min(width / max(frame.width, 1), maximumHeight / max(frame.height, 1))
        self.scale = scale
        self.x = x
        self.y = y
        self.width = width
        self.height = max(frame.height * scale, minimumHeight)
    }

    /// Pixel position of a point in local metres (north up; the frame centred in the rectangle).
    func pixel(_ c: Coordinate) -> (x: Double, y: Double) {
        let offsetX = (width - box.width * scale) / 2
        let offsetY = (height - box.height * scale) / 2
        return (x + offsetX + (c.x - box.minX) * scale, y + offsetY + (box.maxY - c.y) * scale)
    }

    /// The frame as a polygon in local metres (to clip layers to it).
    var polygon: Geometry {
        .polygon(.rectangle(minX: box.minX, minY: box.minY, maxX: box.maxX, maxY: box.maxY))
    }

    static func grown(_ b: BoundingBox, by margin: Double) -> BoundingBox {
        BoundingBox(minX: b.minX - margin, minY: b.minY - margin, maxX: b.maxX + margin, maxY: b.maxY + margin)
    }
}
