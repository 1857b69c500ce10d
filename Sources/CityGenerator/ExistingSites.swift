import Foundation
import Geo
import Support

/// An existing macro site (`existing-sites.geojson`): always on, cost 0 for the planner.
struct ExistingSite {
    let position: Coordinate
    let id: String
    let name: String
    let kind: String
    let heightMeters: Double
    let operatorName: String

    /// The GeoJSON properties: id, name, kind, height_m, operator.
    var properties: [(key: String, value: JSONValue)] {
        [
            ("id", .string(id)), ("name", .string(name)), ("kind", .string(kind)),
            ("height_m", .number(heightMeters)), ("operator", .string(operatorName)),
        ]
    }
}

/// Places existing macro sites with intensity ∝ (density + 300)^0.85 per km² (sites follow
/// traffic a little less than linearly), at least `minimumSpacingMeters` apart, never in exclusions:
/// rooftops in urban land, towers elsewhere.
struct ExistingSiteBuilder {
    let preset: CityPreset
    let partition: DistrictPartition
    let density: DensityField
    let locator: SiteLocator

    /// The operators and their shares of the macro sites.
    static let operators: [(name: String, short: String, share: Double)] = [
        ("中国移动", "移动", 0.42), ("中国电信", "电信", 0.27), ("中国联通", "联通", 0.24), ("中国广电", "广电", 0.07),
    ]

    /// The sites, ordered like the catalogue (mesh row, then position); ids `EX-000001` onwards.
    func build() throws -> [ExistingSite] {
        let mesh = partition.mesh
        var random = Xoshiro256StarStar(seed: mesh.seed, stream: 101)
        let sampler = CellSampler(cells: partition.cityCells) { cell in
            mesh.areaKm2(column: cell % mesh.columns, row: cell / mesh.columns)
                * pow(density.densityPerKm2[cell] + 300, 0.85)
        }
        let spacing = preset.existingSites.minimumSpacingMeters
        var bins: [Int: [Coordinate]] = [:]
        func binKey(_ i: Int, _ j: Int) -> Int { (i + 1 << 20) << 21 | (j + 1 << 20) }
        var placed: [(cell: Int, position: Coordinate)] = []
        var attempts = 0
        while placed.count < preset.existingSites.count && attempts < preset.existingSites.count * 200 {
            attempts += 1
            let cell = sampler.draw(&random)
            let p = mesh.point(
                column: cell % mesh.columns, row: cell / mesh.columns, u: random.uniform(0.12, 0.88),
                v: random.uniform(0.12, 0.88))
            guard try locator.exclusions.isClear(p) else { continue }
            let bi = Int((p.x / spacing).rounded(.down))
            let bj = Int((p.y / spacing).rounded(.down))
            var crowded = false
            for i in (bi - 1)...(bi + 1) {
                for j in (bj - 1)...(bj + 1) {
                    for q in bins[binKey(i, j)] ?? []
                    where (q.x - p.x) * (q.x - p.x) + (q.y - p.y) * (q.y - p.y) < spacing * spacing {
                        crowded = true
                    }
                }
            }
            if crowded { continue }
            bins[binKey(bi, bj), default: []].append(p)
            placed.append((cell, p))
        }
        // Total order (placement order breaks exact ties), independent of sort stability.
        placed = placed.indices.sorted { i, j in
            let a = placed[i]
            let b = placed[j]
            if a.cell != b.cell { return a.cell < b.cell }
            if a.position.y != b.position.y { return a.position.y < b.position.y }
            if a.position.x != b.position.x { return a.position.x < b.position.x }
            return i < j
        }.map { placed[$0] }
        let subdistricts = PlaceNamer.subdistricts(mesh: mesh, blockMeters: preset.subdistrictBlockMeters)
        var perOperator = [Int](repeating: 0, count: ExistingSiteBuilder.operators.count)
        var names = NameRegistry()
        return placed.enumerated().map { number, site in
            let use = density.landUse[site.cell]
            let urban = use == .denseUrban || use == .urban
            let kind = random.chance(urban ? 0.85 : 0.25) ? "rooftop" : "tower"
            let height =
                kind == "rooftop"
                ? random.uniform(25, 45) + (use == .denseUrban ? 15 : 0)
                : random.uniform(30, 45)
            let op = random.weightedIndex(ExistingSiteBuilder.operators.map(\.share))
            perOperator[op] += 1
            let stem = subdistricts.name(at: site.position)
            let name = names.unique(
                "\(stem.zh)\(ExistingSiteBuilder.operators[op].short)宏站\(NameBook.padded(perOperator[op], width: 3))",
                ""
            ).0
            return ExistingSite(
                position: site.position, id: "EX-" + NameBook.padded(number + 1, width: 6), name: name, kind: kind,
                heightMeters: SiteEconomics.roundedToTenth(height), operatorName: ExistingSiteBuilder.operators[op].name
            )
        }
    }
}
