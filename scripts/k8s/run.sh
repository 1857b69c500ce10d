#!/usr/bin/env bash
# Runs a tiled nrplan job on Kubernetes: the tiles as one Indexed Job (tiles-job.yaml; pod k solves tile k from
# JOB_COMPLETION_INDEX), `kubectl wait` until it is Complete or Failed, then the merge as a second Job
# (merge-job.yaml) — Kubernetes has no dependency between Jobs, so this script is the dependency.
#
#   scripts/k8s/run.sh [OPTIONS] MANIFEST
#
# MANIFEST is your local copy of the manifest.json `nrplan tile` wrote (read for the tile count); the same
# folder must already be on the ReadWriteMany volume (volume.yaml), at --in-volume.
#
#   --image IMAGE         container image with nrplan [NRPLAN_IMAGE] (required)
#   --in-volume PATH      the manifest inside the volume [default: <manifest folder name>/manifest.json]
#   --out PATH            merged plan folder inside the volume [default: next to the manifest, merged]
#   --nrplan PATH         nrplan inside the image [default: nrplan]
#   --job NAME            Jobs NAME-tiles and NAME-merge [default: nrplan]
#   --pvc NAME            the ReadWriteMany claim [default: nrplan-work]
#   --parallelism K       pods at once [default: every tile]
#   --cpus N              CPU request and nrplan --threads per tile [default 2]
#   --memory SIZE         memory request = limit per tile [default 8Gi]
#   --retries R           retries per tile (backoffLimitPerIndex) [default 1]
#   --merge-cpus N, --merge-memory SIZE   the merge pod [default 2, 8Gi]
#   --namespace NS        [default: kubectl's current one]
#   --timeout DURATION    for each `kubectl wait` [default 24h]
#   --count N             number of tiles, instead of reading MANIFEST
#   --render              print the two rendered Jobs; apply nothing
#   --render-volume       print the rendered volume.yaml (--storage-class C, --storage SIZE) and exit
# KUBECTL names the kubectl to run [default: kubectl].
#
# Exit status: 0 tiles and merge complete; 1 a tile failed (its indexes are printed; the merge is not
# applied), the merge failed, or a wait timed out; 2 bad usage or input.
set -euo pipefail
shopt -u patsub_replacement 2>/dev/null || true # bash 5.2: "&" in a replacement is literal

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd -P)
bad() {
    echo "k8s/run.sh: error: $*" >&2
    exit 2
}
kubectl=${KUBECTL:-kubectl}
image=${NRPLAN_IMAGE:-}
in_volume=""
out=""
nrplan=nrplan
job=nrplan
pvc=nrplan-work
parallelism=""
cpus=2
memory=8Gi
retries=1
merge_cpus=2
merge_memory=8Gi
namespace=""
timeout=24h
count=""
render=0
storage_class=""
storage=100Gi
manifest=""
volume_only=0
while [ $# -gt 0 ]; do
    if [[ $1 == --*=* ]]; then set -- "${1%%=*}" "${1#*=}" "${@:2}"; fi
    case $1 in
        --render) render=1; shift; continue ;;
        --render-volume) volume_only=1; shift; continue ;;
        -h | --help) sed -n '2,/^set -euo/p' "$0" | sed '$d' | sed 's/^# \{0,1\}//' >&2; exit 2 ;;
        --*)
            [ $# -ge 2 ] && [ -n "$2" ] || bad "$1 needs a value"
            case $1 in
                --image) image=$2 ;;
                --in-volume) in_volume=$2 ;;
                --out) out=$2 ;;
                --nrplan) nrplan=$2 ;;
                --job) job=$2 ;;
                --pvc) pvc=$2 ;;
                --parallelism) parallelism=$2 ;;
                --cpus) cpus=$2 ;;
                --memory) memory=$2 ;;
                --retries) retries=$2 ;;
                --merge-cpus) merge_cpus=$2 ;;
                --merge-memory) merge_memory=$2 ;;
                --namespace) namespace=$2 ;;
                --timeout) timeout=$2 ;;
                --count) count=$2 ;;
                --storage-class) storage_class=$2 ;;
                --storage) storage=$2 ;;
                *) bad "unknown option '$1' (--help lists them)" ;;
            esac
            shift 2
            ;;
        *) [ -z "$manifest" ] || bad "expected one MANIFEST, found '$manifest' and '$1'"; manifest=$1; shift ;;
    esac
done

