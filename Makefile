# nrplan — build, run the demo, test, benchmark.
#   make run    installs what is missing (libgeos-dev), builds release, solves the embedded demo into out/demo
#   make test   installs what is missing, builds, runs every test (unit + end-to-end CLI)
SWIFT   ?= swift
OUT     ?= out/demo
THREADS ?= 2
SUDO    := $(shell [ "$$(id -u)" = 0 ] || command -v sudo >/dev/null 2>&1 && [ "$$(id -u)" != 0 ] && echo sudo)

.PHONY: deps build release run run-continuous test lint format bench bench-city bench-province bench-tiles-city bench-mathorcup ev-example cells-example calibrate-example demo-data fuzz clean

## deps: install the system libraries nrplan links against, only when missing.
deps:
	@if ! pkg-config --exists geos 2>/dev/null; then \
	  echo "installing libgeos-dev (GEOS C API) ..."; \
	  $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq libgeos-dev pkg-config; \
	fi

build: deps
	$(SWIFT) build

release: deps
	$(SWIFT) build -c release --product nrplan

run: release
	.build/release/nrplan demo --out $(OUT) --threads $(THREADS) --force

## run-continuous: the demo planned for continuity (geodata/demo/scenario-continuous.json: no enclosed
## hole over 1 ha, no road gap over 100 m, greenfield fill-in), then audited with the same scenario.
CONT_OUT ?= out/demo-continuous
run-continuous: release
	.build/release/nrplan solve geodata/demo/scenario-continuous.json --out $(CONT_OUT) --threads $(THREADS) --force
	.build/release/nrplan audit --area geodata/demo/area.geojson --sites $(CONT_OUT)/sites.geojson \
	  --scenario geodata/demo/scenario-continuous.json --out $(CONT_OUT)/audit --threads $(THREADS) --force

## test: every test, built optimised (-c release with testing enabled): the end-to-end tests run
## real solves, the solver tests brute-force hundreds of instances, and a debug build is ~50x slower.
## Its own build folder, so `make run` (plain release) and `make test` do not rebuild each other.
TEST_FLAGS := -c release -Xswiftc -enable-testing --scratch-path .build/tests
## The golden files of the Reporting writers (Tests/ReportingTests/Golden) are compared byte for
## byte; after an intended output change, `NRPLAN_UPDATE_GOLDEN=1 make test` rewrites them (and fails
## once, so that the rewrite is seen): review `git diff Tests/ReportingTests/Golden`, then run again.
test: deps
	$(SWIFT) build $(TEST_FLAGS) --build-tests
	$(SWIFT) test $(TEST_FLAGS) --skip-build

## lint: `swift format lint` (ships with the toolchain) with the committed .swift-format on every Swift
## file, then scripts/check-imports.sh (every import declared in Package.swift, no module importing
## one above it), then scripts/check-function-length.py (no function over 80 lines unless a
## `// Long because: …` comment above it says why, or it is in the script's allow-list of functions
## other branches are rewriting; every long one listed); any finding fails.
## format: rewrite the files in place to that configuration.
SWIFT_DIRS := Sources Tests Benchmarks Fuzz
lint:
	$(SWIFT) format lint --strict --recursive --parallel $(SWIFT_DIRS)
	scripts/check-imports.sh
	scripts/check-function-length.py $(SWIFT_DIRS)

format:
	$(SWIFT) format format --in-place --recursive --parallel $(SWIFT_DIRS)

## bench: the solver benchmarks — OR-Library set covering (sets 4-6, A-D, NRE-NRH) through
## `nrplan solve-matrix` (2 threads vs 1), then max coverage (SJC vs HiGHS optima, generated
## instances up to 3M x 250k), then OR-Library capacitated warehouse location (cap41-cap134,
## capa/capb/capc; split and single source vs the published optima).
## `swift build -c release` builds both executables.
bench: deps
	$(SWIFT) build -c release
	.build/release/nrplan-bench scp --threads $(THREADS)
	.build/release/nrplan-bench mclp --threads $(THREADS)
	.build/release/nrplan-bench cflp --threads $(THREADS)

## bench-city: the Guangzhou-sized run of issue 7 (synthetic city generated into a temp folder;
## the population-weighted scenario solved with 2 and 1 threads, then with rural land on 200 m
## squares, the area-weighted one, the population-weighted one with busy-hour traffic at 0.05 Mbps
## per resident and the capacity stage, and the area-weighted one with no enclosed hole over 1 ha in
## the urban districts, each with 2); prints the stage table, the capacity job's sites for coverage
## alone vs coverage + capacity by district, the continuity job beside the plain 95 % one, then one
## JSON line.
bench-city: deps
	$(SWIFT) build -c release
	.build/release/nrplan-bench city

