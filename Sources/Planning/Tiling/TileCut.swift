import Foundation
import Geo
import Radio
import Support

/// How `nrplan tile` cuts a scenario (docs/scale.md, "Cutting"): the cores (blocks of the global
/// grid, or districts), each tile's sites (every site that can cover a core cell: its core and its
/// halo), its window of the global grid, and the box its input files are filtered to.
public struct TileCut: Sendable {
    /// What to cut by.
    public enum Mode: Sendable, Equatable {
        case grid(kilometers: Double)
        case district
    }

    /// One tile before anything is written.
    public struct Part: Sendable {
        public var name: String
        /// Global grid `[c0, r0, c1, r1)`.
        public var window: [Int]
        /// District cuts: the core district (global index).
        public var district: Int?
        public var cells: Int
        public var weight: Double
        /// Indices into `scenario.candidates + scenario.existing` (candidates first), ascending.
        public var sites: [Int]
        /// The window and every site of the tile, in local metres, grown by a cell: input features
        /// whose box misses it cannot matter to the tile.
        public var reach: BoundingBox
    }

    public var mode: Mode
    public var parts: [Part]
    /// The largest search radius of any site (`CoverageMatrixBuilder.searchRadiusMeters`).
    public var rangeMeters: Double
    /// How far from its core a tile takes sites: `rangeMeters` or the wider `--halo-m`.
    public var haloMeters: Double
    public var alignSquares: Int
    /// Per site (candidates, then existing): how many tiles take it (≥ 2: a seam site).
    public var tilesPerSite: [Int]
    public var ladder: BoundLadder

    /// Cuts a loaded scenario whose global study area (`StudyArea.prepare` without a window) is `study`.
    ///
    /// - Throws: `.invalidInput` for what phase 2 does not cut (max coverage, service radii, demand
    ///   points), a grid size that is not a whole number of cells and prediction blocks, a halo
    ///   below the largest range, or a profile whose range hits the search cap.
    public static func make(scenario: Scenario, study: StudyArea, mode: Mode, haloMeters: Double?)
        throws(PlanningError) -> TileCut
    {
        try checkScope(scenario)
        let grid = study.grid
        let spec = grid.spec
        let align = alignment(study.layers.clutter)
        let sites = scenario.candidates + scenario.existing
        let placements = try RadioColumns.place(sites, profiles: scenario.radio.profiles, projection: study.projection)
        let radius = try radii(sites, placements: placements, scenario: scenario, clutter: study.layers.clutter)
        let range = radius.max() ?? 0
        if let haloMeters, haloMeters < range {
            throw refusal(
                scenario,
                "--halo-m \(NumberText.message(haloMeters)) is less than the largest predicted range \(Precision.tenths.text(range)) m: a tile would miss sites that cover its cells"
            )
        }
        let reachOf = { (s: Int) -> Double in max(radius[s], haloMeters ?? 0) }
        var parts: [Part]
        var owner = [Int32](repeating: -1, count: grid.cellCount)
        switch mode {
        case .grid(let km):
            let block = try blockSquares(km, cellMeters: spec.cellMeters, align: align, scenario: scenario)
            parts = gridParts(grid, block: block, owner: &owner)
            assignGrid(&parts, block: block, spec: spec, placements: placements, reach: reachOf)
        case .district:
            parts = districtParts(grid, align: align, owner: &owner)
            assignByDisc(&parts, owner: owner, grid: grid, placements: placements, reach: reachOf)
        }
        var tilesPerSite = [Int](repeating: 0, count: sites.count)
        for k in parts.indices {
            let w = parts[k].window
            var box = BoundingBox(
                minX: spec.originX + Double(w[0]) * spec.cellMeters,
                minY: spec.originY + Double(w[1]) * spec.cellMeters,
                maxX: spec.originX + Double(w[2]) * spec.cellMeters, maxY: spec.originY + Double(w[3]) * spec.cellMeters
            )
            for s in parts[k].sites {
                tilesPerSite[s] += 1
                box.include(placements[s].position)
                box.include(study.projection.project(sites[s].location))
            }
            parts[k].reach = BoundingBox(
                minX: box.minX - spec.cellMeters, minY: box.minY - spec.cellMeters, maxX: box.maxX + spec.cellMeters,
                maxY: box.maxY + spec.cellMeters)
        }
        return TileCut(
            mode: mode, parts: parts, rangeMeters: range, haloMeters: max(range, haloMeters ?? 0), alignSquares: align,
            tilesPerSite: tilesPerSite, ladder: ladder(scenario, grid: grid))
    }

