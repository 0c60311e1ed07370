import PostgresClient

/// One outcome per completed session (survey answers).
enum OutcomesImportSQL: ProgramKindSQL {
    static let stagingTable = "stage_outcomes"
    static let keptColumns: KeptColumns? = KeptColumns(
        changeTable: "outcome_change", storedTable: "outcomes", key: [("session_id", "session_id")],
        columnOfField: ["mentee_rating": "mentee_rating", "mentor_rating": "mentor_rating", "goal_met": "goal_met",
                        "follow_up": "follow_up", "submitted_at": "submitted_at", "note": "note"],
        compared: ["external_id", "mentee_rating", "mentor_rating", "goal_met", "follow_up", "submitted_at", "note"])

    static func check(_ rows: StagedRows) throws -> [StagedRowProblem] {
        // A session is named by its external id; a plain number that is no external id may be
        // mmadmin's own session number.
        try rows.run("""
            CREATE TEMP TABLE outcome_change ON COMMIT DROP AS
            SELECT s.*, coalesce(by_external.session_id, by_number.session_id) AS session_id,
                   coalesce(by_external.status, by_number.status) AS session_status,
                   CASE WHEN o.session_id IS NULL THEN 'inserted'
                        WHEN (o.external_id, o.mentee_rating, o.mentor_rating, o.goal_met, o.follow_up, o.submitted_at, o.note)
                             IS DISTINCT FROM
                             (coalesce(s.external_id, o.external_id), s.mentee_rating, s.mentor_rating, s.goal_met,
                              coalesce(s.follow_up, false), s.submitted_at, s.note)
                            THEN 'updated'
                        ELSE 'unchanged' END AS change
            FROM pg_temp.stage_outcomes AS s
            LEFT JOIN mm.sessions AS by_external ON by_external.external_id = s.session
            LEFT JOIN mm.sessions AS by_number
                   ON by_external.session_id IS NULL
                  AND by_number.session_id = CASE WHEN s.session ~ '^[0-9]{1,18}$' THEN s.session::bigint END
            LEFT JOIN mm.outcomes AS o ON o.session_id = coalesce(by_external.session_id, by_number.session_id)
            """)
        var problems = try rows.problems("session", """
            SELECT line, CASE WHEN session_id IS NULL THEN 'no session has the id ' || session
                              ELSE 'the session ' || session || ' is ' || session_status
                                   || '; outcomes are recorded for completed sessions only' END AS message
            FROM pg_temp.outcome_change WHERE session_id IS NULL OR session_status <> 'completed' ORDER BY line
            """)
        problems += try rows.problems("external_id", """
            SELECT c.line, 'the outcome id ' || c.external_id || ' belongs to the outcome of another session' AS message
            FROM pg_temp.outcome_change AS c JOIN mm.outcomes AS o ON o.external_id = c.external_id
            WHERE o.session_id <> c.session_id ORDER BY c.line
            """)
        return problems
    }

    static func changes(_ rows: StagedRows) throws -> ImportCounts {
        try rows.counts("outcome_change")
    }

    static func merge(_ rows: StagedRows) throws {
        let inserted = try rows.connection.query("SELECT count(*)::int AS n FROM pg_temp.outcome_change WHERE change = 'inserted'")
            .first?.decode(Int.self, "n") ?? 0
        try BulkInsert(connection: rows.connection).run(into: "outcomes", rows: inserted) { try rows.run("""
            INSERT INTO mm.outcomes AS o (session_id, external_id, mentee_rating, mentor_rating, goal_met, follow_up,
                                          submitted_at, note)
            SELECT session_id, external_id, mentee_rating, mentor_rating, goal_met, coalesce(follow_up, false),
                   submitted_at, note
            FROM pg_temp.outcome_change WHERE change <> 'unchanged'
            ON CONFLICT (session_id) DO UPDATE
            SET external_id = coalesce(excluded.external_id, o.external_id), mentee_rating = excluded.mentee_rating,
                mentor_rating = excluded.mentor_rating, goal_met = excluded.goal_met, follow_up = excluded.follow_up,
                submitted_at = excluded.submitted_at, note = excluded.note
            """) }
    }
}
