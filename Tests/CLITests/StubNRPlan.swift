import Foundation
import Testing

/// A stand-in for `nrplan tile-run` and `nrplan merge` with the contract of docs/scale.md, so the engine
/// scripts (scripts/slurm, scripts/parallel, scripts/k8s) are tested before the real commands exist; the
/// tile/merge tests swap in the real binary.
///
/// `tile-run MANIFEST [--index I] [--threads T] [--force]` takes its index from `--index`, else
/// `SLURM_ARRAY_TASK_ID`, else `JOB_COMPLETION_INDEX` (exit 2 when none is set or it is out of range),
/// sleeps 0.2 s, then appends `INDEX SOURCE THREADS END_NS` to `<manifest folder>/ran/INDEX`; it exits 1
/// when `<manifest folder>/fail` lists the index. `merge MANIFEST --out DIR` exits 2 when a tile has not
/// run, else writes `DIR/merged.txt` (`START_NS` and the tiles it found).
enum StubNRPlan {
    static let script = #"""
        #!/bin/sh
        set -eu
        command=$1
        manifest=$2
        shift 2
        dir=$(cd "$(dirname "$manifest")" && pwd)
        count=$(grep -o '"index"' "$manifest" | wc -l)
        index=""
        source=""
        threads=""
        out=""
        while [ $# -gt 0 ]; do
            case $1 in
                --index) index=$2; source=--index; shift 2 ;;
                --threads) threads=$2; shift 2 ;;
                --out) out=$2; shift 2 ;;
                --force) shift ;;
                *) echo "stub nrplan: unexpected argument '$1'" >&2; exit 2 ;;
            esac
        done
        case $command in
        tile-run)
            if [ -z "$index" ]; then
                if [ -n "${SLURM_ARRAY_TASK_ID:-}" ]; then index=$SLURM_ARRAY_TASK_ID; source=SLURM_ARRAY_TASK_ID
                elif [ -n "${JOB_COMPLETION_INDEX:-}" ]; then index=$JOB_COMPLETION_INDEX; source=JOB_COMPLETION_INDEX
                else echo "stub nrplan: no tile index (--index, SLURM_ARRAY_TASK_ID, JOB_COMPLETION_INDEX)" >&2; exit 2
                fi
            fi
            if [ "$index" -ge "$count" ]; then echo "stub nrplan: index $index out of range" >&2; exit 2; fi
            sleep 0.2
            mkdir -p "$dir/ran"
            echo "$index $source ${threads:-none} $(date +%s%N)" >>"$dir/ran/$index"
            if [ -f "$dir/fail" ] && grep -qx "$index" "$dir/fail"; then exit 1; fi
            ;;
        merge)
            start=$(date +%s%N)
            i=0
            found=""
            while [ $i -lt "$count" ]; do
                [ -f "$dir/ran/$i" ] || { echo "stub nrplan: tile $i has no output" >&2; exit 2; }
                found="$found $i"
                i=$((i + 1))
            done
            mkdir -p "$out"
            echo "$start$found" >"$out/merged.txt"
            ;;
        *) echo "stub nrplan: unknown command $command" >&2; exit 2 ;;
        esac
        """#

    /// One recorded tile run.
    struct TileRun: Equatable {
        let index: Int
        let source: String
        let threads: String
        let endNanoseconds: UInt64
    }

    /// Writes the stub (executable) and a manifest of `tiles` tiles into `folder`; returns (stub, manifest).
    static func install(tiles: Int, in folder: URL) throws -> (stub: URL, manifest: URL) {
        let stub = try CLI.write(script, "stub-nrplan", in: folder)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: stub.path)
        let entries = (0..<tiles).map {
            #"{"index": \#($0), "name": "t\#($0)", "scenario": "tiles/\#($0)/scenario.json", "out": "tiles/\#($0)/out"}"#
        }
        let manifest = try CLI.write(
            #"{"version": 1, "scenario": "scenario.json", "halo_m": 0, "input_sha256": "stub", "tiles": [\#n"#
                + entries.joined(separator: ",\n") + "\n]}\n", "manifest.json", in: folder)
        return (stub, manifest)
    }

    /// The recorded runs by index (an index that ran twice has two entries).
    static func runs(in folder: URL) -> [Int: [TileRun]] {
        var runs: [Int: [TileRun]] = [:]
        let ran = folder.appendingPathComponent("ran")
        for name in (try? FileManager.default.contentsOfDirectory(atPath: ran.path)) ?? [] {
            let text = (try? String(contentsOf: ran.appendingPathComponent(name), encoding: .utf8)) ?? ""
            for line in text.split(separator: "\n") {
                let parts = line.split(separator: " ")
                guard parts.count == 4, let index = Int(parts[0]), let end = UInt64(parts[3]) else { continue }
                runs[index, default: []].append(
                    TileRun(index: index, source: String(parts[1]), threads: String(parts[2]), endNanoseconds: end))
            }
        }
        return runs
    }

    /// The merge's record: its start time and the tiles it found, or nil when it did not run.
    static func merge(in folder: URL) -> (startNanoseconds: UInt64, tiles: [Int])? {
        guard let text = try? String(contentsOf: folder.appendingPathComponent("merged/merged.txt"), encoding: .utf8)
        else { return nil }
        let parts = text.split(whereSeparator: \.isWhitespace)
        guard let first = parts.first, let start = UInt64(first) else { return nil }
        return (start, parts.dropFirst().compactMap { Int($0) })
    }

    /// Parses `NAME=VALUE` lines (the job ids submit.sh prints).
    static func assignments(_ text: String) -> [String: String] {
        var values: [String: String] = [:]
        for line in text.split(separator: "\n") {
            let pair = line.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            if pair.count == 2 { values[String(pair[0])] = String(pair[1]) }
        }
        return values
    }
}
