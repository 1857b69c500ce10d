import Geo
import Optimizer
import Support

/// The covering rows that break continuity violations (docs/solver.md, "Continuity constraints"),
/// accumulated over the rounds of constraint generation, and the places no row can fix.
///
/// Every row is an ordinary covering row — "at least one of these columns" — added to the instance
/// with weight 0 and must-cover. A row is **valid** when every plan meeting the limits satisfies it
/// (so the Lagrangian bound with it stays a bound on the true optimum), **heuristic** otherwise (it
/// steers the search and may cost more than the optimum; its multiplier is left out of the bound).
///
/// - Holes, the first times a place is violated (4 times when the rows are valid, 2 otherwise): the
///   hole is cut into connected pieces of more than the limit's cells each, and each piece gets the
///   row "at least one of its cells covered". Valid when the district limits edge holes too, or the
///   hole lies in a pocket of the district enclosed by the existing sites' coverage (any uncovered
///   region holding the piece then is a hole over the limit); heuristic otherwise. The next time:
///   must-cover "split lines" (every s-th row and column of cells, (s − 1)² ≤ the limit's cells), so
///   no remaining piece can exceed the limit; after that (or a hole with cells no candidate reaches
///   that were already visited): every reachable cell of the hole must be covered.
/// - Covered components: the extra components are joined to the largest one of their reachable piece
///   of the district by the cheapest path (fewest uncovered cells, 0-1 BFS), whose cells must be
///   covered (heuristic).
/// - Road gaps: every window of consecutive in-area samples whose length exceeds the limit gets "at
///   least one of its samples covered" — valid: an uncovered window is a gap over the limit. All of
///   them are added before the first solve (`addAllRoadWindows`): together they are exactly the limit.
struct ContinuityRows {
    /// What a row is for: the place it serves (for the report on greenfield sites).
    enum Origin: Sendable, Equatable {
        case hole(district: Int)
        case components(district: Int)
        case road(road: Int)
    }

    struct Row: Sendable {
        /// Covering columns, ascending.
        var columns: [UInt32]
        var valid: Bool
        var origin: Origin
    }

    /// A place no candidate reaches that breaks a limit (the error of an infeasible job).
    struct UnreachablePlace: Sendable {
        enum Kind: Sendable { case hole, components, road }
        var kind: Kind
        var district: Int
        /// Centroid (WGS-84) of the uncovered cells, or the middle of the road stretch.
        var centroid: Coordinate
        /// Area (holes, pieces of coverage) in m², or length (roads) in metres.
        var size: Double
        var cells: Int
        var road: Int?
        var fromMeters: Double = 0
        var toMeters: Double = 0
        var pieces: Int = 0
        var enclosedByExistingSites = false
    }

    /// The covering problem with every row added so far (`updateInstance`): the base problem's
    /// rows `0 ..< baseRowCount`, then `rows`. It is the only copy of the problem (the base is
    /// consumed), so its rows grow in place round after round (`CoveringInstance.appendRows`).
    private(set) var instance: CoveringInstance
    /// Rows of the base problem (demand cells, then road samples).
    let baseRowCount: Int
    /// How many of `rows` `instance` holds.
    private var rowsInInstance = 0
    let grid: DemandGrid
    let limits: [ContinuityLimits.Resolved]
    let maxHoleCells: [Int?]
    let roads: RoadNetwork?
    let maxRoadGapMeters: Double?
    /// Per base row: some column (free or fixed) covers it.
    let reachable: [Bool]
    /// Per cell: it lies in a pocket of its district that the existing sites' coverage encloses.
    let inEnclosedPocket: [Bool]
    /// Per base row: an existing site covers it.
    let fixedCovered: [Bool]

    private(set) var rows: [Row] = []
    private(set) var unreachable: [UnreachablePlace] = []
    /// Per cell: how often a hole holding it was violated (piece rows), then split lines, then every reachable cell.
    private var level: [UInt8]
    private var mustCell: [Bool]
    private var windows: Set<Int64> = []
    private var columnStamp: [Int32]
    private var stamp: Int32 = 0
    private var cellStamp: [Int32]
    private var groupOfCell: [Int32]?

