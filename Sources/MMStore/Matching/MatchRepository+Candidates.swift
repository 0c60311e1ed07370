import MMCalendar
import PostgresClient

extension MatchRepository {
    /// Mentors who could take a mentee in `round`'s month: the cohort's current mentor members
    /// (a member without a profile counts as available, no topics, capacity 4) or, without a
    /// cohort, every mentor profile; each with their load that month (`MentorLoad`).
    public func mentors(cohortID: Int?, round: CalendarDate) throws -> [MentorCandidate] {
        let rows = try connection.query("""
            WITH pool AS (
                SELECT employee_id FROM mm.cohort_members
                WHERE cohort_id = \(cohortID) AND role = 'mentor' AND enrolled_on <= \(round)::date
                  AND (left_on IS NULL OR left_on > \(round)::date)
                UNION
                SELECT employee_id FROM mm.mentors WHERE \(cohortID)::bigint IS NULL
            )
            SELECT e.employee_id, concat_ws(' ', e.given_name, e.family_name) AS name, e.department, e.location, e.title,
                   e.status = 'active' AS employed, coalesce(m.active, true) AS available,
                   coalesce(m.topics, '{}') AS topics, coalesce(m.monthly_capacity, 4) AS capacity,
                   coalesce(l.load, 0) AS load
            FROM pool
            JOIN mm.employees AS e USING (employee_id)
            LEFT JOIN mm.mentors AS m USING (employee_id)
            LEFT JOIN (\(fragment: MentorLoad.perMentor(inMonthOf: round))) AS l ON l.mentor_id = e.employee_id
            ORDER BY e.employee_id
            """).rows
        return try rows.map { row in
            MentorCandidate(
                employeeID: try row.decode(String.self, "employee_id"), name: try row.decode(String.self, "name"),
                department: try row.decode(String?.self, "department"), location: try row.decode(String?.self, "location"),
                title: try row.decode(String?.self, "title"), topics: try row.decode([String].self, "topics"),
                monthlyCapacity: try row.decode(Int.self, "capacity"), load: try row.decode(Int.self, "load"),
                available: try row.decode(Bool.self, "available"), employed: try row.decode(Bool.self, "employed"))
        }
    }

    /// The cohort's mentees who are waiting in `round`: current members with no session
    /// scheduled or completed as mentee in the round's month and no open proposal of this
    /// cohort for that month; longest waiting first (then by employee id, for determinism).
    public func waitingMentees(cohortID: Int, round: CalendarDate) throws -> [MenteeCandidate] {
        try mentees(candidates: """
            SELECT cm.employee_id, cm.enrolled_on FROM mm.cohort_members AS cm
            WHERE cm.cohort_id = \(cohortID) AND cm.role = 'mentee' AND cm.enrolled_on <= \(round)::date
              AND (cm.left_on IS NULL OR cm.left_on > \(round)::date)
              AND NOT EXISTS (
                  SELECT 1 FROM mm.sessions AS s
                  WHERE s.mentee_id = cm.employee_id AND s.status IN ('scheduled', 'completed')
                    AND s.started_at >= date_trunc('month', \(round)::date)::timestamp AT TIME ZONE 'UTC'
                    AND s.started_at < (date_trunc('month', \(round)::date) + interval '1 month')::timestamp AT TIME ZONE 'UTC')
              AND NOT EXISTS (
                  SELECT 1 FROM mm.match_proposals AS p
                  WHERE p.cohort_id = cm.cohort_id AND p.mentee_id = cm.employee_id AND p.status <> 'declined'
                    AND date_trunc('month', p.round_on) = date_trunc('month', \(round)::date))
            """, round: round)
    }

    /// A current mentee member a round does not consider, and why: a session of theirs in the
    /// round's month (`session` with its status) or an open proposal of this cohort for it
    /// (`proposal` with its id).
    public struct LeftOutMentee: Sendable, Equatable {
        public let employeeID: String
        public let sessionStatus: String?
        public let sessionDay: CalendarDate?
        public let proposalID: Int?
    }

