import MMCalendar
import MMDomain
import MMStore
import PostgresClient

/// One ranked suggestion.
public struct MentorSuggestion: Sendable, Equatable {
    public let mentorID: String
    public let name: String
    public let department: String?
    public let score: Double
    public let reason: String
}

/// Ranked mentors for one mentee and, optionally, one topic.
public final class MentorSuggester: ConnectionBound {
    /// The best `limit` mentors allowed by the hard rules, highest score first (ties: more
    /// free places, then employee id), and how many mentors each rule excluded.
    public func suggest(menteeID: String, topic: String?, cohortName: String?, on day: CalendarDate, limit: Int,
                        weights: MatchWeights, cooldownDays: Int) throws -> (suggestions: [MentorSuggestion], excluded: [Exclusion: Int]) {
        let repository = MatchRepository(connection: connection)
        guard let stored = try repository.mentee(employeeID: menteeID, on: day) else {
            throw MMError(.dataError, "No employee has the id \(menteeID).")
        }
        let mentee = MenteeProfile(stored)
        guard mentee.active else {
            throw MMError(.dataError, "\(menteeID) is inactive in the roster; only current employees get suggestions.")
        }
        var cohortID: Int?
        if let cohortName {
            let cohorts = CohortRepository(connection: connection)
            let cohort = try cohorts.find(cohortName)
            guard try cohorts.isMember(cohort, employeeID: menteeID) else {
                throw MMError(.dataError, "\(menteeID) is not a member of the cohort \(cohort.name).",
                              remedy: .enrol(cohort: cohort.name, employeeID: menteeID, role: .mentee))
            }
            cohortID = cohort.id
        }
        let mentors = try repository.mentors(cohortID: cohortID, round: day).map(MentorProfile.init)
        // Only the mentee's own line matters: their managers, and whoever among the mentors is below them.
        var line = ManagementLine(chains: try repository.managers(of: [menteeID]))
        for report in try repository.reports(of: menteeID, among: mentors.map(\.employeeID)) {
            line.add(person: report, above: menteeID)
        }
        let history = try repository.history(of: [menteeID], round: day, cooldownDays: cooldownDays, cohortID: nil)[menteeID] ?? [:]
        let scorer = PairScorer(weights: weights, requestedTopic: topic)
        var excluded: [Exclusion: Int] = [:]
        var ranked: [(mentor: MentorProfile, history: PairHistory, score: Double)] = []
        for mentor in mentors {
            let pairHistory = history[mentor.employeeID] ?? .none
            if let rule = HardRules.exclusion(mentee: mentee, mentor: mentor, history: pairHistory, line: line) {
                if rule != .samePerson { excluded[rule, default: 0] += 1 }
                continue
            }
            ranked.append((mentor, pairHistory, scorer.value(mentee: mentee, mentor: mentor, history: pairHistory)))
        }
        ranked.sort {
            ($0.score, $0.mentor.freePlaces, $1.mentor.employeeID) > ($1.score, $1.mentor.freePlaces, $0.mentor.employeeID)
        }
        let suggestions = ranked.prefix(limit).map {
            let explained = scorer.score(mentee: mentee, mentor: $0.mentor, history: $0.history)
            return MentorSuggestion(mentorID: $0.mentor.employeeID, name: $0.mentor.name, department: $0.mentor.department,
                                    score: (explained.score * 100).rounded() / 100, reason: explained.reason)
        }
        return (suggestions, excluded)
    }
}
