import Geo
import Support

/// The clutter class of every grid square, for the coverage matrix builder: 0 = the profile's
/// own model, k ≥ 1 = `classes[k - 1]`.
public struct ClutterRaster: Sendable {
    public let classes: [ClutterClass]
    /// Class per grid square (`row * spec.columns + column`) of the demand grid's spec.
    public let classOfSquare: [UInt8]
    public let spec: GridSpec
    /// Per class index (0 = none, k = `classes[k − 1]`): the side of its prediction blocks in grid
    /// squares (1 = every square predicted at its own centre; see `ClutterClass.predictionCellMeters`).
    public let blockSquares: [Int]
    /// Half the diagonal of the largest prediction block less half a square's: how far a
    /// prediction point can lie from the centre of a square it stands for (0 without blocks).
    public let predictionOffsetMeters: Double

    public init(classes: [ClutterClass], classOfSquare: [UInt8], spec: GridSpec) {
        self.classes = classes
        self.classOfSquare = classOfSquare
        self.spec = spec
        let blocks =
            [1] + classes.map { c in c.predictionCellMeters.map { max(1, Int(($0 / spec.cellMeters).rounded())) } ?? 1 }
        blockSquares = blocks
        predictionOffsetMeters = Double((blocks.max() ?? 1) - 1) * spec.cellMeters * 0.5 * 2.0.squareRoot()
    }

    /// A key naming the prediction block of grid square (`column`, `row`) of class index `k`
    /// (only meaningful when `blockSquares[k] > 1`): equal for exactly the squares that share a prediction.
    @inlinable public func blockKey(column: Int, row: Int, classIndex k: Int) -> Int {
        let f = blockSquares[k]
        return ((row / f) << 34) | ((column / f) << 8) | k
    }

    /// The point (local metres) whose link budgets stand for grid square (`column`, `row`) of
    /// class index `k`: the square's centre, or the centre of the `f × f` block aligned to the
    /// grid (`f = blockSquares[k]`) that holds it.
    @inlinable public func predictionPoint(column: Int, row: Int, classIndex k: Int) -> Coordinate {
        let f = blockSquares[k]
        if f == 1 { return spec.center(column: column, row: row) }
        let half = Double(f) / 2
        return Coordinate(
            x: spec.originX + (Double((column / f) * f) + half) * spec.cellMeters,
            y: spec.originY + (Double((row / f) * f) + half) * spec.cellMeters)
    }

    /// The class (0 = none) of the square holding a point in the grid's local metres; 0 outside the grid.
    public func classIndex(at position: Coordinate) -> Int {
        guard let square = GridSquares.square(of: position, in: spec) else { return 0 }
        return Int(classOfSquare[square])
    }
}

/// What the demand layers, priority zones and clutter of a scenario make of a demand grid.
public struct LayeredDemand: Sendable {
    /// Weight of each demand cell.
    public var weights: [Double]
    /// Cells every plan must cover (ascending).
    public var mustCoverCells: [Int]
    /// For each must-cover cell, the index (into `DemandSettings.priorityZones`) of the first
    /// must-cover zone holding it — for messages about cells no candidate reaches.
    public var mustCoverZone: [Int]
    /// Number of demand cells in each priority zone (same order as the zones).
    public var zoneCellCounts: [Int]
    /// Clutter classes per grid square, when the scenario has a clutter layer.
    public var clutter: ClutterRaster?
    /// Things worth knowing (a zone holding no demand cell, a density layer leaving cells out).
    public var warnings: [Problem]

    /// The zone of a must-cover cell, or nil when the cell is not must-cover.
    public func zoneIndex(ofMustCoverCell cell: Int) -> Int? {
        var lo = 0
        var hi = mustCoverCells.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if mustCoverCells[mid] < cell { lo = mid + 1 } else { hi = mid }
        }
        return lo < mustCoverCells.count && mustCoverCells[lo] == cell ? mustCoverZone[lo] : nil
    }
}

/// Applies demand layers, priority zones and clutter to a demand grid (docs/scenario.md, `demand`).
///
/// Weights: with no layer, each cell's area (m²); with layers, the sum over layers of
/// density × cell area (km²) for density layers and of point weights for point layers. Then every
/// cell inside priority zones is multiplied by the largest zone `weight` holding it. A cell lies in
/// a polygon when its centre does (the grid's own rule, `ScanlineRasterizer`).
public enum DemandLayering {
    /// - Complexity: O(Σ over polygons of the rows they span + cells + points); sequential, in
    ///   input order, so the result is the same whatever the thread count.
    public static func apply(_ demand: DemandSettings, to grid: DemandGrid) -> LayeredDemand {
        var warnings: [Problem] = []
        var weights = demand.layers.isEmpty ? grid.weights : [Double](repeating: 0, count: grid.cellCount)
        for layer in demand.layers {
            switch layer.content {
            case .density(let areas): addDensity(areas, of: layer, to: &weights, grid: grid, warnings: &warnings)
            case .points(let points): addPoints(points, of: layer, to: &weights, grid: grid, warnings: &warnings)
            }
        }
        let zones = priorityZones(demand.priorityZones, grid: grid, warnings: &warnings)
        for cell in 0..<grid.cellCount where zones.multiplier[cell] >= 0 { weights[cell] *= zones.multiplier[cell] }
        return LayeredDemand(
            weights: weights, mustCoverCells: zones.mustCoverCells, mustCoverZone: zones.mustCoverZone,
            zoneCellCounts: zones.cellCounts, clutter: demand.clutter.map { clutterRaster($0, grid: grid) },
            warnings: warnings)
    }

