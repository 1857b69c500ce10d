extension CityPreset {
    /// A new city made from this preset: every length multiplied by `scale` (areas and counts of
    /// sites by `scale²`), centred on (`longitude`, `latitude`), with `from` in every district,
    /// zone, river and park name replaced by `to` (the template's city stem by the new city's) and
    /// district codes made of `codePrefix` and the district number. Mesh cell, road spacing,
    /// lamp-pole intervals, densities and demand cell stay as they are, so a derived city looks like
    /// the template, only larger or smaller. Deterministic: a pure function of its arguments.
    func derived(
        name: String, scenarioName: String, layeredScenarioName: String, longitude: Double, latitude: Double,
        scale s: Double, renaming from: (zh: String, en: String), to: (zh: String, en: String), codePrefix: String
    ) -> CityPreset {
        func rename(_ text: String, _ old: String, _ new: String) -> String {
            text.replacingOccurrences(of: old, with: new)
        }
        func zh(_ text: String) -> String { rename(text, from.zh, to.zh) }
        func en(_ text: String) -> String { rename(text, from.en, to.en) }
        func count(_ value: Int) -> Int { max(1, Int((Double(value) * s * s).rounded())) }
        let districts = self.districts.enumerated().map { k, d in
            DistrictSpec(
                name: zh(d.name), nameEn: en(d.nameEn), code: codePrefix + NameBook.padded(k + 1, width: 2),
                urban: d.urban, anchorX: d.anchorX * s, anchorY: d.anchorY * s, targetKm2: d.targetKm2 * s * s)
        }
        let density = DensitySpec(
            baseDensityPerKm2: self.density.baseDensityPerKm2, minimumDensityPerKm2: self.density.minimumDensityPerKm2,
            centres: self.density.centres.map {
                DensityCentre(
                    x: $0.x * s, y: $0.y * s, peakDensityPerKm2: $0.peakDensityPerKm2, radiusMeters: $0.radiusMeters * s
                )
            },
            belts: self.density.belts.map {
                ResidentialBelt(
                    x: $0.x * s, y: $0.y * s, radiusMeters: $0.radiusMeters * s, widthMeters: $0.widthMeters * s,
                    peakDensityPerKm2: $0.peakDensityPerKm2)
            },
            industrialZones: self.density.industrialZones.map {
                IndustrialZone(
                    name: zh($0.name), nameEn: en($0.nameEn), x: $0.x * s, y: $0.y * s,
                    radiusXMeters: $0.radiusXMeters * s, radiusYMeters: $0.radiusYMeters * s,
                    densityPerKm2: $0.densityPerKm2)
            },
            noiseAmplitude: self.density.noiseAmplitude, noiseScaleMeters: self.density.noiseScaleMeters * s)
        return CityPreset(
            name: name, scenarioName: scenarioName, layeredScenarioName: layeredScenarioName,
            centreLongitude: longitude, centreLatitude: latitude, meshCellMeters: meshCellMeters,
            meshHalfWidthMeters: meshHalfWidthMeters * s, meshHalfHeightMeters: meshHalfHeightMeters * s,
            outline: outline.map {
                OutlineBlob(
                    x: $0.x * s, y: $0.y * s, radiusXMeters: $0.radiusXMeters * s, radiusYMeters: $0.radiusYMeters * s)
            },
            outlineNoise: outlineNoise, districts: districts, density: density,
            rivers: rivers.map {
                RiverSpec(
                    name: zh($0.name), nameEn: en($0.nameEn), startX: $0.startX * s, startY: $0.startY * s,
                    endX: $0.endX * s, endY: $0.endY * s, widthMeters: $0.widthMeters,
                    endWidthMeters: $0.endWidthMeters, meanderMeters: $0.meanderMeters * s,
                    meanderLengthMeters: $0.meanderLengthMeters * s)
            },
            parks: parks.map {
                ParkSpec(
                    name: zh($0.name), nameEn: en($0.nameEn), x: $0.x * s, y: $0.y * s,
                    radiusXMeters: $0.radiusXMeters * s, radiusYMeters: $0.radiusYMeters * s,
                    managementOffices: $0.managementOffices)
            },
            roads: roads,
            catalogue: CatalogueSpec(
                buildingCount: count(catalogue.buildingCount), towerCount: count(catalogue.towerCount),
                baseWeightPerKm2: catalogue.baseWeightPerKm2),
            lampPoles: lampPoles,
            existingSites: ExistingSiteSpec(
                count: count(existingSites.count), minimumSpacingMeters: existingSites.minimumSpacingMeters),
            priorityZones: priorityZones.map { zone in
                let placement: PriorityZoneSpec.Placement
                switch zone.placement {
                case .rectangle(let x, let y, let width, let height, let rotation):
                    placement = .rectangle(
                        x: x * s, y: y * s, widthMeters: width, heightMeters: height, rotationDegrees: rotation)
                default:
                    placement = zone.placement
                }
                return PriorityZoneSpec(
                    name: zh(zone.name), nameEn: en(zone.nameEn), sector: zone.sector, weight: zone.weight,
                    mustCover: zone.mustCover, placement: placement)
            },
            subdistrictBlockMeters: subdistrictBlockMeters, communityBlockMeters: communityBlockMeters,
            demandCellMeters: demandCellMeters)
    }
}
