import Foundation
import Geo
import Support

/// A priority zone for a private 5G network (`priority.geojson`), in local metres.
struct PriorityZone {
    let spec: PriorityZoneSpec
    let geometry: Geometry

    /// The GeoJSON properties: name, name_en, sector, weight, must_cover.
    var properties: [(key: String, value: JSONValue)] {
        [
            ("name", .string(spec.name)), ("name_en", .string(spec.nameEn)), ("sector", .string(spec.sector)),
            ("weight", .number(spec.weight)), ("must_cover", .bool(spec.mustCover)),
        ]
    }
}

/// Builds the priority zones of a preset: rectangles, campuses around catalogue buildings,
/// industrial-zone outlines and strips along river banks, each clipped to the area minus the
/// exclusions.
struct PriorityZoneBuilder {
    let preset: CityPreset
    let area: Polygon
    let exclusions: [Exclusion]
    let catalogue: [CandidateSite]

    /// The zones in preset order (a zone left empty by the clipping is dropped).
    func build(context: GEOSContext) throws -> [PriorityZone] {
        let land = try exclusions.reduce(Geometry.polygon(area)) { try $0.difference($1.geometry, in: context) }
        var result: [PriorityZone] = []
        for (index, spec) in preset.priorityZones.enumerated() {
            guard let outline = outline(spec, index: index) else { continue }
            let clipped = try Geometry.polygon(outline).intersection(land, in: context)
            if let geometry = ExclusionBuilder.polygonal(clipped) {
                result.append(PriorityZone(spec: spec, geometry: geometry))
            }
        }
        return result
    }

    private func outline(_ spec: PriorityZoneSpec, index: Int) -> Polygon? {
        switch spec.placement {
        case .rectangle(let x, let y, let width, let height, let rotation):
            return PriorityZoneBuilder.rectangle(
                centre: Coordinate(x: x, y: y), width: width, height: height, rotationDegrees: rotation)
        case .campus(let category, let rank, let width, let height):
            let ranked = catalogue.filter { $0.category == category && $0.status != "unavailable" }
                .sorted { $0.heightMeters != $1.heightMeters ? $0.heightMeters > $1.heightMeters : $0.id < $1.id }
            guard rank < ranked.count else { return nil }
            return PriorityZoneBuilder.rectangle(
                centre: ranked[rank].position, width: width, height: height, rotationDegrees: Double(8 * index % 30))
        case .industrialZone(let zoneIndex):
            guard zoneIndex < preset.density.industrialZones.count else { return nil }
            let zone = preset.density.industrialZones[zoneIndex]
            var ring = (0..<32).map { k -> Coordinate in
                let angle = Double(k) * 2 * Double.pi / 32
                return Coordinate(
                    x: zone.x + zone.radiusXMeters * cos(angle), y: zone.y + zone.radiusYMeters * sin(angle))
            }
            ring.append(ring[0])
            return Polygon(exterior: ring)
        case .riverBank(let river, let along, let length, let depth):
            let rivers = exclusions.filter { $0.kind == .water }
            guard river < rivers.count, let riverSpec = preset.rivers.first(where: { $0.name == rivers[river].name })
            else { return nil }
            let line = rivers[river].centreline
            let k = min(line.count - 2, max(1, Int(along * Double(line.count - 1))))
            let tx = line[k + 1].x - line[k - 1].x
            let ty = line[k + 1].y - line[k - 1].y
            let norm = (tx * tx + ty * ty).squareRoot()
            let width =
                riverSpec.widthMeters + (riverSpec.endWidthMeters - riverSpec.widthMeters) * Double(k)
                / Double(line.count - 1)
            let offset = width / 2 + depth / 2 + 30
            let centre = Coordinate(x: line[k].x - ty / norm * offset, y: line[k].y + tx / norm * offset)
            return PriorityZoneBuilder.rectangle(
                centre: centre, width: length, height: depth, rotationDegrees: atan2(ty, tx) * 180 / Double.pi)
        }
    }

    /// A `width` × `height` rectangle centred at `centre`, turned counter-clockwise.
    static func rectangle(centre: Coordinate, width: Double, height: Double, rotationDegrees: Double) -> Polygon {
        let angle = rotationDegrees * Double.pi / 180
        let (c, s) = (cos(angle), sin(angle))
        let corners = [
            (-width / 2, -height / 2), (width / 2, -height / 2), (width / 2, height / 2), (-width / 2, height / 2),
            (-width / 2, -height / 2),
        ]
        return Polygon(
            exterior: corners.map { Coordinate(x: centre.x + $0.0 * c - $0.1 * s, y: centre.y + $0.0 * s + $0.1 * c) })
    }
}
