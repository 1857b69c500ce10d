import CityGenerator
import Foundation
import Planning
import Support

/// `nrplan-bench province` (`make bench-province`, issue 16): a synthetic province of several
/// generated cities (`generate-province`), cut by `nrplan tile --grid-km K`, the tiles and the merge
/// submitted with `scripts/slurm/submit.sh` to a throw-away single-node Slurm (`local-cluster.sh`)
/// with 2 slots (1 CPU per tile), then the same merge again outside Slurm (its wall time and peak
/// memory from `wait4`, and its bytes against the Slurm merge), the single-machine `nrplan solve` of
/// the same scenario with 2 threads, and `compare-tiles` between the two plans. Prints per-tile wall
/// time and peak memory (from each `tile.json`), the comparison, a linear extrapolation to 21 cities /
/// 70 M cells, then one JSON line. Needs root and Debian's munge/slurm packages (.ci/run).
///
/// `--city` (`make bench-tiles-city`): the same steps on one Guangzhou-sized city (the generator and
/// seed of `nrplan-bench city`, 3.07 M cells) instead of a province — issue 16's "one city".
enum ProvinceBench {
    static var command: BenchCommand {
        BenchCommand(name: "province", abstract: "tiles on a local Slurm vs one machine (make bench-province)") {
            try run($0)
        }
    }

    static let usage =
        "usage: nrplan-bench province [--cities N (default 4) | --city] [--grid-km K (default 10)] [--seed N] [--nrplan PATH] [--keep DIR]"

