/// `report.html`: one self-contained page — map (pan, zoom, layer toggles, popups, scale bar,
/// north arrow, optional basemap), summary figures and tables — with no external file and no
/// network access unless the reader turns a basemap on. It opens from a USB stick (file://).
///
/// The data travel as JSON inside `<script type="application/json">`, with `<`, `>`, `&`, U+2028
/// and U+2029 written as `\u` escapes, so no value (a Chinese name holding `</script>`, quotes,
/// …) can end the element or become markup; the script inserts every value as text.
public enum ReportHTML {
    /// The page.
    public static func render(_ page: ReportPage) -> String {
        var html = """
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <meta name="generator" content="nrplan">
            <title>\(escapeHTML(page.title)) — nrplan</title>
            <style>
            \(ReportStyle.css)
            </style>
            </head>
            <body>
            <div id="app">
            <header>
            <div class="titles"><div class="brand">nrplan</div><h1 id="title">\(escapeHTML(page.title))</h1><div class="sub" id="subtitle"></div></div>
            <div class="badge" id="verdict" style="display:none"></div>
            </header>
            <div id="main">
            <div id="map-pane" tabindex="0" aria-label="map">
            <canvas id="map"></canvas>
            <div class="controls"><button id="zoom-in" title="zoom in (+)">+</button><button id="zoom-out" title="zoom out (−)">−</button><button id="zoom-fit" title="whole area (0)">⤢</button></div>
            <svg id="north" viewBox="-20 -8 40 52" aria-label="north arrow"><circle cx="0" cy="14" r="15" fill="#ffffff" fill-opacity="0.85" stroke="#c6ccd4"/><path d="M0 1L8 25L0 19L-8 25Z" fill="#1b2430"/><text x="0" y="42" text-anchor="middle" font-size="12" font-weight="700" fill="#1b2430">N</text></svg>
            <div id="scale"><div class="text"></div><div class="bar"></div></div>
            <div id="attribution"></div>
            <div id="coords"></div>
            <div id="tooltip"></div>
            <div id="popup" role="dialog"></div>
            <div id="error"></div>
            <noscript><div style="padding:40px">This report needs JavaScript to draw its map and tables; report.md and summary.json hold the same figures.</div></noscript>
            </div>
            <aside id="side"></aside>
            </div>
            </div>

            """
        html += "<script type=\"application/json\" id=\"nrplan-data\">"
        html += scriptSafe(ReportData.json(page))
        html += "</script>\n<script>\n"
        html += ReportScript.source
        html += "</script>\n</body>\n</html>\n"
        return html
    }

    /// Text for HTML element content and attribute values.
    public static func escapeHTML(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    /// JSON text made safe inside a `<script>` element: `<`, `>` and `&` (which only occur inside
    /// JSON strings) and the line separators U+2028/U+2029 become `\u` escapes; the JSON value is
    /// unchanged.
    public static func scriptSafe(_ json: String) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(json.utf8.count + 64)
        let utf8 = Array(json.utf8)
        var k = 0
        func escape(_ text: String) { bytes.append(contentsOf: text.utf8) }
        while k < utf8.count {
            let byte = utf8[k]
            switch byte {
            case UInt8(ascii: "<"): escape("\\u003c")
            case UInt8(ascii: ">"): escape("\\u003e")
            case UInt8(ascii: "&"): escape("\\u0026")
            case 0xE2 where k + 2 < utf8.count && utf8[k + 1] == 0x80 && (utf8[k + 2] == 0xA8 || utf8[k + 2] == 0xA9):
                escape(utf8[k + 2] == 0xA8 ? "\\u2028" : "\\u2029")
                k += 2
            default: bytes.append(byte)
            }
            k += 1
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
