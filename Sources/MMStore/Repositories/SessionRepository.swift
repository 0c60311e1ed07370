import MMCalendar
import Foundation
import MMDomain
import PostgresClient

/// Sessions logged one at a time, their status changes, and their outcomes.
public final class SessionRepository: ConnectionBound {
    /// A session to log.
    public struct NewSession: Sendable {
        public var mentorID: String
        public var menteeID: String
        public var startedAt: Date
        public var minutes: Int
        public var format: String
        public var topic: String?
        public var cohortID: Int?
        public var status: String

        public init(mentorID: String, menteeID: String, startedAt: Date, minutes: Int, format: String, topic: String?,
                    cohortID: Int?, status: String) {
            self.mentorID = mentorID
            self.menteeID = menteeID
            self.startedAt = startedAt
            self.minutes = minutes
            self.format = format
            self.topic = topic
            self.cohortID = cohortID
            self.status = status
        }
    }

    /// Stores a session and returns its number. The database's constraints (different people,
    /// 1–480 minutes, one session per pair and time, cohort membership) back the command's checks.
    public func log(_ session: NewSession) throws -> Int {
        do {
            return try connection.query("""
                INSERT INTO mm.sessions (mentor_id, mentee_id, started_at, duration_minutes, format, topic, cohort_id, status)
                VALUES (\(session.mentorID), \(session.menteeID), \(session.startedAt)::timestamptz, \(session.minutes),
                        \(session.format), \(session.topic), \(session.cohortID)::bigint, \(session.status))
                RETURNING session_id
                """).first!.decode(Int.self, "session_id")
        } catch let error as PostgresError where error.sqlState == .uniqueViolation {
            throw MMError(.dataError, "\(session.mentorID) and \(session.menteeID) already have a session at that time.")
        }
    }

    /// Moves a scheduled session to `status`; explains when it cannot.
    public func transition(_ reference: String, to status: String) throws {
        let id = try sessionID(reference)
        let current = try connection.query("SELECT status FROM mm.sessions WHERE session_id = \(id)").first!.decode(String.self, "status")
        guard current == "scheduled" else {
            throw MMError(.dataError, "Session \(reference) is \(current); only scheduled sessions can become \(status).")
        }
        try connection.execute("UPDATE mm.sessions SET status = \(status) WHERE session_id = \(id)")
    }

    /// The session number for a number or an external id, or an exit-65 error.
    public func sessionID(_ reference: String) throws -> Int {
        let number = Int(reference)
        guard let row = try connection.query("""
            SELECT session_id FROM mm.sessions WHERE external_id = \(reference) OR session_id = \(number)::bigint
            ORDER BY external_id = \(reference) DESC NULLS LAST LIMIT 1
            """).first else {
            throw MMError(.dataError, "No session has the number or id \(reference).")
        }
        return try row.decode(Int.self, "session_id")
    }

    /// Filters for `list`.
    public struct Filter: Sendable {
        public var month: CalendarDate?
        public var employeeID: String?
        public var cohortID: Int?
        public var status: String?
        public var limit: Int?

        public init(month: CalendarDate? = nil, employeeID: String? = nil, cohortID: Int? = nil, status: String? = nil,
                    limit: Int? = nil) {
            self.month = month
            self.employeeID = employeeID
            self.cohortID = cohortID
            self.status = status
            self.limit = limit
        }
    }

    /// A stored session with its cohort's name and the mentee's rating.
    public struct Listed: Sendable, Equatable {
        public let sessionID: Int
        public let externalID: String?
        public let startedAt: Date
        public let minutes: Int
        public let mentorID: String
        public let menteeID: String
        public let format: String
        public let topic: String?
        public let cohort: String?
        public let status: String
        public let menteeRating: Int?
    }

    /// Sessions matching `filter`, in time order.
    public func list(_ filter: Filter) throws -> [Listed] {
        try connection.query("""
            SELECT s.session_id, s.external_id, s.started_at, s.duration_minutes, s.mentor_id, s.mentee_id, s.format,
                   s.topic, c.name AS cohort, s.status, o.mentee_rating
            FROM mm.sessions AS s
            LEFT JOIN mm.cohorts AS c ON c.cohort_id = s.cohort_id
            LEFT JOIN mm.outcomes AS o ON o.session_id = s.session_id
            WHERE (\(filter.month)::date IS NULL OR (s.started_at >= \(filter.month)::date
                                                     AND s.started_at < \(filter.month)::date + interval '1 month'))
              AND (\(filter.employeeID)::text IS NULL OR s.mentor_id = \(filter.employeeID) OR s.mentee_id = \(filter.employeeID))
              AND (\(filter.cohortID)::bigint IS NULL OR s.cohort_id = \(filter.cohortID))
              AND (\(filter.status)::text IS NULL OR s.status = \(filter.status))
            ORDER BY s.started_at, s.session_id
            LIMIT \(filter.limit)::bigint
            """).rows.map { row in
            Listed(sessionID: try row.decode(Int.self, "session_id"), externalID: try row.decode(String?.self, "external_id"),
                   startedAt: try row.decode(Date.self, "started_at"), minutes: try row.decode(Int.self, "duration_minutes"),
                   mentorID: try row.decode(String.self, "mentor_id"), menteeID: try row.decode(String.self, "mentee_id"),
                   format: try row.decode(String.self, "format"), topic: try row.decode(String?.self, "topic"),
                   cohort: try row.decode(String?.self, "cohort"), status: try row.decode(String.self, "status"),
                   menteeRating: try row.decode(Int?.self, "mentee_rating"))
        }
    }

