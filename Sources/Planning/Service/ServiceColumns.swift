import Foundation
import Geo
import Optimizer
import Support

/// The columns of a service-radius job: (location, type, orientation) with the demand cells each
/// serves, the existing sites as fixed columns, and the packing constraints between locations.
///
/// Locations are the eligible catalogue candidates, the lattice squares that carry at least one
/// column, and the existing sites; they conflict when at most `min_spacing_m` apart (or, without a
/// spacing, only with themselves: one type per location). Lattice squares within the spacing of an
/// existing site are never generated; catalogue candidates there are screened out
/// (`nearExisting`); the solver would refuse both anyway (`ColumnPacking`: a free column in conflict
/// with a fixed one is forbidden).
struct ServiceColumns {
    /// Where a column comes from.
    enum Source: Equatable {
        case candidate(Int)
        case lattice(square: Int)
        case existing(Int)
    }

    var sources: [Source] = []
    var types: [Int] = []
    /// Orientation index into the type's `orientations` (0 for omnidirectional types).
    var orientations: [Int] = []
    var costs: [Double] = []
    var starts: [Int] = [0]
    var cells: [UInt32] = []
    var locationOfColumn: [Int] = []
    var locationX: [Double] = []
    var locationY: [Double] = []
    var existingColumns: [Int] = []
    /// Per lattice class (type, orientation): the class and its screening counts.
    var latticeClasses: [(footprint: LatticeCandidates.FootprintClass, statistics: LatticeCandidates.Statistics)] = []
    var lattice: LatticeCandidates.Lattice?
    /// Per grid square: whether a lattice site may stand there (empty without a lattice).
    var allowed: [Bool] = []
    var screening = CandidateScreening()
    /// Lattice positions (base lattice, inside the bounds) within the spacing of an existing site or in an exclusion.
    var latticeForbidden = 0

    var columnCount: Int { costs.count }

