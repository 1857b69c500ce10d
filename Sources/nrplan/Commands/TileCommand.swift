import Foundation
import Planning
import Support

/// `nrplan tile SCENARIO.json --out DIR (--by-district | --grid-km K)`: cuts a scenario into tiles
/// that batch tasks solve independently (`tile-run`) and `merge` joins (docs/scale.md).
struct TileCommand: Command {
    static let name = "tile"
    static let abstract = "Cut a scenario into tiles for a batch engine (Slurm, Kubernetes, GNU parallel)."
    static let usage =
        "nrplan tile SCENARIO.json --out DIR (--by-district | --grid-km K) [--halo-m M] [--threads N] [--force] [--quiet]"
    static let discussion = """
        Writes DIR/manifest.json and one folder per tile, DIR/tiles/<index>/: the tile's scenario, the
        features of every input that reach it (unmodified) and the candidates and existing sites that
        can cover its core cells (core and halo). Every tile shares the scenario's projection and demand
        grid, so a tile's cells, weights and link budgets are those of the single-machine run. Run the
        tiles with `nrplan tile-run DIR/manifest.json` (scripts/slurm/submit.sh, scripts/k8s/run.sh,
        scripts/parallel/run.sh) and join them with `nrplan merge DIR/manifest.json --out DIR/merged`.
        Min-cost radio scenarios with area demand only (docs/scale.md, "Scope").
        """
    static let options: [OptionSpec] = [
        .value("--out", "DIR", "The manifest folder (created; must be empty unless --force)."),
        .flag("--by-district", "One tile per district of the area."),
        .value("--grid-km", "K", "Square tiles of K km aligned to the demand grid (a whole number of cells)."),
        .value(
            "--halo-m", "M",
            "Take sites up to M metres from a tile's core (default: each site's own largest predicted range; never less)."
        ),
        .value("--threads", "N", "Worker threads (default: all cores); results do not depend on it."),
        .flag("--force", "Replace the manifest and tiles of an earlier cut in DIR (their outputs and merge too)."),
        .flag("--quiet", "No progress or summary output."),
    ]
    let scenarioPath: String
    let outPath: String
    let mode: TileCut.Mode
    let haloMeters: Double?
    let threads: Int
    let force: Bool
    let quiet: Bool

    init(arguments: ParsedArguments) throws(UsageError) {
        scenarioPath = try arguments.positionals(exactly: ["SCENARIO.json"])[0]
        outPath = try arguments.required("--out")
        let km = try arguments.double("--grid-km", in: 0.001...100_000)
        switch (arguments.flag("--by-district"), km) {
        case (true, nil): mode = .district
        case (false, let km?): mode = .grid(kilometers: km)
        case (true, _?): throw UsageError("give --by-district or --grid-km K, not both")
        case (false, nil): throw UsageError("give --by-district or --grid-km K (how to cut the area)")
        }
        haloMeters = try arguments.double("--halo-m", in: 0...10_000_000)
        threads = try arguments.int("--threads", in: 1...1024) ?? RunSupport.defaultThreads
        force = arguments.flag("--force")
        quiet = arguments.flag("--quiet")
    }

    func run() throws -> Int32 {
        let url = URL(fileURLWithPath: outPath)
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory), isDirectory.boolValue, !force,
            !((try? FileManager.default.contentsOfDirectory(atPath: url.path)) ?? []).isEmpty
        {
            throw CommandFailure(
                exitCode: ExitCode.badInput,
                message: "error: \(outPath): output folder is not empty; use --force to replace an earlier cut there")
        }
        let out = try RunSupport.prepareOutputFolder(outPath, force: true)
        RunSupport.installInterruptHandlers()
        let announce: (@Sendable (String) -> Void)? = quiet ? nil : RunSupport.announceStage
        let scenarioURL = URL(fileURLWithPath: scenarioPath)
        let manifest: TileManifest
        let cut: TileCut
        do throws(PlanningError) {
            announce?("load")
            let (scenario, warnings) = try ScenarioLoader.load(scenarioURL, displayName: scenarioPath).get()
            if !quiet { for warning in warnings { printError("warning: \(warning)") } }
            announce?("grid")
            let study = try StudyArea.prepare(
                districts: scenario.districts, exclusions: scenario.exclusions.map(\.geometry),
                demand: scenario.demand, sourceFile: scenario.file, threads: threads, frame: scenario.frame)
            announce?("cut")
            cut = try TileCut.make(scenario: scenario, study: study, mode: mode, haloMeters: haloMeters)
            let folder: OutputFolder
            do {
                folder = try OutputFolder(target: out, owns: ["manifest.json", "tiles", "merged"])
            } catch {
                throw PlanningError.output("\(error)")
            }
            announce?("write")
            manifest = try TileFolder.write(
                scenarioURL: scenarioURL, displayName: scenarioPath, scenario: scenario, study: study, cut: cut,
                manifestFolder: out, into: folder)
            do { try folder.publish() } catch { throw PlanningError.output("\(error)") }
        } catch {
            if case .output(let message) = error {
                throw CommandFailure(exitCode: ExitCode.outputFailed, message: "error: \(message)")
            }
            throw CommandFailure(exitCode: ExitCode.badInput, message: error.description)
        }
        if !quiet { print(Self.table(manifest, cut: cut, out: outPath)) }
        return ExitCode.success
    }

    /// One line per tile and the totals, with the halo's overhead.
    static func table(_ manifest: TileManifest, cut: TileCut, out: String) -> String {
        var lines = ["tile  name                  cells  candidates  existing  core km²"]
        for tile in manifest.tiles {
            func right(_ text: String, _ width: Int) -> String {
                String(repeating: " ", count: max(0, width - text.count)) + text
            }
            lines.append(
                right("\(tile.index)", 4) + "  " + tile.name.padding(toLength: 18, withPad: " ", startingAt: 0)
                    + right("\(tile.cells)", 9) + right("\(tile.candidates)", 12) + right("\(tile.existing)", 10)
                    + right(Precision.hundredths.fixed(tile.coreAreaKm2), 10))
        }
        let listed = cut.tilesPerSite.reduce(0, +)
        let distinct = cut.tilesPerSite.filter { $0 > 0 }.count
        let seam = cut.tilesPerSite.filter { $0 > 1 }.count
        let overhead = distinct > 0 ? Double(listed) / Double(distinct) : 1
        lines.append(
            "\(manifest.tiles.count) tiles, \(manifest.cells) cells; halo \(Precision.tenths.fixed(manifest.haloMeters)) m: sites are solved \(Precision.hundredths.fixed(overhead))x over (\(seam) of \(distinct) sites in more than one tile)"
        )
        lines.append("manifest      \(out)/manifest.json")
        lines.append(
            "next          nrplan tile-run \(out)/manifest.json --index I   (or scripts/slurm/submit.sh \(out)/manifest.json)"
        )
        return lines.joined(separator: "\n")
    }
}
