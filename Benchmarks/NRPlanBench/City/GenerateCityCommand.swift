import CityGenerator
import Foundation
import Support

/// `nrplan-bench generate-city --preset demo|guangzhou [--seed N] --out DIR`: writes a
/// deterministic synthetic city (GeoJSON layers + scenario.json) and prints what it wrote.
enum GenerateCityCommand {
    static let usage =
        "USAGE: nrplan-bench generate-city --preset \(CityPreset.all.map(\.name).joined(separator: "|")) [--seed N] --out DIR"

    /// The registry entry.
    static var command: BenchCommand {
        BenchCommand(
            name: "generate-city", abstract: "write a deterministic synthetic city (scenario + GeoJSON)", run: run)
    }

    /// Parsed arguments.
    struct Options {
        var preset: CityPreset
        var seed: UInt64
        var outputFolder: URL
    }

    /// Parses `arguments`; `nil` with a message on bad usage.
    static func parse(_ arguments: [String]) -> Result<Options?, UsageError> {
        var presetName: String?
        var seed: UInt64 = 1
        var out: String?
        var rest = arguments[...]
        while let argument = rest.popFirst() {
            switch argument {
            case "--help", "-h":
                return .success(nil)
            case "--preset", "--seed", "--out":
                guard let value = rest.popFirst(), !value.hasPrefix("--") else {
                    return .failure(UsageError("\(argument) needs a value"))
                }
                if argument == "--preset" { presetName = value }
                if argument == "--out" { out = value }
                if argument == "--seed" {
                    guard let parsed = UInt64(value) else {
                        return .failure(UsageError("--seed expects a non-negative integer, found '\(value)'"))
                    }
                    seed = parsed
                }
            default:
                return .failure(UsageError("unexpected argument '\(argument)'"))
            }
        }
        guard let presetName else { return .failure(UsageError("--preset is required")) }
        guard let preset = CityPreset.all.first(where: { $0.name == presetName }) else {
            return .failure(
                UsageError(
                    "unknown preset '\(presetName)' (expected \(CityPreset.all.map(\.name).joined(separator: " or ")))")
            )
        }
        guard let out, !out.isEmpty else { return .failure(UsageError("--out is required")) }
        return .success(Options(preset: preset, seed: seed, outputFolder: URL(fileURLWithPath: out)))
    }

    /// A bad command line, with the reason.
    struct UsageError: Error {
        let message: String
        init(_ message: String) { self.message = message }
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
            report(try CityGeneration.run(preset: options.preset, seed: options.seed, folder: options.outputFolder))
            return 0
        } catch {
            FileHandle.standardError.write(Data("error: \(error)\n".utf8))
            return 1
        }
    }

    /// Prints the files written and the figures a benchmark wants (area, exclusions, demand cells).
    static func report(_ r: CityGeneration.Report) {
        for file in r.files {
            print(
                "\(file.name.padding(toLength: 22, withPad: " ", startingAt: 0)) \(String(file.features).leftPadded(8)) features \(String(file.bytes).leftPadded(11)) bytes"
            )
        }
        print(
            "preset \(r.preset), seed \(r.seed): area \(format(r.areaKm2)) km², exclusions \(format(r.exclusionKm2)) km², "
                + "≈\(r.estimatedDemandCells) demand cells, population \(Int(r.population.rounded())), "
                + "candidates \(r.candidates), existing sites \(r.existingSites)")
        print(
            "generated in \(format(r.buildSeconds + r.writeSeconds)) s (build \(format(r.buildSeconds)) s, write \(format(r.writeSeconds)) s)"
        )
    }

    private static func format(_ value: Double) -> String { Precision.hundredths.fixed(value) }
}

extension String {
    fileprivate func leftPadded(_ width: Int) -> String {
        count >= width ? self : String(repeating: " ", count: width - count) + self
    }
}
