# Shared by the engine scripts (scripts/slurm/submit.sh, scripts/k8s/run.sh, scripts/parallel/run.sh):
# reading what they need from a tile manifest (the manifest.json `nrplan tile` writes; docs/scale.md).
# Source it; it defines functions only.

# manifest_tile_count FILE: prints the length of the manifest's "tiles" array; on failure prints the reason
# instead (naming the file and the field) and returns 1, so `count=$(manifest_tile_count F) || die "$count"`. Needs python3 or jq (every Slurm login node and CI image here has python3).
manifest_tile_count() {
    local file=$1 count
    if command -v python3 >/dev/null 2>&1; then
        count=$(python3 - "$file" <<'PY'
import json, sys
try:
    with open(sys.argv[1], encoding="utf-8") as f:
        manifest = json.load(f)
except json.JSONDecodeError as e:
    print("invalid: line %d, column %d: invalid JSON: %s" % (e.lineno, e.colno, e.msg))
    sys.exit()
except Exception as e:
    print("invalid: cannot read it: %s" % e)
    sys.exit()
names = {dict: "an object", list: "an array", str: "a string", int: "a number", float: "a number", bool: "a boolean"}
if not isinstance(manifest, dict):
    print("error: found %s at the top level" % names.get(type(manifest), "null"))
elif "tiles" not in manifest:
    print("error: found no member 'tiles'")
elif isinstance(manifest["tiles"], list):
    print(len(manifest["tiles"]))
else:
    print("error: found %s" % names.get(type(manifest["tiles"]), "null"))
PY
        )
    elif command -v jq >/dev/null 2>&1; then
        count=$(jq -e '.tiles | if type == "array" then length else error("found \(type)") end' "$file" 2>&1) ||
            count="error: ${count#jq: error (at *): }"
    else
        echo "$file: cannot read the tile count without python3 or jq (pass --count N)"
        return 1
    fi
    case $count in
        invalid:*)
            echo "$file: ${count#invalid: }"
            return 1
            ;;
        error:*)
            echo "$file: field 'tiles': expected an array of tiles, ${count#error: }"
            return 1
            ;;
        0)
            echo "$file: field 'tiles': expected at least one tile, found none"
            return 1
            ;;
    esac
    echo "$count"
}
