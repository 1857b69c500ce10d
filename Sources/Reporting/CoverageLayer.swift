import Geo
import Planning

/// `coverage.geojson`: the best-server area of every site that serves at least one cell — the
/// covered cells where it has the strongest RSRP, dissolved into a (Multi)Polygon with GEOS
/// coverage union. Members: `id`, `name`, `kind`, `plan`, `cells`, `area_m2`, `mean_rsrp_dbm`.
public enum CoverageLayer {
    /// Writes one feature per serving site, in the view's site order.
    public static func write(_ view: NetworkView, threads: Int, to writer: GeoJSONWriter) throws(GeoError) {
        var cellsOfSite = [[Int32]](repeating: [], count: view.sites.count)
        for cell in 0..<view.grid.cellCount where view.bestServer[cell] >= 0 {
            cellsOfSite[Int(view.bestServer[cell])].append(Int32(cell))
        }
        let grid = view.grid
        let cellLists = cellsOfSite
        let outlines: [Result<Geometry?, GeoError>] = Parallel.map(count: cellLists.count, threads: threads) { s in
            let cells = cellLists[s]
            guard !cells.isEmpty else { return .success(nil) }
            do throws(GeoError) {
                let context = GEOSContext()
                let squares = cells.map { grid.spec.cellPolygon(column: Int(grid.cellColumn[Int($0)]), row: Int(grid.cellRow[Int($0)])) }
                let outline = try Geometry.coverageUnion(squares, in: context).normalized(in: context).simplified(tolerance: 1e-6, in: context)
                return .success(grid.projection.unproject(outline))
            } catch {
                return .failure(error)
            }
        }
        for (s, result) in outlines.enumerated() {
            let geometry: Geometry?
            switch result {
            case .success(let g): geometry = g
            case .failure(let error): throw error
            }
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
                ("mean_rsrp_dbm", .number((meanRSRP * 100).rounded() / 100)),
            ]
            try writer.write(geometry: geometry, properties: properties)
        }
    }
}
