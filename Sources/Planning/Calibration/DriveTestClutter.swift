import Foundation
import Geo

/// Gives each drive-test sample the land-use class of the clutter polygon it lies in — the same
/// kind of layer as a scenario's `demand.clutter` (docs/scenario.md), so that the offsets fitted
/// per class (`nrplan calibrate --clutter FILE`) go straight into that layer's classes.
enum DriveTestClutter {
    /// Sets `clutter` of every sample to the `property` value of the first polygon (in file order)
    /// that holds it (boundary included), or leaves it nil when none does. Polygons whose property
    /// is missing or not a string are skipped with a warning; `data` is the file's bytes.
    /// - Complexity: O(samples × polygons) bounding-box tests, one GEOS point test per box hit.
    static func classify(
        _ samples: inout [DriveTestSample], data: Data, file: AuditRequest.File, property: String,
        crs: CoordinateSystem, _ diagnostics: inout Diagnostics
    ) {
        guard let layer = ScenarioLoader.parseGeoJSON(data, file: file.displayName, crs: crs, &diagnostics) else {
            return
        }
        let context = GEOSContext()
        var polygons: [(box: BoundingBox, prepared: PreparedGeometry, name: String)] = []
        var skipped = 0
        for item in ScenarioLoader.polygonLayer(layer, file: file.displayName, role: "clutter", &diagnostics) {
            guard let name = item.properties.last(where: { $0.key == property })?.value.stringValue, !name.isEmpty,
                let box = item.geometry.boundingBox
            else {
                skipped += 1
                continue
            }
            do {
                polygons.append((box, try PreparedGeometry(item.geometry, in: context), name))
            } catch {
                diagnostics.error(
                    file.displayName, "feature \(item.index)", field: "geometry", message: error.description)
            }
        }
        if skipped > 0 {
            diagnostics.warning(
                file.displayName, field: property,
                message: "\(skipped) polygon(s) without a string '\(property)' skipped")
        }
        if polygons.isEmpty {
            diagnostics.error(
                file.displayName, field: property, expected: "Polygon features with a '\(property)' class",
                found: "none")
            return
        }
        for k in samples.indices {
            let p = samples[k].location
            samples[k].clutter = nil
            for polygon in polygons
            where p.x >= polygon.box.minX && p.x <= polygon.box.maxX && p.y >= polygon.box.minY
                && p.y <= polygon.box.maxY
            {
                if (try? polygon.prepared.intersects(p)) == true {
                    samples[k].clutter = polygon.name
                    break
                }
            }
        }
    }
}
