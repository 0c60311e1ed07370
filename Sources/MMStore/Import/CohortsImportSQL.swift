import PostgresClient

/// Cohorts, matched by external id when given, else by name.
enum CohortsImportSQL: ProgramKindSQL {
    static let stagingTable = "stage_cohorts"
    static let keptColumns: KeptColumns? = KeptColumns(
        changeTable: "cohort_change", storedTable: "cohorts", key: [("cohort_id", "cohort_id")],
        columnOfField: ["cohort_type": "cohort_type", "department": "department", "description": "description"],
        compared: ["name", "starts_on", "ends_on", "cohort_type", "department", "description"])

    static func check(_ rows: StagedRows) throws -> [StagedRowProblem] {
        var problems = try rows.problems("ends_on", """
            SELECT line, 'the cohort ends (' || ends_on || ') before it starts (' || starts_on || ')' AS message
            FROM pg_temp.stage_cohorts WHERE ends_on < starts_on ORDER BY line
            """)
        problems += try rows.problems("name", """
            SELECT s.line, 'the name ' || s.name || ' already appears on line ' || first.line AS message
            FROM pg_temp.stage_cohorts AS s
            JOIN LATERAL (SELECT min(o.line) AS line FROM pg_temp.stage_cohorts AS o WHERE o.name = s.name) AS first
              ON first.line < s.line
            ORDER BY s.line
            """)
        try rows.run("""
            CREATE TEMP TABLE cohort_change ON COMMIT DROP AS
            SELECT s.*, coalesce(x.cohort_id, CASE WHEN s.external_id IS NULL THEN n.cohort_id END) AS cohort_id,
                   CASE WHEN coalesce(x.cohort_id, CASE WHEN s.external_id IS NULL THEN n.cohort_id END) IS NULL
                            THEN 'inserted'
                        WHEN (x2.name, x2.starts_on, x2.ends_on, x2.cohort_type, x2.department, x2.description)
                             IS DISTINCT FROM (s.name, s.starts_on, s.ends_on, s.cohort_type, s.department, s.description)
                            THEN 'updated'
                        ELSE 'unchanged' END AS change
            FROM pg_temp.stage_cohorts AS s
            LEFT JOIN mm.cohorts AS x ON x.external_id = s.external_id
            LEFT JOIN mm.cohorts AS n ON n.name = s.name
            LEFT JOIN mm.cohorts AS x2 ON x2.cohort_id = coalesce(x.cohort_id, CASE WHEN s.external_id IS NULL THEN n.cohort_id END)
            """)
        problems += try rows.problems("name", """
            SELECT c.line, 'the name ' || c.name || ' belongs to another cohort (' || coalesce(n.external_id, 'no id') || ')' AS message
            FROM pg_temp.cohort_change AS c JOIN mm.cohorts AS n ON n.name = c.name
            WHERE c.cohort_id IS DISTINCT FROM n.cohort_id ORDER BY c.line
            """)
        return problems
    }

    static func changes(_ rows: StagedRows) throws -> ImportCounts {
        try rows.counts("cohort_change")
    }

    static func merge(_ rows: StagedRows) throws {
        try rows.run("""
            UPDATE mm.cohorts AS c
            SET name = s.name, starts_on = s.starts_on, ends_on = s.ends_on, cohort_type = s.cohort_type,
                department = s.department, description = s.description
            FROM pg_temp.cohort_change AS s WHERE s.change = 'updated' AND c.cohort_id = s.cohort_id
            """)
        try rows.run("""
            INSERT INTO mm.cohorts (external_id, name, starts_on, ends_on, cohort_type, department, description)
            SELECT external_id, name, starts_on, ends_on, cohort_type, department, description
            FROM pg_temp.cohort_change WHERE change = 'inserted' ORDER BY line
            """)
    }
}
