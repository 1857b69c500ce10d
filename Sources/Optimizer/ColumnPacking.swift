/// Packing side constraints on the columns of a covering problem: **location groups** (at most one
/// chosen column per location — several site types or sector orientations competing for one place)
/// and **pairwise conflicts between locations** (a minimum spacing: chosen sites strictly more than
/// `D` apart, from each other and from fixed columns such as existing sites).
///
/// With `ℓ(j)` the location of column `j` and `N(ℓ)` the locations conflicting with `ℓ` (always
/// `ℓ` itself), a set of columns `S` (plus the fixed columns `F`) is feasible when
///
///     for all j ≠ k in S ∪ F, not both fixed:  ℓ(k) ∉ N(ℓ(j))
///
/// i.e. the packing constraints `Σ_{j : ℓ(j) ∈ N(ℓ)} x_j ≤ 1` of a conflict graph. Fixed columns may
/// conflict with each other (built sites are what they are); a free column that conflicts with a
/// fixed one can never be chosen (`CoverProblem.isForbidden`). Columns with location −1 take part
/// in no packing constraint.
///
/// Conflicts come in three forms:
/// - **groups only**: locations conflict only with themselves;
/// - **explicit pairs** of conflicting locations (tests, abstract instances);
/// - **spacing**: locations are points in a plane and conflict when their Euclidean distance is
///   **at most** `minimumSpacing` (so feasible sites are strictly farther apart); found by a bucket
///   grid of side ≥ `minimumSpacing`, never materialised as pair lists (a lattice of millions of
///   candidate positions would need billions of pairs). With integer coordinates the squared
///   distances are compared exactly.
///
/// Every bound the solver reports ignores these constraints (they only shrink the feasible set, so a
/// relaxation without them stays a valid bound); `CoveringSolution.boundAccountsForPacking` says
/// when the bound does account for them (exhaustive search).
///
/// - Complexity: construction O(locations + columns (+ pairs)); `forEachConflict` O(locations in the
///   3 × 3 neighbouring buckets) for spacing, O(degree) for pairs.
public struct ColumnPacking: Sendable {
    /// Location of each column (−1: the column takes part in no packing constraint).
    public let locationOfColumn: [Int32]
    /// Number of locations; location ids run `0 ..< locationCount`.
    public let locationCount: Int
    /// The columns at each location: `locationColumnStarts[ℓ] ..< locationColumnStarts[ℓ + 1]` indexes
    /// `locationColumns` (ascending column ids).
    public let locationColumnStarts: [Int]
    public let locationColumns: [UInt32]
    let conflicts: Conflicts

    enum Conflicts: Sendable {
        case groupsOnly
        /// Symmetric neighbour lists without the location itself.
        case pairs(starts: [Int], neighbours: [UInt32])
        case spacing(SpacingGrid)
    }

    /// Location groups only: at most one chosen column per location.
    ///
    /// - Parameters:
    ///   - locationOfColumn: one entry per column, a location id ≥ 0 or −1 for none.
    ///   - locationCount: number of locations (default: the largest id + 1).
    public init(locationOfColumn: [Int], locationCount: Int? = nil) throws(OptimizerError) {
        let (locations, count, starts, columns) = try Self.groups(locationOfColumn, locationCount)
        self.locationOfColumn = locations
        self.locationCount = count
        locationColumnStarts = starts
        locationColumns = columns
        conflicts = .groupsOnly
    }

    /// Location groups plus explicit pairs of conflicting locations (symmetric; self pairs and
    /// duplicates are ignored).
    public init(locationOfColumn: [Int], locationCount: Int? = nil, conflictingLocations pairs: [(Int, Int)])
        throws(OptimizerError)
    {
        var count = locationCount ?? 0
        if locationCount == nil {
            for (a, b) in pairs { count = max(count, a + 1, b + 1) }
            for l in locationOfColumn { count = max(count, l + 1) }
        }
        let (locations, total, starts, columns) = try Self.groups(locationOfColumn, count)
        for (a, b) in pairs where a < 0 || b < 0 || a >= total || b >= total {
            throw .malformedInstance("conflict pair (\(a), \(b)) names a location outside 0..<\(total)")
        }
        var lists = [[UInt32]](repeating: [], count: total)
        for (a, b) in pairs where a != b {
            lists[a].append(UInt32(b))
            lists[b].append(UInt32(a))
        }
        var neighbourStarts = [0]
        var neighbours: [UInt32] = []
        for var list in lists {
            list.sort()
            var last: UInt32?
            for l in list where l != last {
                neighbours.append(l)
                last = l
            }
            neighbourStarts.append(neighbours.count)
        }
        self.locationOfColumn = locations
        self.locationCount = total
        locationColumnStarts = starts
        locationColumns = columns
        conflicts = .pairs(starts: neighbourStarts, neighbours: neighbours)
    }

