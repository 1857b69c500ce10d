#!/usr/bin/env bash
# Checks the module layering (run by `make lint`):
#   1. every module a target imports is declared in that target's dependencies in Package.swift
#      (toolchain modules — Foundation, Dispatch, Glibc, Synchronization, Testing, XCTest — aside);
#   2. no module imports one above it or beside it. Layers, lowest first:
#        CGEOS, CSHA256 < Support < Geo, Radio, Optimizer < Planning, CityGenerator < Reporting < nrplan < nrplan-bench
#      MathorCupCheck (the independent checker) may import toolchain modules only; KernelReference
#      (a plain C loop the kernel benchmark times against) sits beside it; test targets
#      may import anything they declare;
#   3. CGEOS is imported only inside Sources/Geo/GEOS/ (one owner of the C handles).
# Prints every violation with file and line; exit 1 if any. Needs python3 and the Swift toolchain.
#   scripts/check-imports.sh [PACKAGE_DIR]
set -euo pipefail
cd "${1:-$(dirname "$0")/..}"
swift package dump-package | python3 -c '
import json, os, re, sys

LAYERS = {"CGEOS": 0, "CSHA256": 0, "Support": 1, "Geo": 2, "Radio": 2, "Optimizer": 2, "Planning": 3, "CityGenerator": 3,
          "Reporting": 4, "nrplan": 5, "nrplan-bench": 6, "MathorCupCheck": 1, "KernelReference": 1}
TOOLCHAIN = {"Foundation", "FoundationEssentials", "FoundationNetworking", "Dispatch", "Glibc", "Musl",
             "Darwin", "Synchronization", "Testing", "XCTest", "FoundationXML", "_Concurrency", "os"}
STANDALONE = {"MathorCupCheck"}  # independent of every nrplan module
CGEOS_HOME = "Sources/Geo/GEOS/"
IMPORT = re.compile(r"^\s*(?:@\w+\s+)*import\s+(?:(?:struct|class|enum|protocol|typealias|func|let|var)\s+)?(\w+)")

package = json.load(sys.stdin)
targets = {t["name"]: t for t in package["targets"]}
def module(name): return name.replace("-", "_")
modules = {module(n): n for n in targets}
problems, files, imports = [], 0, 0
for name, target in sorted(targets.items()):
    if target["type"] == "system":
        continue
    declared = set()
    for dependency in target.get("dependencies", []):
        for kind in ("byName", "target", "product"):
            if kind in dependency:
                declared.add(module(dependency[kind][0]))
    root = target.get("path") or ("Tests/" if target["type"] == "test" else "Sources/") + name
    for folder, _, names in os.walk(root):
        for file in sorted(n for n in names if n.endswith(".swift")):
            path = os.path.join(folder, file)
            files += 1
            for number, line in enumerate(open(path, encoding="utf-8"), 1):
                match = IMPORT.match(line)
                if not match:
                    continue
                imported = match.group(1)
                imports += 1
                where = f"{path}:{number}: {name} imports {imported}"
                if imported in TOOLCHAIN:
                    continue
                if imported not in modules:
                    problems.append(f"{where}, which is neither a target of this package nor a toolchain module")
                    continue
                if imported not in declared:
                    problems.append(f"{where} without declaring it in Package.swift (dependencies of {name!r})")
                if imported == "CGEOS" and not path.startswith(CGEOS_HOME):
                    problems.append(f"{where}: CGEOS belongs inside {CGEOS_HOME} only")
                if target["type"] == "test":
                    continue
                if name in STANDALONE:
                    problems.append(f"{where}: {name} is an independent checker and may import toolchain modules only")
                elif name not in LAYERS or modules[imported] not in LAYERS:
                    problems.append(f"{where}: {name} has no layer in scripts/check-imports.sh")
                elif LAYERS[modules[imported]] >= LAYERS[name]:
                    problems.append(f"{where}, which is not below it (layers: CGEOS < Support < Geo, Radio, Optimizer < Planning < Reporting < nrplan)")
for problem in problems:
    print(problem)
print(f"check-imports: {len(targets)} targets, {files} files, {imports} imports: "
      + (f"{len(problems)} problem(s)" if problems else "every import declared and pointing down"))
sys.exit(1 if problems else 0)
'
