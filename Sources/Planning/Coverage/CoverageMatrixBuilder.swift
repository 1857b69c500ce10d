import Geo
import Radio

/// A site placed in the local frame, with the profile that decides its footprint.
public struct SitePlacement: Sendable {
    /// Position in local metres.
    public var position: Coordinate
    public var heightMeters: Double
    public var profile: RadioProfile

    public init(position: Coordinate, heightMeters: Double, profile: RadioProfile) {
        self.position = position
        self.heightMeters = heightMeters
        self.profile = profile
    }
}

/// What the builder learnt about each site's footprint.
public struct SiteFootprint: Sendable {
    /// Search radius: the largest distance at which the budget can close (max antenna gain).
    public var maxRangeMeters: Double
    /// Validity problems of the propagation model for this site (heights, frequency, range).
    public var validity: ValidityFlags
}

/// Builds the coverage matrix: for every site, the demand cells whose link budget closes.
///
/// Candidate cells are found by grid arithmetic: the rows and columns of the disc of radius
/// `maxRangeMeters` around the site, looked up in `DemandGrid.cellIndex` — no geometry. Each link
/// is decided by the fast path (`LinkKernel`) where its tolerance cannot change the outcome and by
/// the formula path otherwise (`SiteBudget.entry`), so the matrix is the formula path's exactly.
/// Sites are grouped by (profile, height) — a budget and its kernels are built once per group and
/// block, not once per site — and processed in blocks on up to `threads` threads; each site's
/// column lands at its own place, so the matrix is identical for any thread count.
public enum CoverageMatrixBuilder {
    /// Counters of the work done, for the benchmark.
    public struct Statistics: Sendable {
        /// Link budgets evaluated (cells inside a search disc; a coarse prediction block once).
        public var linkEvaluations: Int
        /// Of those, the links the formula path decided, and the entries the kernel alone would
        /// have changed (`LinkCounters`).
        public var links: LinkCounters
    }