    /// Phase 2 cuts radio-model, area-demand, min-cost scenarios without continuity limits, roads or
    /// greenfield only.
    static func checkScope(_ scenario: Scenario) throws(PlanningError) {
        if case .maxCoverage = scenario.objective {
            throw refusal(
                scenario,
                "objective.type max_coverage cannot be tiled yet: its site or budget limit couples every tile (one limit for the whole area); use min_cost with a coverage_target"
            )
        }
        if scenario.service != nil || scenario.frame.isPlanar {
            throw refusal(
                scenario,
                "service-radius scenarios cannot be tiled yet: min_spacing_m is a packing constraint across tile borders"
            )
        }
        if scenario.demand.points != nil {
            throw refusal(scenario, "demand.points cannot be tiled yet (untested); give the demand as an area")
        }
        if !scenario.continuity.isEmpty || scenario.demand.roads != nil {
            throw refusal(
                scenario,
                "continuity limits (objective.max_hole_m2, max_components, districts, max_road_gap_m) and demand.roads cannot be tiled yet: a hole or a road gap crosses tile borders, and the merge's seam step does not generate their rows"
            )
        }
        if scenario.greenfield != nil {
            throw refusal(
                scenario,
                "greenfield cannot be tiled yet: its lattice is laid on each tile's grid, and the merge expects every candidate in the catalogue"
            )
        }
        let eighths = scenario.demand.cellMeters * 8
        if eighths != eighths.rounded() {
            throw refusal(
                scenario,
                "demand.cell_m \(NumberText.message(scenario.demand.cellMeters)) cannot be tiled: tile grids must line up with the global grid exactly, which needs a cell size in whole eighths of a metre"
            )
        }
    }

    static func refusal(_ scenario: Scenario, _ message: String) -> PlanningError {
        .invalidInput([Problem(.error, file: scenario.file, message: message)])
    }

    /// The least common multiple of the clutter classes' prediction blocks, in squares (1 without).
    static func alignment(_ clutter: ClutterRaster?) -> Int {
        func gcd(_ a: Int, _ b: Int) -> Int { b == 0 ? a : gcd(b, a % b) }
        return (clutter?.blockSquares ?? [1]).reduce(1) { $0 / gcd($0, $1) * $1 }
    }

    /// The search radius of every site (`CoverageMatrixBuilder.searchRadiusMeters`), computed once
    /// per (profile, height).
    static func radii(_ sites: [Site], placements: [SitePlacement], scenario: Scenario, clutter: ClutterRaster?)
        throws(PlanningError) -> [Double]
    {
        struct Key: Hashable {
            let profile: String
            let height: Double
        }
        var cache: [Key: Double] = [:]
        var result: [Double] = []
        result.reserveCapacity(sites.count)
        for (s, site) in sites.enumerated() {
            let key = Key(profile: site.profileName, height: site.heightMeters)
            if let known = cache[key] {
                result.append(known)
                continue
            }
            let found = CoverageMatrixBuilder.searchRadiusMeters(
                profile: placements[s].profile, heightMeters: site.heightMeters, clutter: clutter)
            if found.capped {
                throw refusal(
                    scenario,
                    "profile '\(site.profileName)' at \(NumberText.message(site.heightMeters)) m reaches the \(Int(MaxRange.capMeters / 1000)) km search cap (\(site.sourceFile) \(site.sourceLocation)): such a profile is misconfigured and the area cannot be cut into tiles"
                )
            }
            cache[key] = found.meters
            result.append(found.meters)
        }
        return result
    }

