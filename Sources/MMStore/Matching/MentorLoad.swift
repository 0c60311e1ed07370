import MMCalendar
import PostgresClient

/// A mentor's load in a month: the one definition behind `mentor list` (and its
/// available-only filter) and matching's capacity rule, so the two never disagree about who
/// has a free place.
///
/// The load counts the month's (UTC) sessions scheduled or completed as mentor, plus open
/// (proposed or accepted) proposals of rounds in that month whose pair has no such session
/// that month yet: an accepted proposal holds its place once, before and after its session is
/// logged (migration 0008).
enum MentorLoad {
    /// A query of `(mentor_id text, load integer)`, one row per mentor with a load in the
    /// month of `day`; mentors without one have no row (join it and take 0).
    static func perMentor(inMonthOf day: CalendarDate) -> SQLQuery {
        let first = day.firstOfMonth
        let next = first.addingMonths(1)
        return """
            WITH month_sessions AS (
                SELECT mentor_id, mentee_id FROM mm.sessions
                WHERE status IN ('scheduled', 'completed')
                  AND started_at >= \(first)::date::timestamp AT TIME ZONE 'UTC'
                  AND started_at < \(next)::date::timestamp AT TIME ZONE 'UTC'
            ),
            counted AS (
                SELECT mentor_id FROM month_sessions
                UNION ALL
                SELECT p.mentor_id FROM mm.match_proposals AS p
                WHERE p.status IN ('proposed', 'accepted') AND p.round_on >= \(first)::date AND p.round_on < \(next)::date
                  AND NOT EXISTS (SELECT 1 FROM month_sessions AS s WHERE s.mentor_id = p.mentor_id AND s.mentee_id = p.mentee_id)
            )
            SELECT mentor_id, count(*)::integer AS load FROM counted GROUP BY mentor_id
            """
    }
}
