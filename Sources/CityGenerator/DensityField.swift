/// Residents per km² and land use for every city cell of the mesh: the demand and clutter layer
/// written to `density.geojson`.
///
/// Density = max(minimum, (base + Σ centres + Σ belts) × (1 + noise)), where a centre adds
/// peak / (1 + (d/r)²)² and a belt adds peak × max(0, 1 − ((d − R)/(w/2))²). Cells whose centre
/// lies in an industrial zone get land use `industrial` and the zone's worker density.
struct DensityField: Sendable {
    /// People per km² per mesh cell (row-major), rounded to 10; 0 outside the city.
    let densityPerKm2: [Double]
    /// Land use per mesh cell (row-major); meaningful inside the city only.
    let landUse: [LandUse]

    /// The field of `preset` over the city cells of `partition`.
    init(preset: CityPreset, partition: DistrictPartition) {
        let mesh = partition.mesh
        let spec = preset.density
        let noise = ValueNoise(seed: mesh.seed, stream: 31, scaleMeters: spec.noiseScaleMeters)
        var density = [Double](repeating: 0, count: mesh.cellCount)
        var uses = [LandUse](repeating: .rural, count: mesh.cellCount)
        for cell in partition.cityCells {
            let p = mesh.centre(column: cell % mesh.columns, row: cell / mesh.columns)
            if let zone = DensityField.industrialZone(containing: p.x, p.y, spec: spec) {
                let value =
                    spec.industrialZones[zone].densityPerKm2
                    * (1 + 0.5 * spec.noiseAmplitude * noise.fractal(x: p.x, y: p.y))
                density[cell] = (value / 10).rounded() * 10
                uses[cell] = .industrial
                continue
            }
            let raw =
                DensityField.smoothDensity(x: p.x, y: p.y, spec: spec)
                * (1 + spec.noiseAmplitude * noise.fractal(x: p.x, y: p.y))
            let value = (max(spec.minimumDensityPerKm2, raw) / 10).rounded() * 10
            density[cell] = value
            uses[cell] = LandUse.residential(densityPerKm2: value)
        }
        densityPerKm2 = density
        landUse = uses
    }

    /// The noise-free residential density at local metres (`x`, `y`).
    static func smoothDensity(x: Double, y: Double, spec: DensitySpec) -> Double {
        var value = spec.baseDensityPerKm2
        for centre in spec.centres {
            let dx = (x - centre.x) / centre.radiusMeters
            let dy = (y - centre.y) / centre.radiusMeters
            let q = 1 + dx * dx + dy * dy
            value += centre.peakDensityPerKm2 / (q * q)
        }
        for belt in spec.belts {
            let dx = x - belt.x
            let dy = y - belt.y
            let offset = ((dx * dx + dy * dy).squareRoot() - belt.radiusMeters) / (belt.widthMeters / 2)
            if abs(offset) < 1 { value += belt.peakDensityPerKm2 * (1 - offset * offset) }
        }
        return value
    }

    /// The index of the industrial zone whose ellipse contains (`x`, `y`), if any.
    static func industrialZone(containing x: Double, _ y: Double, spec: DensitySpec) -> Int? {
        for (index, zone) in spec.industrialZones.enumerated() {
            let dx = (x - zone.x) / zone.radiusXMeters
            let dy = (y - zone.y) / zone.radiusYMeters
            if dx * dx + dy * dy <= 1 { return index }
        }
        return nil
    }
}
