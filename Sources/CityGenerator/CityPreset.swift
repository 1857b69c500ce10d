/// Everything that distinguishes one synthetic city from another: extent, districts, density
/// centres, water, parks, road spacing and how many sites of each kind. Lengths are metres in the
/// local plane centred on (`centreLongitude`, `centreLatitude`), x east and y north.
public struct CityPreset: Sendable {
    /// The `--preset` value.
    public let name: String
    /// The scenario's `name` (says "synthetic").
    let scenarioName: String
    /// The `name` of `scenario-layers.json`, the same job weighted by population.
    let layeredScenarioName: String
    let centreLongitude: Double
    let centreLatitude: Double
    /// Side of the jittered mesh cells that districts and density polygons are made of.
    let meshCellMeters: Double
    /// Half the width and height of the rectangle the mesh covers (larger than the city).
    let meshHalfWidthMeters: Double
    let meshHalfHeightMeters: Double
    /// The city's outline: the union of these noisy ellipses.
    let outline: [OutlineBlob]
    /// Relative amplitude of the outline noise (0.1 = radii vary by ±10 %).
    let outlineNoise: Double
    let districts: [DistrictSpec]
    let density: DensitySpec
    let rivers: [RiverSpec]
    let parks: [ParkSpec]
    let roads: RoadSpec
    let catalogue: CatalogueSpec
    let lampPoles: LampPoleSpec
    let existingSites: ExistingSiteSpec
    let priorityZones: [PriorityZoneSpec]
    /// Side of the square blocks that name subdistricts (街道) for catalogue names.
    let subdistrictBlockMeters: Double
    /// Side of the square blocks that name communities (社区/村).
    let communityBlockMeters: Double
    /// The scenario's `demand.cell_m`.
    let demandCellMeters: Double

    /// The presets by `--preset` name, in the order the usage line lists them.
    public static let all: [CityPreset] = [.demo, .guangzhou]
}

/// An ellipse of the city outline, centred at (`x`, `y`) with semi-axes `radiusXMeters`,
/// `radiusYMeters`.
struct OutlineBlob: Sendable {
    let x: Double, y: Double
    let radiusXMeters: Double, radiusYMeters: Double
}

/// A district: names, code, whether it counts as urban, an anchor it grows from and the area it
/// should reach (the partition matches areas to within a few mesh cells).
struct DistrictSpec: Sendable {
    let name: String
    let nameEn: String
    let code: String
    let urban: Bool
    let anchorX: Double, anchorY: Double
    let targetKm2: Double
}

/// The residential density field: a base that rises towards the centres, belts around them,
/// industrial zones and noise.
struct DensitySpec: Sendable {
    /// Density far from every centre (people per km²).
    let baseDensityPerKm2: Double
    /// The lowest density written (the demo has no rural land).
    let minimumDensityPerKm2: Double
    let centres: [DensityCentre]
    let belts: [ResidentialBelt]
    let industrialZones: [IndustrialZone]
    /// Relative amplitude of the multiplicative noise (0.3 = ±30 %).
    let noiseAmplitude: Double
    let noiseScaleMeters: Double
}

/// A centre whose density decays as peak / (1 + (d/r)²)².
struct DensityCentre: Sendable {
    let x: Double, y: Double
    let peakDensityPerKm2: Double
    let radiusMeters: Double
}

/// A ring of residential estates at `radiusMeters` from (`x`, `y`), `widthMeters` wide
/// (parabolic profile), adding up to `peakDensityPerKm2`.
struct ResidentialBelt: Sendable {
    let x: Double, y: Double
    let radiusMeters: Double
    let widthMeters: Double
    let peakDensityPerKm2: Double
}

/// An industrial park: an ellipse whose mesh cells get land use `industrial` and a worker density.
struct IndustrialZone: Sendable {
    let name: String, nameEn: String
    let x: Double, y: Double
    let radiusXMeters: Double, radiusYMeters: Double
    let densityPerKm2: Double
}

/// A river: a meandering centreline from (`startX`, `startY`) to (`endX`, `endY`) (extend it past
/// the city so it crosses), `widthMeters` wide at the start and `endWidthMeters` at the end.
struct RiverSpec: Sendable {
    let name: String, nameEn: String
    let startX: Double, startY: Double
    let endX: Double, endY: Double
    let widthMeters: Double
    let endWidthMeters: Double
    /// Sideways swing of the meanders and their typical length.
    let meanderMeters: Double
    let meanderLengthMeters: Double
}

/// A park or forest park (exclusion): a noisy ellipse; `managementOffices` catalogue buildings
/// are placed inside it on purpose.
struct ParkSpec: Sendable {
    let name: String, nameEn: String
    let x: Double, y: Double
    let radiusXMeters: Double, radiusYMeters: Double
    let managementOffices: Int
}

/// Road spacing per land use. Spacings are the lattice unit times a power of two; main roads
/// come from a quadtree whose leaves are no larger than `mainSpacingMeters`, secondary roads
/// subdivide those leaves down to `secondarySpacingMeters`.
struct RoadSpec: Sendable {
    let latticeUnitMeters: Double
    let rootSizeMeters: Double
    let mainSpacingMeters: PerLandUse<Double>
    let secondarySpacingMeters: PerLandUse<Double>
    /// Distance between road vertices (roads bend smoothly between them).
    let vertexStepMeters: Double
    /// Amplitude of the smooth displacement that keeps roads from being ruler-straight.
    let warpMeters: Double
    let warpScaleMeters: Double
    /// Longest stretch over water kept as a bridge; longer ones (a road along a river) are cut.
    let maxBridgeMeters: Double
}

/// Public-resources catalogue sizes.
struct CatalogueSpec: Sendable {
    /// Public buildings (rooftop sites), park management offices not included.
    let buildingCount: Int
    /// Telecom-suitable towers (pylons, water towers, broadcast and lookout towers).
    let towerCount: Int
    /// Equivalent population per km² that every cell gets on top of its residents when drawing
    /// buildings (schools and offices exist in industrial and rural land too).
    let baseWeightPerKm2: Double
}

/// Smart lamp poles: the interval between poles along main roads, drawn uniformly in
/// [lower, upper] per land use.
struct LampPoleSpec: Sendable {
    let intervalMeters: PerLandUse<ClosedRange<Double>>
    /// Poles stand this far to the side of the road centreline (alternating sides).
    let sideOffsetMeters: Double
}

/// Existing macro sites: how many and their minimum spacing.
struct ExistingSiteSpec: Sendable {
    let count: Int
    let minimumSpacingMeters: Double
}

/// A priority zone for a private 5G network (专网).
struct PriorityZoneSpec: Sendable {
    enum Placement: Sendable {
        /// A rectangle of the given size centred at a point, turned by `rotationDegrees`.
        case rectangle(x: Double, y: Double, widthMeters: Double, heightMeters: Double, rotationDegrees: Double)
        /// A campus around the n-th tallest catalogue building of a category.
        case campus(category: String, rank: Int, widthMeters: Double, heightMeters: Double)
        /// The outline of an industrial zone of the density spec (by index).
        case industrialZone(Int)
        /// A strip along the bank of river `river` (index), at fraction `along` of its course.
        case riverBank(river: Int, along: Double, lengthMeters: Double, depthMeters: Double)
    }
    let name: String, nameEn: String
    let sector: String
    let weight: Double
    let mustCover: Bool
    let placement: Placement
}
