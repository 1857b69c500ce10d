import Foundation
import Testing

@testable import Planning

/// `objective.phases` (a phased rollout) as `ScenarioLoader` reads it: cumulative limits, one kind
/// of limit per phase, and every mistake reported with the phase's field.
@Suite("Scenario objective.phases")
struct PhaseLoadingTests {
    typealias Fixture = ScenarioInputTests.Fixture

    static func scenario(_ objective: String) -> String {
        #"{"area":"area.geojson","candidates":["sites.geojson"],"demand":{"cell_m":100},"objective":\#(objective)}"#
    }

    @Test("phases load in order; the last phase is the plan's objective")
    func loads() throws {
        let fixture = try Fixture(
            scenario: Self.scenario(
                #"{"phases":[{"name":"2020","budget":300},{"name":"2021","budget":600,"sites":40},{"name":"2022","coverage_target":0.95}]}"#
            ))
        let (scenario, diagnostics) = fixture.validate()
        #expect(diagnostics.errors.isEmpty, "\(fixture.errors)")
        let phases = try #require(scenario?.phases)
        #expect(phases.map(\.name) == ["2020", "2021", "2022"])
        #expect(phases[0].objective == .maxCoverage(sites: nil, budget: 300))
        #expect(phases[1].objective == .maxCoverage(sites: 40, budget: 600))
        #expect(scenario?.objective == .minCost(coverageTarget: 0.95))
        // Without phases, nothing changes.
        let plain = try Fixture().validate()
        #expect(plain.scenario?.phases.isEmpty == true)
    }

    @Test(
        "mistakes name the phase and field",
        arguments: [
            (
                #"{"phases":[{"name":"2020","coverage_target":0.9},{"name":"2021","coverage_target":0.8}]}"#,
                "field 'objective.phases[1].coverage_target': expected at least 0.9, the coverage_target of phase '2020'"
            ),
            (
                #"{"phases":[{"name":"2020","budget":500},{"name":"2021","budget":400}]}"#,
                "field 'objective.phases[1].budget': expected at least 500"
            ),
            (
                #"{"phases":[{"name":"2020","coverage_target":0.9,"budget":10}]}"#,
                "field 'objective.phases[0].coverage_target': expected a coverage_target (least cost), or a budget and/or sites (most coverage), not both"
            ),
            (
                #"{"phases":[{"name":"2020"}]}"#,
                "field 'objective.phases[0]': expected a coverage_target (least cost), or a budget and/or sites (most coverage), found none of them"
            ),
            (
                #"{"phases":[{"name":"a","budget":1},{"name":"a","budget":2}]}"#,
                "field 'objective.phases[1].name': expected a name used by one phase only, found 'a' a second time"
            ),
            (#"{"phases":[]}"#, "field 'objective.phases': expected a non-empty list of phases"),
            (
                #"{"phases":[{"name":"2020","coverage_target":0.9}],"coverage_target":0.95}"#,
                "field 'objective.coverage_target': expected no coverage_target beside objective.phases"
            ),
            (
                #"{"type":"max_coverage","phases":[{"name":"2020","coverage_target":0.9}]}"#,
                "field 'objective.phases[0].coverage_target': expected a budget and/or sites (objective.type is max_coverage)"
            ),
            (
                #"{"phases":[{"name":" ","budget":1}]}"#,
                "field 'objective.phases[0].name': expected a non-empty name (e.g. a year)"
            ),
            (
                #"{"phases":[{"name":"2020","coverage_target":0.9}],"max_hole_m2":10000}"#,
                "field 'objective.phases': expected no continuity limits or demand.roads with objective.phases (constraint generation plans in one step; phased continuity planning is not supported yet), found continuity limits"
            ),
            (
                #"{"phases":[{"name":"2020","coverage_target":1.5}]}"#,
                "field 'objective.phases[0].coverage_target'"
            ),
        ])
    func mistakes(objective: String, message: String) throws {
        let fixture = try Fixture(scenario: Self.scenario(objective))
        let (scenario, _) = fixture.validate()
        #expect(scenario == nil)
        #expect(fixture.errors.contains { $0.contains(message) }, "\(fixture.errors)")
        #expect(fixture.errors.allSatisfy { $0.hasPrefix("case/scenario.json") }, "\(fixture.errors)")
    }
}
