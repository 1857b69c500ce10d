import Geo
import Optimizer
import Support

extension SitingPipeline {
    /// The greenfield columns of a plan that serve a requirement — a must-cover cell or a row of the
    /// constraint generation — that no catalogue candidate, lamp pole or existing site can meet.
    /// - Parameter rows: how many of the generated rows the plan was solved with (later ones are ignored).
    static func unavoidableGreenfield(
        _ chosen: [Int], generator: ContinuityRows, rows: Int, columns: RadioColumns, grid: DemandGrid,
        roads: RoadNetwork?
    ) -> [ContinuityPlanning.UnavoidableSite] {
        let greenfield = columns.sites.map { $0.source == .greenfield }
        let instance = generator.instance
        let baseRowCount = generator.baseRowCount
        let baseMust = Set(instance.mustCoverRows.prefix { $0 < baseRowCount })
        var result: [ContinuityPlanning.UnavoidableSite] = []
        for j in chosen where greenfield[j] {
            var serves: (String, String)?
            for row in instance.rows(ofColumn: j) {
                let i = Int(row)
                let extra = i - baseRowCount
                guard extra < rows, extra >= 0 || baseMust.contains(i) else { continue }
                guard instance.columns(ofRow: i).allSatisfy({ greenfield[Int($0)] }) else { continue }
                if extra < 0 {
                    serves = ("priority", grid.districtNames[Int(grid.cellDistrict[i])])
                } else {
                    switch generator.rows[extra].origin {
                    case .hole(let d): serves = ("hole", grid.districtNames[d])
                    case .components(let d): serves = ("components", grid.districtNames[d])
                    case .road(let r): serves = ("road", roads?.roads[r].name ?? "?")
                    }
                }
                break
            }
            guard let serves else { continue }
            let site = columns.sites[j]
            let p = grid.projection.project(site.location)
            let column = Int(((p.x - grid.spec.originX) / grid.spec.cellMeters).rounded(.down))
            let row = Int(((p.y - grid.spec.originY) / grid.spec.cellMeters).rounded(.down))
            let district = grid.cell(column: column, row: row).map { grid.districtNames[Int(grid.cellDistrict[$0])] }
            result.append(
                ContinuityPlanning.UnavoidableSite(
                    id: site.id, location: site.location, district: district ?? "", serves: serves.0, place: serves.1))
        }
        return result
    }
}
