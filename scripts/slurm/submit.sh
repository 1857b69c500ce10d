#!/usr/bin/env bash
# Submits a tiled nrplan job to Slurm: one array task per tile, then the merge once every tile succeeded.
#
#   scripts/slurm/submit.sh [OPTIONS] MANIFEST
#
# MANIFEST is the manifest.json `nrplan tile` wrote; its folder must be on a filesystem every compute node
# mounts at the same path (docs/scale.md). Each array task runs `nrplan tile-run MANIFEST`, which takes its
# tile from SLURM_ARRAY_TASK_ID; the merge runs `nrplan merge MANIFEST --out OUT` with
# --dependency=afterok:<array> --kill-on-invalid-dep=yes, so a failed tile cancels the merge instead of
# leaving it pending forever. Prints the job ids as shell assignments on stdout:
#   ARRAY_JOB_ID=1234
#   MERGE_JOB_ID=1235
#
# Options (environment variables in brackets; options win):
#   --nrplan PATH        the nrplan binary as the compute nodes see it [NRPLAN; default: nrplan on PATH]
#   --out DIR            folder of the merged plan [default: <manifest folder>/merged]
#   --tiles LIST         array indices to run, e.g. 3,7 or 0-15 [default: every tile, 0-(N-1), N from the manifest]
#   --count N            number of tiles, instead of reading the manifest (needs python3 or jq otherwise)
#   --cpus N             CPUs per tile task, passed on as nrplan --threads [NRPLAN_TILE_CPUS; default 2]
#   --mem SIZE           memory per tile task, e.g. 8G [NRPLAN_TILE_MEM; default: the partition's]
#   --time LIMIT         time limit per tile task, e.g. 2:00:00 [NRPLAN_TILE_TIME]
#   --max-running K      at most K tiles at once (sbatch --array=...%K) [NRPLAN_MAX_RUNNING]
#   --merge-cpus N       [NRPLAN_MERGE_CPUS; default 2]
#   --merge-mem SIZE     [NRPLAN_MERGE_MEM]
#   --merge-time LIMIT   [NRPLAN_MERGE_TIME]
#   --partition P        [NRPLAN_PARTITION]
#   --account A          [NRPLAN_ACCOUNT]
#   --logs DIR           task logs tile-<index>.out and merge.out [default: <manifest folder>/logs]
#   --sbatch-arg ARG     one more sbatch argument for both jobs (repeatable) [NRPLAN_SBATCH_ARGS, split on spaces]
#   --force              re-solve finished tiles (tile-run --force) and replace the merged folder (merge --force)
#   --no-merge           submit the tiles only
#   --dry-run            print the sbatch command lines and job scripts; submit nothing
#
# Exit status: 0 submitted, 2 bad usage or input (nothing submitted), 1 sbatch failed (when the merge
# submission fails after the array was accepted, the array is cancelled again).
set -euo pipefail

usage() {
    sed -n '2,/^set -euo/p' "$0" | sed '$d' | sed 's/^# \{0,1\}//' >&2
    exit 2
}
bad() {
    echo "submit.sh: error: $*" >&2
    exit 2
}

nrplan=${NRPLAN:-nrplan}
out=""
tiles=""
count=""
cpus=${NRPLAN_TILE_CPUS:-2}
mem=${NRPLAN_TILE_MEM:-}
time_limit=${NRPLAN_TILE_TIME:-}
max_running=${NRPLAN_MAX_RUNNING:-}
merge_cpus=${NRPLAN_MERGE_CPUS:-2}
merge_mem=${NRPLAN_MERGE_MEM:-}
merge_time=${NRPLAN_MERGE_TIME:-}
partition=${NRPLAN_PARTITION:-}
account=${NRPLAN_ACCOUNT:-}
logs=""
extra=()
# shellcheck disable=SC2206
[ -n "${NRPLAN_SBATCH_ARGS:-}" ] && extra=(${NRPLAN_SBATCH_ARGS})
force=0
merge=1
dry=0
manifest=""

