import Foundation
import Planning
import Support

/// `calibration.svg`: two scatter plots of the bins after calibration — residual (measured −
/// predicted) against distance on a logarithmic axis, with the mean residual per distance band;
/// and measured against predicted RSRP with the 1:1 line. Censored bins (mean at or below the
/// censoring bound, samples at the floor counted at the floor) are drawn as downward triangles:
/// the true value may lie lower. At most `maximumMarkers` bins are drawn (every k-th beyond).
public enum CalibrationSVG {
    static let panelWidth = 520.0
    static let panelHeight = 400.0
    static let margin = (left: 60.0, right: 20.0, top: 40.0, bottom: 50.0)

    /// The document.
    public static func render(_ r: CalibrationResult) -> String {
        let width = 2 * panelWidth
        var out = """
            <svg xmlns="http://www.w3.org/2000/svg" width="\(fmt(width))" height="\(fmt(panelHeight))" viewBox="0 0 \(fmt(width)) \(fmt(panelHeight))" font-family="sans-serif" font-size="12">
            <rect width="100%" height="100%" fill="white"/>

            """
        out += residualPanel(r)
        out += scatterPanel(r)
        out += "</svg>\n"
        return out
    }

    /// A linear map of a data range onto a pixel range.
    struct Axis {
        let low: Double
        let high: Double
        let from: Double
        let to: Double
        func map(_ v: Double) -> Double { from + (min(max(v, low), high) - low) / (high - low) * (to - from) }
    }

    /// The bins drawn: all of them up to `maximumMarkers`, else every k-th (the same ones in both
    /// panels, deterministic), so the file stays a few hundred kilobytes.
    static let maximumMarkers = 6_000

    static func drawn(_ r: CalibrationResult) -> (indices: StrideTo<Int>, stride: Int) {
        let step = max(1, (r.bins.count + maximumMarkers - 1) / maximumMarkers)
        return (stride(from: 0, to: r.bins.count, by: step), step)
    }

    /// log10 of the largest 1-2-5 step ≤ `value` (down) or the smallest ≥ it (up).
    static func niceLog(_ value: Double, up: Bool) -> Double {
        let decade = floor(log10(value))
        let steps = [1.0, 2, 5, 10]
        let mantissa = value / pow(10, decade)
        let pick = up ? steps.first { $0 >= mantissa - 1e-9 } ?? 10 : steps.last { $0 <= mantissa + 1e-9 } ?? 1
        return decade + log10(pick)
    }

    static func residualPanel(_ r: CalibrationResult) -> String {
        let distances = r.bins.map { max($0.distance2DMeters, 1) }
        let lo = niceLog(distances.min() ?? 10, up: false)
        let hi = niceLog(distances.max() ?? 1_000, up: true)
        let x = Axis(low: lo, high: max(hi, lo + 0.3), from: margin.left, to: panelWidth - margin.right)
        let y = Axis(low: -30, high: 30, from: panelHeight - margin.bottom, to: margin.top)
        var out = "<g id=\"residual-vs-distance\">\n"
        out += frame(
            x: x, y: y, title: "residual (measured − calibrated) vs distance", xLabel: "distance to cell (m, log)",
            yLabel: "residual (dB)")
        var decade = floor(lo)
        while decade <= x.high {
            for m in [1.0, 2, 5] where decade + log10(m) <= x.high + 1e-9 && decade + log10(m) >= x.low - 1e-9 {
                let px = x.map(decade + log10(m))
                out +=
                    "<line x1=\"\(fmt(px))\" y1=\"\(fmt(y.from))\" x2=\"\(fmt(px))\" y2=\"\(fmt(y.from + 4))\" stroke=\"#333\"/>"
                out +=
                    "<text x=\"\(fmt(px))\" y=\"\(fmt(y.from + 16))\" text-anchor=\"middle\">\(fmt(m * pow(10, decade)))</text>\n"
            }
            decade += 1
        }
        for v in stride(from: -30.0, through: 30, by: 10) {
            out += "<text x=\"\(fmt(x.from - 6))\" y=\"\(fmt(y.map(v) + 4))\" text-anchor=\"end\">\(fmt(v))</text>"
        }
        out +=
            "<line x1=\"\(fmt(x.from))\" y1=\"\(fmt(y.map(0)))\" x2=\"\(fmt(x.to))\" y2=\"\(fmt(y.map(0)))\" stroke=\"#888\" stroke-dasharray=\"4 3\"/>\n"
        for i in drawn(r).indices {
            out += marker(
                x.map(log10(distances[i])), y.map(r.bins[i].measuredDBm - r.calibratedDBm[i]),
                censored: r.bins[i].censored)
        }
        // Mean residual of the uncensored bins per band of 0.1 decade.
        var sums: [Int: (Double, Int)] = [:]
        for (i, bin) in r.bins.enumerated() where !bin.censored {
            let band = Int((log10(distances[i]) * 10).rounded(.down))
            let s = sums[band] ?? (0, 0)
            sums[band] = (s.0 + bin.measuredDBm - r.calibratedDBm[i], s.1 + 1)
        }
        let points = sums.keys.sorted().filter { sums[$0]!.1 >= 5 }.map { band -> String in
            let s = sums[band]!
            return "\(fmt(x.map((Double(band) + 0.5) / 10))),\(fmt(y.map(s.0 / Double(s.1))))"
        }
        if points.count > 1 {
            out +=
                "<polyline points=\"\(points.joined(separator: " "))\" fill=\"none\" stroke=\"#d7263d\" stroke-width=\"2\"/>\n"
        }
        out +=
            "<text x=\"\(fmt(x.from + 8))\" y=\"\(fmt(y.to + 14))\" fill=\"#d7263d\">mean residual of measured bins per 0.1 decade</text>\n"
        return out + "</g>\n"
    }

