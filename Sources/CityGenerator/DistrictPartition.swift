import Geo

/// Which mesh cells form the city and which district each belongs to.
///
/// The outline is the union of the preset's noisy ellipses, cleaned so that the area is one
/// 4-connected region without holes or corner-only contacts. Districts are the cells of a power
/// diagram around the district anchors whose weights are tuned until each district reaches its
/// target area (Aurenhammer 1987; the weights move borders, not anchors), then cleaned the same
/// way, so each district is one simple polygon and districts tile the area exactly.
struct DistrictPartition: Sendable {
    let mesh: CityMesh
    /// District index per mesh cell (row-major), -1 outside the city.
    let districtOfCell: [Int]
    let districtCount: Int

    /// Cells inside the city, in row-major order.
    var cityCells: [Int] { districtOfCell.indices.filter { districtOfCell[$0] >= 0 } }

    /// The partition of `mesh` for `preset`.
    /// - Complexity: O(cells × districts × iterations) for the weight tuning.
    init(preset: CityPreset, mesh: CityMesh) {
        self.mesh = mesh
        districtCount = preset.districts.count
        var inCity = DistrictPartition.outlineMask(preset: preset, mesh: mesh)
        DistrictPartition.clean(&inCity, mesh: mesh)
        var owner = DistrictPartition.powerDiagram(preset: preset, mesh: mesh, inCity: inCity)
        DistrictPartition.cleanDistricts(&owner, mesh: mesh, districtCount: districtCount)
        districtOfCell = owner
    }

    /// Cells whose centre lies in a noisy outline ellipse.
    private static func outlineMask(preset: CityPreset, mesh: CityMesh) -> [Bool] {
        let noise = ValueNoise(seed: mesh.seed, stream: 21, scaleMeters: 6 * mesh.cellMeters)
        var mask = [Bool](repeating: false, count: mesh.cellCount)
        for r in 0..<mesh.rows {
            for c in 0..<mesh.columns {
                let p = mesh.centre(column: c, row: r)
                let limit = 1 + preset.outlineNoise * noise.fractal(x: p.x, y: p.y)
                for blob in preset.outline {
                    let dx = (p.x - blob.x) / blob.radiusXMeters
                    let dy = (p.y - blob.y) / blob.radiusYMeters
                    if dx * dx + dy * dy <= limit * limit {
                        mask[mesh.index(column: c, row: r)] = true
                        break
                    }
                }
            }
        }
        return mask
    }

    /// Makes the mask one 4-connected region with no holes and no diagonal-only contacts.
    private static func clean(_ mask: inout [Bool], mesh: CityMesh) {
        for _ in 0..<100 {
            var changed = false
            // Holes: outside cells not 4-connected to the mesh border join the city.
            let outside = GridComponents.reachableFromBorder(mesh: mesh) { !mask[$0] }
            for i in mask.indices where !mask[i] && !outside[i] {
                mask[i] = true
                changed = true
            }
            // Spurs: a cell with at most one city neighbour leaves; a gap with three or more joins.
            for r in 0..<mesh.rows {
                for c in 0..<mesh.columns {
                    let i = mesh.index(column: c, row: r)
                    let neighbours = GridComponents.neighbours(of: i, mesh: mesh).reduce(0) { $0 + (mask[$1] ? 1 : 0) }
                    if mask[i] && neighbours <= 1 {
                        mask[i] = false
                        changed = true
                    }
                    if !mask[i] && neighbours >= 3 {
                        mask[i] = true
                        changed = true
                    }
                }
            }
            // Keep the largest 4-connected component.
            let components = GridComponents.label(mesh: mesh) { a, b in mask[a] && mask[b] }
            if let largest = components.largestLabel(where: { mask[$0] }) {
                for i in mask.indices where mask[i] && components.labels[i] != largest {
                    mask[i] = false
                    changed = true
                }
            }
            // Diagonal-only contacts: fill one of the two empty cells of the 2×2 window.
            for r in 0..<(mesh.rows - 1) {
                for c in 0..<(mesh.columns - 1) {
                    let a = mesh.index(column: c, row: r)
                    let b = a + 1
                    let d = a + mesh.columns
                    let e = d + 1
                    if mask[a] && mask[e] && !mask[b] && !mask[d] {
                        mask[b] = true
                        changed = true
                    }
                    if mask[b] && mask[d] && !mask[a] && !mask[e] {
                        mask[a] = true
                        changed = true
                    }
                }
            }
            if !changed { return }
        }
    }