## bench-province: issue 16 — a synthetic province of $(CITIES) generated cities cut into tiles of
## $(GRID_KM) km, the tiles and the merge on a throw-away single-node Slurm with 2 slots
## (scripts/slurm/local-cluster.sh; needs root and munge/slurm, see .ci/run), the merge again outside
## Slurm, the single-machine run; prints per-tile wall time and peak memory, merged vs single cost,
## gap, seam holes, an extrapolation to 70 M cells, then one JSON line.
CITIES  ?= 4
GRID_KM ?= 10
bench-province: deps
	$(SWIFT) build -c release
	.build/release/nrplan-bench province --cities $(CITIES) --grid-km $(GRID_KM)

## bench-tiles-city: issue 16's "one city" — the Guangzhou-sized city of bench-city (3.07 M cells)
## cut into $(CITY_GRID_KM) km tiles, run as bench-province runs its province (Slurm, 2 slots), merged,
## against the single-machine run of the same city (about 20 minutes on 2 cores).
CITY_GRID_KM ?= 20
bench-tiles-city: deps
	$(SWIFT) build -c release
	.build/release/nrplan-bench province --city --grid-km $(CITY_GRID_KM)

## bench-mathorcup: MathorCup 2022 D (../shared/benchmarks/mathorcup2022d) through `nrplan solve` and
## `nrplan cluster`: Problem 1 into $(MC_OUT)/p1, Problem 2 into $(MC_OUT)/p2, Problem 3 into $(MC_OUT)/p3,
## each plan recomputed by the independent checker (Benchmarks/MathorCupCheck); prints the table.
MC_OUT ?= $(if $(filter command line,$(origin OUT)),$(OUT),out/mathorcup)
bench-mathorcup: deps
	$(SWIFT) build -c release
	.build/release/nrplan-bench mathorcup --out $(MC_OUT) --threads $(THREADS)

## cells-example: cells to sites on a dense synthetic city centre (issue 14): ~3,900 per-cell
## positions around ~1,300 sites in the demo's central district, a third in BD-09 → nrplan cluster
## (single linkage vs --max-diameter 60, checked against the true sites) → audit of that network
## → solve of the demo with it as the existing network; into out/cells-example.
cells-example: release
	scripts/cells-example.sh

## ev-example: public EV chargers within 1 km of every demand cell of the demo's central district
## (geodata/examples/ev-charging), sited on the open catalogue, lamp poles and car parks; prints the
## share of demand within 1 km before (existing chargers) and after, writes out/ev-charging.
EV_OUT ?= out/ev-charging
ev-example: release
	.build/release/nrplan solve geodata/examples/ev-charging/scenario.json --out $(EV_OUT) --threads $(THREADS) --force

## calibrate-example: the synthetic drive test of geodata/examples/drive-test — generated (seed 1:
## the demo's main roads, 120 n78 cells, about 84,000 RSRP samples from a known offset, slope and σ,
## censored at -140 dBm) into $(CAL_OUT)/data, calibrated on n78-macro into $(CAL_OUT)/calibration;
## checks that calibration.json is byte-identical to the committed one.
CAL_OUT ?= out/drive-test
calibrate-example: deps
	$(SWIFT) build -c release
	.build/release/nrplan-bench generate-drive-test --seed 1 --out $(CAL_OUT)/data
	cd $(CAL_OUT) && $(CURDIR)/.build/release/nrplan calibrate --measurements data/measurements.csv --cells data/cells.csv --profile n78-macro --out calibration --force
	cmp $(CAL_OUT)/calibration/calibration.json geodata/examples/drive-test/calibration.json && echo "calibration.json: identical to geodata/examples/drive-test/calibration.json"

## demo-data: regenerate the committed synthetic demo city in geodata/demo (preset demo, seed 1);
## the output is byte-identical on every run, so `git diff geodata/demo` shows only real changes.
demo-data: deps
	$(SWIFT) build -c release --product nrplan-bench
	.build/release/nrplan-bench generate-city --preset demo --seed 1 --out geodata/demo

## fuzz: libFuzzer (swiftc -sanitize=fuzzer,address) on the GeoJSON, CSV and scenario readers,
## FUZZ_RUNS inputs each or FUZZ_SECONDS per harness, whichever comes first (Fuzz/run.sh).
FUZZ_RUNS    ?= 1000000
FUZZ_SECONDS ?= 600
fuzz: deps
	Fuzz/run.sh $(FUZZ_RUNS) $(FUZZ_SECONDS)

clean:
	rm -rf .build out
