import MMCalendar
import PostgresClient

extension MatchRepository {
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
