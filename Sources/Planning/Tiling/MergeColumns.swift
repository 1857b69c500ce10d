import Geo
import Support

/// The columns the merge works with, on the global demand grid: every new site some tile chose,
/// every seam candidate (an open candidate more than one tile takes: it can cover cells of two
/// tiles) and every candidate of the tiles' continuation lists — in the scenario's candidate order
/// — then every existing site. Their coverage is computed once, on the global grid, by the same
/// `CoverageMatrixBuilder` as a single-machine run.
struct MergeColumns {
    /// The columns (candidates then existing sites) with placements, footprints and coverage.
    var columns: RadioColumns
    /// Column of each site id.
    var columnOfId: [String: Int]
    /// Per candidate column: a seam candidate.
    var isSeam: [Bool]
    /// Every global candidate's cost by id (the bound's seam terms).
    var costOfId: [String: Double]
    /// Open candidates that more than one tile takes.
    var seamCandidates: Int

    static func build(
        scenario: Scenario, study: StudyArea, results: [TileResult], seamIds: Set<String>, options: PlanOptions
    ) throws(PlanningError) -> MergeColumns {
        let candidates = scenario.candidates
        var indexOfId: [String: Int] = [:]
        var costOfId: [String: Double] = [:]
        for (k, site) in candidates.enumerated() {
            indexOfId[site.id] = k
            costOfId[site.id] = site.cost
        }
        let excluded = try CandidateScreening.insideExclusions(
            scenario.exclusions.map(\.geometry), points: candidates.map(\.location), threads: options.threads)
        let used = Set(results.flatMap(\.columns))
        var screening = CandidateScreening()
        var usable = [Bool](repeating: false, count: candidates.count)
        for (k, site) in candidates.enumerated() {
            if site.status != .open {
                screening.notOpen += 1
            } else if excluded[k] {
                screening.inExclusion += 1
            } else if !used.contains(site.id) {
                screening.coversNothing += 1
            } else {
                usable[k] = true
            }
        }
        var wanted = Set<Int>()
        var plan = Set<Int>()
        for result in results {
            for id in result.newSites {
                guard let k = indexOfId[id] else {
                    throw .invalidInput([
                        Problem(
                            .error, file: "tile \(result.index) (\(result.name))", field: "new_sites",
                            expected: "ids of the scenario's candidates", found: "'\(id)'")
                    ])
                }
                plan.insert(k)
            }
            for entry in result.continuation { if let k = indexOfId[entry.id], usable[k] { wanted.insert(k) } }
        }
        var seamCount = 0
        for id in seamIds {
            if let k = indexOfId[id], usable[k] {
                wanted.insert(k)
                seamCount += 1
            }
        }
        wanted.formUnion(plan)
        let chosenCandidates = wanted.sorted()
        var sites = chosenCandidates.map { candidates[$0] }
        let candidateCount = sites.count
        sites += scenario.existing
        let placements = try RadioColumns.place(sites, profiles: scenario.radio.profiles, projection: study.projection)
        let built = CoverageMatrixBuilder.build(
            sites: placements, grid: study.grid, threads: options.threads, clutter: study.layers.clutter)
        // Seam and continuation candidates that cover nothing here are dropped; plan sites stay.
        var keep: [Int] = []
        for j in 0..<sites.count {
            if j < candidateCount, !plan.contains(chosenCandidates[j]), built.matrix.entries(of: j).isEmpty { continue }
            keep.append(j)
        }
        let kept = keep.filter { $0 < candidateCount }.count
        let columns = RadioColumns(
            sites: keep.map { sites[$0] }, candidateCount: kept, placements: keep.map { placements[$0] },
            footprints: keep.map { built.footprints[$0] },
            matrix: keep.count == sites.count ? built.matrix : built.matrix.columns(keep), screening: screening,
            linkEvaluations: built.statistics.linkEvaluations)
        var columnOfId: [String: Int] = [:]
        for (j, site) in columns.sites.enumerated() where j < kept { columnOfId[site.id] = j }
        let isSeam = (0..<kept).map { seamIds.contains(columns.sites[$0].id) }
        return MergeColumns(
            columns: columns, columnOfId: columnOfId, isSeam: isSeam, costOfId: costOfId, seamCandidates: seamCount)
    }
}