    /// Location groups plus a minimum spacing: locations are points `(x[ℓ], y[ℓ])` and two locations
    /// conflict when their distance is at most `minimumSpacing` (≥ 0).
    public init(locationOfColumn: [Int], x: [Double], y: [Double], minimumSpacing: Double) throws(OptimizerError) {
        guard x.count == y.count else {
            throw .malformedInstance("location coordinates: \(x.count) x values but \(y.count) y values")
        }
        guard minimumSpacing.isFinite, minimumSpacing >= 0 else {
            throw .malformedInstance("minimum spacing \(minimumSpacing) must be a finite number ≥ 0")
        }
        for l in 0..<x.count where !x[l].isFinite || !y[l].isFinite {
            throw .malformedInstance("location \(l) has a non-finite coordinate (\(x[l]), \(y[l]))")
        }
        let (locations, count, starts, columns) = try Self.groups(locationOfColumn, x.count)
        guard count == x.count else {
            throw .malformedInstance(
                "a column names location \(count - 1), but only \(x.count) locations have coordinates")
        }
        self.locationOfColumn = locations
        self.locationCount = count
        locationColumnStarts = starts
        locationColumns = columns
        conflicts = .spacing(SpacingGrid(x: x, y: y, spacing: minimumSpacing))
    }

    /// Checks the column → location map and builds location → columns.
    private static func groups(_ locationOfColumn: [Int], _ locationCount: Int?) throws(OptimizerError)
        -> ([Int32], Int, [Int], [UInt32])
    {
        var count = locationCount ?? 0
        for (j, l) in locationOfColumn.enumerated() {
            guard l >= -1, l < Int(Int32.max) else {
                throw .malformedInstance("column \(j) has location \(l), expected −1 or a location id ≥ 0")
            }
            if locationCount == nil {
                count = max(count, l + 1)
            } else if l >= count {
                throw .malformedInstance("column \(j) has location \(l), but locationCount is \(count)")
            }
        }
        var starts = [Int](repeating: 0, count: count + 1)
        for l in locationOfColumn where l >= 0 { starts[l + 1] += 1 }
        for l in 0..<count { starts[l + 1] += starts[l] }
        var next = Array(starts.dropLast())
        var columns = [UInt32](repeating: 0, count: starts[count])
        for (j, l) in locationOfColumn.enumerated() where l >= 0 {
            columns[next[l]] = UInt32(j)
            next[l] += 1
        }
        return (locationOfColumn.map { Int32($0) }, count, starts, columns)
    }

    /// Number of columns the map covers.
    public var columnCount: Int { locationOfColumn.count }

    /// True when locations conflict only with themselves.
    public var isGroupsOnly: Bool {
        if case .groupsOnly = conflicts { return true }
        return false
    }

    /// The minimum spacing of the spatial form, `nil` for the other forms.
    public var minimumSpacing: Double? {
        if case .spacing(let grid) = conflicts { return grid.spacing }
        return nil
    }

    /// Calls `body` with every location conflicting with `location`, the location itself included.
    @inline(__always)
    func forEachConflict(ofLocation location: Int, _ body: (Int) -> Void) {
        switch conflicts {
        case .groupsOnly:
            body(location)
        case .pairs(let starts, let neighbours):
            body(location)
            for k in starts[location]..<starts[location + 1] { body(Int(neighbours[k])) }
        case .spacing(let grid):
            grid.forEachNeighbour(of: location, body)
        }
    }

    /// Whether two locations conflict (a location conflicts with itself).
    public func locationsConflict(_ a: Int, _ b: Int) -> Bool {
        if a == b { return true }
        switch conflicts {
        case .groupsOnly: return false
        case .pairs(let starts, let neighbours):
            let slice = neighbours[starts[a]..<starts[a + 1]]
            return slice.contains(UInt32(b))
        case .spacing(let grid): return grid.conflict(a, b)
        }
    }

