import Foundation
import MMCalendar
import MMDomain
import MMStore
import PostgresClient

/// Corrections of stored sessions: any field, any status. A correction passes the checks of
/// `session log` for what it changes (the audit trail keeps what was there before).
public final class SessionCorrection: ConnectionBound {
    /// What to change; nil keeps the stored value.
    public struct Changes: Sendable {
        public var mentor: String?
        public var mentee: String?
        public var startedAt: Date?
        public var minutes: Int?
        public var format: String?
        public var topic: String?
        public var status: String?
        /// Accept people who were not on staff on the session's day.
        public var allowInactive = false

        public init(mentor: String? = nil, mentee: String? = nil, startedAt: Date? = nil, minutes: Int? = nil,
                    format: String? = nil, topic: String? = nil, status: String? = nil, allowInactive: Bool = false) {
            self.mentor = mentor
            self.mentee = mentee
            self.startedAt = startedAt
            self.minutes = minutes
            self.format = format
            self.topic = topic
            self.status = status
            self.allowInactive = allowInactive
        }
    }

    /// What "now" is for the rule that held sessions are not in the future (tests fix it).
    public var clock: any WallClock = SystemClock()

    /// Applies `changes` to the session `reference` names (number or external id) and returns
    /// it as stored now. People and times are checked when they change: two different people,
    /// on staff on the session's day (unless allowed), members of the session's cohort, no
    /// other session of the pair at that time; a session completed or missed cannot lie in the
    /// future.
    @discardableResult
    public func update(_ reference: String, _ changes: Changes) throws -> SessionRepository.Stored {
        try connection.transaction {
            let sessions = SessionRepository(connection: connection)
            let before = try sessions.stored(try sessions.sessionID(reference))
            var after = before
            let resolver = PeopleResolver(connection: connection)
            if let mentor = changes.mentor { after.mentorID = try resolver.resolve(mentor).employeeID }
            if let mentee = changes.mentee { after.menteeID = try resolver.resolve(mentee).employeeID }
            if let startedAt = changes.startedAt { after.startedAt = startedAt }
            if let minutes = changes.minutes {
                guard (1...480).contains(minutes) else { throw MMError(.usage, "A session lasts 1 to 480 minutes, not \(minutes).") }
                after.minutes = minutes
            }
            if let format = changes.format { after.format = format }
            if let topic = changes.topic { after.topic = topic }
            if let status = changes.status { after.status = status }
            let rules = SessionRules(connection: connection)
            let peopleOrDayChanged = after.mentorID != before.mentorID || after.menteeID != before.menteeID
                || SessionRules.day(of: after.startedAt) != SessionRules.day(of: before.startedAt)
            if peopleOrDayChanged {
                try rules.checkPeople(mentor: after.mentorID, mentee: after.menteeID, on: SessionRules.day(of: after.startedAt),
                                      allowInactive: changes.allowInactive)
                if let cohortID = after.cohortID, let cohort = try CohortRepository(connection: connection).cohort(id: cohortID) {
                    try rules.checkMembers([after.mentorID, after.menteeID].filter { $0 != before.mentorID && $0 != before.menteeID },
                                           of: cohort)
                }
            }
            if after.status != before.status || after.startedAt != before.startedAt {
                try checkNotFuture(after, reference: reference)
            }
            if after != before { try sessions.update(after) }
            return after
        }
    }

    /// Moves a scheduled session to `status` (`session complete`, `cancel`, `no-show`).
    public func move(_ reference: String, to status: String) throws {
        let sessions = SessionRepository(connection: connection)
        var session = try sessions.stored(try sessions.sessionID(reference))
        session.status = status
        try checkNotFuture(session, reference: reference)
        try sessions.transition(reference, to: status)
    }

    /// A session held or missed has happened: it cannot start after now.
    private func checkNotFuture(_ session: SessionRepository.Stored, reference: String) throws {
        guard ["completed", "no_show"].contains(session.status),
              session.startedAt.timeIntervalSince1970 > clock.secondsSinceEpoch() else { return }
        throw MMError(.dataError, "Session \(reference) starts in the future (\(ISO8601DateFormatter().string(from: session.startedAt))); only a session that has started can be \(session.status).")
    }
}
