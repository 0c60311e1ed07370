import Foundation
import MMCore
import PostgresClient

/// A pair proposed in a round.
public struct ProposedPair: Sendable, Equatable {
    public let menteeID: String
    public let mentorID: String
    public let mentorName: String
    public let score: Double
    public let reason: String
    public let waitingSince: CalendarDate
    /// Facts the quality report counts.
    public let newTie: Bool
    public let crossDepartment: Bool
}

/// A waiting mentee the round could not pair, and why.
public struct UnmatchedMentee: Sendable, Equatable {
    public let menteeID: String
    public let waitingSince: CalendarDate
    public let reason: String
}

/// The outcome of one cohort round.
public struct RoundResult: Sendable {
    public let cohortName: String
    public let round: CalendarDate
    public let pairs: [ProposedPair]
    public let unmatched: [UnmatchedMentee]
    public let quality: RoundQuality
    public let stored: Bool
}

/// Pairs every waiting mentee of a cohort for one round (`mmadmin match cohort`).
public struct CohortMatcher {
    let connection: PostgresConnection

    public init(connection: PostgresConnection) {
        self.connection = connection
    }

    /// Computes the round and, unless `dryRun`, stores its pairs as proposals. Two runs for the
    /// same cohort are serialised by a transaction-level advisory lock, so the second sees the
    /// first's proposals and does not propose the same mentees again.
    public func run(cohortName: String, round: CalendarDate, weights: MatchWeights, cooldownDays: Int,
                    dryRun: Bool) throws -> RoundResult {
        let cohort = try CohortRepository(connection: connection).find(cohortName)
        if let closed = cohort.closedOn, closed <= round {
            throw MMError(.dataError, "The cohort \(cohort.name) closed on \(closed); it has no round on \(round).")
        }
        guard cohort.startsOn <= round, round <= cohort.endsOn else {
            throw MMError(.dataError, "The cohort \(cohort.name) runs from \(cohort.startsOn) to \(cohort.endsOn); \(round) is outside it.",
                          details: ["Give the round's day with --round YYYY-MM-DD."])
        }
        let repository = MatchRepository(connection: connection)
        return try connection.transaction {
            try connection.execute("SELECT pg_advisory_xact_lock(\(Self.lockKey), \(Int32(truncatingIfNeeded: cohort.id)))")
            let mentees = try repository.waitingMentees(cohortID: cohort.id, round: round)
            let mentors = try repository.mentors(cohortID: cohort.id, round: round)
            let history = try repository.history(of: mentees.map(\.profile.employeeID), round: round,
                                                 cooldownDays: cooldownDays, cohortID: cohort.id)
            let line = ManagementLine(chains: try repository.managers(of: mentees.map(\.profile.employeeID) + mentors.map(\.employeeID)))
            let plan = RoundPlanner(weights: weights).plan(mentees: mentees, mentors: mentors, history: history, line: line)
            if !dryRun {
                try ProposalRepository(connection: connection).store(cohortID: cohort.id, round: round, pairs: plan.pairs)
            }
            return RoundResult(cohortName: cohort.name, round: round, pairs: plan.pairs, unmatched: plan.unmatched,
                               quality: plan.quality, stored: !dryRun)
        }
    }

    /// First half of the advisory lock key ("mmmatch"); the second half is the cohort id.
    static let lockKey: Int32 = 0x6D6D_6D61
}

/// The database-free part of a round: rules, scores, the optimal assignment, reasons, quality.
public struct RoundPlanner: Sendable {
    public let weights: MatchWeights

    public init(weights: MatchWeights) {
        self.weights = weights
    }

    /// The round as numbers: active mentees in waiting order against every mentor, forbidden
    /// where a hard rule says so, with how many mentors each rule excluded per mentee.
    public struct Problem: Sendable {
        public let candidates: [MatchRepository.WaitingMentee]
        public let assignment: AssignmentProblem
        public let exclusions: [[Exclusion: Int]]
    }

