extension CityPreset {
    /// `demo`: a synthetic urban district of about 120 km² in four districts around a plausible
    /// centre near Guangzhou: dense core, residential belt, an industrial park, suburbs, a river
    /// crossing west to east, a large park; ~400 public buildings, lamp poles along main roads and
    /// a few dozen existing macro sites. Small enough to commit (every file < 1 MB).
    public static let demo = CityPreset(
        name: "demo",
        scenarioName: "Shifan demo district, 5G siting (synthetic)",
        layeredScenarioName: "Shifan demo district, population-weighted with priority zones and land use (synthetic)",
        centreLongitude: 113.30, centreLatitude: 23.12,
        meshCellMeters: 500, meshHalfWidthMeters: 8_000, meshHalfHeightMeters: 7_500,
        outline: [OutlineBlob(x: 0, y: 0, radiusXMeters: 6_400, radiusYMeters: 6_000)],
        outlineNoise: 0.08,
        districts: [
            DistrictSpec(
                name: "示范中区", nameEn: "Shifan Central District", code: "990001", urban: true, anchorX: 300,
                anchorY: 600, targetKm2: 22),
            DistrictSpec(
                name: "示范东区", nameEn: "Shifan East District", code: "990002", urban: true, anchorX: 4_300,
                anchorY: 1_500, targetKm2: 34),
            DistrictSpec(
                name: "示范西区", nameEn: "Shifan West District", code: "990003", urban: true, anchorX: -4_100,
                anchorY: 1_800, targetKm2: 32),
            DistrictSpec(
                name: "示范南区", nameEn: "Shifan South District", code: "990004", urban: true, anchorX: 0, anchorY: -4_200,
                targetKm2: 32),
        ],
        density: DensitySpec(
            baseDensityPerKm2: 2_500, minimumDensityPerKm2: 1_500,
            centres: [
                DensityCentre(x: 300, y: 600, peakDensityPerKm2: 42_000, radiusMeters: 1_600),
                DensityCentre(x: -3_600, y: 1_800, peakDensityPerKm2: 18_000, radiusMeters: 1_100),
                DensityCentre(x: 800, y: -3_600, peakDensityPerKm2: 14_000, radiusMeters: 1_200),
            ],
            belts: [ResidentialBelt(x: 300, y: 600, radiusMeters: 3_200, widthMeters: 1_800, peakDensityPerKm2: 9_000)],
            industrialZones: [
                IndustrialZone(
                    name: "示范科技产业园", nameEn: "Shifan Technology Industrial Park", x: 4_300, y: -3_000,
                    radiusXMeters: 1_500, radiusYMeters: 1_000, densityPerKm2: 1_800)
            ],
            noiseAmplitude: 0.25, noiseScaleMeters: 1_500),
        rivers: [
            RiverSpec(
                name: "明珠江", nameEn: "Mingzhu River", startX: -9_500, startY: -1_300, endX: 9_500, endY: -2_000,
                widthMeters: 380, endWidthMeters: 420, meanderMeters: 1_300, meanderLengthMeters: 4_000)
        ],
        parks: [
            ParkSpec(
                name: "云峰山公园", nameEn: "Yunfeng Hill Park", x: -1_800, y: 3_700, radiusXMeters: 1_300,
                radiusYMeters: 1_000, managementOffices: 4),
            ParkSpec(
                name: "翠湖公园", nameEn: "Cuihu Park", x: 3_200, y: 2_600, radiusXMeters: 450, radiusYMeters: 350,
                managementOffices: 1),
        ],
        roads: RoadSpec(
            latticeUnitMeters: 500, rootSizeMeters: 4_000,
            mainSpacingMeters: PerLandUse(
                denseUrban: 1_000, urban: 1_000, suburban: 2_000, industrial: 1_000, rural: 4_000),
            secondarySpacingMeters: PerLandUse(
                denseUrban: 500, urban: 500, suburban: 1_000, industrial: 500, rural: 2_000),
            vertexStepMeters: 100, warpMeters: 90, warpScaleMeters: 2_500, maxBridgeMeters: 1_000),
        catalogue: CatalogueSpec(buildingCount: 400, towerCount: 12, baseWeightPerKm2: 800),
        lampPoles: LampPoleSpec(
            intervalMeters: PerLandUse(
                denseUrban: 40...60, urban: 90...130, suburban: 180...260, industrial: 120...180, rural: 400...600),
            sideOffsetMeters: 12),
        existingSites: ExistingSiteSpec(count: 40, minimumSpacingMeters: 700),
        priorityZones: [
            PriorityZoneSpec(
                name: "示范火车站", nameEn: "Shifan Railway Station", sector: "rail_transit", weight: 5, mustCover: true,
                placement: .rectangle(x: 1_800, y: -3_000, widthMeters: 900, heightMeters: 350, rotationDegrees: 10)),
            PriorityZoneSpec(
                name: "示范中区人民医院院区", nameEn: "Central District People's Hospital campus", sector: "emergency", weight: 3,
                mustCover: true,
                placement: .campus(category: "hospital", rank: 0, widthMeters: 320, heightMeters: 260)),
            PriorityZoneSpec(
                name: "示范科技产业园", nameEn: "Shifan Technology Industrial Park", sector: "industrial_park", weight: 2,
                mustCover: false,
                placement: .industrialZone(0)),
            PriorityZoneSpec(
                name: "公安指挥中心", nameEn: "Police command centre", sector: "police", weight: 4, mustCover: true,
                placement: .campus(category: "police", rank: 0, widthMeters: 220, heightMeters: 180)),
            PriorityZoneSpec(
                name: "明珠江货运码头", nameEn: "Mingzhu River cargo wharf", sector: "port", weight: 2, mustCover: false,
                placement: .riverBank(river: 0, along: 0.7, lengthMeters: 900, depthMeters: 250)),
            PriorityZoneSpec(
                name: "示范220千伏变电站", nameEn: "Shifan 220 kV substation", sector: "power_grid", weight: 2,
                mustCover: false,
                placement: .rectangle(x: -4_500, y: -3_300, widthMeters: 250, heightMeters: 200, rotationDegrees: 0)),
        ],
        subdistrictBlockMeters: 1_500,
        communityBlockMeters: 500,
        demandCellMeters: 50)
}
