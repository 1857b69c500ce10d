import Foundation
import Geo
import Planning
import Support

/// `map.svg`: the area's districts, coverage shaded by RSRP class, holes in a contrasting colour,
/// exclusions, sites as markers by kind, and beside the map a panel with the legend, a scale bar
/// and a north arrow.
///
/// Drawn in the run's local transverse Mercator plane (metres, north up, true scale everywhere
/// on a city), so the scale bar is exact. The frame fits what is drawn (`MapFrame`: districts and
/// the sites near them; exclusions clipped to it), and the panel lies outside it, so nothing covers
/// the data. Coverage classes are dissolved cell sets (`CellRegionTracer`), not one shape per cell,
/// so the file stays small. Existing (or audited) sites are drawn small and light when they are
/// dense, so that 10,000 of them do not bury the map. Every group has an `id` (`map-frame`,
/// `coverage`, `holes`, `exclusions`, `areas`, `sites`, `legend`, `scale-bar`, `north-arrow`).
public enum MapSVG {
    /// An RSRP class of covered cells.
    struct CoverageClass {
        let name: String
        let color: String
        let minimumDBm: Double
    }

    static func classes(threshold: Double) -> [CoverageClass] {
        [
            CoverageClass(name: "RSRP ≥ −90 dBm", color: "#1a7f37", minimumDBm: -90),
            CoverageClass(name: "−100 ≤ RSRP < −90 dBm", color: "#4cb963", minimumDBm: -100),
            CoverageClass(name: "RSRP < −100 dBm (covered)", color: "#a6dba0", minimumDBm: -Double.infinity),
        ]
    }

    static let holeColor = "#d7263d"
    static let mapWidth = 900.0
    static let legendWidth = 250.0
    static let margin = 20.0
    /// Height of the panel beside the map: legend, scale bar and north arrow.
    static let panelHeight = 640.0
    /// Existing sites are drawn small and light above this many per 10,000 px² of map.
    static let denseSitesPer10kPx2 = 4.0

    /// The SVG document of the view.
    public static func render(_ view: NetworkView, threads: Int) throws(GeoError) -> String {
        let frame = MapFrame(
            view, x: margin, y: margin, width: mapWidth, minimumHeight: panelHeight, maximumHeight: 1200)
        let bands =
            view.hasSignalLevels
            ? classes(threshold: view.rsrpThresholdDBm)
            : [CoverageClass(name: "covered (service radius)", color: "#4cb963", minimumDBm: -Double.infinity)]
        let width = margin * 3 + mapWidth + legendWidth
        let height = margin * 2 + frame.height
        var svg = """
            <?xml version="1.0" encoding="UTF-8"?>
            <svg xmlns="http://www.w3.org/2000/svg" width="\(fmt(width))" height="\(fmt(height))" viewBox="0 0 \(fmt(width)) \(fmt(height))" font-family="Noto Sans CJK SC, Noto Sans, DejaVu Sans, sans-serif" font-size="12">
            <title>\(escape(view.title))</title>
            <rect x="0" y="0" width="\(fmt(width))" height="\(fmt(height))" fill="#ffffff"/>
            <rect id="map-frame" x="\(fmt(frame.x))" y="\(fmt(frame.y))" width="\(fmt(frame.width))" height="\(fmt(frame.height))" fill="#f4f4f0" stroke="#cccccc"/>

            """
        svg += coverageLayer(view, bands: bands, frame: frame, threads: threads)
        svg += holesLayer(view, frame: frame)
        svg += try exclusionsLayer(view, frame: frame)
        svg += districtsLayer(view, frame: frame)
        svg += sitesLayer(view, frame: frame)
        svg += panel(view, bands: bands, frame: frame, x: margin * 2 + mapWidth, y: margin)
        svg += "</svg>\n"
        return svg
    }

    /// An SVG path of polygons, in local metres (`metres`) or WGS-84 degrees.
    static func path(_ geometry: Geometry, metres: Bool, frame: MapFrame, projection: LocalProjection) -> String {
        var d = ""
        for polygon in geometry.polygons {
            for ring in polygon.rings where ring.count >= 3 {
                for (i, c) in ring.enumerated() {
                    let (x, y) = frame.pixel(metres ? c : projection.project(c))
                    d += (i == 0 ? "M" : "L") + fmt(x) + " " + fmt(y)
                }
                d += "Z"
            }
        }
        return d
    }

    /// Covered cells by best-server RSRP class, each class dissolved into one path.
    static func coverageLayer(_ view: NetworkView, bands: [CoverageClass], frame: MapFrame, threads: Int) -> String {
        let grid = view.grid
        var cellsOfClass = [[Int32]](repeating: [], count: bands.count)
        for cell in 0..<grid.cellCount where view.covered[cell] {
            let rsrp = Double(view.bestRSRPDBm[cell])
            let k = bands.firstIndex { rsrp >= $0.minimumDBm } ?? bands.count - 1
            cellsOfClass[k].append(Int32(cell))
        }
        let lists = cellsOfClass
        let unions: [Geometry?] = Parallel.map(count: lists.count, threads: threads) { k in
            guard !lists[k].isEmpty else { return nil }
            return CellRegionTracer.geometry(
                cells: lists[k].map { (column: grid.cellColumn[Int($0)], row: grid.cellRow[Int($0)]) }, spec: grid.spec)
        }
        var svg = "<g id=\"coverage\" fill-rule=\"evenodd\" stroke=\"none\">\n"
        for (k, geometry) in unions.enumerated() {
            guard let geometry else { continue }
            let d = path(geometry, metres: true, frame: frame, projection: grid.projection)
            svg += "<path class=\"rsrp-\(k)\" fill=\"\(bands[k].color)\" d=\"\(d)\"/>\n"
        }
        return svg + "</g>\n"
    }

