import Geo

/// One road feature (`roads.geojson`): a polyline in local metres.
struct Road {
    enum RoadClass: String { case main, secondary }
    let name: String
    let nameEn: String
    let roadClass: RoadClass
    let points: [Coordinate]
}

/// Builds the road grid: a quadtree over a square lattice whose leaves are no larger than the
/// main-road spacing of the land use below them (so main roads are denser in the core), then
/// subdivided down to the secondary spacing. Leaf sides become roads; collinear pieces merge into
/// one polyline per lattice line and class, which a smooth displacement bends. Roads are cut
/// where they leave the area or enter a park, and where they would run along water for longer
/// than a bridge.
struct RoadNetworkBuilder {
    let preset: CityPreset
    let partition: DistrictPartition
    let density: DensityField
    let locator: SiteLocator

    private var mesh: CityMesh { partition.mesh }
    private var spec: RoadSpec { preset.roads }

    /// The roads, E–W lines south to north, then N–S lines west to east.
    func build() throws -> [Road] {
        var lattice = RoadLattice(mesh: mesh, unitMeters: spec.latticeUnitMeters)
        let root = spec.rootSizeMeters
        let rootX0 = (mesh.originX / root).rounded(.down) * root
        let rootY0 = (mesh.originY / root).rounded(.down) * root
        let rootX1 = mesh.originX + Double(mesh.columns) * mesh.cellMeters
        let rootY1 = mesh.originY + Double(mesh.rows) * mesh.cellMeters
        var y = rootY0
        while y < rootY1 {
            var x = rootX0
            while x < rootX1 {
                if requiredSpacing(x, y, root, \.mainSpacingMeters) != nil {
                    lattice.markSides(x, y, root, .main)
                    subdivide(&lattice, x, y, root, main: true)
                }
                x += root
            }
            y += root
        }
        return try extract(lattice)
    }

    /// Splits a quad while it is larger than the spacing required below it, marking the cross of
    /// each split (main roads while `main`, then secondary roads inside the main leaves).
    private func subdivide(_ lattice: inout RoadLattice, _ x: Double, _ y: Double, _ size: Double, main: Bool) {
        let path: KeyPath<RoadSpec, PerLandUse<Double>> = main ? \.mainSpacingMeters : \.secondarySpacingMeters
        guard let need = requiredSpacing(x, y, size, path) else { return }
        let half = size / 2
        if size > need && half >= spec.latticeUnitMeters {
            lattice.markCross(x, y, size, main ? .main : .secondary)
            for (dx, dy) in [(0.0, 0.0), (half, 0), (0, half), (half, half)] {
                subdivide(&lattice, x + dx, y + dy, half, main: main)
            }
        } else if main {
            subdivide(&lattice, x, y, size, main: false)
        }
    }

    /// The smallest spacing any city cell under the quad asks for, or `nil` when no city cell is
    /// under it. Cells count when their centre lies in the quad; a quad smaller than a cell uses
    /// the cell under its centre.
    private func requiredSpacing(
        _ x: Double, _ y: Double, _ size: Double, _ path: KeyPath<RoadSpec, PerLandUse<Double>>
    ) -> Double? {
        let s = mesh.cellMeters
        var c0 = Int(((x - mesh.originX) / s - 0.5).rounded(.up))
        var c1 = Int(((x + size - mesh.originX) / s - 0.5).rounded(.up)) - 1
        var r0 = Int(((y - mesh.originY) / s - 0.5).rounded(.up))
        var r1 = Int(((y + size - mesh.originY) / s - 0.5).rounded(.up)) - 1
        if c0 > c1 || r0 > r1 {
            guard let cell = mesh.nominalCell(containing: Coordinate(x: x + size / 2, y: y + size / 2)) else {
                return nil
            }
            c0 = cell.column
            c1 = cell.column
            r0 = cell.row
            r1 = cell.row
        }
        c0 = max(c0, 0)
        r0 = max(r0, 0)
        c1 = min(c1, mesh.columns - 1)
        r1 = min(r1, mesh.rows - 1)
        guard c0 <= c1, r0 <= r1 else { return nil }
        var best: Double?
        for r in r0...r1 {
            for c in c0...c1 {
                let cell = mesh.index(column: c, row: r)
                guard partition.districtOfCell[cell] >= 0 else { continue }
                let spacing = spec[keyPath: path][density.landUse[cell]]
                best = min(best ?? spacing, spacing)
            }
        }
        return best
    }