    /// `--grid-km K` in squares: a whole number of cells and of the prediction blocks.
    static func blockSquares(_ km: Double, cellMeters: Double, align: Int, scenario: Scenario) throws(PlanningError)
        -> Int
    {
        let squares = km * 1000 / cellMeters
        let whole = squares.rounded()
        if abs(squares - whole) < 1e-9 * max(1, squares), whole >= 1, Int(whole) % align == 0 {
            return Int(whole)
        }
        let unit = Double(align) * cellMeters / 1000
        let below = max(1, (km / unit).rounded(.down)) * unit
        let above = max(1, (km / unit).rounded(.up)) * unit
        let nearest =
            below == above
            ? "\(NumberText.message(below))" : "\(NumberText.message(below)) or \(NumberText.message(above))"
        throw refusal(
            scenario,
            "--grid-km \(NumberText.message(km)): a tile must be a whole number of \(NumberText.message(cellMeters)) m cells\(align > 1 ? " and of the \(NumberText.message(Double(align) * cellMeters)) m clutter prediction blocks" : ""); nearest: \(nearest)"
        )
    }

    /// Blocks of `block` squares holding at least one demand cell, row-major from the south-west.
    static func gridParts(_ grid: DemandGrid, block: Int, owner: inout [Int32]) -> [Part] {
        let spec = grid.spec
        let blockColumns = (spec.columns + block - 1) / block
        var partOfBlock: [Int: Int] = [:]
        var cellsPer: [Int: (cells: Int, weight: Double)] = [:]
        for cell in 0..<grid.cellCount {
            let b = (Int(grid.cellRow[cell]) / block) * blockColumns + Int(grid.cellColumn[cell]) / block
            cellsPer[b, default: (0, 0)].cells += 1
            cellsPer[b, default: (0, 0)].weight += grid.weights[cell]
        }
        var parts: [Part] = []
        for b in cellsPer.keys.sorted() {
            let p = b % blockColumns
            let q = b / blockColumns
            partOfBlock[b] = parts.count
            let figures = cellsPer[b]!
            parts.append(
                Part(
                    name: "r\(q)c\(p)",
                    window: [
                        p * block, q * block, min(spec.columns, (p + 1) * block), min(spec.rows, (q + 1) * block),
                    ],
                    district: nil, cells: figures.cells, weight: figures.weight, sites: [],
                    reach: BoundingBox(minX: 0, minY: 0, maxX: 0, maxY: 0)))
        }
        for cell in 0..<grid.cellCount {
            let b = (Int(grid.cellRow[cell]) / block) * blockColumns + Int(grid.cellColumn[cell]) / block
            owner[cell] = Int32(partOfBlock[b]!)
        }
        return parts
    }

    /// One tile per district holding a demand cell, in the area's order; windows are the districts'
    /// cell boxes snapped outward to the prediction blocks.
    static func districtParts(_ grid: DemandGrid, align: Int, owner: inout [Int32]) -> [Part] {
        let spec = grid.spec
        var boxes: [Int: (c0: Int, r0: Int, c1: Int, r1: Int, cells: Int, weight: Double)] = [:]
        for cell in 0..<grid.cellCount {
            let d = Int(grid.cellDistrict[cell])
            let c = Int(grid.cellColumn[cell])
            let r = Int(grid.cellRow[cell])
            var b = boxes[d] ?? (c, r, c, r, 0, 0)
            b = (min(b.c0, c), min(b.r0, r), max(b.c1, c), max(b.r1, r), b.cells + 1, b.weight + grid.weights[cell])
            boxes[d] = b
        }
        var parts: [Part] = []
        var partOfDistrict: [Int: Int] = [:]
        for d in boxes.keys.sorted() {
            let b = boxes[d]!
            partOfDistrict[d] = parts.count
            parts.append(
                Part(
                    name: grid.districtNames[d],
                    window: [
                        b.c0 / align * align, b.r0 / align * align,
                        min(spec.columns, (b.c1 / align + 1) * align), min(spec.rows, (b.r1 / align + 1) * align),
                    ], district: d, cells: b.cells, weight: b.weight, sites: [],
                    reach: BoundingBox(minX: 0, minY: 0, maxX: 0, maxY: 0)))
        }
        for cell in 0..<grid.cellCount { owner[cell] = Int32(partOfDistrict[Int(grid.cellDistrict[cell])]!) }
        return parts
    }

