import MMDomain
import PostgresClient

/// Mentor profiles (topics, monthly capacity, active).
enum MentorsImport: ProgramImportHandler {
    static let spec = ImportSpec(kind: "mentors", fields: [
        FieldSpec("mentor_employee_id", .identifier(maxLength: 64), aliases: ["employee_id", "employee_number", "id", "mentor_id"]),
        FieldSpec("mentor_email", .email, aliases: ["email", "work_email"]),
        FieldSpec("topics", .list(maxItemLength: 100), aliases: ["topic", "skills", "expertise", "areas"]),
        FieldSpec("monthly_capacity", .integer(0...100), aliases: ["capacity", "sessions_per_month", "max_sessions_per_month"]),
        FieldSpec("active", .boolean, aliases: ["available", "is_active"]),
    ], oneOfRequired: [["mentor_employee_id", "mentor_email"]])

    static func check(_ staged: inout StagedFile, _ sql: ImportSQL) throws {
        staged.addProblems(field: "mentor_employee_id", try sql.resolvePeople(table: "stage_mentors", role: "mentor"))
        staged.addProblems(field: "mentor_employee_id", try sql.problems("""
            SELECT s.line, s.mentor_id || ' already appears on line ' || min(o.line) AS message
            FROM pg_temp.stage_mentors AS s
            JOIN pg_temp.stage_mentors AS o ON o.mentor_id = s.mentor_id AND o.line < s.line
            GROUP BY s.line, s.mentor_id ORDER BY s.line
            """))
        try sql.run("""
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
    }

    static func merge(_ sql: ImportSQL) throws -> ProgramImportCounts {
        let counts = try sql.counts("mentor_change")
        try sql.run("""
            INSERT INTO mm.mentors (employee_id, topics, monthly_capacity, active)
            SELECT mentor_id, topics, monthly_capacity, active FROM pg_temp.mentor_change WHERE change <> 'unchanged'
            ON CONFLICT (employee_id) DO UPDATE
            SET topics = excluded.topics, monthly_capacity = excluded.monthly_capacity, active = excluded.active,
                updated_at = now()
            """)
        return counts
    }
}
