import PostgresClient

/// Cohort memberships, one per person and cohort.
enum EnrollmentsImportSQL: ProgramKindSQL {
    static let stagingTable = "stage_enrollments"
    static let keptColumns: KeptColumns? = KeptColumns(
        changeTable: "enrollment_change", storedTable: "cohort_members",
        key: [("cohort_id", "cohort_id"), ("employee_id", "person_id")],
        columnOfField: ["left_on": "left_on", "interests": "interests"],
        compared: ["role", "enrolled_on", "left_on", "interests"])

    static func check(_ rows: StagedRows) throws -> [StagedRowProblem] {
        var problems = try rows.resolveReferences(table: stagingTable, roles: ["person"], cohortColumn: "cohort")
        problems += try rows.problems("person_employee_id", """
            SELECT s.line, s.person_id || ' is enrolled in this cohort on line ' || min(o.line) || ' already' AS message
            FROM pg_temp.stage_enrollments AS s
            JOIN pg_temp.stage_enrollments AS o ON o.cohort_id = s.cohort_id AND o.person_id = s.person_id AND o.line < s.line
            GROUP BY s.line, s.person_id ORDER BY s.line
            """)
        try rows.run("""
            CREATE TEMP TABLE enrollment_change ON COMMIT DROP AS
            SELECT s.line, s.cohort_id, s.person_id, s.role, coalesce(s.enrolled_on, m.enrolled_on, c.starts_on) AS enrolled_on,
                   s.left_on, coalesce(s.interests, m.interests, '{}') AS interests,
                   CASE WHEN m.employee_id IS NULL THEN 'inserted'
                        WHEN (m.role, m.enrolled_on, m.left_on, m.interests)
                             IS DISTINCT FROM (s.role, coalesce(s.enrolled_on, m.enrolled_on), s.left_on,
                                               coalesce(s.interests, m.interests)) THEN 'updated'
                        ELSE 'unchanged' END AS change
            FROM pg_temp.stage_enrollments AS s
            JOIN mm.cohorts AS c ON c.cohort_id = s.cohort_id
            LEFT JOIN mm.cohort_members AS m ON m.cohort_id = s.cohort_id AND m.employee_id = s.person_id
            """)
        problems += try rows.problems("left_on", """
            SELECT line, 'leaves (' || left_on || ') before enrolling (' || enrolled_on || ')' AS message
            FROM pg_temp.enrollment_change WHERE left_on < enrolled_on ORDER BY line
            """)
        return problems
    }

    static func changes(_ rows: StagedRows) throws -> ImportCounts {
        try rows.counts("enrollment_change")
    }

    static func merge(_ rows: StagedRows) throws {
        try rows.run("""
            INSERT INTO mm.cohort_members AS m (cohort_id, employee_id, role, enrolled_on, left_on, interests)
            SELECT cohort_id, person_id, role, enrolled_on, left_on, interests FROM pg_temp.enrollment_change
            WHERE change <> 'unchanged'
            ON CONFLICT (cohort_id, employee_id) DO UPDATE
            SET role = excluded.role, enrolled_on = excluded.enrolled_on, left_on = excluded.left_on,
                interests = excluded.interests
            """)
    }
}