    /// Builds every column.
    static func build(scenario: Scenario, service: ServiceSettings, grid: DemandGrid, threads: Int)
        throws(PlanningError) -> ServiceColumns
    {
        var result = ServiceColumns()
        let projection = grid.projection
        let spec = grid.spec
        let spacing = service.minimumSpacingMeters
        let existingPositions = scenario.existing.map { projection.project($0.location) }
        let exclusionsMeters = scenario.exclusions.map { projection.project($0.geometry) }
        let spacingIndex = spacing.map { PointIndex(points: existingPositions, radius: $0) }

        // Catalogue candidates: open, outside exclusions, farther than the spacing from every existing site.
        let inExclusion = try SitingPipeline.flagsInside(
            exclusions: scenario.exclusions.map(\.geometry), points: scenario.candidates.map(\.location),
            threads: threads)
        var candidateLocation: [Int: Int] = [:]
        for (index, site) in scenario.candidates.enumerated() {
            if site.status != .open {
                result.screening.notOpen += 1
                continue
            }
            if inExclusion[index] {
                result.screening.inExclusion += 1
                continue
            }
            let position = projection.project(site.location)
            if let spacingIndex, spacingIndex.hasPoint(within: position) {
                result.screening.nearExisting += 1
                continue
            }
            var coversSomething = false
            for (t, type) in service.types.enumerated() where site.serviceType == nil || site.serviceType == type.name {
                for (o, azimuths) in type.orientations.enumerated() {
                    let before = result.cells.count
                    ServiceFootprint(type: type, azimuths: azimuths).appendCells(
                        at: position, grid: grid, into: &result.cells)
                    guard result.cells.count > before else { continue }
                    coversSomething = true
                    let location: Int
                    if let known = candidateLocation[index] {
                        location = known
                    } else {
                        location = result.locationX.count
                        candidateLocation[index] = location
                        result.locationX.append(position.x)
                        result.locationY.append(position.y)
                    }
                    result.append(
                        .candidate(index), type: t, orientation: o, cost: type.cost ?? site.cost, location: location)
                }
            }
            if !coversSomething { result.screening.coversNothing += 1 }
        }

        // Lattice candidates.
        if let settings = service.lattice {
            let base = max(1, Int((settings.stepMeters / spec.cellMeters).rounded()))
            guard abs(Double(base) * spec.cellMeters - settings.stepMeters) <= 1e-9 * settings.stepMeters else {
                throw .invalidInput([
                    Problem(
                        .error, file: scenario.file, field: "service.lattice.step_m",
                        expected: "a multiple of demand.cell_m (\(Precision.figure.text(spec.cellMeters)) m)",
                        found: Precision.figure.text(settings.stepMeters))
                ])
            }
            var lattice = LatticeCandidates.Lattice(
                firstColumn: 0, lastColumn: spec.columns - 1, firstRow: 0, lastRow: spec.rows - 1, stepSquares: base)
            if let bounds = settings.bounds {
                let corners = [
                    Coordinate(x: bounds.minX, y: bounds.minY), Coordinate(x: bounds.maxX, y: bounds.maxY),
                    Coordinate(x: bounds.minX, y: bounds.maxY), Coordinate(x: bounds.maxX, y: bounds.minY),
                ].map(projection.project)
                let xs = corners.map(\.x)
                let ys = corners.map(\.y)
                // Squares whose centre lies inside the bounds (inclusive).
                func column(_ x: Double, up: Bool) -> Int {
                    Int(((x - spec.originX) / spec.cellMeters - 0.5 - (up ? 1e-9 : -1e-9)).rounded(up ? .up : .down))
                }
                func row(_ y: Double, up: Bool) -> Int {
                    Int(((y - spec.originY) / spec.cellMeters - 0.5 - (up ? 1e-9 : -1e-9)).rounded(up ? .up : .down))
                }
                lattice.firstColumn = max(0, column(xs.min() ?? 0, up: true))
                lattice.lastColumn = min(spec.columns - 1, column(xs.max() ?? 0, up: false))
                lattice.firstRow = max(0, row(ys.min() ?? 0, up: true))
                lattice.lastRow = min(spec.rows - 1, row(ys.max() ?? 0, up: false))
            }
            var allowed = [Bool](repeating: false, count: spec.cellCount)
            if lattice.firstColumn <= lattice.lastColumn && lattice.firstRow <= lattice.lastRow {
                for r in stride(from: lattice.firstRow, through: lattice.lastRow, by: base) {
                    for c in stride(from: lattice.firstColumn, through: lattice.lastColumn, by: base) {
                        allowed[r * spec.columns + c] = true
                    }
                }
            }
            var forbidden = 0
            for geometry in exclusionsMeters {
                GridSquares.forEachSpan(of: geometry, in: spec) { row, first, last in
                    for c in first...last where allowed[row * spec.columns + c] {
                        allowed[row * spec.columns + c] = false
                        forbidden += 1
                    }
                }
            }
            if let spacing {
                let reach = Int((spacing / spec.cellMeters).rounded(.up)) + 1
                for p in existingPositions {
                    guard let square = GridSquares.square(of: p, in: spec) ?? nearestSquare(p, spec) else { continue }
                    let c0 = square % spec.columns
                    let r0 = square / spec.columns
                    for r in max(0, r0 - reach)...min(spec.rows - 1, r0 + reach) {
                        let dy = spec.originY + (Double(r) + 0.5) * spec.cellMeters - p.y
                        for c in max(0, c0 - reach)...min(spec.columns - 1, c0 + reach)
                        where allowed[r * spec.columns + c] {
                            let dx = spec.originX + (Double(c) + 0.5) * spec.cellMeters - p.x
                            if dx * dx + dy * dy <= spacing * spacing {
                                allowed[r * spec.columns + c] = false
                                forbidden += 1
                            }
                        }
                    }
                }
            }
            result.latticeForbidden = forbidden
            let generator = LatticeCandidates(grid: grid)
            var squareLocation: [Int: Int] = [:]
            for (t, type) in service.types.enumerated() where type.onLattice {
                let step = type.searchStepMeters.map { max(base, Int(($0 / spec.cellMeters).rounded())) } ?? base
                for (o, azimuths) in type.orientations.enumerated() {
                    let footprint = LatticeCandidates.FootprintClass(
                        type: t, orientation: o,
                        runs: ServiceFootprint(type: type, azimuths: azimuths).runs(cellMeters: spec.cellMeters),
                        stepSquares: step)
                    let (columns, statistics) = generator.columns(
                        of: footprint, lattice: lattice, allowed: allowed, threads: threads)
                    result.latticeClasses.append((footprint, statistics))
                    for k in 0..<columns.squares.count {
                        let square = Int(columns.squares[k])
                        let location: Int
                        if let known = squareLocation[square] {
                            location = known
                        } else {
                            location = result.locationX.count
                            squareLocation[square] = location
                            let centre = spec.center(column: square % spec.columns, row: square / spec.columns)
                            result.locationX.append(centre.x)
                            result.locationY.append(centre.y)
                        }
                        result.sources.append(.lattice(square: square))
                        result.types.append(t)
                        result.orientations.append(o)
                        result.costs.append(type.cost ?? 0)
                        result.cells += columns.cells[columns.starts[k]..<columns.starts[k + 1]]
                        result.starts.append(result.cells.count)
                        result.locationOfColumn.append(location)
                    }
                }
            }
            result.lattice = lattice
            result.allowed = allowed
        }

        // Existing sites: fixed columns, serving with their type's full radius (or nothing).
        for (index, site) in scenario.existing.enumerated() {
            let t = site.serviceType.flatMap { service.typeIndex(named: $0) } ?? 0
            let position = existingPositions[index]
            if site.coversDemand {
                ServiceFootprint(type: service.types[t], azimuths: nil).appendCells(
                    at: position, grid: grid, into: &result.cells)
            }
            let location = result.locationX.count
            result.locationX.append(position.x)
            result.locationY.append(position.y)
            result.existingColumns.append(result.columnCount)
            result.append(.existing(index), type: t, orientation: 0, cost: 0, location: location)
        }
        return result
    }

