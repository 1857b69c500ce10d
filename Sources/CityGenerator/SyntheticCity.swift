import Geo

/// Every layer of one synthetic city, in local metres (see `CityPreset` for the frame).
struct SyntheticCity {
    let preset: CityPreset
    let seed: UInt64
    let partition: DistrictPartition
    let density: DensityField
    let area: Polygon
    let districts: [Polygon]
    let exclusions: [Exclusion]
    let roads: [Road]
    let catalogue: [CandidateSite]
    let lampPoles: [CandidateSite]
    let existingSites: [ExistingSite]
    let priorityZones: [PriorityZone]

    /// Builds the city of `preset` for `seed`: deterministic, single-threaded.
    /// - Throws: `CityGenerationError.layout` when the seed gives an unusable district layout,
    ///   `GeoError` when GEOS fails.
    init(preset: CityPreset, seed: UInt64) throws {
        self.preset = preset
        self.seed = seed
        let context = GEOSContext()
        let mesh = CityMesh(
            seed: seed, cellMeters: preset.meshCellMeters,
            halfWidthMeters: preset.meshHalfWidthMeters, halfHeightMeters: preset.meshHalfHeightMeters)
        let partition = DistrictPartition(preset: preset, mesh: mesh)
        let area = try partition.areaPolygon(context: context)
        var districts: [Polygon] = []
        for district in 0..<preset.districts.count {
            districts.append(try partition.districtPolygon(district, context: context))
        }
        let density = DensityField(preset: preset, partition: partition)
        let exclusions = try ExclusionBuilder.build(preset: preset, area: area, seed: seed, context: context)
        let locator = try SiteLocator(area: area, exclusions: exclusions, context: context)
        let roads = try RoadNetworkBuilder(preset: preset, partition: partition, density: density, locator: locator)
            .build()
        let catalogue = try PublicBuildingCatalogue(
            preset: preset, partition: partition, density: density, locator: locator,
            exclusions: exclusions
        ).build(context: context)
        lampPoles = try LampPoleBuilder(preset: preset, partition: partition, density: density, locator: locator).build(
            roads: roads)
        existingSites = try ExistingSiteBuilder(
            preset: preset, partition: partition, density: density, locator: locator
        ).build()
        priorityZones = try PriorityZoneBuilder(
            preset: preset, area: area, exclusions: exclusions, catalogue: catalogue
        ).build(context: context)
        self.partition = partition
        self.area = area
        self.districts = districts
        self.density = density
        self.exclusions = exclusions
        self.roads = roads
        self.catalogue = catalogue
    }

    /// Area of the planning area in km² (planar, in the local transverse Mercator plane, which
    /// keeps areas within 0.01 % over a city).
    func areaKm2() throws -> Double { try Geometry.polygon(area).area() / 1e6 }

    /// Area of the union of the exclusions in km².
    func exclusionKm2() throws -> Double {
        guard !exclusions.isEmpty else { return 0 }
        return try Geometry.unaryUnion(exclusions.map(\.geometry)).area() / 1e6
    }

    /// Residents: Σ density × cell area over the city cells.
    var population: Double {
        let mesh = partition.mesh
        return partition.cityCells.reduce(0) {
            $0 + density.densityPerKm2[$1] * mesh.areaKm2(column: $1 % mesh.columns, row: $1 / mesh.columns)
        }
    }
}

/// Why a city could not be generated.
enum CityGenerationError: Error, CustomStringConvertible {
    case layout(String)
    case output(String)

    var description: String {
        switch self {
        case .layout(let message): return "synthetic city layout: \(message)"
        case .output(let message): return message
        }
    }
}
