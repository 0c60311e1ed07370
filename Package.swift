// swift-tools-version: 6.0
import PackageDescription

let strictSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
]

let package = Package(
    name: "mmadmin",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "mmadmin", targets: ["mmadmin"]),
        .library(name: "PostgresClient", targets: ["PostgresClient"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-crypto", "3.12.3"..<"5.0.0"),
    ],
    targets: [
        // libpq, the reference PostgreSQL C client, through its pkg-config entry.
        .systemLibrary(
            name: "CLibPQ",
            pkgConfig: "libpq",
            providers: [.apt(["libpq-dev"])]
        ),
        // The only target that touches C pointers: a safe, synchronous client over libpq.
        .target(
            name: "PostgresClient",
            dependencies: [
                "CLibPQ",
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strictSettings
        ),
        // Program logic: connection resolution, the embedded cluster, migrations, imports.
        .target(
            name: "MMCore",
            dependencies: [
                "PostgresClient",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: strictSettings
        ),
        // Imports: CSV reading, header mapping, validation, staging with COPY, set-based merges.
        .target(
            name: "MMImport",
            dependencies: [
                "MMCore",
                "PostgresClient",
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: strictSettings
        ),
        // Metrics computed outside SQL: the mentoring network's graph figures.
        .target(
            name: "MMMetrics",
            dependencies: ["MMCore", "PostgresClient"],
            swiftSettings: strictSettings
        ),
        // The monthly program report: HTML with SVG charts, Markdown, CSV, JSON.
        .target(
            name: "MMReport",
            dependencies: ["MMCore", "PostgresClient"],
            swiftSettings: strictSettings
        ),
        // Matching: hard rules, scores with reasons, and the exact cohort assignment.
        .target(
            name: "MMMatching",
            dependencies: ["MMCore", "PostgresClient"],
            swiftSettings: strictSettings
        ),
        // Synthetic organisations for the demo, tests and benchmarks.
        .target(
            name: "MMDemo",
            dependencies: ["PostgresClient"],
            swiftSettings: strictSettings
        ),
        // The command line: argument parsing and printing, no business rules.
        .target(
            name: "MMAdminCLI",
            dependencies: [
                "MMCore",
                "MMDemo",
                "MMImport",
                "MMMatching",
                "MMMetrics",
                "MMReport",
                "PostgresClient",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strictSettings
        ),
        .executableTarget(
            name: "mmadmin",
            dependencies: ["MMAdminCLI"],
            swiftSettings: strictSettings
        ),
        // Helpers of the benchmark scripts: pairing (exact vs greedy vs exhaustive) and the
        // network figures from a ties file (like-for-like with igraph and networkx).
        .executableTarget(
            name: "mmadmin-bench",
            dependencies: ["MMMatching", "MMMetrics", "MMCore", "PostgresClient"],
            path: "Sources/Benchmarks",
            swiftSettings: strictSettings
        ),
        .target(
            name: "TestSupport",
            dependencies: ["PostgresClient", "MMCore"],
            path: "Tests/TestSupport",
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "PostgresClientTests",
            dependencies: ["PostgresClient", "TestSupport"],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "MMCoreTests",
            dependencies: ["MMCore", "PostgresClient", "TestSupport"],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "MMImportTests",
            dependencies: ["MMImport", "MMCore", "PostgresClient", "TestSupport"],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "MMMetricsTests",
            dependencies: ["MMMetrics", "MMReport", "MMImport", "MMCore", "PostgresClient", "TestSupport"],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "MMMatchingTests",
            dependencies: ["MMMatching", "MMImport", "MMCore", "PostgresClient", "TestSupport"],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "MMAdminCLITests",
            dependencies: [
                "MMAdminCLI", "MMCore", "PostgresClient", "TestSupport",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: strictSettings
        ),
    ],
    swiftLanguageModes: [.v6]
)
