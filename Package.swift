// swift-tools-version:6.0
// nrplan — 5G network planning and base-station siting optimiser.
// No SwiftPM package dependencies: the toolchain (Foundation, Dispatch, Swift Testing) and the
// system GEOS C library (libgeos-dev) only. Modules layer downward, each importing only modules
// below it and declaring every import here (scripts/check-imports.sh, run by `make lint`, checks both):
//   nrplan → Reporting → Planning → Geo, Radio, Optimizer → Support (Foundation only) → CSHA256;  Geo → CGEOS;
//   nrplan → CityGenerator (the synthetic cities: the demo, the benchmarks' Guangzhou) → Geo, Support.
// The modules, the pipeline stages and where to add what: docs/ARCHITECTURE.md.
import PackageDescription

let package = Package(
    name: "nrplan",
    products: [
        .executable(name: "nrplan", targets: ["nrplan"]),
        .library(
            name: "NRPlanKit",
            targets: ["Support", "Geo", "Radio", "Optimizer", "Planning", "Reporting", "CityGenerator"]),
    ],
    targets: [
        .systemLibrary(
            name: "CGEOS",
            path: "Sources/CGEOS",
            pkgConfig: "geos",
            providers: [.apt(["libgeos-dev"])]
        ),
        // SHA-256 blocks on the x86 SHA extensions (a local C target, not a package dependency):
        // Support's SHA256 uses it when the CPU has them, its own Swift code otherwise.
        .target(name: "CSHA256"),
        // Foundation-only utilities: Parallel, JSON, number formatting, all-or-nothing outputs.
        .target(name: "Support", dependencies: ["CSHA256"]),
        .target(name: "Geo", dependencies: ["CGEOS", "Support"]),
        .target(name: "Radio", dependencies: ["Support"]),
        .target(name: "Optimizer", dependencies: ["Support"]),
        .target(name: "Planning", dependencies: ["Geo", "Radio", "Optimizer", "Support"]),
        .target(name: "Reporting", dependencies: ["Planning", "Geo", "Radio", "Optimizer", "Support"]),
        // Deterministic synthetic cities (the demo district, the Guangzhou-sized benchmark city):
        // `nrplan demo` generates geodata/demo byte for byte, so the binary needs no data files.
        .target(name: "CityGenerator", dependencies: ["Geo", "Support"]),
        .executableTarget(
            name: "nrplan",
            dependencies: ["Planning", "Reporting", "Optimizer", "Radio", "Geo", "Support", "CityGenerator"]),
        .executableTarget(
            name: "nrplan-bench",
            dependencies: [
                "Planning", "Reporting", "Optimizer", "Radio", "Geo", "Support", "MathorCupCheck", "CityGenerator",
                "KernelReference",
            ],
            path: "Benchmarks/NRPlanBench"
        ),
        // A plain scalar C loop of the coverage link budget, timed by `nrplan-bench kernel` against
        // the Swift formula path and the fast path (a local C target, not a package dependency).
        .target(name: "KernelReference", path: "Benchmarks/KernelReference"),
        // An independent checker of MathorCup 2022 D plans: Foundation only, none of nrplan's modules,
        // used by `nrplan-bench mathorcup` and by the end-to-end tests.
        .target(name: "MathorCupCheck", path: "Benchmarks/MathorCupCheck"),
        .testTarget(name: "SupportTests", dependencies: ["Support"]),
        .testTarget(name: "GeoTests", dependencies: ["Geo", "Support"]),
        .testTarget(name: "RadioTests", dependencies: ["Radio", "Support"]),
        .testTarget(name: "OptimizerTests", dependencies: ["Optimizer", "Support"]),
        .testTarget(name: "PlanningTests", dependencies: ["Planning", "Geo", "Radio", "Optimizer", "Support"]),
        .testTarget(
            name: "ReportingTests", dependencies: ["Reporting", "Planning", "Geo", "Radio", "Optimizer", "Support"],
            exclude: ["Golden"]),
        .testTarget(name: "CLITests", dependencies: ["Geo", "Planning", "Radio", "Support", "MathorCupCheck"]),
    ]
)
