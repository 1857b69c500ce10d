import Foundation
import Geo
import Planning
import Support

/// `map.svg`: the area's districts, coverage shaded by RSRP class, holes in a contrasting colour,
/// exclusions, sites as markers by kind, a legend, a scale bar and a north arrow.
///
/// Drawn in the run's local transverse Mercator plane (metres, north up, true scale everywhere
/// on a city), so the scale bar is exact. Coverage classes are dissolved cell sets
/// (`CellRegionTracer`), not one shape per cell, so the file stays small. Every group has an `id`
/// (`coverage`, `holes`, `exclusions`, `areas`, `sites`, `legend`, `scale-bar`, `north-arrow`).
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

    /// The SVG document of the view.
    public static func render(_ view: NetworkView, threads: Int) throws(GeoError) -> String {
        let grid = view.grid
        let projection = grid.projection
        // Frame: the districts' bounding box in metres.
        var box: BoundingBox?
        for district in view.districts {
            if let b = projection.project(district.geometry).boundingBox {
                if box == nil { box = b } else { box!.include(b) }
            }
        }
        let frame =
            box
            ?? BoundingBox(
                minX: grid.spec.originX, minY: grid.spec.originY,
                maxX: grid.spec.originX + Double(grid.spec.columns) * grid.spec.cellMeters,
                maxY: grid.spec.originY + Double(grid.spec.rows) * grid.spec.cellMeters)
        let scale = mapWidth / max(frame.width, 1)
        let mapHeight = max(frame.height * scale, 320)
        let width = margin * 3 + mapWidth + legendWidth
        let height = margin * 2 + mapHeight
        func px(_ c: Coordinate) -> (Double, Double) {
            (margin + (c.x - frame.minX) * scale, margin + (frame.maxY - c.y) * scale)
        }
        func path(_ geometry: Geometry, metres: Bool) -> String {
            var d = ""
            for polygon in geometry.polygons {
                for ring in polygon.rings where ring.count >= 3 {
                    for (i, c) in ring.enumerated() {
                        let (x, y) = px(metres ? c : projection.project(c))
                        d += (i == 0 ? "M" : "L") + fmt(x) + " " + fmt(y)
                    }
                    d += "Z"
                }
            }
            return d
        }

        // Coverage classes: covered cells by best-server RSRP, dissolved per class.
        let bands =
            view.hasSignalLevels
            ? classes(threshold: view.rsrpThresholdDBm)
            : [CoverageClass(name: "covered (service radius)", color: "#4cb963", minimumDBm: -Double.infinity)]
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

        var svg = """
            <?xml version="1.0" encoding="UTF-8"?>
            <svg xmlns="http://www.w3.org/2000/svg" width="\(fmt(width))" height="\(fmt(height))" viewBox="0 0 \(fmt(width)) \(fmt(height))" font-family="Noto Sans CJK SC, Noto Sans, DejaVu Sans, sans-serif" font-size="12">
            <title>\(escape(view.title))</title>
            <rect x="0" y="0" width="\(fmt(width))" height="\(fmt(height))" fill="#ffffff"/>
            <rect x="\(fmt(margin))" y="\(fmt(margin))" width="\(fmt(mapWidth))" height="\(fmt(mapHeight))" fill="#f4f4f0" stroke="#cccccc"/>

            """
        svg += "<g id=\"coverage\" fill-rule=\"evenodd\" stroke=\"none\">\n"
        for (k, geometry) in unions.enumerated() {
            if let geometry {
                svg += "<path class=\"rsrp-\(k)\" fill=\"\(bands[k].color)\" d=\"\(path(geometry, metres: true))\"/>\n"
            }
        }
        svg +=
            "</g>\n<g id=\"holes\" fill=\"\(holeColor)\" fill-opacity=\"0.85\" stroke=\"#8b0000\" stroke-width=\"0.6\" fill-rule=\"evenodd\">\n"
        for hole in view.continuity.holes {
            svg +=
                "<path d=\"\(path(hole.geometry, metres: false))\"><title>hole \(hole.number): \(fmt(hole.areaSquareMeters, 0)) m²</title></path>\n"
        }
        svg +=
            "</g>\n<g id=\"exclusions\" fill=\"#b8d4e8\" fill-opacity=\"0.7\" stroke=\"#6b8fb3\" stroke-width=\"0.6\" fill-rule=\"evenodd\">\n"
        for exclusion in view.exclusions { svg += "<path d=\"\(path(exclusion, metres: false))\"/>\n" }
        svg += "</g>\n<g id=\"areas\" fill=\"none\" stroke=\"#222222\" stroke-width=\"1.4\" fill-rule=\"evenodd\">\n"
        for district in view.districts {
            svg +=
                "<path d=\"\(path(district.geometry, metres: false))\"><title>\(escape(district.name))</title></path>\n"
        }
        // District labels at the bounding-box centre of each district.
        for district in view.districts {
            if let b = projection.project(district.geometry).boundingBox {
                let (x, y) = px(b.center)
                svg +=
                    "<text x=\"\(fmt(x))\" y=\"\(fmt(y))\" text-anchor=\"middle\" fill=\"#222222\" stroke=\"none\" font-size=\"14\" font-weight=\"bold\">\(escape(district.name))</text>\n"
            }
        }
        svg += "</g>\n<g id=\"sites\" stroke=\"#ffffff\" stroke-width=\"0.8\">\n"
        for mark in view.sites {
            let (x, y) = px(projection.project(mark.site.location))
            svg += marker(
                kind: mark.site.kind, plan: mark.plan, x: x, y: y,
                title: "\(mark.site.id) \(mark.site.name ?? "") (\(mark.plan))")
        }
        svg += "</g>\n"
        svg += legend(view, bands: bands, x: margin * 2 + mapWidth, y: margin)
        svg += scaleBar(scale: scale, x: margin + 12, y: margin + mapHeight - 16)
        svg += northArrow(x: margin + mapWidth - 28, y: margin + 14)
        svg += "</svg>\n"
        return svg
    }

    static func marker(kind: SiteKind, plan: String, x: Double, y: Double, title: String) -> String {
        let fill = plan == "new" ? "#1f5fbf" : (plan == "existing" ? "#111111" : "#5b2a86")
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

    static func legend(_ view: NetworkView, bands: [CoverageClass], x: Double, y: Double) -> String {
        var out = "<g id=\"legend\" transform=\"translate(\(fmt(x)) \(fmt(y)))\">\n"
        out +=
            "<text x=\"0\" y=\"14\" font-size=\"14\" font-weight=\"bold\">\(escape(view.command == "audit" ? "nrplan audit" : "nrplan plan"))</text>\n"
        var row = 36.0
        func item(_ swatch: String, _ label: String) {
            out +=
                "<g transform=\"translate(0 \(fmt(row)))\">\(swatch)<text x=\"24\" y=\"10\">\(escape(label))</text></g>\n"
            row += 20
        }
        for band in bands { item("<rect width=\"16\" height=\"12\" fill=\"\(band.color)\"/>", band.name) }
        item(
            "<rect width=\"16\" height=\"12\" fill=\"\(holeColor)\"/>",
            "hole (RSRP < \(fmt(view.rsrpThresholdDBm, 0)) dBm)")
        item("<rect width=\"16\" height=\"12\" fill=\"#b8d4e8\" stroke=\"#6b8fb3\"/>", "exclusion (water, park)")
        item(
            "<rect width=\"16\" height=\"12\" fill=\"none\" stroke=\"#222222\" stroke-width=\"1.4\"/>",
            "district boundary")
        row += 6
        let plans = Array(Set(view.sites.map(\.plan))).sorted()
        for plan in plans {
            let fill = plan == "new" ? "#1f5fbf" : (plan == "existing" ? "#111111" : "#5b2a86")
            item("<circle cx=\"8\" cy=\"6\" r=\"4\" fill=\"\(fill)\"/>", "\(plan) site")
        }
        item("<circle cx=\"8\" cy=\"6\" r=\"4\" fill=\"#777777\"/>", "rooftop / building")
        item("<path d=\"M8 0L13 10L3 10Z\" fill=\"#777777\"/>", "tower")
        item("<rect x=\"5\" y=\"3\" width=\"6\" height=\"6\" fill=\"#777777\"/>", "lamp pole")
        row += 10
        let c = view.continuity
        for line in [
            "coverage \(fmt(c.coverageRatio * 100, 2)) % of demand",
            "\(c.holes.count) holes, \(c.holes.filter { !$0.touchesEdge }.count) enclosed",
            "largest hole \(fmt(c.largestHoleSquareMeters, 0)) m²",
            "\(c.coveredComponents) covered component(s)",
            "\(view.sites.count) sites",
        ] {
            out += "<text x=\"0\" y=\"\(fmt(row))\">\(escape(line))</text>\n"
            row += 16
        }
        out += "</g>\n"
        return out
    }

    /// A scale bar of a round length near a fifth of the map width.
    static func scaleBar(scale: Double, x: Double, y: Double) -> String {
        let target = mapWidth / 5 / scale
        let exponent = pow(10, (log10(target)).rounded(.down))
        let length = [1.0, 2, 5, 10].map { $0 * exponent }.last { $0 <= target } ?? exponent
        let widthPx = length * scale
        let label = length >= 1000 ? "\(fmt(length / 1000, 1)) km" : "\(fmt(length, 0)) m"
        return """
            <g id="scale-bar" transform="translate(\(fmt(x)) \(fmt(y)))">
            <rect x="-4" y="-16" width="\(fmt(widthPx + 8))" height="24" fill="#ffffff" fill-opacity="0.8"/>
            <path d="M0 0H\(fmt(widthPx))M0 -5V5M\(fmt(widthPx)) -5V5M\(fmt(widthPx / 2)) -3V3" stroke="#111111" stroke-width="2"/>
            <text x="\(fmt(widthPx / 2))" y="-7" text-anchor="middle">\(label)</text>
            </g>

            """
    }

    static func northArrow(x: Double, y: Double) -> String {
        """
        <g id="north-arrow" transform="translate(\(fmt(x)) \(fmt(y)))">
        <circle cx="0" cy="16" r="15" fill="#ffffff" fill-opacity="0.8"/>
        <path d="M0 2L8 26L0 20L-8 26Z" fill="#111111"/>
        <text x="0" y="44" text-anchor="middle" font-weight="bold">N</text>
        </g>

        """
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
