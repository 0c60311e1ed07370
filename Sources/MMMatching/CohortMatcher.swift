import MMCalendar
import Foundation
import MMDomain
import MMStore
import PostgresClient

/// A pair proposed in a round.
public struct ProposedPair: Sendable, Equatable {
    public let menteeID: String
    public let mentorID: String
    public let mentorName: String
    public let score: Double
    public let reason: String
    /// The topic the pair was matched on, if any.
    public let topic: String?
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

/// A current mentee member the round did not consider, and why (already met or scheduled
/// this month, already proposed this month).
public struct LeftOutMentee: Sendable, Equatable {
    public let menteeID: String
    public let reason: String

    init(_ stored: MatchRepository.LeftOutMentee) {
        menteeID = stored.employeeID
        if let status = stored.sessionStatus, let day = stored.sessionDay {
            reason = status == "scheduled" ? "a session is already scheduled this month (\(day))"
                : "already had a session this month (\(day))"
        } else {
            reason = "already proposed this month (proposal \(stored.proposalID ?? 0))"
        }
    }
}

/// The outcome of one cohort round.
public struct RoundResult: Sendable {
    public let cohortName: String
    public let round: CalendarDate
    public let pairs: [ProposedPair]
    public let unmatched: [UnmatchedMentee]
    /// Current mentee members the round left out because they are not waiting.
    public let leftOut: [LeftOutMentee]
    public let quality: RoundQuality
    public let stored: Bool
}

/// Pairs every waiting mentee of a cohort for one round.
public final class CohortMatcher: ConnectionBound {
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
                          remedy: .nameRoundDay)
        }
        let repository = MatchRepository(connection: connection)
        return try connection.transaction {
            try repository.lockRounds(of: cohort.id)
            let mentees = try repository.waitingMentees(cohortID: cohort.id, round: round).map(MenteeProfile.init)
            let leftOut = try repository.leftOutMentees(cohortID: cohort.id, round: round).map(LeftOutMentee.init)
            let mentors = try repository.mentors(cohortID: cohort.id, round: round).map(MentorProfile.init)
            let history = try repository.history(of: mentees.map(\.employeeID), round: round,
                                                 cooldownDays: cooldownDays, cohortID: cohort.id)
            let line = ManagementLine(chains: try repository.managers(of: mentees.map(\.employeeID) + mentors.map(\.employeeID)))
            let plan = RoundPlanner(weights: weights).plan(mentees: mentees, mentors: mentors, history: history, line: line)
            if !dryRun {
                try ProposalRepository(connection: connection).store(
                    cohortID: cohort.id, round: round, pairs: plan.pairs.map {
                        .init(menteeID: $0.menteeID, mentorID: $0.mentorID, score: $0.score, reason: $0.reason, topic: $0.topic)
                    })
            }
            return RoundResult(cohortName: cohort.name, round: round, pairs: plan.pairs, unmatched: plan.unmatched,
                               leftOut: leftOut, quality: plan.quality, stored: !dryRun)
        }
    }
}
