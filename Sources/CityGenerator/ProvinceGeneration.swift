import Foundation
import Geo

/// Generates a `ProvinceLayout` into one folder: every city built in memory (one after the other, each
/// deterministic and single-threaded), then one set of layers and one scenario holding them all
/// (`CityFileWriter`). The entry point for `generate-province` and, in phase 2, `make bench-province`.
public enum ProvinceGeneration {
    /// What one city of the province holds.
    public struct CityFigures: Sendable {
        public let name: String
        public let nameEn: String
        public let districts: [String]
        public let areaKm2: Double
        public let estimatedDemandCells: Int
        public let candidates: Int
        public let existingSites: Int
    }

    /// Generates `layout` into `folder` (created if missing; files of the same names are replaced atomically).
    /// - Returns: the province's figures (summed over the cities) and each city's.
    public static func run(layout: ProvinceLayout, folder: URL) throws -> (
        report: CityGeneration.Report, cities: [CityFigures]
    ) {
        let clock = ContinuousClock()
        let start = clock.now
        var members: [CityFileWriter.Member] = []
        var figures: [CityFigures] = []
        var area = 0.0
        var excluded = 0.0
        var population = 0.0
        for placed in layout.cities {
            let city = try SyntheticCity(preset: placed.preset, seed: placed.seed)
            members.append(
                CityFileWriter.Member(
                    city: city,
                    projection: LocalProjection(
                        centralMeridianDegrees: placed.preset.centreLongitude,
                        originLatitudeDegrees: placed.preset.centreLatitude),
                    idPrefix: placed.idPrefix))
            let cityArea = try city.areaKm2()
            let cityExcluded = try city.exclusionKm2()
            area += cityArea
            excluded += cityExcluded
            population += city.population
            let cellKm2 = placed.preset.demandCellMeters * placed.preset.demandCellMeters / 1e6
            figures.append(
                CityFigures(
                    name: placed.name.zh, nameEn: placed.name.en,
                    districts: placed.preset.districts.map(\.name), areaKm2: cityArea,
                    estimatedDemandCells: Int(((cityArea - cityExcluded) / cellKm2).rounded()),
                    candidates: city.catalogue.count + city.lampPoles.count, existingSites: city.existingSites.count))
        }
        let built = clock.now
        let count = layout.cities.count
        let names = CityFileWriter.ScenarioNames(
            name: "Synthetic province: \(count) cities side by side, 5G siting (synthetic)",
            layeredName: "Synthetic province: \(count) cities side by side, population-weighted with priority zones "
                + "and land use (synthetic)")
        let files = try CityFileWriter(folder: folder, preset: layout.template).write(
            members, names: names, seed: layout.seed)
        let finished = clock.now
        let cellKm2 = layout.template.demandCellMeters * layout.template.demandCellMeters / 1e6
        let report = CityGeneration.Report(
            preset: "province of \(count) × \(layout.template.name)", seed: layout.seed, files: files,
            buildSeconds: seconds(built - start), writeSeconds: seconds(finished - built), areaKm2: area,
            exclusionKm2: excluded, estimatedDemandCells: Int(((area - excluded) / cellKm2).rounded()),
            population: population, candidates: figures.reduce(0) { $0 + $1.candidates },
            existingSites: figures.reduce(0) { $0 + $1.existingSites })
        return (report, figures)
    }

    private static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) * 1e-18
    }
}
