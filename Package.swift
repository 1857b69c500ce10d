// swift-tools-version:6.0
// nrplan — 5G network planning and base-station siting optimiser.
// No SwiftPM package dependencies: the toolchain (Foundation, Dispatch, Swift Testing) and the
// system GEOS C library (libgeos-dev) only. Module layering follows docs/DESIGN notes in README:
//   CGEOS ← Geo ← Planning ← Reporting ← nrplan;  Radio, Optimizer ← Planning.
import PackageDescription

let package = Package(
    name: "nrplan",
    products: [
        .executable(name: "nrplan", targets: ["nrplan"]),
        .library(name: "NRPlanKit", targets: ["Geo", "Radio", "Optimizer", "Planning", "Reporting"]),
    ],
    targets: [
        .systemLibrary(
            name: "CGEOS",
            path: "Sources/CGEOS",
            pkgConfig: "geos",
            providers: [.apt(["libgeos-dev"])]
        ),
        .target(name: "Geo", dependencies: ["CGEOS"]),
        .target(name: "Radio"),
        .target(name: "Optimizer"),
        .target(name: "Planning", dependencies: ["Geo", "Radio", "Optimizer"]),
        .target(name: "Reporting", dependencies: ["Planning", "Geo"]),
        .executableTarget(name: "nrplan", dependencies: ["Planning", "Reporting", "Optimizer", "Radio", "Geo"]),
        .executableTarget(
            name: "nrplan-bench",
            dependencies: ["Planning", "Reporting", "Optimizer", "Radio", "Geo", "MathorCupCheck", "KernelReference"],
            path: "Benchmarks/NRPlanBench"
        ),
        // A plain scalar C loop of the coverage link budget, timed by `nrplan-bench kernel` against
        // the Swift formula path and the fast path (a local C target, not a package dependency).
        .target(name: "KernelReference", path: "Benchmarks/KernelReference"),
        // An independent checker of MathorCup 2022 D plans: Foundation only, none of nrplan's modules,
        // used by `nrplan-bench mathorcup` and by the end-to-end tests.
        .target(name: "MathorCupCheck", path: "Benchmarks/MathorCupCheck"),
        .testTarget(name: "GeoTests", dependencies: ["Geo"]),
        .testTarget(name: "RadioTests", dependencies: ["Radio"]),
        .testTarget(name: "OptimizerTests", dependencies: ["Optimizer"]),
        .testTarget(name: "PlanningTests", dependencies: ["Planning", "Geo", "Radio", "Optimizer"]),
        .testTarget(name: "ReportingTests", dependencies: ["Reporting", "Planning", "Geo"]),
        .testTarget(name: "CLITests", dependencies: ["Geo", "Planning", "Radio", "MathorCupCheck"]),
    ]
)
