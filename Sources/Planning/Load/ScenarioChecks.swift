import Foundation
import Geo
import Support

/// Checks that need several input files at once, run by `ScenarioLoader` after every file was
/// read (and by `AuditPipeline` on its area and sites): a site file none of whose sites can reach
/// the planning area (wrong file, wrong region, wrong coordinate system), or whose sites would lie
/// in the area with longitude and latitude swapped.
enum ScenarioChecks {
    /// The sites read from one file.
    struct SiteFile {
        let file: String
        let isCSV: Bool
        let sites: [Site]
    }

    /// How far outside the area's bounding box a site may stand and still count as "near" it (m):
    /// further than any built-in profile reaches, so a site beyond it can never cover the area.
    static let nearAreaMarginMeters = 5_000.0

    /// The bounding box of the planning area, in degrees.
    static func areaBox(_ districts: [District]) -> BoundingBox? {
        var box: BoundingBox?
        for district in districts {
            guard let b = district.geometry.boundingBox else { continue }
            if box == nil { box = b } else { box?.include(b) }
        }
        return box
    }

    /// A box grown by `margin` metres on every side (degrees for geographic boxes).
    static func grown(_ box: BoundingBox, planar: Bool = false, margin: Double = nearAreaMarginMeters) -> BoundingBox {
        if planar {
            return BoundingBox(
                minX: box.minX - margin, minY: box.minY - margin, maxX: box.maxX + margin, maxY: box.maxY + margin)
        }
        let dLat = margin / 110_574
        let dLon = margin / (111_320 * max(0.01, cos(box.center.y * .pi / 180)))
        return BoundingBox(minX: box.minX - dLon, minY: box.minY - dLat, maxX: box.maxX + dLon, maxY: box.maxY + dLat)
    }

    /// Errors for site files none of whose sites reaches the area (`SiteReach`: within its
    /// maximum range of it) — naming swapped coordinates when swapping them would put the sites in
    /// the area, else the nearest site and its distance, with `crsHint` on coordinate systems — and
    /// a warning for files with only some sites far out.
    ///
    /// - Parameters:
    ///   - planar: coordinates are planar metres: the margin is `marginMeters` (default 5 km) and
    ///     swapped coordinates are not diagnosed (a plane has no latitude range).
    ///   - marginMeters: how far outside the area's box a site may stand before the warning;
    ///     geographic jobs use at least 5 km (beyond any built-in radio profile's reach).
    ///   - reach: each site's maximum range in metres (`SiteReach.radio`, `SiteReach.service`).
    ///   - crsHint: how to declare the files' coordinate system, for the error (e.g. "give --crs
    ///     gcj02|bd09").
    static func checkSitesNearArea(
        districts: [District], siteFiles: [SiteFile], planar: Bool = false, marginMeters: Double? = nil,
        reach: @escaping (Site) -> Double, crsHint: String, _ diagnostics: inout Diagnostics
    ) {
        guard let box = areaBox(districts) else { return }
        let margin = planar ? (marginMeters ?? nearAreaMarginMeters) : max(nearAreaMarginMeters, marginMeters ?? 0)
        let reachCheck: SiteReach?
        do {
            reachCheck = try SiteReach(districts: districts, planar: planar, reach: reach)
        } catch {
            diagnostics.add(Problem(error))
            return
        }
        let context = AreaContext(
            box: box, grown: grown(box, planar: planar, margin: margin), planar: planar,
            marginText: margin >= 1000 ? "\(round(margin / 1000)) km" : "\(round(margin)) m", crsHint: crsHint)
        for siteFile in siteFiles where !siteFile.sites.isEmpty {
            check(siteFile, context, reachCheck, &diagnostics)
        }
    }

    /// The area as the messages of `checkSitesNearArea` describe it.
    struct AreaContext {
        let box: BoundingBox
        /// The box grown by the margin.
        let grown: BoundingBox
        let planar: Bool
        let marginText: String
        let crsHint: String

        var names: (x: String, y: String) { planar ? ("x", "y") : ("lon", "lat") }
        var areaText: String {
            "\(names.x) \(round(box.minX))…\(round(box.maxX)), \(names.y) \(round(box.minY))…\(round(box.maxY))"
        }
    }

    /// The checks of one site file (see `checkSitesNearArea`).
    static func check(
        _ siteFile: SiteFile, _ context: AreaContext, _ reachCheck: SiteReach?, _ diagnostics: inout Diagnostics
    ) {
        let (xName, yName) = context.names
        var inside = 0
        var swappedInside = 0
        var firstOutside: Site?
        var box: BoundingBox?
        for site in siteFile.sites {
            let p = site.location
            if box == nil { box = BoundingBox(minX: p.x, minY: p.y, maxX: p.x, maxY: p.y) } else { box?.include(p) }
            if context.grown.contains(p) {
                inside += 1
            } else {
                if firstOutside == nil { firstOutside = site }
                if !context.planar && context.grown.contains(Coordinate(x: p.y, y: p.x)) { swappedInside += 1 }
            }
        }
        let count = siteFile.sites.count
        let field = siteFile.isCSV ? "\(xName)/\(yName)" : "geometry.coordinates"
        let span =
            box.map {
                "they span \(xName) \(round($0.minX))…\(round($0.maxX)), \(yName) \(round($0.minY))…\(round($0.maxY))"
            } ?? ""
        if inside == 0 && swappedInside * 2 > count {
            diagnostics.error(
                siteFile.file, nil, field: field,
                expected:
                    "sites in or near the planning area (\(context.areaText)); with longitude and latitude swapped \(swappedInside) of them fall in it, so the coordinates look swapped",
                found: "all \(count) site(s) outside it (\(span))")
            return
        }
        let nearest: SiteReach.Nearest?
        do {
            nearest = try reachCheck?.unreached(siteFile.sites)
        } catch {
            diagnostics.add(Problem(error))
            return
        }
        if let nearest {
            let site = nearest.site
            diagnostics.error(
                siteFile.file, nil, field: field,
                expected: "at least one site within its maximum range of the planning area (\(context.areaText))",
                found:
                    "none of its \(count) site(s): the nearest, '\(site.id)' (\(site.sourceLocation)), lies \(SiteReach.text(nearest.distanceMeters)) from the area and reaches \(SiteReach.text(nearest.reachMeters)) (\(span))",
                message: "almost always the wrong file or coordinate system; \(context.crsHint)")
        } else if inside < count, let first = firstOutside {
            diagnostics.warning(
                siteFile.file, nil, field: field,
                message:
                    "\(count - inside) of \(count) sites lie more than \(context.marginText) outside the planning area's bounding box (e.g. \(first.sourceLocation), id '\(first.id)'); they cannot cover it"
            )
        }
    }

    /// Degrees (or, for planar jobs, metres) in messages.
    static func round(_ degrees: Double) -> String { Precision.messageDegrees.text(degrees) }
}
