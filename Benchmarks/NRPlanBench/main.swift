import Foundation

// nrplan-bench: benchmarks and generators. Each subcommand lives in its own file and registers here.
// Timing belongs here, never in test assertions.

/// A benchmark subcommand: `nrplan-bench NAME [args]`.
struct BenchCommand {
    let name: String
    let abstract: String
    let run: ([String]) throws -> Int32
}

nonisolated(unsafe) var benchCommands: [BenchCommand] = []
// Registration: one line per subcommand file (kept in name order).
benchCommands.append(CalibrationBench.command)
benchCommands.append(CFLPBench.command)
benchCommands.append(CityBench.command)
benchCommands.append(CompareTilesCommand.command)
benchCommands.append(CoverageBench.command)
benchCommands.append(GenerateCityCommand.command)
benchCommands.append(GenerateDriveTestCommand.command)
benchCommands.append(GenerateProvinceCommand.command)
benchCommands.append(KernelBench.command)
benchCommands.append(LoadBench.command)
benchCommands.append(MathorCupBench.command)
benchCommands.append(MCLPBench.command)
benchCommands.append(MatrixOneBench.command)
benchCommands.append(ProvinceBench.command)
benchCommands.append(SCPBench.command)

func benchMain() -> Int32 {
    let arguments = Array(CommandLine.arguments.dropFirst())
    guard let name = arguments.first, name != "--help", name != "-h" else {
        print("USAGE: nrplan-bench <command> [args]\n\nCOMMANDS:")
        for command in benchCommands {
            print("  \(command.name.padding(toLength: 16, withPad: " ", startingAt: 0))\(command.abstract)")
        }
        return arguments.isEmpty ? 2 : 0
    }
    guard let command = benchCommands.first(where: { $0.name == name }) else {
        FileHandle.standardError.write(Data("error: unknown benchmark '\(name)'\n".utf8))
        return 2
    }
    do {
        return try command.run(Array(arguments.dropFirst()))
    } catch {
        FileHandle.standardError.write(Data("error: \(error)\n".utf8))
        return 2
    }
}

exit(benchMain())
