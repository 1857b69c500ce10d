#!/usr/bin/env bash
# Runs each libFuzzer harness for a bounded number of inputs, starting from the seed corpus in
# Fuzz/corpus (read-only: new inputs go to a scratch corpus). Fails on the first crash, leak,
# sanitizer report or broken property; the crashing input is kept in $OUT/artifacts/.
#   Fuzz/run.sh [RUNS] [MAX_SECONDS]   (defaults 1000000 and 900 per harness)
set -euo pipefail
cd "$(dirname "$0")/.."
OUT="${FUZZ_OUT:-.build-fuzz}"
RUNS="${1:-1000000}"
MAX_SECONDS="${2:-900}"
Fuzz/build.sh "$OUT"
mkdir -p "$OUT/artifacts"
export NRPLAN_FUZZ_FILES="$PWD/Fuzz/files"
# Swift's runtime allocations are reachable at exit; leak reports would be noise.
export ASAN_OPTIONS="detect_leaks=0:${ASAN_OPTIONS:-}"
for harness in geojson csv scenario; do
  work="$OUT/corpus-$harness"
  mkdir -p "$work"
  echo "fuzz: $harness — up to $RUNS inputs or $MAX_SECONDS s"
  "$OUT/fuzz-$harness" -runs="$RUNS" -max_total_time="$MAX_SECONDS" -max_len=4096 -dict=Fuzz/json.dict \
    -artifact_prefix="$OUT/artifacts/$harness-" -print_final_stats=1 "$work" "Fuzz/corpus/$harness" 2>&1 \
    | tee "$OUT/fuzz-$harness.log" | grep -E "^#[0-9]+[[:space:]]+(INITED|DONE)|^stat::(number_of_executed_units|average_exec_per_sec)|ERROR|Done" || true
  if [ "${PIPESTATUS[0]}" != 0 ]; then
    echo "fuzz: $harness FAILED — see $OUT/fuzz-$harness.log and $OUT/artifacts/"; exit 1
  fi
done