    /// Turns the marked lattice into named, bent and clipped polylines.
    private func extract(_ lattice: RoadLattice) throws -> [Road] {
        let namer = RoadNamer(seed: mesh.seed)
        let warpX = ValueNoise(seed: mesh.seed, stream: 71, scaleMeters: spec.warpScaleMeters)
        let warpY = ValueNoise(seed: mesh.seed, stream: 72, scaleMeters: spec.warpScaleMeters)
        let u = spec.latticeUnitMeters
        let step = spec.vertexStepMeters
        let perUnit = Int((u / step).rounded())
        var roads: [Road] = []
        for horizontal in [true, false] {
            var lineNumber = 0
            for line in lattice.lines(horizontal: horizontal) {
                let runs = lattice.runs(horizontal: horizontal, line: line)
                guard !runs.isEmpty else { continue }
                defer { lineNumber += 1 }
                for run in runs {
                    var points: [Coordinate] = []
                    for k in 0...((run.end - run.start) * perUnit) {
                        let along = Double(run.start) * u + Double(k) * step
                        let across = Double(line) * u
                        let p = horizontal ? Coordinate(x: along, y: across) : Coordinate(x: across, y: along)
                        points.append(
                            Coordinate(
                                x: p.x + spec.warpMeters * warpX.signed(x: p.x, y: p.y),
                                y: p.y + spec.warpMeters * warpY.signed(x: p.x, y: p.y)))
                    }
                    let name = namer.name(horizontal: horizontal, lineNumber: lineNumber, roadClass: run.roadClass)
                    for piece in try clip(points) {
                        roads.append(Road(name: name.zh, nameEn: name.en, roadClass: run.roadClass, points: piece))
                    }
                }
            }
        }
        return roads
    }

    /// The parts of `points` that may carry a road: inside the area, outside parks, over water
    /// only for bridge-length stretches.
    private func clip(_ points: [Coordinate]) throws -> [[Coordinate]] {
        enum State { case land, water, blocked }
        var states: [State] = []
        states.reserveCapacity(points.count)
        for p in points {
            if try !locator.isInArea(p) {
                states.append(.blocked)
                continue
            }
            switch try locator.exclusions.kind(at: p) {
            case nil: states.append(.land)
            case .water?: states.append(.water)
            case .park?: states.append(.blocked)
            }
        }
        var pieces: [[Coordinate]] = []
        var current: [Coordinate] = []
        var k = 0
        while k < points.count {
            switch states[k] {
            case .land:
                current.append(points[k])
                k += 1
            case .blocked:
                if current.count >= 2 { pieces.append(current) }
                current = []
                k += 1
            case .water:
                var end = k
                while end < points.count && states[end] == .water { end += 1 }
                let span = Double(end - k + 1) * spec.vertexStepMeters
                if !current.isEmpty && end < points.count && states[end] == .land && span <= spec.maxBridgeMeters {
                    current.append(contentsOf: points[k..<end])
                } else {
                    if current.count >= 2 { pieces.append(current) }
                    current = []
                }
                k = end
            }
        }
        if current.count >= 2 { pieces.append(current) }
        return pieces
    }
}

/// Road classes on the edges of a square lattice of `unitMeters` covering the mesh.
struct RoadLattice {
    let unitMeters: Double
    let iMin: Int, jMin: Int, iCount: Int, jCount: Int
    /// Class code per horizontal edge (i, j)→(i+1, j) and vertical edge (i, j)→(i, j+1):
    /// 0 none, 1 secondary, 2 main.
    private var horizontal: [UInt8]
    private var vertical: [UInt8]

    init(mesh: CityMesh, unitMeters: Double) {
        self.unitMeters = unitMeters
        iMin = Int((mesh.originX / unitMeters).rounded(.down)) - 1
        jMin = Int((mesh.originY / unitMeters).rounded(.down)) - 1
        iCount = Int((Double(mesh.columns) * mesh.cellMeters / unitMeters).rounded(.up)) + 3
        jCount = Int((Double(mesh.rows) * mesh.cellMeters / unitMeters).rounded(.up)) + 3
        horizontal = [UInt8](repeating: 0, count: iCount * jCount)
        vertical = [UInt8](repeating: 0, count: iCount * jCount)
    }

    private func code(_ roadClass: Road.RoadClass) -> UInt8 { roadClass == .main ? 2 : 1 }

