import Foundation
import MMCalendar
import PostgresClient

/// Feedback read back for the program manager (`mmadmin outcome list`): the outcomes of
/// sessions with both people's names and, when asked, the free-text notes. Names and notes
/// are read here, in commands, and never published in `mm_metrics`.
public final class OutcomeRepository: ConnectionBound {
    /// Filters for `list`.
    public struct Filter: Sendable {
        /// Only sessions that started in this month (UTC).
        public var month: CalendarDate?
        public var cohortID: Int?
        /// Only outcomes asking for a follow-up.
        public var followUpOnly: Bool
        /// Read the notes (nil in every row otherwise).
        public var withNotes: Bool

        public init(month: CalendarDate? = nil, cohortID: Int? = nil, followUpOnly: Bool = false, withNotes: Bool = false) {
            self.month = month
            self.cohortID = cohortID
            self.followUpOnly = followUpOnly
            self.withNotes = withNotes
        }
    }

    /// One session's outcome with its people.
    public struct Listed: Sendable, Equatable {
        public let sessionID: Int
        public let externalID: String?
        public let startedAt: Date
        public let cohort: String?
        public let format: String
        public let topic: String?
        public let mentorID: String
        public let mentorName: String
        public let menteeID: String
        public let menteeName: String
        public let menteeRating: Int?
        public let mentorRating: Int?
        public let goalMet: Bool?
        public let followUp: Bool
        public let note: String?
    }

    /// Outcomes matching `filter`, in the order of their sessions.
    public func list(_ filter: Filter) throws -> [Listed] {
        try connection.query("""
            SELECT s.session_id, s.external_id, s.started_at, c.name AS cohort, s.format, s.topic,
                   s.mentor_id, concat_ws(' ', mentor.given_name, mentor.family_name) AS mentor_name,
                   s.mentee_id, concat_ws(' ', mentee.given_name, mentee.family_name) AS mentee_name,
                   o.mentee_rating::integer AS mentee_rating, o.mentor_rating::integer AS mentor_rating, o.goal_met, o.follow_up,
                   CASE WHEN \(filter.withNotes) THEN o.note END AS note
            FROM mm.outcomes AS o
            JOIN mm.sessions AS s ON s.session_id = o.session_id
            JOIN mm.employees AS mentor ON mentor.employee_id = s.mentor_id
            JOIN mm.employees AS mentee ON mentee.employee_id = s.mentee_id
            LEFT JOIN mm.cohorts AS c ON c.cohort_id = s.cohort_id
            WHERE (\(filter.month)::date IS NULL
                   OR (s.started_at >= \(filter.month)::date::timestamp AT TIME ZONE 'UTC'
                       AND s.started_at < (\(filter.month)::date + interval '1 month')::timestamp AT TIME ZONE 'UTC'))
              AND (\(filter.cohortID)::bigint IS NULL OR s.cohort_id = \(filter.cohortID))
              AND (NOT \(filter.followUpOnly) OR o.follow_up)
            ORDER BY s.started_at, s.session_id
            """).rows.map { row in
            Listed(sessionID: try row.decode(Int.self, "session_id"), externalID: try row.decode(String?.self, "external_id"),
                   startedAt: try row.decode(Date.self, "started_at"), cohort: try row.decode(String?.self, "cohort"),
                   format: try row.decode(String.self, "format"), topic: try row.decode(String?.self, "topic"),
                   mentorID: try row.decode(String.self, "mentor_id"), mentorName: try row.decode(String.self, "mentor_name"),
                   menteeID: try row.decode(String.self, "mentee_id"), menteeName: try row.decode(String.self, "mentee_name"),
                   menteeRating: try row.decode(Int?.self, "mentee_rating"), mentorRating: try row.decode(Int?.self, "mentor_rating"),
                   goalMet: try row.decode(Bool?.self, "goal_met"), followUp: try row.decode(Bool.self, "follow_up"),
                   note: try row.decode(String?.self, "note"))
        }
    }
}
