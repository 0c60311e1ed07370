/// One round of pairing as numbers: mentees in priority order (longest waiting first), mentors
/// with free places, the score of every allowed pair, and a score per place of each mentor
/// (non-increasing: a mentor's k-th mentee of the round is worth no more than the one before,
/// which is what spreads load). A solution's total is its pairs' scores plus, per mentor, the
/// scores of the places it used. Scores are whole hundredths (7.25 is 725) so that optimality
/// is exact, free of floating-point ties.
public struct AssignmentProblem: Sendable {
    public let menteeCount: Int
    /// Free places per mentor.
    public let capacities: [Int]
    /// Row-major `menteeCount × capacities.count`; `forbidden` where a hard rule excludes the pair.
    public private(set) var scores: [Int32]
    /// Per mentor, one score per place, non-increasing; zeros unless set.
    public private(set) var placeScores: [[Int32]]

    public static let forbidden: Int32 = -1

    public init(menteeCount: Int, capacities: [Int]) {
        self.menteeCount = menteeCount
        self.capacities = capacities
        self.scores = Array(repeating: Self.forbidden, count: menteeCount * capacities.count)
        self.placeScores = capacities.map { Array(repeating: 0, count: $0) }
    }

    public var mentorCount: Int { capacities.count }

    public func score(mentee: Int, mentor: Int) -> Int32 {
        scores[mentee * capacities.count + mentor]
    }

    public mutating func setScore(_ score: Int32, mentee: Int, mentor: Int) {
        precondition(score >= 0, "scores are non-negative; use AssignmentProblem.forbidden to exclude a pair")
        scores[mentee * capacities.count + mentor] = score
    }

    public mutating func setPlaceScores(_ scores: [Int32], mentor: Int) {
        precondition(scores.count == capacities[mentor], "one score per place")
        precondition(zip(scores, scores.dropFirst()).allSatisfy { $0 >= $1 } && (scores.last ?? 0) >= 0,
                     "place scores are non-negative and non-increasing")
        placeScores[mentor] = scores
    }

    /// The summed score of an assignment (mentor index per mentee, nil when unmatched).
    public func total(of assignment: [Int?]) -> Int {
        var used = [Int](repeating: 0, count: mentorCount)
        var sum = 0
        for (mentee, mentor) in assignment.enumerated() {
            guard let mentor else { continue }
            sum += Int(score(mentee: mentee, mentor: mentor)) + Int(placeScores[mentor][used[mentor]])
            used[mentor] += 1
        }
        return sum
    }
}
