import MMDomain
import Foundation
import PostgresClient

/// Shared SQL helpers for the program imports' checks and merges.
struct ImportSQL {
    let connection: PostgresConnection

    /// Runs a query returning `line` and `message` columns: one problem per row.
    func problems(_ query: SQLQuery) throws -> [(line: Int, message: String)] {
        try connection.query(query).rows.map { (try $0.decode(Int.self, "line"), try $0.decode(String.self, "message")) }
    }

    /// Runs a statement and returns how many rows it touched.
    @discardableResult
    func run(_ statement: SQLQuery) throws -> Int {
        try connection.execute(statement).affectedRows
    }

    /// Counts rows of a classification table by its `change` column (`inserted`, `updated`,
    /// `unchanged`).
    func counts(_ table: String) throws -> ProgramImportCounts {
        var counts = ProgramImportCounts()
        for row in try connection.query("SELECT change, count(*)::int AS n FROM pg_temp.\(identifier: table) GROUP BY change").rows {
            let n = try row.decode(Int.self, "n")
            switch try row.decode(String.self, "change") {
            case "inserted": counts.inserted = n
            case "updated": counts.updated = n
            default: counts.unchanged += n
            }
        }
        return counts
    }

    /// Resolves the people named by `<role>_employee_id` / `<role>_email` columns of a staging
    /// table into `<role>_id`, and reports unknown people and id/e-mail pairs that disagree.
    /// `table` gets a new column `<role>_id`.
    func resolvePeople(table: String, role: String) throws -> [(line: Int, message: String)] {
        let idColumn = "\(role)_employee_id", emailColumn = "\(role)_email", resolved = "\(role)_id"
        try run("ALTER TABLE pg_temp.\(identifier: table) ADD COLUMN \(identifier: resolved) text")
        try run("""
            UPDATE pg_temp.\(identifier: table) AS s SET \(identifier: resolved) = e.employee_id
            FROM mm.employees AS e WHERE e.employee_id = s.\(identifier: idColumn)
            """)
        try run("""
            UPDATE pg_temp.\(identifier: table) AS s SET \(identifier: resolved) = e.employee_id
            FROM mm.employees AS e
            WHERE s.\(identifier: idColumn) IS NULL AND s.\(identifier: emailColumn) IS NOT NULL
              AND lower(e.email) = lower(s.\(identifier: emailColumn))
            """)
        let unknown = try problems("""
            SELECT line,
                   CASE WHEN \(identifier: idColumn) IS NOT NULL THEN 'no employee has the id ' || \(identifier: idColumn)
                        ELSE 'no employee has the e-mail address ' || \(identifier: emailColumn) END AS message
            FROM pg_temp.\(identifier: table)
            WHERE \(identifier: resolved) IS NULL AND (\(identifier: idColumn) IS NOT NULL OR \(identifier: emailColumn) IS NOT NULL)
            """)
        // Rows giving both an id and an e-mail were resolved by the id; the e-mail must agree.
        let disagreeing = try problems("""
            SELECT s.line, 'the id ' || s.\(identifier: idColumn) || ' and the e-mail address ' || s.\(identifier: emailColumn)
                   || ' name different people' AS message
            FROM pg_temp.\(identifier: table) AS s
            JOIN mm.employees AS e ON e.employee_id = s.\(identifier: resolved)
            WHERE s.\(identifier: idColumn) IS NOT NULL AND s.\(identifier: emailColumn) IS NOT NULL
              AND lower(e.email) <> lower(s.\(identifier: emailColumn))
            """)
        return (unknown + disagreeing).sorted { $0.line < $1.line }
    }

    /// Resolves a cohort reference column (a cohort's external id or its name) into `cohort_id`
    /// and reports references to no cohort.
    func resolveCohorts(table: String, column: String) throws -> [(line: Int, message: String)] {
        try run("ALTER TABLE pg_temp.\(identifier: table) ADD COLUMN cohort_id bigint")
        // The distinct references are few; resolve them once, then join.
        try run("""
            UPDATE pg_temp.\(identifier: table) AS s SET cohort_id = r.cohort_id
            FROM (SELECT refs.ref, coalesce(x.cohort_id, n.cohort_id) AS cohort_id
                  FROM (SELECT DISTINCT \(identifier: column) AS ref FROM pg_temp.\(identifier: table)
                        WHERE \(identifier: column) IS NOT NULL) AS refs
                  LEFT JOIN mm.cohorts AS x ON x.external_id = refs.ref
                  LEFT JOIN mm.cohorts AS n ON n.name = refs.ref) AS r
            WHERE s.\(identifier: column) = r.ref
            """)
        return try problems("""
            SELECT line, 'no cohort has the id or name ' || \(identifier: column) AS message
            FROM pg_temp.\(identifier: table) WHERE \(identifier: column) IS NOT NULL AND cohort_id IS NULL ORDER BY line
            """)
    }

    func logImport(kind: String, file: InputFile, counts: ProgramImportCounts) throws -> Int {
        try connection.query("""
            INSERT INTO mm.import_log (kind, file_name, content_sha256, rows_read, inserted, updated, unchanged,
                                       enrolled, warnings, started_at, finished_at, os_user)
            VALUES (\(kind), \(file.name), \(file.sha256), \(counts.rowsRead), \(counts.inserted), \(counts.updated),
                    \(counts.unchanged), \(counts.enrolled), \(counts.warnings.count), now(), clock_timestamp(),
                    \(ProcessInfo.processInfo.environment["USER"]))
            RETURNING import_id
            """).first!.decode(Int.self, "import_id")
    }
}
