#!/usr/bin/env bash
# Runs a tiled nrplan job with GNU parallel: every tile on this host (or on --sshlogin hosts), then the merge.
# No daemons, no queue; milliseconds of overhead per tile. It is the one-liner of docs/scale.md,
#
#   seq 0 $((N - 1)) | parallel -q --jobs K nrplan tile-run manifest.json --index {} --threads T \
#     && nrplan merge manifest.json --out merged
#
# with the tile count read from the manifest, a job log for re-runs, and the merge skipped when a tile failed.
#
#   scripts/parallel/run.sh [OPTIONS] MANIFEST [-- PARALLEL_OPTIONS...]
#
#   --nrplan PATH    the nrplan binary [NRPLAN; default: nrplan on PATH]
#   --out DIR        folder of the merged plan [default: <manifest folder>/merged]
#   --jobs K         tiles at once [default 1: a tile already uses every core through --threads]
#   --threads T      nrplan --threads per tile [default: the cores of this host / K]
#   --count N        number of tiles, instead of reading the manifest
#   --force          re-solve finished tiles, replace the merged folder
#   --no-merge       the tiles only
# After `--`: options for parallel itself, e.g. `--sshlogin 4/node1,4/node2` where hosts share the manifest
# folder at the same path, or add `--transferfile tiles/{} --return tiles/{}/out --cleanup` where they do not
# (docs/scale.md). The job log is <manifest folder>/logs/parallel.joblog: `parallel --retry-failed
# --joblog FILE` re-runs only the tiles that failed; re-running this script does too, since a finished tile
# is a no-op for `nrplan tile-run`.
#
# Exit status: 0 when every tile and the merge succeeded; 1 when a tile or the merge failed (the merge does
# not run after a failed tile); 2 bad usage or input.
set -euo pipefail

bad() {
    echo "parallel/run.sh: error: $*" >&2
    exit 2
}
nrplan=${NRPLAN:-nrplan}
out=""
jobs=1
threads=""
count=""
force=()
merge=1
manifest=""
while [ $# -gt 0 ]; do
    if [[ $1 == --*=* ]]; then set -- "${1%%=*}" "${1#*=}" "${@:2}"; fi
    case $1 in
        --nrplan | --out | --jobs | --threads | --count)
            [ $# -ge 2 ] && [ -n "$2" ] || bad "$1 needs a value"
            case $1 in
                --nrplan) nrplan=$2 ;;
                --out) out=$2 ;;
                --jobs) jobs=$2 ;;
                --threads) threads=$2 ;;
                --count) count=$2 ;;
            esac
            shift 2
            ;;
        --force) force=(--force); shift ;;
        --no-merge) merge=0; shift ;;
        -h | --help) sed -n '2,/^set -euo/p' "$0" | sed '$d' | sed 's/^# \{0,1\}//' >&2; exit 2 ;;
        --) shift; break ;;
        -*) bad "unknown option '$1' (--help lists them)" ;;
        *) [ -z "$manifest" ] || bad "expected one MANIFEST, found '$manifest' and '$1'"; manifest=$1; shift ;;
    esac
done
[ -n "$manifest" ] || bad "MANIFEST is required (the manifest.json written by nrplan tile)"
[ -f "$manifest" ] || bad "$manifest: no such file (the manifest.json written by nrplan tile)"
command -v parallel >/dev/null 2>&1 || bad "GNU parallel is not installed (Debian: apt-get install parallel)"
for value in "$jobs" ${threads:+"$threads"} ${count:+"$count"}; do
    [[ $value =~ ^[1-9][0-9]*$ ]] || bad "--jobs, --threads and --count expect a positive integer, found '$value'"
done
manifest_dir=$(cd "$(dirname "$manifest")" && pwd -P)
manifest=$manifest_dir/$(basename "$manifest")
case $nrplan in */*) nrplan=$(cd "$(dirname "$nrplan")" && pwd -P)/$(basename "$nrplan") ;; esac
out=${out:-$manifest_dir/merged}
[ -n "$threads" ] || threads=$(($(nproc) / jobs > 0 ? $(nproc) / jobs : 1))
# shellcheck source=../lib/manifest.sh
. "$(dirname "${BASH_SOURCE[0]}")/../lib/manifest.sh"
if [ -z "$count" ]; then count=$(manifest_tile_count "$manifest") || bad "$count"; fi

mkdir -p "$manifest_dir/logs"
status=0
seq 0 $((count - 1)) | parallel -q --jobs "$jobs" --joblog "$manifest_dir/logs/parallel.joblog" "$@" \
    "$nrplan" tile-run "$manifest" --index {} --threads "$threads" ${force[@]+"${force[@]}"} || status=$?
if [ $status -ne 0 ]; then
    echo "parallel/run.sh: $status tile(s) failed (see $manifest_dir/logs/parallel.joblog); no merge" >&2
    exit 1
fi
[ $merge = 1 ] || exit 0
"$nrplan" merge "$manifest" --out "$out" --threads "$(nproc)" ${force[@]+"${force[@]}"} || exit 1
