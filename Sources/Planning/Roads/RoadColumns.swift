/// The roads of a radio job with the road rows each column covers: the coverage stage's part for
/// `demand.roads` (`RoadNetwork.build`, `RoadNetwork.coverage`).
public struct RoadColumns: Sendable {
    public let network: RoadNetwork
    /// CSR by column (the columns of `RadioColumns`): `starts[j] ..< starts[j + 1]` indexes `rows`.
    public let starts: [Int]
    public let rows: [UInt32]

    /// Per road row, whether some of `columns` covers it.
    public func coveredRows(by columns: [Int]) -> [Bool] {
        var covered = [Bool](repeating: false, count: network.rowCount)
        for j in columns { for k in starts[j]..<starts[j + 1] { covered[Int(rows[k])] = true } }
        return covered
    }

    /// The roads of the scenario and what every column covers of them, or nil without roads.
    static func build(scenario: Scenario, study: StudyArea, columns: RadioColumns, threads: Int)
        throws(PlanningError) -> RoadColumns?
    {
        guard let settings = scenario.demand.roads, !settings.roads.isEmpty else { return nil }
        let network = try RoadNetwork.build(
            settings, districts: scenario.districts, projection: study.projection, threads: threads)
        let (starts, rows) = network.coverage(
            placements: columns.placements, settings: settings, spec: study.grid.spec, threads: threads)
        return RoadColumns(network: network, starts: starts, rows: rows)
    }
}
