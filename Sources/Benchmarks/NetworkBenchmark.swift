import Foundation
import MMMetrics
import MMStore

/// The Swift side of the like-for-like network comparison in scripts/bench-metrics.sh: from the
/// same ties file python-igraph and networkx read (a,b,month,crosses), graph build included,
/// the last month's components, average degree, largest component share, mean two-hop reach
/// and cross-department share, computed by `NetworkCalculator` (what `metrics refresh` runs).
func networkBenchmark(_ arguments: [String]) throws {
    guard arguments.count == 2, arguments[1].count == 7 else { throw BenchmarkUsage() }
    let start = DispatchTime.now()
    let last = try Array(arguments[1].utf8).withUnsafeBufferPointer { try monthNumber($0[...]) }
    // Byte-level parsing (ids are small strings, stored inline): the file is 900,000 lines.
    let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: arguments[0])))
    var people: [String: Int] = [:]
    people.reserveCapacity(bytes.count / 50)
    func person(_ id: String) -> Int {
        if let known = people[id] { return known }
        people[id] = people.count
        return people.count - 1
    }
    var ties: [Tie] = []
    ties.reserveCapacity(bytes.count / 25)
    var first = last
    let comma = UInt8(ascii: ","), newline = UInt8(ascii: "\n")
    var position = (bytes.firstIndex(of: newline) ?? bytes.count) + 1  // skip the header
    try bytes.withUnsafeBufferPointer { buffer in
        // The next field from `position`, up to a comma or the end of the line.
        func field() -> UnsafeBufferPointer<UInt8>.SubSequence {
            let start = position
            while position < buffer.count && buffer[position] != comma && buffer[position] != newline { position += 1 }
            let end = position
            if position < buffer.count && buffer[position] == comma { position += 1 }
            return buffer[start..<end]
        }
        while position < buffer.count {
            let a = field(), b = field(), monthText = field(), crossesText = field()
            while position < buffer.count && buffer[position] != newline { position += 1 }
            position += 1
            if a.isEmpty && b.isEmpty { continue }
            let month = try monthNumber(monthText)
            guard month <= last else { continue }
            first = min(first, month)
            let crosses: Bool? = crossesText.first == UInt8(ascii: "t") ? true : crossesText.first == UInt8(ascii: "f") ? false : nil
            ties.append(Tie(first: person(String(decoding: a, as: UTF8.self)), second: person(String(decoding: b, as: UTF8.self)),
                            month: month, crossesDepartments: crosses))
        }
    }
    let figures = NetworkCalculator(people: people.count).compute(months: first...last, ties: ties, meetings: [],
                                                                  twoHopFrom: last).last!
    let elapsed = seconds(start)
    func show(_ value: Double?) -> String { value.map { String($0) } ?? "None" }
    print(String(format: "%.3f", elapsed) + " {'components': \(figures.components), "
          + "'largest_component_share': \(show(figures.largestComponentShare)), 'avg_degree': \(show(figures.averageDegree)), "
          + "'mean_two_hop_reach': \(show(figures.meanTwoHopReach)), 'cross_department_share': \(show(figures.crossDepartmentShare))}")
}

/// "2026-10" as bytes → months since year 0.
func monthNumber(_ text: UnsafeBufferPointer<UInt8>.SubSequence) throws -> Int {
    var number = 0
    for (offset, byte) in text.enumerated() {
        if offset == 4 {
            guard byte == UInt8(ascii: "-") else { number = -1; break }
        } else {
            guard byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") else { number = -1; break }
            number = number * 10 + Int(byte - UInt8(ascii: "0"))
        }
    }
    let (year, month) = number.quotientAndRemainder(dividingBy: 100)
    guard text.count == 7, number >= 0, (1...12).contains(month) else {
        throw BenchmarkFailure("not a YYYY-MM month: \(String(decoding: text, as: UTF8.self))")
    }
    return year * 12 + month - 1
}
