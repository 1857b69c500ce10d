import Foundation
import Planning

extension MapSVG {
    /// The panel beside the map: legend (with the figures), scale bar and north arrow — outside the
    /// map frame, so none of them covers a site or a hole.
    static func panel(_ view: NetworkView, bands: [CoverageClass], frame: MapFrame, x: Double, y: Double) -> String {
        let (legendText, legendHeight) = legend(view, bands: bands, frame: frame, x: x, y: y)
        var svg = legendText
        svg += scaleBar(scale: frame.scale, x: x + 4, y: y + legendHeight + 28)
        svg += northArrow(x: x + legendWidth - 40, y: y + legendHeight + 4)
        return svg
    }

    /// The legend group and its height in pixels.
    static func legend(_ view: NetworkView, bands: [CoverageClass], frame: MapFrame, x: Double, y: Double)
        -> (String, Double)
    {
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
        let dense = sitesAreDense(view, frame: frame)
        for plan in Array(Set(view.sites.map(\.plan))).sorted() {
            let count = view.sites.filter { $0.plan == plan }.count
            if dense && plan != "new" {
                item(
                    "<circle cx=\"8\" cy=\"6\" r=\"1.6\" fill=\"#7a7a7a\" fill-opacity=\"0.55\"/>",
                    "\(plan) site (\(count), dense: small)")
            } else {
                item("<circle cx=\"8\" cy=\"6\" r=\"4\" fill=\"\(color(plan: plan))\"/>", "\(plan) site (\(count))")
            }
        }
        item("<circle cx=\"8\" cy=\"6\" r=\"4\" fill=\"#777777\"/>", "rooftop / building")
        item("<path d=\"M8 0L13 10L3 10Z\" fill=\"#777777\"/>", "tower")
        item("<rect x=\"5\" y=\"3\" width=\"6\" height=\"6\" fill=\"#777777\"/>", "lamp pole")
        row += 10
        let c = view.continuity
        var lines = [
            "coverage \(fmt(c.coverageRatio * 100, 2)) % of demand",
            "\(c.holes.count) holes, \(c.holes.filter { !$0.touchesEdge }.count) enclosed",
            "largest hole \(fmt(c.largestHoleSquareMeters, 0)) m²",
            "\(c.coveredComponents) covered component(s)",
            "\(view.sites.count) sites",
        ]
        if frame.sitesOutside > 0 { lines.append("\(frame.sitesOutside) site(s) beyond the map, not drawn") }
        for line in lines {
            out += "<text x=\"0\" y=\"\(fmt(row))\">\(escape(line))</text>\n"
            row += 16
        }
        out += "</g>\n"
        return (out, row)
    }

    /// A scale bar of a round length near two thirds of the panel's width.
    static func scaleBar(scale: Double, x: Double, y: Double) -> String {
        let target = (legendWidth - 70) / scale
        let exponent = pow(10, (log10(target)).rounded(.down))
        let length = [1.0, 2, 5, 10].map { $0 * exponent }.last { $0 <= target } ?? exponent
        let widthPx = length * scale
        let label = length >= 1000 ? "\(fmt(length / 1000, 1)) km" : "\(fmt(length, 0)) m"
        return """
            <g id="scale-bar" transform="translate(\(fmt(x)) \(fmt(y)))">
            <path d="M0 0H\(fmt(widthPx))M0 -5V5M\(fmt(widthPx)) -5V5M\(fmt(widthPx / 2)) -3V3" stroke="#111111" stroke-width="2"/>
            <text x="\(fmt(widthPx / 2))" y="-7" text-anchor="middle">\(label)</text>
            </g>

            """
    }

    static func northArrow(x: Double, y: Double) -> String {
        """
        <g id="north-arrow" transform="translate(\(fmt(x)) \(fmt(y)))">
        <path d="M0 2L8 26L0 20L-8 26Z" fill="#111111"/>
        <text x="0" y="44" text-anchor="middle" font-weight="bold">N</text>
        </g>

        """
    }
}
