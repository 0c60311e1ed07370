// swift-tools-version: 6.0
import PackageDescription

let strictSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
]

/// A library target under `Sources/NAME` with the project's settings.
func library(_ name: String, _ dependencies: [Target.Dependency]) -> Target {
    .target(name: name, dependencies: dependencies, swiftSettings: strictSettings)
}

/// A test target under `Tests/NAME` with the project's settings.
func tests(_ name: String, _ dependencies: [Target.Dependency]) -> Target {
    .testTarget(name: name, dependencies: dependencies, swiftSettings: strictSettings)
}

let argumentParser = Target.Dependency.product(name: "ArgumentParser", package: "swift-argument-parser")
let logging = Target.Dependency.product(name: "Logging", package: "swift-log")
let crypto = Target.Dependency.product(name: "Crypto", package: "swift-crypto")

// The layers, bottom up (README, "Architecture"): calendar and domain vocabulary; the libpq
// client; the store (every SQL statement); the local cluster; the services; the command line.
let package = Package(
    name: "mmadmin",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "mmadmin", targets: ["mmadmin"]),
        .library(name: "PostgresClient", targets: ["PostgresClient"]),
        // For the fuzz target in Fuzz/, a package of its own so that normal builds never link libFuzzer.
        .library(name: "MMImport", targets: ["MMImport"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-crypto", "3.12.3"..<"5.0.0"),
    ],
    targets: [
        // Calendar days, months and the clock: no dependencies at all.
        library("MMCalendar", []),
        // The program's vocabulary (formats, statuses, roles, limits, defaults) and its errors.
        library("MMDomain", ["MMCalendar"]),
        // libpq, the reference PostgreSQL C client, through its pkg-config entry.
        .systemLibrary(name: "CLibPQ", pkgConfig: "libpq", providers: [.apt(["libpq-dev"])]),
        // The only target that touches C pointers: a safe, synchronous client over libpq.
        library("PostgresClient", ["CLibPQ", "MMCalendar", logging]),
        // The store: migrations and every SQL statement the program runs; returns typed rows.
        library("MMStore", ["MMDomain", "MMCalendar", "PostgresClient", logging, crypto]),
        // The project-local PostgreSQL cluster (process control) and where to connect.
        library("MMLocalCluster", ["MMStore", "MMDomain", "PostgresClient", logging]),
        // Services over the store.
        library("MMProgram", ["MMImport", "MMStore", "MMDomain", "MMCalendar", "PostgresClient"]),
        library("MMImport", ["MMStore", "MMDomain", "MMCalendar", "PostgresClient", crypto]),
        library("MMMetrics", ["MMStore", "MMDomain", "MMCalendar", "PostgresClient"]),
        library("MMReport", ["MMStore", "MMMetrics", "MMDomain", "MMCalendar", "PostgresClient"]),
        library("MMMatching", ["MMStore", "MMDomain", "MMCalendar", "PostgresClient"]),
        // Introductions of proposed pairs: CSV, iCalendar invitations and e-mail drafts.
        library("MMIntroductions", ["MMStore", "MMDomain", "MMCalendar", "PostgresClient"]),
        // Synthetic organisations for the demo, tests and benchmarks.
        library("MMDemo", ["MMCalendar", "PostgresClient"]),
        // The command line: argument parsing, rendering and exit codes, no business rules.
        library("MMAdminCLI", [
            "MMCalendar", "MMDomain", "MMStore", "MMLocalCluster", "MMProgram", "MMDemo", "MMImport", "MMMatching",
            "MMIntroductions", "MMMetrics", "MMReport", "PostgresClient", argumentParser, logging,
        ]),
        .executableTarget(name: "mmadmin", dependencies: ["MMAdminCLI"], swiftSettings: strictSettings),
        // Helpers of the benchmark scripts: pairing (exact vs greedy vs exhaustive) and the
        // network figures from a ties file (like-for-like with igraph and networkx).
        .executableTarget(
            name: "mmadmin-bench",
            dependencies: ["MMMatching", "MMMetrics", "MMStore", "MMDomain", "MMCalendar", "PostgresClient"],
            path: "Sources/Benchmarks",
            swiftSettings: strictSettings
        ),
        // Per-test databases and import fixtures, shared by every test target.
        .target(
            name: "TestSupport",
            dependencies: ["PostgresClient", "MMCalendar", "MMDomain", "MMStore", "MMImport"],
            path: "Tests/TestSupport",
            swiftSettings: strictSettings
        ),
        tests("MMCalendarTests", ["MMCalendar"]),
        tests("PostgresClientTests", ["PostgresClient", "MMCalendar", "TestSupport"]),
        tests("MMStoreTests", ["MMStore", "MMDemo", "MMImport", "MMDomain", "MMCalendar", "PostgresClient", "TestSupport"]),
        tests("MMLocalClusterTests", ["MMLocalCluster", "MMDomain", "PostgresClient", "TestSupport"]),
        tests("MMImportTests", ["MMImport", "MMStore", "MMDomain", "MMCalendar", "PostgresClient", "TestSupport"]),
        tests("MMMetricsTests", ["MMMetrics", "MMImport", "MMStore", "MMDomain", "MMCalendar", "PostgresClient", "TestSupport"]),
        tests("MMReportTests", ["MMReport", "MMMetrics", "MMImport", "MMStore", "MMDomain", "MMCalendar", "PostgresClient", "TestSupport"]),
        tests("MMMatchingTests", ["MMMatching", "MMDemo", "MMImport", "MMStore", "MMDomain", "MMCalendar", "PostgresClient", "TestSupport"]),
        tests("MMIntroductionsTests", ["MMIntroductions", "MMImport", "MMStore", "MMDomain", "MMCalendar", "PostgresClient", "TestSupport"]),
        tests("MMAdminCLITests", ["MMAdminCLI", "MMCalendar", "MMDomain", "MMStore", "MMLocalCluster", "PostgresClient", "TestSupport",
                                  argumentParser]),
    ],
    swiftLanguageModes: [.v6]
)
