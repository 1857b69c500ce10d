import Foundation
import Geo

/// A polygon where no demand is counted and no site may be chosen: water or park
/// (`exclusions.geojson`), in local metres, clipped to the planning area.
struct Exclusion {
    enum Kind: String { case water, park }
    let name: String
    let nameEn: String
    let kind: Kind
    let geometry: Geometry
    /// For rivers, the centreline (used to place ports on the bank); empty for parks.
    let centreline: [Coordinate]
}

/// Builds the rivers and parks of a preset.
enum ExclusionBuilder {
    /// The rivers then the parks of `preset`, clipped to `area`. A park that would touch water or
    /// another park is moved in steps of a fifth of its size until it is clear.
    static func build(preset: CityPreset, area: Polygon, seed: UInt64, context: GEOSContext) throws -> [Exclusion] {
        let areaGeometry = Geometry.polygon(area)
        var result: [Exclusion] = []
        for (index, spec) in preset.rivers.enumerated() {
            let centreline = riverCentreline(spec, seed: seed, index: index)
            let band = try Geometry.polygon(riverPolygon(spec, centreline: centreline)).repairedIfInvalid(in: context)
                .geometry
            let clipped = try band.intersection(areaGeometry, in: context)
            guard let geometry = polygonal(clipped) else { continue }
            result.append(
                Exclusion(
                    name: spec.name, nameEn: spec.nameEn, kind: .water, geometry: geometry, centreline: centreline))
        }
        for (index, spec) in preset.parks.enumerated() {
            let step = max(spec.radiusXMeters, spec.radiusYMeters) / 5
            let offsets: [(Double, Double)] =
                [(0, 0)]
                + (1...12).flatMap { k -> [(Double, Double)] in
                    let d = Double(k) * step
                    return [(0, d), (0, -d), (d, 0), (-d, 0)]
                }
            for (dx, dy) in offsets {
                let outline = Geometry.polygon(parkPolygon(spec, dx: dx, dy: dy, seed: seed, index: index))
                let prepared = try PreparedGeometry(outline, in: context)
                var clear = true
                for other in result {
                    if try prepared.intersects(other.geometry) {
                        clear = false
                        break
                    }
                }
                guard clear else { continue }
                if let geometry = polygonal(try outline.intersection(areaGeometry, in: context)) {
                    result.append(
                        Exclusion(name: spec.name, nameEn: spec.nameEn, kind: .park, geometry: geometry, centreline: [])
                    )
                }
                break
            }
        }
        return result
    }

    /// The polygonal part of an overlay result as a Polygon or MultiPolygon, or `nil` if empty.
    static func polygonal(_ geometry: Geometry) -> Geometry? {
        let parts = geometry.polygons.filter { !$0.exterior.isEmpty && abs(Ring.signedArea($0.exterior)) > 1 }
        if parts.isEmpty { return nil }
        return parts.count == 1 ? .polygon(parts[0]) : .multiPolygon(parts)
    }

    /// Points every ~200 m from the start to the end of `spec`, swung sideways by smooth noise.
    static func riverCentreline(_ spec: RiverSpec, seed: UInt64, index: Int) -> [Coordinate] {
        let dx = spec.endX - spec.startX
        let dy = spec.endY - spec.startY
        let length = (dx * dx + dy * dy).squareRoot()
        let count = max(2, Int((length / 200).rounded(.up)))
        let noise = ValueNoise(seed: seed, stream: 41 + UInt64(index), scaleMeters: spec.meanderLengthMeters)
        let nx = -dy / length
        let ny = dx / length
        return (0...count).map { k in
            let t = Double(k) / Double(count)
            // Taper the swing at both ends so the river leaves the mesh where the preset says.
            let swing = spec.meanderMeters * noise.signed(x: t * length, y: 0) * min(1, 8 * t, 8 * (1 - t))
            return Coordinate(x: spec.startX + t * dx + swing * nx, y: spec.startY + t * dy + swing * ny)
        }
    }

    /// The water band around `centreline`, its width growing linearly from start to end.
    static func riverPolygon(_ spec: RiverSpec, centreline: [Coordinate]) -> Polygon {
        var left: [Coordinate] = []
        var right: [Coordinate] = []
        let last = centreline.count - 1
        for (k, p) in centreline.enumerated() {
            let a = centreline[max(0, k - 1)]
            let b = centreline[min(last, k + 1)]
            let tx = b.x - a.x
            let ty = b.y - a.y
            let norm = (tx * tx + ty * ty).squareRoot()
            let half = (spec.widthMeters + (spec.endWidthMeters - spec.widthMeters) * Double(k) / Double(last)) / 2
            let nx = -ty / norm * half
            let ny = tx / norm * half
            left.append(Coordinate(x: p.x + nx, y: p.y + ny))
            right.append(Coordinate(x: p.x - nx, y: p.y - ny))
        }
        let ring = right + left.reversed() + [right[0]]
        return Polygon(exterior: ring)
    }

    /// A noisy ellipse of 48 vertices for park `spec`, moved by (`dx`, `dy`).
    static func parkPolygon(_ spec: ParkSpec, dx: Double, dy: Double, seed: UInt64, index: Int) -> Polygon {
        let noise = ValueNoise(seed: seed, stream: 51 + UInt64(index), scaleMeters: 1)
        var ring: [Coordinate] = []
        for k in 0..<48 {
            let angle = Double(k) * 2 * Double.pi / 48
            let (s, c) = (sin(angle), cos(angle))
            let scale = 1 + 0.18 * noise.signed(x: 1.6 * c, y: 1.6 * s)
            ring.append(
                Coordinate(
                    x: spec.x + dx + scale * spec.radiusXMeters * c, y: spec.y + dy + scale * spec.radiusYMeters * s))
        }
        ring.append(ring[0])
        return Polygon(exterior: ring)
    }
}

/// Point tests against the exclusions (prepared GEOS geometries behind a bounding-box check).
final class ExclusionIndex {
    private let prepared: [PreparedGeometry]
    private let boxes: [BoundingBox]
    private let kinds: [Exclusion.Kind]

    /// Prepares `exclusions` on `context` (single-threaded use).
    init(_ exclusions: [Exclusion], context: GEOSContext) throws {
        prepared = try exclusions.map { e throws(GeoError) in try PreparedGeometry(e.geometry, in: context) }
        boxes = exclusions.map { $0.geometry.boundingBox ?? BoundingBox(minX: 0, minY: 0, maxX: -1, maxY: -1) }
        kinds = exclusions.map(\.kind)
    }

    /// The kind of the first exclusion containing `p` (boundary included), or `nil`.
    func kind(at p: Coordinate) throws -> Exclusion.Kind? {
        for k in prepared.indices where boxes[k].contains(p) {
            if try prepared[k].intersects(p) { return kinds[k] }
        }
        return nil
    }

    /// True when `p` is in no exclusion.
    func isClear(_ p: Coordinate) throws -> Bool { try kind(at: p) == nil }
}
