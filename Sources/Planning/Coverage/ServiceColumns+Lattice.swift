import Geo
import Support

extension ServiceColumns {
    /// The lattice of `settings` on the grid: its step in squares (a multiple of the cell size) and
    /// the squares whose centre lies inside its bounds (inclusive; the whole grid without bounds).
    static func latticeOf(_ settings: LatticeSettings, grid: DemandGrid, scenarioFile: String) throws(PlanningError)
        -> LatticeCandidates.Lattice
    {
        let spec = grid.spec
        let base = max(1, Int((settings.stepMeters / spec.cellMeters).rounded()))
        guard abs(Double(base) * spec.cellMeters - settings.stepMeters) <= 1e-9 * settings.stepMeters else {
            throw .invalidInput([
                Problem(
                    .error, file: scenarioFile, field: "service.lattice.step_m",
                    expected: "a multiple of demand.cell_m (\(Precision.figure.text(spec.cellMeters)) m)",
                    found: Precision.figure.text(settings.stepMeters))
            ])
        }
        var lattice = LatticeCandidates.Lattice(
            firstColumn: 0, lastColumn: spec.columns - 1, firstRow: 0, lastRow: spec.rows - 1, stepSquares: base)
        guard let bounds = settings.bounds else { return lattice }
        let corners = [
            Coordinate(x: bounds.minX, y: bounds.minY), Coordinate(x: bounds.maxX, y: bounds.maxY),
            Coordinate(x: bounds.minX, y: bounds.maxY), Coordinate(x: bounds.maxX, y: bounds.minY),
        ].map(grid.projection.project)
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
        return lattice
    }

    /// Per grid square: whether a lattice site may stand there — on the lattice, outside every
    /// exclusion, farther than the spacing from every existing site. Counts the lattice squares
    /// excluded in `latticeForbidden`.
    mutating func allowedSquares(
        _ lattice: LatticeCandidates.Lattice, grid: DemandGrid, exclusions: [Geometry], existingPositions: [Coordinate],
        spacing: Double?
    ) -> [Bool] {
        let spec = grid.spec
        var allowed = [Bool](repeating: false, count: spec.cellCount)
        if lattice.firstColumn <= lattice.lastColumn && lattice.firstRow <= lattice.lastRow {
            for r in stride(from: lattice.firstRow, through: lattice.lastRow, by: lattice.stepSquares) {
                for c in stride(from: lattice.firstColumn, through: lattice.lastColumn, by: lattice.stepSquares) {
                    allowed[r * spec.columns + c] = true
                }
            }
        }
        var forbidden = 0
        for geometry in exclusions {
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
                guard let square = GridSquares.square(of: p, in: spec) ?? Self.nearestSquare(p, spec) else { continue }
                let c0 = square % spec.columns
                let r0 = square / spec.columns
                for r in max(0, r0 - reach)...min(spec.rows - 1, r0 + reach) {
                    let dy = spec.originY + (Double(r) + 0.5) * spec.cellMeters - p.y
                    for c in max(0, c0 - reach)...min(spec.columns - 1, c0 + reach) where allowed[r * spec.columns + c]
                    {
                        let dx = spec.originX + (Double(c) + 0.5) * spec.cellMeters - p.x
                        if dx * dx + dy * dy <= spacing * spacing {
                            allowed[r * spec.columns + c] = false
                            forbidden += 1
                        }
                    }
                }
            }
        }
        latticeForbidden = forbidden
        return allowed
    }

    /// Lattice columns: per lattice type and orientation, the allowed positions of its search
    /// lattice that serve demand and are not dominated (`LatticeCandidates`).
    mutating func addLattice(
        _ lattice: LatticeCandidates.Lattice, service: ServiceSettings, grid: DemandGrid, threads: Int
    ) {
        let spec = grid.spec
        let generator = LatticeCandidates(grid: grid)
        var squareLocation: [Int: Int] = [:]
        for (t, type) in service.types.enumerated() where type.onLattice {
            let step =
                type.searchStepMeters.map { max(lattice.stepSquares, Int(($0 / spec.cellMeters).rounded())) }
                ?? lattice.stepSquares
            for (o, azimuths) in type.orientations.enumerated() {
                let footprint = LatticeCandidates.FootprintClass(
                    type: t, orientation: o,
                    runs: ServiceFootprint(type: type, azimuths: azimuths).runs(cellMeters: spec.cellMeters),
                    stepSquares: step)
                let (columns, statistics) = generator.columns(
                    of: footprint, lattice: lattice, allowed: allowed, threads: threads)
                latticeClasses.append((footprint, statistics))
                for k in 0..<columns.squares.count {
                    let square = Int(columns.squares[k])
                    let location: Int
                    if let known = squareLocation[square] {
                        location = known
                    } else {
                        location = locationX.count
                        squareLocation[square] = location
                        let centre = spec.center(column: square % spec.columns, row: square / spec.columns)
                        locationX.append(centre.x)
                        locationY.append(centre.y)
                    }
                    cells += columns.cells[columns.starts[k]..<columns.starts[k + 1]]
                    append(.lattice(square: square), type: t, orientation: o, cost: type.cost ?? 0, location: location)
                }
            }
        }
        self.lattice = lattice
    }

    /// The square nearest to a point outside the grid (for spacing around existing sites off the grid).
    static func nearestSquare(_ p: Coordinate, _ spec: GridSpec) -> Int? {
        let c = min(spec.columns - 1, max(0, Int(((p.x - spec.originX) / spec.cellMeters).rounded(.down))))
        let r = min(spec.rows - 1, max(0, Int(((p.y - spec.originY) / spec.cellMeters).rounded(.down))))
        return r * spec.columns + c
    }
}
