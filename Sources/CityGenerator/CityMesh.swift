import Geo

/// A square mesh of `columns` × `rows` cells of `cellMeters` whose corners are jittered and whose
/// edges bend at two intermediate points. Districts, the planning area and density polygons are
/// unions of its cells, so they share their borders vertex for vertex (a GEOS coverage).
///
/// Every corner and bend is a pure function of its lattice position and the seed, so two cells
/// on either side of an edge compute exactly the same coordinates.
struct CityMesh: Sendable {
    let seed: UInt64
    let cellMeters: Double
    let columns: Int
    let rows: Int
    /// Local metres of the un-jittered corner (0, 0).
    let originX: Double
    let originY: Double

    /// Corner jitter and edge bend as fractions of the cell side; with the inset used by
    /// `point(inCell:u:v:)` every cell stays a simple polygon and sampled points stay inside it.
    static let cornerJitter = 0.18
    static let edgeBend = 0.05

    /// A mesh covering [-`halfWidthMeters`, +] × [-`halfHeightMeters`, +] around the origin.
    init(seed: UInt64, cellMeters: Double, halfWidthMeters: Double, halfHeightMeters: Double) {
        self.seed = seed
        self.cellMeters = cellMeters
        columns = Int((2 * halfWidthMeters / cellMeters).rounded(.up))
        rows = Int((2 * halfHeightMeters / cellMeters).rounded(.up))
        originX = -Double(columns) * cellMeters / 2
        originY = -Double(rows) * cellMeters / 2
    }

    /// Number of cells.
    var cellCount: Int { columns * rows }

    /// The index of cell (`column`, `row`).
    @inline(__always) func index(column: Int, row: Int) -> Int { row * columns + column }

    /// The jittered corner (`i`, `j`), 0 ≤ i ≤ columns, 0 ≤ j ≤ rows.
    func corner(_ i: Int, _ j: Int) -> Coordinate {
        let jitter = CityMesh.cornerJitter * cellMeters
        return Coordinate(
            x: originX + Double(i) * cellMeters + jitter * LatticeHash.signed(seed: seed, stream: 11, i, j),
            y: originY + Double(j) * cellMeters + jitter * LatticeHash.signed(seed: seed, stream: 12, i, j))
    }

    /// The bend points of the horizontal edge from corner (i, j) to (i+1, j), west to east.
    private func horizontalBends(_ i: Int, _ j: Int) -> (Coordinate, Coordinate) {
        let a = corner(i, j)
        let b = corner(i + 1, j)
        let bend = CityMesh.edgeBend * cellMeters
        return (
            Coordinate(
                x: a.x + (b.x - a.x) / 3,
                y: a.y + (b.y - a.y) / 3 + bend * LatticeHash.signed(seed: seed, stream: 13, i, j)),
            Coordinate(
                x: a.x + 2 * (b.x - a.x) / 3,
                y: a.y + 2 * (b.y - a.y) / 3 + bend * LatticeHash.signed(seed: seed, stream: 14, i, j))
        )
    }

    /// The bend points of the vertical edge from corner (i, j) to (i, j+1), south to north.
    private func verticalBends(_ i: Int, _ j: Int) -> (Coordinate, Coordinate) {
        let a = corner(i, j)
        let b = corner(i, j + 1)
        let bend = CityMesh.edgeBend * cellMeters
        return (
            Coordinate(
                x: a.x + (b.x - a.x) / 3 + bend * LatticeHash.signed(seed: seed, stream: 15, i, j),
                y: a.y + (b.y - a.y) / 3),
            Coordinate(
                x: a.x + 2 * (b.x - a.x) / 3 + bend * LatticeHash.signed(seed: seed, stream: 16, i, j),
                y: a.y + 2 * (b.y - a.y) / 3)
        )
    }

    /// The closed, counter-clockwise outline of cell (`column`, `row`): 12 vertices + closing one.
    func polygon(column c: Int, row r: Int) -> Polygon {
        let v00 = corner(c, r)
        let v10 = corner(c + 1, r)
        let v11 = corner(c + 1, r + 1)
        let v01 = corner(c, r + 1)
        let south = horizontalBends(c, r)
        let north = horizontalBends(c, r + 1)
        let west = verticalBends(c, r)
        let east = verticalBends(c + 1, r)
        return Polygon(exterior: [
            v00, south.0, south.1, v10, east.0, east.1, v11, north.1, north.0, v01, west.1, west.0, v00,
        ])
    }

    /// The point at fractions (`u`, `v`) ∈ [0, 1]² of cell (`column`, `row`) by bilinear blending
    /// of its corners. With u, v in [0.12, 0.88] the point lies inside the cell whatever the jitter.
    func point(column c: Int, row r: Int, u: Double, v: Double) -> Coordinate {
        let v00 = corner(c, r)
        let v10 = corner(c + 1, r)
        let v11 = corner(c + 1, r + 1)
        let v01 = corner(c, r + 1)
        let x = (1 - v) * ((1 - u) * v00.x + u * v10.x) + v * ((1 - u) * v01.x + u * v11.x)
        let y = (1 - v) * ((1 - u) * v00.y + u * v10.y) + v * ((1 - u) * v01.y + u * v11.y)
        return Coordinate(x: x, y: y)
    }

    /// The centre of cell (`column`, `row`) (mean of its corners).
    func centre(column c: Int, row r: Int) -> Coordinate { point(column: c, row: r, u: 0.5, v: 0.5) }

    /// The cell whose un-jittered square contains `p`, or `nil` outside the mesh. Near a cell
    /// border the jittered cell containing `p` may be the neighbour; use it for smooth fields only.
    func nominalCell(containing p: Coordinate) -> (column: Int, row: Int)? {
        let c = Int(((p.x - originX) / cellMeters).rounded(.down))
        let r = Int(((p.y - originY) / cellMeters).rounded(.down))
        guard c >= 0, c < columns, r >= 0, r < rows else { return nil }
        return (c, r)
    }

    /// Area of a cell in km² (shoelace on its outline).
    func areaKm2(column c: Int, row r: Int) -> Double {
        Ring.signedArea(polygon(column: c, row: r).exterior) / 1e6
    }
}