    private mutating func markHorizontal(j: Int, from i0: Int, to i1: Int, _ value: UInt8) {
        let jj = j - jMin
        guard jj >= 0, jj < jCount else { return }
        for i in max(i0, iMin)..<min(i1, iMin + iCount) {
            let slot = jj * iCount + (i - iMin)
            horizontal[slot] = max(horizontal[slot], value)
        }
    }

    private mutating func markVertical(i: Int, from j0: Int, to j1: Int, _ value: UInt8) {
        let ii = i - iMin
        guard ii >= 0, ii < iCount else { return }
        for j in max(j0, jMin)..<min(j1, jMin + jCount) {
            let slot = (j - jMin) * iCount + ii
            vertical[slot] = max(vertical[slot], value)
        }
    }

    private func lattice(_ metres: Double) -> Int { Int((metres / unitMeters).rounded()) }

    /// Marks the four sides of the quad at (`x`, `y`) of side `size`.
    mutating func markSides(_ x: Double, _ y: Double, _ size: Double, _ roadClass: Road.RoadClass) {
        let i0 = lattice(x)
        let j0 = lattice(y)
        let n = lattice(size)
        markHorizontal(j: j0, from: i0, to: i0 + n, code(roadClass))
        markHorizontal(j: j0 + n, from: i0, to: i0 + n, code(roadClass))
        markVertical(i: i0, from: j0, to: j0 + n, code(roadClass))
        markVertical(i: i0 + n, from: j0, to: j0 + n, code(roadClass))
    }

    /// Marks the two mid-lines of the quad (the sides its four children add).
    mutating func markCross(_ x: Double, _ y: Double, _ size: Double, _ roadClass: Road.RoadClass) {
        let i0 = lattice(x)
        let j0 = lattice(y)
        let n = lattice(size)
        markHorizontal(j: j0 + n / 2, from: i0, to: i0 + n, code(roadClass))
        markVertical(i: i0 + n / 2, from: j0, to: j0 + n, code(roadClass))
    }

    /// Lattice line numbers (j for horizontal lines, i for vertical ones), ascending.
    func lines(horizontal isHorizontal: Bool) -> Range<Int> {
        isHorizontal ? jMin..<(jMin + jCount) : iMin..<(iMin + iCount)
    }

    /// Maximal runs of edges of one class along a lattice line: lattice positions [start, end].
    func runs(horizontal isHorizontal: Bool, line: Int) -> [(start: Int, end: Int, roadClass: Road.RoadClass)] {
        var result: [(start: Int, end: Int, roadClass: Road.RoadClass)] = []
        let count = isHorizontal ? iCount : jCount
        let origin = isHorizontal ? iMin : jMin
        var k = 0
        while k < count {
            let value = isHorizontal ? horizontal[(line - jMin) * iCount + k] : vertical[k * iCount + (line - iMin)]
            guard value > 0 else {
                k += 1
                continue
            }
            var end = k
            while end < count
                && (isHorizontal ? horizontal[(line - jMin) * iCount + end] : vertical[end * iCount + (line - iMin)])
                    == value
            { end += 1 }
            result.append((origin + k, origin + end, value == 2 ? .main : .secondary))
            k = end
        }
        return result
    }
}

/// Names roads: each lattice line that carries a road gets a stem (shuffled per seed), with a
/// modifier once the stems run out; main roads are 大道 (Avenue), secondary E–W roads 路 (Road),
/// secondary N–S roads 街 (Street).
struct RoadNamer {
    private let eastWest: [(zh: String, en: String)]
    private let northSouth: [(zh: String, en: String)]

    init(seed: UInt64) {
        var random = Xoshiro256StarStar(seed: seed, stream: 73)
        let shuffled = random.shuffled(NameBook.stems)
        let half = shuffled.count / 2
        eastWest = Array(shuffled[..<half])
        northSouth = Array(shuffled[half...])
    }

    /// The (Chinese, English) name of the `lineNumber`-th road-carrying line of its direction.
    func name(horizontal: Bool, lineNumber: Int, roadClass: Road.RoadClass) -> (zh: String, en: String) {
        let stems = horizontal ? eastWest : northSouth
        let stem = stems[lineNumber % stems.count]
        let modifier = NameBook.modifiers[(lineNumber / stems.count) % NameBook.modifiers.count]
        let suffix: (zh: String, en: String) =
            roadClass == .main ? ("大道", "Avenue") : horizontal ? ("路", "Road") : ("街", "Street")
        return (stem.zh + modifier.zh + suffix.zh, "\(stem.en) \(modifier.en)\(suffix.en)")
    }
}