    // Long because: the bench's steps in the order they run (generate, cut, cluster, submit, wait, merge again, single run, compare, print); to be split into steps.
    static func run(_ arguments: [String]) throws -> Int32 {
        var values = ["--cities": "4", "--grid-km": "10", "--seed": "1"]
        var index = 0
        var oneCity = false
        while index < arguments.count {
            if arguments[index] == "--city" {
                oneCity = true
                index += 1
                continue
            }
            guard index + 1 < arguments.count,
                ["--cities", "--grid-km", "--seed", "--nrplan", "--keep"].contains(arguments[index])
            else {
                FileHandle.standardError.write(Data("\(usage)\n".utf8))
                return 2
            }
            values[arguments[index]] = arguments[index + 1]
            index += 2
        }
        let binary =
            values["--nrplan"]
            ?? URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent(
                "nrplan"
            )
            .path
        guard FileManager.default.isExecutableFile(atPath: binary) else {
            throw BenchError.message("nrplan not found at \(binary) (swift build -c release, or --nrplan)")
        }
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
        let folder = URL(fileURLWithPath: values["--keep"] ?? (NSTemporaryDirectory() + "nrplan-province-\(getpid())"))
        try? FileManager.default.removeItem(at: folder)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { if values["--keep"] == nil { try? FileManager.default.removeItem(at: folder) } }
        func path(_ name: String) -> String { folder.appendingPathComponent(name).path }
        func child(_ label: String, _ executable: String, _ arguments: [String]) throws -> ChildProcess.Outcome {
            let outcome = try ChildProcess.run(
                executable, arguments, stdoutPath: path("\(label).out"), stderrPath: path("\(label).err"))
            if outcome.status != 0 {
                let text = (try? String(contentsOfFile: path("\(label).err"), encoding: .utf8)) ?? ""
                throw BenchError.message("\(label) exited \(outcome.status): \(text)")
            }
            return outcome
        }

        if oneCity {
            log("generating the Guangzhou-sized city into \(path("province")) ...")
            _ = try CityGeneration.run(
                preset: .guangzhou, seed: UInt64(values["--seed"]!) ?? 1, folder: URL(fileURLWithPath: path("province"))
            )
        } else {
            log("generating \(values["--cities"]!) cities into \(path("province")) ...")
            guard
                try GenerateProvinceCommand.command.run([
                    "--cities", values["--cities"]!, "--seed", values["--seed"]!, "--out", path("province"),
                ]) == 0
            else { throw BenchError.message("generate-province failed") }
        }
        let scenario = path("province/scenario-layers.json")
        let manifest = path("run/manifest.json")
        let cut = try child(
            "tile", binary, ["tile", scenario, "--out", path("run"), "--grid-km", values["--grid-km"]!])
        log((try? String(contentsOfFile: path("tile.out"), encoding: .utf8)) ?? "")

        // The tiles and the merge on the local cluster: 2 slots, 1 CPU per tile, the merge with both.
        let cluster = root.appendingPathComponent("scripts/slurm/local-cluster.sh").path
        _ = try child("cluster-start", cluster, ["start", path("cluster")])
        defer {
            _ = try? ChildProcess.run(
                cluster, ["stop", path("cluster")], stdoutPath: "/dev/null", stderrPath: "/dev/null")
        }
        setenv("SLURM_CONF", path("cluster/etc/slurm.conf"), 1)
        let clock = ContinuousClock()
        let start = clock.now
        _ = try child(
            "submit", root.appendingPathComponent("scripts/slurm/submit.sh").path,
            ["--nrplan", binary, "--cpus", "1", "--merge-cpus", "2", manifest])
        let ids = ((try? String(contentsOfFile: path("submit.out"), encoding: .utf8)) ?? "").split(separator: "\n")
            .filter { $0.contains("_JOB_ID=") }.compactMap { line in line.split(separator: "=").last.map(String.init) }
        while true {
            // Until no job is pending or running (a failing squeue ends the wait; the merged summary decides).
            let polled = try ChildProcess.run(
                "/usr/bin/env", ["squeue", "-h", "-j", ids.joined(separator: ",")], stdoutPath: path("squeue.out"),
                stderrPath: path("squeue.err"))
            let queue = (try? String(contentsOfFile: path("squeue.out"), encoding: .utf8)) ?? ""
            if polled.status != 0 { break }
            if queue.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty { break }
            usleep(500_000)
        }
        let slurmSeconds = seconds(clock.now - start)
        guard FileManager.default.fileExists(atPath: path("run/merged/summary.json")) else {
            throw BenchError.message("the Slurm run did not merge: see \(path("run/logs"))")
        }
        log(
            "tiles + merge on Slurm: \(format(slurmSeconds, 1)) s; merging again outside Slurm, then the single run ..."
        )
        let merge = try child(
            "merge", binary, ["merge", manifest, "--out", path("merged-local"), "--threads", "2", "--quiet"])
        let identical = try ["sites.geojson", "holes.geojson", "coverage.geojson", "sites.csv"].allSatisfy {
            try Data(contentsOf: URL(fileURLWithPath: path("run/merged/\($0)")))
                == Data(contentsOf: URL(fileURLWithPath: path("merged-local/\($0)")))
        }
        let single = try child(
            "single", binary, ["solve", scenario, "--out", path("single"), "--threads", "2", "--quiet"])
        let comparison = try CompareTilesCommand.compare(
            manifest: URL(fileURLWithPath: manifest), single: URL(fileURLWithPath: path("single")),
            merged: URL(fileURLWithPath: path("run/merged")), threads: 2)
        let tiles = try tileFigures(URL(fileURLWithPath: manifest))
        print(
            report(
                tiles: tiles, comparison: comparison, slurmSeconds: slurmSeconds, merge: merge, single: single,
                identical: identical, cutSeconds: cut.wallSeconds))
        let line: JSONValue = .object([
            ("cities", .number(oneCity ? 1 : Double(values["--cities"]!) ?? 0)),
            ("guangzhou_sized_city", .bool(oneCity)),
            ("grid_km", .number(Double(values["--grid-km"]!) ?? 0)),
            (
                "tiles",
                .array(
                    tiles.map { t in
                        .object([
                            ("index", .number(Double(t.index))), ("cells", .number(Double(t.cells))),
                            ("seconds", .number(t.seconds, .figure)), ("peak_rss_mb", .number(t.peakMB, .figure)),
                            ("cost", .number(t.cost)),
                        ])
                    })
            ),
            ("slurm_wall_seconds", .number(slurmSeconds, .figure)),
            ("merge_seconds", .number(merge.wallSeconds, .figure)),
            ("merge_peak_rss_mb", .number(merge.peakRSSMegabytes, .figure)),
            ("single_seconds", .number(single.wallSeconds, .figure)),
            ("single_peak_rss_mb", .number(single.peakRSSMegabytes, .figure)),
            ("merge_rerun_identical", .bool(identical)),
            ("comparison", comparison),
        ])
        print(JSONWriter.string(line))
        return 0
    }

    struct Tile {
        var index: Int
        var name: String
        var cells: Int
        var candidates: Int
        var seconds: Double
        var peakMB: Double
        var cost: Double
        var sites: Int
    }