    init(
        base: consuming CoveringInstance, grid: DemandGrid, limits: [ContinuityLimits.Resolved], roads: RoadNetwork?,
        maxRoadGapMeters: Double?
    ) {
        baseRowCount = base.rowCount
        self.grid = grid
        self.limits = limits
        self.roads = roads
        self.maxRoadGapMeters = maxRoadGapMeters
        maxHoleCells = limits.map { $0.maxHoleCells(cellAreaSquareMeters: grid.cellAreaSquareMeters) }
        reachable = (0..<base.rowCount).map { base.rowStarts[$0 + 1] > base.rowStarts[$0] }
        let fixedCovered = base.coverCounts(of: []).map { $0 > 0 }
        self.fixedCovered = fixedCovered
        let pockets = Components.find(count: grid.cellCount, include: { !fixedCovered[$0] }) { cell, visit in
            let district = grid.cellDistrict[cell]
            grid.forEachNeighbor(of: cell) { n in
                if grid.cellDistrict[n] == district { visit(n) }
            }
        }
        var enclosed = [Bool](repeating: false, count: grid.cellCount)
        for pocket in pockets where !pocket.contains(where: { grid.isOnEdge(Int($0)) }) {
            for cell in pocket { enclosed[Int(cell)] = true }
        }
        inEnclosedPocket = enclosed
        level = [UInt8](repeating: 0, count: grid.cellCount)
        mustCell = [Bool](repeating: false, count: grid.cellCount)
        columnStamp = [Int32](repeating: 0, count: base.columnCount)
        cellStamp = [Int32](repeating: 0, count: grid.cellCount)
        instance = consume base
    }

    var validCount: Int { rows.count(where: \.valid) }
    var heuristicCount: Int { rows.count(where: { !$0.valid }) }

    /// Adds the rows that break every violation; places that cannot be broken go to `unreachable`.
    /// - Returns: the valid and heuristic rows added.
    /// - Parameter coveredCell: the coverage of the plan that has the violations.
    mutating func add(_ violations: ContinuityViolations, coveredCell: [Bool]) -> (valid: Int, heuristic: Int) {
        let before = (validCount, heuristicCount)
        for hole in violations.holes { addHole(hole) }
        for district in violations.components { addComponents(district, coveredCell: coveredCell) }
        for run in violations.roadGaps { addRoadGap(run) }
        return (validCount - before.0, heuristicCount - before.1)
    }

    /// Brings `instance` up to date: the rows added since the last call go after its own, each
    /// with weight 0 and must-cover.
    /// - Complexity: O(nnz + entries of the new rows).
    mutating func updateInstance() throws(OptimizerError) {
        let new = rows[rowsInInstance...]
        try instance.appendRows(
            new.map(\.columns), weights: [Double](repeating: 0, count: new.count), mustCover: true)
        rowsInInstance = rows.count
    }

    /// The union of the columns covering some base rows, ascending.
    mutating func columns(ofRows baseRows: [Int]) -> [UInt32] {
        stamp += 1
        var result: [UInt32] = []
        for i in baseRows {
            for j in instance.columns(ofRow: i) where columnStamp[Int(j)] != stamp {
                columnStamp[Int(j)] = stamp
                result.append(j)
            }
        }
        return result.sorted()
    }

    // MARK: Holes