    /// Grid cuts: a site goes to every tile whose block lies within its reach (a superset of the
    /// tiles holding a cell it can cover: such a cell lies in the block).
    static func assignGrid(
        _ parts: inout [Part], block: Int, spec: GridSpec, placements: [SitePlacement], reach: (Int) -> Double
    ) {
        var partAt: [Int: Int] = [:]
        let blockColumns = (spec.columns + block - 1) / block
        for (k, part) in parts.enumerated() {
            partAt[(part.window[1] / block) * blockColumns + part.window[0] / block] = k
        }
        let side = Double(block) * spec.cellMeters
        let blockRows = (spec.rows + block - 1) / block
        for (s, placement) in placements.enumerated() {
            let p = placement.position
            let h = reach(s)
            let p0 = max(0, Int(((p.x - h - spec.originX) / side).rounded(.down)))
            let p1 = min(blockColumns - 1, Int(((p.x + h - spec.originX) / side).rounded(.down)))
            let q0 = max(0, Int(((p.y - h - spec.originY) / side).rounded(.down)))
            let q1 = min(blockRows - 1, Int(((p.y + h - spec.originY) / side).rounded(.down)))
            guard p0 <= p1, q0 <= q1 else { continue }
            for q in q0...q1 {
                for c in p0...p1 {
                    guard let k = partAt[q * blockColumns + c] else { continue }
                    let x0 = spec.originX + Double(c) * side
                    let y0 = spec.originY + Double(q) * side
                    let dx = max(0, x0 - p.x, p.x - (x0 + side))
                    let dy = max(0, y0 - p.y, p.y - (y0 + side))
                    if dx * dx + dy * dy <= h * h { parts[k].sites.append(s) }
                }
            }
        }
    }

    /// District cuts: a site goes to every tile owning a cell whose centre lies within its reach
    /// (the disc `CoverageMatrixBuilder` scans).
    static func assignByDisc(
        _ parts: inout [Part], owner: [Int32], grid: DemandGrid, placements: [SitePlacement], reach: (Int) -> Double
    ) {
        let spec = grid.spec
        var seen = [Int](repeating: -1, count: parts.count)
        for (s, placement) in placements.enumerated() {
            CoverageMatrixBuilder.forEachRowSpan(within: reach(s), of: placement.position, spec: spec) {
                row, _, columns in
                let base = row * spec.columns
                for column in columns {
                    let id = grid.cellIndex[base + column]
                    if id < 0 { continue }
                    let k = Int(owner[Int(id)])
                    if seen[k] != s {
                        seen[k] = s
                        parts[k].sites.append(s)
                    }
                }
            }
        }
        for k in parts.indices { parts[k].sites.sort() }
    }

    /// The λ ladder of the global bound from the scenario's positive costs and cell weights.
    static func ladder(_ scenario: Scenario, grid: DemandGrid) -> BoundLadder {
        let costs = scenario.candidates.map(\.cost).filter { $0 > 0 }
        let weights = grid.weights.filter { $0 > 0 }
        guard let cMin = costs.min(), let cMax = costs.max(), let wMin = weights.min(), let wMax = weights.max() else {
            return BoundLadder(first: 1, ratio: 2, count: 0)
        }
        return BoundLadder.spanning(costs: cMin...cMax, weights: wMin...wMax)
    }
}
