import Geo
import Radio
import Support

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
/// The budgets of each (profile, height) are built once per build (`BudgetCache`); sites are
/// processed in blocks of 64, in input order, on up to `threads` threads, and the blocks are
/// concatenated in site order, so the matrix is identical for any thread count.
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
    ///   - withRSRP: keep each entry's RSRP; without it `rsrpCentiDBm` is empty (a third less
    ///     memory) and the cells are the same.
    /// - Complexity: O(Σ cells within each site's search radius); budgets are O(1) each.
    public static func build(
        sites: [SitePlacement], grid: DemandGrid, threads: Int, clutter: ClutterRaster? = nil,
        formulaOnly: Bool = false, withRSRP: Bool = true, progress: (@Sendable (_ sitesDone: Int) -> Void)? = nil
    ) -> (matrix: CoverageMatrix, footprints: [SiteFootprint], statistics: Statistics) {
        // Blocks of sites in input order: catalogues list neighbours together, so a block's
        // discs share the grid's cache lines.
        let blockSize = 64
        let blocks = Parallel.chunks(count: sites.count, parts: (sites.count + blockSize - 1) / blockSize)
        let budgets = BudgetCache(clutter: clutter, formulaOnly: formulaOnly)
        let presence = clutter.map { ClassPresence(clutter: $0, grid: grid) }
        var results: [SiteBlock] = Parallel.map(count: blocks.count, threads: threads) { b in
            defer { progress?(blocks[b].count) }
            return SiteBlock(
                sites: sites[blocks[b]], grid: grid, clutter: clutter, presence: presence, budgets: budgets,
                withRSRP: withRSRP)
        }
        return assemble(&results, siteCount: sites.count, grid: grid, threads: threads)
    }

    /// The columns of a block of sites, in order, and what building them counted.
    struct SiteBlock: Sendable {
        var counts: [Int] = []
        var cells: [UInt32] = []
        var rsrp: [Int16] = []
        var footprints: [SiteFootprint] = []
        var statistics = Statistics(linkEvaluations: 0, links: LinkCounters())

        /// An empty block (what a block is once `assemble` has copied it).
        init() {}

        init(
            sites: ArraySlice<SitePlacement>, grid: DemandGrid, clutter: ClutterRaster?, presence: ClassPresence?,
            budgets cache: BudgetCache, withRSRP: Bool
        ) {
            var budgets: [SiteBudget] = []
            var budgetKey: BudgetCache.Key?
            var predictionBlocks = PredictionBlockCache()
            let row = RowScratch(capacity: grid.spec.columns, withRSRP: withRSRP)
            for site in sites {
                let key = BudgetCache.Key(profile: site.profile, heightMeters: site.heightMeters)
                if key != budgetKey {
                    budgets = cache.budgets(for: key)
                    budgetKey = key
                }
                let before = cells.count
                let footprint: CoverageEvaluator
                if let clutter, let presence {
                    statistics.linkEvaluations += appendCoverage(
                        of: budgets, clutter: clutter, presence: presence, at: site.position, grid: grid,
                        cells: &cells, rsrp: &rsrp, blocks: &predictionBlocks, row: row, counters: &statistics.links)
                    footprint = budgets[clutter.classIndex(at: site.position)].evaluator
                } else {
                    statistics.linkEvaluations += appendCoverage(
                        of: budgets[0], at: site.position, grid: grid, cells: &cells, rsrp: &rsrp, row: row,
                        counters: &statistics.links)
                    footprint = budgets[0].evaluator
                }
                counts.append(cells.count - before)
                footprints.append(
                    SiteFootprint(
                        maxRangeMeters: footprint.maxRangeMeters,
                        validity: footprint.siteValidity.union(footprint.maxRangeValidity)))
            }
        }
    }

    /// The matrix from the blocks, in site order: offsets first, then every block copies itself
    /// into its own range of the final arrays, in parallel (hundreds of millions of entries at city
    /// scale, so a serial copy would cap the stage's thread speed-up), and is freed as soon as it
    /// is copied. The copy runs in 16 rounds with the freed blocks' pages handed back to the system
    /// after each (`HeapMemory.releaseFreePages`), so the blocks and the final arrays are never
    /// resident in full together: at city scale that was about a gigabyte of the peak (blocks hold
    /// more than their entries, as arrays grow by doubling). `blocks` is left empty.
    static func assemble(_ blocks: inout [SiteBlock], siteCount: Int, grid: DemandGrid, threads: Int)
        -> (matrix: CoverageMatrix, footprints: [SiteFootprint], statistics: Statistics)
    {
        var columnStarts = [Int](repeating: 0, count: siteCount + 1)
        var blockOffsets = [Int](repeating: 0, count: blocks.count + 1)
        var footprints: [SiteFootprint] = []
        footprints.reserveCapacity(siteCount)
        var statistics = Statistics(linkEvaluations: 0, links: LinkCounters())
        var column = 0
        for (b, block) in blocks.enumerated() {
            for count in block.counts {
                columnStarts[column + 1] = columnStarts[column] + count
                column += 1
            }
            blockOffsets[b + 1] = blockOffsets[b] + block.cells.count
            footprints += block.footprints
            statistics.linkEvaluations += block.statistics.linkEvaluations
            statistics.links.formulaLinks += block.statistics.links.formulaLinks
            statistics.links.kernelWouldDiffer += block.statistics.links.kernelWouldDiffer
        }
        let total = blockOffsets[blocks.count]
        let rsrpTotal = blocks.contains { !$0.rsrp.isEmpty } ? total : 0
        let offsets = blockOffsets
        var rsrp: [Int16] = []
        let cells = [UInt32](unsafeUninitializedCapacity: total) { cellTarget, cellCount in
            rsrp = [Int16](unsafeUninitializedCapacity: rsrpTotal) { rsrpTarget, rsrpCount in
                nonisolated(unsafe) let (cellTarget, rsrpTarget) = (cellTarget, rsrpTarget)
                blocks.withUnsafeMutableBufferPointer { store in
                    nonisolated(unsafe) let store = store
                    for round in Parallel.chunks(count: store.count, parts: 16) {
                        Parallel.forEach(count: round.count, threads: threads) { k in
                            // Each block is copied and emptied by one worker only.
                            let b = round.lowerBound + k
                            copy(store[b].cells, to: cellTarget, at: offsets[b])
                            copy(store[b].rsrp, to: rsrpTarget, at: offsets[b])
                            store[b] = SiteBlock()
                        }
                        HeapMemory.releaseFreePages()
                    }
                }
                rsrpCount = rsrpTotal
            }
            cellCount = total
        }
        blocks = []
        let matrix = CoverageMatrix(
            cellCount: grid.cellCount, columnStarts: columnStarts, cells: cells, rsrpCentiDBm: rsrp)
        return (matrix, footprints, statistics)
    }

    /// Copies `source` into `target` from `offset` on (the target's slots there are uninitialised).
    private static func copy<T>(_ source: [T], to target: UnsafeMutableBufferPointer<T>, at offset: Int) {
        source.withUnsafeBufferPointer { source in
            guard let base = source.baseAddress, let targetBase = target.baseAddress, !source.isEmpty else { return }
            (targetBase + offset).initialize(from: base, count: source.count)
        }
    }

    /// Marks a link or prediction block the site does not cover (outside every quantised RSRP).
    static let notCovered = SiteBudget.notCovered

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
                    // Without a branch: written, kept only for a demand cell (id ≥ 0).
                    let id = cellIndex[base + column]
                    ids[count] = id
                    east[count] = spec.originX + (Double(column) + 0.5) * cell - position.x
                    count &+= Int(truncatingIfNeeded: ~(id >> 31) & 1)
                }
                evaluations += count
                scratch.couplingLosses(of: budget, northMeters: north, from: 0, to: count)
                for j in 0..<count {
                    scratch.entries[j] = budget.entry(
                        fastCouplingLossDB: loss[j], eastMeters: east[j], northMeters: north,
                        txPowerDBm: txPowerPerREDBm, counters: &counters)
                }
                scratch.appendCovered(count: count, cells: &cells, rsrp: &rsrp)
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
    /// The covered cells of the row and their RSRP, appended to the site's column in one go.
    let coveredCells: UnsafeMutablePointer<UInt32>
    let coveredRSRP: UnsafeMutablePointer<Int16>
    /// Whether `appendCovered` appends the RSRP too.
    let withRSRP: Bool

    init(capacity: Int, withRSRP: Bool = true) {
        self.withRSRP = withRSRP
        let capacity = max(1, capacity)
        ids = .allocate(capacity: capacity)
        east = .allocate(capacity: capacity)
        classes = .allocate(capacity: capacity)
        loss = .allocate(capacity: capacity)
        entries = .allocate(capacity: capacity)
        coveredCells = .allocate(capacity: capacity)
        coveredRSRP = .allocate(capacity: capacity)
    }

    deinit {
        ids.deallocate()
        east.deallocate()
        classes.deallocate()
        loss.deallocate()
        entries.deallocate()
        coveredCells.deallocate()
        coveredRSRP.deallocate()
    }

    /// Appends the cells `0 ..< count` of the row whose entry is not `notCovered`, in order.
    @inline(__always)
    func appendCovered(count: Int, cells: inout [UInt32], rsrp: inout [Int16]) {
        var covered = 0
        for j in 0..<count where entries[j] != CoverageMatrixBuilder.notCovered {
            coveredCells[covered] = UInt32(ids[j])
            coveredRSRP[covered] = Int16(truncatingIfNeeded: entries[j])
            covered += 1
        }
        cells.append(contentsOf: UnsafeBufferPointer(start: coveredCells, count: covered))
        if withRSRP { rsrp.append(contentsOf: UnsafeBufferPointer(start: coveredRSRP, count: covered)) }
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