    mutating func addHole(_ hole: ContinuityViolations.Hole) {
        let limit = maxHoleCells[hole.district] ?? 0
        let cells = hole.cells.map(Int.init)
        let blocked = cells.filter { !reachable[$0] }
        if !blocked.isEmpty {
            // Cells no candidate reaches stay uncovered: a connected set of them over the limit
            // cannot be broken by covering.
            let pieces = region(blocked)
            var stuck = false
            for piece in pieces where piece.count > limit {
                stuck = true
                unreachable.append(
                    place(
                        .hole, cells: piece, district: hole.district,
                        enclosedByExistingSites: inEnclosedPocket[piece[0]]))
            }
            if stuck { return }
        }
        let current = cells.reduce(UInt8(0)) { max($0, level[$1]) }
        let valid = limits[hole.district].edgeHoles || inEnclosedPocket[cells[0]]
        // Piece rows while the place has been violated fewer than `pieceVisits` times: valid rows
        // cut the plan off without excluding any plan that meets the limits, so they get more visits.
        let visits = valid ? Self.validPieceVisits : Self.heuristicPieceVisits
        if current < visits {
            for piece in pieces(of: cells, size: limit + 1) {
                rows.append(Row(columns: columns(ofRows: piece), valid: valid, origin: .hole(district: hole.district)))
            }
            for cell in cells { level[cell] = current + 1 }
        } else if current == visits && blocked.isEmpty {
            let s = Int(Double(limit).squareRoot().rounded(.down)) + 1
            let c0 = cells.map { Int(grid.cellColumn[$0]) }.min() ?? 0
            let r0 = cells.map { Int(grid.cellRow[$0]) }.min() ?? 0
            for cell in cells
            where (Int(grid.cellColumn[cell]) - c0) % s == 0 || (Int(grid.cellRow[cell]) - r0) % s == 0 {
                addMustCell(cell, origin: .hole(district: hole.district))
            }
            for cell in cells { level[cell] = visits + 1 }
        } else {
            for cell in cells where reachable[cell] { addMustCell(cell, origin: .hole(district: hole.district)) }
            for cell in cells { level[cell] = visits + 2 }
        }
    }

    /// Visits of a place that get piece rows before the split lines: valid piece rows (edge holes
    /// limited, or a pocket the existing sites enclose), heuristic ones.
    static let validPieceVisits: UInt8 = 4
    static let heuristicPieceVisits: UInt8 = 2

    mutating func addMustCell(_ cell: Int, origin: Origin) {
        guard !mustCell[cell], reachable[cell] else { return }
        mustCell[cell] = true
        rows.append(Row(columns: columns(ofRows: [cell]), valid: false, origin: origin))
    }

    /// The 4-connected components (within the district) of a set of cells, each ascending.
    mutating func region(_ cells: [Int]) -> [[Int]] {
        stamp += 1
        for cell in cells { cellStamp[cell] = stamp }
        var seen = Set<Int>()
        var result: [[Int]] = []
        for start in cells where !seen.contains(start) {
            var queue = [start]
            seen.insert(start)
            var head = 0
            while head < queue.count {
                let cell = queue[head]
                head += 1
                let district = grid.cellDistrict[cell]
                grid.forEachNeighbor(of: cell) { n in
                    if cellStamp[n] == stamp && grid.cellDistrict[n] == district && !seen.contains(n) {
                        seen.insert(n)
                        queue.append(n)
                    }
                }
            }
            result.append(queue.sorted())
        }
        return result
    }

    /// A connected hole cut into connected pieces of at least `size` cells each: breadth-first
    /// growth from the lowest free cell; a remnant smaller than `size` joins a neighbouring piece.
    mutating func pieces(of cells: [Int], size: Int) -> [[Int]] {
        stamp += 1
        for cell in cells { cellStamp[cell] = stamp }
        var pieceOf = [Int: Int]()
        var pieces: [[Int]] = []
        var remnants: [[Int]] = []
        for start in cells where pieceOf[start] == nil {
            var queue = [start]
            pieceOf[start] = -2
            var head = 0
            while head < queue.count && queue.count < size {
                let cell = queue[head]
                head += 1
                grid.forEachNeighbor(of: cell) { n in
                    if queue.count < size && cellStamp[n] == stamp && pieceOf[n] == nil {
                        pieceOf[n] = -2
                        queue.append(n)
                    }
                }
            }
            if queue.count >= size {
                for cell in queue { pieceOf[cell] = pieces.count }
                pieces.append(queue)
            } else {
                remnants.append(queue) // its cells stay marked −2: taken, in no piece yet
            }
        }
        // Remnants join an adjacent piece (the hole is connected, so some remnant always touches one).
        var pending = Array(remnants.indices)
        while !pending.isEmpty {
            var still: [Int] = []
            for r in pending {
                var target: Int?
                for cell in remnants[r] where target == nil {
                    grid.forEachNeighbor(of: cell) { n in
                        if target == nil, cellStamp[n] == stamp, let p = pieceOf[n], p >= 0 { target = p }
                    }
                }
                if let target {
                    for cell in remnants[r] { pieceOf[cell] = target }
                    pieces[target] += remnants[r]
                } else {
                    still.append(r)
                }
            }
            if still.count == pending.count { break }
            pending = still
        }
        return pieces.map { $0.sorted() }
    }