    static func holesLayer(_ view: NetworkView, frame: MapFrame) -> String {
        var svg =
            "<g id=\"holes\" fill=\"\(holeColor)\" fill-opacity=\"0.85\" stroke=\"#8b0000\" stroke-width=\"0.6\" fill-rule=\"evenodd\">\n"
        for hole in view.continuity.holes {
            let d = path(hole.geometry, metres: false, frame: frame, projection: view.grid.projection)
            svg += "<path d=\"\(d)\"><title>hole \(hole.number): \(fmt(hole.areaSquareMeters, 0)) m²</title></path>\n"
        }
        return svg + "</g>\n"
    }

    /// Exclusions, clipped to the frame (a river may run far beyond the area).
    static func exclusionsLayer(_ view: NetworkView, frame: MapFrame) throws(GeoError) -> String {
        let projection = view.grid.projection
        let context = GEOSContext()
        var svg =
            "<g id=\"exclusions\" fill=\"#b8d4e8\" fill-opacity=\"0.7\" stroke=\"#6b8fb3\" stroke-width=\"0.6\" fill-rule=\"evenodd\">\n"
        for exclusion in view.exclusions {
            let clipped = try projection.project(exclusion).intersection(frame.polygon, in: context)
            guard !clipped.polygons.isEmpty else { continue }
            svg += "<path d=\"\(path(clipped, metres: true, frame: frame, projection: projection))\"/>\n"
        }
        return svg + "</g>\n"
    }

    /// District outlines, and each district's name at its bounding-box centre.
    static func districtsLayer(_ view: NetworkView, frame: MapFrame) -> String {
        let projection = view.grid.projection
        var svg = "<g id=\"areas\" fill=\"none\" stroke=\"#222222\" stroke-width=\"1.4\" fill-rule=\"evenodd\">\n"
        for district in view.districts {
            let d = path(district.geometry, metres: false, frame: frame, projection: projection)
            svg += "<path d=\"\(d)\"><title>\(escape(district.name))</title></path>\n"
        }
        for district in view.districts {
            if let b = projection.project(district.geometry).boundingBox {
                let (x, y) = frame.pixel(b.center)
                svg +=
                    "<text x=\"\(fmt(x))\" y=\"\(fmt(y))\" text-anchor=\"middle\" fill=\"#222222\" stroke=\"none\" font-size=\"14\" font-weight=\"bold\">\(escape(district.name))</text>\n"
            }
        }
        return svg + "</g>\n"
    }

    /// Whether the existing (or audited) sites are too dense for full markers.
    static func sitesAreDense(_ view: NetworkView, frame: MapFrame) -> Bool {
        let background = frame.drawnSites.filter { view.sites[$0].plan != "new" }.count
        return Double(background) > denseSitesPer10kPx2 * frame.width * frame.height / 10_000
    }

    /// Sites within the frame: existing (or audited) ones first — small and light when dense — then
    /// the new ones on top.
    static func sitesLayer(_ view: NetworkView, frame: MapFrame) -> String {
        let projection = view.grid.projection
        let dense = sitesAreDense(view, frame: frame)
        var svg = "<g id=\"sites\" stroke=\"#ffffff\" stroke-width=\"0.8\">\n"
        let ordered =
            frame.drawnSites.filter { view.sites[$0].plan != "new" }
            + frame.drawnSites.filter { view.sites[$0].plan == "new" }
        for k in ordered {
            let mark = view.sites[k]
            let (x, y) = frame.pixel(projection.project(mark.site.location))
            let title = "\(mark.site.id) \(mark.site.name ?? "") (\(mark.plan))"
            if dense && mark.plan != "new" {
                svg +=
                    "<circle class=\"\(mark.site.kind.rawValue) \(mark.plan) dense\" cx=\"\(fmt(x))\" cy=\"\(fmt(y))\" r=\"1.3\" fill=\"#7a7a7a\" fill-opacity=\"0.55\" stroke=\"none\"><title>\(escape(title))</title></circle>\n"
            } else {
                svg += marker(kind: mark.site.kind, plan: mark.plan, x: x, y: y, title: title)
            }
        }
        return svg + "</g>\n"
    }

    static func marker(kind: SiteKind, plan: String, x: Double, y: Double, title: String) -> String {
        let fill = color(plan: plan)
        let t = "<title>\(escape(title))</title>"
        switch kind {
        case .lampPole:
            return
                "<rect class=\"lamp_pole \(plan)\" x=\"\(fmt(x - 2.5))\" y=\"\(fmt(y - 2.5))\" width=\"5\" height=\"5\" fill=\"\(fill)\">\(t)</rect>\n"
        case .tower:
            return
                "<path class=\"tower \(plan)\" d=\"M\(fmt(x)) \(fmt(y - 5))L\(fmt(x + 4.5)) \(fmt(y + 3.5))L\(fmt(x - 4.5)) \(fmt(y + 3.5))Z\" fill=\"\(fill)\">\(t)</path>\n"
        default:
            return
                "<circle class=\"\(kind.rawValue) \(plan)\" cx=\"\(fmt(x))\" cy=\"\(fmt(y))\" r=\"3.8\" fill=\"\(fill)\">\(t)</circle>\n"
        }
    }

    static func color(plan: String) -> String {
        plan == "new" ? "#1f5fbf" : (plan == "existing" ? "#111111" : "#5b2a86")
    }

    /// Map coordinates and labels: at most `decimals` decimals (`Precision.text`; pixels: tenths).
    static func fmt(_ value: Double, _ decimals: Int = Precision.tenths.decimals) -> String {
        Precision(decimals: decimals).text(value)
    }

    static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }
}
