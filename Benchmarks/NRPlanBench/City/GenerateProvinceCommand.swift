import CityGenerator
import Foundation

/// `nrplan-bench generate-province [--cities N] [--seed N] --out DIR`: several synthetic cities (the `demo`
/// preset scaled to 0.64–1.44 times its area, renamed, each with its own seed) side by side in one scenario,
/// with land between them and no two districts overlapping — the province that tiled runs are measured on
/// (issue 16). Deterministic: the same arguments write the same bytes.
enum GenerateProvinceCommand {
    static let usage = "USAGE: nrplan-bench generate-province [--cities N (1-99, default 6)] [--seed N] --out DIR"

    /// The registry entry.
    static var command: BenchCommand {
        BenchCommand(
            name: "generate-province", abstract: "write several synthetic cities side by side as one scenario",
            run: run)
    }

    /// Parsed arguments.
    struct Options {
        var cities = 6
        var seed: UInt64 = 1
        var outputFolder: URL
    }

    /// Parses `arguments`; `.success(nil)` for --help.
    static func parse(_ arguments: [String]) -> Result<Options?, GenerateCityCommand.UsageError> {
        var cities = 6
        var seed: UInt64 = 1
        var out: String?
        var rest = arguments[...]
        while let argument = rest.popFirst() {
            switch argument {
            case "--help", "-h":
                return .success(nil)
            case "--cities", "--seed", "--out":
                guard let value = rest.popFirst(), !value.hasPrefix("--") else {
                    return .failure(.init("\(argument) needs a value"))
                }
                switch argument {
                case "--cities":
                    guard let parsed = Int(value), (1...99).contains(parsed) else {
                        return .failure(.init("--cities expects a whole number from 1 to 99, found '\(value)'"))
                    }
                    cities = parsed
                case "--seed":
                    guard let parsed = UInt64(value) else {
                        return .failure(.init("--seed expects a non-negative integer, found '\(value)'"))
                    }
                    seed = parsed
                default:
                    out = value
                }
            default:
                return .failure(.init("unexpected argument '\(argument)'"))
            }
        }
        guard let out, !out.isEmpty else { return .failure(.init("--out is required")) }
        return .success(Options(cities: cities, seed: seed, outputFolder: URL(fileURLWithPath: out)))
    }

    /// Runs the command: 0 on success, 2 on bad usage, 1 when generation or writing fails.
    static func run(_ arguments: [String]) throws -> Int32 {
        let options: Options
        switch parse(arguments) {
        case .success(nil):
            print(usage)
            return 0
        case .success(let parsed?):
            options = parsed
        case .failure(let error):
            FileHandle.standardError.write(Data("error: \(error.message)\n\(usage)\n".utf8))
            return 2
        }
        do {
            let layout = ProvinceLayout(template: .demo, cities: options.cities, seed: options.seed)
            let (report, cities) = try ProvinceGeneration.run(layout: layout, folder: options.outputFolder)
            for (k, city) in cities.enumerated() {
                print(
                    "city \(k + 1) \(city.name) (\(city.nameEn)): \(String(format: "%.1f", city.areaKm2)) km², "
                        + "≈\(city.estimatedDemandCells) demand cells, \(city.candidates) candidates, "
                        + "\(city.existingSites) existing sites; districts \(city.districts.joined(separator: " "))")
            }
            print(
                "layout \(layout.columns) × \(layout.rows) slots, \(Int(ProvinceLayout.gapMeters)) m of land between cities"
            )
            GenerateCityCommand.report(report)
            return 0
        } catch {
            FileHandle.standardError.write(Data("error: \(error)\n".utf8))
            return 1
        }
    }
}