    /// Builds the matrix and the per-site footprints.
    ///
    /// - Parameters:
    ///   - clutter: land-use classes per grid square; each cell is then evaluated with the link
    ///     budget of its class (`ClutterClass.evaluator`), the search radius is the largest over the
    ///     classes, and a site's footprint range is the one of the class it stands in.
    ///   - progress: called with the number of sites just finished, once per block of 64 sites,
    ///     from worker threads (keep it cheap).
    ///   - formulaOnly: decide every link with the formula path (no kernel): the same matrix,
    ///     slower; for benchmarks and checks.
    /// - Complexity: O(Σ cells within each site's search radius); budgets are O(1) each.
    public static func build(
        sites: [SitePlacement], grid: DemandGrid, threads: Int, clutter: ClutterRaster? = nil,
        formulaOnly: Bool = false, progress: (@Sendable (_ sitesDone: Int) -> Void)? = nil
    ) -> (matrix: CoverageMatrix, footprints: [SiteFootprint], statistics: Statistics) {
        let order = groupedByBudget(sites)
        let blockSize = 64
        let blocks = Parallel.chunks(count: sites.count, parts: (sites.count + blockSize - 1) / blockSize)
        struct Block: Sendable {
            var counts: [Int] = []
            var cells: [UInt32] = []
            var rsrp: [Int16] = []
            var footprints: [SiteFootprint] = []
            var evaluations = 0
            var links = LinkCounters()
        }
        let results: [Block] = Parallel.map(count: blocks.count, threads: threads) { b in
            var block = Block()
            defer { progress?(blocks[b].count) }
            var budgets: [SiteBudget] = []
            var budgetKey: EvaluatorKey?
            var predictionBlocks = PredictionBlockCache()
            let row = RowScratch(capacity: grid.spec.columns)
            for position in blocks[b] {
                let site = sites[order[position]]
                let key = EvaluatorKey(profile: site.profile, heightMeters: site.heightMeters)
                if key != budgetKey {
                    // Sites come grouped by key: a block builds each group's budgets once.
                    let own = CoverageEvaluator(profile: site.profile, siteHeightMeters: site.heightMeters)
                    budgets =
                        ([own]
                        + (clutter?.classes ?? []).map {
                            $0.evaluator(profile: site.profile, siteHeightMeters: site.heightMeters)
                        }).map { SiteBudget($0, formulaOnly: formulaOnly) }
                    budgetKey = key
                }
                let before = block.cells.count
                let footprint: CoverageEvaluator
                if let clutter {
                    block.evaluations += appendCoverage(
                        of: budgets, clutter: clutter, at: site.position, grid: grid, cells: &block.cells,
                        rsrp: &block.rsrp, blocks: &predictionBlocks, row: row, counters: &block.links)
                    footprint = budgets[clutter.classIndex(at: site.position)].evaluator
                } else {
                    block.evaluations += appendCoverage(
                        of: budgets[0], at: site.position, grid: grid, cells: &block.cells, rsrp: &block.rsrp,
                        row: row, counters: &block.links)
                    footprint = budgets[0].evaluator
                }
                block.counts.append(block.cells.count - before)
                block.footprints.append(
                    SiteFootprint(
                        maxRangeMeters: footprint.maxRangeMeters,
                        validity: footprint.siteValidity.union(footprint.maxRangeValidity)))
            }
            return block
        }
        // Column starts in site order, then every block copies each of its sites' entries to the
        // site's place in the final arrays, in parallel (hundreds of millions of entries at city
        // scale: a serial copy would cap the stage's thread speed-up).
        var counts = [Int](repeating: 0, count: sites.count)
        var footprints = [SiteFootprint](
            repeating: SiteFootprint(maxRangeMeters: 0, validity: []), count: sites.count)
        var statistics = Statistics(linkEvaluations: 0, links: LinkCounters())
        for (b, block) in results.enumerated() {
            for (i, position) in blocks[b].enumerated() {
                counts[order[position]] = block.counts[i]
                footprints[order[position]] = block.footprints[i]
            }
            statistics.linkEvaluations += block.evaluations
            statistics.links.formulaLinks += block.links.formulaLinks
            statistics.links.kernelWouldDiffer += block.links.kernelWouldDiffer
        }
        var columnStarts = [Int](repeating: 0, count: sites.count + 1)
        for site in 0..<sites.count { columnStarts[site + 1] = columnStarts[site] + counts[site] }
        let total = columnStarts[sites.count]
        let starts = columnStarts
        func gather<T: Sendable>(_ part: @escaping @Sendable (Block) -> [T]) -> [T] {
            [T](unsafeUninitializedCapacity: total) { buffer, count in
                nonisolated(unsafe) let target = buffer
                Parallel.forEach(count: results.count, threads: threads) { b in
                    part(results[b]).withUnsafeBufferPointer { source in
                        guard let base = source.baseAddress, let targetBase = target.baseAddress else { return }
                        var offset = 0
                        for (i, position) in blocks[b].enumerated() {
                            let length = results[b].counts[i]
                            (targetBase + starts[order[position]]).initialize(from: base + offset, count: length)
                            offset += length
                        }
                    }
                }
                count = total
            }
        }
        let matrix = CoverageMatrix(
            cellCount: grid.cellCount, columnStarts: columnStarts, cells: gather { $0.cells },
            rsrpCentiDBm: gather { $0.rsrp })
        return (matrix, footprints, statistics)
    }

    /// Marks a link or prediction block the site does not cover (outside every quantised RSRP).
    static let notCovered = SiteBudget.notCovered

    struct EvaluatorKey: Hashable {
        let profile: RadioProfile
        let heightMeters: Double
    }

    /// Site indices grouped by (profile, height) — groups in order of first appearance, sites in
    /// index order within a group — so that consecutive sites share their budgets.
    static func groupedByBudget(_ sites: [SitePlacement]) -> [Int] {
        var groupOf: [EvaluatorKey: Int] = [:]
        var group = [Int](repeating: 0, count: sites.count)
        var sizes: [Int] = []
        for (s, site) in sites.enumerated() {
            let key = EvaluatorKey(profile: site.profile, heightMeters: site.heightMeters)
            if let known = groupOf[key] {
                group[s] = known
                sizes[known] += 1
            } else {
                group[s] = sizes.count
                groupOf[key] = sizes.count
                sizes.append(1)
            }
        }
        var next = [Int](repeating: 0, count: sizes.count)
        for g in 1..<max(1, sizes.count) { next[g] = next[g - 1] + sizes[g - 1] }
        var order = [Int](repeating: 0, count: sites.count)
        for s in 0..<sites.count {
            order[next[group[s]]] = s
            next[group[s]] += 1
        }
        return order
    }

