#!/bin/sh
# make cells-example: the cells-to-sites workflow of issue 14 on a dense synthetic city centre.
# ~3,900 per-cell positions around ~1,300 sites in the demo's central district (a third published in
# BD-09) → nrplan cluster (single linkage chains; --max-diameter recovers the sites) → the sites as
# `existing` → nrplan audit of that network → nrplan solve of the demo with it. Prints each command
# and its figures. NRPLAN (default .build/release/nrplan) and OUT (default out/cells-example).
set -eu
NRPLAN=${NRPLAN:-.build/release/nrplan}
OUT=${OUT:-out/cells-example}
HERE=$(dirname "$0")
run() { echo "\$ $*" | sed "s#$OUT/##g"; "$@"; echo; }

rm -rf "$OUT"
mkdir -p "$OUT"
run "$NRPLAN" demo --inputs "$OUT/demo"
python3 "$HERE/cells_example.py" generate "$OUT"
run "$NRPLAN" convert --from wgs84 --to bd09 "$OUT/cells-b-wgs84.geojson" "$OUT/cells-b-bd09.geojson"
python3 "$HERE/cells_example.py" flatten "$OUT/cells-b-bd09.geojson" "$OUT/cells-bd09.csv"
rm "$OUT/cells-b-wgs84.geojson" "$OUT/cells-b-bd09.geojson"
echo "cells-bd09.csv: $(($(wc -l < "$OUT/cells-bd09.csv") - 1)) cells, cell_id,lng,lat in BD-09"; echo

# Single linkage at 100 m: neighbouring sites' cells chain into a few huge "sites".
run "$NRPLAN" cluster "$OUT/cells.geojson" --distance 100 --out "$OUT/single"
# The same chains split by complete linkage: no cluster wider than 60 m (a site's sectors stand
# within 50 m of each other, neighbouring sites 110 m apart); the BD-09 table converted on reading.
run "$NRPLAN" cluster "$OUT/cells.geojson" --distance 100 --max-diameter 60 --id-prefix S- --out "$OUT/sites-wgs84"
run "$NRPLAN" cluster "$OUT/cells-bd09.csv" --crs bd09 --id cell_id --distance 100 --max-diameter 60 --id-prefix B- \
    --out "$OUT/sites-bd09"
python3 "$HERE/cells_example.py" check "$OUT" sites-wgs84 sites-bd09
echo

# One site table for the audit (same columns), and a scenario whose existing network it is.
{ cat "$OUT/sites-wgs84/clusters.csv"; tail -n +2 "$OUT/sites-bd09/clusters.csv"; } > "$OUT/sites.csv"
python3 - "$OUT/demo/scenario.json" "$OUT/demo/scenario-cells.json" <<'EOF'
import json, sys
scenario = json.load(open(sys.argv[1], encoding="utf-8"))
scenario["name"] = "Shifan demo district with the clustered cell sites as the existing network"
scenario["existing"] = ["../sites.csv"]
json.dump(scenario, open(sys.argv[2], "w", encoding="utf-8"), ensure_ascii=False, indent=1)
EOF
# exit 1 = a continuity target missed (the outputs are written): expected outside the centre.
run "$NRPLAN" audit --scenario "$OUT/demo/scenario-cells.json" --sites "$OUT/sites.csv" \
    --targets seeds/continuity-targets.json --out "$OUT/audit" || [ $? -eq 1 ]
run "$NRPLAN" solve "$OUT/demo/scenario-cells.json" --out "$OUT/plan"
python3 - "$OUT" <<'EOF'
import json, sys
audit = json.load(open(sys.argv[1] + "/audit/summary.json"))
plan = json.load(open(sys.argv[1] + "/plan/summary.json"))
print("audit coverage of the clustered network %.4f%%, the plan's coverage with existing sites alone %.4f%% (%s)"
      % (audit["coverage_ratio"] * 100, plan["coverage_ratio_existing"] * 100,
         "equal" if abs(audit["coverage_ratio"] - plan["coverage_ratio_existing"]) < 1e-9 else "DIFFERENT"))
EOF