    public func problem(mentees: [MatchRepository.WaitingMentee], mentors: [MentorProfile],
                        history: [String: [String: PairHistory]], line: ManagementLine) -> Problem {
        let scorer = PairScorer(weights: weights)
        let candidates = mentees.filter(\.profile.active)
        var problem = AssignmentProblem(menteeCount: candidates.count, capacities: mentors.map(\.freePlaces))
        var exclusions = [[Exclusion: Int]](repeating: [:], count: candidates.count)
        for (row, mentee) in candidates.enumerated() {
            let pairs = history[mentee.profile.employeeID] ?? [:]
            for (column, mentor) in mentors.enumerated() {
                let pairHistory = pairs[mentor.employeeID] ?? .none
                if let rule = HardRules.exclusion(mentee: mentee.profile, mentor: mentor, history: pairHistory, line: line) {
                    exclusions[row][rule, default: 0] += 1
                } else {
                    problem.setScore(scorer.pairHundredths(mentee: mentee.profile, mentor: mentor, history: pairHistory),
                                     mentee: row, mentor: column)
                }
            }
        }
        for (column, mentor) in mentors.enumerated() {
            problem.setPlaceScores(scorer.placeHundredths(mentor), mentor: column)
        }
        return Problem(candidates: candidates, assignment: problem, exclusions: exclusions)
    }

    public func plan(mentees: [MatchRepository.WaitingMentee], mentors: [MentorProfile],
                     history: [String: [String: PairHistory]],
                     line: ManagementLine) -> (pairs: [ProposedPair], unmatched: [UnmatchedMentee], quality: RoundQuality) {
        let scorer = PairScorer(weights: weights)
        let built = self.problem(mentees: mentees, mentors: mentors, history: history, line: line)
        let (candidates, problem, exclusions) = (built.candidates, built.assignment, built.exclusions)
        let assignment = OptimalAssignment.solve(problem)

        var pairs: [ProposedPair] = []
        var placesTaken = [Int](repeating: 0, count: mentors.count)
        var unmatched: [UnmatchedMentee] = mentees.filter { !$0.profile.active }.map {
            UnmatchedMentee(menteeID: $0.profile.employeeID, waitingSince: $0.waitingSince, reason: Exclusion.inactive.rawValue)
        }
        for (row, mentee) in candidates.enumerated() {
            guard let column = assignment[row] else {
                let allowed = mentors.count - exclusions[row].values.reduce(0, +)
                let reason = mentors.isEmpty ? "the cohort has no mentors"
                    : allowed == 0 ? "no mentor allowed: " + HardRules.summary(exclusions[row])
                    : "the \(allowed) mentor\(allowed == 1 ? "" : "s") allowed went to mentees who waited longer"
                unmatched.append(UnmatchedMentee(menteeID: mentee.profile.employeeID, waitingSince: mentee.waitingSince, reason: reason))
                continue
            }
            let mentor = mentors[column]
            let pairHistory = history[mentee.profile.employeeID]?[mentor.employeeID] ?? .none
            let explained = scorer.score(mentee: mentee.profile, mentor: mentor, history: pairHistory,
                                         placesTaken: placesTaken[column])
            let place = problem.placeScores[column][placesTaken[column]]
            placesTaken[column] += 1
            pairs.append(ProposedPair(
                menteeID: mentee.profile.employeeID, mentorID: mentor.employeeID, mentorName: mentor.name,
                score: Double(problem.score(mentee: row, mentor: column) + place) / 100, reason: explained.reason,
                waitingSince: mentee.waitingSince, newTie: !pairHistory.metBefore,
                crossDepartment: mentee.profile.department != nil && mentor.department != nil
                    && mentee.profile.department != mentor.department))
        }
        var loads = [Int](repeating: 0, count: mentors.count)
        for case let column? in assignment { loads[column] += 1 }
        let eligibleLoads = zip(mentors, loads).filter { $0.0.freePlaces > 0 && $0.0.available && $0.0.employed }.map(\.1)
        return (pairs, unmatched, RoundQuality(pairs: pairs, unmatchedCount: unmatched.count, mentorLoads: eligibleLoads))
    }
}

/// A round's totals, so that weight settings can be compared (`match cohort --dry-run`).
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