    /// Adds a density layer: density × cell area (km²) on every cell, the layer's default density on
    /// cells in none of its polygons (with a warning); the first polygon holding a cell wins.
    static func addDensity(
        _ areas: [DensityArea], of layer: DemandLayer, to weights: inout [Double], grid: DemandGrid,
        warnings: inout [Problem]
    ) {
        let spec = grid.spec
        var density = [Double](repeating: -1, count: grid.cellCount)
        for area in areas {
            GridSquares.forEachSpan(of: grid.projection.project(area.geometry), in: spec) { row, first, last in
                for column in first...last {
                    let cell = Int(grid.cellIndex[row * spec.columns + column])
                    if cell >= 0 && density[cell] < 0 { density[cell] = area.perSquareKilometer }
                }
            }
        }
        var outside = 0
        for cell in 0..<grid.cellCount {
            if density[cell] < 0 {
                outside += 1
                density[cell] = layer.defaultDensity
            }
            weights[cell] += density[cell] * grid.cellAreaSquareMeters / 1e6
        }
        if outside > 0 {
            warnings.append(
                Problem(
                    .warning, file: layer.file, field: layer.property,
                    message:
                        "\(outside) of \(grid.cellCount) demand cells lie in no polygon of this layer; they get the default density \(JSONNumber(layer.defaultDensity).literal) per km²"
                ))
        }
    }

    /// Adds a point layer: each point's weight to the cell holding it (points in no cell: a warning).
    static func addPoints(
        _ points: [WeightedPoint], of layer: DemandLayer, to weights: inout [Double], grid: DemandGrid,
        warnings: inout [Problem]
    ) {
        var outside = 0
        for point in points {
            guard let square = GridSquares.square(of: grid.projection.project(point.location), in: grid.spec),
                grid.cellIndex[square] >= 0
            else {
                outside += 1
                continue
            }
            weights[Int(grid.cellIndex[square])] += point.weight
        }
        if outside > 0 {
            warnings.append(
                Problem(
                    .warning, file: layer.file,
                    message:
                        "\(outside) of \(points.count) points lie outside every demand cell (outside the area or in an exclusion) and are ignored"
                ))
        }
    }

    /// What the priority zones make of the grid: per cell the largest zone weight (−1: in no zone),
    /// the must-cover cells (ascending) with their first must-cover zone, and each zone's cell count
    /// (a zone holding no cell: a warning).
    static func priorityZones(_ zones: [PriorityZone], grid: DemandGrid, warnings: inout [Problem]) -> (
        multiplier: [Double], mustCoverCells: [Int], mustCoverZone: [Int], cellCounts: [Int]
    ) {
        let spec = grid.spec
        var multiplier = [Double](repeating: -1, count: grid.cellCount) // −1: in no zone
        var zoneOfCell = [Int32](repeating: -1, count: grid.cellCount) // first must-cover zone
        var zoneCellCounts = [Int](repeating: 0, count: zones.count)
        for (z, zone) in zones.enumerated() {
            var count = 0
            GridSquares.forEachSpan(of: grid.projection.project(zone.geometry), in: spec) { row, first, last in
                for column in first...last {
                    let cell = Int(grid.cellIndex[row * spec.columns + column])
                    guard cell >= 0 else { continue }
                    count += 1
                    multiplier[cell] = max(multiplier[cell], zone.weight)
                    if zone.mustCover && zoneOfCell[cell] < 0 { zoneOfCell[cell] = Int32(z) }
                }
            }
            zoneCellCounts[z] = count
            if count == 0 {
                warnings.append(
                    Problem(
                        .warning, file: zone.sourceFile, location: zone.sourceLocation, field: "geometry",
                        message:
                            "priority zone \(zone.name.map { "'\($0)' " } ?? "")holds no demand cell (outside the area, in an exclusion, or smaller than a cell)"
                    ))
            }
        }
        var mustCoverCells: [Int] = []
        var mustCoverZone: [Int] = []
        for cell in 0..<grid.cellCount where zoneOfCell[cell] >= 0 {
            mustCoverCells.append(cell)
            mustCoverZone.append(Int(zoneOfCell[cell]))
        }
        return (multiplier, mustCoverCells, mustCoverZone, zoneCellCounts)
    }

    /// The land-use class of every grid square (0: none; the first polygon holding a square wins).
    static func clutterRaster(_ layer: ClutterLayer, grid: DemandGrid) -> ClutterRaster {
        let spec = grid.spec
        var classOfSquare = [UInt8](repeating: 0, count: spec.cellCount)
        var assigned = [Bool](repeating: false, count: spec.cellCount)
        for area in layer.areas {
            let value = UInt8(area.classIndex + 1)
            GridSquares.forEachSpan(of: grid.projection.project(area.geometry), in: spec) { row, first, last in
                for column in first...last {
                    let square = row * spec.columns + column
                    if !assigned[square] {
                        assigned[square] = true
                        classOfSquare[square] = value
                    }
                }
            }
        }
        return ClutterRaster(classes: layer.classes, classOfSquare: classOfSquare, spec: spec)
    }
}

extension DemandGrid {
    /// The same grid with other cell weights (`weights.count == cellCount`).
    public func withWeights(_ weights: [Double]) -> DemandGrid {
        DemandGrid(
            spec: spec, projection: projection, cellColumn: cellColumn, cellRow: cellRow, cellDistrict: cellDistrict,
            weights: weights, cellIndex: cellIndex, districtNames: districtNames)
    }
}
