import Foundation
import Radio
import Testing

@testable import Geo
@testable import Planning

/// What a site file's properties mean (issue 14): `type` only in service jobs, polygons only with
/// `use_centroids`, and every default a site took recorded.
@Suite("Site files: type, polygons, defaults")
struct SiteReadingTests {
    typealias Fixture = ScenarioInputTests.Fixture

    static let osmBuildings = """
        {"type":"FeatureCollection","features":[
        {"type":"Feature","properties":{"id":"B1","type":"construction","height_m":30},"geometry":{"type":"Point","coordinates":[113.29,23.12]}},
        {"type":"Feature","properties":{"id":"B2","type":5},"geometry":{"type":"Point","coordinates":[113.31,23.125]}},
        {"type":"Feature","properties":{"id":"B3","type":null,"kind":"tower"},"geometry":{"type":"Point","coordinates":[113.30,23.115]}}]}
        """

    @Test("a radio job ignores `type` (OSM's 'construction', a number): no error, kept as a property, kind decides")
    func radioIgnoresType() throws {
        let fixture = try Fixture(
            ["osm.geojson": Self.osmBuildings], scenario: ScenarioInputTests.scenario(candidates: #"["osm.geojson"]"#))
        let (scenario, diagnostics) = fixture.validate()
        #expect(diagnostics.errors.isEmpty, "\(diagnostics.errors)")
        let sites = try #require(scenario).candidates
        #expect(sites.map(\.serviceType) == [nil, nil, nil])
        #expect(sites[0].properties.first { $0.key == "type" }?.value == .string("construction"))
        #expect(sites.map(\.kind) == [.rooftop, .rooftop, .tower])
    }

    @Test("a service job reads `type` and still rejects a type that is not a name")
    func serviceReadsType() throws {
        let service = #","service":{"types":[{"name":"construction","radius_m":300,"cost":1}]}"#
        let fixture = try Fixture(
            ["osm.geojson": Self.osmBuildings],
            scenario: ScenarioInputTests.scenario(candidates: #"["osm.geojson"]"#, extra: service))
        #expect(
            fixture.errors.map { $0.replacingOccurrences(of: "case/", with: "") }
                == ["osm.geojson: feature 1: field 'type': expected a site type name, found 5"])
    }

    static let footprints = """
        {"type":"FeatureCollection","features":[
        {"type":"Feature","properties":{"id":"F1"},"geometry":{"type":"Polygon","coordinates":[[[113.290,23.120],[113.292,23.120],[113.292,23.121],[113.290,23.121],[113.290,23.120]]]}},
        {"type":"Feature","properties":{"id":"F2"},"geometry":{"type":"MultiPolygon","coordinates":[[[[113.310,23.124],[113.311,23.124],[113.311,23.126],[113.310,23.126],[113.310,23.124]]]]}},
        {"type":"Feature","properties":{"id":"F3"},"geometry":{"type":"Point","coordinates":[113.30,23.115]}}]}
        """

    @Test("polygons where points are expected: an error with the opt-in named; with use_centroids, their centroids")
    func polygonCentroids() throws {
        let refused = try Fixture(
            ["footprints.geojson": Self.footprints],
            scenario: ScenarioInputTests.scenario(candidates: #"["footprints.geojson"]"#))
        let errors = refused.errors
        #expect(errors.count == 2)
        #expect(
            errors.first
                == #"case/footprints.geojson: feature 0: field 'geometry.type': expected Point (to site on the centroids of polygons such as building footprints, name the file in case/scenario.json as {"file": "footprints.geojson", "use_centroids": true}), found Polygon"#
        )
        let accepted = try Fixture(
            ["footprints.geojson": Self.footprints],
            scenario: ScenarioInputTests.scenario(candidates: #"[{"file":"footprints.geojson","use_centroids":true}]"#))
        let (scenario, diagnostics) = accepted.validate()
        #expect(diagnostics.errors.isEmpty, "\(diagnostics.errors)")
        let sites = try #require(scenario).candidates
        #expect(sites.map(\.id) == ["F1", "F2", "F3"])
        #expect(abs(sites[0].location.x - 113.291) < 1e-12 && abs(sites[0].location.y - 23.1205) < 1e-12)
        #expect(abs(sites[1].location.x - 113.3105) < 1e-12 && abs(sites[1].location.y - 23.125) < 1e-12)
        #expect(sites[2].location == Coordinate(x: 113.30, y: 23.115))
        let bad = try Fixture(
            ["footprints.geojson": Self.footprints],
            scenario: ScenarioInputTests.scenario(candidates: #"[{"file":"footprints.geojson","use_centroids":"yes"}]"#)
        )
        #expect(
            bad.errors == [
                "case/scenario.json: field 'candidates[0].use_centroids': expected true or false, found 'yes'"
            ])
    }

    @Test("centroids: holes subtracted whatever the ring orientation; area-weighted over a MultiPolygon")
    func centroidGeometry() throws {
        let square = [Coordinate(x: 0, y: 0), Coordinate(x: 4, y: 0), Coordinate(x: 4, y: 4), Coordinate(x: 0, y: 4)]
        let hole = [Coordinate(x: 2, y: 2), Coordinate(x: 4, y: 2), Coordinate(x: 4, y: 4), Coordinate(x: 2, y: 4)]
        // Area 16 − 4 = 12; centroid (16·2 − 4·3) / 12 = 5/3 on both axes, with either hole orientation.
        for ring in [hole, Array(hole.reversed())] {
            let c = try #require(Geometry.polygon(Polygon(exterior: square, holes: [ring])).polygonCentroid)
            #expect(abs(c.x - 5.0 / 3) < 1e-12 && abs(c.y - 5.0 / 3) < 1e-12)
        }
        let two = Geometry.multiPolygon([
            Polygon(exterior: square),
            Polygon(exterior: square.map { Coordinate(x: $0.x + 10, y: $0.y) }),
        ])
        let c = try #require(two.polygonCentroid)
        #expect(abs(c.x - 7) < 1e-12 && abs(c.y - 2) < 1e-12)
    }

    @Test("defaults recorded per site: kind, height, profile, cost — and nothing for what the file gave")
    func defaultsRecorded() throws {
        let fixture = try Fixture()
        let sites = try #require(fixture.validate().scenario).candidates
        // sites.geojson gives kinds; sites.csv gives kinds; none gives height, cost or profile.
        #expect(sites.allSatisfy { $0.defaulted == [.height, .profile, .cost] })
        let osm = try Fixture(
            ["osm.geojson": Self.osmBuildings],
            scenario: ScenarioInputTests.scenario(candidates: #"["osm.geojson"]"#))
        let read = try #require(osm.validate().scenario).candidates
        #expect(read[0].defaulted == [.kind, .profile, .cost])
        #expect(read[2].defaulted == [.height, .profile, .cost])
        let uses = RadioAssumptions.defaultUses(read)
        #expect(uses.map(\.property) == ["kind", "height_m", "profile", "cost"])
        #expect(uses[0].sites == 2 && uses[0].values.map(\.value) == ["rooftop"])
        #expect(uses[1].values.map(\.value) == ["rooftop 25 m", "tower 35 m"])
    }

    @Test("model range notes: an open-ended range reads '≥ 1 m', a closed one 'a…b'")
    func rangeNotes() throws {
        let small = try #require(RadioProfile.named("n78-small-cell"))
        let below = RadioAssumptions.note(flag: "bs_height_out_of_range", profile: small)
        #expect(below == "BS height outside umi/nlos's range, ≥ 1 m (TR 38.901 Table 7.4.1-1); extrapolated")
        #expect(!below.contains("e+308"))
        let ut = RadioAssumptions.note(flag: "ut_height_out_of_range", profile: small)
        #expect(ut.contains("range, 1.5…22.5 m"))
    }
}
