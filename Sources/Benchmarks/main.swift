// Benchmark helpers the scripts under scripts/ run; not part of the product.
//
//   mmadmin-bench match CONNINFO COHORT ROUND [SMALL_INSTANCES]   (scripts/bench-match.sh)
//   mmadmin-bench network TIES.csv LAST_MONTH                      (scripts/bench-metrics.sh)
import Foundation

struct BenchmarkUsage: Error {}

struct BenchmarkFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// Seconds since `start`.
func seconds(_ start: DispatchTime) -> Double {
    Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1e9
}

let arguments = Array(CommandLine.arguments.dropFirst())
do {
    switch arguments.first {
    case "match": try matchBenchmark(Array(arguments.dropFirst()))
    case "network": try networkBenchmark(Array(arguments.dropFirst()))
    default: throw BenchmarkUsage()
    }
} catch is BenchmarkUsage {
    FileHandle.standardError.write(Data("""
        usage: mmadmin-bench match CONNINFO COHORT YYYY-MM-DD [SMALL_INSTANCES]
               mmadmin-bench network TIES.csv YYYY-MM

        """.utf8))
    exit(64)
} catch {
    FileHandle.standardError.write(Data("mmadmin-bench: \(error)\n".utf8))
    exit(1)
}