    /// An outcome to record; nil (and a nil `followUp`) leaves a stored value as it is.
    public struct Outcome: Sendable {
        public var menteeRating: Int?
        public var mentorRating: Int?
        public var goalMet: Bool?
        public var followUp: Bool?
        public var note: String?

        public init(menteeRating: Int?, mentorRating: Int?, goalMet: Bool?, followUp: Bool?, note: String?) {
            self.menteeRating = menteeRating
            self.mentorRating = mentorRating
            self.goalMet = goalMet
            self.followUp = followUp
            self.note = note
        }
    }

    /// Records the outcome of a completed session: a new outcome takes the fields given, a
    /// stored one changes only the fields given (a second `--rating` keeps the goal answer).
    public func recordOutcome(_ reference: String, _ outcome: Outcome) throws {
        let id = try sessionID(reference)
        let status = try connection.query("SELECT status FROM mm.sessions WHERE session_id = \(id)").first!.decode(String.self, "status")
        guard status == "completed" else {
            throw MMError(.dataError, "Session \(reference) is \(status); outcomes are recorded for completed sessions only.")
        }
        try connection.execute("""
            INSERT INTO mm.outcomes AS o (session_id, mentee_rating, mentor_rating, goal_met, follow_up, note, submitted_at)
            VALUES (\(id), \(outcome.menteeRating)::smallint, \(outcome.mentorRating)::smallint, \(outcome.goalMet)::boolean,
                    coalesce(\(outcome.followUp)::boolean, false), \(outcome.note), now())
            ON CONFLICT (session_id) DO UPDATE
            SET mentee_rating = coalesce(\(outcome.menteeRating)::smallint, o.mentee_rating),
                mentor_rating = coalesce(\(outcome.mentorRating)::smallint, o.mentor_rating),
                goal_met = coalesce(\(outcome.goalMet)::boolean, o.goal_met),
                follow_up = coalesce(\(outcome.followUp)::boolean, o.follow_up),
                note = coalesce(\(outcome.note)::text, o.note), submitted_at = excluded.submitted_at
            """)
    }

    /// A stored session's own values, as `update` takes them.
    public struct Stored: Sendable, Equatable {
        public let sessionID: Int
        public var mentorID: String
        public var menteeID: String
        public var startedAt: Date
        public var minutes: Int
        public var format: String
        public var topic: String?
        public let cohortID: Int?
        public var status: String
    }

    /// The stored values of session `id` (a number `sessionID` returned).
    public func stored(_ id: Int) throws -> Stored {
        guard let row = try connection.query("""
            SELECT session_id, mentor_id, mentee_id, started_at, duration_minutes, format, topic, cohort_id, status
            FROM mm.sessions WHERE session_id = \(id)
            """).first else {
            // Removed since it was looked up (an undo in another session).
            throw MMError(.dataError, "Session \(id) does not exist (any more).")
        }
        return Stored(sessionID: try row.decode(Int.self, "session_id"), mentorID: try row.decode(String.self, "mentor_id"),
                      menteeID: try row.decode(String.self, "mentee_id"), startedAt: try row.decode(Date.self, "started_at"),
                      minutes: try row.decode(Int.self, "duration_minutes"), format: try row.decode(String.self, "format"),
                      topic: try row.decode(String?.self, "topic"), cohortID: try row.decode(Int?.self, "cohort_id"),
                      status: try row.decode(String.self, "status"))
    }

    /// Writes a corrected session; another session of the same pair at the same time is an
    /// exit-65 error naming it.
    public func update(_ session: Stored) throws {
        do {
            // In a savepoint, so that the session can be named after a refusal inside a transaction.
            try connection.transaction { try connection.execute("""
                UPDATE mm.sessions
                SET mentor_id = \(session.mentorID), mentee_id = \(session.menteeID), started_at = \(session.startedAt)::timestamptz,
                    duration_minutes = \(session.minutes), format = \(session.format), topic = \(session.topic),
                    status = \(session.status)
                WHERE session_id = \(session.sessionID)
                """) }
        } catch let error as PostgresError where error.sqlState == .uniqueViolation {
            let other = try connection.query("""
                SELECT session_id FROM mm.sessions
                WHERE mentor_id = \(session.mentorID) AND mentee_id = \(session.menteeID)
                  AND started_at = \(session.startedAt)::timestamptz
                """).first?.decode(Int.self, "session_id")
            throw MMError(.dataError, "\(session.mentorID) and \(session.menteeID) already have session \(other.map(String.init) ?? "?") at that time.")
        }
    }
}