    // MARK: Covered components

    mutating func addComponents(_ violation: ContinuityViolations.Components, coveredCell: [Bool]) {
        let groups = reachableGroups()
        var byGroup: [Int32: [Int]] = [:]
        for (c, component) in violation.components.enumerated() {
            byGroup[groups[Int(component[0])], default: []].append(c)
        }
        if byGroup.count > violation.limit {
            let cells = violation.components.flatMap { $0.map(Int.init) }
            var place = place(.components, cells: cells, district: violation.district)
            place.pieces = byGroup.count
            unreachable.append(place)
            return
        }
        // Per piece: the cheapest path from every other component to the piece's largest one.
        var candidates: [(cost: Int, component: Int, path: [Int])] = []
        for key in byGroup.keys.sorted() {
            let members = byGroup[key] ?? []
            let main =
                members.max {
                    violation.components[$0].count < violation.components[$1].count
                        || (violation.components[$0].count == violation.components[$1].count && $0 > $1)
                } ?? members[0]
            let tree = cheapestPaths(
                from: violation.components[main].map(Int.init), group: key, coveredCell: coveredCell)
            for c in members where c != main {
                let reached = violation.components[c].map(Int.init).filter { tree.cost[$0] != nil }
                guard let end = reached.min(by: { (tree.cost[$0] ?? 0, $0) < (tree.cost[$1] ?? 0, $1) }) else {
                    continue
                }
                var path: [Int] = []
                var cell = end
                while cell >= 0 {
                    path.append(cell)
                    cell = tree.parent[cell] ?? -1
                }
                candidates.append((tree.cost[end] ?? 0, c, path))
            }
        }
        candidates.sort { ($0.cost, $0.component) < ($1.cost, $1.component) }
        // Every cell of the path must be covered, the ones covered now included: the next plan may
        // not take the connection away.
        for candidate in candidates.prefix(violation.components.count - violation.limit) {
            for cell in candidate.path { addMustCell(cell, origin: .components(district: violation.district)) }
        }
    }

    /// Per cell: its component of reachable cells within its district (−1 when unreachable).
    mutating func reachableGroups() -> [Int32] {
        if let groupOfCell { return groupOfCell }
        let grid = self.grid
        let reachable = self.reachable
        var groups = [Int32](repeating: -1, count: grid.cellCount)
        let components = Components.find(count: grid.cellCount, include: { reachable[$0] }) { cell, visit in
            let district = grid.cellDistrict[cell]
            grid.forEachNeighbor(of: cell) { n in
                if grid.cellDistrict[n] == district { visit(n) }
            }
        }
        for (g, component) in components.enumerated() { for cell in component { groups[Int(cell)] = Int32(g) } }
        groupOfCell = groups
        return groups
    }

    /// 0-1 breadth-first search from `sources` over the cells of one reachable piece: a step onto a
    /// cell the plan leaves uncovered costs 1 (it would have to be covered), onto a covered or
    /// must-cover cell 0; neighbours in a fixed order, so the paths are deterministic.
    mutating func cheapestPaths(from sources: [Int], group: Int32, coveredCell covered: [Bool])
        -> (cost: [Int: Int], parent: [Int: Int])
    {
        let groups = reachableGroups()
        var cost: [Int: Int] = [:]
        var parent: [Int: Int] = [:]
        var front: [Int] = []
        var next: [Int] = []
        for s in sources.sorted() {
            cost[s] = 0
            parent[s] = -1
            front.append(s)
        }
        var current = 0
        while !front.isEmpty {
            var head = 0
            while head < front.count {
                let cell = front[head]
                head += 1
                guard cost[cell] == current else { continue }
                grid.forEachNeighbor(of: cell) { n in
                    guard groups[n] == group else { return }
                    let step = mustCell[n] || covered[n] ? 0 : 1
                    let c = current + step
                    if let known = cost[n], known <= c { return }
                    cost[n] = c
                    parent[n] = cell
                    if step == 0 { front.append(n) } else { next.append(n) }
                }
            }
            front = next
            next = []
            current += 1
        }
        return (cost, parent)
    }

