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

    /// Resolves the people named by `<role>_employee_id` / `<role>_email` columns of a staging
    /// table into a new column `<role>_id`, and reports unknown people and id/e-mail pairs that
    /// disagree (as problems of `<role>_employee_id`).
    func resolvePeople(table: String, role: String) throws -> [StagedRowProblem] {
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
        return (unknown + disagreeing).sorted { $0.line < $1.line }
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
