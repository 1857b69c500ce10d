import Geo

extension StudyArea {
    /// The study area with only the cells `keep` marks (a tile's core): ids renumbered in the same
    /// row-major order, weights, must-cover cells and district of each kept cell unchanged; the
    /// clutter raster (per grid square) and the grid's spec stay as they are.
    func restricted(to keep: [Bool]) -> StudyArea {
        let old = grid
        var newId = [Int32](repeating: -1, count: old.cellCount)
        var columns: [Int32] = []
        var rows: [Int32] = []
        var districts: [UInt16] = []
        var weights: [Double] = []
        for cell in 0..<old.cellCount where keep[cell] {
            newId[cell] = Int32(columns.count)
            columns.append(old.cellColumn[cell])
            rows.append(old.cellRow[cell])
            districts.append(old.cellDistrict[cell])
            weights.append(old.weights[cell])
        }
        let index = old.cellIndex.map { $0 >= 0 ? newId[Int($0)] : -1 }
        let restrictedGrid = DemandGrid(
            spec: old.spec, projection: old.projection, cellColumn: columns, cellRow: rows, cellDistrict: districts,
            weights: weights, cellIndex: index, districtNames: old.districtNames)
        var demand = layers
        demand.weights = layers.weights.indices.filter { keep[$0] }.map { layers.weights[$0] }
        var must: [Int] = []
        var zones: [Int] = []
        for (k, cell) in layers.mustCoverCells.enumerated() where keep[cell] {
            must.append(Int(newId[cell]))
            zones.append(layers.mustCoverZone[k])
        }
        demand.mustCoverCells = must
        demand.mustCoverZone = zones
        return StudyArea(
            projection: projection, grid: restrictedGrid,
            areaSquareMeters: Double(columns.count) * old.cellAreaSquareMeters,
            layers: demand)
    }
}
