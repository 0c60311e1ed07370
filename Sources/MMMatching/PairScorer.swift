import Foundation

/// A mentor's fit for a mentee: the score and the reasons behind it.
public struct PairScore: Sendable, Equatable {
    public var score: Double
    /// Short phrases, most important first, such as "topic match: negotiation".
    public var reasons: [String]

    /// The reasons as one line.
    public var reason: String { reasons.joined(separator: "; ") }
}

/// Scores a pair by the soft preferences of DESIGN.md's "Matching", weighted by `MatchWeights`.
public struct PairScorer: Sendable {
    public let weights: MatchWeights
    /// The topic the mentee asked about, if any.
    public let requestedTopic: String?
    private let normalizedTopic: String?

    public init(weights: MatchWeights, requestedTopic: String? = nil) {
        self.weights = weights
        let trimmed = requestedTopic?.trimmingCharacters(in: .whitespaces)
        self.requestedTopic = trimmed?.isEmpty == false ? trimmed : nil
        self.normalizedTopic = self.requestedTopic?.lowercased()
    }

    /// The score with its reasons, for pairs shown to people.
    public func score(mentee: MenteeProfile, mentor: MentorProfile, history: PairHistory) -> PairScore {
        var reasons: [String] = []
        let total = evaluate(mentee: mentee, mentor: mentor, history: history) { reasons.append($0) }
        return PairScore(score: total, reasons: reasons)
    }

    /// The score alone, in whole hundredths: what the cohort assignment optimises, without
    /// building reason strings for every pair.
    public func hundredths(mentee: MenteeProfile, mentor: MentorProfile, history: PairHistory) -> Int32 {
        Int32((evaluate(mentee: mentee, mentor: mentor, history: history, explain: nil) * 100).rounded())
    }

    private func evaluate(mentee: MenteeProfile, mentor: MentorProfile, history: PairHistory,
                          explain: ((String) -> Void)?) -> Double {
        var total = 0.0
        func add(_ weight: Double, _ fit: Double, _ reason: @autoclosure () -> String) {
            total += weight * fit
            explain?(reason())
        }
        if let requestedTopic = normalizedTopic, let hit = mentor.normalizedTopics.firstIndex(of: requestedTopic) {
            add(weights.topic, 1, "topic match: \(mentor.topics[hit])")
        } else if let past = mentor.normalizedTopics.firstIndex(where: { mentee.pastTopics.contains($0) }) {
            add(weights.topic, 0.5, "knows an earlier topic: \(mentor.topics[past])")
        } else if normalizedTopic != nil {
            explain?("no topic match")
        }
        add(weights.newTie, history.metBefore ? 0 : 1, history.metBefore ? "met before" : "new tie")
        if let a = mentee.department, let b = mentor.department {
            add(weights.crossDepartment, a == b ? 0 : 1, a == b ? "same department" : "other department")
        }
        if let a = mentee.location, let b = mentor.location, a != b {
            add(weights.crossLocation, 1, "other location")
        }
        if let menteeLevel = mentee.seniorityLevel, let mentorLevel = mentor.seniorityLevel {
            switch mentorLevel - menteeLevel {
            case 1...2: add(weights.seniority, 1, "more senior")
            case 0: add(weights.seniority, 0.5, "peer level")
            case 3: add(weights.seniority, 0.5, "much more senior")
            default: break
            }
        }
        if mentor.monthlyCapacity > 0 {
            add(weights.freeCapacity, Double(mentor.freePlaces) / Double(mentor.monthlyCapacity),
                "\(mentor.freePlaces) of \(mentor.monthlyCapacity) slots free")
        }
        return total
    }
}
