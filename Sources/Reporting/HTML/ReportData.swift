import Foundation
import Geo
import Planning
import Support

/// The page's data as one JSON document, read by the page's script (`ReportScript`).
///
/// Coordinates are integers — WGS-84 degrees × 10⁶ (≈ 0.1 m) or planar metres × 100 — and each
/// ring or line is delta-encoded (first position absolute, then differences), which halves the
/// size of grid-traced outlines. Rasters are run-length encoded: tokens `run << 3 | class` as
/// LEB128 varints over the row-major pixels, in base64.
enum ReportData {
    /// The compact JSON text of `page` (not yet escaped for a `<script>` element).
    static func json(_ page: ReportPage) -> String {
        let scale = page.frame == .wgs84 ? 1e6 : 100
        var out = "{\"format\":1,\"version\":"
        JSONWriter.appendString(NRPlanVersion.string, into: &out)
        out += ",\"title\":"
        JSONWriter.appendString(page.title, into: &out)
        out += ",\"subtitle\":"
        JSONWriter.appendString(page.subtitle, into: &out)
        out += ",\"crs\":\"\(page.frame.rawValue)\",\"scale\":\(Int(scale))"
        out += ",\"verdict\":"
        if let verdict = page.verdict {
            out += "{\"passed\":\(verdict.passed),\"text\":"
            JSONWriter.appendString(verdict.text, into: &out)
            out += "}"
        } else {
            out += "null"
        }
        out += ",\"figures\":"
        JSONWriter.write(figures(page.figureGroups), into: &out)
        out += ",\"tables\":"
        JSONWriter.write(.array(page.tables.map(table)), into: &out)
        out += ",\"notes\":"
        JSONWriter.write(.array(page.notes.map { .string($0) }), into: &out)
        out += ",\"phases\":"
        JSONWriter.write(page.phases.map(phases) ?? .null, into: &out)
        out += ",\"rasters\":["
        for (k, raster) in page.rasters.enumerated() {
            if k > 0 { out += "," }
            append(raster, into: &out)
        }
        out += "],\"layers\":["
        for (k, layer) in page.layers.enumerated() {
            if k > 0 { out += "," }
            append(layer, scale: scale, into: &out)
        }
        out += "]}"
        return out
    }

    static func figures(_ groups: [ReportPage.FigureGroup]) -> JSONValue {
        .array(
            groups.map { group in
                .object([
                    ("title", .string(group.title)),
                    (
                        "items",
                        .array(
                            group.figures.map {
                                .object([
                                    ("label", .string($0.label)), ("value", .string($0.value)),
                                    ("tone", $0.tone.map { .string($0) } ?? .null),
                                ])
                            })
                    ),
                ])
            })
    }

    static func phases(_ phases: ReportPage.Phases) -> JSONValue {
        .object([
            ("names", .array(phases.names.map { .string($0) })),
            (
                "figures",
                .array(
                    phases.figures.map { list in
                        .array(list.map { .object([("label", .string($0.label)), ("value", .string($0.value))]) })
                    })
            ),
            ("note", .string(phases.note)),
        ])
    }

    static func table(_ table: ReportPage.Table) -> JSONValue {
        .object([
            ("id", .string(table.id)),
            ("title", .string(table.title)),
            ("note", table.note.map { .string($0) } ?? .null),
            (
                "columns",
                .array(table.columns.map { .object([("label", .string($0.label)), ("numeric", .bool($0.numeric))]) })
            ),
            (
                "rows",
                .array(
                    table.rows.map { row in
                        var members: [(key: String, value: JSONValue)] = [
                            ("cells", .array(row.cells.map { .string($0) }))
                        ]
                        if let focus = row.focus {
                            members.append(
                                (
                                    "focus",
                                    .object([
                                        ("layer", .string(focus.layer)), ("feature", .number(Double(focus.feature))),
                                    ])
                                ))
                        }
                        return .object(members)
                    })
            ),
        ])
    }

    static func append(_ layer: MapLayer, scale: Double, into out: inout String) {
        let header: JSONValue = .object([
            ("id", .string(layer.id)),
            ("title", .string(layer.title)),
            ("kind", .string(layer.kind.rawValue)),
            ("visible", .bool(layer.visible)),
            ("fill", .string(layer.fill)),
            ("stroke", .string(layer.stroke)),
            ("fillOpacity", .number(layer.fillOpacity)),
            ("strokeWidth", .number(layer.strokeWidth)),
            ("dashed", .bool(layer.dashed)),
            ("classBy", layer.classBy.map { .string($0) } ?? .null),
            (
                "classes",
                .array(
                    layer.classes.map {
                        .object([
                            ("value", .string($0.value)), ("title", .string($0.title)), ("fill", .string($0.fill)),
                            ("stroke", .string($0.stroke)),
                        ])
                    })
            ),
            ("shapeBy", layer.shapeBy.map { .string($0) } ?? .null),
            (
                "shapes",
                .array(
                    layer.shapes.map {
                        .object([
                            ("value", .string($0.value)), ("title", .string($0.title)), ("shape", .string($0.shape)),
                        ])
                    })
            ),
            ("labelKeys", .array(layer.labelKeys.map { .string($0) })),
            ("textKey", layer.textKey.map { .string($0) } ?? .null),
            ("phaseKey", layer.phaseKey.map { .string($0) } ?? .null),
            ("phaseMode", .string(layer.phaseMode.rawValue)),
        ])
        var head = JSONWriter.string(header)
        head.removeLast() // reopen the object for the features
        out += head
        out += ",\"features\":["
        for (k, feature) in layer.features.enumerated() {
            if k > 0 { out += ",\n" }
            out += "{\"g\":"
            if let geometry = feature.geometry {
                appendGeometry(geometry, kind: layer.kind, scale: scale, into: &out)
            } else {
                out += "null"
            }
            out += ",\"p\":"
            JSONWriter.write(.object(feature.properties), into: &out)
            out += "}"
        }
        out += "]}"
    }

