import PostgresClient

/// Mentoring sessions, matched by external id when given, else by mentor, mentee and start
/// time (so files without ids re-import idempotently too).
enum SessionsImportSQL: ProgramKindSQL {
    static let stagingTable = "stage_sessions"
    static let keptColumns: KeptColumns? = KeptColumns(
        changeTable: "session_change", storedTable: "sessions", key: [("session_id", "session_id")],
        columnOfField: ["format": "format", "topic": "topic", "cohort": "cohort_id", "status": "status"],
        compared: ["mentor_id", "mentee_id", "started_at", "duration_minutes", "format", "topic", "cohort_id", "status"])

    static func check(_ rows: StagedRows) throws -> [StagedRowProblem] {
        var problems = try rows.resolveReferences(table: stagingTable, roles: ["mentor", "mentee"], cohortColumn: "cohort")
        problems += try rows.problems("mentee_employee_id", """
            SELECT line, 'the mentor and the mentee are the same person (' || mentor_id || ')' AS message
            FROM pg_temp.stage_sessions WHERE mentor_id = mentee_id ORDER BY line
            """)
        problems += try rows.problems("ended_at", """
            SELECT line, 'lasts ' || round(extract(epoch FROM ended_at - started_at) / 60)::int
                   || ' minutes by its start and end; sessions last 1 to 480 minutes' AS message
            FROM pg_temp.stage_sessions
            WHERE duration_minutes IS NULL AND ended_at IS NOT NULL
              AND round(extract(epoch FROM ended_at - started_at) / 60) NOT BETWEEN 1 AND 480
            ORDER BY line
            """)
        try rows.run("""
            CREATE TEMP TABLE session_change ON COMMIT DROP AS
            WITH resolved AS (
                SELECT s.line, s.external_id, s.mentor_id, s.mentee_id, s.started_at,
                       coalesce(s.duration_minutes, round(extract(epoch FROM s.ended_at - s.started_at) / 60)::int)
                           AS duration_minutes,
                       coalesce(s.format, 'unknown') AS format, s.topic, s.cohort_id,
                       coalesce(s.status, 'completed') AS status
                FROM pg_temp.stage_sessions AS s
            )
            SELECT r.*, coalesce(by_id.session_id, by_pair.session_id) AS session_id,
                   CASE WHEN coalesce(by_id.session_id, by_pair.session_id) IS NULL THEN 'inserted'
                        WHEN (x.mentor_id, x.mentee_id, x.started_at, x.duration_minutes, x.format, x.topic, x.cohort_id, x.status)
                             IS DISTINCT FROM
                             (r.mentor_id, r.mentee_id, r.started_at, r.duration_minutes, r.format, r.topic, r.cohort_id, r.status)
                            THEN 'updated'
                        ELSE 'unchanged' END AS change
            FROM resolved AS r
            LEFT JOIN mm.sessions AS by_id ON by_id.external_id = r.external_id
            LEFT JOIN mm.sessions AS by_pair
                   ON r.external_id IS NULL AND by_pair.mentor_id = r.mentor_id AND by_pair.mentee_id = r.mentee_id
                  AND by_pair.started_at = r.started_at
            LEFT JOIN mm.sessions AS x ON x.session_id = coalesce(by_id.session_id, by_pair.session_id)
            """)
        // Finding that no pair meets twice at one time is one hash aggregate; pairing the lines
        // up is a self join that costs twice as much, worth it only when there is something to say.
        let repeated = try rows.connection.query("""
            SELECT EXISTS (SELECT FROM pg_temp.session_change GROUP BY mentor_id, mentee_id, started_at HAVING count(*) > 1)
                   AS repeated
            """).first?.decode(Bool.self, "repeated") ?? false
        if repeated { problems += try rows.problems("started_at", """
            SELECT c.line, 'the same mentor and mentee already meet at this time on line ' || min(o.line) AS message
            FROM pg_temp.session_change AS c
            JOIN pg_temp.session_change AS o
              ON o.mentor_id = c.mentor_id AND o.mentee_id = c.mentee_id AND o.started_at = c.started_at AND o.line < c.line
            GROUP BY c.line ORDER BY c.line
            """) }
        problems += try rows.problems("started_at", """
            SELECT c.line, 'the same mentor and mentee already have session ' || coalesce(s.external_id, s.session_id::text)
                   || ' at this time' AS message
            FROM pg_temp.session_change AS c
            JOIN mm.sessions AS s ON s.mentor_id = c.mentor_id AND s.mentee_id = c.mentee_id AND s.started_at = c.started_at
            WHERE s.session_id IS DISTINCT FROM c.session_id
            ORDER BY c.line
            """)
        return problems
    }