    // MARK: Roads

    /// Every window of every road at once: the road-gap limit is exactly "every window of
    /// consecutive in-area samples longer than the limit has a covered sample", a few rows per
    /// kilometre, so it needs no rounds. Windows an existing site already breaks are left out.
    /// - Returns: the rows added.
    @discardableResult
    mutating func addAllRoadWindows() -> Int {
        guard let roads, maxRoadGapMeters != nil else { return 0 }
        let before = rows.count
        for (r, route) in roads.routes.enumerated() {
            var start: Int?
            for s in route.samples {
                if roads.rowOfSample[s] >= 0 {
                    if start == nil { start = s }
                } else if let first = start {
                    addRoadGap(RoadNetwork.Run(route: r, first: first, last: s - 1))
                    start = nil
                }
            }
            if let first = start {
                addRoadGap(RoadNetwork.Run(route: r, first: first, last: route.samples.upperBound - 1))
            }
        }
        return rows.count - before
    }

    mutating func addRoadGap(_ run: RoadNetwork.Run) {
        guard let roads, let limit = maxRoadGapMeters else { return }
        let cellCount = grid.cellCount
        func baseRow(_ s: Int) -> Int { cellCount + Int(roads.rowOfSample[s]) }
        let road = roads.routes[run.route].road
        // A stretch of samples no site reaches longer than the limit cannot be broken.
        var s = run.first
        var stuck = false
        while s <= run.last {
            guard !reachable[baseRow(s)] else {
                s += 1
                continue
            }
            var e = s
            while e + 1 <= run.last && !reachable[baseRow(e + 1)] { e += 1 }
            if roads.length(first: s, last: e) > limit * (1 + 1e-9) {
                stuck = true
                let route = roads.routes[run.route]
                let middle = (s + e) / 2
                unreachable.append(
                    UnreachablePlace(
                        kind: .road, district: Int(max(0, roads.sampleDistrict[middle])),
                        centroid: roads.projection.unproject(roads.samplePoints[middle]),
                        size: roads.length(first: s, last: e), cells: e - s + 1, road: road,
                        fromMeters: route.offsetMeters + roads.sampleFrom[s],
                        toMeters: route.offsetMeters + roads.sampleTo[e]))
            }
            s = e + 1
        }
        if stuck { return }
        for first in run.first...run.last {
            var last = first
            while last < run.last && roads.length(first: first, last: last) <= limit * (1 + 1e-9) { last += 1 }
            guard roads.length(first: first, last: last) > limit * (1 + 1e-9) else { break }
            let key = Int64(first) << 24 | Int64(last - first)
            guard windows.insert(key).inserted else { continue }
            if (first...last).contains(where: { fixedCovered[baseRow($0)] }) { continue }
            rows.append(
                Row(columns: columns(ofRows: (first...last).map(baseRow)), valid: true, origin: .road(road: road)))
        }
    }

    // MARK: Places

    func place(_ kind: UnreachablePlace.Kind, cells: [Int], district: Int, enclosedByExistingSites: Bool = false)
        -> UnreachablePlace
    {
        var x = 0.0
        var y = 0.0
        for cell in cells {
            let c = grid.center(of: cell)
            x += c.x
            y += c.y
        }
        let n = Double(max(1, cells.count))
        return UnreachablePlace(
            kind: kind, district: district, centroid: grid.projection.unproject(Coordinate(x: x / n, y: y / n)),
            size: Double(cells.count) * grid.cellAreaSquareMeters, cells: cells.count, road: nil,
            enclosedByExistingSites: enclosedByExistingSites)
    }
}
