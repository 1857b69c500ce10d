import Geo
import Planning
import Support

/// `coverage.geojson`: the best-server area of every site that serves at least one cell — the
/// covered cells where it has the strongest RSRP, dissolved into a (Multi)Polygon by
/// `CellRegionTracer`. Members: `id`, `name`, `kind`, `plan`, `cells`, `area_m2`, `mean_rsrp_dbm`.
public enum CoverageLayer {
    /// Writes one feature per serving site, in the view's site order.
    public static func write(_ view: NetworkView, threads: Int, to writer: GeoJSONWriter) throws(GeoError) {
        var cellsOfSite = [[Int32]](repeating: [], count: view.sites.count)
        for cell in 0..<view.grid.cellCount where view.bestServer[cell] >= 0 {
            cellsOfSite[Int(view.bestServer[cell])].append(Int32(cell))
        }
        let grid = view.grid
        let cellLists = cellsOfSite
        let outlines: [Geometry?] = Parallel.map(count: cellLists.count, threads: threads) { s in
            let cells = cellLists[s]
            guard !cells.isEmpty else { return nil }
            let pairs = cells.map { (column: grid.cellColumn[Int($0)], row: grid.cellRow[Int($0)]) }
            return grid.projection.unproject(CellRegionTracer.geometry(cells: pairs, spec: grid.spec))
        }
        for (s, geometry) in outlines.enumerated() {
            guard let geometry else { continue }
            let cells = cellsOfSite[s]
            let meanRSRP = cells.reduce(0.0) { $0 + Double(view.bestRSRPDBm[Int($1)]) } / Double(cells.count)
            let site = view.sites[s].site
            let properties: [(key: String, value: JSONValue)] = [
                ("id", .string(site.id)),
                ("name", site.name.map { .string($0) } ?? .null),
                ("kind", .string(site.kind.rawValue)),
                ("plan", .string(view.sites[s].plan)),
                ("cells", .number(Double(cells.count))),
                ("area_m2", .number(Double(cells.count) * grid.cellAreaSquareMeters)),
                ("mean_rsrp_dbm", meanRSRP.isFinite ? .number(meanRSRP, .hundredths) : .null),
            ]
            try writer.write(geometry: geometry, properties: properties)
        }
    }
}
