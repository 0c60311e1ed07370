/// A round's totals, so that weight settings can be compared (a dry run shows them).
public struct RoundQuality: Sendable, Equatable {
    public let matched: Int
    public let unmatched: Int
    public let totalScore: Double
    /// Shares of the pairs; nil without pairs.
    public let newTieShare: Double?
    public let crossDepartmentShare: Double?
    /// Over the mentors who had a free place: proposals of the busiest / mean proposals.
    public let maxToMeanLoad: Double?
    /// Gini coefficient of those mentors' proposals (0 even, 1 all on one mentor).
    public let loadGini: Double?

    public init(pairs: [ProposedPair], unmatchedCount: Int, mentorLoads: [Int]) {
        matched = pairs.count
        unmatched = unmatchedCount
        totalScore = pairs.reduce(0) { $0 + $1.score }
        newTieShare = pairs.isEmpty ? nil : Double(pairs.filter(\.newTie).count) / Double(pairs.count)
        crossDepartmentShare = pairs.isEmpty ? nil : Double(pairs.filter(\.crossDepartment).count) / Double(pairs.count)
        let sum = mentorLoads.reduce(0, +)
        if sum == 0 {
            maxToMeanLoad = nil
            loadGini = nil
        } else {
            let mean = Double(sum) / Double(mentorLoads.count)
            maxToMeanLoad = Double(mentorLoads.max() ?? 0) / mean
            let sorted = mentorLoads.sorted()
            let weighted = sorted.enumerated().reduce(0.0) { $0 + Double($1.offset + 1) * Double($1.element) }
            let n = Double(sorted.count)
            loadGini = 2 * weighted / (n * Double(sum)) - (n + 1) / n
        }
    }
}
