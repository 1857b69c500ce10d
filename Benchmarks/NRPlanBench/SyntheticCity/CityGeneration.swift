import Foundation

/// The entry point for other benchmarks: generate a preset into a folder and get the figures
/// back, e.g. `try CityGeneration.run(preset: .guangzhou, seed: 1, folder: tmp)` then solve
/// `tmp/scenario.json`.
enum CityGeneration {
    /// What one generation wrote and measured.
    struct Report {
        let preset: String
        let seed: UInt64
        let files: [CityFileWriter.WrittenFile]
        /// Seconds to build the city in memory and to write it.
        let buildSeconds: Double
        let writeSeconds: Double
        let areaKm2: Double
        let exclusionKm2: Double
        /// (area − exclusions) / cell area: the demand cells a grid of the scenario's cell size
        /// will hold, to within the cells cut by boundaries.
        let estimatedDemandCells: Int
        let population: Double
        let candidates: Int
        let existingSites: Int
    }

    /// Generates `preset` with `seed` into `folder` (created if missing; existing files of the
    /// same names are replaced atomically).
    static func run(preset: CityPreset, seed: UInt64, folder: URL) throws -> Report {
        let clock = ContinuousClock()
        let start = clock.now
        let city = try SyntheticCity(preset: preset, seed: seed)
        let built = clock.now
        let files = try CityFileWriter(folder: folder, preset: preset).write(city)
        let finished = clock.now
        let area = try city.areaKm2()
        let excluded = try city.exclusionKm2()
        let cellKm2 = preset.demandCellMeters * preset.demandCellMeters / 1e6
        return Report(
            preset: preset.name, seed: seed, files: files, buildSeconds: seconds(built - start),
            writeSeconds: seconds(finished - built), areaKm2: area, exclusionKm2: excluded,
            estimatedDemandCells: Int(((area - excluded) / cellKm2).rounded()), population: city.population,
            candidates: city.catalogue.count + city.lampPoles.count, existingSites: city.existingSites.count)
    }

    private static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) * 1e-18
    }
}
