import MMCalendar
import Foundation
import MMDomain
import MMStore
import PostgresClient

/// All SQL matching runs: who can be matched, their history, and the proposals table.
public struct MatchRepository {
    let connection: PostgresConnection

    public init(connection: PostgresConnection) {
        self.connection = connection
    }

    /// The configured weights and cool-down (`mm.settings`, keys `match.weight.*` and `match.cooldown_days`).
    public func settings() throws -> (weights: MatchWeights, cooldownDays: Int) {
        var weights = MatchWeights()
        var cooldown = 90
        for row in try connection.query("SELECT key, value FROM mm.settings WHERE key LIKE 'match.%'").rows {
            let key = try row.decode(String.self, "key")
            let value = try row.decode(String.self, "value")
            if key == "match.cooldown_days" {
                guard let days = Int(value), days >= 0 else {
                    throw MMError(.dataError, "The setting match.cooldown_days is \"\(value)\", not a number of days.")
                }
                cooldown = days
            } else if key.hasPrefix("match.weight.") {
                do throws(MatchWeightError) {
                    guard let number = Double(value) else { throw MatchWeightError.malformed(value) }
                    weights = try weights.setting(String(key.dropFirst("match.weight.".count)), to: number)
                } catch {
                    throw MMError(.dataError, "The setting \(key) cannot be used.", details: [error.description])
                }
            }
        }
        return (weights, cooldown)
    }

    /// Mentors who could take a mentee in `round`'s month: the cohort's current mentor members
    /// (a member without a profile counts as available, no topics, capacity 4) or, without a
    /// cohort, every mentor profile. Load counts sessions scheduled or completed that month
    /// and proposals still open for it whose pair has not met that month yet.
    public func mentors(cohortID: Int?, round: CalendarDate) throws -> [MentorProfile] {
        let rows = try connection.query("""
            WITH bounds AS (
                SELECT date_trunc('month', \(round)::date)::timestamp AT TIME ZONE 'UTC' AS month_start,
                       (date_trunc('month', \(round)::date) + interval '1 month')::timestamp AT TIME ZONE 'UTC' AS month_end,
                       date_trunc('month', \(round)::date)::date AS first_day
            ),
            pool AS (
                SELECT employee_id FROM mm.cohort_members
                WHERE cohort_id = \(cohortID) AND role = 'mentor' AND enrolled_on <= \(round)::date
                  AND (left_on IS NULL OR left_on > \(round)::date)
                UNION
                SELECT employee_id FROM mm.mentors WHERE \(cohortID)::bigint IS NULL
            ),
            month_sessions AS (
                SELECT s.mentor_id, s.mentee_id FROM mm.sessions AS s, bounds AS b
                WHERE s.status IN ('scheduled', 'completed') AND s.started_at >= b.month_start AND s.started_at < b.month_end
            ),
            load AS (
                SELECT mentor_id FROM month_sessions
                UNION ALL
                SELECT p.mentor_id FROM mm.match_proposals AS p, bounds AS b
                WHERE p.status IN ('proposed', 'accepted')
                  AND p.round_on >= b.first_day AND p.round_on < (b.first_day + interval '1 month')::date
                  AND NOT EXISTS (SELECT 1 FROM month_sessions AS s WHERE s.mentor_id = p.mentor_id AND s.mentee_id = p.mentee_id)
            ),
            load_by_mentor AS (SELECT mentor_id, count(*)::integer AS load FROM load GROUP BY mentor_id)
            SELECT e.employee_id, concat_ws(' ', e.given_name, e.family_name) AS name, e.department, e.location, e.title,
                   e.status = 'active' AS employed, coalesce(m.active, true) AS available,
                   coalesce(m.topics, '{}') AS topics, coalesce(m.monthly_capacity, 4) AS capacity,
                   coalesce(l.load, 0) AS load
            FROM pool
            JOIN mm.employees AS e USING (employee_id)
            LEFT JOIN mm.mentors AS m USING (employee_id)
            LEFT JOIN load_by_mentor AS l ON l.mentor_id = e.employee_id
            ORDER BY e.employee_id
            """).rows
        return try rows.map { row in
            MentorProfile(
                employeeID: try row.decode(String.self, "employee_id"), name: try row.decode(String.self, "name"),
                department: try row.decode(String?.self, "department"), location: try row.decode(String?.self, "location"),
                title: try row.decode(String?.self, "title"), topics: try row.decode([String].self, "topics"),
                monthlyCapacity: try row.decode(Int.self, "capacity"), load: try row.decode(Int.self, "load"),
                available: try row.decode(Bool.self, "available"), employed: try row.decode(Bool.self, "employed"))
        }
    }

    /// A mentee waiting in a cohort round, with when their wait began.
    public struct WaitingMentee: Sendable {
        public let profile: MenteeProfile
        /// The later of their enrolment and their last completed session as mentee.
        public let waitingSince: CalendarDate
    }

