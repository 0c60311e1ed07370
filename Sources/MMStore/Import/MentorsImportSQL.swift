import PostgresClient

/// Mentor profiles (topics, monthly capacity, active).
enum MentorsImportSQL: ProgramKindSQL {
    static let stagingTable = "stage_mentors"

    static func check(_ rows: StagedRows) throws -> [StagedRowProblem] {
        var problems = try rows.resolveReferences(table: stagingTable, roles: ["mentor"])
        problems += try rows.problems("mentor_employee_id", """
            SELECT s.line, s.mentor_id || ' already appears on line ' || min(o.line) AS message
            FROM pg_temp.stage_mentors AS s
            JOIN pg_temp.stage_mentors AS o ON o.mentor_id = s.mentor_id AND o.line < s.line
            GROUP BY s.line, s.mentor_id ORDER BY s.line
            """)
        try rows.run("""
            CREATE TEMP TABLE mentor_change ON COMMIT DROP AS
            SELECT s.line, s.mentor_id, coalesce(s.topics, m.topics, '{}') AS topics,
                   coalesce(s.monthly_capacity, m.monthly_capacity, 4) AS monthly_capacity,
                   coalesce(s.active, m.active, true) AS active,
                   CASE WHEN m.employee_id IS NULL THEN 'inserted'
                        WHEN (m.topics, m.monthly_capacity, m.active)
                             IS DISTINCT FROM (coalesce(s.topics, m.topics), coalesce(s.monthly_capacity, m.monthly_capacity),
                                               coalesce(s.active, m.active)) THEN 'updated'
                        ELSE 'unchanged' END AS change
            FROM pg_temp.stage_mentors AS s
            LEFT JOIN mm.mentors AS m ON m.employee_id = s.mentor_id
            WHERE s.mentor_id IS NOT NULL
            """)
        return problems
    }

    static func changes(_ rows: StagedRows) throws -> ImportCounts {
        try rows.counts("mentor_change")
    }

    static func merge(_ rows: StagedRows) throws {
        try rows.run("""
            INSERT INTO mm.mentors (employee_id, topics, monthly_capacity, active)
            SELECT mentor_id, topics, monthly_capacity, active FROM pg_temp.mentor_change WHERE change <> 'unchanged'
            ON CONFLICT (employee_id) DO UPDATE
            SET topics = excluded.topics, monthly_capacity = excluded.monthly_capacity, active = excluded.active,
                updated_at = now()
            """)
    }
}
