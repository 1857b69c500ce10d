import Foundation
import Testing

@testable import Geo
@testable import Planning

/// Issue 13, point 2: the greenfield lattice — positions on the demand grid every `step_m`, none in
/// an exclusion, none within `min_distance_m` of a catalogue candidate or existing site — counted
/// against an independent enumeration of the lattice.
@Suite("Greenfield lattice")
struct GreenfieldTests {
    @Test("lattice positions: on the step, outside exclusions, farther than min_distance_m from the catalogue")
    func lattice() throws {
        let projection = LocalProjection(centralMeridianDegrees: 113.3, originLatitudeDegrees: 23.1)
        let cell = 50.0
        // 1 km × 1 km with a 300 m × 300 m park in the middle.
        let park = Geometry.polygon(.rectangle(minX: 350, minY: 350, maxX: 650, maxY: 650))
        let grid = DemandGridBuilder.build(
            districts: [Geometry.polygon(.rectangle(minX: 0, minY: 0, maxX: 1000, maxY: 1000))],
            districtNames: ["d0"], exclusions: [park], cellMeters: cell, projection: projection, threads: 1)
        let catalogue = [Coordinate(x: 125, y: 125), Coordinate(x: 825, y: 875)]
        let settings = GreenfieldSettings(
            stepMeters: 150, cost: 60, kind: .tower, heightMeters: 35, profileName: "n78-macro",
            minDistanceMeters: 160)
        let (sites, statistics) = GreenfieldSites.generate(
            settings, grid: grid, neighbours: catalogue.map(projection.unproject), usedIds: ["G0_0"])
        // Independent: every third cell centre (25 + 150 k m), outside the park, > 160 m from the catalogue.
        var expected: [Coordinate] = []
        var positions = 0
        for y in stride(from: 25.0, to: 1000, by: 150) {
            for x in stride(from: 25.0, to: 1000, by: 150) {
                if x > 350 && x < 650 && y > 350 && y < 650 { continue }
                positions += 1
                if catalogue.allSatisfy({ ($0.x - x) * ($0.x - x) + ($0.y - y) * ($0.y - y) > 160 * 160 }) {
                    expected.append(Coordinate(x: x, y: y))
                }
            }
        }
        #expect(statistics.positions == positions)
        #expect(statistics.candidates == expected.count && sites.count == expected.count)
        #expect(statistics.nearCatalogue == positions - expected.count)
        for (site, position) in zip(sites, expected) {
            let p = projection.project(site.location)
            #expect(abs(p.x - position.x) < 1e-6 && abs(p.y - position.y) < 1e-6)
            #expect(site.source == .greenfield && site.cost == 60 && site.profileName == "n78-macro")
        }
        // Ids name the grid square; a clash with a catalogue id gets a suffix.
        #expect(sites.contains { $0.id == "G0_0_greenfield" } == expected.contains { $0.x == 25 && $0.y == 25 })
        #expect(sites.contains { $0.id == "G6_0" })
    }
}