    static func changes(_ rows: StagedRows) throws -> ImportCounts {
        var counts = try rows.counts("session_change")
        // A session naming a cohort enrols both people who are not members yet (from the
        // cohort's start, or their first session when earlier; a mentor role wins).
        counts.enrolled = try rows.run("""
            CREATE TEMP TABLE session_enrolment ON COMMIT DROP AS
            SELECT p.cohort_id, p.person, p.role, least(c.starts_on, p.first_day) AS enrolled_on
            FROM (SELECT s.cohort_id, r.person, max(r.role) AS role,
                         -- as a mentor when they ever are (max: 'mentor' > 'mentee')
                         coalesce(min(s.started_at) FILTER (WHERE r.role = 'mentor'), min(s.started_at))::date AS first_day
                  FROM pg_temp.session_change AS s
                  CROSS JOIN LATERAL (VALUES (s.mentor_id, 'mentor'), (s.mentee_id, 'mentee')) AS r(person, role)
                  WHERE s.cohort_id IS NOT NULL AND s.change <> 'unchanged'
                  GROUP BY s.cohort_id, r.person) AS p
            JOIN mm.cohorts AS c ON c.cohort_id = p.cohort_id
            WHERE NOT EXISTS (SELECT 1 FROM mm.cohort_members AS m WHERE m.cohort_id = p.cohort_id AND m.employee_id = p.person)
            """)
        let outside = try rows.connection.query("""
            SELECT count(*)::int AS n FROM pg_temp.session_change AS s JOIN mm.cohorts AS c ON c.cohort_id = s.cohort_id
            WHERE s.change <> 'unchanged' AND (s.started_at::date < c.starts_on OR s.started_at::date > c.ends_on)
            """).first!.decode(Int.self, "n")
        if outside > 0 {
            counts.warnings.append("\(outside) session\(outside == 1 ? "" : "s") fall outside their cohort's dates (accepted)")
        }
        return counts
    }

    static func merge(_ rows: StagedRows) throws {
        let bulk = BulkInsert(connection: rows.connection)
        let enrolments = try rows.connection.query("SELECT count(*)::int AS n FROM pg_temp.session_enrolment")
            .first?.decode(Int.self, "n") ?? 0
        try bulk.run(into: "cohort_members", rows: enrolments) {
            try rows.run("""
                INSERT INTO mm.cohort_members (cohort_id, employee_id, role, enrolled_on)
                SELECT cohort_id, person, role, enrolled_on FROM pg_temp.session_enrolment ORDER BY cohort_id, person
                ON CONFLICT (cohort_id, employee_id) DO NOTHING -- a `cohort enroll` meanwhile (it takes no import lock)
                """)
        }
        // The sessions' reference checks below are planned from the memberships' statistics;
        // planned for the few memberships there were before, they probe the new ones in a loop.
        if enrolments >= BulkInsert.minimumRows { try rows.run("ANALYZE mm.cohort_members") }
        try rows.run("""
            UPDATE mm.sessions AS s
            SET external_id = coalesce(c.external_id, s.external_id), mentor_id = c.mentor_id, mentee_id = c.mentee_id,
                started_at = c.started_at, duration_minutes = c.duration_minutes, format = c.format, topic = c.topic,
                cohort_id = c.cohort_id, status = c.status
            FROM pg_temp.session_change AS c WHERE c.change = 'updated' AND s.session_id = c.session_id
            """)
        let inserted = try rows.connection.query("SELECT count(*)::int AS n FROM pg_temp.session_change WHERE change = 'inserted'")
            .first?.decode(Int.self, "n") ?? 0
        try bulk.run(into: "sessions", rows: inserted) {
            try rows.run("""
                INSERT INTO mm.sessions (external_id, mentor_id, mentee_id, started_at, duration_minutes, format, topic,
                                         cohort_id, status)
                SELECT external_id, mentor_id, mentee_id, started_at, duration_minutes, format, topic, cohort_id, status
                FROM pg_temp.session_change WHERE change = 'inserted' ORDER BY line
                """)
        }
    }
}