    /// The cohort's mentees who are waiting in `round`: current members with no session
    /// scheduled or completed as mentee in the round's month and no open proposal of this
    /// cohort for that month; longest waiting first (then by employee id, for determinism).
    public func waitingMentees(cohortID: Int, round: CalendarDate) throws -> [WaitingMentee] {
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

    /// One mentee, for `match suggest`.
    public func mentee(employeeID: String, on day: CalendarDate) throws -> MenteeProfile {
        guard let mentee = try mentees(candidates: "SELECT \(employeeID)::text, NULL::date", round: day).first else {
            throw MMError(.dataError, "No employee has the id \(employeeID).")
        }
        return mentee.profile
    }

    /// Profiles of the people `candidates` selects (employee id, enrolment date), in waiting order.
    private func mentees(candidates: SQLQuery, round: CalendarDate) throws -> [WaitingMentee] {
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
            let profile = MenteeProfile(
                employeeID: try row.decode(String.self, "employee_id"), department: try row.decode(String?.self, "department"),
                location: try row.decode(String?.self, "location"), title: try row.decode(String?.self, "title"),
                pastTopics: Set(try row.decode([String].self, "past_topics")),
                active: try row.decode(Bool.self, "active"))
            return WaitingMentee(profile: profile, waitingSince: try row.decode(CalendarDate.self, "waiting_since"))
        }
    }

    /// What each mentee has done with each partner: met at all (completed, either role),
    /// a scheduled or completed session within `cooldownDays` of `round`, and, for a cohort
    /// round, pairs declined for that round. Keyed by mentee, then partner.
    public func history(of menteeIDs: [String], round: CalendarDate, cooldownDays: Int,
                        cohortID: Int?) throws -> [String: [String: PairHistory]] {
        let rows = try connection.query("""
            WITH contacts AS (
                SELECT mentee_id AS person, mentor_id AS partner, status, started_at
                FROM mm.sessions WHERE mentee_id = ANY(\(menteeIDs)::text[])
                UNION ALL
                SELECT mentor_id, mentee_id, status, started_at
                FROM mm.sessions WHERE mentor_id = ANY(\(menteeIDs)::text[])
            ),
            round_start AS (SELECT \(round)::date::timestamp AT TIME ZONE 'UTC' AS at)
            SELECT person, partner, bool_or(status = 'completed') AS met,
                   bool_or(status IN ('scheduled', 'completed')
                           AND started_at > r.at - make_interval(days => \(cooldownDays))
                           AND started_at < r.at + make_interval(days => \(cooldownDays))) AS recent,
                   false AS declined
            FROM contacts, round_start AS r
            GROUP BY person, partner
            UNION ALL
            SELECT mentee_id, mentor_id, false, false, true FROM mm.match_proposals
            WHERE cohort_id = \(cohortID) AND round_on = \(round)::date AND status = 'declined'
              AND mentee_id = ANY(\(menteeIDs)::text[])
            """).rows
        var result: [String: [String: PairHistory]] = [:]
        for row in rows {
            let person = try row.decode(String.self, "person")
            let partner = try row.decode(String.self, "partner")
            var entry = result[person]?[partner] ?? .none
            entry.metBefore = try entry.metBefore || row.decode(Bool.self, "met")
            entry.withinCooldown = try entry.withinCooldown || row.decode(Bool.self, "recent")
            entry.declinedThisRound = try entry.declinedThisRound || row.decode(Bool.self, "declined")
            result[person, default: [:]][partner] = entry
        }
        return result
    }

    /// Waits for any other round of the cohort to finish; held until the transaction ends.
    public func lockRounds(of cohortID: Int) throws {
        try connection.execute("SELECT pg_advisory_xact_lock(\(Self.roundLockKey), \(Int32(truncatingIfNeeded: cohortID)))")
    }

    /// First half of the rounds' advisory lock key ("mmma"); the second half is the cohort id.
    static let roundLockKey: Int32 = 0x6D6D_6D61

    /// Everyone below `manager` in the current roster who is among `people`.
    public func reports(of manager: String, among people: [String]) throws -> [String] {
        try connection.query("""
            WITH RECURSIVE below (employee_id, depth) AS (
                SELECT employee_id, 1 FROM mm.employees WHERE manager_id = \(manager)
                UNION ALL
                SELECT e.employee_id, b.depth + 1
                FROM below AS b JOIN mm.employees AS e ON e.manager_id = b.employee_id
                WHERE b.depth < 100   -- imports refuse cycles; this is a guard
            )
            SELECT employee_id FROM below WHERE employee_id = ANY(\(people)::text[])
            """).rows.map { try $0.decode(String.self, "employee_id") }
    }

    /// Each person's managers up the chain in the current roster, nearest first.
    public func managers(of employeeIDs: [String]) throws -> [String: [String]] {
        let rows = try connection.query("""
            WITH RECURSIVE chain (person, manager, depth) AS (
                SELECT e.employee_id, e.manager_id, 1 FROM mm.employees AS e
                WHERE e.employee_id = ANY(\(employeeIDs)::text[]) AND e.manager_id IS NOT NULL
                UNION ALL
                SELECT c.person, e.manager_id, c.depth + 1
                FROM chain AS c JOIN mm.employees AS e ON e.employee_id = c.manager
                WHERE e.manager_id IS NOT NULL AND c.depth < 100   -- imports refuse cycles; this is a guard
            )
            SELECT person, manager FROM chain ORDER BY person, depth
            """).rows
        var chains: [String: [String]] = [:]
        for row in rows {
            chains[try row.decode(String.self, "person"), default: []].append(try row.decode(String.self, "manager"))
        }
        return chains
    }
}
