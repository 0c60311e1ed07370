import MMDomain
import PostgresClient

/// Mentoring sessions, matched by external id when given, else by
/// mentor, mentee and start time (so files without ids re-import idempotently too).
enum SessionsImport: ProgramImportHandler {
    static let formats = ["coffee_chat", "call", "video", "qa", "walk", "chat", "in_person", "other"]

    static let spec = ImportSpec(kind: "sessions", fields: [
        FieldSpec("external_id", .identifier(maxLength: 100), aliases: ["session_id", "id", "booking_id", "event_id"]),
        FieldSpec("mentor_employee_id", .identifier(maxLength: 64), aliases: ["mentor_id", "mentor"]),
        FieldSpec("mentor_email", .email),
        FieldSpec("mentee_employee_id", .identifier(maxLength: 64), aliases: ["mentee_id", "mentee"]),
        FieldSpec("mentee_email", .email),
        FieldSpec("started_at", .timestamp, required: true, aliases: ["start_time", "start", "starts_at", "scheduled_at"]),
        FieldSpec("ended_at", .timestamp, aliases: ["end_time", "end", "ends_at"]),
        FieldSpec("duration_minutes", .integer(1...480), aliases: ["duration", "minutes", "length_minutes"]),
        FieldSpec("format", .choice(formats), aliases: ["session_format", "type", "session_type", "kind"]),
        FieldSpec("topic", .text(maxLength: 200), aliases: ["subject", "question"]),
        FieldSpec("cohort", .identifier(maxLength: 200), aliases: ["cohort_id", "cohort_name", "cohort_external_id"]),
        FieldSpec("status", .choice(["scheduled", "completed", "cancelled", "no_show"]), aliases: ["state", "session_status"]),
    ], oneOfRequired: [["mentor_employee_id", "mentor_email"], ["mentee_employee_id", "mentee_email"],
                       ["duration_minutes", "ended_at"]],
    uniqueField: "external_id")

    static func check(_ staged: inout StagedFile, _ sql: ImportSQL) throws {
        staged.addProblems(field: "mentor_employee_id", try sql.resolvePeople(table: "stage_sessions", role: "mentor"))
        staged.addProblems(field: "mentee_employee_id", try sql.resolvePeople(table: "stage_sessions", role: "mentee"))
        staged.addProblems(field: "cohort", try sql.resolveCohorts(table: "stage_sessions", column: "cohort"))
        staged.addProblems(field: "mentee_employee_id", try sql.problems("""
            SELECT line, 'the mentor and the mentee are the same person (' || mentor_id || ')' AS message
            FROM pg_temp.stage_sessions WHERE mentor_id = mentee_id ORDER BY line
            """))
        staged.addProblems(field: "ended_at", try sql.problems("""
            SELECT line, 'lasts ' || round(extract(epoch FROM ended_at - started_at) / 60)::int
                   || ' minutes by its start and end; sessions last 1 to 480 minutes' AS message
            FROM pg_temp.stage_sessions
            WHERE duration_minutes IS NULL AND ended_at IS NOT NULL
              AND round(extract(epoch FROM ended_at - started_at) / 60) NOT BETWEEN 1 AND 480
            ORDER BY line
            """))
        try sql.run("""
            CREATE TEMP TABLE session_change ON COMMIT DROP AS
            WITH resolved AS (
                SELECT s.line, s.external_id, s.mentor_id, s.mentee_id, s.started_at,
                       coalesce(s.duration_minutes, round(extract(epoch FROM s.ended_at - s.started_at) / 60)::int)
                           AS duration_minutes,
                       coalesce(s.format, 'coffee_chat') AS format, s.topic, s.cohort_id,
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
        staged.addProblems(field: "started_at", try sql.problems("""
            SELECT c.line, 'the same mentor and mentee already meet at this time on line ' || min(o.line) AS message
            FROM pg_temp.session_change AS c
            JOIN pg_temp.session_change AS o
              ON o.mentor_id = c.mentor_id AND o.mentee_id = c.mentee_id AND o.started_at = c.started_at AND o.line < c.line
            GROUP BY c.line ORDER BY c.line
            """))
        staged.addProblems(field: "started_at", try sql.problems("""
            SELECT c.line, 'the same mentor and mentee already have session ' || coalesce(s.external_id, s.session_id::text)
                   || ' at this time' AS message
            FROM pg_temp.session_change AS c
            JOIN mm.sessions AS s ON s.mentor_id = c.mentor_id AND s.mentee_id = c.mentee_id AND s.started_at = c.started_at
            WHERE s.session_id IS DISTINCT FROM c.session_id
            ORDER BY c.line
            """))
    }

    static func merge(_ sql: ImportSQL) throws -> ProgramImportCounts {
        var counts = try sql.counts("session_change")
        // A session naming a cohort enrols both people who are not members yet.
        counts.enrolled = try sql.run("""
            INSERT INTO mm.cohort_members (cohort_id, employee_id, role, enrolled_on)
            SELECT DISTINCT ON (p.cohort_id, p.person) p.cohort_id, p.person, p.role, least(c.starts_on, p.first_day)
            FROM (SELECT cohort_id, mentor_id AS person, 'mentor' AS role, min(started_at)::date AS first_day
                  FROM pg_temp.session_change WHERE cohort_id IS NOT NULL AND change <> 'unchanged' GROUP BY 1, 2
                  UNION ALL
                  SELECT cohort_id, mentee_id, 'mentee', min(started_at)::date
                  FROM pg_temp.session_change WHERE cohort_id IS NOT NULL AND change <> 'unchanged' GROUP BY 1, 2) AS p
            JOIN mm.cohorts AS c ON c.cohort_id = p.cohort_id
            ORDER BY p.cohort_id, p.person, p.role DESC
            ON CONFLICT (cohort_id, employee_id) DO NOTHING
            """)
        let outside = try sql.connection.query("""
            SELECT count(*)::int AS n FROM pg_temp.session_change AS s JOIN mm.cohorts AS c ON c.cohort_id = s.cohort_id
            WHERE s.change <> 'unchanged' AND (s.started_at::date < c.starts_on OR s.started_at::date > c.ends_on)
            """).first!.decode(Int.self, "n")
        if outside > 0 {
            counts.warnings.append("\(outside) session\(outside == 1 ? "" : "s") fall outside their cohort's dates (accepted)")
        }
        try sql.run("""
            UPDATE mm.sessions AS s
            SET external_id = coalesce(c.external_id, s.external_id), mentor_id = c.mentor_id, mentee_id = c.mentee_id,
                started_at = c.started_at, duration_minutes = c.duration_minutes, format = c.format, topic = c.topic,
                cohort_id = c.cohort_id, status = c.status
            FROM pg_temp.session_change AS c WHERE c.change = 'updated' AND s.session_id = c.session_id
            """)
        try sql.run("""
            INSERT INTO mm.sessions (external_id, mentor_id, mentee_id, started_at, duration_minutes, format, topic,
                                     cohort_id, status)
            SELECT external_id, mentor_id, mentee_id, started_at, duration_minutes, format, topic, cohort_id, status
            FROM pg_temp.session_change WHERE change = 'inserted' ORDER BY line
            """)
        return counts
    }
}