    /// The square nearest to a point outside the grid (for spacing around existing sites off the grid).
    private static func nearestSquare(_ p: Coordinate, _ spec: GridSpec) -> Int? {
        let c = min(spec.columns - 1, max(0, Int(((p.x - spec.originX) / spec.cellMeters).rounded(.down))))
        let r = min(spec.rows - 1, max(0, Int(((p.y - spec.originY) / spec.cellMeters).rounded(.down))))
        return r * spec.columns + c
    }

    /// Appends a column whose cells were just appended to `cells`.
    private mutating func append(_ source: Source, type: Int, orientation: Int, cost: Double, location: Int) {
        sources.append(source)
        types.append(type)
        orientations.append(orientation)
        costs.append(cost)
        starts.append(cells.count)
        locationOfColumn.append(location)
    }

    /// The packing constraints: one column per location, and the minimum spacing when given.
    func packing(spacing: Double?) throws(PlanningError) -> ColumnPacking {
        do {
            if let spacing {
                return try ColumnPacking(
                    locationOfColumn: locationOfColumn, x: locationX, y: locationY, minimumSpacing: spacing)
            }
            return try ColumnPacking(locationOfColumn: locationOfColumn, locationCount: locationX.count)
        } catch {
            throw .infeasible("internal: the packing constraints are malformed: \(error)")
        }
    }
}

/// Points in buckets of the query radius: "is any point within r (inclusive) of here?".
struct PointIndex {
    let radius: Double
    let buckets: [Int64: [Coordinate]]

    init(points: [Coordinate], radius: Double) {
        self.radius = radius
        let side = max(radius, 1e-9)
        var buckets: [Int64: [Coordinate]] = [:]
        for p in points { buckets[Self.key(p, side), default: []].append(p) }
        self.buckets = buckets
    }

    static func key(_ p: Coordinate, _ side: Double) -> Int64 {
        let bx = Int64((p.x / side).rounded(.down))
        let by = Int64((p.y / side).rounded(.down))
        return bx &* 4_000_003 &+ by
    }

    func hasPoint(within p: Coordinate) -> Bool {
        let side = max(radius, 1e-9)
        let bx = Int64((p.x / side).rounded(.down))
        let by = Int64((p.y / side).rounded(.down))
        for dx in -1...1 {
            for dy in -1...1 {
                for q in buckets[(bx + Int64(dx)) &* 4_000_003 &+ (by + Int64(dy))] ?? [] {
                    let ex = q.x - p.x
                    let ey = q.y - p.y
                    if ex * ex + ey * ey <= radius * radius { return true }
                }
            }
        }
        return false
    }
}