    /// The cohort's current mentee members that `waitingMentees` leaves out, by employee id.
    public func leftOutMentees(cohortID: Int, round: CalendarDate) throws -> [LeftOutMentee] {
        try connection.query("""
            WITH month AS (
                SELECT date_trunc('month', \(round)::date)::timestamp AT TIME ZONE 'UTC' AS first,
                       (date_trunc('month', \(round)::date) + interval '1 month')::timestamp AT TIME ZONE 'UTC' AS next
            )
            SELECT cm.employee_id, s.status AS session_status, (s.started_at AT TIME ZONE 'UTC')::date AS session_day,
                   p.proposal_id
            FROM mm.cohort_members AS cm
            CROSS JOIN month
            LEFT JOIN LATERAL (
                SELECT s.status, s.started_at FROM mm.sessions AS s
                WHERE s.mentee_id = cm.employee_id AND s.status IN ('scheduled', 'completed')
                  AND s.started_at >= month.first AND s.started_at < month.next
                ORDER BY s.started_at LIMIT 1) AS s ON true
            LEFT JOIN LATERAL (
                SELECT p.proposal_id FROM mm.match_proposals AS p
                WHERE p.cohort_id = cm.cohort_id AND p.mentee_id = cm.employee_id AND p.status <> 'declined'
                  AND date_trunc('month', p.round_on) = date_trunc('month', \(round)::date)
                ORDER BY p.proposal_id LIMIT 1) AS p ON true
            WHERE cm.cohort_id = \(cohortID) AND cm.role = 'mentee' AND cm.enrolled_on <= \(round)::date
              AND (cm.left_on IS NULL OR cm.left_on > \(round)::date)
              AND (s.status IS NOT NULL OR p.proposal_id IS NOT NULL)
            ORDER BY cm.employee_id
            """).rows.map { row in
            LeftOutMentee(employeeID: try row.decode(String.self, "employee_id"),
                          sessionStatus: try row.decode(String?.self, "session_status"),
                          sessionDay: try row.decode(CalendarDate?.self, "session_day"),
                          proposalID: try row.decode(Int?.self, "proposal_id"))
        }
    }

    /// One person as a mentee on `day` (for `match suggest`), or nil when no employee has the id.
    public func mentee(employeeID: String, on day: CalendarDate) throws -> MenteeCandidate? {
        try mentees(candidates: "SELECT \(employeeID)::text, NULL::date", round: day).first
    }

    /// The people `candidates` selects (employee id, enrolment date), in waiting order.
    private func mentees(candidates: SQLQuery, round: CalendarDate) throws -> [MenteeCandidate] {
        let rows = try connection.query("""
            SELECT e.employee_id, e.department, e.location, e.title, e.status = 'active' AS active,
                   coalesce(greatest(c.enrolled_on, last.day), c.enrolled_on, \(round)::date) AS waiting_since,
                   ARRAY(SELECT DISTINCT lower(s.topic) FROM mm.sessions AS s
                         WHERE s.mentee_id = e.employee_id AND s.status = 'completed' AND s.topic IS NOT NULL) AS past_topics
            FROM (\(fragment: candidates)) AS c (employee_id, enrolled_on)
            JOIN mm.employees AS e USING (employee_id)
            LEFT JOIN LATERAL (
                SELECT (max(s.started_at) AT TIME ZONE 'UTC')::date AS day FROM mm.sessions AS s
                WHERE s.mentee_id = e.employee_id AND s.status = 'completed'
                  AND s.started_at < (\(round)::date + 1)::timestamp AT TIME ZONE 'UTC'
            ) AS last ON true
            ORDER BY waiting_since, e.employee_id
            """).rows
        return try rows.map { row in
            MenteeCandidate(
                employeeID: try row.decode(String.self, "employee_id"), department: try row.decode(String?.self, "department"),
                location: try row.decode(String?.self, "location"), title: try row.decode(String?.self, "title"),
                pastTopics: Set(try row.decode([String].self, "past_topics")), active: try row.decode(Bool.self, "active"),
                waitingSince: try row.decode(CalendarDate.self, "waiting_since"))
        }
    }
}
