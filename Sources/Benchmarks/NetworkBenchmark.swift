import Foundation
import MMMetrics

/// The Swift side of the like-for-like network comparison in scripts/bench-metrics.sh: from the
/// same ties file python-igraph and networkx read (a,b,month,crosses), graph build included,
/// the last month's components, average degree, largest component share, mean two-hop reach
/// and cross-department share, computed by `NetworkCalculator` (what `metrics refresh` runs).
func networkBenchmark(_ arguments: [String]) throws {
    guard arguments.count == 2, arguments[1].count == 7 else { throw BenchmarkUsage() }
    let start = DispatchTime.now()
    let last = try monthNumber(arguments[1])
    // Byte-level parsing (ids are small strings, stored inline): the file is 900,000 lines.
    let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: arguments[0])))
    var people: [String: Int] = [:]
    func person(_ field: ArraySlice<UInt8>) -> Int {
        let id = String(decoding: field, as: UTF8.self)
        if let known = people[id] { return known }
        people[id] = people.count
        return people.count - 1
    }
    var ties: [Tie] = []
    var first = last
    var lineStart = bytes.firstIndex(of: UInt8(ascii: "\n")).map { $0 + 1 } ?? bytes.count  // skip the header
    while lineStart < bytes.count {
        let lineEnd = bytes[lineStart...].firstIndex(of: UInt8(ascii: "\n")) ?? bytes.count
        var line = bytes[lineStart..<lineEnd]
        if line.last == UInt8(ascii: "\r") { line = line.dropLast() }
        lineStart = lineEnd + 1
        let fields = line.split(separator: UInt8(ascii: ","), omittingEmptySubsequences: false)
        guard fields.count >= 4 else {
            if line.isEmpty { continue }
            throw BenchmarkFailure("malformed ties line: \(String(decoding: line, as: UTF8.self))")
        }
        let month = try monthNumber(String(decoding: fields[2], as: UTF8.self))
        guard month <= last else { continue }
        first = min(first, month)
        let crosses: Bool? = fields[3].first == UInt8(ascii: "t") ? true : fields[3].first == UInt8(ascii: "f") ? false : nil
        ties.append(Tie(first: person(fields[0]), second: person(fields[1]), month: month, crossesDepartments: crosses))
    }
    let figures = NetworkCalculator(people: people.count).compute(months: first...last, ties: ties, meetings: [],
                                                                  twoHopFrom: last).last!
    let elapsed = seconds(start)
    func show(_ value: Double?) -> String { value.map { String($0) } ?? "None" }
    print(String(format: "%.3f", elapsed) + " {'components': \(figures.components), "
          + "'largest_component_share': \(show(figures.largestComponentShare)), 'avg_degree': \(show(figures.averageDegree)), "
          + "'mean_two_hop_reach': \(show(figures.meanTwoHopReach)), 'cross_department_share': \(show(figures.crossDepartmentShare))}")
}

/// "2026-10" → months since year 0.
func monthNumber(_ text: String) throws -> Int {
    let parts = text.split(separator: "-")
    guard parts.count == 2, let year = Int(parts[0]), let month = Int(parts[1]), (1...12).contains(month) else {
        throw BenchmarkFailure("not a YYYY-MM month: \(text)")
    }
    return year * 12 + month - 1
}
