import Foundation
import Planning
import Support

/// The version printed by `nrplan --version` and written into every `summary.json`.
let nrplanVersion = NRPlanVersion.string

/// Every subcommand, in the order `nrplan --help` lists them.
nonisolated(unsafe) let commands: [any Command.Type] = [
    DemoCommand.self,
    SolveCommand.self,
    SolveMatrixCommand.self,
    AuditCommand.self,
    DiffCommand.self,
    ValidateCommand.self,
    ConvertCommand.self,
    ClusterCommand.self,
    CalibrateCommand.self,
    LinkBudgetCommand.self,
    TileCommand.self,
    TileRunCommand.self,
    MergeCommand.self,
]

func topLevelHelp() -> String {
    var lines = [
        "OVERVIEW: nrplan \(nrplanVersion) — 5G network planning and base-station siting.",
        "",
        "USAGE: nrplan <command> [options]",
        "",
        "COMMANDS:",
    ]
    for command in commands {
        let padded =
            command.name.count < 14
            ? command.name + String(repeating: " ", count: 14 - command.name.count) : command.name + "  "
        lines.append("  \(padded)\(command.abstract)")
    }
    lines += [
        "", "  See 'nrplan <command> --help' for a command's options.",
        "", "OPTIONS:", "  --version     Print the version.", "  --help        Show this help.",
        "",
        "EXIT CODES: 0 success, 1 an audit target missed, 2 bad usage or input (nothing written), 74 the outputs",
        "  could not be written (disk full, permission), 130/143 interrupted; after 2, 74, 130 and 143 the",
        "  output folder holds exactly what it held before.",
    ]
    return lines.joined(separator: "\n")
}

func runMain() -> Int32 {
    let arguments = Array(CommandLine.arguments.dropFirst())
    guard let first = arguments.first else {
        printError(topLevelHelp())
        return ExitCode.badInput
    }
    if first == "--help" || first == "-h" || first == "help" {
        print(topLevelHelp())
        return ExitCode.success
    }
    if first == "--version" {
        print(nrplanVersion)
        return ExitCode.success
    }
    guard let type = commands.first(where: { $0.name == first }) else {
        printError("error: unknown command '\(first)'")
        printError("usage: nrplan <command> [options]; see 'nrplan --help'")
        return ExitCode.badInput
    }
    let rest = Array(arguments.dropFirst())
    if rest.contains("--help") || rest.contains("-h") {
        print(type.helpText)
        return ExitCode.success
    }
    let command: any Command
    do {
        let parsed = try ParsedArguments(rest, options: type.options)
        command = try type.init(arguments: parsed)
    } catch {
        printError("error: \(error.message)")
        printError("usage: \(type.usage)")
        return ExitCode.badInput
    }
    do {
        return try command.run()
    } catch let failure as CommandFailure {
        printError(failure.message)
        return failure.exitCode
    } catch {
        printError("error: \(error)")
        return ExitCode.failure(error)
    }
}

exit(runMain())
