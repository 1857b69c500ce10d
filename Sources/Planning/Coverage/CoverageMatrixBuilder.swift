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
/// `maxRangeMeters` around the site, looked up in `DemandGrid.cellIndex` — no geometry. Sites are
/// processed in blocks on up to `threads` threads; blocks are concatenated in site order, so the
/// matrix is identical for any thread count.
public enum CoverageMatrixBuilder {
    /// Counters of the work done, for the benchmark.
    public struct Statistics: Sendable {
        /// Link budgets evaluated (cells inside a search disc).
        public var linkEvaluations: Int
    }

    /// Builds the matrix and the per-site footprints.
    ///
    /// - Parameters:
    ///   - clutter: land-use classes per grid square; each cell is then evaluated with the link
    ///     budget of its class (`ClutterClass.evaluator`), the search radius is the largest over the
    ///     classes, and a site's footprint range is the one of the class it stands in.
    ///   - progress: called with the number of sites just finished, once per block of 64 sites,
    ///     from worker threads (keep it cheap).
    /// - Complexity: O(Σ cells within each site's search radius); budgets are O(1) each.
    public static func build(
        sites: [SitePlacement], grid: DemandGrid, threads: Int, clutter: ClutterRaster? = nil,
        progress: (@Sendable (_ sitesDone: Int) -> Void)? = nil
    ) -> (matrix: CoverageMatrix, footprints: [SiteFootprint], statistics: Statistics) {
        let blockSize = 64
        let blocks = Parallel.chunks(count: sites.count, parts: (sites.count + blockSize - 1) / blockSize)
        struct Block: Sendable {
            var counts: [Int] = []
            var cells: [UInt32] = []
            var rsrp: [Int16] = []
            var footprints: [SiteFootprint] = []
            var evaluations = 0
        }
        let results: [Block] = Parallel.map(count: blocks.count, threads: threads) { b in
            var block = Block()
            // Evaluators depend on (profile, height) only; sites in a block often share them.
            var cache: [EvaluatorKey: CoverageEvaluator] = [:]
            defer { progress?(blocks[b].count) }
            if let clutter {
                var classCache: [EvaluatorKey: [CoverageEvaluator]] = [:]
                for s in blocks[b] {
                    let site = sites[s]
                    let key = EvaluatorKey(profile: site.profile, heightMeters: site.heightMeters)
                    let evaluators: [CoverageEvaluator]
                    if let cached = classCache[key] {
                        evaluators = cached
                    } else {
                        evaluators =
                            [CoverageEvaluator(profile: site.profile, siteHeightMeters: site.heightMeters)]
                            + clutter.classes.map {
                                $0.evaluator(profile: site.profile, siteHeightMeters: site.heightMeters)
                            }
                        classCache[key] = evaluators
                    }
                    let before = block.cells.count
                    block.evaluations += appendCoverage(
                        of: evaluators, clutter: clutter, at: site.position, grid: grid,
                        cells: &block.cells, rsrp: &block.rsrp)
                    block.counts.append(block.cells.count - before)
                    let own = evaluators[clutter.classIndex(at: site.position)]
                    block.footprints.append(
                        SiteFootprint(
                            maxRangeMeters: own.maxRangeMeters,
                            validity: own.siteValidity.union(own.maxRangeValidity)))
                }
                return block
            }
            for s in blocks[b] {
                let site = sites[s]
                let key = EvaluatorKey(profile: site.profile, heightMeters: site.heightMeters)
                let evaluator: CoverageEvaluator
                if let cached = cache[key] {
                    evaluator = cached
                } else {
                    evaluator = CoverageEvaluator(profile: site.profile, siteHeightMeters: site.heightMeters)
                    cache[key] = evaluator
                }
                let before = block.cells.count
                block.evaluations += appendCoverage(
                    of: evaluator, at: site.position, grid: grid, cells: &block.cells, rsrp: &block.rsrp)
                block.counts.append(block.cells.count - before)
                block.footprints.append(
                    SiteFootprint(
                        maxRangeMeters: evaluator.maxRangeMeters,
                        validity: evaluator.siteValidity.union(evaluator.maxRangeValidity)))
            }
            return block
        }
        // Concatenate the blocks in site order: offsets first, then every block copies itself into
        // its own range of the final arrays, in parallel (the arrays hold hundreds of millions of
        // entries at city scale, so a serial copy would cap the stage's thread speed-up).
        var columnStarts = [Int](repeating: 0, count: sites.count + 1)
        var blockOffsets = [Int](repeating: 0, count: results.count + 1)
        var footprints: [SiteFootprint] = []
        footprints.reserveCapacity(sites.count)
        var evaluations = 0
        var column = 0
        for (b, block) in results.enumerated() {
            for count in block.counts {
                columnStarts[column + 1] = columnStarts[column] + count
                column += 1
            }
            blockOffsets[b + 1] = blockOffsets[b] + block.cells.count
            footprints += block.footprints
            evaluations += block.evaluations
        }
        let total = blockOffsets[results.count]
        let offsets = blockOffsets
        let cells = [UInt32](unsafeUninitializedCapacity: total) { buffer, count in
            nonisolated(unsafe) let target = buffer
            Parallel.forEach(count: results.count, threads: threads) { b in
                results[b].cells.withUnsafeBufferPointer { source in
                    guard let base = source.baseAddress, !source.isEmpty else { return }
                    guard let targetBase = target.baseAddress else { return }
                    (targetBase + offsets[b]).initialize(from: base, count: source.count)
                }
            }
            count = total
        }
        let rsrp = [Int16](unsafeUninitializedCapacity: total) { buffer, count in
            nonisolated(unsafe) let target = buffer
            Parallel.forEach(count: results.count, threads: threads) { b in
                results[b].rsrp.withUnsafeBufferPointer { source in
                    guard let base = source.baseAddress, !source.isEmpty else { return }
                    guard let targetBase = target.baseAddress else { return }
                    (targetBase + offsets[b]).initialize(from: base, count: source.count)
                }
            }
            count = total
        }
        let matrix = CoverageMatrix(
            cellCount: grid.cellCount, columnStarts: columnStarts, cells: cells, rsrpCentiDBm: rsrp)
        return (matrix, footprints, Statistics(linkEvaluations: evaluations))
    }

