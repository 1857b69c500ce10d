/// The places where a network breaks its continuity limits (`ContinuityLimits`): holes larger than
/// their district's limit (enclosed ones, or every one with `edge_holes`), districts with more covered
/// components than allowed, and uncovered road stretches longer than `max_road_gap_m`. Measured
/// exactly as the continuity stage and `nrplan audit` measure them (4-connected cells within one
/// district; edge = a 4-neighbour square that is not a demand cell).
public struct ContinuityViolations: Sendable {
    /// A hole over its limit.
    public struct Hole: Sendable {
        /// Its cells, ascending.
        public var cells: [Int32]
        public var district: Int
        /// Whether it reaches the edge of the demand region.
        public var touchesEdge: Bool
    }

    /// A district with more covered components than its limit allows.
    public struct Components: Sendable {
        public var district: Int
        /// The district's covered components (cells ascending, components by first cell).
        public var components: [[Int32]]
        public var limit: Int
    }

    public var holes: [Hole] = []
    public var components: [Components] = []
    /// Uncovered road stretches over the limit.
    public var roadGaps: [RoadNetwork.Run] = []

    /// The number of violations.
    public var count: Int { holes.count + components.count + roadGaps.count }
    public var isEmpty: Bool { count == 0 }

    /// Finds every violation.
    /// - Parameters:
    ///   - coveredCell: per demand cell.
    ///   - limits: per district (`ContinuityLimits.resolved`).
    ///   - coveredRoadRow: per road row, when there are roads.
    /// - Complexity: O(cells + road samples).
    public static func find(
        grid: DemandGrid, coveredCell: [Bool], limits: [ContinuityLimits.Resolved], roads: RoadNetwork?,
        coveredRoadRow: [Bool], maxRoadGapMeters: Double?
    ) -> ContinuityViolations {
        var found = ContinuityViolations()
        let cellArea = grid.cellAreaSquareMeters
        let maxCells = limits.map { $0.maxHoleCells(cellAreaSquareMeters: cellArea) }
        if maxCells.contains(where: { $0 != nil }) {
            let holes = Planning.Components.find(
                count: grid.cellCount,
                include: { !coveredCell[$0] && maxCells[Int(grid.cellDistrict[$0])] != nil }
            ) { cell, visit in
                let district = grid.cellDistrict[cell]
                grid.forEachNeighbor(of: cell) { n in
                    if grid.cellDistrict[n] == district { visit(n) }
                }
            }
            for cells in holes {
                let district = Int(grid.cellDistrict[Int(cells[0])])
                guard let limit = maxCells[district], cells.count > limit else { continue }
                let edge = cells.contains { grid.isOnEdge(Int($0)) }
                if edge && !limits[district].edgeHoles { continue }
                found.holes.append(Hole(cells: cells, district: district, touchesEdge: edge))
            }
        }
        if limits.contains(where: { $0.maxComponents != nil }) {
            let components = Planning.Components.find(
                count: grid.cellCount,
                include: { coveredCell[$0] && limits[Int(grid.cellDistrict[$0])].maxComponents != nil }
            ) { cell, visit in
                let district = grid.cellDistrict[cell]
                grid.forEachNeighbor(of: cell) { n in
                    if grid.cellDistrict[n] == district { visit(n) }
                }
            }
            var byDistrict = [[[Int32]]](repeating: [], count: limits.count)
            for component in components { byDistrict[Int(grid.cellDistrict[Int(component[0])])].append(component) }
            for (d, list) in byDistrict.enumerated() {
                if let limit = limits[d].maxComponents, list.count > limit {
                    found.components.append(Components(district: d, components: list, limit: limit))
                }
            }
        }
        if let roads, let gap = maxRoadGapMeters {
            found.roadGaps = roads.uncoveredRuns(coveredRow: coveredRoadRow).filter {
                roads.length(first: $0.first, last: $0.last) > gap * (1 + 1e-9)
            }
        }
        return found
    }
}