    /// Appends the covered cells of one site (ascending cell ids, since rows and columns are
    /// scanned in grid order) and returns the number of budgets evaluated. Each row's cells go
    /// through the kernel in one call (`LinkKernel.couplingLossesDB`), then through `SiteBudget.entry`.
    static func appendCoverage(
        of budget: SiteBudget, at position: Coordinate, grid: DemandGrid,
        cells: inout [UInt32], rsrp: inout [Int16], row scratch: RowScratch, counters: inout LinkCounters
    ) -> Int {
        let spec = grid.spec
        let range = budget.evaluator.maxRangeMeters
        guard range > 0 else { return 0 }
        let cell = spec.cellMeters
        let txPowerPerREDBm = budget.evaluator.txPowerPerResourceElementDBm
        let ids = scratch.ids
        let east = scratch.east
        let loss = scratch.loss
        var evaluations = 0
        grid.cellIndex.withUnsafeBufferPointer { cellIndex in
            forEachRowSpan(within: range, of: position, spec: spec) { row, north, columns in
                let base = row * spec.columns
                var count = 0
                for column in columns {
                    let id = cellIndex[base + column]
                    if id < 0 { continue }
                    ids[count] = id
                    east[count] = spec.originX + (Double(column) + 0.5) * cell - position.x
                    count += 1
                }
                evaluations += count
                scratch.couplingLosses(of: budget, northMeters: north, from: 0, to: count)
                for j in 0..<count {
                    let value = budget.entry(
                        fastCouplingLossDB: loss[j], eastMeters: east[j], northMeters: north,
                        txPowerDBm: txPowerPerREDBm, counters: &counters)
                    if value != notCovered {
                        cells.append(UInt32(ids[j]))
                        rsrp.append(Int16(value))
                    }
                }
            }
        }
        return evaluations
    }

    /// The grid rows holding square centres within `range` of `position`, in ascending order: for
    /// each, its north offset from `position` (metres) and the columns whose centres lie within
    /// `range` (a disk scanned by grid arithmetic, no geometry).
    @inline(__always)
    static func forEachRowSpan(
        within range: Double, of position: Coordinate, spec: GridSpec,
        _ body: (_ row: Int, _ northMeters: Double, _ columns: ClosedRange<Int>) -> Void
    ) {
        let cell = spec.cellMeters
        let firstRow = max(0, Int(((position.y - range - spec.originY) / cell - 0.5).rounded(.up)))
        let lastRow = min(spec.rows - 1, Int(((position.y + range - spec.originY) / cell - 0.5).rounded(.down)))
        guard firstRow <= lastRow else { return }
        let rangeSquared = range * range
        for row in firstRow...lastRow {
            let north = spec.originY + (Double(row) + 0.5) * cell - position.y
            let remaining = rangeSquared - north * north
            if remaining < 0 { continue }
            let halfWidth = remaining.squareRoot()
            let firstColumn = max(0, Int(((position.x - halfWidth - spec.originX) / cell - 0.5).rounded(.up)))
            let lastColumn = min(
                spec.columns - 1, Int(((position.x + halfWidth - spec.originX) / cell - 0.5).rounded(.down)))
            if firstColumn > lastColumn { continue }
            body(row, north, firstColumn...lastColumn)
        }
    }
}

/// Per-thread buffers for one grid row of a site: the cells kept, their east offsets, clutter
/// classes, the kernel's coupling losses and the decided entries (a class, so that the closures
/// scanning a site share it without copying; one per block of sites, never shared by threads).
final class RowScratch {
    let ids: UnsafeMutablePointer<Int32>
    let east: UnsafeMutablePointer<Double>
    let classes: UnsafeMutablePointer<Int>
    let loss: UnsafeMutablePointer<Double>
    let entries: UnsafeMutablePointer<Int32>

    init(capacity: Int) {
        let capacity = max(1, capacity)
        ids = .allocate(capacity: capacity)
        east = .allocate(capacity: capacity)
        classes = .allocate(capacity: capacity)
        loss = .allocate(capacity: capacity)
        entries = .allocate(capacity: capacity)
    }

    deinit {
        ids.deallocate()
        east.deallocate()
        classes.deallocate()
        loss.deallocate()
        entries.deallocate()
    }

    /// The kernel's coupling losses of the cells `first ..< end` of the row into `loss` (NaN where
    /// the budget has no kernel, so that `SiteBudget.entry` asks the formula).
    @inline(__always)
    func couplingLosses(of budget: SiteBudget, northMeters north: Double, from first: Int, to end: Int) {
        guard end > first else { return }
        if budget.usesKernel {
            budget.kernel.couplingLossesDB(
                northMeters: north, eastMeters: east + first, count: end - first, into: loss + first)
        } else {
            (loss + first).update(repeating: .nan, count: end - first)
        }
    }
}