    /// Points `[x,y]`; lines `[[line]…]`; polygons `[[[ring]…]…]`, each line or ring delta-encoded.
    static func appendGeometry(_ geometry: Geometry, kind: MapLayer.Kind, scale: Double, into out: inout String) {
        switch kind {
        case .points:
            var point: Coordinate?
            geometry.forEachCoordinate { c in if point == nil { point = c } }
            guard let point else {
                out += "null"
                return
            }
            out += "[\(Int((point.x * scale).rounded())),\(Int((point.y * scale).rounded()))]"
        case .lines:
            var lines: [[Coordinate]] = []
            switch geometry {
            case .lineString(let line): lines = [line]
            case .multiLineString(let list): lines = list
            default: lines = geometry.polygons.flatMap(\.rings)
            }
            out += "["
            for (k, line) in lines.enumerated() {
                if k > 0 { out += "," }
                appendDeltas(line, scale: scale, dropClosing: false, into: &out)
            }
            out += "]"
        case .polygons:
            out += "["
            for (k, polygon) in geometry.polygons.enumerated() {
                if k > 0 { out += "," }
                out += "["
                for (r, ring) in polygon.rings.enumerated() {
                    if r > 0 { out += "," }
                    appendDeltas(ring, scale: scale, dropClosing: true, into: &out)
                }
                out += "]"
            }
            out += "]"
        }
    }

    /// A flat array `[x0,y0,dx1,dy1,…]` of integer positions; repeated positions after rounding
    /// are dropped, and so is a ring's closing position (the page closes rings itself).
    static func appendDeltas(_ coordinates: [Coordinate], scale: Double, dropClosing: Bool, into out: inout String) {
        var points = coordinates.map { (Int(($0.x * scale).rounded()), Int(($0.y * scale).rounded())) }
        if dropClosing, points.count > 1, points.first! == points.last! { points.removeLast() }
        out += "["
        var previous: (Int, Int)?
        for p in points {
            if let q = previous {
                if p == q { continue }
                out += ",\(p.0 - q.0),\(p.1 - q.1)"
            } else {
                out += "\(p.0),\(p.1)"
            }
            previous = p
        }
        out += "]"
    }

    static func append(_ raster: ClassRaster, into out: inout String) {
        let header: JSONValue = .object([
            ("id", .string(raster.id)),
            ("title", .string(raster.title)),
            ("visible", .bool(raster.visible)),
            ("width", .number(Double(raster.width))),
            ("height", .number(Double(raster.height))),
            (
                "classes",
                .array(raster.classes.map { .object([("title", .string($0.title)), ("color", .string($0.color))]) })
            ),
            ("note", .string(raster.note)),
            ("phaseOfClass", raster.phaseOfClass.map { .array($0.map { .number(Double($0)) }) } ?? .null),
            (
                "lattice",
                .object([
                    ("columns", .number(Double(raster.lattice.columns))),
                    ("rows", .number(Double(raster.lattice.rows))),
                    ("points", .array(raster.lattice.points.flatMap { [rounded($0.x), rounded($0.y)] })),
                ])
            ),
        ])
        var head = JSONWriter.string(header)
        head.removeLast()
        out += head
        out += ",\"rle\":\""
        out += runLengthEncoded(raster.pixels).base64EncodedString()
        out += "\"}"
    }

    /// A display-plane coordinate to the millimetre.
    static func rounded(_ value: Double) -> JSONValue { .number((value * 1000).rounded() / 1000) }

    /// Run-length tokens `run << 3 | value` (values 0…7) as LEB128 varints.
    static func runLengthEncoded(_ pixels: [UInt8]) -> Data {
        var bytes: [UInt8] = []
        var k = 0
        while k < pixels.count {
            let value = pixels[k]
            var run = 1
            while k + run < pixels.count && pixels[k + run] == value { run += 1 }
            var token = UInt64(run) << 3 | UInt64(value & 7)
            while token >= 0x80 {
                bytes.append(UInt8(token & 0x7F) | 0x80)
                token >>= 7
            }
            bytes.append(UInt8(token))
            k += run
        }
        return Data(bytes)
    }

    /// Decodes `runLengthEncoded` (for tests; the page's script does the same).
    static func runLengthDecoded(_ data: Data) -> [UInt8] {
        var pixels: [UInt8] = []
        var token: UInt64 = 0
        var shift: UInt64 = 0
        for byte in data {
            token |= UInt64(byte & 0x7F) << shift
            if byte & 0x80 != 0 {
                shift += 7
                continue
            }
            pixels.append(contentsOf: repeatElement(UInt8(token & 7), count: Int(token >> 3)))
            token = 0
            shift = 0
        }
        return pixels
    }
}
