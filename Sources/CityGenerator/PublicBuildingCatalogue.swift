import Geo

/// The public-resources open catalogue (`catalogue.geojson`): public buildings (rooftop sites)
/// placed with density-dependent intensity, telecom-suitable towers mostly outside the core,
/// and a handful of park management buildings that stand inside parks on purpose.
struct PublicBuildingCatalogue {
    let preset: CityPreset
    let partition: DistrictPartition
    let density: DensityField
    let locator: SiteLocator
    let exclusions: [Exclusion]

    private var mesh: CityMesh { partition.mesh }

    private enum Template {
        case building(BuildingTemplate)
        case tower(TowerTemplate)
        case parkOffice(park: Int)
    }

    private struct Draft {
        let position: Coordinate
        let cell: Int
        let template: Template
    }

    /// The catalogue sites, ordered south to north by mesh row, then west to east; ids
    /// `GZPR-000001` onwards in that order.
    func build(context: GEOSContext) throws -> [CandidateSite] {
        var random = Xoshiro256StarStar(seed: mesh.seed, stream: 81)
        var drafts: [Draft] = []
        let cells = partition.cityCells
        let buildingSampler = CellSampler(cells: cells) { cell in
            mesh.areaKm2(column: cell % mesh.columns, row: cell / mesh.columns)
                * (density.densityPerKm2[cell] + preset.catalogue.baseWeightPerKm2)
        }
        for _ in 0..<preset.catalogue.buildingCount {
            let (cell, p) = try drawPosition(buildingSampler, &random)
            let urban = density.landUse[cell] != .suburban && density.landUse[cell] != .rural
            let weights = BuildingTemplate.allCases.map { urban ? $0.weight.urban : $0.weight.rural }
            drafts.append(
                Draft(
                    position: p, cell: cell,
                    template: .building(BuildingTemplate.allCases[random.weightedIndex(weights)])))
        }
        let towerSampler = CellSampler(cells: cells) { cell in
            let use = density.landUse[cell]
            return mesh.areaKm2(column: cell % mesh.columns, row: cell / mesh.columns)
                * TowerTemplate.allCases.reduce(0) { $0 + $1.weight(use) }
        }
        for _ in 0..<preset.catalogue.towerCount {
            let (cell, p) = try drawPosition(towerSampler, &random)
            let weights = TowerTemplate.allCases.map { $0.weight(density.landUse[cell]) }
            drafts.append(
                Draft(position: p, cell: cell, template: .tower(TowerTemplate.allCases[random.weightedIndex(weights)])))
        }
        drafts += try parkOffices(&random, context: context)
        // Total order (draw order breaks exact ties), so the result never depends on sort stability.
        let order = drafts.indices.sorted { i, j in
            let a = drafts[i]
            let b = drafts[j]
            if a.cell != b.cell { return a.cell < b.cell }
            if a.position.y != b.position.y { return a.position.y < b.position.y }
            if a.position.x != b.position.x { return a.position.x < b.position.x }
            return i < j
        }
        return describe(order.map { drafts[$0] })
    }

    /// A cell drawn from `sampler` and a point inside it that lies in no exclusion.
    private func drawPosition(_ sampler: CellSampler, _ random: inout Xoshiro256StarStar) throws -> (Int, Coordinate) {
        while true {
            let cell = sampler.draw(&random)
            for _ in 0..<8 {
                let p = mesh.point(
                    column: cell % mesh.columns, row: cell / mesh.columns, u: random.uniform(0.12, 0.88),
                    v: random.uniform(0.12, 0.88))
                if try locator.exclusions.isClear(p) { return (cell, p) }
            }
        }
    }

    /// Management buildings inside the parks whose spec asks for them.
    private func parkOffices(_ random: inout Xoshiro256StarStar, context: GEOSContext) throws -> [Draft] {
        var result: [Draft] = []
        for (index, exclusion) in exclusions.enumerated() where exclusion.kind == .park {
            guard let spec = preset.parks.first(where: { $0.name == exclusion.name }), spec.managementOffices > 0,
                let box = exclusion.geometry.boundingBox
            else { continue }
            let inside = try PreparedGeometry(exclusion.geometry, in: context)
            var placed = 0
            var attempts = 0
            while placed < spec.managementOffices && attempts < 10_000 {
                attempts += 1
                let p = Coordinate(x: random.uniform(box.minX, box.maxX), y: random.uniform(box.minY, box.maxY))
                guard try inside.contains(p), try locator.isInArea(p), let cell = mesh.nominalCell(containing: p) else {
                    continue
                }
                let index1 = mesh.index(column: cell.column, row: cell.row)
                guard partition.districtOfCell[index1] >= 0 else { continue }
                result.append(Draft(position: p, cell: index1, template: .parkOffice(park: index)))
                placed += 1
            }
        }
        return result
    }

