import MMDomain
import PostgresClient

/// Cohort memberships, one per person and cohort.
enum EnrollmentsImport: ProgramImportHandler {
    static let spec = ImportSpec(kind: "enrollments", fields: [
        FieldSpec("cohort", .identifier(maxLength: 200), required: true,
                  aliases: ["cohort_id", "cohort_name", "cohort_external_id"]),
        FieldSpec("person_employee_id", .identifier(maxLength: 64), aliases: ["employee_id", "employee_number", "id"]),
        FieldSpec("person_email", .email, aliases: ["email", "work_email", "employee_email"]),
        FieldSpec("role", .choice(["mentor", "mentee"]), required: true, aliases: ["participant_role", "type"]),
        FieldSpec("enrolled_on", .date, aliases: ["enrolled", "joined_on", "start_date", "enrollment_date"]),
        FieldSpec("left_on", .date, aliases: ["withdrawn_on", "end_date", "left"]),
    ], oneOfRequired: [["person_employee_id", "person_email"]])

    static func check(_ staged: inout StagedFile, _ sql: ImportSQL) throws {
        staged.addProblems(field: "person_employee_id", try sql.resolvePeople(table: "stage_enrollments", role: "person"))
        staged.addProblems(field: "cohort", try sql.resolveCohorts(table: "stage_enrollments", column: "cohort"))
        staged.addProblems(field: "person_employee_id", try sql.problems("""
            SELECT s.line, s.person_id || ' is enrolled in this cohort on line ' || min(o.line) || ' already' AS message
            FROM pg_temp.stage_enrollments AS s
            JOIN pg_temp.stage_enrollments AS o ON o.cohort_id = s.cohort_id AND o.person_id = s.person_id AND o.line < s.line
            GROUP BY s.line, s.person_id ORDER BY s.line
            """))
        try sql.run("""
            CREATE TEMP TABLE enrollment_change ON COMMIT DROP AS
            SELECT s.line, s.cohort_id, s.person_id, s.role, coalesce(s.enrolled_on, m.enrolled_on, c.starts_on) AS enrolled_on,
                   s.left_on,
                   CASE WHEN m.employee_id IS NULL THEN 'inserted'
                        WHEN (m.role, m.enrolled_on, m.left_on)
                             IS DISTINCT FROM (s.role, coalesce(s.enrolled_on, m.enrolled_on), s.left_on) THEN 'updated'
                        ELSE 'unchanged' END AS change
            FROM pg_temp.stage_enrollments AS s
            JOIN mm.cohorts AS c ON c.cohort_id = s.cohort_id
            LEFT JOIN mm.cohort_members AS m ON m.cohort_id = s.cohort_id AND m.employee_id = s.person_id
            """)
        staged.addProblems(field: "left_on", try sql.problems("""
            SELECT line, 'leaves (' || left_on || ') before enrolling (' || enrolled_on || ')' AS message
            FROM pg_temp.enrollment_change WHERE left_on < enrolled_on ORDER BY line
            """))
    }

    static func merge(_ sql: ImportSQL) throws -> ProgramImportCounts {
        let counts = try sql.counts("enrollment_change")
        try sql.run("""
            INSERT INTO mm.cohort_members AS m (cohort_id, employee_id, role, enrolled_on, left_on)
            SELECT cohort_id, person_id, role, enrolled_on, left_on FROM pg_temp.enrollment_change
            WHERE change <> 'unchanged'
            ON CONFLICT (cohort_id, employee_id) DO UPDATE
            SET role = excluded.role, enrolled_on = excluded.enrolled_on, left_on = excluded.left_on
            """)
        return counts
    }
}
