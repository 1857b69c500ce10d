/// Connected components of mesh cells under 4-connectivity (flood fill with an explicit stack).
struct GridComponents {
    /// Component label per cell; -1 for cells no component admits.
    var labels: [Int]
    /// Cells per component.
    var sizes: [Int]
    /// The first cell (row-major) of each component.
    var firstCell: [Int]

    /// Labels cells so that 4-neighbours `a`, `b` share a label when `joined(a, b)`; a cell is in
    /// a component when `joined(a, a)`.
    /// - Complexity: O(cells).
    static func label(mesh: CityMesh, joined: (Int, Int) -> Bool) -> GridComponents {
        var result = GridComponents(labels: [Int](repeating: -1, count: mesh.cellCount), sizes: [], firstCell: [])
        var stack: [Int] = []
        for start in 0..<mesh.cellCount where result.labels[start] < 0 && joined(start, start) {
            let label = result.sizes.count
            result.labels[start] = label
            result.sizes.append(0)
            result.firstCell.append(start)
            stack.append(start)
            while let cell = stack.popLast() {
                result.sizes[label] += 1
                for next in neighbours(of: cell, mesh: mesh) where result.labels[next] < 0 && joined(cell, next) {
                    result.labels[next] = label
                    stack.append(next)
                }
            }
        }
        return result
    }

    /// The label of the largest component among cells where `member` holds (first on ties).
    func largestLabel(where member: (Int) -> Bool) -> Int? {
        var best: Int?
        for (label, size) in sizes.enumerated() where member(firstCell[label]) {
            if best == nil || size > sizes[best!] { best = label }
        }
        return best
    }

    /// Cells where `open` holds that a 4-connected path of such cells links to the mesh border.
    static func reachableFromBorder(mesh: CityMesh, open: (Int) -> Bool) -> [Bool] {
        var reached = [Bool](repeating: false, count: mesh.cellCount)
        var stack: [Int] = []
        for r in 0..<mesh.rows {
            for c in 0..<mesh.columns where r == 0 || c == 0 || r == mesh.rows - 1 || c == mesh.columns - 1 {
                let i = mesh.index(column: c, row: r)
                if open(i) && !reached[i] {
                    reached[i] = true
                    stack.append(i)
                }
            }
        }
        while let cell = stack.popLast() {
            for next in neighbours(of: cell, mesh: mesh) where !reached[next] && open(next) {
                reached[next] = true
                stack.append(next)
            }
        }
        return reached
    }

    /// The 4-neighbours of `cell` inside the mesh (west, east, south, north).
    static func neighbours(of cell: Int, mesh: CityMesh) -> [Int] {
        let c = cell % mesh.columns
        let r = cell / mesh.columns
        var result: [Int] = []
        result.reserveCapacity(4)
        if c > 0 { result.append(cell - 1) }
        if c < mesh.columns - 1 { result.append(cell + 1) }
        if r > 0 { result.append(cell - mesh.columns) }
        if r < mesh.rows - 1 { result.append(cell + mesh.columns) }
        return result
    }
}
