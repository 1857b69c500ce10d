import Geo
import Radio

/// The coverage stage of a radio plan: the columns of the covering problem — every open candidate
/// outside the exclusions that covers at least one demand cell (catalogue order), then the
/// scenario's greenfield positions that do (`GreenfieldSites`), then every existing site (input order) — with where each stands and radiates, its footprint, and the cells
/// whose downlink SS-RSRP meets its profile's threshold (`CoverageMatrixBuilder`).
public struct RadioColumns: Sendable {
    /// The site of each column.
    public let sites: [Site]
    /// How many of the columns are candidates (the first ones); the rest are existing sites.
    public let candidateCount: Int
    /// Position in local metres, height and resolved profile of each column's site.
    public let placements: [SitePlacement]
    public let footprints: [SiteFootprint]
    /// The cells each column covers, with their RSRP.
    public let matrix: CoverageMatrix
    /// Why the other candidates are not columns.
    public let screening: CandidateScreening
    /// Link budgets evaluated while building the matrix.
    public let linkEvaluations: Int
    /// The scenario's greenfield lattice (its candidates are columns like the catalogue's), or nil.
    public var greenfield: GreenfieldSites.Statistics? = nil

    /// The columns of the existing sites.
    public var existingColumns: [Int] { Array(candidateCount..<sites.count) }

    /// Screens the candidates, places every site and builds the coverage matrix.
    ///
    /// - Parameters:
    ///   - withRSRP: keep every entry's RSRP (`CoverageMatrixBuilder.build`); without it the matrix
    ///     holds the cells only, and `matrix(of:study:threads:)` recomputes the RSRP of the columns
    ///     a plan chooses.
    ///   - onProgress: told how many of the sites are done (`PlanOptions.onProgress`).
    /// - Throws: `.invalidInput` for a site whose profile the scenario does not define.
    static func build(
        scenario: Scenario, study: StudyArea, threads: Int, withRSRP: Bool = true,
        onProgress: (@Sendable (StageProgress) -> Void)? = nil
    ) throws(PlanningError) -> RadioColumns {
        var screening = CandidateScreening()
        let inExclusion = try CandidateScreening.insideExclusions(
            scenario.exclusions.map(\.geometry), points: scenario.candidates.map(\.location), threads: threads)
        var sites: [Site] = []
        for (index, site) in scenario.candidates.enumerated() {
            if site.status != .open {
                screening.notOpen += 1
            } else if inExclusion[index] {
                screening.inExclusion += 1
            } else {
                sites.append(site)
            }
        }
        var greenfield: GreenfieldSites.Statistics?
        if let settings = scenario.greenfield {
            let generated = GreenfieldSites.generate(
                settings, grid: study.grid, neighbours: (sites + scenario.existing).map(\.location),
                usedIds: Set((scenario.candidates + scenario.existing).map(\.id)))
            sites += generated.sites
            greenfield = generated.statistics
        }
        let candidateCount = sites.count
        sites += scenario.existing
        let placements = try place(sites, profiles: scenario.radio.profiles, projection: study.projection)
        var sitesDone: (@Sendable (Int) -> Void)?
        if let onProgress {
            let counter = ProgressCounter(
                stage: PipelineStage.coverage.rawValue, total: placements.count, unit: "sites", report: onProgress)
            sitesDone = { counter.add($0) }
        }
        let built = CoverageMatrixBuilder.build(
            sites: placements, grid: study.grid, threads: threads, clutter: study.layers.clutter, withRSRP: withRSRP,
            progress: sitesDone)
        // Drop candidates that cover nothing (they cannot help); keep every existing site.
        var keep: [Int] = []
        for j in 0..<sites.count {
            if j < candidateCount && built.matrix.entries(of: j).isEmpty {
                screening.coversNothing += 1
                continue
            }
            keep.append(j)
        }
        return RadioColumns(
            sites: keep.map { sites[$0] }, candidateCount: candidateCount - screening.coversNothing,
            placements: keep.map { placements[$0] }, footprints: keep.map { built.footprints[$0] },
            matrix: keep.count == sites.count ? built.matrix : built.matrix.columns(keep), screening: screening,
            linkEvaluations: built.statistics.linkEvaluations, greenfield: greenfield)
    }

    /// The matrix of the columns `order`, in that order, with every entry's RSRP: a copy of their
    /// columns when the matrix keeps RSRP, else their coverage built again (`CoverageMatrixBuilder`
    /// computes each site's column on its own, so the cells are the same — checked — and the
    /// RSRP is what a build with RSRP would have kept). A plan's few thousand sites cost about
    /// 1 % of the coverage stage; the RSRP of the 250 k columns not chosen is never held.
    func matrix(of order: [Int], study: StudyArea, threads: Int) -> CoverageMatrix {
        guard matrix.rsrpCentiDBm.isEmpty, matrix.entryCount > 0 else { return matrix.columns(order) }
        let rebuilt = CoverageMatrixBuilder.build(
            sites: order.map { placements[$0] }, grid: study.grid, threads: threads, clutter: study.layers.clutter
        ).matrix
        for (k, j) in order.enumerated() {
            precondition(
                matrix.cells[matrix.entries(of: j)].elementsEqual(rebuilt.cells[rebuilt.entries(of: k)]),
                "the coverage of column \(j) built again differs from the first build")
        }
        return rebuilt
    }

    /// These columns without their cells: every column of `matrix` empty, the rest (sites,
    /// placements, footprints, screening, statistics) as it is. What a plan keeps once its
    /// network is built (`RadioPlan.columns`): no later stage reads the cells of the columns not
    /// chosen, and at city scale they are the largest thing in memory.
    func withoutCells() -> RadioColumns {
        RadioColumns(
            sites: sites, candidateCount: candidateCount, placements: placements, footprints: footprints,
            matrix: CoverageMatrix(
                cellCount: matrix.cellCount, columnStarts: [Int](repeating: 0, count: sites.count + 1), cells: [],
                rsrpCentiDBm: []),
            screening: screening, linkEvaluations: linkEvaluations, greenfield: greenfield)
    }

    /// Each site in local metres with its resolved profile.
    ///
    /// Positions are taken as the outputs write them (7 decimals, ~1 cm), so that an audit of the
    /// written plan recomputes exactly this coverage.
    static func place(_ sites: [Site], profiles: [String: RadioProfile], projection: LocalProjection)
        throws(PlanningError) -> [SitePlacement]
    {
        var placements: [SitePlacement] = []
        placements.reserveCapacity(sites.count)
        for site in sites {
            guard let profile = profiles[site.profileName] else {
                throw .invalidInput([
                    Problem(
                        .error, file: site.sourceFile, location: site.sourceLocation, field: "profile",
                        expected: "a known radio profile", found: "'\(site.profileName)'")
                ])
            }
            placements.append(
                SitePlacement(
                    position: projection.project(SitePlacement.snap(site.location)), heightMeters: site.heightMeters,
                    profile: profile))
        }
        return placements
    }
}
