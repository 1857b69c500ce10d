import Foundation

/// The entry point: generate a preset into a folder and get the figures back, e.g. `try
/// CityGeneration.run(preset: .guangzhou, seed: 1, folder: tmp)` then solve `tmp/scenario.json`.
/// `nrplan demo` generates the demo this way (byte-identical to geodata/demo), the benchmarks the
/// Guangzhou-sized city.
public enum CityGeneration {
    /// What one generation wrote and measured.
    public struct Report: Sendable {
        public let preset: String
        public let seed: UInt64
        public let files: [CityFileWriter.WrittenFile]
        /// Seconds to build the city in memory and to write it.
        public let buildSeconds: Double
        public let writeSeconds: Double
        public let areaKm2: Double
        public let exclusionKm2: Double
        /// (area − exclusions) / cell area: the demand cells a grid of the scenario's cell size
        /// will hold, to within the cells cut by boundaries.
        public let estimatedDemandCells: Int
        public let population: Double
        public let candidates: Int
        public let existingSites: Int
    }

    /// Generates `preset` with `seed` into `folder` (created if missing; existing files of the
    /// same names are replaced atomically).
    public static func run(preset: CityPreset, seed: UInt64, folder: URL) throws -> Report {
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