    /// Assigns every city cell to the district minimising |p − anchor|² − weight, tuning the
    /// weights until the district areas match the preset's targets (scaled to the city's area).
    private static func powerDiagram(preset: CityPreset, mesh: CityMesh, inCity: [Bool]) -> [Int] {
        let cells = inCity.indices.filter { inCity[$0] }
        let centres = cells.map { mesh.centre(column: $0 % mesh.columns, row: $0 / mesh.columns) }
        let cellArea = mesh.cellMeters * mesh.cellMeters
        let totalTarget = preset.districts.reduce(0) { $0 + $1.targetKm2 }
        let targets = preset.districts.map { $0.targetKm2 / totalTarget * Double(cells.count) }
        var weights = [Double](repeating: 0, count: preset.districts.count)
        var assignment = [Int](repeating: 0, count: cells.count)
        for iteration in 0..<400 {
            var counts = [Double](repeating: 0, count: preset.districts.count)
            for (k, p) in centres.enumerated() {
                var best = 0
                var bestValue = Double.infinity
                for (d, district) in preset.districts.enumerated() {
                    let dx = p.x - district.anchorX
                    let dy = p.y - district.anchorY
                    let value = dx * dx + dy * dy - weights[d]
                    if value < bestValue {
                        bestValue = value
                        best = d
                    }
                }
                assignment[k] = best
                counts[best] += 1
            }
            let gain = 0.25 * cellArea * (iteration < 300 ? 1 : 0.3)
            for d in weights.indices { weights[d] += gain * (targets[d] - counts[d]) }
        }
        var owner = [Int](repeating: -1, count: mesh.cellCount)
        for (k, cell) in cells.enumerated() { owner[cell] = assignment[k] }
        return owner
    }

    /// Makes every district one 4-connected region without diagonal-only contacts: stray pieces
    /// go to the neighbour they share most edges with.
    private static func cleanDistricts(_ owner: inout [Int], mesh: CityMesh, districtCount: Int) {
        for _ in 0..<100 {
            var changed = false
            for r in 0..<(mesh.rows - 1) {
                for c in 0..<(mesh.columns - 1) {
                    let a = mesh.index(column: c, row: r)
                    let b = a + 1
                    let d = a + mesh.columns
                    let e = d + 1
                    if owner[a] >= 0, owner[a] == owner[e], owner[b] != owner[a], owner[d] != owner[a] {
                        if owner[b] >= 0 { owner[b] = owner[a] } else { owner[d] = owner[a] }
                        changed = true
                    }
                    if owner[b] >= 0, owner[b] == owner[d], owner[a] != owner[b], owner[e] != owner[b] {
                        if owner[a] >= 0 { owner[a] = owner[b] } else { owner[e] = owner[b] }
                        changed = true
                    }
                }
            }
            let components = GridComponents.label(mesh: mesh) { a, b in owner[a] >= 0 && owner[a] == owner[b] }
            var largestOfDistrict = [Int](repeating: -1, count: districtCount)
            var sizeOfLargest = [Int](repeating: 0, count: districtCount)
            for (label, size) in components.sizes.enumerated() {
                let district = owner[components.firstCell[label]]
                if district >= 0, size > sizeOfLargest[district] {
                    sizeOfLargest[district] = size
                    largestOfDistrict[district] = label
                }
            }
            for i in owner.indices where owner[i] >= 0 && components.labels[i] != largestOfDistrict[owner[i]] {
                var votes = [Int](repeating: 0, count: districtCount)
                for n in GridComponents.neighbours(of: i, mesh: mesh) where owner[n] >= 0 && owner[n] != owner[i] {
                    votes[owner[n]] += 1
                }
                if let best = votes.indices.max(by: { votes[$0] < votes[$1] || (votes[$0] == votes[$1] && $0 > $1) }),
                    votes[best] > 0
                {
                    owner[i] = best
                    changed = true
                }
            }
            if !changed { return }
        }
    }

    /// The outline of district `district` (coverage union of its cells).
    /// - Throws: `CityGenerationError.layout` when it is not one polygon without holes.
    func districtPolygon(_ district: Int, context: GEOSContext) throws -> Polygon {
        let cells = districtOfCell.indices.filter { districtOfCell[$0] == district }
        return try union(of: cells, what: "district \(district)", context: context)
    }

    /// The outline of the whole planning area.
    func areaPolygon(context: GEOSContext) throws -> Polygon {
        try union(of: cityCells, what: "planning area", context: context)
    }

    private func union(of cells: [Int], what: String, context: GEOSContext) throws -> Polygon {
        let polygons = cells.map { mesh.polygon(column: $0 % mesh.columns, row: $0 / mesh.columns) }
        let merged = try Geometry.coverageUnion(polygons, in: context).polygons
        guard merged.count == 1, merged[0].holes.isEmpty else {
            throw CityGenerationError.layout(
                "\(what) is not one polygon without holes (\(merged.count) parts); try another --seed")
        }
        return merged[0]
    }
}
