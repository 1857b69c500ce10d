#!/usr/bin/env bash
# Builds the libFuzzer harnesses of Fuzz/Harnesses with swiftc -sanitize=fuzzer,address:
# the Support, Geo, Radio, Optimizer and Planning sources are compiled as instrumented static modules
# (same sources as the package, no SwiftPM), then one executable per harness.
#   Fuzz/build.sh [OUT_DIR]    (default .build-fuzz)
set -euo pipefail
cd "$(dirname "$0")/.."
OUT="${1:-.build-fuzz}"
mkdir -p "$OUT"
SWIFTC="${SWIFTC:-swiftc}"
FLAGS=(-O -sanitize=fuzzer,address -parse-as-library -I "$OUT" -I Sources/CGEOS -I Sources/CSHA256/include)
module() {  # module NAME: compile Sources/NAME into $OUT/libNAME.a + NAME.swiftmodule
  local name="$1"
  local sources=()
  while IFS= read -r -d '' file; do sources+=("$file"); done < <(find "Sources/$name" -name '*.swift' -print0 | sort -z)
  echo "fuzz build: module $name (${#sources[@]} files)"
  "$SWIFTC" "${FLAGS[@]}" -module-name "$name" -emit-module -emit-module-path "$OUT/$name.swiftmodule" \
    -emit-library -static -o "$OUT/lib$name.a" "${sources[@]}"
}
echo "fuzz build: C target CSHA256"
clang -O2 -c Sources/CSHA256/csha256.c -I Sources/CSHA256/include -o "$OUT/csha256.o"
module Support
module Geo
module Radio
module Optimizer
module Planning
for harness in GeoJSON CSV Scenario; do
  echo "fuzz build: harness fuzz-$(echo "$harness" | tr 'A-Z' 'a-z')"
  "$SWIFTC" "${FLAGS[@]}" -module-name "${harness}Fuzz" "Fuzz/Harnesses/${harness}Fuzz.swift" \
    -use-ld=lld -L "$OUT" -lPlanning -lOptimizer -lRadio -lGeo -lSupport "$OUT/csha256.o" -lgeos_c -o "$OUT/fuzz-$(echo "$harness" | tr 'A-Z' 'a-z')"
done