    static func scatterPanel(_ r: CalibrationResult) -> String {
        let values = r.bins.map(\.measuredDBm) + r.calibratedDBm
        let lo = ((values.min() ?? -140) / 10).rounded(.down) * 10
        let hi = ((values.max() ?? -40) / 10).rounded(.up) * 10
        let offset = panelWidth
        let x = Axis(
            low: lo, high: max(hi, lo + 10), from: offset + margin.left, to: offset + panelWidth - margin.right)
        let y = Axis(low: lo, high: max(hi, lo + 10), from: panelHeight - margin.bottom, to: margin.top)
        var out = "<g id=\"measured-vs-predicted\">\n"
        out += frame(
            x: x, y: y, title: "measured vs calibrated prediction (dBm)", xLabel: "predicted RSRP (dBm)",
            yLabel: "measured RSRP (dBm)")
        for v in stride(from: x.low, through: x.high, by: 10) {
            out += "<text x=\"\(fmt(x.map(v)))\" y=\"\(fmt(y.from + 16))\" text-anchor=\"middle\">\(fmt(v))</text>"
            out += "<text x=\"\(fmt(x.from - 6))\" y=\"\(fmt(y.map(v) + 4))\" text-anchor=\"end\">\(fmt(v))</text>\n"
        }
        out +=
            "<line x1=\"\(fmt(x.map(lo)))\" y1=\"\(fmt(y.map(lo)))\" x2=\"\(fmt(x.map(x.high)))\" y2=\"\(fmt(y.map(y.high)))\" stroke=\"#888\" stroke-dasharray=\"4 3\"/>\n"
        for i in drawn(r).indices {
            out += marker(x.map(r.calibratedDBm[i]), y.map(r.bins[i].measuredDBm), censored: r.bins[i].censored)
        }
        let step = drawn(r).stride
        if step > 1 {
            out +=
                "<text x=\"\(fmt(x.from + 8))\" y=\"\(fmt(y.to + 14))\">1 bin in \(step) drawn, of \(r.bins.count)</text>\n"
        }
        return out + "</g>\n"
    }

    static func frame(x: Axis, y: Axis, title: String, xLabel: String, yLabel: String) -> String {
        let cx = (x.from + x.to) / 2
        let cy = (y.from + y.to) / 2
        return """
            <rect x="\(fmt(x.from))" y="\(fmt(y.to))" width="\(fmt(x.to - x.from))" height="\(fmt(y.from - y.to))" fill="none" stroke="#333"/>
            <text x="\(fmt(cx))" y="\(fmt(y.to - 12))" text-anchor="middle" font-weight="bold">\(title)</text>
            <text x="\(fmt(cx))" y="\(fmt(y.from + 36))" text-anchor="middle">\(xLabel)</text>
            <text x="\(fmt(x.from - 44))" y="\(fmt(cy))" text-anchor="middle" transform="rotate(-90 \(fmt(x.from - 44)) \(fmt(cy)))">\(yLabel)</text>

            """
    }

    /// A filled dot for a measured bin, an open downward triangle for a censored one.
    static func marker(_ px: Double, _ py: Double, censored: Bool) -> String {
        if censored {
            return
                "<path d=\"M\(fmt(px - 2.5)) \(fmt(py - 2))h5l-2.5 4z\" fill=\"none\" stroke=\"#e07b00\" stroke-width=\"0.8\"/>\n"
        }
        return "<circle cx=\"\(fmt(px))\" cy=\"\(fmt(py))\" r=\"1.6\" fill=\"#1f5fa8\" fill-opacity=\"0.35\"/>\n"
    }

    /// Pixels and tick labels: at most one decimal (`Precision.text`, as map.svg writes them).
    static func fmt(_ v: Double) -> String { Precision.tenths.text(v) }
}
