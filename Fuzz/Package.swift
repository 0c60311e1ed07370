// swift-tools-version: 6.0
import PackageDescription

// The libFuzzer target for mmadmin's file reading (scripts/fuzz.sh builds and runs it). A package
// of its own, so that the main package's builds and tests never link libFuzzer.
let package = Package(
    name: "mmadmin-fuzz",
    dependencies: [.package(name: "mmadmin", path: "..")],
    targets: [
        .executableTarget(name: "FuzzImport", dependencies: [.product(name: "MMImport", package: "mmadmin")]),
    ],
    swiftLanguageModes: [.v6]
)