    /// Names, owners, heights, costs, status and power for the ordered drafts.
    private func describe(_ drafts: [Draft]) -> [CandidateSite] {
        var random = Xoshiro256StarStar(seed: mesh.seed, stream: 82)
        let subdistricts = PlaceNamer.subdistricts(mesh: mesh, blockMeters: preset.subdistrictBlockMeters)
        let communities = PlaceNamer.communities(mesh: mesh, blockMeters: preset.communityBlockMeters)
        let ordinals = ordinalsByDistanceFromAnchor(drafts)
        var names = NameRegistry()
        var result: [CandidateSite] = []
        result.reserveCapacity(drafts.count)
        for (number, draft) in drafts.enumerated() {
            let districtIndex = partition.districtOfCell[draft.cell]
            let district = preset.districts[districtIndex]
            let use = density.landUse[draft.cell]
            let context = BuildingTemplate.Context(
                district: (district.name, district.nameEn), subdistrict: subdistricts.name(at: draft.position),
                community: communities.name(at: draft.position), ordinal: ordinals[number], rural: use == .rural)
            var identity: (name: String, nameEn: String, owner: String)
            let kind: String
            let category: String
            let heightRange: ClosedRange<Double>
            let directShare: Double
            var heightFactor = 1.0
            switch draft.template {
            case .building(let template):
                let c = context
                identity = template.identity(c)
                // A second building of a subdistrict-level body becomes a community-level unit
                // (numbered as buildings of that unit if it repeats too).
                if names.contains(identity.name, scope: districtIndex), let smaller = template.alternative(c) {
                    identity = smaller
                }
                kind = "rooftop"
                category = template.category
                directShare = template.directPowerShare
                heightRange = template.heightRangeMeters(ordinal: c.ordinal)
                heightFactor = PublicBuildingCatalogue.heightFactor[use]
            case .tower(let template):
                let c = context
                identity = template.identity(c)
                kind = "tower"
                category = template.category
                directShare = template.directPowerShare
                heightRange = template.heightRangeMeters
            case .parkOffice(let park):
                let e = exclusions[park]
                identity = ("\(e.name)管理处", "\(e.nameEn) Management Office", "\(district.name)林业和园林局")
                kind = "rooftop"
                category = "park_management"
                directShare = 0.5
                heightRange = 6...12
            }
            let (name, nameEn) = names.unique(identity.name, identity.nameEn, scope: districtIndex)
            let height = SiteEconomics.roundedToTenth(
                random.uniform(heightRange.lowerBound, heightRange.upperBound) * heightFactor)
            let power = SiteEconomics.power(directShare: directShare, random: &random)
            let cost = SiteEconomics.cost(kind: kind, power: power, random: &random)
            let status = SiteEconomics.status(reservedShare: 0.10, unavailableShare: 0.05, random: &random)
            result.append(
                CandidateSite(
                    position: draft.position, id: "GZPR-" + NameBook.padded(number + 1, width: 6), name: name,
                    nameEn: nameEn, kind: kind, owner: identity.owner, heightMeters: height, cost: cost,
                    status: status, power: power, category: category))
        }
        return result
    }

    /// The ordinal of each draft among its district's drafts of the same template, counted
    /// outwards from the district's anchor: the district's flagship buildings (人民政府, 人民医院,
    /// 第一中学 …) stand near its centre.
    private func ordinalsByDistanceFromAnchor(_ drafts: [Draft]) -> [Int] {
        func slot(_ template: Template) -> Int {
            switch template {
            case .building(let t): return t.rawValue
            case .tower(let t): return 16 + t.rawValue
            case .parkOffice: return 31
            }
        }
        let keys = drafts.indices.map { k -> (district: Int, slot: Int, distance: Double, k: Int) in
            let district = partition.districtOfCell[drafts[k].cell]
            let anchor = preset.districts[district]
            let dx = drafts[k].position.x - anchor.anchorX
            let dy = drafts[k].position.y - anchor.anchorY
            return (district, slot(drafts[k].template), dx * dx + dy * dy, k)
        }.sorted { a, b in
            if a.district != b.district { return a.district < b.district }
            if a.slot != b.slot { return a.slot < b.slot }
            if a.distance != b.distance { return a.distance < b.distance }
            return a.k < b.k
        }
        var ordinals = [Int](repeating: 0, count: drafts.count)
        var previous: (Int, Int)? = nil
        var counter = 0
        for key in keys {
            if previous == nil || previous! != (key.district, key.slot) {
                counter = 0
                previous = (key.district, key.slot)
            }
            counter += 1
            ordinals[key.k] = counter
        }
        return ordinals
    }

    /// Rooftops are taller in the core.
    static let heightFactor = PerLandUse(denseUrban: 1.4, urban: 1.15, suburban: 1.0, industrial: 1.0, rural: 0.8)
}
