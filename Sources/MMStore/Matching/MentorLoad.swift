import MMCalendar
import PostgresClient

/// A mentor's load in a month: the one definition behind `mentor list` (and its
/// available-only filter), matching's capacity rule and the `mm_metrics` load and topic figures,
/// so none of them disagrees about who has a free place. The definition is the SQL function
/// `mm.mentor_loads` (`sql/definitions/070_mentor_load.sql`): the month's (UTC) sessions
/// scheduled or completed as mentor, plus open (proposed or accepted) proposals of rounds in
/// that month whose pair has no such session that month yet.
enum MentorLoad {
    /// A query of `(mentor_id text, load integer)`, one row per mentor with a load in the
    /// month of `day`; mentors without one have no row (join it and take 0).
    static func perMentor(inMonthOf day: CalendarDate) -> SQLQuery {
        let first = day.firstOfMonth
        return "SELECT mentor_id, load FROM mm.mentor_loads(\(first)::date, \(first)::date)"
    }
}
