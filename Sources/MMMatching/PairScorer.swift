import MMDomain
import Foundation
import MMStore

/// A mentor's fit for a mentee: the score and the reasons behind it.
public struct PairScore: Sendable, Equatable {
    public var score: Double
    /// Short phrases, most important first, such as "topic match: negotiation".
    public var reasons: [String]
    /// The mentor's topic the pair was matched on (the requested one, else one of the
    /// mentee's earlier topics), nil when none.
    public var topic: String?

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

    /// The score with its reasons, for pairs shown to people. `placesTaken` counts places of
    /// the mentor already given to other mentees in the same round.
    public func score(mentee: MenteeProfile, mentor: MentorProfile, history: PairHistory, placesTaken: Int = 0) -> PairScore {
        var reasons: [String] = []
        let total = evaluate(mentee: mentee, mentor: mentor, history: history, placesTaken: placesTaken) { reasons.append($0) }
        return PairScore(score: total, reasons: reasons, topic: topicFit(mentee: mentee, mentor: mentor)?.topic)
    }

    /// The score alone, without building reasons: for ranking many mentors.
    public func value(mentee: MenteeProfile, mentor: MentorProfile, history: PairHistory) -> Double {
        evaluate(mentee: mentee, mentor: mentor, history: history, placesTaken: 0, explain: nil)
    }

    /// The score without the free-capacity part, in whole hundredths: what the cohort
    /// assignment optimises per pair, without building reason strings for every pair.
    public func pairHundredths(mentee: MenteeProfile, mentor: MentorProfile, history: PairHistory) -> Int32 {
        Int32((evaluate(mentee: mentee, mentor: mentor, history: history, placesTaken: nil, explain: nil) * 100).rounded())
    }

    /// The free-capacity part for each of the mentor's free places in turn, in whole
    /// hundredths: the k-th mentee given to a mentor in a round sees k - 1 fewer places free,
    /// so the assignment spreads mentees over mentors instead of filling the emptiest.
    public func placeHundredths(_ mentor: MentorProfile) -> [Int32] {
        guard mentor.monthlyCapacity > 0 else { return [] }
        return (0..<mentor.freePlaces).map { taken in
            Int32((weights.freeCapacity * Double(mentor.freePlaces - taken) / Double(mentor.monthlyCapacity) * 100).rounded())
        }
    }

    /// The mentor's topic that fits: the requested one, else one the mentee asked about before.
    private func topicFit(mentee: MenteeProfile, mentor: MentorProfile) -> (topic: String, requested: Bool)? {
        if let requestedTopic = normalizedTopic, let hit = mentor.normalizedTopics.firstIndex(of: requestedTopic) {
            return (mentor.topics[hit], true)
        }
        if let past = mentor.normalizedTopics.firstIndex(where: { mentee.pastTopics.contains($0) }) {
            return (mentor.topics[past], false)
        }
        return nil
    }

    /// The score; `placesTaken` nil leaves out the free-capacity part.
    private func evaluate(mentee: MenteeProfile, mentor: MentorProfile, history: PairHistory, placesTaken: Int?,
                          explain: ((String) -> Void)?) -> Double {
        var total = 0.0
        func add(_ weight: Double, _ fit: Double, _ reason: @autoclosure () -> String) {
            total += weight * fit
            explain?(reason())
        }
        switch topicFit(mentee: mentee, mentor: mentor) {
        case let (topic, requested: true)?: add(weights.topic, 1, "topic match: \(topic)")
        case let (topic, requested: false)?: add(weights.topic, 0.5, "knows an earlier topic: \(topic)")
        case nil where normalizedTopic != nil: explain?("no topic match")
        case nil: break
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
        if let placesTaken, mentor.monthlyCapacity > 0 {
            let free = max(0, mentor.freePlaces - placesTaken)
            add(weights.freeCapacity, Double(free) / Double(mentor.monthlyCapacity),
                "\(free) of \(mentor.monthlyCapacity) slots free")
        }
        return total
    }
}