need() { [ $# -ge 2 ] && [ -n "$2" ] || bad "$1 needs a value"; }
while [ $# -gt 0 ]; do
    if [[ $1 == --*=* ]]; then # --option=value is --option value
        set -- "${1%%=*}" "${1#*=}" "${@:2}"
    fi
    case $1 in
        --nrplan) need "$@"; nrplan=$2; shift 2 ;;
        --out) need "$@"; out=$2; shift 2 ;;
        --tiles) need "$@"; tiles=$2; shift 2 ;;
        --count) need "$@"; count=$2; shift 2 ;;
        --cpus) need "$@"; cpus=$2; shift 2 ;;
        --mem) need "$@"; mem=$2; shift 2 ;;
        --time) need "$@"; time_limit=$2; shift 2 ;;
        --max-running) need "$@"; max_running=$2; shift 2 ;;
        --merge-cpus) need "$@"; merge_cpus=$2; shift 2 ;;
        --merge-mem) need "$@"; merge_mem=$2; shift 2 ;;
        --merge-time) need "$@"; merge_time=$2; shift 2 ;;
        --partition) need "$@"; partition=$2; shift 2 ;;
        --account) need "$@"; account=$2; shift 2 ;;
        --logs) need "$@"; logs=$2; shift 2 ;;
        --sbatch-arg) need "$@"; extra+=("$2"); shift 2 ;;
        --force) force=1; shift ;;
        --no-merge) merge=0; shift ;;
        --dry-run) dry=1; shift ;;
        -h | --help) usage ;;
        --) shift; [ $# -eq 1 ] || bad "expected one MANIFEST"; manifest=$1; shift ;;
        -*) bad "unknown option '$1' (--help lists them)" ;;
        *) [ -z "$manifest" ] || bad "expected one MANIFEST, found '$manifest' and '$1'"; manifest=$1; shift ;;
    esac
done
[ -n "$manifest" ] || bad "MANIFEST is required (the manifest.json written by nrplan tile)"
[ -f "$manifest" ] || bad "$manifest: no such file (the manifest.json written by nrplan tile)"
positive() { [[ $2 =~ ^[1-9][0-9]*$ ]] || bad "$1 expects a positive integer, found '$2'"; }
positive --cpus "$cpus"
positive --merge-cpus "$merge_cpus"
[ -z "$max_running" ] || positive --max-running "$max_running"

# Absolute paths: the jobs run in other folders, on other machines.
manifest_dir=$(cd "$(dirname "$manifest")" && pwd -P)
manifest=$manifest_dir/$(basename "$manifest")
absolute() { case $1 in /*) echo "$1" ;; *) echo "$PWD/$1" ;; esac; }
out=$(absolute "${out:-$manifest_dir/merged}")
logs=$(absolute "${logs:-$manifest_dir/logs}")
case $nrplan in
    */*)
        nrplan=$(absolute "$nrplan")
        [ -x "$nrplan" ] || bad "--nrplan $nrplan: not an executable file"
        ;;
    *) command -v "$nrplan" >/dev/null 2>&1 || echo "submit.sh: warning: '$nrplan' is not on this host's PATH; the compute nodes must have it" >&2 ;;
esac

# The number of tiles: the length of the manifest's "tiles" array.
# shellcheck source=../lib/manifest.sh
. "$(dirname "${BASH_SOURCE[0]}")/../lib/manifest.sh"
if [ -z "$count" ]; then
    count=$(manifest_tile_count "$manifest") || bad "$count"
fi
positive --count "$count"

# The array indices: every tile, or the listed ones (each within 0..count-1).
if [ -z "$tiles" ]; then
    tiles="0-$((count - 1))"
