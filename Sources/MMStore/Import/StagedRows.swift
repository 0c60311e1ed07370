import PostgresClient

/// The statements the program imports' checks and merges share, over a staging table or a
/// table of changes derived from it.
struct StagedRows {
    let connection: PostgresConnection

    /// Runs a query returning `line` and `message` columns: one problem with `column` per row.
    func problems(_ column: String, _ query: SQLQuery) throws -> [StagedRowProblem] {
        try connection.query(query).rows.map {
            StagedRowProblem(line: try $0.decode(Int.self, "line"), column: column, message: try $0.decode(String.self, "message"))
        }
    }

    /// Runs a statement and returns how many rows it touched.
    @discardableResult
    func run(_ statement: SQLQuery) throws -> Int {
        try connection.execute(statement).affectedRows
    }

    /// Counts rows of a table of changes by its `change` column (`inserted`, `updated`,
    /// `unchanged`).
    func counts(_ table: String) throws -> ImportCounts {
        var counts = ImportCounts()
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

    /// Resolves, in one pass over the staging table `table`, the people each role names (its
    /// `<role>_employee_id` and `<role>_email` columns) into a column `<role>_id`, by the id
    /// when given, else by the e-mail address; and the cohort `cohortColumn` names into
    /// `cohort_id`. The staging table is replaced by a copy with these columns: one rewrite of
    /// its rows, where adding each column and filling it by UPDATE rewrote them once per column
    /// (7 of the 19 seconds a million sessions took to check). Returns the problems: unknown
    /// people, an id and an e-mail address naming different people, cohort references naming
    /// none or two.
    func resolveReferences(table: String, roles: [String], cohortColumn: String? = nil) throws -> [StagedRowProblem] {
        let cohorts = CohortReferences(connection: connection)
        let cohortTable = try cohortColumn.map { try cohorts.referenceTable(table: table, column: $0) }
        var columns: SQLQuery = "s.*"
        var joins: SQLQuery = ""
        for role in roles {
            let byID = "\(role)_by_id", byEmail = "\(role)_by_email"
            columns = columns + ", coalesce(\(identifier: byID).employee_id, \(identifier: byEmail).employee_id) AS \(identifier: "\(role)_id")"
            joins = joins + """

                LEFT JOIN mm.employees AS \(identifier: byID) ON \(identifier: byID).employee_id = s.\(identifier: "\(role)_employee_id")
                LEFT JOIN mm.employees AS \(identifier: byEmail)
                       ON s.\(identifier: "\(role)_employee_id") IS NULL
                      AND lower(\(identifier: byEmail).email) = lower(s.\(identifier: "\(role)_email"))
                """
        }
        if let cohortColumn, let cohortTable {
            columns = columns + ", cohort.cohort_id"
            joins = joins + "\nLEFT JOIN pg_temp.\(identifier: cohortTable) AS cohort ON cohort.ref = s.\(identifier: cohortColumn)"
        }
        let resolved = "\(table)_resolved"
        try run("""
            CREATE TEMP TABLE \(identifier: resolved) ON COMMIT DROP AS
            SELECT \(fragment: columns) FROM pg_temp.\(identifier: table) AS s \(fragment: joins)
            """)
        try run("DROP TABLE pg_temp.\(identifier: table)")
        try run("ALTER TABLE pg_temp.\(identifier: resolved) RENAME TO \(identifier: table)")
        var problems = try roles.flatMap { try unresolvedPeople(table: table, role: $0) }
        if let cohortColumn, let cohortTable {
            problems += try cohorts.problems(table: table, column: cohortColumn, references: cohortTable)
        }
        return problems.sorted { $0.line < $1.line }
    }

    /// Unknown people, and id/e-mail pairs that disagree, of one role (as problems of
    /// `<role>_employee_id`), once `resolveReferences` has filled `<role>_id`.
    private func unresolvedPeople(table: String, role: String) throws -> [StagedRowProblem] {
        let idColumn = "\(role)_employee_id", emailColumn = "\(role)_email", resolved = "\(role)_id"
        let unknown = try problems(idColumn, """
            SELECT line,
                   CASE WHEN \(identifier: idColumn) IS NOT NULL THEN 'no employee has the id ' || \(identifier: idColumn)
                        ELSE 'no employee has the e-mail address ' || \(identifier: emailColumn) END AS message
            FROM pg_temp.\(identifier: table)
            WHERE \(identifier: resolved) IS NULL AND (\(identifier: idColumn) IS NOT NULL OR \(identifier: emailColumn) IS NOT NULL)
            """)
        // Rows giving both an id and an e-mail were resolved by the id; the e-mail must agree.
        let disagreeing = try problems(idColumn, """
            SELECT s.line, 'the id ' || s.\(identifier: idColumn) || ' and the e-mail address ' || s.\(identifier: emailColumn)
                   || ' name different people' AS message
            FROM pg_temp.\(identifier: table) AS s
            JOIN mm.employees AS e ON e.employee_id = s.\(identifier: resolved)
            WHERE s.\(identifier: idColumn) IS NOT NULL AND s.\(identifier: emailColumn) IS NOT NULL
              AND lower(e.email) <> lower(s.\(identifier: emailColumn))
            """)
        return unknown + disagreeing
    }

    /// Copies the stored values of `columns` into the rows of a table of changes that match a
    /// stored row, then marks `unchanged` the updated rows that no longer differ.
    func keepStored(_ columns: [String], _ kept: KeptColumns) throws {
        func commaSeparated(_ parts: [SQLQuery]) -> SQLQuery { parts.dropFirst().reduce(parts[0]) { $0 + ", " + $1 } }
        let assignments = commaSeparated(columns.map { "\(identifier: $0) = x.\(identifier: $0)" })
        let sameRow = kept.key.dropFirst().reduce("x.\(identifier: kept.key[0].stored) = c.\(identifier: kept.key[0].changed)" as SQLQuery) {
            $0 + " AND x.\(identifier: $1.stored) = c.\(identifier: $1.changed)"
        }
        try run("""
            UPDATE pg_temp.\(identifier: kept.changeTable) AS c SET \(fragment: assignments)
            FROM mm.\(identifier: kept.storedTable) AS x WHERE \(fragment: sameRow)
            """)
        let stored = commaSeparated(kept.compared.map { "x.\(identifier: $0)" })
        let given = commaSeparated(kept.compared.map { "c.\(identifier: $0)" })
        try run("""
            UPDATE pg_temp.\(identifier: kept.changeTable) AS c SET change = 'unchanged'
            FROM mm.\(identifier: kept.storedTable) AS x
            WHERE \(fragment: sameRow) AND c.change = 'updated'
              AND (\(fragment: stored)) IS NOT DISTINCT FROM (\(fragment: given))
            """)
    }
}