# render FILE NAME=VALUE...: the template with every ${NAME} replaced; an unreplaced ${...} is an error.
render_file() {
    local file=$1 text pair name value
    shift
    text=$(cat "$file")
    for pair in "$@"; do
        name=${pair%%=*}
        value=${pair#*=}
        text=${text//\$\{$name\}/$value}
    done
    if [[ $text =~ \$\{([A-Z_]+)\} ]]; then
        bad "$file: no value for \${${BASH_REMATCH[1]}}"
    fi
    printf '%s\n' "$text"
}

if [ $volume_only = 1 ]; then
    [ -n "$storage_class" ] || bad "--render-volume needs --storage-class (a class offering ReadWriteMany)"
    render_file "$here/volume.yaml" "PVC=$pvc" "STORAGE_CLASS=$storage_class" "STORAGE=$storage"
    exit 0
fi
[ -n "$manifest" ] || bad "MANIFEST is required (your local copy of the manifest.json written by nrplan tile)"
[ -n "$image" ] || bad "--image is required (a container image with nrplan)"
name_ok() { [[ $2 =~ ^[a-z0-9]([-a-z0-9]*[a-z0-9])?$ ]] || bad "$1 expects a Kubernetes name (lower case, digits, '-'), found '$2'"; }
name_ok --job "$job"
name_ok --pvc "$pvc"
for pair in "--cpus=$cpus" "--merge-cpus=$merge_cpus" ${parallelism:+"--parallelism=$parallelism"} ${count:+"--count=$count"}; do
    [[ ${pair#*=} =~ ^[1-9][0-9]*$ ]] || bad "${pair%%=*} expects a positive integer, found '${pair#*=}'"
done
[[ $retries =~ ^[0-9]+$ ]] || bad "--retries expects a non-negative integer, found '$retries'"
if [ -z "$count" ]; then
    [ -f "$manifest" ] || bad "$manifest: no such file (your local copy of the manifest.json written by nrplan tile)"
    # shellcheck source=../lib/manifest.sh
    . "$here/../lib/manifest.sh"
    count=$(manifest_tile_count "$manifest") || bad "$count"
fi
if [ -z "$in_volume" ]; then
    folder=$(cd "$(dirname "$manifest")" 2>/dev/null && pwd -P) || bad "$manifest: no such folder"
    in_volume=$(basename "$folder")/$(basename "$manifest")
fi
in_volume=${in_volume#/mnt/nrplan/}
case $in_volume in /* | *..*) bad "--in-volume expects a path inside the volume (relative, no ..), found '$in_volume'" ;; esac
[ -n "$out" ] || out=$(dirname "$in_volume")/merged
out=${out#/mnt/nrplan/}
case $out in /* | *..*) bad "--out expects a path inside the volume (relative, no ..), found '$out'" ;; esac

values=("JOB=$job" "TILES=$count" "PARALLELISM=${parallelism:-$count}" "RETRIES=$retries" "IMAGE=$image"
    "NRPLAN=$nrplan" "MANIFEST=$in_volume" "OUT=$out" "CPUS=$cpus" "MEMORY=$memory" "MERGE_CPUS=$merge_cpus"
    "MERGE_MEMORY=$merge_memory" "PVC=$pvc")
tiles_yaml=$(render_file "$here/tiles-job.yaml" "${values[@]}")
merge_yaml=$(render_file "$here/merge-job.yaml" "${values[@]}")
if [ $render = 1 ]; then
    printf '%s\n---\n%s\n' "$tiles_yaml" "$merge_yaml"
    exit 0
fi

ns=()
[ -n "$namespace" ] && ns=(--namespace "$namespace")
k() { "$kubectl" ${ns[@]+"${ns[@]}"} "$@"; }

# wait_job NAME: 0 when the Job is Complete, 1 when it Failed or the wait timed out. Two `kubectl wait`s, one
# per outcome (a Failed Job never becomes Complete, so waiting for Complete alone would sit out the timeout);
# the one left is stopped by the PID we started it with.
wait_job() {
    local name=$1 complete failed status
    # kubectl itself in the background (not the k function: $! would be a subshell, and killing it would
    # leave kubectl running).
    "$kubectl" ${ns[@]+"${ns[@]}"} wait --for=condition=complete "job/$name" "--timeout=$timeout" >/dev/null &
    complete=$!
    "$kubectl" ${ns[@]+"${ns[@]}"} wait --for=condition=failed "job/$name" "--timeout=$timeout" >/dev/null &
    failed=$!
    while kill -0 $complete 2>/dev/null && kill -0 $failed 2>/dev/null; do sleep 0.5; done
    if ! kill -0 $complete 2>/dev/null; then
        status=0
        wait $complete || status=$?
        kill $failed 2>/dev/null || true
        wait $failed 2>/dev/null || true
        if [ $status = 0 ]; then return 0; fi
        echo "k8s/run.sh: job/$name: not complete within $timeout" >&2
        return 1
    fi
    status=0
    wait $failed || status=$?
    kill $complete 2>/dev/null || true
    wait $complete 2>/dev/null || true
    if [ $status = 0 ]; then
        echo "k8s/run.sh: job/$name failed" >&2
    else
        echo "k8s/run.sh: job/$name: not complete within $timeout" >&2
    fi
    return 1
}

printf '%s\n' "$tiles_yaml" | k apply -f - >&2
echo "k8s/run.sh: job/$job-tiles: $count tile(s), ${parallelism:-$count} at once; waiting" >&2
if ! wait_job "$job-tiles"; then
    failed_indexes=$(k get "job/$job-tiles" -o 'jsonpath={.status.failedIndexes}' 2>/dev/null || true)
    echo "k8s/run.sh: failed tile(s): ${failed_indexes:-see kubectl describe job/$job-tiles}; no merge." \
        "Re-run: kubectl delete job/$job-tiles, then this script again (finished tiles are no-ops)" >&2
    exit 1
fi
printf '%s\n' "$merge_yaml" | k apply -f - >&2
echo "k8s/run.sh: job/$job-merge: merging into /mnt/nrplan/$out; waiting" >&2
wait_job "$job-merge" || exit 1
echo "k8s/run.sh: done: /mnt/nrplan/$out" >&2