    /// Marks a prediction block the site does not cover (outside every quantised RSRP).
    static let notCovered = Int32.min

    struct EvaluatorKey: Hashable {
        let profile: RadioProfile
        let heightMeters: Double
    }

    /// Appends the covered cells of one site (ascending cell ids, since rows and columns are
    /// scanned in grid order) and returns the number of budgets evaluated.
    static func appendCoverage(
        of evaluator: CoverageEvaluator, at position: Coordinate, grid: DemandGrid,
        cells: inout [UInt32], rsrp: inout [Int16]
    ) -> Int {
        let spec = grid.spec
        let range = evaluator.maxRangeMeters
        guard range > 0 else { return 0 }
        let cell = spec.cellMeters
        var evaluations = 0
        forEachRowSpan(within: range, of: position, spec: spec) { row, north, columns in
            let base = row * spec.columns
            for column in columns {
                let id = grid.cellIndex[base + column]
                if id < 0 { continue }
                let east = spec.originX + (Double(column) + 0.5) * cell - position.x
                evaluations += 1
                let loss = evaluator.couplingLossDB(eastMeters: east, northMeters: north)
                if loss <= evaluator.maxCouplingLossDB {
                    cells.append(UInt32(id))
                    rsrp.append(CoverageMatrix.quantize(evaluator.txPowerPerResourceElementDBm - loss))
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

    /// Like `appendCoverage(of:at:grid:cells:rsrp:)` with one evaluator per clutter class
    /// (`evaluators[0]`: the profile's own budget; `evaluators[k]`: class k − 1): each cell is
    /// evaluated with the budget of its class at its prediction point (`ClutterRaster.predictionPoint`:
    /// its centre, or its block's for a class with a coarser prediction cell), within the largest
    /// search radius of them all widened by how far a prediction point can lie from a cell centre.
    static func appendCoverage(
        of evaluators: [CoverageEvaluator], clutter: ClutterRaster, at position: Coordinate, grid: DemandGrid,
        cells: inout [UInt32], rsrp: inout [Int16]
    ) -> Int {
        let spec = grid.spec
        let largest = evaluators.reduce(0.0) { max($0, $1.maxRangeMeters) }
        guard largest > 0 else { return 0 }
        let range = largest + clutter.predictionOffsetMeters
        let cell = spec.cellMeters
        var evaluations = 0
        let classRangeSquared = evaluators.map { $0.maxRangeMeters * $0.maxRangeMeters }
        let txPowerPerREDBm = evaluators[0].txPowerPerResourceElementDBm
        var blockValue: [Int: Int32] = [:]
        // Evaluators are read in place through the buffer (a CoverageEvaluator is ~250 bytes;
        // copying one per cell doubled the cost of the loop).
        evaluators.withUnsafeBufferPointer { budget in
            clutter.classOfSquare.withUnsafeBufferPointer { classOfSquare in
                forEachRowSpan(within: range, of: position, spec: spec) { row, north, columns in
                    let base = row * spec.columns
                    for column in columns {
                        let id = grid.cellIndex[base + column]
                        if id < 0 { continue }
                        let k = Int(classOfSquare[base + column])
                        let f = clutter.blockSquares[k]
                        if f > 1 {
                            // One prediction per block and class; every cell of the class in the block shares it.
                            let key = clutter.blockKey(column: column, row: row, classIndex: k)
                            let value: Int32
                            if let cached = blockValue[key] {
                                value = cached
                            } else {
                                let point = clutter.predictionPoint(column: column, row: row, classIndex: k)
                                let east = point.x - position.x
                                let north = point.y - position.y
                                if east * east + north * north > classRangeSquared[k] {
                                    value = Self.notCovered
                                } else {
                                    evaluations += 1
                                    let loss = budget[k].couplingLossDB(eastMeters: east, northMeters: north)
                                    value =
                                        loss <= budget[k].maxCouplingLossDB
                                        ? Int32(CoverageMatrix.quantize(txPowerPerREDBm - loss)) : Self.notCovered
                                }
                                blockValue[key] = value
                            }
                            if value != Self.notCovered {
                                cells.append(UInt32(id))
                                rsrp.append(Int16(value))
                            }
                            continue
                        }
                        let east = spec.originX + (Double(column) + 0.5) * cell - position.x
                        if east * east + north * north > classRangeSquared[k] { continue }
                        evaluations += 1
                        let loss = budget[k].couplingLossDB(eastMeters: east, northMeters: north)
                        if loss <= budget[k].maxCouplingLossDB {
                            cells.append(UInt32(id))
                            rsrp.append(CoverageMatrix.quantize(txPowerPerREDBm - loss))
                        }
                    }
                }
            }
        }
        return evaluations
    }
}