    /// Whether two distinct columns may not both be on.
    public func columnsConflict(_ j: Int, _ k: Int) -> Bool {
        let a = Int(locationOfColumn[j])
        let b = Int(locationOfColumn[k])
        guard j != k, a >= 0, b >= 0 else { return false }
        return locationsConflict(a, b)
    }

    /// The conflicting pairs among `columns` plus `fixed`, pairs of two fixed columns excluded
    /// (each pair once, ascending). Empty for a feasible selection.
    ///
    /// - Complexity: O(Σ conflicts of the given columns' locations).
    public func violations(columns: [Int], fixed: [Int] = []) -> [(Int, Int)] {
        var at: [Int: [Int]] = [:]
        for j in fixed + columns where locationOfColumn[j] >= 0 { at[Int(locationOfColumn[j]), default: []].append(j) }
        let isFixed = Set(fixed)
        var pairs = Set<[Int]>()
        for j in columns where locationOfColumn[j] >= 0 {
            forEachConflict(ofLocation: Int(locationOfColumn[j])) { l in
                for k in at[l] ?? [] where k != j && !(isFixed.contains(j) && isFixed.contains(k)) {
                    pairs.insert([min(j, k), max(j, k)])
                }
            }
        }
        return pairs.sorted { $0[0] < $1[0] || ($0[0] == $1[0] && $0[1] < $1[1]) }.map { ($0[0], $0[1]) }
    }
}

/// Locations in buckets of side ≥ the spacing, so that all locations within the spacing of a point
/// lie in its bucket or the 8 around it. At most 2048 × 2048 buckets: a bucket grows with the
/// extent when the spacing is small compared with it.
struct SpacingGrid: Sendable {
    let x: [Double]
    let y: [Double]
    let spacing: Double
    let spacingSquared: Double
    let originX: Double
    let originY: Double
    let bucketSide: Double
    let columns: Int
    let rows: Int
    /// Bucket of each location.
    let bucketOf: [Int32]
    /// `bucketStarts[b] ..< bucketStarts[b + 1]` indexes `members` (ascending location ids).
    let bucketStarts: [Int32]
    let members: [UInt32]

    init(x: [Double], y: [Double], spacing: Double) {
        self.x = x
        self.y = y
        self.spacing = spacing
        spacingSquared = spacing * spacing
        let minX = x.min() ?? 0
        let maxX = x.max() ?? 0
        let minY = y.min() ?? 0
        let maxY = y.max() ?? 0
        let extent = max(maxX - minX, maxY - minY, 1e-9)
        let side = max(spacing, extent / 2048, 1e-9)
        originX = minX
        originY = minY
        bucketSide = side
        columns = max(1, Int((maxX - minX) / side) + 1)
        rows = max(1, Int((maxY - minY) / side) + 1)
        var bucket = [Int32](repeating: 0, count: x.count)
        var starts = [Int32](repeating: 0, count: columns * rows + 1)
        for l in 0..<x.count {
            let bx = min(columns - 1, Int((x[l] - minX) / side))
            let by = min(rows - 1, Int((y[l] - minY) / side))
            bucket[l] = Int32(by * columns + bx)
            starts[Int(bucket[l]) + 1] += 1
        }
        for b in 0..<(columns * rows) { starts[b + 1] += starts[b] }
        var next = Array(starts.dropLast())
        var members = [UInt32](repeating: 0, count: x.count)
        for l in 0..<x.count {
            let b = Int(bucket[l])
            members[Int(next[b])] = UInt32(l)
            next[b] += 1
        }
        bucketOf = bucket
        bucketStarts = starts
        self.members = members
    }

    @inline(__always)
    func conflict(_ a: Int, _ b: Int) -> Bool {
        let dx = x[a] - x[b]
        let dy = y[a] - y[b]
        return dx * dx + dy * dy <= spacingSquared
    }

    @inline(__always)
    func forEachNeighbour(of location: Int, _ body: (Int) -> Void) {
        let b = Int(bucketOf[location])
        let bx = b % columns
        let by = b / columns
        let px = x[location]
        let py = y[location]
        for ny in max(0, by - 1)...min(rows - 1, by + 1) {
            for nx in max(0, bx - 1)...min(columns - 1, bx + 1) {
                let nb = ny * columns + nx
                for k in Int(bucketStarts[nb])..<Int(bucketStarts[nb + 1]) {
                    let l = Int(members[k])
                    let dx = x[l] - px
                    let dy = y[l] - py
                    if dx * dx + dy * dy <= spacingSquared { body(l) }
                }
            }
        }
    }
}