else
    IFS=, read -r -a parts <<<"$tiles"
    for part in "${parts[@]}"; do
        if [[ $part =~ ^([0-9]+)-([0-9]+)$ ]]; then
            lo=${BASH_REMATCH[1]}
            hi=${BASH_REMATCH[2]}
        elif [[ $part =~ ^[0-9]+$ ]]; then
            lo=$part
            hi=$part
        else
            bad "--tiles expects indices and ranges like 3,7,10-12, found '$part'"
        fi
        [ "$lo" -le "$hi" ] || bad "--tiles: range '$part' is empty"
        [ "$hi" -lt "$count" ] || bad "--tiles: index $hi is out of range: the manifest has $count tiles (0-$((count - 1)))"
    done
fi
array=$tiles${max_running:+%$max_running}

common=(--parsable "--chdir=$manifest_dir")
[ -n "$partition" ] && common+=("--partition=$partition")
[ -n "$account" ] && common+=("--account=$account")
common+=(${extra[@]+"${extra[@]}"})

tile_args=(--job-name=nrplan-tiles "--array=$array" --ntasks=1 "--cpus-per-task=$cpus" "--output=$logs/tile-%a.out")
[ -n "$mem" ] && tile_args+=("--mem=$mem")
[ -n "$time_limit" ] && tile_args+=("--time=$time_limit")
force_arg=""
[ $force = 1 ] && force_arg=" --force"
tile_script="#!/bin/bash
# nrplan tile task: the tile index comes from SLURM_ARRAY_TASK_ID.
exec $(printf %q "$nrplan") tile-run $(printf %q "$manifest") --threads \"\${SLURM_CPUS_PER_TASK:-1}\"$force_arg
"
merge_script="#!/bin/bash
# nrplan merge: runs only when every tile task succeeded (afterok).
exec $(printf %q "$nrplan") merge $(printf %q "$manifest") --out $(printf %q "$out") --threads \"\${SLURM_CPUS_PER_TASK:-1}\"$force_arg
"

if [ $dry = 1 ]; then
    printf 'sbatch'
    printf ' %q' "${common[@]}" "${tile_args[@]}"
    printf ' <<EOF\n%sEOF\n' "$tile_script"
    if [ $merge = 1 ]; then
        printf 'sbatch'
        printf ' %q' "${common[@]}" --job-name=nrplan-merge "--dependency=afterok:\$ARRAY_JOB_ID" \
            --kill-on-invalid-dep=yes --ntasks=1 "--cpus-per-task=$merge_cpus" "--output=$logs/merge.out"
        printf ' <<EOF\n%sEOF\n' "$merge_script"
    fi
    exit 0
fi

command -v sbatch >/dev/null 2>&1 || bad "sbatch is not on PATH (run this on a Slurm login node)"
mkdir -p "$logs"
reply=$(sbatch "${common[@]}" "${tile_args[@]}" <<<"$tile_script") || {
    echo "submit.sh: error: sbatch refused the tile array" >&2
    exit 1
}
array_id=${reply%%;*}
echo "submit.sh: $count tile(s), array job $array_id (--array=$array, $cpus CPU(s) each${mem:+, $mem})" >&2
echo "ARRAY_JOB_ID=$array_id"
[ $merge = 1 ] || exit 0

merge_args=(--job-name=nrplan-merge "--dependency=afterok:$array_id" --kill-on-invalid-dep=yes --ntasks=1
    "--cpus-per-task=$merge_cpus" "--output=$logs/merge.out")
[ -n "$merge_mem" ] && merge_args+=("--mem=$merge_mem")
[ -n "$merge_time" ] && merge_args+=("--time=$merge_time")
reply=$(sbatch "${common[@]}" "${merge_args[@]}" <<<"$merge_script") || {
    echo "submit.sh: error: sbatch refused the merge job; cancelling array job $array_id" >&2
    scancel "$array_id" || true
    exit 1
}
merge_id=${reply%%;*}
echo "submit.sh: merge job $merge_id after every tile succeeded, into $out" >&2
echo "MERGE_JOB_ID=$merge_id"
