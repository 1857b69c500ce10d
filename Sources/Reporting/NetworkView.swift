import Geo
import Planning

/// What the reports of a run draw and tabulate, whether the run was a `solve` or an `audit`:
/// the area, the sites that are on, per-cell coverage and best server, and the assessment.
public struct NetworkView: Sendable {
    /// A site that is on in the assessed network.
    public struct SiteMark: Sendable {
        public var site: Site
        /// `new`, `existing`, or `audited`.
        public var plan: String
    }

    public let title: String
    /// The command whose run this is (`solve`, `audit`, `merge`).
    public var command: String
    public let grid: DemandGrid
    public let districts: [District]
    public let exclusions: [Geometry]
    public let sites: [SiteMark]
    public let covered: [Bool]
    /// Best server (index into `sites`) of each covered cell, from the coverage matrix; −1 elsewhere.
    public let bestServer: [Int32]
    /// RSRP of that server in dBm (NaN for uncovered cells).
    public let bestRSRPDBm: [Float]
    /// Holes, covered components and per-district coverage.
    public let continuity: Continuity
    /// The radio field, when it was computed (radio plans with the analysis on, audits).
    public let field: RadioField?
    /// The highest RSRP threshold of the sites' profiles (−110 dBm without radio profiles): the
    /// map's holes are cells below it.
    public let rsrpThresholdDBm: Double
    public let verdicts: [TargetVerdict]?
    public let areaSquareMeters: Double
    /// False for service-radius coverage (footprints without signal levels: no RSRP classes).
    public let hasSignalLevels: Bool
    /// The phases of a phased plan (`objective.phases`); empty for other plans and for audits.
    public let phases: [PlanPhase]
    /// Phased plans: when each demand cell is first covered — 1 by the existing sites, 2 + k by the
    /// new sites of phase k (the plans are nested, so it stays covered after); 0 never. Empty for
    /// other runs.
    public let coverageStage: [UInt8]

    /// Derives the best server of every covered cell from the matrix columns of the active sites
    /// (highest quantised RSRP; ties go to the lower index). A matrix without signal levels
    /// (service-radius coverage) serves each cell from the first active site covering it; its
    /// RSRP is NaN.
    /// - Complexity: O(entries of the active columns).
    public static func bestServers(matrix: CoverageMatrix, columns: [Int], cellCount: Int) -> ([Int32], [Float]) {
        var server = [Int32](repeating: -1, count: cellCount)
        if matrix.rsrpCentiDBm.isEmpty {
            for (index, column) in columns.enumerated() {
                for k in matrix.entries(of: column) where server[Int(matrix.cells[k])] < 0 {
                    server[Int(matrix.cells[k])] = Int32(index)
                }
            }
            return (server, [Float](repeating: .nan, count: cellCount))
        }
        var best = [Int16](repeating: Int16.min, count: cellCount)
        for (index, column) in columns.enumerated() {
            for k in matrix.entries(of: column) {
                let cell = Int(matrix.cells[k])
                let rsrp = matrix.rsrpCentiDBm[k]
                if rsrp > best[cell] {
                    best[cell] = rsrp
                    server[cell] = Int32(index)
                }
            }
        }
        let rsrp = (0..<cellCount).map { server[$0] >= 0 ? Float(best[$0]) / 100 : Float.nan }
        return (server, rsrp)
    }

    /// The view of a solve: existing sites, then new sites by rank.
    public init(plan: Plan) {
        let network = plan.network
        let (server, rsrp) = NetworkView.bestServers(
            matrix: network.matrix, columns: Array(network.sites.indices), cellCount: plan.grid.cellCount)
        title = plan.scenario.name
        command = "solve"
        grid = plan.grid
        districts = plan.scenario.districts
        exclusions = plan.scenario.exclusions.map(\.geometry)
        sites = network.sites.indices.map {
            SiteMark(site: network.sites[$0], plan: network.isExisting($0) ? "existing" : "new")
        }
        covered = network.covered
        bestServer = server
        bestRSRPDBm = rsrp
        continuity = plan.continuity
        field = plan.radio?.field
        rsrpThresholdDBm = Self.threshold(plan.radio?.placements ?? [])
        verdicts = nil
        areaSquareMeters = plan.study.areaSquareMeters
        hasSignalLevels = plan.radio != nil
        phases = plan.phases
        coverageStage = Self.coverageStages(plan)
    }

    /// `coverageStage` of a phased plan (empty without phases).
    /// - Complexity: O(matrix entries of the plan's sites).
    static func coverageStages(_ plan: Plan) -> [UInt8] {
        guard !plan.phases.isEmpty else { return [] }
        let network = plan.network
        var stage = [UInt8](repeating: 0, count: plan.grid.cellCount)
        for k in network.sites.indices {
            let level = plan.phase(ofSite: k).map { UInt8(min(255, $0 + 2)) } ?? 1
            for entry in network.matrix.entries(of: k) {
                let cell = Int(network.matrix.cells[entry])
                if stage[cell] == 0 || level < stage[cell] { stage[cell] = level }
            }
        }
        return stage
    }

    /// The highest RSRP threshold of the placed sites' profiles, −110 dBm without sites.
    static func threshold(_ placements: [SitePlacement]) -> Double {
        placements.map(\.profile.rsrpThresholdDBm).max() ?? -110
    }

    /// The view of an audit.
    public init(audit: AuditResult) {
        let columns = Array(0..<audit.sites.count)
        let (server, rsrp) = NetworkView.bestServers(
            matrix: audit.matrix, columns: columns, cellCount: audit.grid.cellCount)
        title = "Audit of \(audit.request.sites.displayName)"
        command = "audit"
        grid = audit.grid
        districts = audit.districts
        exclusions = audit.exclusions
        sites = audit.sites.map { SiteMark(site: $0, plan: "audited") }
        covered = audit.covered
        bestServer = server
        bestRSRPDBm = rsrp
        continuity = audit.continuity
        field = audit.field
        rsrpThresholdDBm = Self.threshold(audit.placements)
        verdicts = audit.verdicts
        areaSquareMeters = audit.study.areaSquareMeters
        hasSignalLevels = true
        phases = []
        coverageStage = []
    }
}