    /// Each tile's figures from its `tile.json` (solved with 1 thread inside its Slurm task).
    static func tileFigures(_ manifestURL: URL) throws -> [Tile] {
        let manifest = try TileManifest.read(manifestURL, displayName: manifestURL.path)
        return try manifest.tiles.map { tile in
            let url = manifestURL.deletingLastPathComponent().appendingPathComponent(tile.out)
                .appendingPathComponent("tile.json")
            let json = try JSONParser.parse(Data(contentsOf: url))
            let seconds = (json["seconds"]?.objectMembers ?? []).compactMap(\.value.doubleValue).reduce(0, +)
            return Tile(
                index: tile.index, name: tile.name, cells: tile.cells, candidates: tile.candidates, seconds: seconds,
                peakMB: (json["peak_rss_bytes"]?.doubleValue ?? 0) / 1_048_576, cost: json["cost"]?.doubleValue ?? 0,
                sites: json["new_sites"]?.arrayValue?.count ?? 0)
        }
    }

    static func report(
        tiles: [Tile], comparison c: JSONValue, slurmSeconds: Double, merge: ChildProcess.Outcome,
        single: ChildProcess.Outcome, identical: Bool, cutSeconds: Double
    ) -> String {
        func value(_ key: String) -> Double { c[key]?.doubleValue ?? .nan }
        var lines = ["tile  name        cells  candidates  sites      cost   wall s  peak MiB"]
        for t in tiles {
            lines.append(
                [
                    pad("\(t.index)", 4), pad(t.name, 6, left: true), pad("\(t.cells)", 9), pad("\(t.candidates)", 11),
                    pad("\(t.sites)", 6), pad(format(t.cost, 1), 9), pad(format(t.seconds, 1), 8),
                    pad(format(t.peakMB, 1), 9),
                ].joined(separator: " "))
        }
        let cells = Double(tiles.reduce(0) { $0 + $1.cells })
        let tileSeconds = tiles.reduce(0) { $0 + $1.seconds }
        let maxPeak = tiles.map(\.peakMB).max() ?? 0
        let singleCost = value("single_cost")
        let mergedCost = value("merged_cost")
        lines += [
            "cut           \(format(cutSeconds, 1)) s",
            "Slurm         tiles + merge \(format(slurmSeconds, 1)) s wall on 2 slots (tile work \(format(tileSeconds, 1)) s at 1 thread each)",
            "merge         \(format(merge.wallSeconds, 1)) s, \(format(merge.peakRSSMegabytes, 1)) MiB peak (2 threads); re-run byte-identical: \(identical ? "yes" : "NO")",
            "single run    \(format(single.wallSeconds, 1)) s, \(format(single.peakRSSMegabytes, 1)) MiB peak (2 threads); largest tile \(format(maxPeak, 1)) MiB (\(format(maxPeak / max(single.peakRSSMegabytes, 1) * 100, 0)) %)",
            "cost          single \(format(singleCost, 1)) (bound \(format(value("single_lower_bound"), 1))), tiles merged \(format(mergedCost, 1)) (\(format((mergedCost / singleCost - 1) * 100, 2)) %, bound \(format(value("merged_lower_bound"), 1)), gap \(format((mergedCost - value("merged_lower_bound")) / mergedCost * 100, 2)) %)",
            "coverage      single \(format(value("single_coverage") * 100, 2)) %, merged \(format(value("merged_coverage") * 100, 2)) % (target \(format(value("target") * 100, 0)) %); enclosed seam holes \(Int(value("single_seam_holes"))) vs \(Int(value("merged_seam_holes"))), new \(Int(value("new_seam_holes")))",
        ]
        // Linear in cells: tile work per cell, merge time and memory per cell of the whole area.
        let province = 70e6
        let work = tileSeconds / max(cells, 1) * province
        let mergeSeconds = merge.wallSeconds / max(cells, 1) * province
        let mergeMB = merge.peakRSSMegabytes / max(cells, 1) * province
        var nodes: [String] = []
        for n in [10, 50, 200] {
            nodes.append("\(n) nodes × 2 slots: tiles \(format(work / Double(2 * n) / 3600, 2)) h")
        }
        lines.append(
            "extrapolated  21 cities / 70 M cells, linear in cells: tile work \(format(work / 3600, 1)) core-h; "
                + nodes.joined(separator: ", ")
                + "; merge \(format(mergeSeconds / 3600, 2)) h, \(format(mergeMB / 1024, 1)) GiB on one node")
        return lines.joined(separator: "\n")
    }

    static func pad(_ text: String, _ width: Int, left: Bool = false) -> String {
        let fill = String(repeating: " ", count: max(0, width - text.count))
        return left ? text + fill : fill + text
    }

    static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }

    static func log(_ text: String) { FileHandle.standardError.write(Data("province: \(text)\n".utf8)) }

    static func format(_ value: Double, _ decimals: Int) -> String { Precision(decimals: decimals).fixed(value) }
}
