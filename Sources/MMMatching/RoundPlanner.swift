import MMDomain
import MMStore

/// The database-free part of a round: rules, scores, the optimal assignment, reasons, quality.
public struct RoundPlanner: Sendable {
    public let weights: MatchWeights

    public init(weights: MatchWeights) {
        self.weights = weights
    }

    /// The round as numbers: active mentees in waiting order against every mentor, forbidden
    /// where a hard rule says so, with how many mentors each rule excluded per mentee.
    public struct Problem: Sendable {
        public let candidates: [MenteeProfile]
        public let assignment: AssignmentProblem
        public let exclusions: [[Exclusion: Int]]
    }

    public func problem(mentees: [MenteeProfile], mentors: [MentorProfile],
                        history: [String: [String: PairHistory]], line: ManagementLine) -> Problem {
        let scorer = PairScorer(weights: weights)
        let candidates = mentees.filter(\.active)
        var problem = AssignmentProblem(menteeCount: candidates.count, capacities: mentors.map(\.freePlaces))
        var exclusions = [[Exclusion: Int]](repeating: [:], count: candidates.count)
        for (row, mentee) in candidates.enumerated() {
            let pairs = history[mentee.employeeID] ?? [:]
            for (column, mentor) in mentors.enumerated() {
                let pairHistory = pairs[mentor.employeeID] ?? .none
                if let rule = HardRules.exclusion(mentee: mentee, mentor: mentor, history: pairHistory, line: line) {
                    exclusions[row][rule, default: 0] += 1
                } else {
                    problem.setScore(scorer.pairHundredths(mentee: mentee, mentor: mentor, history: pairHistory),
                                     mentee: row, mentor: column)
                }
            }
        }
        for (column, mentor) in mentors.enumerated() {
            problem.setPlaceScores(scorer.placeHundredths(mentor), mentor: column)
        }
        return Problem(candidates: candidates, assignment: problem, exclusions: exclusions)
    }

    public func plan(mentees: [MenteeProfile], mentors: [MentorProfile],
                     history: [String: [String: PairHistory]],
                     line: ManagementLine) -> (pairs: [ProposedPair], unmatched: [UnmatchedMentee], quality: RoundQuality) {
        let scorer = PairScorer(weights: weights)
        let built = self.problem(mentees: mentees, mentors: mentors, history: history, line: line)
        let (candidates, problem, exclusions) = (built.candidates, built.assignment, built.exclusions)
        let assignment = OptimalAssignment.solve(problem)

        var pairs: [ProposedPair] = []
        var placesTaken = [Int](repeating: 0, count: mentors.count)
        var unmatched: [UnmatchedMentee] = mentees.filter { !$0.active }.map {
            UnmatchedMentee(menteeID: $0.employeeID, waitingSince: $0.waitingSince, reason: Exclusion.inactive.rawValue)
        }
        for (row, mentee) in candidates.enumerated() {
            guard let column = assignment[row] else {
                let allowed = mentors.count - exclusions[row].values.reduce(0, +)
                let reason = mentors.isEmpty ? "the cohort has no mentors"
                    : allowed == 0 ? "no mentor allowed: " + HardRules.summary(exclusions[row])
                    : "the \(allowed) mentor\(allowed == 1 ? "" : "s") allowed went to mentees who waited longer"
                unmatched.append(UnmatchedMentee(menteeID: mentee.employeeID, waitingSince: mentee.waitingSince, reason: reason))
                continue
            }
            let mentor = mentors[column]
            let pairHistory = history[mentee.employeeID]?[mentor.employeeID] ?? .none
            let explained = scorer.score(mentee: mentee, mentor: mentor, history: pairHistory,
                                         placesTaken: placesTaken[column])
            let place = problem.placeScores[column][placesTaken[column]]
            placesTaken[column] += 1
            pairs.append(ProposedPair(
                menteeID: mentee.employeeID, mentorID: mentor.employeeID, mentorName: mentor.name,
                score: Double(problem.score(mentee: row, mentor: column) + place) / 100, reason: explained.reason,
                topic: explained.topic,
                waitingSince: mentee.waitingSince, newTie: !pairHistory.metBefore,
                crossDepartment: mentee.department != nil && mentor.department != nil
                    && mentee.department != mentor.department))
        }
        var loads = [Int](repeating: 0, count: mentors.count)
        for case let column? in assignment { loads[column] += 1 }
        let eligibleLoads = zip(mentors, loads).filter { $0.0.freePlaces > 0 && $0.0.available && $0.0.employed }.map(\.1)
        return (pairs, unmatched, RoundQuality(pairs: pairs, unmatchedCount: unmatched.count, mentorLoads: eligibleLoads))
    }
}
